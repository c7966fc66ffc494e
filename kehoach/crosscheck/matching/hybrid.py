"""The hybrid matcher: the lexical score of a passage plus how far its e5 cosine sits above
:data:`PIVOT` (times :data:`WEIGHT`), over the candidates of both matchers (BM25's top passages
and the nearest passages by embedding); the best candidate is the evidence."""

from __future__ import annotations

import numpy as np

from kehoach.crosscheck import coverage as cv
from kehoach.crosscheck.matching import Match
from kehoach.crosscheck.matching.semantic import SemanticIndex, embed, semantic_index
from kehoach.schemas.contract import Extraction

WEIGHT = 5.0
PIVOT = 0.90
SEMANTIC_TOP = 5


class HybridMatcher:
    name = "hybrid"
    method = f"{cv.METHOD}+e5-small-q4@1"
    implemented_at = 0.48
    review_at = 0.45

    def index(self, lower: Extraction) -> tuple[cv.PassageIndex, SemanticIndex]:
        lex = cv.PassageIndex(lower)
        return lex, semantic_index(lower, lex.spans)

    def match(self, item_text: str, index: tuple[cv.PassageIndex, SemanticIndex], bg: cv.Background) -> Match:
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

    def _best(
        self, text: str, index: tuple[cv.PassageIndex, SemanticIndex], bg: cv.Background
    ) -> tuple[float, tuple[int, int] | None, list[str]]:
        lex, sem = index
        if not lex.spans:
            return 0.0, None, []
        query = cv.tokenize(text)
        q = set(query)
        sims = sem.vectors @ embed([text], query=True)[0]
        cands = set(np.argsort(-sims)[:SEMANTIC_TOP].tolist())
        if lex.retriever is not None and query:
            docs, scores = lex.retriever.retrieve([list(query)], k=min(cv.TOP_K, len(lex.spans)), show_progress=False)
            cands |= {int(i) for i, s in zip(docs[0], scores[0], strict=True) if s > 0}

        def hybrid(i: int) -> float:
            return cv.match_score(q, lex.sets[i], bg) + WEIGHT * (float(sims[i]) - PIVOT)

        best = max(cands, key=lambda i: (round(hybrid(i), 9), -(lex.spans[i][1] - lex.spans[i][0])))
        return min(1.0, max(0.0, hybrid(best))), lex.spans[best], sorted(q & lex.sets[best])
