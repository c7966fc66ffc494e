"""Citations: the other documents a document cites by number.

Patterns handled (normalized text; examples are from the seeds and the corpus):
- type word + ``số`` + number + date + issuer: ``Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND
  huyện``, ``Kế hoạch số 205/KH-UBND ngày 05/3/2024 của UBND huyện Vĩnh Cửu``;
- công văn numbers with no type abbreviation: ``Công văn số 503/UBND-NV`` (doc_type cong_van);
- Party documents: ``Chỉ thị số 41-CT/TW``, ``Nghị quyết số 13-NQ/TU``, ``Quy định số 178-QĐ/TW``;
- numbers with a year: ``Nghị định 30/2020/NĐ-CP``, ``Nghị quyết số 197/2025/QH15``;
- spelled dates: ``Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017``;
- a name between the type word and the number: ``Luật Tổ chức chính quyền địa phương số 72/2025/QH``;
- a date before the number: ``Kế hoạch ngày 05/3/2024 số 205/KH-UBND``, ``Ngày 28 tháng 10 năm
  2025, Chủ tịch Ủy ban nhân dân Thành phố đã ban hành Công văn số 3280/UBND-VX``;
- the issuer before the type word: ``Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 9807/TTr-SNV``;
- a date shared by a list: ``Công điện số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025``;
- numbers wrapped at the hyphen: ``77/QĐ- UBND``, ``27/NQ-\\nTW``; typos ``Chỉ thị so 41-CT/TW``,
  ``quyết định số: 289-QĐ/TU``.
doc_type comes from the type abbreviation (Nghị định 30/2020, Phụ lục III: KH, QĐ, CT, NQ, BC, …),
else from the type word; a number with no type abbreviation (``503/UBND-NV``) is a công văn.
The issuer ("của …") is resolved against the document's own header: ``của UBND huyện`` in a
document of xã Minh Tâm whose parent is huyện Hớn Quản → ``UBND huyện Hớn Quản``.
The document's own number is not a citation. A document cited several times is one citation
(the first mention that carries a date), with ``mentions`` counting all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.extractors.marks import Mark, joined
from kehoach.schemas.contract import Citation, DocType, Level
from kehoach.schemas.header import Header
from kehoach.text.dates import When, read_when
from kehoach.text.doc_types import TYPE_WORD_RE, type_of_abbreviation, type_of_name
from kehoach.text.numbers import DOC_NUMBER_RE, NUMBER_LABEL_RE, central_issuer, find_doc_numbers, footnote_mark, number_key
from kehoach.text.units import BARE_UNIT_RE, find_units, level_of

# What may stand between the type word and the number: "số", the typo "so", "số:", nothing
# ("Nghị định 30/2020/NĐ-CP"), or a date first ("Kế hoạch ngày 05/3/2024 số 205/KH-UBND").
TAIL_SHORT_RE = re.compile(
    r"(?:\s+ngày\s+(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,?)?"
    r"(?:\s+s[ốo])?\s*:?\s*",
    re.I,
)
# A name between the type word and "số": "Luật Tổ chức chính quyền địa phương số", "Luật Thi đua, khen thưởng số".
TAIL_NAMED_RE = re.compile(r"\s+[^\s;.:()]+(?:\s+[^\s;.:()]+){0,7}\s+s[ốo]\s*:?\s*", re.I)
# "ngày …" after the number, possibly after a comma: "41/NQ-ĐU, ngày 25/12/2018".
DATE_AFTER_RE = re.compile(r"\s*,?\s*(?:ban hành\s+)?(?=ngày\s)", re.I)
# More numbers before the date they share: "Công điện số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025".
SHARED_DATE_RE = re.compile(rf"(?:\s*(?:,|và)\s+(?:số\s+)?(?:{DOC_NUMBER_RE.pattern}))+\s*,?\s*(?=ngày\s)", re.I)
# "của <issuer>" after the number or the date.
ISSUER_AFTER_RE = re.compile(r"\s*,?\s+(?:của|do)\s+", re.I)
# Where an issuer's name stops: a preposition or verb that starts the cited document's subject.
ISSUER_STOP_RE = re.compile(
    r"\s+(?:về|V/v|ban hành|quy định|hướng dẫn|phê duyệt|triển khai|thực hiện|tại|trên|đối với|nhằm|và|giao|năm|theo|với|để|đã|"
    r"kèm|số|ngày|kết luận|tiếp tục|công bố|sửa đổi|thông qua|trong|tăng cường|đẩy mạnh|nâng cao)(?!\w)|[,;.:()“”\"]|\s*\n",
    re.I,
)
# A day written before the document it dates (read by read_when): "16/6/2025", "28 tháng 10 năm 2025".
DAY_BEFORE = r"(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
# The date and issuer written before the type word ("Ngày 16/6/2025, Quốc hội đã thông qua Luật … số 72/2025/QH15",
# heldout h19): "Ngày 28 tháng 10 năm 2025, Chủ tịch Ủy ban
# nhân dân Thành phố đã ban hành Công văn số 3280/UBND-VX".
DATE_ISSUER_BEFORE_RE = re.compile(
    rf"(?<![^\W\d_])ngày\s+{DAY_BEFORE}\s*,\s*"
    r"(?P<issuer>[^,;.\n]{3,80}?)\s+(?:đã\s+)?(?:ban\s+hành|có|gửi|thông\s+qua|ký(?:\s+ban\s+hành)?)\s*$",
    re.I,
)
# The date alone written before the document it dates: "Ngày 22/10/2025, tại Thông báo số 569/TB-VPCP của Văn phòng
# Chính phủ, …" (a công điện's opening, heldout h111).
# Only "tại", the date opening its sentence: not an event's or a rule's date ("Kể từ ngày 01/6/2025, theo Công điện
# 72/CĐ-CT …", "Ngày 05/11/2025, theo Kế hoạch số 15/KH-UBND …, Đoàn kiểm tra đã kiểm tra": review).
DATE_AT_BEFORE_RE = re.compile(
    rf"(?:^|[.;:]\s+)\W*ngày\s+{DAY_BEFORE}\s*,\s*tại\s*$",
    re.I,
)
# A form's code is not a cited document: "theo mẫu số 01/XĐTMS/TXNK Phụ lục VI", "Mẫu số 01/BK-ĐCTT" (heldout h107).
FORM_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:biểu\s+)?mẫu(?:\s+số)?\s*:?\s*$", re.I)
# The issuer written before the type word: "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …".
ISSUER_BEFORE_RE = re.compile(r"(?<![^\W\d_])của\s+(?P<issuer>[^,;.\n]{3,60}?)\s+(?:tại|theo)\s*$", re.I)
# Words that start a central (trung_uong) issuer's name.
CENTRAL_NAME_RE = re.compile(
    r"^(?:Thủ tướng|Chính phủ|Bộ(?:\s|$)|Quốc hội|Ban Chấp hành Trung ương|Ban Bí thư|Văn phòng Chính phủ|Trung ương|"
    r"Ủy ban Thường vụ Quốc hội|Chủ tịch nước|Ban Tổ chức Trung ương|Thanh tra Chính phủ|Ngân hàng Nhà nước|Kiểm toán Nhà nước)",
    re.I,
)
# Bodies whose level their kind gives away ("Giám đốc Sở Nội vụ", "Ban Thường vụ Tỉnh ủy", "Phòng Nội vụ").
BODY_LEVEL_RE = [
    (re.compile(r"(?<![^\W\d_])(?:Tỉnh ủy|Thành ủy|Sở\s)"), Level.tinh),
    (re.compile(r"(?<![^\W\d_])(?:Huyện ủy|Phòng\s)"), Level.huyen),
    (re.compile(r"(?<![^\W\d_])Đảng ủy"), Level.xa),
]


def _resolve_place(level: Level, header: Header) -> str | None:
    """The place of a unit of this level, read from the document's own issuer or parent."""
    for unit in (header.issuer, header.parent):
        if unit is not None and unit.level == level and unit.place:
            return unit.place
    return None


