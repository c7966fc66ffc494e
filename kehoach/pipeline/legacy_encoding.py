"""Detect and convert pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) to Unicode.

Placeholder until issue 6 lands: returns the text unchanged.
"""

from __future__ import annotations


def convert_legacy_text(text: str) -> tuple[str, str | None]:
    """Return (unicode_text, name_of_legacy_encoding_or_None)."""
    return text, None
