"""Province names for normalization: ``kehoach/data/province_names.csv`` (map, name), the short names of both maps as
vietnamadminunits gives them (``tests/test_text_knowledge.py`` checks the table against the package).

Importing ``vietnamadminunits`` loads numpy (~50 MB) and an ingest worker runs under a memory limit (E011), while
normalization needs only these 97 names; so they are a bundled table read through ``importlib.resources``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files

NAMES_PATH = files("kehoach") / "data" / "province_names.csv"


@lru_cache(maxsize=1)
def province_names() -> tuple[tuple[str, str], ...]:
    """(map, short name) rows: map "2025" (34 provinces from 1 July 2025) or "legacy" (63 before)."""
    with NAMES_PATH.open(encoding="utf-8") as f:
        return tuple((row["map"], row["name"]) for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def province_name_splits() -> dict[str, frozenset[str]]:
    """Every province's name of two words or more ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Đồng Nai"), cut after each of
    its words: the words before the cut → the rests that complete them ("Hồ Chí" → {"Minh"}, "Đồng" → {"Nai",
    "Tháp"}). Normalization joins a line that ends inside such a name to the line that ends it."""
    cuts: dict[str, set[str]] = {}
    for _map, name in province_names():
        words = name.split()
        for k in range(1, len(words)):
            cuts.setdefault(" ".join(words[:k]), set()).add(" ".join(words[k:]))
    return {head: frozenset(rest) for head, rest in cuts.items()}