def resolve_issuer(name: str, header: Header) -> tuple[str, Level | None, str | None]:
    """(name completed with its place, level, place) for an issuer as written after "của"."""
    if CENTRAL_NAME_RE.match(name):
        return name, Level.trung_uong, None
    units = find_units(name)
    if units:
        u = units[0]
        return name, u.level, u.place
    bare = list(BARE_UNIT_RE.finditer(name))
    if bare:
        # A unit word without a name is the document's own unit of that level: "của UBND huyện" in a
        # plan of a xã of huyện Hớn Quản. "thành phố" is the document's province when that is a
        # centrally-run city ("UBND Thành phố" in a plan of Hồ Chí Minh), else its district-level city.
        b = bare[-1]
        level = level_of(b.group(1), _resolve_place(Level.tinh, header), header.year)
        place = _resolve_place(level, header)
        if place and b.end() == len(name.rstrip()):
            return f"{name.rstrip()} {place}", level, place
        return name, level, place
    for rx, level in BODY_LEVEL_RE:
        if rx.search(name):
            return name, level, _resolve_place(level, header)
    return name, None, None


def _read_issuer(text: str, pos: int) -> tuple[str, int, int] | None:
    """'của UBND huyện Vĩnh Cửu về …' at pos → ('UBND huyện Vĩnh Cửu', start, end)."""
    m = ISSUER_AFTER_RE.match(text, pos)
    if not m:
        return None
    start = m.end()
    limit = min(len(text), start + 120)
    end = limit
    for stop in ISSUER_STOP_RE.finditer(text, start, limit):
        after = text[stop.end() : stop.end() + 1]
        if "\n" in stop.group(0) and after.islower():
            continue  # "của UBND\nhuyện" — a line wrapped inside the name
        end = stop.start()
        break
    name = text[start:end].rstrip()
    if not name or not name[0].isupper() or len(name.split()) > 14:
        return None
    return name, start, start + len(name)


