"""Normalization in one place: blocks → the one canonical text every extractor reads.

What it does, in order, with a map from every stretch of the result back to its block/page:

1. Inline cleaning of each physical line (``clean_inline``): NFC; one tone-mark style
   (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``: tone on the main vowel, as underthesea does);
   NBSP, zero-width and other spaces → one space; hyphen variants → ``-``, em dash → ``–``;
   markup removed (``**bold**``, ``*italic*``, ``#`` headings, ``|`` table cells, images,
   links, backslash escapes).
2. Re-flow (``should_join``): a line break inside a sentence becomes a space; a break before a
   heading, bullet, numbered item or header line stays. Decided from punctuation, case,
   numbering, bold, open ``**`` spans and the document's wrap width; a province's name cut by the wrap
   (``tỉnh Đồng`` + ``Nai …``) always joins.
3. Output: logical lines joined by ``\\n``, with :class:`Line` records (layout flags: ``bold`` when at least
   :data:`BOLD_SHARE` of a line's letters are bold, ``bold_lead`` when it opens in bold, as a bold label
   before plain text does) and
   :class:`SpanOrigin` records (offset → block, page).

``normalize_text(s)`` is idempotent: normalizing normalized text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kehoach.schemas.document import (
    Block,
    BlockKind,
    CanonicalDocument,
    Line,
    RawDocument,
    SpanOrigin,
)
from kehoach.text.bullets import BULLET_CLASS
from kehoach.text.doc_types import TYPE_NAME_PATTERN
from kehoach.text.forms import is_all_caps
from kehoach.text.place_names import province_name_splits

# Vowel + tone on the *second* vowel of oa/oe/uy at a syllable end ("hoà", "thuỷ") → tone on
# the first, the style of the official spelling in most documents ("hòa", "thủy"). Not after
# "q": in "quý" the "u" belongs to "qu" and the tone is rightly on "y".
_TONES = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_BASE_TONED = {"o": "òóỏõọ", "u": "ùúủũụ", "O": "ÒÓỎÕỌ", "U": "ÙÚỦŨỤ"}
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
_TONE_MAP: dict[str, str] = {}
for first, second in _PAIRS:
    for i, toned in enumerate(_TONES[second]):
        for f, s, t in ((first, toned, second), (first.upper(), toned, second), (first.upper(), toned.upper(), second.upper())):
            _TONE_MAP[f + s] = _BASE_TONED[f][i] + t
TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(sorted(_TONE_MAP, key=len, reverse=True)) + r")(?![^\W\d_])")

# Space variants: NBSP, narrow NBSP, figure/thin/hair spaces, ideographic space, BOM, tabs.
SPACES_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")
# Characters that carry nothing: zero-width space/joiners, soft hyphen, BOM, replacement markers.
INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\ufffe\ufffd]")
# Hyphen variants → ASCII hyphen; em/horizontal bars → en dash (the dash of "Văn phòng – Thống kê").
HYPHENS_RE = re.compile(r"[\u2010\u2011\u2012\u2212\ufe63\uff0d]")
DASHES_RE = re.compile(r"[\u2014\u2015]")
# Markdown that scrapes carry: images, links, bold/italic markers, heading hashes, escapes.
# The bracketed parts stop at the next opening bracket too: a line of 20,000 "[" (or "[a](") is then
# scanned once, not once from every bracket (quadratic; issue 14).
MD_IMAGE_RE = re.compile(r"!\[[^\][]*\]\((?:[^()]|\([^()]*\))*\)")
MD_LINK_RE = re.compile(r"\[([^\][]*)\]\((?:[^()]|\([^()]*\))*\)")  # a URL may hold one level of (…)
MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")  # also an empty heading "#" left by a scrape
MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
BOLD_MARK_RE = re.compile(r"\*\*|__")
ITALIC_MARK_RE = re.compile(r"(?<![*\w])\*(?!\s)|(?<!\s)\*(?![*\w])")
PIPE_EDGE_RE = re.compile(r"^\s*\|\s?|\s?\|\s*$")
HTML_BR_RE = re.compile(r"<br\s*/?>", re.I)
MULTISPACE_RE = re.compile(r" {2,}")

# A line that starts a new unit: numbering, bullets, articles, header and signature lines.
STRUCT_START_RE = re.compile(
    r"""^(?:
        [IVXLC]{1,6}\s*[.)/:-](?!\d)          # I.  II)  VII.
      | \d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)  # 1.  2.1.  3)
      | \d{1,2}(?:\.\d{1,2}){1,3}\s            # 2.1 heading without final dot
      | [a-zđ]\s*[.)]\s                       # a)  b.  đ)
      | ["""
    + BULLET_CLASS
    + r"""]                                   # bullets (text.bullets)
      | (?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+(?i:thứ\s+)?[\dIVXLC]+(?![^\W\d_])  # not "ĐIỀU CHỈNH …" (h82),
                                              # nor "… danh" + "mục 02 thủ tục …" in lower case (h116)
      | (?:Phần|PHẦN)\s+(?i:thứ)
      | Nơi\s+nhận | Kính\s+gửi | Số\s*: | V/v | Căn\s+cứ | Thực\s+hiện\s+(?-x:"""
    + TYPE_NAME_PATTERN
    + r""")
      | (?:TM|KT|TL|TUQ|Q)\s*\. | CỘNG\s+HÒA | Độc\s+lập | Trên\s+đây
      | ĐẾN\b | Ghi\s+chú
      | (?:Bộ\s+phận|Đơn\s+vị|Cơ\s+quan)\s+(?:thực\s+hiện|phối\s+hợp|tham\s+mưu|chủ\s+trì)[^:\n]{0,20}:
    )""",
    re.X,
)
# Numbering only (a subset of STRUCT_START_RE): what makes a short line a heading.
NUMBERING_RE = re.compile(
    r"^(?:[IVXLC]{1,6}\s*[.)/:-](?!\d)|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)|[a-zđ]\s*[.)]\s|(?:Điều|Chương|Mục|Phần)\s+(?:thứ\s+)?[\dIVXLC]+)"
)
# A line ending with a word that needs what follows: a conjunction or preposition, or an
# agency word before its name ("… và", "… của", "… trình Chủ tịch", "Tham mưu UBND").
DANGLING_END_RE = re.compile(
    r"(?<![^\W\d_])(?:và|của|với|cho|tại|về|trong|theo|để|đến|những|các|được|do|hoặc|từ|là|có|bằng|UBND|Ủy\s+ban|Chủ\s+tịch|Giám\s+đốc|Chánh\s+Văn\s+phòng|Sở|Bộ|Phòng|Ban|Hội\s+đồng)$"
)
# The number of an article whose word "Điều" ended the line before: "1. ", "12: ".
ARTICLE_NUMBER_START_RE = re.compile(r"\d{1,3}\s*[.:]\s")
# A body's kind cut before whom it belongs to: "Các Bộ, cơ quan ngang" + "Bộ, cơ quan thuộc Chính phủ nghiên cứu …" (heldout
# h120), "Thủ trưởng các cơ quan, đơn vị thuộc" + "UBND tỉnh; …" (trove). Not before a blank line or a change of bold
# ("Kính gửi: Các đơn vị trực thuộc" + blank, a bold heading "… cấp xã trực thuộc": review).
BODY_KIND_CUT_RE = re.compile(r"(?<![^\W\d_])(?:cơ\s+quan|đơn\s+vị)\s+(?:ngang|thuộc)$")
# A numbered line whose text is one capitalized word: never a whole heading.
SHORT_NUMBERED_RE = re.compile(r"^(?:Điều\s+\d+|\d{1,2}|[IVX]{1,4}|[a-zđ])\s*[.)]\s*[^\W\d_]+$")
# The rest of a place-and-date line whose place name was wrapped.
SPLIT_DATE_LINE_RE = re.compile(r"^[^\W\d_][^,\n]{0,25},\s*ngày\b")
# A page number alone on a line; a separator line of underscores/dashes in any format.
PAGE_NUMBER_RE = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
RULE_LINE_RE = re.compile(r"^\s*(?:[-_=*–—]\s*){3,}$")
TERMINAL_RE = re.compile(r"(?:[.;:!?]|\./\.|\.”|\.\"|;”)\s*$")
# A markdown hard break: two trailing spaces or a backslash. Checked with str.endswith (HARD_BREAK_ENDS):
# the regex "(?: {2,}|\\)$" searched a line of 20,000 spaces in 5 s (quadratic; issue 14).
HARD_BREAK_ENDS = ("  ", "\\")
# The longest line of the canonical text. Extractors read a date's or a name's line around it: on a
# one-line file of 20 MB, every such read crossed the whole file (quadratic; issue 14). The longest
# canonical line of the 13,972 trove pages is 52,493 characters; a longer line is cut after a
# sentence end (``split_long_line``) and re-flow never joins lines past it.
MAX_LINE_CHARS = 100_000


def fold_tones(s: str) -> str:
    return TONE_RE.sub(lambda m: _TONE_MAP[m.group(1)], s)


# One translate table for the character-level fixes (faster than a regex per class).
_CHAR_MAP = {ord(c): " " for c in "\u00a0\u1680\u202f\u205f\u3000\t\v" + "".join(chr(c) for c in range(0x2000, 0x200B))}
_CHAR_MAP.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\ufffd"})
_CHAR_MAP.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2212\ufe63\uff0d"})
_CHAR_MAP.update({ord(c): "–" for c in "\u2014\u2015"})
_TONE_TRIGGERS = frozenset("".join(_TONES.values()) + "".join(_TONES.values()).upper())


def normalize_text(s: str) -> str:
    """NFC, one tone style, one space style, one hyphen style. Idempotent; keeps line breaks."""
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    s = s.translate(_CHAR_MAP)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not _TONE_TRIGGERS.isdisjoint(s):
        s = fold_tones(s)
    if _CYRILLIC_RE.search(s):
        s = MIXED_SCRIPT_TOKEN_RE.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), s)
    return s


# A Cyrillic letter that looks like a Latin one, inside a word of Latin letters or digits, is a copy-and-paste artefact:
# "58/2024/NĐ-CР", "16495/BТС-PTHT" (heldout h137; 15 trove pages). Folded letter for letter (offsets do not move); a
# word all in Cyrillic stays as it is.
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_HOMOGLYPHS = str.maketrans("АВСЕНІЈКМОРЅТХаеіјорсѕух", "ABCEHIJKMOPSTXaeijopcsyx")
MIXED_SCRIPT_TOKEN_RE = re.compile("(?=\\S*[A-Za-z0-9Đđ])(?=\\S*[\u0400-\u04ff])\\S+")


def clean_inline(s: str, markdown: bool) -> str:
    """One physical line → clean text (no markup, single spaces, trimmed)."""
    s = normalize_text(s)
    if markdown:
        if "<" in s:
            s = HTML_BR_RE.sub(" ", s)
        if "[" in s:
            s = MD_IMAGE_RE.sub("", s)
            s = MD_LINK_RE.sub(r"\1", s)
        if "#" in s:
            s = MD_HEADING_RE.sub("", s)
        if "*" in s or "_" in s:
            s = BOLD_MARK_RE.sub("", s)
            s = ITALIC_MARK_RE.sub("", s)
        if "\\" in s:
            s = MD_ESCAPE_RE.sub(r"\1", s)
        if "|" in s:
            s = PIPE_EDGE_RE.sub("", s)
            s = s.replace(" | ", " ")
    if "  " in s:
        s = MULTISPACE_RE.sub(" ", s)
    return s.strip()


def caps_or_struct(s: str) -> bool:
    return is_all_caps(s) or bool(STRUCT_START_RE.match(s))


@dataclass(slots=True)
class _Phys:
    """A physical line after inline cleaning (slots: one per line of the file)."""

    text: str
    block: Block
    bold_share: float | None  # the share of its letters in bold (None: the format does not tell)
    bold_lead: bool | None  # the line opens in bold (a bold label before plain text)
    open_bold: bool  # a `**` span is still open at the end of this line
    hard_break: bool  # markdown hard break (two trailing spaces / backslash)
    boundary_before: bool  # a rule or a table-cell change separates it from the previous line
    blank_before: bool

    @property
    def bold(self) -> bool | None:
        """Most of the line is bold (:data:`BOLD_SHARE` of its letters); None when the format does not tell."""
        return None if self.bold_share is None else self.bold_share >= BOLD_SHARE


@dataclass(slots=True)
class _Logical:
    parts: list[_Phys] = field(default_factory=list)


def _physical_lines(raw: RawDocument, blocks: slice) -> list[_Phys]:
    markdown = raw.format.value in ("txt", "md")
    out: list[_Phys] = []
    bold_open = False
    boundary = False
    blank = False
    prev_cell = None
    for block in raw.blocks[blocks]:
        if block.kind in (BlockKind.rule,):
            boundary = True
            continue
        if block.table != prev_cell and (block.table or prev_cell):
            boundary = True
        prev_cell = block.table
        if block.kind is BlockKind.blank or not block.text.strip():
            blank = True
            bold_open = False  # a `**` span never crosses a blank line: an unbalanced mark stops here
            if block.text.strip() == "|" or (markdown and block.text.strip().startswith("|")):
                boundary = True
            continue
        if _is_page_number(raw, block):
            continue
        for piece in block.text.split("\n"):
            raw_piece = piece
            if RULE_LINE_RE.match(piece):
                boundary = True
                continue
            marks = len(BOLD_MARK_RE.findall(raw_piece)) if markdown else 0
            starts_bold = bold_open
            if marks % 2:
                bold_open = not bold_open
            text = clean_inline(raw_piece, markdown)
            if markdown and raw_piece.strip().startswith("|"):
                boundary = True
            if not text:
                blank = True
                continue
            stripped = raw_piece.strip().lstrip("#").strip()
            md_lead = starts_bold or stripped.startswith("**") or stripped.startswith("__")
            # the share of the line in bold (_Phys.bold: most of it): "**16.** Khuyến khích Đoàn Thanh niên …" is a bold number before plain text
            # (heldout h72) and "**Điều 2.** Quyết định này có hiệu lực …" a bold label; "**1. Thủ tục cấp giấy chứng nhận …
            # xuất bản ***(Mã TTHC: …)*" a bold heading with an italic note
            if block.bold is not None:
                share = 1.0 if block.bold else 0.0
            else:
                share = _bold_share(raw_piece, starts_bold) if markdown else None
            bold_lead = block.bold if block.bold is not None else (md_lead if markdown else None)
            for k, cut in enumerate(split_long_line(text)):
                out.append(
                    _Phys(
                        text=cut,
                        block=block,
                        bold_share=share,
                        bold_lead=bold_lead,
                        open_bold=bold_open,
                        hard_break=markdown and raw_piece.endswith(HARD_BREAK_ENDS),
                        boundary_before=boundary or k > 0,
                        blank_before=blank,
                    )
                )
            boundary = False
            blank = False
    return out


BOLD_SHARE = 0.75  # a line is bold when this share of its letters is


def _logical_bold(parts: list[_Phys]) -> bool | None:
    """Is a logical line bold: :data:`BOLD_SHARE` of its letters, over all its physical lines (None: not told)."""
    shares = [p.bold_share for p in parts]
    if any(x is None for x in shares):
        return None
    weight = sum(len(p.text) for p in parts) or 1
    return sum((x or 0.0) * len(p.text) for x, p in zip(shares, parts, strict=True)) / weight >= BOLD_SHARE


def _bold_share(raw: str, starts_bold: bool) -> float:
    """The share of a markdown line's letters inside ``**`` spans (``starts_bold``: a span opened on an earlier line)."""
    bold = total = 0
    state = starts_bold
    for k, seg in enumerate(BOLD_MARK_RE.split(raw)):
        if k:
            state = not state
        n = sum(c.isalnum() for c in seg)
        total += n
        bold += n if state else 0
    return bold / total if total else float(state)


