"""String similarity for de-duplicating extracted items (criteria, actor spellings, campaigns).

``difflib.SequenceMatcher.ratio()`` is quadratic and was the slowest step of several extractors;
``similar`` tries the cheap upper bounds (length ratio, ``real_quick_ratio``, ``quick_ratio``)
first and computes the real ratio only when they cannot rule the pair out.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def similar(a: str, b: str, cut: float) -> bool:
    """True when ``SequenceMatcher(None, a, b).ratio() >= cut``."""
    if not a or not b:
        return a == b
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < cut:
        return False
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= cut and m.quick_ratio() >= cut and m.ratio() >= cut
