"""Reform areas: which of the six CCHC areas a document covers.

The six areas of Nghị quyết 76/NQ-CP, read from a lexicon (``kehoach/data/reform_lexicon.csv``:
area, term, strength, note) matched over underthesea word tokens, so a term only matches whole words:
- ``the_che``: ``Cải cách thể chế``, ``văn bản quy phạm pháp luật``;
- ``thu_tuc_hanh_chinh``: ``Cải cách thủ tục hành chính``, ``TTHC``, ``cơ chế một cửa, một cửa liên thông``;
- ``to_chuc_bo_may``: ``Cải cách tổ chức bộ máy hành chính nhà nước``, ``biên chế``, ``phân cấp``;
- ``cong_vu``: ``Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức``, ``kỷ luật công vụ``;
- ``tai_chinh_cong``: ``Cải cách tài chính công``, ``tài sản công``, ``cơ chế khoán biên chế và kinh phí``;
- ``chinh_phu_so``: ``Hiện đại hóa hành chính``, ``chính quyền điện tử``, ``chuyển đổi số``, ``ứng dụng CNTT``.
An area counts only when the body covers it: a term in a section heading or a title line in
capitals, a *strong* term in a bullet or numbered item (``Cải cách thể chế``, not the bare word
``thể chế`` of "thể chế phát triển nhanh, bền vững đất nước"), or any terms at least twice. Legal-basis lines (``Căn cứ …``) and the titles of cited
documents (``Quyết định số 942/QĐ-TTg … phê duyệt Chiến lược phát triển Chính phủ điện tử``) are
not counted: a passing word in a citation is not coverage. At the same position the longest term
wins (``khoán biên chế và kinh phí`` is tai_chinh_cong, not the ``biên chế`` of to_chuc_bo_may).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib.resources import files

from kehoach.schemas.contract import ReformArea, Section, walk_sections
from kehoach.text.numbers import find_doc_numbers

LEXICON_PATH = files("kehoach") / "data" / "reform_lexicon.csv"
# A legal-basis line: "Căn cứ Luật …", "Căn cứ Quyết định số …".
LEGAL_BASIS_LINE_RE = re.compile(r"^\W*căn\s+cứ(?![^\W\d_])", re.I)
# The clause that keeps references current ("Trường hợp các văn bản quy phạm pháp luật được viện dẫn tại Quyết định này
# được sửa đổi, bổ sung hoặc thay thế thì áp dụng …", heldout h91): boilerplate of a legal document, not its subject.
REFERENCED_DOCS_CLAUSE_RE = re.compile(r"^\W*(?:\d+\.\s*)?trường\s+hợp\b[^.]{0,120}?\b(?:viện\s+dẫn|dẫn\s+chiếu)\b", re.I)
# Where a cited document's title ends: ";", a full stop, or the line end.
CLAUSE_END_RE = re.compile(r"[;.](?=\s|$)|\n")
MIN_MENTIONS = 2
NO_AREA = "none"  # lexicon rows naming things that cover no area


@lru_cache(maxsize=1)
def _lexicon_rows() -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """The lexicon file, read once: (area, term as lower-cased syllables, strong?) per row."""
    with LEXICON_PATH.open(encoding="utf-8") as f:
        return tuple((row["area"], tuple(row["term"].lower().split()), row["strength"] == "strong") for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def load_lexicon() -> dict[ReformArea, tuple[tuple[tuple[str, ...], bool], ...]]:
    """area → (term as lower-cased syllables, strong?) pairs, longest term first."""
    table: dict[ReformArea, list[tuple[tuple[str, ...], bool]]] = {a: [] for a in ReformArea}
    for area, term, strong in _lexicon_rows():
        if area != NO_AREA:
            table[ReformArea(area)].append((term, strong))
    return {a: tuple(sorted(ts, key=lambda t: len(t[0]), reverse=True)) for a, ts in table.items()}


@lru_cache(maxsize=1)
def names_not_areas() -> tuple[str, ...]:
    """Lexicon rows of area ``none``: names of things that hold a term but cover no area ("thư điện
    tử công vụ" is the official e-mail system, "nhà ở công vụ" housing). Matched like terms, longest
    first, so the term inside them never counts."""
    return tuple(" ".join(term) for area, term, _ in _lexicon_rows() if area == NO_AREA)


@lru_cache(maxsize=1)
def _terms() -> tuple[dict[str, tuple[ReformArea | None, bool]], re.Pattern[str]]:
    """term text → (area, strong?), and one pattern finding any term (longest first) on word edges."""
    table: dict[str, tuple[ReformArea | None, bool]] = {name: (None, False) for name in names_not_areas()}
    for area, ts in load_lexicon().items():
        for term, strong in ts:
            table.setdefault(" ".join(term), (area, strong))
    alternation = "|".join(re.escape(t) for t in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@lru_cache(maxsize=4096)
def _token_edges(window: str) -> tuple[frozenset[int], frozenset[int]]:
    """Character offsets in ``window`` where underthesea word tokens start and end."""
    from underthesea import word_tokenize  # imported lazily: loading it costs ~1 s

    starts: set[int] = set()
    ends: set[int] = set()
    pos = 0
    for tok in word_tokenize(window):
        i = window.find(tok, pos)
        if i < 0:
            continue
        starts.add(i)
        ends.add(i + len(tok))
        pos = i + len(tok)
    return frozenset(starts), frozenset(ends)


WINDOW_SYLLABLES = 4  # context on each side handed to the word segmenter around a candidate term
CONTEXT_CHARS = 400  # characters read on each side to find those syllables


def find_terms(line: str) -> list[ReformArea]:
    """Areas named in one line, one entry per whole-word term occurrence (longest term first)."""
    return [area for area, _ in find_term_hits(line)]


def find_term_hits(line: str, skip: frozenset[ReformArea] | set[ReformArea] = frozenset()) -> list[tuple[ReformArea, bool]]:
    """(area, strong term?) for each term occurrence that is made of whole underthesea word tokens.

    Candidates come from one regex over the lower-cased line; only a few syllables around each
    candidate go through word segmentation (segmenting every line costs ~100 ms a document)."""
    table, term_re = _terms()
    flat = " ".join(re.sub(r"[^\w\s]", " ", line.lower()).split())
    out: list[tuple[ReformArea, bool]] = []
    for m in term_re.finditer(flat):
        area, strong = table[m.group(0)]
        if area is None or area in skip:
            continue  # a name that covers no area, or an area already decided: no need to segment
        # the syllables around the term, from a bounded slice (splitting the whole rest of a one-line
        # file at every term was quadratic; issue 14): a word cut by the slice is dropped
        lo, hi = max(0, m.start() - CONTEXT_CHARS), m.end() + CONTEXT_CHARS
        before = flat[lo : m.start()].split()[int(lo > 0 and flat[lo - 1] != " ") :][-WINDOW_SYLLABLES:]
        after = flat[m.end() : hi].split()
        after = after[: len(after) - int(hi < len(flat) and flat[hi] != " ")][:WINDOW_SYLLABLES]
        prefix = " ".join(before) + (" " if before else "")
        window = prefix + m.group(0) + (" " + " ".join(after) if after else "")
        starts, ends = _token_edges(window)
        if len(prefix) in starts and len(prefix) + len(m.group(0)) in ends:
            out.append((area, strong))
    return out


def _is_caps_heading(line: str) -> bool:
    """A short line in capitals (a title such as "RÀ SOÁT, ĐÁNH GIÁ THỦ TỤC HÀNH CHÍNH NĂM 2024")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and len(line.split()) <= 40 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _strip_citation_titles(text: str) -> str:
    """The line with each cited document's number and title (to the clause end) blanked out."""
    spans = []
    for m in find_doc_numbers(text):  # a cited document's number: its title runs to the end of the clause
        end = CLAUSE_END_RE.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    # built once (rebuilding the line at every number was quadratic on a one-line file; issue 14)
    pieces, pos = [], 0
    for s, e in sorted(spans):
        if e > pos:
            s = max(s, pos)
            pieces += [text[pos:s], " " * (e - s)]
            pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


def extract_reform_areas(doc, sections: list[Section]) -> list[ReformArea]:
    """The CCHC areas the document's body covers, in the order of the ReformArea enum."""
    all_sections = list(walk_sections(sections))
    heading_spans = [(s.heading_start, s.heading_end) for s in all_sections]
    item_spans = [(it.start, it.end) for s in all_sections for it in s.items]
    strong: set[ReformArea] = set()
    counts: dict[ReformArea, int] = {}
    for ln in doc.lines:
        if LEGAL_BASIS_LINE_RE.match(ln.text) or REFERENCED_DOCS_CLAUSE_RE.match(ln.text):
            continue
        decided = strong | {a for a, n in counts.items() if n >= MIN_MENTIONS}
        if len(decided) == len(ReformArea):
            break
        hits = find_term_hits(_strip_citation_titles(ln.text), skip=decided)
        if not hits:
            continue
        is_heading = any(a < ln.end and ln.start < b for a, b in heading_spans) or _is_caps_heading(ln.text)
        is_item = any(a < ln.end and ln.start < b for a, b in item_spans)
        for area, specific in hits:
            counts[area] = counts.get(area, 0) + 1
            if is_heading or (is_item and specific):
                strong.add(area)
    return [a for a in ReformArea if a in strong or counts.get(a, 0) >= MIN_MENTIONS]
