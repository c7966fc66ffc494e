"""Find the official document inside a file, and decide whether there is one at all.

A scraped web page carries the website's own text around the document: banners, a catalogue
table the site's editors wrote (``Số hiệu: 471/QĐ-UBND`` / ``Loại văn bản: Quyết định`` / ``Nơi
ban hành:`` / ``Người ký:`` / ``Ngày ban hành:`` …), sometimes a news summary ("Ngày 26/11/2025,
Chính phủ ban hành Nghị quyết … Xem thêm chi tiết tại …"), and after the document a footer: the
page's title again (``Công văn 5348/CT-CS năm 2025 hướng dẫn …``), ``Văn bản liên quan``, ``File
đính kèm``, the site's address. None of it is the document (contract ANNOTATION.md): it must never
feed the header or any extractor. And many pages are no document at all, only *about* documents:
Q&A articles ("Toàn văn Quyết định 1867/QĐ-TTg …?"), news, encyclopedia pages, blank templates.

:func:`find_document` works on the normalized lines of the whole file and returns where the
official document starts and ends (line indexes), or that there is none:

- **header**: the document opens with its ND30 header: a cluster, within a few lines, of at least
  three of {motto, number line, date line, type line (or ``V/v``)} with the number or the type
  among them, not a template (placeholders ``……``, ``(Ký, ghi rõ họ tên)``, ``Mẫu số``), and the
  document goes on to a signature block (``Nơi nhận:``, ``KT. CHỦ TỊCH``, ``(Đã ký)``, ``./.``).
  It starts at the agency lines above the cluster (``BỘ TÀI CHÍNH`` / ``CỤC THUẾ``);
- **headless**: the header was lost in the copy, the text starts at the type heading
  (``NGHỊ QUYẾT`` / trích yếu / ``Căn cứ …``) or at ``Kính gửi:``, near the top, and it goes on to a
  body opener and a signature block;
- a page whose first line is a question ("…?") holds a document only when the document starts
  right away (a Q&A article quotes headers further down);
- **end**: the first line of the website's footer after the document: a related-documents or
  attachments heading, or the page's title repeated with the document's own number
  (``<Loại> <số> năm|ngày …``). Appendices (``PHỤ LỤC``, forms with their own ``Nơi nhận``)
  belong to the document and are kept.

Nothing here names a website: the catalogue labels, footer headings and header signs are the
vocabulary of Vietnamese legal-document pages and of ND30.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.read.normalize import clean_lines, normalize_document
from kehoach.schemas.document import CanonicalDocument, DocumentBounds
from kehoach.schemas.errors import WarningCode, warning_line
from kehoach.text.doc_types import TYPE_LINE_RE, unglue_type_line
from kehoach.text.forms import is_all_caps
from kehoach.text.official import (
    VV_LINE_RE,
    date_line,
    is_end_line,
    is_motto_line,
    is_template_line,
    number_line,
)

# A catalogue row's label, as websites print the metadata of a legal document.
CATALOGUE_LABEL_RE = re.compile(
    r"^(?:Số\s+hiệu|Số\s+ký\s+hiệu|Ký\s+hiệu|Loại\s+văn\s+bản|Nơi\s+ban\s+hành|Cơ\s+quan\s+ban\s+hành|Người\s+ký|"
    r"Ngày\s+ban\s+hành|Ngày\s+(?:có\s+)?hiệu\s+lực|Ngày\s+hết\s+hiệu\s+lực|Ngày\s+(?:đăng\s+)?công\s+báo|Số\s+công\s+báo|"
    r"Tình\s+trạng(?:\s+hiệu\s+lực)?|Lĩnh\s+vực|Ngày\s+hợp\s+nhất|Trích\s+yếu)\s*:\s*(?P<value>.*)$",
    re.I,
)
# A heading of the website's footer: related documents or news, attachments, downloads.
FOOTER_RE = re.compile(
    r"^(?:(?:các\s+)?(?:văn\s+bản|bài\s+viết|tin(?:\s+tức|\s+bài)?|tài\s+liệu)\s+(?:liên\s+quan|cùng\s+(?:chuyên\s+mục|lĩnh\s+vực|loại|cơ\s+quan)|"
    r"khác|mới(?:\s+nhất)?|xem\s+nhiều(?:\s+nhất)?|được\s+quan\s+tâm)|(?:file|tệp|tập\s+tin)\s+(?:được\s+)?đính\s+kèm(?:\s+theo\s+văn\s+bản)?|"
    r"tải\s+(?:về|văn\s+bản|file)(?:\s+văn\s+bản)?)\s*[:.]?\s*(?:\(\d+\))?$",
    re.I,
)
# Lines that open a document's body when its header is lost.
BODY_OPENER_RE = re.compile(
    r"^-?\s*(?:Căn\s+cứ|Kính\s+gửi|Điều\s+1\b|Thực\s+hiện|Triển\s+khai|Xét\s|Ngày\s+\d|Theo\s+đề\s+nghị)|\bđiện\s*:?\s*$"
)
KINH_GUI_RE = re.compile(r"^Kính\s+gửi\s*:")
# What marks a template or a download just before a header: "Mẫu số 01", "Tải về", "mẫu … như sau:".
TEMPLATE_BEFORE_RE = re.compile(
    r"Mẫu\s+(?:số\s*)?\d{1,3}[a-zA-Z]?\b|^Mẫu\s+.{0,120}$|Tải\s+(?:về|mẫu)|mẫu\s+.{0,80}như\s+sau\s*:?\s*$", re.M
)
# Type names that never open a document (an appendix, a bare "văn bản").
NOT_A_TYPE_LINE = ("PHỤ LỤC", "VĂN BẢN")
# How far around a header sign the other signs are looked for (characters), and how far into the
# body a question page's document, a headless type line and its body opener may start.
BEFORE, AFTER = 250, 700
QUESTION_START, HEADLESS_START, HEADLESS_BODY = 400, 600, 3000
# Below a catalogue table the page is about that one document: a site summary may come first.
AFTER_CATALOGUE = 8000
OPENS_PAGE = 300  # a header this close to the top may have lost some of its parts
MAX_PREAMBLE = 1500  # without a catalogue table, how far down a page its document's header may start
MAX_ANCHORS = 12  # header signs tried, in order (a long page quotes many)


@dataclass(frozen=True)
class DocumentSpan:
    """Where the official document sits among a file's lines, and why."""

    administrative: bool
    reason: str
    start: int  # first line of the document
    end: int  # line after its last (len(lines) when the file ends with it): see footer_start
    number: str | None = None  # the document's number as its header or the page's catalogue prints it


