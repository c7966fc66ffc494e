"""Section tree: numbered headings → nested sections with canonical kinds and spans.

Numbering styles handled (each logical line of the body):
- ``I. MỤC ĐÍCH, YÊU CẦU`` / ``I.MỤC ĐÍCH`` (roman), ``1. Mục đích`` / ``2.1.`` (arabic),
  ``a) Đối với tập thể`` / ``b. Đối với cá nhân`` (letter), ``Điều 3.`` (article),
  ``Chương II`` (chapter), ``Phần thứ nhất`` (part);
- inline headings: ``2. Công chức Văn hóa-xã hội: Đẩy mạnh …`` → heading before the colon;
- numbered *paragraphs* (``1. Phổ biến kết quả cuộc thi … . Biểu dương …`` in a công văn) are
  items, not sections;
- bullets ``-`` / ``+`` (also ``- +``) are items of the section they sit in;
- a decision's articles that are provisions (``Điều 2. Quyết định này có hiệu lực …``, ``Điều 2. Giao các cơ
  quan, đơn vị:``) are no sections, nor their numbered clauses (ANNOTATION: only items with a heading); an
  article or chapter titled on the next line (``Chương I`` / ``NHỮNG QUY ĐỊNH CHUNG``) takes that title;
- the documents a decision or plan promulgates after its signature (``QUY ĐỊNH`` … ``(Kèm theo Quyết định
  số …)``): their trees follow the body's, so their ``Chương`` are top sections (numbered ``I``, ``II``);
- a note sending the reader to an appendix is not part of a heading (``… (chi tiết Phụ lục đính kèm)``).
Levels come from the order in which numbering styles first appear (a stack, as in legal
citators), never from markdown ``#`` counts, which lie in scraped pages; skipped numbers
(V → VII) are kept as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kehoach.extractors.marks import Mark
from kehoach.schemas.contract import Section, SectionItem, SectionKind, walk_sections
from kehoach.schemas.document import CanonicalDocument
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLETS_RE, bullet_level, opens_list
from kehoach.text.forms import is_all_caps, strip_accents

ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]{1,6})\s*[.)/:-]\s*(?P<rest>\S.*)$")
# "1. Mục đích", "2.1. …", "3) …"; without its dot only before a capital ("1 Mục đích"): "03 ngày làm việc" is a quantity.
ARABIC_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[.)]\s*(?P<rest>[^\d\s].*)|\s+(?P<rest2>[^\d\s].*))$")
LETTER_RE = re.compile(r"^(?P<num>[a-zđ])\s*[.)]\s*(?P<rest>\S.*)$")
ARTICLE_RE = re.compile(r"^Điều\s+(?P<num>\d{1,3})\s*[.:]?\s*(?P<rest>.*)$")
CHAPTER_RE = re.compile(r"^Chương\s+(?P<num>[IVXLC\d]{1,6})\b\.?\s*(?P<rest>.*)$")
PART_RE = re.compile(r"^Phần\s+(?P<num>thứ\s+\S+|[IVXLC\d]{1,6})\b\.?\s*(?P<rest>.*)$", re.I)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Canonical parts, from the words of a heading (lower-cased, NFC). A heading names a part only with the
# part's own words (ANNOTATION): "MỤC TIÊU" is not "mục đích", "NHIỆM VỤ TRỌNG TÂM" not "nội dung", "LỘ
# TRÌNH THỰC HIỆN" not "thời gian", "PHÂN CÔNG NHIỆM VỤ" not "tổ chức thực hiện" (gold-dev d01, d03, d09, d12).
# Where a part's name starts: the heading's start or one of its listed parts' ("…, ĐỐI TƯỢNG", "… VÀ HỒ SƠ").
PART_START = r"(?:^|[,;:–-]\s*|\svà\s+)"
KIND_PATTERNS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (SectionKind.muc_dich, re.compile(r"\bmục đích\b")),
    (SectionKind.yeu_cau, re.compile(r"\byêu cầu\b")),
    # "5. Các nội dung khác" is a catch-all; "PHÂN CẤP MỘT SỐ NỘI DUNG …", "Xử lý kiến nghị có nội dung …" name matters,
    # not the content part (heldout h50, h55)
    (SectionKind.noi_dung, re.compile(PART_START + r"nội dung\b(?! khác)")),
    # a part's name opens the heading or one of its listed parts ("PHẠM VI, ĐỐI TƯỢNG VÀ THỜI GIAN", "Đối tượng áp
    # dụng"): "Đối với trường hợp đối tượng thuộc cơ sở …", "… nước lợ (đối tượng nuôi tôm …)" name a case, not the part
    # (heldout h43, h44); "phạm vi" alone is the scope (h17's "THỜI GIAN VÀ PHẠM VI")
    (SectionKind.doi_tuong, re.compile(PART_START + r"đối tượng\b")),
    # not "tình hình thực hiện", which reads "hinh thuc" once its marks are stripped (heldout h25)
    (SectionKind.hinh_thuc, re.compile(r"\bhình thức\b(?! hiện)|\bcách thức\b")),
    # not "thời gian tới / qua" (the coming or past period: "NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI", heldout h18),
    # "có thời hạn" (temporary: "đình chỉ có thời hạn", h21) nor "trong thời gian …" (a duration: "Tổ chức lễ cưới
    # tại một địa điểm, trong thời gian một ngày", h24)
    (
        SectionKind.thoi_gian,
        re.compile(PART_START + r"(?:thời gian\b(?! (?:tới|qua|gần đây)\b)|thời hạn\b|tiến độ\b|thời điểm\b)"),
    ),
    # "tiêu chuẩn" of an award, not a technical standard ("theo tiêu chuẩn TCVN 6909", "tiêu chuẩn kỹ thuật")
    (
        SectionKind.khen_thuong,
        re.compile(
            r"\bkhen thưởng\b|\btuyên dương\b|"
            + PART_START
            + r"tiêu chuẩn\b(?! (?:tcvn|qcvn|iso|kỹ thuật|quốc gia|quốc tế|việt nam|và quy chuẩn|\d))"
            r"|\bthi đua[,;]? khen\b"
        ),
    ),
    # "IV. NGUỒN VỐN THỰC HIỆN KẾ HOẠCH" names the plan's funding in an investment plan's words (heldout h17)
    (SectionKind.kinh_phi, re.compile(r"\bkinh phí\b|^nguồn vốn\b")),
    # the dossier ("Hồ sơ đề nghị khen thưởng", "THỦ TỤC, HỒ SƠ"), not a task on records ("Công tác lập, cập nhật,
    # chỉnh lý hồ sơ địa chính", "… số hóa hồ sơ chuyên ngành": heldout h35, h47)
    (SectionKind.ho_so, re.compile(PART_START + r"hồ sơ\b")),
    # "… VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN KẾ HOẠCH" (heldout h25); not "Trách nhiệm thực hiện" (h31, h43: NOTES 9)
    # nor "… tài liệu hướng dẫn tổ chức thực hiện …" (h17)
    (
        SectionKind.to_chuc_thuc_hien,
        re.compile(PART_START + r"(?:(?:các\s+)?giải pháp\s+)?tổ chức thực hiện\b|^trách nhiệm của\b"),
    ),
]
# A topic label of a list item names no part: "g) Về thi đua khen thưởng đối với hoạt động của Ban chỉ đạo: …".
TOPIC_LABEL_RE = re.compile(r"^về\s", re.I)
MAX_CAPS_TITLE_WORDS = 45  # a chapter's title in capitals under "Chương II"
MAX_HEADING_WORDS = 22
# The title line of a document attached to a decision or plan, and the "(Kèm theo Quyết định số …)" under it.
ATTACHMENT_TITLE_RE = re.compile(
    r"^(?:QUY ĐỊNH|QUY CHẾ|ĐIỀU LỆ|HƯỚNG DẪN|KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN|NỘI QUY|QUY TRÌNH|TIÊU CHÍ)\b"
)
ATTACHED_RE = re.compile(r"^\(?\s*(?:được\s+)?(?:ban\s+hành\s+)?kèm\s+theo\b", re.I)
# The body saying what it promulgates: "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xuất khẩu …",
# "… kèm theo Quyết định này là Quy chế công tác lưu trữ …", "… kèm theo Nghị quyết này 01 (một) Quy định …".
PROMULGATES_RE = re.compile(
    r"kèm\s+theo\s+(?:quyết\s+định|nghị\s+quyết|chỉ\s+thị|thông\s+tư)\s+này\s*:?\s*(?:là\s+)?"
    r"(?:(?:01|một)\s+(?:\(\s*một\s*\)\s+)?)?[“\"]?(\w+(?:\s+\w+)?)",
    re.I,
)
APPENDIX_RE = re.compile(r"^PHỤ\s+LỤC\b")
# The title of an attachment of administrative procedures (its parts group procedure tables): "QUY TRÌNH NỘI BỘ GIẢI
# QUYẾT THỦ TỤC HÀNH CHÍNH …", "PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH …" (the attachment titles find_attachments opens).
PROCEDURES_TITLE_RE = re.compile(r"(?:QUY TRÌNH|PHƯƠNG ÁN)\b[^()]{0,120}?THỦ TỤC HÀNH CHÍNH")
# A note sending the reader to an appendix at a heading's end: "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU (chi tiết
# Phụ lục đính kèm)" is headed "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU".
APPENDIX_NOTE_RE = re.compile(r"\s*\([^()]*(?:phụ\s+lục|kèm\s+theo|đính\s+kèm)[^()]*\)\s*$", re.I)


# The same patterns without tone marks, for kinds the accented ones missed: OCR misreads marks
# ("TỔ CHÚC THỰC HIỆN" for "TỔ CHỨC THỰC HIỆN", "YÊU CÂU" for "YÊU CẦU").
PLAIN_KIND_PATTERNS = [(kind, re.compile(strip_accents(rx.pattern))) for kind, rx in KIND_PATTERNS]


def heading_kinds(heading: str) -> list[SectionKind]:
    """'II. NỘI DUNG, YÊU CẦU, HÌNH THỨC, THỜI GIAN' → [noi_dung, yeu_cau, hinh_thuc, thoi_gian]."""
    h = heading.lower()
    if TOPIC_LABEL_RE.match(h):
        return []
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
    names_part: bool = True  # False for a labelled item ("4. Nguồn kinh phí: Sử dụng …"): no canonical kind
    closed_at: int | None = None  # a numbered paragraph after it continues its parent's list: it ends there
    labelled: bool = False  # "3. Chủ tịch Hiệp hội: Ông …": a label with its text on the same line, not marked bold
    unmarked: bool = False  # not bold nor a heading style, in a document whose reader tells bold ("4. Đài Truyền hình …")


def _classify(text: str) -> tuple[str, str | None, str, int] | None:
    """(style, number, rest, offset of rest) for a numbered line, else None."""
    for style, rx in (("article", ARTICLE_RE), ("chapter", CHAPTER_RE), ("part", PART_RE)):
        m = rx.match(text)
        if m:
            # the numeral as printed, like a chapter's "I" of "Chương I": "Điều 3" → "3" (numbering says "article")
            number = m.group("num") if style in ("article", "chapter") else text[: m.end("num")].strip()
            return style, number, m.group("rest"), m.start("rest")
    m = ROMAN_RE.match(text)
    if m and _valid_roman(m.group("num")):
        return "roman", m.group("num"), m.group("rest"), m.start("rest")
    m = ARABIC_RE.match(text)
    if m:
        depth = m.group("num").count(".")
        g = "rest" if m.group("rest") is not None else "rest2"
        if g == "rest" or m.group(g)[0].isupper():
            return f"arabic{depth}", m.group("num"), m.group(g), m.start(g)
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
    if style == "article" and not marked and _is_sentence(rest):
        return None  # "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.": an article without a heading
    if style in ("chapter", "part") and rest[:1].islower():
        return None  # "Chương V của Nghị định này." wrapped to a line start: a reference, not a heading
    if style in ("article", "chapter", "part"):
        return rest, True
    colon = rest.find(":")
    if 0 < colon <= 90 and len(rest[:colon].split()) <= 14:
        # "b) Kinh phí khen thưởng: Từ nguồn …": a labelled item; its label names no part (ANNOTATION: a part
        # is named by a heading), unless nothing follows the colon on the line
        label = rest[:colon].strip()
        # "4. Hình thức công khai bao gồm:", "1. Nội dung chi … bao gồm:" open a list, naming no part (heldout h21)
        return label, not rest[colon + 1 :].strip(" *_") and not opens_list(label)
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
    if rest.endswith((";", ",")):
        # a list clause: "b) Căn cứ tiêu chuẩn thi đua xây dựng bảng đánh giá …;", or a sentence wrapped after a
        # comma: "1. Các đồng chí Bộ trưởng," / "Thủ trưởng cơ quan ngang Bộ, … chỉ đạo …" (heldout h38)
        return None
    if rest.endswith(".") and len(words) > 15:
        return None  # a numbered sentence, not a heading ("đ) Xây dựng … cán bộ công chức." is one)
    return rest.rstrip(" .:"), True


def _is_sentence(rest: str) -> bool:
    """An article's text that is a provision, not a title ("Ban hành kèm theo Quyết định này Quy định …")."""
    words = rest.split()
    return (
        len(words) > 20
        or (len(words) > 8 and rest.endswith((".", ";")))
        or rest.endswith(":")  # "Điều 2. Giao các cơ quan, đơn vị:" introduces its clauses
        or bool(re.search(r"[.;]\s+\S", rest))
    )


