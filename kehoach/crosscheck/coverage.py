"""Directive items of a higher document, and how far a lower plan covers each of them.

**Directive items** (:func:`extract_directives`), from the higher document:

- ``task``: what it assigns to the lower units. Responsibilities whose actor names them
  (patterns in ``data/lower_unit_actors.csv``: "UBND các xã, thị trấn", "UBND các xã, phường",
  "UBND cấp huyện", …); if the responsibilities extractor found none, the numbered blocks of
  the TỔ CHỨC THỰC HIỆN section whose heading names them ("4. Các cơ quan chuyên môn …
  và UBND các xã, thị trấn" → each bullet below it is a task).
- ``content``: items of its NỘI DUNG sections (kind ``noi_dung``).
- ``criterion``: its award / initiative criteria; ``deadline``: its time limits (the sentence).

**Coverage** (:func:`compute_coverage`): the lower plan is cut into passages (each line of its
body, and each pair of consecutive lines so a heading "4. Cán bộ, công chức" travels with the
line under it; basis lines citing other documents are left out). Both sides are rewritten with
the rules of ``data/synonyms.csv`` (CCHC → cải cách hành chính, UBMTTQVN → Ủy ban Mặt trận Tổ
quốc Việt Nam, typos seen in real plans …), word-segmented with underthesea, lower-cased;
function words (``data/stopwords_vi.txt``) and tokens with digits (numbers, dates, số ký hiệu)
are dropped; a compound also yields its syllables at half weight (segmentation is not always
the same on both sides). BM25 (``bm25s``) ranks the passages for each item; among the top
:data:`TOP_K` the evidence is the passage with the best **score**: the F-measure (recall
weighted 3×) of IDF-weighted word overlap, IDF from a shipped reference corpus plus the run's
documents (:class:`Background`). An item with several clauses ("…; …") scores each clause
against its own best passage. The score is bounded (0–1), so thresholds mean the same for
every pair of documents, which raw BM25 scores do not.

**Thresholds** (:data:`IMPLEMENTED_AT`, :data:`PARTIAL_AT`): docs/coverage-calibration.md, whose
numbers ``scripts/coverage_calibration.py`` reproduces. The first calibration (@1: 0.45 / 0.30, on
the seeds, each pair scored as a run of just those documents would score it):

- labelled positives/negatives: the 4 NỘI DUNG items and 3 tasks for "UBND các xã, thị trấn"
  of seed 004 against seed 000, read by hand (table in tests/test_crosscheck.py). Sure
  labels: N4 (sáng kiến) implemented — 0.60; T1 (triển khai tới cán bộ, công chức) implemented
  or partial — 0.47; N1 (trách nhiệm người đứng đầu) missing — 0.26; T3 (phản ánh vướng mắc)
  missing — 0.21. Unsure: N2, N3, T2 (0.26, 0.32, 0.22).
- unrelated documents: 004's 18 items against each of the 13 complete 2025 documents of
  ../shared/corpus (234 pairs): median 0.28, 75th pct 0.35, 90th pct 0.44, max 0.70.

IMPLEMENTED_AT sits just above the unrelated documents' 90th percentile and below both sure
positives; PARTIAL_AT just above the highest sure missing item. About 10 % of unrelated
matches still reach "implemented" — mostly boilerplate that really is the same formula
("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc …") — and about 40 % reach
"partial": partial means "there is a passage on the same matter: look at it", not proof.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kehoach.crosscheck.directives import directive_items, extract_directives  # noqa: F401
from kehoach.crosscheck.matching import Match, Matcher, get_matcher
from kehoach.crosscheck.words import (  # noqa: F401  (re-exported: apply_synonyms, tokenize … were defined here)
    DATA_DIR,
    MIN_ITEM_WORDS,
    apply_synonyms,
    lines_in,
    lower_unit_patterns,
    stopwords,
    synonym_rules,
    tokenize,
)
from kehoach.schemas.contract import Extraction
from kehoach.schemas.crosscheck import COVERED_KINDS, CoverageRow, CoverageStatus, DirectiveKind, DirectiveRow, LinkRelation

METHOD = "bm25+idf_f3@3"  # @3: a report reaches its body, a dossier heading is no document; @2: title words weighed down, needs_review band
IMPLEMENTED_AT = 0.46
PARTIAL_AT = 0.43  # lower edge of needs_review (see docs/coverage-calibration.md)


def __getattr__(name: str) -> dict[str, float]:
    """``THRESHOLDS`` (shown in the report's legend): those of the matcher in use (``$KEHOACH_MATCHER``
    or the default one), read when imported: the lexical ones above are the lexical matcher's."""
    if name == "THRESHOLDS":
        m = get_matcher()
        return {"implemented": m.implemented_at, "partial": m.review_at}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


