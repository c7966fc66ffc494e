"""The visible signs of an official document (Nghị định 30/2020, Phụ lục I), line by line.

An official document opens with a header and closes with a signature block; a page that only
talks about documents (a Q&A article, news, an encyclopedia page, a blank template) may quote
pieces of both but rarely all of them together and filled in. Each sign is tested on one
normalized line (markup removed, see ``read.normalize``):

- **motto** (quốc hiệu): ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` in capitals, alone or after the
  agency name in the other column (``CHÍNH PHỦ CỘNG HÒA XÃ HỘI…``), and ``Độc lập - Tự do - Hạnh
  phúc`` (also glued: ``VIỆT NAMĐộc lập``); Party documents: ``ĐẢNG CỘNG SẢN VIỆT NAM`` alone. Not
  a sign inside prose or quotes: ``BÁO ĐIỆN TỬ CỦA CHÍNH PHỦ NƯỚC CỘNG HÒA…``, ``Dòng chữ "CỘNG
  HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Độc lập - Tự do - Hạnh phúc"``;
- **number line**: ``Số: 84/2025/QĐ-UBND``, ``Số 221-KL/TW`` (Party), ``Luật số: 60/2024/QH15``,
  ``Số:`` with the number on the next line; left blank in a draft: ``Số: /KH-UBND``; a template's
  placeholder: ``Số: ……/QĐ-…`` — never a website's ``Số hiệu:`` or ``Số công báo:``;
- **date line**: ``Bắc Ninh, ngày 28 tháng 11 năm 2025`` (the comma is sometimes missing: ``Hà Nội
  ngày 01 tháng 12 năm 2025``); a draft leaves the day blank (``Hớn Quản, ngày tháng năm 2024``), a
  template puts dots (``……, ngày … tháng … năm …``);
- **end of document**: ``Nơi nhận:``, authority lines ``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``,
  ``T/M BAN BÍ THƯ``, ``(Đã ký)``, ``- Lưu: VT``, the closing ``./.``, and ``Luật này được Quốc
  hội … thông qua ngày …``;
- **template**: ``(Ký, ghi rõ họ tên)``, ``TÊN CƠ QUAN``, ``Mẫu số 01``.

The type line itself (``QUYẾT ĐỊNH``, ``V/v …``) is :data:`kehoach.text.doc_types.TYPE_LINE_RE`'s
and :data:`VV_LINE_RE`'s.
"""

from __future__ import annotations

import re

from kehoach.text.numbers import NUMBER_LABEL_PATTERN

# The national motto in capitals, letters sometimes spaced out in scrapes ("C ỘNG"); "HÒA" after
# normalization ("HOÀ" folded). Its second line, in any dash style; the Party's motto line.
MOTTO_RE = re.compile(
    r"C\s?Ộ\s?N\s?G\s+H\s?Ò\s?A\s+X\s?Ã\s+H\s?Ộ\s?I\s+C\s?H\s?Ủ\s+N\s?G\s?H\s?Ĩ\s?A\s+V\s?I\s?Ệ\s?T\s+N\s?A\s?M"
    r"|Độc\s*lập\s*[-–]\s*Tự\s*do\s*[-–]\s*Hạnh\s*phúc"
    r"|^ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM\s*$"
)
# Both lines of the motto, run together: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc".
FULL_MOTTO_RE = re.compile(MOTTO_RE.pattern.split("|")[0] + r"\s{0,2}Độc\s*lập")
# The motto named by something else on its line: a newspaper "CỦA … NƯỚC CỘNG HÒA …", a quotation.
MOTTO_QUOTED_RE = re.compile(r"(?:NƯỚC|nước)\s*$|[\"“”'‘(]")
# "Số" opening a header line (also "Luật số", "Pháp lệnh số"), and what follows it. Not "Số hiệu",
# "Số công báo", "Số điện thoại", "Số lượng": a letter right after "Số" ends the match.
NUMBER_LINE_RE = re.compile(rf"^{NUMBER_LABEL_PATTERN}\s*(?::\s*|(?=\d))(?P<rest>.*)$")
# A printed number: digits, then "/" (year, ký hiệu) or the Party's "-": "84/2025/QĐ-UBND", "221-KL/TW".
PRINTED_NUMBER_RE = re.compile(r"^\d[\d.]*\s*(?:/\s*(?:\d{4}\s*/\s*)?|-\s*)[A-ZĐ]")
# A template's placeholder for a number, a name or a date: "……", ".....", "___".
PLACEHOLDER_RE = re.compile(r"[.…_]{2,}|…")
# "Bắc Ninh, ngày 28 tháng 11 năm 2025": a capitalized place (one to six words, the comma may be
# missing), then the day (OCR may read "17" as "l7"), month and year; "năm" may be glued ("tháng12").
FILLED_DATE_RE = re.compile(
    r"(?:^|[\s,])[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[^\W\d_]+){0,5}\s*,?\s*ngày\s*[\dlI]?\d\s*tháng\s*\d{1,2}\s*,?\s*năm\s*\d{4}"
)
# A date line with the day left blank: a draft ("ngày tháng năm 2024") or a template ("ngày … tháng").
BLANK_DATE_RE = re.compile(r"ngày\s*(?:[.…_\s]*)tháng\s*(?:[.…_\s]*)năm\b", re.I)
# The signature block and what surrounds it.
END_RE = re.compile(
    r"^(?:Nơi\s+nhận\s*:?|(?:TM|KT|TL|TUQ|Q|T/M|K/T)(?:\s*\.\s*|\s+)[A-ZĐÀ-Ỹ]{2,}|[-–]?\s*Lưu\s*:?\s*(?:VT|HC|Văn\s+thư)\b)"
    r"|\(\s*[Đđ]ã\s+ký\s*\)|\./\.\s*$"
    r"|^(?:Luật|Nghị\s+quyết|Pháp\s+lệnh|Bộ\s+luật)\s+này\s+(?:đã\s+)?được\s.{0,160}thông\s+qua\s+ngày"
)
# A template, not a document: a signature placeholder, a placeholder agency, a "Mẫu số" label.
TEMPLATE_RE = re.compile(
    r"\((?:Ký|ký|Chữ\s+ký)[^)]{0,40}(?:họ\s+tên|đóng\s+dấu)|TÊN\s+(?:CƠ\s+QUAN|CQ|TỔ\s+CHỨC)|^Mẫu\s+(?:số\s*)?\d{1,3}[a-zA-Z]?\b"
)
# A công văn's trích yếu line: "V/v hướng dẫn …", also "v/v" and "V/V".
VV_LINE_RE = re.compile(r"^[Vv]/[Vv]\b")


