"""The table store: one DuckDB database plus one Parquet file per table, under ``data/processed/``.

Layout of a data directory::

    kehoach.duckdb          every table (the source of truth)
    <table>.parquet         the same tables for pandas, Excel add-ins, other tools
    _manifest.json          generation + row counts of the Parquet export
    .kehoach.lock           writer lock (only one writer at a time; readers never wait)

**Atomic writes (copy-on-write).** Nothing ever modifies the live database in place. A write
copies it to a temp file beside it, applies the change there in one transaction (delete the
replaced rows, insert the new ones), checkpoints and fsyncs it, then ``os.replace``s it over
``kehoach.duckdb``: a single rename, atomic on POSIX. A process killed at any moment leaves
either the old or the new database, never a half-written one; readers that had the old file
open keep reading it. Parquet files are exported after the swap, each to a temp name and
renamed; ``_manifest.json`` (written last) records the database generation it matches, and
any later write re-exports all tables when the manifest is behind (a kill between the
database swap and the export is repaired by the next run). Writers take an ``flock`` on
``.kehoach.lock`` and apply a *delta* to whatever the current database holds, so two writers
(``kehoach watch`` and a manual ``kehoach ingest``) compose instead of losing rows.

Identity: a file is its absolute path (table ``files``); a document is its content
(``doc_id`` = SHA-256 prefix). Record rows are keyed by ``doc_id``; after every write, rows of
documents that no path in ``files`` holds any more are dropped (changed or removed files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from kehoach.schemas.document import Frozen
from kehoach.schemas.tables import DOC_TABLES, TABLES, column_kinds, row_dict, row_model
from kehoach.store.read import (
    DB_FILE,
    LOCK_FILE,
    MANIFEST_FILE,
    STATE_TABLE,
    _db_generation,
    _manifest,
    connect_readonly,
    db_path,
    list_tables,
)

_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "list_str": pa.list_(pa.string()),
}


def arrow_schema(table: str) -> pa.Schema:
    """Arrow schema of a registered table, from its row model in ``schemas/tables.py``."""
    return pa.schema([pa.field(name, _ARROW[kind]) for name, kind in column_kinds(table).items()])


def rows_to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts from the row models) → an Arrow table with the registered types."""
    schema = arrow_schema(table)
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


# ---------------------------------------------------------------- writing


@contextlib.contextmanager
def write_lock(data_dir: Path) -> Iterator[None]:
    """Exclusive writer lock (POSIX flock; on systems without fcntl writers are not serialized)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "a+") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass
class Delta:
    """A change to apply to the tables in one atomic write.

    ``rows``: new rows per table (doc tables, files, rejections, runs). ``replace_docs``:
    doc_ids whose old rows are dropped first (re-extracted). ``replace_paths``: paths whose
    ``files`` and ``rejections`` rows are dropped first (re-read or gone from the folder).
    """

    rows: dict[str, list[dict]] = field(default_factory=dict)
    replace_docs: set[str] = field(default_factory=set)
    replace_paths: set[str] = field(default_factory=set)

    def add(self, table: str, rows: list[dict]) -> None:
        self.rows.setdefault(table, []).extend(rows)

    def merge(self, other: Delta) -> None:
        self.replace_docs |= other.replace_docs
        self.replace_paths |= other.replace_paths
        for table, rows in other.rows.items():
            self.add(table, rows)

    def is_empty(self) -> bool:
        return not self.replace_docs and not self.replace_paths and not any(self.rows.values())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Tables of the database being written → their columns in order."""
    out: dict[str, list[str]] = {}
    for table, col in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall():
        out.setdefault(table, []).append(col)
    return out