def split_long_line(text: str) -> list[str]:
    """``text`` cut into lines of at most MAX_LINE_CHARS, after the last sentence end (". ", then "; ",
    then a space) before each limit; a line within the limit is returned whole."""
    if len(text) <= MAX_LINE_CHARS:
        return [text]
    out, pos = [], 0
    while len(text) - pos > MAX_LINE_CHARS:
        limit = pos + MAX_LINE_CHARS
        cut = max(text.rfind(". ", pos, limit), text.rfind("; ", pos, limit))
        cut = cut + 1 if cut > pos else text.rfind(" ", pos, limit)
        if cut <= pos:
            cut = limit  # no space in MAX_LINE_CHARS characters: a hard cut
        out.append(text[pos:cut])
        pos = cut + (text[cut : cut + 1] == " ")
    out.append(text[pos:])
    return [t for t in out if t]


def clean_lines(raw: RawDocument, blocks: slice = slice(None)) -> list[tuple[int, str]]:
    """(block index, cleaned text) of every physical line of ``raw``'s ``blocks``, before re-flow:
    a page's structure line by line (a web page's footer starts on a line of its own)."""
    return [(p.block.index, p.text) for p in _physical_lines(raw, blocks)]


def _is_page_number(raw: RawDocument, block: Block) -> bool:
    """A bare number as the first or last line of a PDF page ("13"): page furniture, not text."""
    if block.page is None or not PAGE_NUMBER_RE.match(block.text):
        return False
    blocks = raw.blocks
    i = block.index
    before = next((b for b in reversed(blocks[:i]) if b.text.strip()), None)
    after = next((b for b in blocks[i + 1 :] if b.text.strip()), None)
    return before is None or after is None or before.page != block.page or after.page != block.page