def is_motto_line(line: str) -> bool:
    """True for a header's motto line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh
    phúc", "CHÍNH PHỦ CỘNG HÒA XÃ HỘI…" in two columns); False when prose or a quotation names it."""
    m = MOTTO_RE.search(line)
    if m is None or len(line) >= 200:
        return False
    before = line[: m.start()]
    if MOTTO_QUOTED_RE.search(before):
        return False
    # Both lines of the motto together stand for a header even after another column's text
    # ("Số: 171/2025/NĐ-CP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - …" in PDF order).
    return not any(c.islower() for c in before) or FULL_MOTTO_RE.match(line, m.start()) is not None


def number_line(line: str, next_line: str | None = None) -> str | None:
    """What a "Số" line carries: ``"printed"`` (``Số: 84/2025/QĐ-UBND``, or ``Số:`` with the
    number on ``next_line``), ``"blank"`` (a draft: ``Số: /KH-UBND``), ``"placeholder"`` (a template:
    ``Số: ……/QĐ``), or None when the line is no number line."""
    m = NUMBER_LINE_RE.match(line)
    if m is None:
        return None
    rest = m.group("rest").strip()
    if PRINTED_NUMBER_RE.match(rest):
        return "printed"
    if PLACEHOLDER_RE.match(rest) or (rest.startswith("/") and PLACEHOLDER_RE.search(rest)):
        return "placeholder"
    if not rest and next_line is not None and PRINTED_NUMBER_RE.match(next_line.strip()):
        return "printed"
    if not rest or rest.startswith("/"):
        return "blank"
    return None


def date_line(line: str) -> str | None:
    """``"filled"`` for a place-and-date line with the day written, ``"blank"`` for one left blank
    (a draft, ``"Hớn Quản, ngày tháng năm 2024"``), ``"placeholder"`` for a template's dots, else None."""
    if len(line) > 160:
        return None  # a sentence that happens to hold a date, not the header's date line
    if FILLED_DATE_RE.search(line):
        return "filled"
    m = BLANK_DATE_RE.search(line)
    if m is None:
        return None
    return "placeholder" if PLACEHOLDER_RE.search(line[max(0, m.start() - 12) : m.end() + 8]) else "blank"


def is_end_line(line: str) -> bool:
    """True for a line of a signature block or the document's closing ("Nơi nhận:", "KT. CHỦ TỊCH")."""
    return END_RE.search(line) is not None


def is_template_line(line: str) -> bool:
    """True for a line that marks a blank template ("(Ký, ghi rõ họ tên)", "TÊN CƠ QUAN", "Mẫu số 02")."""
    return TEMPLATE_RE.search(line) is not None
