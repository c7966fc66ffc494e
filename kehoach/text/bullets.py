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


# Words that end a phrase opening a list, before its colon: "… triển khai thực hiện những nội dung sau:",
# "Hình thức công khai bao gồm:", "… cụ thể như sau:", "… các nhiệm vụ sau đây:".
LIST_OPENER_RE = re.compile(r"(?:\bbao\s+gồm|\bgồm(?:\s+có)?|\bsau(?:\s+đây)?)\s*$", re.I)


def opens_list(phrase: str) -> bool:
    """True for a phrase (its colon left out) that only opens the list under it."""
    return bool(LIST_OPENER_RE.search(phrase))


def bullet_level(marks: str) -> int:
    """Nesting of an item from its marks: ``+`` (the second-level bullet) → 2, anything else → 1."""
    return 2 if "+" in marks else 1