def wrap_width(lines: list[_Phys]) -> float:
    """Typical width of hard-wrapped lines (0 when the document is not hard-wrapped)."""
    lengths = [len(p.text) for p in lines if len(p.text) > 20]
    if len(lengths) < 8:
        return 0.0
    lengths.sort()
    width = lengths[int(len(lengths) * 0.9)]
    return float(width) if width < 140 else 0.0


def _heading_like(text: str, width: float) -> bool:
    """A numbered or all-caps line short enough to be a heading ("2. Đối tượng tham gia")."""
    if is_all_caps(text):
        return True
    if NUMBERING_RE.match(text):
        return width <= 0 or len(text) < 0.9 * width
    return False


def _head(parts: list[_Phys], chars: int = 200) -> str:
    """The start of a logical line (its first parts joined, at least ``chars`` characters when it has them)."""
    out, n = [], 0
    for p in parts:
        out.append(p.text)
        n += len(p.text) + 1
        if n >= chars:
            break
    return " ".join(out)


def should_join(parts: list[_Phys], nxt: _Phys, width: float, blank_breaks: bool = False) -> bool:
    """Is the break after ``parts`` (the logical line so far) inside a sentence, or a real break?

    ``blank_breaks``: a blank line before a capitalized line is a paragraph break (OCR output, where
    Tesseract's blank lines also fall inside sentences, before a lowercase word). Not so in text
    exported from PDFs, where a blank line sits between every wrapped line (seed 000)."""
    prev = parts[-1]
    if nxt.boundary_before:
        return False
    if BlockKind.heading in (prev.block.kind, nxt.block.kind):
        return False  # a markdown "## Văn bản liên quan" is a line of its own
    a, b = prev.text, nxt.text
    starts_struct = bool(STRUCT_START_RE.match(b))
    if b[0] in "-–—" and len(b) > 2 and b[1:].lstrip()[:1].islower() and not TERMINAL_RE.search(a):
        starts_struct = False  # "… CC. Văn hóa" + "– xã hội và Đài …": a dash inside a name, not a bullet
    first = b[0]
    if b.strip() == "Điều" and re.search(r"[.:;]\W*$", a):
        return False  # "… Thủ đô**”.*" + "**Điều" + "1. Phạm vi …**": the article starts, whatever bold the scrape left open
    if prev.open_bold and not prev.hard_break and not starts_struct:
        return True
    if len(parts) == 1 and a.strip() == "Điều" and ARTICLE_NUMBER_START_RE.match(b):
        return True  # "**Điều" + "1. **Công bố kèm theo …": a scrape broke the article's label (heldout h88, h116, h24)
    if starts_struct:
        return False
    if len(parts) == 1 and NUMBERING_RE.match(a) and a.endswith(",") and not nxt.blank_before:
        return True  # no heading ends with a comma: "Điều 3. Cục trưởng Cục Hải quan," + "Chánh Văn phòng Bộ …" (heldout h129)
    if first.islower() and not a.endswith("./."):
        return True  # "… trong thực thi công vụ;" + "nâng cao vai trò …" is one sentence
    if not nxt.blank_before and not prev.hard_break and _cuts_place_name(a, b):
        return True  # "… Cộng sản Hồ Chí Minh tỉnh Đồng" + "Nai chỉ đạo …" (heldout h72), "… Thành phố Hồ Chí" + "Minh về …"
    if blank_breaks and nxt.blank_before:
        return False  # OCR: a blank line before a capitalized line is a paragraph break
    if BODY_KIND_CUT_RE.search(a) and not nxt.blank_before and prev.bold == nxt.bold:
        return True
    if DANGLING_END_RE.search(a) and not (is_all_caps(b) and not is_all_caps(a)):
        # not before a line in capitals: "Về việc … cơ quan ngang Bộ" + "ỦY BAN THƯỜNG VỤ QUỐC HỘI" (heldout h144)
        return True  # "1. Đề nghị Ban Tuyên giáo và" + "Dân vận Tỉnh ủy"; "trình Chủ tịch" + "UBND huyện"
    if len(parts) == 1 and SHORT_NUMBERED_RE.match(a):
        return True  # "Điều 2. Sở" + "Y tế, …": a scrape broke after the first word
    if prev.hard_break:
        return False
    if a.endswith((";", ",")) and width > 0 and len(a) >= 0.85 * width:
        return True  # a wrapped list: "… các đơn vị sự nghiệp thuộc huyện;" + "UBND các xã, thị trấn."
    if TERMINAL_RE.search(a):
        return False
    caps_a, caps_b = is_all_caps(a), is_all_caps(b)
    if caps_a and caps_b and NUMBERING_RE.match(_head(parts)) and len(b.split()) <= 4:
        return True  # "III. HÌNH THỨC, … HỒ SƠ KHEN" + "THƯỞNG", whatever the bold of the last word
    if prev.bold is not None and nxt.bold is not None and prev.bold != nxt.bold:
        return False
    if first in "(“\"'" and not is_all_caps(a):
        return True
    if first.isdigit():
        return True
    if SPLIT_DATE_LINE_RE.match(b) and not caps_or_struct(a):
        return True  # "Thành phố Hồ Chí" + "Minh, ngày 28 tháng 11 năm 2025"
    if caps_a and caps_b:
        # "III. HÌNH THỨC, … KHEN" + "THƯỞNG"; "ĐỢT THI ĐUA … THỨ" + "XIV CỦA ĐẢNG"
        return bool(NUMBERING_RE.match(a)) or a.endswith((",", "-", "–")) or (width > 0 and len(a) >= 0.75 * width)
    if caps_a != caps_b or width <= 0:
        return False
    so_far = _head(parts) if len(parts) > 1 else a  # its start is enough: re-joining a logical line of
    # thousands of parts at every join was quadratic (a 10 MB text of 5 million lines; issue 14)
    if so_far.startswith("(") and a.endswith(")"):
        return False  # a parenthesised note "(Đính kèm Công văn số …)" is a unit of its own
    if _heading_like(so_far, width) and len(parts) == 1 and len(a) < 0.85 * width:
        return False  # "1. Đề nghị UBMTTQVN xã, các ban ngành và đoàn thể xã" + "Phối hợp …"
    if len(parts) > 1 and not _heading_like(parts[0].text, width):
        return True  # an open paragraph goes on: "(… do phòng" + "Nội vụ thông báo)."
    # A first line is often short because of the paragraph indent in scraped pages.
    return len(a) >= (0.85 if _heading_like(a, width) else 0.3) * width


