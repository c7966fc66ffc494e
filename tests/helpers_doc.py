"""Build a canonical document from a snippet of text (tests only)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.read.normalize import normalize_document
from kehoach.read.text import read_text
from kehoach.schemas.document import CanonicalDocument


def doc_from_text(text: str, name: str = "snippet.md") -> CanonicalDocument:
    data = text.encode("utf-8")
    return normalize_document(read_text(Path(name), data, hashlib.sha256(data).hexdigest()))