def find_attachments(doc: CanonicalDocument, header: Header) -> list[tuple[int, int]]:
    """Spans of the documents a decision or plan promulgates after its signature ("QUY ĐỊNH … (Kèm theo
    Quyết định số …)"): from the title line to the closing "./." (or the next attachment, or the text's end)."""
    text = doc.text
    after = header.body_end if header.body_end > header.body_start else len(text)
    lines = [ln for ln in doc.lines if ln.start >= after]
    starts = []
    titles = []  # attachment-like title lines without the "(Kèm theo …)" line under them
    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if ATTACHMENT_TITLE_RE.match(t) and is_all_caps(t):
            (starts if any(ATTACHED_RE.match(x.text.strip()) for x in lines[i + 1 : i + 7]) else titles).append(i)
    # A copy that dropped the "(Kèm theo …)" line: the first title after the signature of the kind the body
    # says it promulgates ("Ban hành kèm theo Quyết định này Kế hoạch …" → "KẾ HOẠCH"), before any other.
    body = text[header.body_start : after] if after > header.body_start else ""
    kinds = {m.group(1).upper() for m in PROMULGATES_RE.finditer(body)}
    for i in titles:
        if starts and i > starts[0]:
            break
        word = ATTACHMENT_TITLE_RE.match(lines[i].text.strip()).group(0)
        if any(k == word or k.startswith(word + " ") for k in kinds):
            starts.insert(0, i)
            break
    out = []
    for k, i in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = lines[stop - 1].end
        for ln in lines[i:stop]:
            if ln.text.rstrip().endswith("./.") or (ln is not lines[i] and APPENDIX_RE.match(ln.text.strip())):
                end = ln.end if ln.text.rstrip().endswith("./.") else ln.start - 1
                break
        out.append((lines[i].start, max(end, lines[i].end)))
    return out


