"""Forms of Vietnamese strings shared by extractors, normalization and cross-checking.

- ``is_all_caps``: a line in capitals ("ỦY BAN NHÂN DÂN", "III. HÌNH THỨC …").
- ``strip_accents``: "TỔ CHÚC thực hiện" → "to chuc thuc hien" (đ → d), for keys that must survive
  OCR'd tone marks and unaccented user input ("ho chi minh").
- ``similar``: ``SequenceMatcher`` ratio ≥ cut for de-duplicating extracted items; ``ratio()`` is
  quadratic and was the slowest step of several extractors, so the cheap upper bounds (length
  ratio, ``real_quick_ratio``, ``quick_ratio``) are tried first.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher


def is_all_caps(s: str, min_letters: int = 2) -> bool:
    """True when ``s`` has at least ``min_letters`` letters and all of them are capitals."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= min_letters and all(c.isupper() for c in letters)


def strip_accents(s: str) -> str:
    """Lower case without tone marks or diacritics, đ → d; same length as ``s`` for NFC input."""
    decomposed = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def similar(a: str, b: str, cut: float) -> bool:
    """True when ``SequenceMatcher(None, a, b).ratio() >= cut``."""
    if not a or not b:
        return a == b
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < cut:
        return False
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= cut and m.quick_ratio() >= cut and m.ratio() >= cut
