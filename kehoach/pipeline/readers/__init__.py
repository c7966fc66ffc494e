"""Readers: one module per format, each turning a file into a :class:`RawDocument` of blocks.

``read_document(path)`` picks the reader by extension (and sniffs the bytes: a PDF named
``.docx`` is still read as what it is not — it is rejected with a coded reason). Every failure
is a :class:`ReadError` with a code; nothing here prints or exits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.schemas.document import RawDocument
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger files are not plans; refuse before reading them

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".md", ".markdown"}


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path) -> RawDocument:
    """Read any supported file into blocks. Raises :class:`ReadError` with a coded reason."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(ErrorCode.E002, p.suffix or "(no extension)")
    if not p.is_file():
        raise ReadError(ErrorCode.E001, str(p))
    size = p.stat().st_size
    if size == 0:
        raise ReadError(ErrorCode.E003)
    if size > MAX_FILE_BYTES:
        raise ReadError(ErrorCode.E004, f"{size} bytes > {MAX_FILE_BYTES}")
    data = p.read_bytes()
    sha = file_sha256(data)
    if suffix == ".pdf":
        from kehoach.pipeline.readers.pdf import read_pdf

        return read_pdf(p, data, sha)
    if suffix == ".docx":
        from kehoach.pipeline.readers.docx import read_docx

        return read_docx(p, data, sha)
    if suffix == ".doc":
        from kehoach.pipeline.readers.legacy_doc import read_doc

        return read_doc(p, data, sha)
    from kehoach.pipeline.readers.text import read_text

    return read_text(p, data, sha)