def _find_type_before(text: str, num_start: int, line_start: int) -> tuple[str, int, int | None] | None:
    """(type word, its start, start of a date written before the number) for the nearest type word."""
    window_start = max(line_start, num_start - 140)
    words = list(TYPE_WORD_RE.finditer(text, window_start, num_start))
    for w in reversed(words):
        tail = text[w.end() : num_start]
        m = TAIL_SHORT_RE.fullmatch(tail)
        if m:
            return w.group(0).lower(), w.start(), (w.end() + m.start("date")) if m.group("date") else None
        if TAIL_NAMED_RE.fullmatch(tail) and not TYPE_WORD_RE.search(tail):
            return w.group(0).lower(), w.start(), None
    return None


def extract_citations(doc, header: Header) -> list[Citation]:
    """Every numbered document cited in doc.text, one per number."""
    text = doc.text
    own = number_key(header.number) if header.number else None
    own_span = (header.number_span.start, header.number_span.end) if header.number_span else (-1, -1)
    default_year = header.year
    found: dict[str, list[Citation]] = {}
    for m in find_doc_numbers(text):
        if own_span[0] <= m.start() < own_span[1]:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if NUMBER_LABEL_RE.match(text[line_start : m.start()]):
            continue  # "Số: 23/KH-UBND" — a header, not a citation
        if FORM_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            continue  # a form's code
        end = m.end()
        footnote = footnote_mark(m.group(0))
        if footnote:
            end -= len(footnote.group(0))  # "126/2024/NĐ-CP1 ,": a footnote mark, not part of the number
        number = re.sub(r"\s+", "", text[m.start() : end])
        key = number_key(number)
        if own is not None and key == own:
            continue
        tm = _find_type_before(text, m.start(), line_start)
        word_type = type_of_name(tm[0]) if tm else None
        abbr_type = type_of_abbreviation(re.split(r"[-/.]", re.sub(r"\s", "", m.group("sym")))[0])
        if tm and tm[0] == "quy định" and abbr_type == DocType.quyet_dinh:
            doc_type = DocType.other  # Party "Quy định số 178-QĐ/TW" shares QĐ with Quyết định
        elif abbr_type is not None:
            doc_type = abbr_type
        elif word_type is not None:
            doc_type = word_type
        else:
            doc_type = DocType.cong_van if m.group("year") is None else DocType.other
        if tm is None and abbr_type is None and doc_type == DocType.cong_van and "-" not in m.group("sym"):
            continue  # "06/TU" with no type word and no second group: too weak to be a number
        start = tm[1] if tm else m.start()
        date = None
        if tm and tm[2] is not None and (w := _day(text, tm[2])):
            date = w.start
        dm = DATE_AFTER_RE.match(text, end) or _shared_date(text, end)
        if dm and (w := _day(text, dm.end(), default_year)):
            date = date or w.start
            if dm.re is DATE_AFTER_RE:  # not "số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025": the list's date
                end = w.end_pos
        issuer = level = place = None
        got = _read_issuer(text, end)
        before = text[max(line_start, start - 160) : start]
        back = DATE_ISSUER_BEFORE_RE.search(before) or ISSUER_BEFORE_RE.search(before)
        if (
            date is None
            and (at := DATE_AT_BEFORE_RE.search(before))
            and (w := _day(text, start - len(before) + at.start("date")))
        ):
            date = w.start
        if got:
            issuer, level, place = resolve_issuer(got[0], header)
            end = got[2]
        elif back:
            issuer, level, place = resolve_issuer(back.group("issuer").strip(), header)
            if "date" in back.groupdict() and date is None and (w := _day(text, start - len(before) + back.start("date"))):
                date = w.start
                start = start - len(before) + back.start()
        else:
            central = central_issuer(m.group("sym"))
            if central:  # "-TTg", "-CP", "/TW", "/QH15", "-BTC": the number names a central issuer
                issuer, level = central[1], Level.trung_uong
            elif re.search(r"/TU$", number):
                issuer, level, place = "Tỉnh ủy", Level.tinh, _resolve_place(Level.tinh, header)
            elif re.search(r"/HU$", number):
                issuer, level, place = "Huyện ủy", Level.huyen, _resolve_place(Level.huyen, header)
        cit = Citation(
            text=text[start:end],
            doc_type=doc_type,
            number=number,
            date=date,
            issuer=issuer,
            issuer_level=level,
            issuer_place=place,
            start=start,
            end=end,
        )
        found.setdefault(key, []).append(cit)
    return [_merge(mentions) for mentions in found.values()]