BETA = 3.0  # recall counts 3× precision
REFERENCE_BACKGROUND = "background_df.json"
TOP_K = 10  # BM25 candidates re-scored per item
SYLLABLE_WEIGHT = 0.5  # a "~syllable" feature counts half a word
TOPIC_WEIGHT = 0.3  # a word of the higher document's title counts this much (see Background.with_topic)

# A numbered line inside TỔ CHỨC THỰC HIỆN: "4. Các cơ quan …", "b) UBND các xã …".
# Closing formulas that end an assignment block ("Yêu cầu Thủ trưởng các cơ quan … ./.").
# Where the signature/recipients block starts: nothing after it is a passage.
NOI_NHAN_RE = re.compile(r"^[\s*_]*Nơi\s+nhận", re.MULTILINE | re.IGNORECASE)
# Clause boundary inside one item.
CLAUSE_SPLIT_RE = re.compile(r"\s*;\s*")
BULLET_LINE_RE = re.compile(r"^\s*(?:[-–+•*]|\d{1,2}[.)]|[a-zđ]\))\s")


# ---------------------------------------------------------------- passages


def body_range(ex: Extraction) -> tuple[int, int]:
    """Where the body of a document lies: after its title (or header), before "Nơi nhận"."""
    text = ex.text
    start = 0
    if ex.title:
        tail = ex.title[-40:]
        i = text.find(tail)
        if i >= 0:
            start = text.find("\n", i + len(tail))
            start = len(text) if start < 0 else start + 1
    m = NOI_NHAN_RE.search(text, start)
    end = m.start() if m else len(text)
    if start >= end:
        start = 0
    return start, end


def passages(ex: Extraction) -> list[tuple[int, int]]:
    """Candidate evidence spans of a lower plan: each body line and each two-line window.

    Basis lines ("Thực hiện Quyết định số 77/QĐ-UBND … về việc ban hành kế hoạch …", before
    the first section) are left out: they repeat the higher document's title, which says the
    plan is tied to it (that is the link) but not that it carries out any one item."""
    first_section = min((s.start for s in ex.sections), default=0)
    cited = [c.start for c in ex.citations if c.start < first_section]
    lines = [(s, e) for s, e in lines_in(ex.text, *body_range(ex)) if not any(s <= c < e for c in cited)]
    return lines + [(lines[i][0], lines[i + 1][1]) for i in range(len(lines) - 1)]


# ---------------------------------------------------------------- matching


@dataclass
class Background:
    """Document frequencies of words over lines of text (for IDF).

    :meth:`of` adds the run's documents to a shipped reference (``data/background_df.json``:
    the lines of 18 public administrative documents, see :func:`write_reference_background`),
    so a word's weight — and hence a score — barely moves when unrelated files are added to the
    folder, and the thresholds calibrated with it keep their meaning."""

    df: Counter
    n: int
    topic: frozenset[str] = frozenset()  # the higher document's title words: weigh TOPIC_WEIGHT

    def with_topic(self, words: Iterable[str]) -> Background:
        """The same frequencies, with the words of the higher document's title (its campaign,
        its subject) weighed down: every plan tied to it repeats them, so sharing them says the
        plan is on the same subject (that is the link), not that it carries out one item."""
        return Background(self.df, self.n, frozenset(words) | addressee_words())

    @classmethod
    def of(cls, docs: Iterable[Extraction], reference: bool = True) -> Background:
        df: Counter = Counter(reference_background()["df"]) if reference else Counter()
        n = reference_background()["n_lines"] if reference else 0
        for ex in docs:
            for s, e in lines_in(ex.text, 0, len(ex.text)):
                df.update(set(tokenize(ex.text[s:e])))
                n += 1
        return cls(df, max(n, 1))

    def idf(self, word: str) -> float:
        d = self.df.get(word, 0)
        weight = SYLLABLE_WEIGHT if word.startswith("~") else 1.0
        if word in self.topic:
            weight *= TOPIC_WEIGHT
        return weight * math.log(1 + (self.n - d + 0.5) / (d + 0.5))


