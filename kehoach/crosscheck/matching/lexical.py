"""The lexical matcher: BM25 over the plan's passages, the best of the top candidates re-scored by
IDF-weighted word overlap (F-measure, recall 3×); see :mod:`kehoach.crosscheck.coverage`."""

from __future__ import annotations

from kehoach.crosscheck import coverage as cv
from kehoach.crosscheck.matching import Match
from kehoach.schemas.contract import Extraction


class LexicalMatcher:
    name = "lexical"
    method = cv.METHOD
    implemented_at = cv.IMPLEMENTED_AT
    review_at = cv.PARTIAL_AT

    def index(self, lower: Extraction) -> cv.PassageIndex:
        return cv.PassageIndex(lower)

    def match(self, item_text: str, index: cv.PassageIndex, bg: cv.Background) -> Match:
        score, best_clause, worst_clause, span, terms = cv.score_item(item_text, index, bg)
        return Match(score, span, terms, best_clause, worst_clause)