def _ensure_registered(con: duckdb.DuckDBPyConnection, table: str, existing: dict[str, list[str]]) -> None:
    """Create a registered table if missing; migrate it if its columns differ from the row model
    (an upgrade added or dropped a column: rows are copied by column name, nothing is lost)."""
    wanted = list(TABLES[table].model_fields)
    if existing.get(table) == wanted:
        return
    con.register("_empty", rows_to_arrow(table, []))
    con.execute(f'CREATE TABLE "_new_{table}" AS SELECT * FROM _empty')
    con.unregister("_empty")
    if table in existing:
        cols = ", ".join(f'"{c}"' for c in existing[table] if c in wanted)
        if cols:
            con.execute(f'INSERT INTO "_new_{table}" BY NAME SELECT {cols} FROM "{table}"')
        con.execute(f'DROP TABLE "{table}"')
    con.execute(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if rows:
        con.register("_new", rows_to_arrow(table, rows))
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _new')
        con.unregister("_new")


class Refused(Exception):
    """A write that must not happen (an older cross-check over a newer one): nothing is written."""


def _read_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    if STATE_TABLE not in _tables(con):
        return {}
    return dict(con.execute(f"SELECT key, value FROM {STATE_TABLE}").fetchall())


def _write(data_dir: Path, change, export: bool | set[str], state=None) -> str:
    """Copy the live database to a temp file, apply ``change(con)`` there in one transaction,
    then swap it in atomically (see the module docstring). ``state(old) -> updates`` changes the
    store's state keys in the same transaction. Returns the new generation."""
    data_dir = Path(data_dir)
    with write_lock(data_dir):
        for stale in data_dir.glob(".*.tmp-*"):  # database/Parquet/manifest temps of a killed writer; we hold the lock
            stale.unlink(missing_ok=True)
        live = db_path(data_dir)
        tmp = data_dir / f".{DB_FILE}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        generation = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        if live.is_file():
            shutil.copyfile(live, tmp)  # constant memory, whatever the size of the store
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET threads = 1")  # a write is small; one thread keeps DuckDB's memory low
            con.execute("BEGIN TRANSACTION")
            old = _read_state(con)
            new = old | (state(old) if state else {}) | {"generation": generation}
            change(con)
            con.execute(f"CREATE OR REPLACE TABLE {STATE_TABLE} (key VARCHAR, value VARCHAR)")
            con.executemany(f"INSERT INTO {STATE_TABLE} VALUES (?, ?)", sorted(new.items()))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            _fsync(tmp)
            os.replace(tmp, live)
            with contextlib.suppress(OSError):
                _fsync(data_dir)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            raise
        if export:
            _export_parquet(data_dir, generation, None if export is True else set(export))
    return generation


def apply_delta(data_dir: Path, delta: Delta, export: bool | set[str] = True) -> str:
    """Apply one :class:`Delta` atomically (see the module docstring). ``export``: refresh all
    Parquet files (True), some (a set of table names) or none. Returns the generation."""

    def change(con: duckdb.DuckDBPyConnection) -> None:
        existing = _tables(con)
        for table in TABLES:
            _ensure_registered(con, table, existing)
        con.register("_paths", pa.table({"p": pa.array(sorted(delta.replace_paths), pa.string())}))
        con.register("_docs", pa.table({"d": pa.array(sorted(delta.replace_docs), pa.string())}))
        con.execute("DELETE FROM files WHERE source_path IN (SELECT p FROM _paths)")
        con.execute("DELETE FROM rejections WHERE file IN (SELECT p FROM _paths)")
        for table in ("files", "rejections", "runs"):
            _insert(con, table, delta.rows.get(table, []))
        for table in DOC_TABLES:
            con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT d FROM _docs)')
            _insert(con, table, delta.rows.get(table, []))
            # documents that no path holds any more (file changed or removed) leave every table
            con.execute(f'DELETE FROM "{table}" WHERE doc_id NOT IN (SELECT doc_id FROM files WHERE doc_id IS NOT NULL)')
        con.unregister("_paths")
        con.unregister("_docs")
        # tables written by later stages (cross-check) are left as they are

    touches_docs = bool(delta.replace_docs or delta.replace_paths or any(delta.rows.get(t) for t in DOC_TABLES))

    def state(old: dict[str, str]) -> dict[str, str]:
        # the documents' version: the cross-check is current when it was computed on this one
        return {"docs_version": str(int(old.get("docs_version", "0")) + 1)} if touches_docs else {}

    return _write(data_dir, change, export, state)


def write_tables(data_dir: Path, tables: dict[str, list[Frozen]], basis: str | None = None) -> bool:
    """Create or replace ``tables`` (name → row models) in both DuckDB and Parquet, atomically,
    leaving every other table untouched. For later stages such as the cross-check. Every table
    gets its declared schema (from its row model), also when it has no rows.

    ``basis`` (the cross-check): :func:`kehoach.store.read.documents_version` read before the
    documents were; stored as the cross-check's basis in the same commit. Refused (False, nothing
    written) when the stored cross-check has a newer basis: an older result never replaces a newer one."""
    for name in tables:
        row_model(name)  # KeyError for a table with no declared row model

    def change(con: duckdb.DuckDBPyConnection) -> None:
        for name, rows in tables.items():
            con.register("_rows", rows_to_arrow(name, [row_dict(r) for r in rows]))
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _rows')
            con.unregister("_rows")

    def state(old: dict[str, str]) -> dict[str, str]:
        if basis is None:
            return {}
        if int(old.get("crosscheck_basis", "-1")) > int(basis):
            raise Refused(f"stored cross-check basis {old['crosscheck_basis']} > {basis}")
        return {"crosscheck_basis": basis}

    data_dir = Path(data_dir)
    stale = _manifest(data_dir).get("generation") != _db_generation(data_dir)
    try:
        _write(data_dir, change, export=True if stale else set(tables), state=state)
    except Refused:
        return False
    return True


# ---------------------------------------------------------------- Parquet export


def _export_parquet(data_dir: Path, generation: str, only: set[str] | None) -> None:
    """Export tables of the live database to ``<table>.parquet`` (temp name + rename), then the manifest."""
    con = connect_readonly(data_dir)
    with con:
        con.execute("SET threads = 1")  # with 4 MB row groups: memory stays flat however big the store
        con.execute("SET preserve_insertion_order = false")
        tables = list_tables(con)
        counts = {}
        renames = []
        for t in tables:
            counts[t] = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            if only is not None and t not in only:
                continue
            tmp = data_dir / f".{t}.parquet.tmp-{os.getpid()}"
            con.execute(f"COPY \"{t}\" TO '{tmp.as_posix()}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE_BYTES '4MB')")
            renames.append((tmp, data_dir / f"{t}.parquet"))
    for tmp, final in renames:
        os.replace(tmp, final)
    manifest = {
        "generation": generation,
        "database": DB_FILE,
        "tables": {t: {"file": f"{t}.parquet", "rows": counts[t]} for t in tables},
        "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    tmp = data_dir / f".{MANIFEST_FILE}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, data_dir / MANIFEST_FILE)


def ensure_parquet_current(data_dir: Path) -> bool:
    """Re-export every table when the Parquet files lag the database (a run killed between the
    database swap and the export). Returns True when it re-exported."""
    data_dir = Path(data_dir)
    with write_lock(data_dir):
        generation = _db_generation(data_dir)
        if generation is None or _manifest(data_dir).get("generation") == generation:
            return False
        _export_parquet(data_dir, generation, None)
        return True