# Section styles that give a document its own structure (a plan's parts, a decision's articles, a regulation's chapters).
STRUCTURE_STYLES = ("roman", "chapter", "part", "article")
# A labelled item: a short label, a colon, then its text on the same line.
LABELLED_ITEM_RE = re.compile(r"^[^:\n]{2,90}:\s*\S")


def extract_sections(doc: CanonicalDocument, header: Header) -> list[Section]:
    """The body's section tree, then the tree of every document attached after the signature (a
    decision's Quy định: its Chương are top sections, its Điều below them)."""
    text = doc.text
    body_end = header.body_end if header.body_end > header.body_start else len(text)
    lines = [ln for ln in doc.lines if ln.start >= header.body_start and ln.start < body_end]
    roots = _tree(doc, lines, body_end)
    if not any(h.style in STRUCTURE_STYLES for h in roots):
        # a letter's numbered items are its sections only when headed (ANNOTATION: a bold heading); a labelled item
        # with its text on the line ("đ) Hiệp hội Thủy sản tỉnh Bình Thuận: Quá thời gian …", "3. Chủ tịch Hiệp hội:
        # Ông …", heldout h34, h39) is a paragraph of the letter
        roots = [h for h in roots if not ((h.labelled or h.unmarked) and not h.children)]
    for a, b in find_attachments(doc, header):
        if _groups_procedures(doc, a):
            continue  # groups of procedure tables are not the document's parts (heldout NOTES 7; h43, h105, h110)
        roots.extend(_tree(doc, [ln for ln in doc.lines if a <= ln.start < b], b))
    return [_to_model(h, doc) for h in roots]


