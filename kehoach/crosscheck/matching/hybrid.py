"""The hybrid matcher: the lexical score of a passage plus how far its e5 cosine sits above
:data:`PIVOT` (times :data:`WEIGHT`), over the lexical matcher's candidates; the best candidate is
the evidence.

Only candidates are embedded: for each ask, BM25's top :data:`LEXICAL_TOP` passages, of which the
:data:`EMBED_TOP` best by lexical score (the F-measure of :func:`~kehoach.crosscheck.coverage.match_score`).
A plan never seen costs ≈ 25 passages per higher document's items, not every passage (≈ 100–200);
on crosscheck-dev and the unrelated trove pairs the statuses are those of embedding every passage
and adding the nearest ones by cosine (docs/coverage-calibration.md: a passage that shares no
word with the ask never won)."""

from __future__ import annotations

import numpy as np

from kehoach.crosscheck import coverage as cv
from kehoach.crosscheck.matching import Match
from kehoach.crosscheck.matching.semantic import DIM, embed
from kehoach.schemas.contract import Extraction

WEIGHT = 5.0
PIVOT = 0.90
LEXICAL_TOP = cv.TOP_K  # BM25 candidates per ask …
EMBED_TOP = 3  # … of which the best by lexical score are embedded and re-scored (2 loses one label at 0.50, 1 loses two)


class HybridIndex:
    """The lexical index of one plan and the embeddings of its passages embedded so far."""

    def __init__(self, lower: Extraction):
        self.lex = cv.PassageIndex(lower)
        self.vectors: dict[int, np.ndarray] = {}  # passage number → embedding

    def vectors_of(self, ids: list[int]) -> np.ndarray:
        """Embeddings of these passages (those not embedded yet in one batch)."""
        todo = [i for i in ids if i not in self.vectors]
        if todo:
            text = self.lex.ex.text
            fresh = embed([text[slice(*self.lex.spans[i])] for i in todo], query=False)
            self.vectors.update(zip(todo, fresh, strict=True))
        return np.stack([self.vectors[i] for i in ids]) if ids else np.empty((0, DIM), np.float32)


class HybridMatcher:
    name = "hybrid"
    method = f"{cv.METHOD}+e5-small-q4@2"  # @2: only the lexical candidates are embedded
    implemented_at = 0.48
    review_at = 0.45
    embeds = True  # the cross-check keeps its embeddings in the store (table embeddings)

    def index(self, lower: Extraction) -> HybridIndex:
        return HybridIndex(lower)

    def match(self, item_text: str, index: HybridIndex, bg: cv.Background) -> Match:
        """Each ask of the item (clauses at ";") finds its own best passage, as in the lexical matcher."""
        parts = cv.clauses(item_text)
        if len(parts) == 1:
            score, span, terms = self._best(item_text, index, bg)
            return Match(score, span, terms, score, score)
        results = []
        for part in parts:
            mass = sum(bg.idf(w) for w in set(cv.tokenize(part)))
            results.append((mass, *self._best(part, index, bg)))
        total = sum(r[0] for r in results) or 1.0
        top = max(results, key=lambda r: r[0] * r[1])
        score = sum(r[0] * r[1] for r in results) / total
        return Match(score, top[2], top[3], max(r[1] for r in results), min(r[1] for r in results))

    def _best(self, text: str, index: HybridIndex, bg: cv.Background) -> tuple[float, tuple[int, int] | None, list[str]]:
        lex = index.lex
        query = cv.tokenize(text)
        if lex.retriever is None or not query:
            return 0.0, None, []
        q = set(query)
        docs, scores = lex.retriever.retrieve([list(query)], k=min(LEXICAL_TOP, len(lex.spans)), show_progress=False)
        lexical = {int(i): cv.match_score(q, lex.sets[int(i)], bg) for i, s in zip(docs[0], scores[0], strict=True) if s > 0}
        length = lambda i: lex.spans[i][1] - lex.spans[i][0]  # noqa: E731
        cands = sorted(lexical, key=lambda i: (-round(lexical[i], 9), length(i)))[:EMBED_TOP]
        if not cands:
            return 0.0, None, []
        sims = index.vectors_of(cands) @ embed([text], query=True)[0]
        scored = {i: lexical[i] + WEIGHT * (float(s) - PIVOT) for i, s in zip(cands, sims, strict=True)}
        best = max(cands, key=lambda i: (round(scored[i], 9), -length(i)))  # on a tie the shorter passage
        return min(1.0, max(0.0, scored[best])), lex.spans[best], sorted(q & lex.sets[best])