@cache
def reference_background() -> dict:
    path = DATA_DIR / REFERENCE_BACKGROUND
    if not path.exists():
        return {"n_lines": 0, "df": {}, "sources": []}
    return json.loads(path.read_text(encoding="utf-8"))


def write_reference_background(docs: dict[str, Extraction], out: Path | None = None) -> Path:
    """Rebuild ``data/background_df.json`` from documents (name → extraction). Words seen on a
    single line are left out (they weigh the most either way; this keeps the file small).

    Rebuilt with the complete documents of ../shared/corpus/docs (001–013) and the 5 seeds::

        python -c "from pathlib import Path; from kehoach.extract import extract_file;
        from kehoach.crosscheck.coverage import write_reference_background as w;
        fs = sorted(Path('../shared/corpus/docs').glob('0[01]*.txt'))[:13] + sorted(Path('samples').glob('*.txt'));
        w({f.name: extract_file(f) for f in fs})"
    """
    bg = Background.of(docs.values(), reference=False)
    data = {
        "n_lines": bg.n,
        "sources": sorted(docs),
        "tokenizer": METHOD,
        "df": {w: c for w, c in sorted(bg.df.items()) if c > 1},
    }
    out = out or DATA_DIR / REFERENCE_BACKGROUND
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
    return out


# Words that name who is asked, not what: the closing "yêu cầu Giám đốc sở, Thủ trưởng cơ quan,
# ban, ngành, Chủ tịch UBND xã, phường nghiêm túc thực hiện" shares them with every document's
# closing lines ("Chánh Văn phòng …, Giám đốc các sở … chịu trách nhiệm thi hành"). The level
# words (tỉnh, huyện, xã) keep their weight: "báo cáo về UBND huyện" is not "báo cáo UBND tỉnh".
ADDRESSEE_TEXT = (
    "Giám đốc sở, Thủ trưởng cơ quan, đơn vị, ban, ngành, Chủ tịch Ủy ban nhân dân, Chánh Văn phòng,"
    " các tổ chức, cá nhân có liên quan"
)


@cache
def addressee_words() -> frozenset[str]:
    return frozenset(tokenize(ADDRESSEE_TEXT))


def topic_words(ex: Extraction) -> frozenset[str]:
    """Words of a higher document's title (its subject), as matched."""
    return frozenset(tokenize(ex.title or ""))


def match_score(query: set[str], passage: set[str], bg: Background) -> float:
    """How well a passage answers a query (0–1): the F-measure of IDF-weighted recall (share of
    the query's words found) and precision (share of the passage's words that are the query's),
    with recall weighted :data:`BETA` times more — a long paragraph that happens to hold the
    words scores lower than a line that says just that."""
    inter = sum(bg.idf(w) for w in query & passage)
    if not inter:
        return 0.0
    recall = inter / sum(bg.idf(w) for w in query)
    precision = inter / sum(bg.idf(w) for w in passage)
    return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)