def _day(text: str, pos: int, default_year: int | None = None) -> When | None:
    """The day written at ``pos`` with its year ("ngày 19/11/2025"), or None (a month, a year, a day without its year)."""
    w = read_when(text, pos, default_year)
    return w if w and w.grain == "day" and w.explicit_year else None


def _shared_date(text: str, end: int) -> re.Match[str] | None:
    """The date written once after a list of numbers of one type (up to "ngày")."""
    return SHARED_DATE_RE.match(text, end)


# The year a number carries ("163/2024/QH15", "12/2025/QĐ-UBND"): the year the document was issued.
NUMBER_YEAR_RE = re.compile(r"/((?:19|20)\d{2})/")


def _merge(mentions: list[Citation]) -> Citation:
    """One citation per number: the first dated mention, completed from the others. When the number
    carries its year ("163/2024/QH15"), the first mention dated in that year: a date in another
    year is a slip of the writer's ("Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025")."""
    year = NUMBER_YEAR_RE.search(mentions[0].number or "")
    dated = [c for c in mentions if c.date]
    agreeing = [c for c in dated if year is None or str(c.date).startswith(year.group(1))]
    best = (agreeing or dated or mentions)[0]
    update: dict = {"mentions": len(mentions)}
    for field in ("issuer", "issuer_level", "issuer_place", "date"):
        if getattr(best, field) is None:
            other = next((getattr(c, field) for c in mentions if getattr(c, field) is not None), None)
            if other is not None:
                update[field] = other
    return best.model_copy(update=update)


def citation_marks(citations: list[Citation]) -> Iterator[Mark]:
    """Every citation as written, with the number, date and issuer read from it."""
    for c in citations:
        yield Mark("citation", c.start, c.end, c.text, joined(c.number, c.date, c.issuer))
