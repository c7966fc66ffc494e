"""Section tree: numbered headings → nested sections with canonical kinds and spans.

Numbering styles handled (each logical line of the body):
- ``I. MỤC ĐÍCH, YÊU CẦU`` / ``I.MỤC ĐÍCH`` (roman), ``1. Mục đích`` / ``2.1.`` (arabic),
  ``a) Đối với tập thể`` / ``b. Đối với cá nhân`` (letter), ``Điều 3.`` (article),
  ``Chương II`` (chapter), ``Phần thứ nhất`` (part);
- inline headings: ``2. Công chức Văn hóa-xã hội: Đẩy mạnh …`` → heading before the colon;
- numbered *paragraphs* (``1. Phổ biến kết quả cuộc thi … . Biểu dương …`` in a công văn) are
  items, not sections;
- bullets ``-`` / ``+`` (also ``- +``) are items of the section they sit in.
Levels come from the order in which numbering styles first appear (a stack, as in legal
citators), never from markdown ``#`` counts, which lie in scraped pages; skipped numbers
(V → VII) are kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.schemas.contract import Section, SectionItem, SectionKind
from kehoach.schemas.document import CanonicalDocument
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLETS_RE, bullet_level
from kehoach.text.forms import strip_accents

ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]{1,6})\s*[.)/:-]\s*(?P<rest>\S.*)$")
ARABIC_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]?\s*(?<=[.)\s])(?P<rest>[^\d\s].*)$")
LETTER_RE = re.compile(r"^(?P<num>[a-zđ])\s*[.)]\s*(?P<rest>\S.*)$")
ARTICLE_RE = re.compile(r"^Điều\s+(?P<num>\d{1,3})\s*[.:]?\s*(?P<rest>.*)$")
CHAPTER_RE = re.compile(r"^Chương\s+(?P<num>[IVXLC\d]{1,6})\b\.?\s*(?P<rest>.*)$")
PART_RE = re.compile(r"^Phần\s+(?P<num>thứ\s+\S+|[IVXLC\d]{1,6})\b\.?\s*(?P<rest>.*)$", re.I)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Canonical parts, from the words of a heading (lower-cased, NFC).
KIND_PATTERNS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (SectionKind.muc_dich, re.compile(r"\bmục (?:đích|tiêu)\b")),
    (SectionKind.yeu_cau, re.compile(r"\byêu cầu\b")),
    (SectionKind.noi_dung, re.compile(r"\bnội dung\b|^nhiệm vụ\b|\bnhiệm vụ(?:,| và) giải pháp\b|\bnhiệm vụ trọng tâm\b")),
    (SectionKind.doi_tuong, re.compile(r"\bđối tượng\b|\bphạm vi\b")),
    (SectionKind.hinh_thuc, re.compile(r"\bhình thức\b|\bcách thức\b")),
    (SectionKind.thoi_gian, re.compile(r"\bthời gian\b|\bthời hạn\b|\btiến độ\b|\blộ trình\b|\bthời điểm\b")),
    (SectionKind.khen_thuong, re.compile(r"\bkhen thưởng\b|\btuyên dương\b|\btiêu chuẩn\b|\bthi đua[,;]? khen\b")),
    (SectionKind.kinh_phi, re.compile(r"\bkinh phí\b")),
    (SectionKind.ho_so, re.compile(r"\bhồ sơ\b")),
    (
        SectionKind.to_chuc_thuc_hien,
        re.compile(r"\btổ chức thực hiện\b|\btrách nhiệm thực hiện\b|\bphân công\b|^trách nhiệm của\b"),
    ),
]
MAX_HEADING_WORDS = 22


# The same patterns without tone marks, for kinds the accented ones missed: OCR misreads marks
# ("TỔ CHÚC THỰC HIỆN" for "TỔ CHỨC THỰC HIỆN", "YÊU CÂU" for "YÊU CẦU").
PLAIN_KIND_PATTERNS = [(kind, re.compile(strip_accents(rx.pattern))) for kind, rx in KIND_PATTERNS]


def heading_kinds(heading: str) -> list[SectionKind]:
    """'II. NỘI DUNG, YÊU CẦU, HÌNH THỨC, THỜI GIAN' → [noi_dung, yeu_cau, hinh_thuc, thoi_gian]."""
    h = heading.lower()
    found = [(m.start(), kind) for kind, rx in KIND_PATTERNS if (m := rx.search(h))]
    have = {k for _, k in found}
    plain = strip_accents(heading)  # same length as h: offsets stay comparable
    found += [(m.start(), kind) for kind, rx in PLAIN_KIND_PATTERNS if kind not in have and (m := rx.search(plain))]
    return [k for _, k in sorted(found, key=lambda x: x[0])]


@dataclass
class _Heading:
    style: str
    number: str | None
    heading: str
    line_start: int
    heading_start: int
    heading_end: int
    level: int = 0
    end: int = 0
    items: list[SectionItem] = field(default_factory=list)
    children: list[_Heading] = field(default_factory=list)


def _classify(text: str) -> tuple[str, str | None, str, int] | None:
    """(style, number, rest, offset of rest) for a numbered line, else None."""
    for style, rx in (("article", ARTICLE_RE), ("chapter", CHAPTER_RE), ("part", PART_RE)):
        m = rx.match(text)
        if m:
            return (
                style,
                (text[: m.end("num")].strip() if style != "article" else f"Điều {m.group('num')}"),
                m.group("rest"),
                m.start("rest"),
            )
    m = ROMAN_RE.match(text)
    if m and _valid_roman(m.group("num")):
        return "roman", m.group("num"), m.group("rest"), m.start("rest")
    m = ARABIC_RE.match(text)
    if m:
        depth = m.group("num").count(".")
        return f"arabic{depth}", m.group("num"), m.group("rest"), m.start("rest")
    m = LETTER_RE.match(text)
    if m:
        return "letter", m.group("num"), m.group("rest"), m.start("rest")
    return None


def _valid_roman(s: str) -> bool:
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return 0 < total < 40


def _heading_text(rest: str, style: str, marked: bool = False) -> tuple[str, bool] | None:
    """The heading part of a numbered line, and whether the line is a heading at all.

    ``marked``: the source itself marks the line as a heading (markdown ``#``, whole line bold):
    then a longer line is still a heading ("c) Cải cách thủ tục hành chính (TTHC); thực hiện …")."""
    rest = rest.strip()
    if style in ("article", "chapter", "part"):
        return rest, True
    colon = rest.find(":")
    if 0 < colon <= 90 and len(rest[:colon].split()) <= 14:
        return rest[:colon].strip(), True
    if marked and len(rest.split()) <= 40:
        return rest.rstrip(" .:"), True
    words = rest.split()
    if len(words) > MAX_HEADING_WORDS:
        return None
    letters = [c for c in rest if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    if caps:
        return rest.rstrip(" .:"), True
    if re.search(r"\.\s+\S", rest) and len(words) > 9:
        return None  # several sentences: "1. Phổ biến kết quả cuộc thi … năm 2023. Biểu dương …"
    if rest.endswith(";"):
        return None  # a list clause: "b) Căn cứ tiêu chuẩn thi đua xây dựng bảng đánh giá …;"
    if rest.endswith(".") and len(words) > 15:
        return None  # a numbered sentence, not a heading ("đ) Xây dựng … cán bộ công chức." is one)
    return rest.rstrip(" .:"), True


def extract_sections(doc: CanonicalDocument, header: Header) -> list[Section]:
    text = doc.text
    lines = [ln for ln in doc.lines if ln.start >= header.body_start and ln.start < header.body_end]
    styles: list[str] = []  # style stack, outermost first
    roots: list[_Heading] = []
    stack: list[_Heading] = []
    for ln in lines:
        t = ln.text
        c = _classify(t)
        heading = None
        if c is not None:
            style, number, rest, off = c
            got = _heading_text(rest, style, marked=ln.heading_level is not None or ln.bold is True)
            if got is not None:
                htext, _ = got
                hs = ln.start + off
                heading = _Heading(style, number, htext, ln.start, hs, hs + len(htext))
        if heading is None:
            _add_item(stack, ln, text, c)
            continue
        if heading.style in styles:
            depth = styles.index(heading.style)
            del styles[depth + 1 :]
        else:
            # a new style nests under the current one
            while len(styles) > len(stack):
                styles.pop()
            styles.append(heading.style)
            depth = len(styles) - 1
        heading.level = depth + 1
        while len(stack) > depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        stack.append(heading)
    _close(roots, header.body_end if header.body_end > header.body_start else len(text))
    return [_to_model(h, doc) for h in roots]


def _add_item(stack: list[_Heading], ln, text: str, c) -> None:
    if not stack:
        return
    t = ln.text
    m = BULLETS_RE.match(t)
    if m and t[m.end() :].strip():
        marks = re.sub(r"\s", "", m.group(0))
        level = bullet_level(marks)
        start = ln.start + m.end()
        stack[-1].items.append(SectionItem(marker=marks[-1], text=text[start : ln.end], start=start, end=ln.end, level=level))
    elif c is not None:
        _, number, _rest, off = c
        start = ln.start + off
        stack[-1].items.append(SectionItem(marker=number or "", text=text[start : ln.end], start=start, end=ln.end, level=1))


def _close(nodes: list[_Heading], end: int) -> None:
    for i, h in enumerate(nodes):
        h.end = nodes[i + 1].line_start - 1 if i + 1 < len(nodes) else end
        h.end = max(h.end, h.heading_end)
        _close(h.children, h.end)


def _to_model(h: _Heading, doc: CanonicalDocument) -> Section:
    numbering = {"roman": "roman", "letter": "letter", "article": "article", "chapter": "chapter", "part": "part"}.get(
        h.style, "arabic"
    )
    return Section(
        number=h.number,
        heading=h.heading,
        kinds=heading_kinds(h.heading),
        level=h.level,
        start=h.line_start,
        end=h.end,
        numbering=numbering,
        heading_start=h.heading_start,
        heading_end=h.heading_end,
        items=h.items,
        children=[_to_model(c, doc) for c in h.children],
    )