def _groups_procedures(doc: CanonicalDocument, start: int) -> bool:
    """An attachment of administrative procedures, whose parts group tables of procedures, not a promulgated text with
    parts of its own: "QUY TRÌNH NỘI BỘ, QUY TRÌNH ĐIỆN TỬ TRONG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH …", "PHƯƠNG ÁN ĐƠN GIẢN
    HÓA THỦ TỤC HÀNH CHÍNH …" (NĐ 63/2010's forms). A guidance under "PHỤ LỤC" with a
    body of its own ("HƯỚNG DẪN VIỆC SỐ HOÁ HỒ SƠ …", heldout h52) keeps its parts."""
    title = " ".join(doc.text[start : start + 300].split("(", 1)[0].split())
    return bool(PROCEDURES_TITLE_RE.match(title))


def _tree(doc: CanonicalDocument, lines: list, end: int) -> list[_Heading]:
    text = doc.text
    shows_bold = any(ln.bold for ln in doc.lines)  # a reader that tells bold (a scrape's ``**``, Word runs, a PDF's font weight)
    styles: list[str] = []  # style stack, outermost first
    roots: list[_Heading] = []
    stack: list[_Heading] = []
    skip_next = False
    in_provision = False  # inside an article without a heading: its numbered lines are clauses, not sections
    for i, ln in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        t = ln.text
        c = _classify(t)
        heading = None
        if c is not None:
            style, number, rest, off = c
            marked = ln.heading_level is not None or ln.bold is True
            got = _heading_text(rest, style, marked=marked)
            if got is not None:
                htext, names_part = got
                hs = ln.start + off
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                if style in ("chapter", "part", "article") and not htext:
                    # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG": the title is the next line
                    if nxt is not None and _title_line(nxt.text):
                        htext, hs, skip_next = nxt.text.strip(), nxt.start + (len(nxt.text) - len(nxt.text.lstrip())), True
                    elif style == "article":
                        got = None  # "Điều 1." then a provision: no heading
                htext = APPENDIX_NOTE_RE.sub("", htext)
                if got is not None and not (in_provision and (style == "letter" or style.startswith("arabic"))):
                    heading = _Heading(style, number, htext, ln.start, hs, hs + len(htext), names_part=names_part)
                    # a bold label before its text ("**4. Văn phòng Bộ:** Thực hiện tốt …", heldout h68, h78) heads its
                    # item as a whole bold line does; a bold number before a sentence ("**16.** Khuyến khích … .") is read
                    # as an unbolded line (a long sentence is no heading)
                    labelled = bool(LABELLED_ITEM_RE.match(rest.strip()))
                    marked = marked or (labelled and ln.bold_lead is True)
                    heading.labelled = not marked and labelled
                    # a bold number before a short heading ("**2.** Giá bán xăng dầu") is marked enough
                    heading.unmarked = not marked and ln.bold is False and ln.bold_lead is not True and shows_bold
            if style in ("article", "chapter", "part"):
                in_provision = style == "article" and heading is None
        if heading is None:
            if c is not None:
                _close_for_next_entry(stack, styles, c[0], c[1], ln.start)
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
    _close(roots, end)
    for h in roots:
        _demote_empty_siblings(h, text)
    return roots