# A province's name cut by a line break, after the word that says it is one: "tỉnh Đồng", "Thành phố Hồ Chí".
PLACE_HEAD_RE = re.compile(r"(?:^|\s)(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)\s+((?:[A-ZĐ][^\W\d_]*)(?:\s+[A-ZĐ][^\W\d_]*){0,2})$")


def _cuts_place_name(a: str, b: str) -> bool:
    """Does line ``a`` end inside a province's name that line ``b`` completes ("tỉnh Đồng" + "Nai …")?"""
    m = PLACE_HEAD_RE.search(a.rstrip())
    if not m:
        return False
    # all the words after "tỉnh": "tỉnh Quảng Nam" is a whole name (its "Nam" opens no "Nam Định" here)
    for rest in province_name_splits().get(m.group(1), ()):
        if b.startswith(rest) and not b[len(rest) : len(rest) + 1].isalpha():
            return True
    return False


def normalize_document(raw: RawDocument, blocks: slice = slice(None)) -> CanonicalDocument:
    """The canonical document of ``raw`` (of its ``blocks`` only: a web page's document without the
    page around it; ``Line.block`` and ``origins`` keep the blocks' indexes in ``raw``)."""
    phys = _physical_lines(raw, blocks)
    width = wrap_width(phys)
    logical: list[_Logical] = []
    length = 0  # of the last logical line
    for p in phys:
        if (
            logical
            and length + 1 + len(p.text) <= MAX_LINE_CHARS
            and should_join(logical[-1].parts, p, width, blank_breaks=raw.ocr)
        ):
            logical[-1].parts.append(p)
            length += 1 + len(p.text)
        else:
            logical.append(_Logical([p]))
            length = len(p.text)

    chunks: list[str] = []
    lines: list[Line] = []
    origins: list[SpanOrigin] = []
    pos = 0
    for li, lg in enumerate(logical):
        if li:
            chunks.append("\n")
            pos += 1
        start = pos
        for pi, part in enumerate(lg.parts):
            if pi:
                chunks.append(" ")
                pos += 1
            chunks.append(part.text)
            origins.append(SpanOrigin(pos, pos + len(part.text), part.block.index, part.block.page))
            pos += len(part.text)
        text = "".join(chunks[-(2 * len(lg.parts) - 1) :])
        first = lg.parts[0].block
        lines.append(
            Line.of(
                start=start,
                end=pos,
                text=text,
                block=first.index,
                bold=_logical_bold(lg.parts),
                centered=first.centered,
                heading_level=first.heading_level,
                in_table=first.table is not None,
                bold_lead=lg.parts[0].bold_lead,
            )
        )
    text = "".join(chunks)
    # Built from values made here, not validated again: validation walked every line and origin.
    return CanonicalDocument.model_construct(source=raw, text=text, lines=tuple(lines), origins=tuple(origins))
