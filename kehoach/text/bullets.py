"""Bullets: the marks that open an item of a list.

Real documents use ``-`` and ``+`` (nested: ``- +``), Word's symbols ``•``, ``●``, ``○``, ``▪``,
``■``, ``□``, ``◦``, dashes ``–``/``—`` and ``*``. Several may stand together (``- +``, ``-•``).
Normalization turns ``—`` into ``–`` and every hyphen variant into ``-``.
"""

from __future__ import annotations

import re

BULLET_CHARS = "-+•●○▪■□◦–—*"
# The characters as a regex class body (no brackets): for patterns that embed it.
BULLET_CLASS = re.escape(BULLET_CHARS)
# One or more bullets and the spaces after them, at the position matched ("- + Tổ chức …" → "- + ").
BULLETS_RE = re.compile(rf"(?:[{BULLET_CLASS}]\s*)+")


def bullet_level(marks: str) -> int:
    """Nesting of an item from its marks: ``+`` (the second-level bullet) → 2, anything else → 1."""
    return 2 if "+" in marks else 1
