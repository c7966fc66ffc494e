"""CLI command modules. Each module defines ``register(app)`` adding its commands to the Typer app.

Also the one place that turns a failed write of results (disk full, read-only file system, no
permission) into a coded one-line message instead of a traceback: :func:`output_errors` wraps
every command that writes (`ingest`, `watch`, `report`, `query --output`, `extract -o`). The store
and the report writers replace files atomically, so the previous tables and reports stay intact.
"""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Iterator

import typer

from kehoach.schemas.errors import MESSAGES, ErrorCode

# errno of a failed write → code (schemas/errors.py)
OUTPUT_ERRNOS: dict[int, ErrorCode] = {
    errno.ENOSPC: ErrorCode.E401,
    errno.EDQUOT: ErrorCode.E401,
    errno.EFBIG: ErrorCode.E401,
    errno.EROFS: ErrorCode.E402,
    errno.EACCES: ErrorCode.E403,
    errno.EPERM: ErrorCode.E403,
}
# DuckDB reports its own failed writes as IOException with the OS text, not an OSError.
OUTPUT_TEXTS: dict[str, ErrorCode] = {
    "No space left on device": ErrorCode.E401,
    "Disk quota exceeded": ErrorCode.E401,
    "Read-only file system": ErrorCode.E402,
    "Permission denied": ErrorCode.E403,
    "Operation not permitted": ErrorCode.E403,
}


def output_error_line(exc: BaseException) -> str | None:
    """``E401 Ổ đĩa đầy … / Disk full … (detail)`` when ``exc`` (or what caused it) is a failed
    write of the kind above; None for anything else."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = None
        if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRNOS:
            code = OUTPUT_ERRNOS[exc.errno]
            detail = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
        else:
            text = str(exc)
            code = next((c for t, c in OUTPUT_TEXTS.items() if t in text and _is_io_error(exc)), None)
            detail = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if code is not None:
            vi, en = MESSAGES[code]
            return f"{code.value} {vi} / {en} ({detail})"
        exc = exc.__cause__ or exc.__context__
    return None


def failed_write_line(message: str) -> str | None:
    """The coded line of a stage that failed writing results (a run's ``failures`` message, where the
    exception itself is gone: "OSError: [Errno 30] … Read-only file system"); None for other failures."""
    code = next((c for t, c in OUTPUT_TEXTS.items() if t in message), None)
    if code is None:
        return None
    vi, en = MESSAGES[code]
    return f"{code.value} {vi} / {en} ({message.splitlines()[0][:300]})"


def _is_io_error(exc: BaseException) -> bool:
    """An error some library raised for a failed file operation (DuckDB's IOException, …)."""
    return isinstance(exc, OSError) or "IOException" in type(exc).__name__ or "IOError" in type(exc).__name__


@contextlib.contextmanager
def output_errors() -> Iterator[None]:
    """Run a block that writes results; a failed write exits 2 with one coded line on stderr."""
    try:
        yield
    except Exception as e:
        line = output_error_line(e)
        if line is None:
            raise
        print(line, file=sys.stderr)
        raise typer.Exit(2) from None