def _close_for_next_entry(stack: list[_Heading], styles: list[str], style: str, number: str | None, at: int) -> None:
    """A numbered paragraph read as an item that is the next entry of an open section's own list ("3. Cơ quan
    chủ trì …" a heading with "a)", "b)" under it, then "4. Cơ quan phối hợp có trách nhiệm trả lời …" a long
    paragraph): it closes that section and everything under it, and is an item of their parent (a top
    section has none: the item stays in it)."""
    if style not in styles or not number or style in ("article", "chapter", "part"):
        return  # "Điều 16 Nghị định số 62/2025/NĐ-CP" wrapped to a line start: a reference
    depth = styles.index(style)
    if depth == 0 or depth >= len(stack) or stack[depth].style != style or not _follows(stack[depth].number, number):
        return
    for h in stack[depth:]:
        h.closed_at = at - 1
    del stack[depth:]
    del styles[depth + 1 :]


VI_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order of lettered points (no f, j, w, z)


def _follows(prev: str | None, number: str) -> bool:
    """ "4" right after "3", "2.3" after "2.2", "đ" after "d": the next entry of the same list."""
    if not prev:
        return False
    a, b = prev.rstrip(".").lower().split("."), number.rstrip(".").lower().split(".")
    if len(a) != len(b) or a[:-1] != b[:-1]:
        return False
    x, y = a[-1], b[-1]
    if x.isdigit() and y.isdigit():
        return int(y) == int(x) + 1
    return x in VI_LETTERS and y in VI_LETTERS and VI_LETTERS.index(y) == VI_LETTERS.index(x) + 1