class PassageIndex:
    """BM25 over the passages of one lower plan."""

    def __init__(self, ex: Extraction):
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG and logs every index build

        self.ex = ex
        self.spans = passages(ex)
        self.tokens = [tokenize(ex.text[s:e]) for s, e in self.spans]
        self.sets = [set(t) for t in self.tokens]
        self.retriever = None
        if any(self.tokens):
            self.retriever = bm25s.BM25()
            self.retriever.index([list(t) or ["∅"] for t in self.tokens], show_progress=False)

    def best(self, query: tuple[str, ...], bg: Background) -> tuple[float, tuple[int, int] | None, list[str]]:
        """(score, evidence span, matched words) of the best passage for a query."""
        if self.retriever is None or not query:
            return 0.0, None, []
        k = min(TOP_K, len(self.spans))
        docs, scores = self.retriever.retrieve([list(query)], k=k, show_progress=False)
        q = set(query)
        hits = [int(i) for i, bm in zip(docs[0], scores[0], strict=True) if bm > 0]
        if not hits:
            return 0.0, None, []
        # best score; on a tie the shorter passage (a line rather than its two-line window)
        i = max(hits, key=lambda i: (round(match_score(q, self.sets[i], bg), 9), -(self.spans[i][1] - self.spans[i][0])))
        return match_score(q, self.sets[i], bg), self.spans[i], sorted(q & self.sets[i])


def clauses(text: str) -> list[str]:
    """An item cut at semicolons: "tuyên truyền …; nâng cao vai trò giám sát …" holds two asks.
    A list under a heading ("Hồ sơ đề nghị khen thưởng\n- Tờ trình …;\n- Trích Biên bản …;\n- Báo
    cáo thành tích …"): its lines are the parts, the heading names the whole, not one of them."""
    head, nl, rest = text.partition("\n")
    if nl and ";" in rest and BULLET_LINE_RE.match(rest.lstrip("\n")) and not BULLET_LINE_RE.match(head):
        text = rest
    parts = [p for p in CLAUSE_SPLIT_RE.split(text) if len(set(tokenize(p))) >= MIN_ITEM_WORDS]
    return parts if len(parts) > 1 else [text]


def score_item(
    item_text: str, index: PassageIndex, bg: Background
) -> tuple[float, float, float, tuple[int, int] | None, list[str]]:
    """(score, best clause score, worst clause score, evidence span, matched words) of one item.

    Each clause finds its own best passage; the item's score is the clauses' scores weighted
    by their IDF mass (a one-clause item: just its score). The evidence is the passage of the
    clause that contributes most."""
    parts = clauses(item_text)
    if len(parts) == 1:
        sc, span, matched = index.best(tokenize(item_text), bg)
        return sc, sc, sc, span, matched
    results = []
    for part in parts:
        q = tokenize(part)
        mass = sum(bg.idf(w) for w in set(q))
        results.append((mass, *index.best(q, bg)))
    total = sum(r[0] for r in results) or 1.0
    score = sum(r[0] * r[1] for r in results) / total
    top = max(results, key=lambda r: r[0] * r[1])
    return score, max(r[1] for r in results), min(r[1] for r in results), top[2], top[3]


# An ask to report, send or refer something to a body: "kịp thời phản ánh về UBND huyện (qua Phòng
# Nội vụ)", "gửi về phòng Nội vụ", "báo cáo UBND tỉnh, Chủ tịch UBND tỉnh".
DESTINATION_RE = re.compile(
    r"\b(?:báo\s+cáo|phản\s+ánh|gửi|trình|qua)\s+(?:(?:về|cho|đến|tới)\s+)?(?:(?:Chủ\s+tịch|Thường\s+trực)\s+)?"
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Sở|Phòng|Văn\s+phòng)\s+(\w+(?:\s+\w+)?)",
    re.IGNORECASE,
)


def destinations(item_text: str) -> set[str]:
    """Who an item's report or dossier goes to, by the word that tells the body apart: its level
    ("UBND huyện" → huyện, "UBND tỉnh" → tỉnh) or its name ("Phòng Nội vụ" → nội vụ)."""
    out: list[str] = []
    for m in DESTINATION_RE.finditer(apply_synonyms(item_text)):
        words = m.group(1).lower().split()
        word = " ".join(words[:2]) if words[0] not in LEVEL_WORDS else words[0]
        if not (out and m.group(0).lower().startswith("qua")):  # "(qua Phòng Nội vụ)": the way, not the body
            out.append(word)
    return set(out)


LEVEL_WORDS = frozenset({"tỉnh", "huyện", "xã", "thành", "quận", "thị", "phường", "cấp"})