def is_type_line(text: str) -> bool:
    """A header's type line: ``QUYẾT ĐỊNH``, ``NGHỊ ĐỊNH Quy định …``, ``CÔNG ĐIỆN V/V …``, or ``V/v …``."""
    if VV_LINE_RE.match(text):
        return True
    m = TYPE_LINE_RE.match(text) or TYPE_LINE_RE.match(_unglue(text))
    if m is None or m.group(1) in NOT_A_TYPE_LINE:
        return False
    rest = m.group(2)
    return rest == "" or rest[:1].isupper() or text.isupper()


def _unglue(text: str) -> str:
    """A type line glued to its trích yếu by a scrape: "NGHỊ QUYẾTVề việc …" → "NGHỊ QUYẾT Về việc …"."""
    return unglue_type_line(text)[0]


def find_document(lines: Sequence[str], starts: Sequence[int] | None = None) -> DocumentSpan:
    """The official document among ``lines`` (a file's normalized lines; ``starts``: their offsets
    in the text, for distances in characters), or ``administrative=False`` when there is none."""
    if starts is None:
        starts, pos = [], 0
        for t in lines:
            starts.append(pos)
            pos += len(t) + 1
    catalogue = _catalogue(lines)
    body = catalogue[1] + 1 if catalogue else 0
    footer = footer_start(lines, body, catalogue[2] if catalogue else None)
    lines = lines[:footer]  # the document starts before the website's footer (which may hold a notice)
    n = len(lines)
    question = catalogue is None and _opens_with_question(lines)
    own_number = catalogue[2] if catalogue else None
    cluster = _header_cluster(lines, starts, body, question, catalogue is not None)
    if cluster is not None:
        first, signs, number = cluster
        start = _back_over_header(lines, first, body)
        return DocumentSpan(True, "header: " + "+".join(signs), start, n, number or own_number)
    headless = _headless_start(lines, starts, body, question, HEADLESS_START if catalogue is None else AFTER_CATALOGUE)
    if headless is not None:
        start = _back_over_header(lines, headless, body)
        reason = "headless: " + ("Kính gửi" if KINH_GUI_RE.match(lines[headless]) else "type line")
        return DocumentSpan(True, reason, start, n, own_number)
    if catalogue is not None:
        reason = "catalogue without document"
    elif question:
        reason = "question page"
    else:
        reason = "no header"
    return DocumentSpan(False, reason, 0, n)