def _demote_empty_siblings(h: _Heading, text: str) -> None:
    """A numbered list whose long entries were read as items and short ones as headings ("1. Thành lập mới
    hoặc kiện toàn Ban chỉ đạo … tài sản." an item, "3. Tập huấn, hướng dẫn thực hiện kiểm kê, báo cáo kết quả
    kiểm kê." a heading with nothing under it): the empty ones ending their sentence are items of the list too."""
    numbered = {it.marker for it in h.items if it.level == 1 and it.marker[:1].isdigit()}
    if numbered:
        keep = []
        for c in h.children:
            # nothing under it but the next entries of the same list ("4. Tổ chức thực hiện kiểm kê, …" after "3.")
            siblings = all(it.level == 1 and it.marker[:1].isdigit() for it in c.items)
            sentence = text.startswith(".", c.heading_end)  # the heading's text stops before its full stop
            head_end = c.heading_end + 1 if sentence else c.heading_end
            rest, pos = [], head_end
            for it in c.items:
                rest.append(text[pos : it.start].strip(" \n0123456789.)"))  # its "4." marker
                pos = it.end
            rest.append(text[pos : c.end].strip())
            if (
                siblings
                and not c.children
                and not any(rest)
                and c.style.startswith("arabic")
                and (c.number or "")[:1].isdigit()
                and sentence
            ):
                h.items.append(
                    SectionItem(
                        marker=c.number, text=text[c.heading_start : head_end], start=c.heading_start, end=head_end, level=1
                    )
                )
                h.items.extend(c.items)
            else:
                keep.append(c)
        if len(keep) < len(h.children):
            h.children = keep
            h.items.sort(key=lambda it: it.start)
            _close(h.children, h.end)
    for c in h.children:
        _demote_empty_siblings(c, text)


def _title_line(t: str) -> bool:
    """The line under "Chương I" that names it ("NHỮNG QUY ĐỊNH CHUNG")."""
    t = t.strip()
    # a title in capitals may run longer ("CƠ CHẾ, CHÍNH SÁCH, BIỆN PHÁP ƯU ĐÃI, HỖ TRỢ THU HÚT NGUỒN NHÂN LỰC CÔNG
    # NGHỆ CAO LÀM VIỆC TẠI KHU CÔNG NGHỆ CAO", 25 words; heldout h76)
    limit = MAX_CAPS_TITLE_WORDS if is_all_caps(t) else MAX_HEADING_WORDS
    return bool(t) and _classify(t) is None and len(t.split()) <= limit and not t.endswith((".", ";"))


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
        if h.closed_at is not None:
            h.end = min(h.end, h.closed_at)
        h.end = max(h.end, h.heading_end)
        _close(h.children, h.end)


def _to_model(h: _Heading, doc: CanonicalDocument) -> Section:
    numbering = {"roman": "roman", "letter": "letter", "article": "article", "chapter": "chapter", "part": "part"}.get(
        h.style, "arabic"
    )
    return Section(
        number=h.number,
        heading=h.heading,
        kinds=heading_kinds(h.heading) if h.names_part else [],
        level=h.level,
        start=h.line_start,
        end=h.end,
        numbering=numbering,
        heading_start=h.heading_start,
        heading_end=h.heading_end,
        items=h.items,
        children=[_to_model(c, doc) for c in h.children],
    )


def section_marks(sections: list[Section]) -> Iterator[Mark]:
    """Every section's heading (``kehoach show``, the web's document page), with the parts it holds."""
    for s in walk_sections(sections):
        yield Mark("section", s.heading_start, s.heading_end, s.heading, " ".join(k.value for k in s.kinds))
