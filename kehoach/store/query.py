"""Read-only SQL over the tables, sandboxed by DuckDB itself (``kehoach query``, the web SQL page).

The defence is DuckDB's own configuration, not a statement filter. Each query gets a fresh
connection that

1. attaches a catalog of the current snapshot **read-only** in a private in-memory DuckDB
   instance: a scratch DuckDB file holding one view per table over the snapshot's Parquet files
   (:mod:`kehoach.store.read`), built for this query and deleted after it. Nothing can change a
   table, and the settings below never reach other connections of the process. Those Parquet
   files, and only they, stay readable (``allowed_paths``);
2. then turns off everything that reaches outside that file: ``enable_external_access=false``
   (no ``COPY … TO``, ``EXPORT``/``IMPORT DATABASE``, ``ATTACH``, ``read_csv``/``read_text``/
   ``read_blob``/``glob``/``read_parquet`` of any path, ``http(s)://`` or ``s3://`` URLs, secrets,
   ``INSTALL``/``LOAD`` of extension files), no extension autoinstall/autoload, no community
   extensions, no Python replacement scans (a query cannot read Python variables), and no
   ``temp_directory`` (a big sort fails with a message instead of spilling files to disk);
3. and finally sets ``lock_configuration=true``: ``SET``/``RESET``/``PRAGMA x=…``,
   ``CALL enable_logging(…)`` and profiling outputs all fail from here on.

The order matters: with external access off first, DuckDB could not open the database file.

Several statements run in order; the rows of the last query (SELECT, EXPLAIN, PRAGMA, CALL) are
returned; a SELECT before it is checked but not run, since it could change nothing.
Temporary tables, views and macros (``CREATE TEMP …``) and ``ATTACH ':memory:'`` scratch
databases live in memory for that one query and vanish with its connection. Every refusal is a :class:`QueryError` with one coded bilingual line.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from kehoach.schemas.errors import MESSAGES, ErrorCode
from kehoach.store.read import attach_snapshot, snapshot

# Applied in this order after the read-only open; the last one locks them all.
SANDBOX_SETTINGS: tuple[tuple[str, str], ...] = (
    ("python_enable_replacements", "false"),  # `SELECT * FROM some_python_variable`
    ("temp_directory", "''"),  # no spill files next to the database
    ("autoinstall_known_extensions", "false"),
    ("autoload_known_extensions", "false"),
    ("allow_community_extensions", "false"),
    ("enable_external_access", "false"),
    ("lock_configuration", "true"),
)


# Statement kinds whose result is rows (SHOW, DESCRIBE, SUMMARIZE, PIVOT and FROM-first parse as SELECT).
RESULT_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL"})


class QueryError(ValueError):
    """A query that was refused or failed: ``str(e)`` is one line, ``E503 … / … (detail)``."""

    def __init__(self, code: ErrorCode, detail: str | None = None) -> None:
        self.code = code
        self.detail = detail
        vi, en = MESSAGES[code]
        self.reason_vi, self.reason_en = vi, en
        super().__init__(f"{code.value} {vi} / {en}" + (f" ({detail})" if detail else ""))


def connect_sandboxed(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection to the store's database (:class:`QueryError` E506 when
    nothing was ingested yet).

    DuckDB settings belong to a database *instance*, and ``duckdb.connect(path)`` shares one
    instance per path within a process: sandboxing such a connection would also sandbox the store's
    own readers and the Parquet export running beside it (the ingest flow under ``watch``, the web
    app). So the sandbox is a private in-memory instance that attaches the file read-only, makes it
    the default catalog and drops the writable ``memory`` one before locking."""
    snap = snapshot(data_dir)
    if snap is None:
        raise QueryError(ErrorCode.E506, str(data_dir))
    scratch = Path(tempfile.mkdtemp(prefix="kehoach-query-"))
    catalog = scratch / "snapshot.duckdb"
    try:
        with duckdb.connect(str(catalog)) as views:
            attach_snapshot(views, snap)
        con = duckdb.connect(":memory:")
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    try:
        quoted = str(catalog).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS kehoach (READ_ONLY)")
        con.execute("USE kehoach")
        con.execute("DETACH memory")
        files = [str(f) for fs in snap.files.values() for f in fs]
        con.execute("SET allowed_paths = ?", [files])
        for name, value in SANDBOX_SETTINGS:
            con.execute(f"SET {name} = {value}")
    except BaseException:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    _scratch[id(con)] = scratch
    return con


def run_readonly(data_dir: Path, sql: str, limit: int | None = None) -> pa.Table:
    """Run ``sql`` in the sandbox and return the rows of the last statement that returns rows
    (an empty table when none does). ``limit`` caps the rows read from it (pass ``n + 1`` to learn
    whether there were more than ``n``). Raises :class:`QueryError`."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryError(ErrorCode.E502, _first_line(e)) from None
    if not statements:
        raise QueryError(ErrorCode.E501)
    # the statement whose rows are returned: the last one of a kind that returns rows, else the last
    chosen = max((i for i, st in enumerate(statements) if st.type.name in RESULT_STATEMENTS), default=len(statements) - 1)
    con = connect_sandboxed(data_dir)
    try:
        result = pa.table({})
        for i, st in enumerate(statements):
            rel = con.sql(st.query)  # statements other than queries run here; queries are bound only
            if i == chosen and rel is not None:
                result = (rel if limit is None else rel.limit(limit)).to_arrow_table()
        return result
    except duckdb.Error as e:
        raise _translate(e) from None
    finally:
        close_sandboxed(con)


_scratch: dict[int, Path] = {}  # connection → its scratch catalog folder


def close_sandboxed(con: duckdb.DuckDBPyConnection) -> None:
    """Close a connection from :func:`connect_sandboxed` and delete its scratch catalog."""
    con.close()
    scratch = _scratch.pop(id(con), None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def _first_line(e: BaseException) -> str:
    return next((ln.strip() for ln in str(e).splitlines() if ln.strip()), type(e).__name__)


# DuckDB's words for each kind of refusal (its exception classes are too coarse on their own:
# a locked setting and a write to a read-only database are both InvalidInputException).
# (the tables are views over the snapshot's files: writing into one is "not a table")
_READ_ONLY_RE = re.compile(r"read-only mode|Cannot launch in-memory database|Cannot detach|is not an? table|base table", re.I)
_LOCKED_RE = re.compile(r"configuration has been locked", re.I)
_EXTERNAL_RE = re.compile(r"disabled (?:by|through) configuration|requires the extension|extension", re.I)


def _translate(e: duckdb.Error) -> QueryError:
    detail = _first_line(e)
    if isinstance(e, duckdb.OutOfMemoryException):
        return QueryError(ErrorCode.E507, detail)
    if _LOCKED_RE.search(detail):
        return QueryError(ErrorCode.E505, detail)
    if isinstance(e, duckdb.PermissionException) or _EXTERNAL_RE.search(detail):
        return QueryError(ErrorCode.E504, detail)
    if _READ_ONLY_RE.search(detail):
        return QueryError(ErrorCode.E503, detail)
    return QueryError(ErrorCode.E502, detail)


def query_frame(data_dir: Path, sql: str, limit: int | None = None):
    """:func:`run_readonly` as a pandas DataFrame."""
    return run_readonly(data_dir, sql, limit).to_pandas()