def _catalogue(lines: Sequence[str]) -> tuple[int, int, str | None] | None:
    """(first line, last line, the "Số hiệu" value) of a website's catalogue table: three or more
    labels, each within a few lines of the previous one. The last line is the last label's value."""
    first = last = None
    labels: set[str] = set()
    number = None
    gap = 0
    for i, t in enumerate(lines[:400]):
        m = CATALOGUE_LABEL_RE.match(t)
        if m is None:
            gap += 1
            if first is not None and gap > 3:
                if len(labels) >= 3:
                    break
                first, labels, number = None, set(), None
            continue
        gap = 0
        label = t[: m.start("value")].split(":")[0].strip().lower()
        value = m.group("value").strip() or (lines[i + 1].strip() if i + 1 < len(lines) else "")
        if first is None:
            first = i
        labels.add(label)
        last = i if m.group("value").strip() else min(i + 1, len(lines) - 1)
        if label.startswith(("số hiệu", "số ký hiệu", "ký hiệu")):
            number = value.split()[0] if value else None
    if first is None or len(labels) < 3:
        return None
    return first, last, number


def _opens_with_question(lines: Sequence[str]) -> bool:
    """A Q&A page: its title (the first line) asks a question (not an OCR'd stamp "471?")."""
    return bool(lines) and lines[0].rstrip().endswith("?") and len(lines[0].split()) >= 3


def _signs(line: str, nxt: str | None) -> set[str]:
    """The header signs on one line; a PDF-order line holds several columns, split at "_" rules
    ("CHÍNH PHỦ_ Số: 171/2025/NĐ-CP CỘNG HÒA …_ Hà Nội, ngày 30 tháng 6 năm 2025")."""
    if "_" not in line:
        return _segment_signs(line, nxt)
    signs: set[str] = set()
    for segment in re.split(r"_+\s*", line):
        signs |= _segment_signs(segment.strip(), nxt)
    return signs


def _segment_signs(text: str, nxt: str | None) -> set[str]:
    signs = set()
    if is_motto_line(text):
        signs.add("motto")
    kind = number_line(text, nxt)
    if kind in ("printed", "blank"):
        signs.add("number")
    elif kind == "placeholder":
        signs.add("template")
    kind = date_line(text)
    if kind in ("filled", "blank"):
        signs.add("date")
    elif kind == "placeholder":
        signs.add("template")
    if is_type_line(text):
        signs.add("type")
    if is_template_line(text):
        signs.add("template")
    return signs


def _header_cluster(
    lines: Sequence[str], starts: Sequence[int], body: int, question: bool, catalogue: bool
) -> tuple[int, list[str], str | None] | None:
    """(first line, signs, printed number) of the first ND30 header cluster after line ``body``."""
    n = len(lines)
    tried = 0
    ends: list[int] | None = None
    for i in range(body, n):
        t = lines[i]
        nxt = lines[i + 1] if i + 1 < n else None
        if not ({"motto", "number", "type"} & _signs(t, nxt)):
            continue
        tried += 1
        if tried > MAX_ANCHORS:
            break
        lo, hi = i, i
        while lo > body and starts[i] - starts[lo - 1] <= BEFORE:
            lo -= 1
        while hi + 1 < n and starts[hi + 1] - starts[i] <= AFTER:
            hi += 1
        found: dict[str, int] = {}
        number = None
        for j in range(lo, hi + 1):
            for s in _signs(lines[j], lines[j + 1] if j + 1 < n else None):
                found.setdefault(s, j)
            if number is None and number_line(lines[j], lines[j + 1] if j + 1 < n else None) == "printed":
                number = _printed_number(lines[j], lines[j + 1] if j + 1 < n else None)
        if "template" in found:
            continue
        signs = [s for s in ("motto", "number", "date", "type") if s in found]
        if not signs:
            continue
        first = min(found[s] for s in signs)
        depth = starts[first] - starts[body]
        if not catalogue and depth > MAX_PREAMBLE:
            break  # a header deep inside a page of other text is quoted there, not the page's document
        opens = depth <= OPENS_PAGE
        # Three signs with the number or the type; two when the header opens the page (some of its
        # parts lost in the copy, or misread by OCR).
        strong = len(signs) >= 3 and bool({"number", "type"} & set(signs))
        if not (strong or (len(signs) == 2 and opens)):
            continue
        before = "\n".join(lines[k] for k in range(body, first) if starts[first] - starts[k] <= 400)
        if TEMPLATE_BEFORE_RE.search(before):
            continue
        if ends is None:
            ends = [k for k in range(n) if is_end_line(lines[k])]
        if not strong and not any(k > i for k in ends):
            continue  # a document goes on to its signature block (a page cut short keeps a full header)
        if question and depth > QUESTION_START:
            continue
        return first, signs, number
    return None


def _printed_number(line: str, nxt: str | None) -> str | None:
    m = re.search(r"\d[\d.]*\s*[/-]\s*\S+", line)
    if m is None and nxt is not None:
        m = re.match(r"\d[\d.]*\s*[/-]\s*\S+", nxt.strip())
    return re.sub(r"\s+", "", m.group(0)) if m else None


