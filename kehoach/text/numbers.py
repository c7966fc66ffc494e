"""Số và ký hiệu: how a document's number is written, in a header and when it is cited.

Nghị định 30/2020, Phụ lục I, mục 3: the number (Arabic digits, restarting every year) then ``/``
and the ký hiệu: the type abbreviation (``text.doc_types``) and the issuer's, joined by ``-``:
``205/KH-UBND``. Real numbers also carry the year (``30/2020/NĐ-CP``, ``197/2025/QH15``), put the
type after a hyphen in Party documents (``41-CT/TW``, ``13-NQ/TU``), join groups with a dot
(``16/CGC.BT``) or an ampersand (``15972/SXD-QLN&TTBĐS``), have no type abbreviation (``503/UBND-NV``: a công văn), and are wrapped at the
hyphen (``77/QĐ- UBND``, ``27/NQ-\\nTW``).

- :data:`DOC_NUMBER_RE`: a number in running text (citations, and every extractor that must
  know a date or a subject belongs to a cited document);
- :data:`NUMBER_LINE_RE`: the header's ``Số: 205/KH-UBND`` line, also blank (``Số: /KH - UBND``),
  Party style (``Số 221-KL/TW``); :data:`NUMBER_VALUE_RE`: the value alone (on the line after ``Số:``);
- :func:`number_key`: the comparable form (``77/QĐ- UBND`` = ``77/QD-UBND``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# One group of a ký hiệu: "QĐ", "UBND", "TTr", "QH15", "BLĐTBXH" — starts with a capital.
_GROUP = r"[A-ZĐ][A-Za-zĐđ0-9]*"
# A group in capitals only ("CSCL"): after a hyphen spaced on both sides it is still the ký hiệu ("2273/CTK - CSCL",
# heldout h118), where a word of the sentence ("UBND - Văn phòng") is not.
_CAPS_GROUP = r"[A-ZĐ][A-ZĐ0-9]+"
# A number in running text: "77/QĐ-UBND", "30/2020/NĐ-CP", "41-CT/TW", "503/UBND-NV", "197/2025/QH15",
# and the Government's sub-numbered resolutions ("66.4/2025/NQ-CP").
# A hyphen may be followed by a space or line break where the number was wrapped ("77/QĐ- UBND");
# a dot may join groups ("16/CGC.BT") but never ends the number (a full stop).
# Scrapes also put a space on one side of a hyphen ("9151- CV/BTCTW", "71/NQ -CP"), and agencies join
# departments with "&" ("15972/SXD-QLN&TTBĐS", "515/KH-BCA-BNN&MT", "15972/SXD-QLN& TTBĐS"); a hyphen with
# spaces on both sides is a dash in the sentence ("UBND - Văn phòng").
# A word of the sentence glued to the number by a scrape ("35/2025/QĐ-TTgcủa Thủ tướng", "175/2024/NĐ-CPngày", "21/2021/NĐ-CPvề":
# heldout h137, 24 trove pages): the number ends before it.
_GLUED_WORD = r"(?:của|ngày|về|và|quy\s+định|hướng\s+dẫn|ban\s+hành)(?![\w])"
DOC_NUMBER_RE = re.compile(
    rf"(?<![\w/.-])(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?)(?:/(?P<year>(?:19|20)\d{{2}}))?(?P<sep>\s?/|-\s?)"
    rf"(?P<sym>{_GROUP}(?:(?:-\s?|\s-(?=[A-ZĐ])|\s-\s(?={_CAPS_GROUP}(?![\w-]))|/|&\s?|\.(?=[A-ZĐ])){_GROUP}){{0,5}})"
    rf"(?:(?![\w])|(?={_GLUED_WORD}))"
)
# Digits glued to the last group are a footnote mark ("NĐ-CP1"), except a Quốc hội term ("QH15") and a
# one-letter group's own number ("01/BC-HHDN-K5": an association's fifth term, heldout h40).
FOOTNOTE_RE = re.compile(r"(?<=[A-Za-zĐđ])(?<!QH)(?<![-.&/][A-ZĐ])\d{1,2}$")
# A Quốc hội body's term glued to its long name ("1691/UBDNGS15": Ủy ban Dân nguyện và Giám sát, khóa XV; heldout h63).
TERM_GROUP_RE = re.compile(r"(?<![A-Za-zĐđ])[A-ZĐ]{5,}1[3-6]$")
YEAR_GROUP_RE = re.compile(r"/(?:19|20)\d{2}/")


def footnote_mark(number: str) -> re.Match[str] | None:
    """The footnote mark glued to a cited number ("126/2024/NĐ-CP1", "115/2020/NĐCP4"), or None (also for a term:
    "UBDNGS15"). Only a number with its year carries one: those are the legal documents a text footnotes; a letter's
    ký hiệu names a numbered division ("5581/BNl-QLDN1", "324/QTR-KTr2": heldout h135, h127; 24 such in the trove)."""
    m = FOOTNOTE_RE.search(number)
    return None if m is None or TERM_GROUP_RE.search(number) or not YEAR_GROUP_RE.search(number) else m


# A document number closing a stretch of text, maybe with a comma: "… Quyết định số 77/QĐ-UBND, ".
NUMBER_AT_END_RE = re.compile(rf"(?:{DOC_NUMBER_RE.pattern})\s*,?\s*$")
# The value of a header's number: the number (digits, may be blank) and the ký hiệu (capital groups
# joined by - or ., spaces allowed around them: "/KH - UBND"); a Party document puts a hyphen before
# its ký hiệu, which then holds a "/" ("221-KL/TW", "1147-QĐ/BTGDVTW").
NUMBER_VALUE_PATTERN = (
    r"(?P<num>\d[\d.]*)?\s*"
    r"(?:(?P<sep>/|-(?=\s*[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ][A-ZĐa-zđ0-9]*)*\s*/))\s*"
    r"(?P<sym>(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:\s*[-.]\s*[A-ZĐ][A-ZĐa-zđ0-9]*|\s*/\s*[A-ZĐ][A-ZĐa-zđ0-9]*)*))?"
)
# The label of a header's number line: "Số", "Số và ký hiệu", and a law's "Luật số", "Bộ luật số",
# "Pháp lệnh số" (text/official and the header read the line from it).
NUMBER_LABEL_PATTERN = r"(?:(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+số|Số)(?:\s+và\s+ký\s+hiệu)?"
# The header's "Số: 205/KH-UBND", also "Số và ký hiệu: …", "Số 221-KL/TW"; the value may sit alone
# on the next line (NUMBER_VALUE_RE): "Số:" / "84/2025/QĐ-UBND".
NUMBER_LINE_RE = re.compile(r"\bSố\s*(?:và\s+ký\s+hiệu)?\s*:?\s*" + NUMBER_VALUE_PATTERN)
NUMBER_VALUE_RE = re.compile(r"^\s*" + NUMBER_VALUE_PATTERN)
# What precedes a number on the header's own number line ("Số:", "**Số:**"): not a citation.
NUMBER_LABEL_RE = re.compile(r"^\W*số\s*:?\s*$", re.I)


# Central bodies a number's ký hiệu names (NĐ 30/2020 Phụ lục III: the issuing body's abbreviation
# after the type's): "-TTg", "-CP", "/QH15", "-UBTVQH15", "/TW", and the ministries and central
# agencies ("-BTC", "-BGDĐT", "-BNNMT", "-NHNN", "-KTNN"; the 2025 ones and those merged that year).
CENTRAL_ISSUERS: dict[str, str | None] = {
    "TTG": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Trung ương",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "BBT": "Ban Bí thư",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "KTNN": "Kiểm toán nhà nước",
    "TTCP": "Thanh tra Chính phủ",
    **{
        f"B{m}": None  # a ministry ("BCT" is Bộ Công Thương, not a Party body: those write "/TW")
        for m in ("TC NV YT QP CA NG TP CT XD GDĐT KHCN NNMT VHTTDL DTTG KHĐT TNMT NNPTNT GTVT LĐTBXH TTTT".split())
    },
}


def central_issuer(sym: str) -> tuple[str, str | None] | None:
    """(abbreviation, name or None) of the central body a ký hiệu names ("NQ-UBTVQH15" →
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"), "QĐ-BTC" → ("BTC", None)), or None."""
    groups = [g.upper() for g in re.split(r"[-/.]", re.sub(r"\s", "", sym))]
    for g in reversed(groups):  # a công văn's ký hiệu starts with its body ("TTg-KTTH", "BTC-CTK")
        base = re.sub(r"\d+$", "", g)
        if base in CENTRAL_ISSUERS:
            return base, CENTRAL_ISSUERS[base]
    return None


def find_doc_numbers(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Every document number in ``text[start:end]``. A number needs a ``/`` ("41-CT" alone is
    not one, "41-CT/TW" is)."""
    for m in DOC_NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        if "/" in m.group(0):
            yield m


def has_doc_number(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` holds a document number."""
    return next(find_doc_numbers(text, start, end), None) is not None


def ends_with_doc_number(text: str) -> bool:
    """True when ``text`` ends with a document number (then a date after it is that document's)."""
    m = NUMBER_AT_END_RE.search(text)
    return m is not None and "/" in m.group(0)


def number_key(number: str) -> str:
    """Comparable form of a number: NFC, no spaces, upper case, Đ → D, dashes → hyphen
    ("77/QĐ- UBND" → "77/QD-UBND")."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFC", number)).upper()
    return s.replace("Đ", "D").replace("–", "-").replace("—", "-")