def reaches(item_text: str, evidence: str) -> bool:
    """Whether the evidence sends to the item's destination (when the item names one): "phản ánh
    về UBND huyện" is not carried out by "báo cáo về Sở Nội vụ" — every plan has a line on
    reporting difficulties; what tells the one that carries out this item is where it reports."""
    want = destinations(item_text)
    if not want:
        return True
    ev = " ".join(apply_synonyms(evidence).lower().split())
    return any(re.search(rf"\b{re.escape(w)}\b", ev) for w in want)


def status_for(
    score: float, best_clause: float | None = None, matcher: Matcher | None = None, worst_clause: float | None = None
) -> CoverageStatus:
    """implemented ≥ the matcher's implemented threshold, unless one ask of a several-ask item is
    nowhere (below the review threshold: then partial); partial when one ask is fully there;
    needs_review ≥ the review threshold (a passage on the same matter, too weak to call); else
    missing. Default thresholds: the lexical matcher's."""
    impl = matcher.implemented_at if matcher else IMPLEMENTED_AT
    review = matcher.review_at if matcher else PARTIAL_AT
    if score >= impl and worst_clause is not None and worst_clause < review and best_clause is not None:
        return CoverageStatus.partial  # "Tờ trình …; Biên bản …; Báo cáo thành tích …": one of them is missing
    if score >= impl:
        return CoverageStatus.implemented
    if best_clause is not None and best_clause >= impl and best_clause > score:
        return CoverageStatus.partial
    if score >= review:
        return CoverageStatus.needs_review
    return CoverageStatus.missing


def compute_coverage(
    lower_doc_id: str,
    lower: Extraction,
    directives: list[DirectiveRow],
    via: LinkRelation,
    bg: Background,
    index: object | None = None,
    *,
    matcher: Matcher | str | None = None,
    basis: tuple[int, int] | None = None,
) -> list[CoverageRow]:
    """One coverage row per directive item for one lower plan.

    ``matcher``: a :class:`~kehoach.crosscheck.matching.Matcher` or its name (default:
    ``$KEHOACH_MATCHER`` or :data:`~kehoach.crosscheck.matching.DEFAULT`); ``index``: that matcher's index of ``lower`` when
    the caller keeps one. ``basis``: the span of the plan's citation of the higher document as
    its basis ("Thực hiện Chỉ thị số … / Kế hoạch của UBND huyện … về …"): the closing paragraph
    ("… nghiêm túc triển khai thực hiện") is carried out by a plan issued on that basis, and the
    citation is its evidence; without it, the closing item is matched like any other, at most
    needs_review."""
    m = matcher if matcher is not None and not isinstance(matcher, str) else get_matcher(matcher)
    index = index if index is not None else m.index(lower)
    rows = []
    for d in directives:
        if d.kind not in COVERED_KINDS:
            continue  # award criteria and deadlines are not asks to carry out
        if d.kind == DirectiveKind.closing and basis is not None:
            found = Match(1.0, basis)
            status = CoverageStatus.implemented
        else:
            found = m.match(d.item_text, index, bg)
            status = status_for(found.score, found.best_clause, m, found.worst_clause)
            if d.kind == DirectiveKind.closing and status == CoverageStatus.implemented:
                status = CoverageStatus.needs_review  # a closing formula like any document's
            if status == CoverageStatus.implemented and found.span and not reaches(d.item_text, lower.text[slice(*found.span)]):
                status = CoverageStatus.needs_review  # the same formula, sent to someone else
        ev = found.span if status != CoverageStatus.missing else None
        rows.append(
            CoverageRow(
                lower_doc_id=lower_doc_id,
                directive_doc_id=d.directive_doc_id,
                item_id=d.item_id,
                kind=d.kind,
                item_text=d.item_text,
                status=status,
                score=round(found.score, 3),
                evidence_text=lower.text[ev[0] : ev[1]] if ev else None,
                evidence_start=ev[0] if ev else None,
                evidence_end=ev[1] if ev else None,
                matched_terms=found.terms if ev else [],
                via=via,
                method=m.method,
            )
        )
    return rows