def _headless_start(lines: Sequence[str], starts: Sequence[int], body: int, question: bool, within: int) -> int | None:
    """The line where a document whose header was lost starts (its type heading or "Kính gửi:"),
    within ``within`` characters of line ``body``."""
    if question or body >= len(lines):
        return None
    origin = starts[body]
    head = None
    for i in range(body, len(lines)):
        if starts[i] - origin > within:
            break
        t = lines[i]
        if (is_type_line(t) and not VV_LINE_RE.match(t)) or KINH_GUI_RE.match(t):
            head = i
            break
    if head is None:
        return None
    opener = end = False
    for i in range(head, len(lines)):
        t = lines[i]
        if starts[i] - starts[head] <= HEADLESS_BODY and BODY_OPENER_RE.search(t):
            opener = True
        if i > head and is_end_line(t):
            end = True
        if opener and end:
            break
    if not opener or not (end or starts[head] - origin <= OPENS_PAGE):
        return None  # it goes on to a signature block, or it opens the page (a page cut short)
    top = "\n".join(lines[k] for k in range(head, len(lines)) if starts[k] - starts[head] <= 1500)
    if TEMPLATE_BEFORE_RE.search(top) or any(date_line(x) == "placeholder" for x in top.split("\n")):
        return None
    return head


def _back_over_header(lines: Sequence[str], first: int, body: int) -> int:
    """Move the start up over the agency lines above the first header sign ("BỘ TÀI CHÍNH" /
    "CỤC THUẾ"), a number or motto line in another column order; never above ``body``."""
    i = first
    while i > body and first - i < 6:
        t = lines[i - 1]
        if len(t) <= 100 and (is_all_caps(t) or is_motto_line(t) or number_line(t) is not None):
            i -= 1
            continue
        break
    return i


def footer_start(lines: Sequence[str], start: int, own_number: str | None) -> int:
    """The first of ``lines`` (physical lines: the footer starts on a line of its own, re-flow may
    glue it to the document's last words) that opens the website's footer after the document's
    first line ``start``, or len(lines)."""
    own = None
    if own_number:
        number = r"\s*".join(re.escape(c) for c in own_number)
        # The page's title repeated: "Công văn 5348/CT-CS năm 2025 …", "Quyết định 471/QĐ-UBND ngày 28/11/2025 …".
        # Not "Nghị quyết số 64/2025/NQ-HĐND": an appendix's "(Ban hành kèm theo" wrapped before it.
        own = re.compile(rf"^[A-ZĐ][^\W\d_]*(?:\s+(?!số\b)[^\W\d_]+){{0,3}}\s+{number}(?![\w/-])")
    signed = False
    for i in range(start + 1, len(lines)):
        t = lines[i]
        if len(t) <= 80 and FOOTER_RE.match(t):
            return i
        if own is not None and signed and own.match(t):
            return i  # the page's title again, after the document's signature block
        signed = signed or is_end_line(t)
    return len(lines)


def locate_document(doc: CanonicalDocument) -> CanonicalDocument:
    """``doc`` (a whole file, normalized) with its :class:`DocumentBounds`: when the file holds an
    official document inside a web page, normalized again from the document's blocks only (coded
    note W304); when it holds none, whole and marked ``administrative=False`` (W401)."""
    lines = doc.lines
    found = find_document([ln.text for ln in lines], [ln.start for ln in lines])
    raw = doc.source
    if not found.administrative:
        bounds = DocumentBounds(administrative=False, reason=found.reason)
        raw = raw.model_copy(update={"warnings": (*raw.warnings, warning_line(WarningCode.W401, found.reason))})
        return doc.model_copy(update={"source": raw, "bounds": bounds})
    first = lines[found.start].block if lines else 0
    # The footer on logical lines (a heading wrapped over two lines) or physical ones (re-flow may
    # have glued the page's title to the document's last words): whichever comes first.
    ends = []
    footer = footer_start([ln.text for ln in lines], found.start, found.number)
    if footer < len(lines):
        ends.append(lines[footer].block)
    physical = clean_lines(raw, slice(first, None))
    footer = footer_start([t for _, t in physical], 0, found.number)
    if footer < len(physical):
        ends.append(physical[footer][0])
    end = min(ends, default=None)
    if found.start == 0 and end is None:
        return doc.model_copy(update={"bounds": DocumentBounds(reason=found.reason)})
    kept = [ln for ln in lines if ln.block >= first and (end is None or ln.block < end)]
    before = kept[0].start if kept else 0
    after = len(doc.text) - kept[-1].end if kept else 0
    bounds = DocumentBounds(reason=found.reason, first_block=first, end_block=end, removed_before=before, removed_after=after)
    note = warning_line(WarningCode.W304, f"{before} characters before, {after} after")
    raw = raw.model_copy(update={"warnings": (*raw.warnings, note)})
    cut = normalize_document(raw, slice(first, end))
    return cut.model_copy(update={"bounds": bounds})
