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

# The most lines (blocks: text lines, DOCX paragraphs and cells, PDF lines) a file may hold. The
# longest real document, of the 13,972 trove pages, the seeds and the dev corpus, has 17,722 lines
# (a 0.8 MB page; the median is 83): 200,000 is eleven times that, and more than 300 PDF pages
# (MAX_PAGES) of 80 lines. Every line costs memory down the pipeline (a block, a physical line, an
# origin): a 10 MB text of 5 million short lines, under the 20 MB text limit, peaked at 9.3 GB
# (issue 14). Past this the file is refused (E013) before its blocks are built.
MAX_LINES = 200_000


def check_lines(count: int) -> None:
    """E013 when a file holds more than :data:`MAX_LINES` lines."""
    if count > MAX_LINES:
        raise ReadError(ErrorCode.E013, f"{count:,} lines > {MAX_LINES:,}")


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path) -> RawDocument:
    """Read any supported file into blocks. Raises :class:`ReadError` with a coded reason — and nothing else.

    Readers turn every failure they know into a code; what they do not know (a library's
    unexpected exception on a hostile file) is still a :class:`ReadError`: E004 for memory,
    E900 (internal error, with the exception's type) for the rest. One bad file never stops a run.
    """
    try:
        return _read_document(Path(path))
    except ReadError:
        raise
    except MemoryError as e:
        raise ReadError(ErrorCode.E004, "out of memory while reading") from e
    except RecursionError as e:
        raise ReadError(ErrorCode.E004, "structure nested too deeply") from e
    except OSError as e:  # unreadable, vanished while reading, permission denied
        raise ReadError(ErrorCode.E001, f"{type(e).__name__}: {e}"[:200]) from e
    except Exception as e:
        raise ReadError(ErrorCode.E900, f"{type(e).__name__}: {e}"[:200]) from e


def _read_document(p: Path) -> RawDocument:
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
    if not data:  # emptied between stat and read (a copy restarting)
        raise ReadError(ErrorCode.E003)
    sha = file_sha256(data)
    if suffix == ".pdf":
        from kehoach.read.pdf import read_pdf

        return read_pdf(p, data, sha)
    if suffix == ".docx":
        from kehoach.read.docx import read_docx

        return read_docx(p, data, sha)
    if suffix == ".doc":
        from kehoach.read.legacy_doc import read_doc

        return read_doc(p, data, sha)
    from kehoach.read.text import read_text

    return read_text(p, data, sha)
