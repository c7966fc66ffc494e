"""Reading the table store: one loader per question, used by everyone (CLI, cross-check, reports).

The store is Parquet files plus versioned manifests (see :mod:`kehoach.store.write` for how
writes stay atomic). A reader takes the latest manifest — a *snapshot* — and reads only the
files it lists: files are never changed once written, so a snapshot never changes under its
reader and readers never wait for a writer. Nothing here writes.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from kehoach.schemas.contract import Extraction
from kehoach.schemas.crosscheck import CROSSCHECK_TABLES, CrosscheckResult
from kehoach.schemas.tables import column_kinds

if TYPE_CHECKING:
    import duckdb

MANIFEST_DIR = "_manifests"  # 0000000001.json, 0000000002.json, …: the highest is the current snapshot
LOCK_FILE = ".kehoach.lock"
MANIFEST_DIGITS = 10

_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "list_str": pa.list_(pa.string()),
    "bytes": pa.binary(),
}
_SQL = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
    "list_str": "VARCHAR[]",
    "bytes": "BLOB",
}


def default_data_dir() -> Path:
    """``data/processed`` under the current directory."""
    return Path.cwd() / "data" / "processed"


def arrow_schema(table: str) -> pa.Schema:
    """Arrow schema of a registered table, from its row model (no type inference anywhere)."""
    return pa.schema([pa.field(name, _ARROW[kind]) for name, kind in column_kinds(table).items()])


def manifest_name(version: int) -> str:
    return f"{version:0{MANIFEST_DIGITS}d}.json"


# ---------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Snapshot:
    """One committed version of every table: the files to read, and the store's state."""

    data_dir: Path
    version: int
    manifest: dict = field(repr=False)

    def entries(self, table: str) -> list[dict]:
        return self.manifest["tables"].get(table, [])

    @property
    def tables(self) -> list[str]:
        return list(self.manifest["tables"])

    @property
    def files(self) -> dict[str, list[Path]]:
        """table → its Parquet files (absolute paths), for whoever builds their own connection."""
        return {t: [self.data_dir / e["file"] for e in es] for t, es in self.manifest["tables"].items()}

    def rows(self, table: str) -> int:
        return sum(e["rows"] for e in self.entries(table))

    @property
    def docs_version(self) -> int:
        return int(self.manifest.get("docs_version", 0))

    @property
    def crosscheck_basis(self) -> int | None:
        basis = self.manifest.get("crosscheck_basis")
        return None if basis is None else int(basis)


def manifest_versions(data_dir: Path) -> list[int]:
    try:
        names = os.listdir(Path(data_dir) / MANIFEST_DIR)
    except FileNotFoundError:
        return []
    return sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit())


def store_version(data_dir: Path) -> int:
    """The number of the latest commit (0: nothing stored): changes whenever the store does."""
    versions = manifest_versions(data_dir)
    return versions[-1] if versions else 0


def snapshot(data_dir: Path) -> Snapshot | None:
    """The latest committed snapshot, or None when nothing was ever written."""
    data_dir = Path(data_dir)
    for _ in range(10):  # a manifest removed (expired) between the listing and the read: list again
        versions = manifest_versions(data_dir)
        if not versions:
            return None
        try:
            text = (data_dir / MANIFEST_DIR / manifest_name(versions[-1])).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        return Snapshot(data_dir, versions[-1], json.loads(text))
    raise RuntimeError(f"no readable manifest in {data_dir / MANIFEST_DIR}")


def read_entries(data_dir: Path, table: str, entries: list[dict], columns: list[str] | None = None) -> pa.Table:
    """The rows of some files of ``table``, in its declared schema (columns added since the files
    were written come out NULL)."""
    schema = arrow_schema(table)
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in columns])
    parts = []
    for e in entries:
        t = pq.read_table(Path(data_dir) / e["file"], columns=[c for c in schema.names if c in e.get("columns", schema.names)])
        for f in schema:
            if f.name not in t.column_names:
                t = t.append_column(f, pa.nulls(t.num_rows, f.type))
        parts.append(t.select(schema.names).cast(schema))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def load_table(data_dir: Path, table: str, columns: list[str] | None = None) -> pa.Table:
    """A whole table of the current snapshot as Arrow, in its declared schema (also when empty)."""
    snap = snapshot(data_dir)
    return read_entries(data_dir, table, snap.entries(table) if snap else [], columns)


# ---------------------------------------------------------------- DuckDB over a snapshot


def _view_sql(snap: Snapshot, table: str) -> str | None:
    """SELECT over the table's files with its declared columns, or None when it has no file."""
    entries = snap.entries(table)
    if not entries:
        return None
    kinds = column_kinds(table)
    present: set[str] = set()
    for e in entries:
        present.update(e.get("columns", kinds))
    cols = [f'"{c}"' if c in present else f'CAST(NULL AS {_SQL[k]}) AS "{c}"' for c, k in kinds.items()]
    files = ", ".join("'" + (snap.data_dir / e["file"]).as_posix().replace("'", "''") + "'" for e in entries)
    return f"SELECT {', '.join(cols)} FROM read_parquet([{files}], union_by_name = true)"


def attach_snapshot(con: duckdb.DuckDBPyConnection, snap: Snapshot | None) -> None:
    """One view per table of ``snap`` in ``con``'s current catalog (an empty typed table for a
    table without rows). ``con`` may be a file (kehoach.store.query builds a read-only catalog)."""
    if snap is None:
        return
    for table in snap.tables:
        sql = _view_sql(snap, table)
        if sql is None:
            cols = ", ".join(f'"{c}" {_SQL[k]}' for c, k in column_kinds(table).items())
            con.execute(f'CREATE TABLE "{table}" ({cols})')
        else:
            con.execute(f'CREATE VIEW "{table}" AS {sql}')
    from kehoach.store.corrections import create_views  # corrections applied in SQL (web's views)

    create_views(con, set(snap.tables))


def connect_readonly(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the current snapshot
    (FileNotFoundError when nothing was ingested yet). The snapshot does not change while the
    connection lives; open a new connection to see later commits."""
    snap = snapshot(data_dir)
    if snap is None:
        raise FileNotFoundError(Path(data_dir) / MANIFEST_DIR)
    import duckdb  # here: the processes that only stage or read Parquet (flow runs) never load DuckDB

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute("SET threads = 2")
    attach_snapshot(con, snap)
    return con


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    return [n for n in names if not n.startswith("_")]


def table_counts(data_dir: Path) -> dict[str, int]:
    """Row count of every table ({} when there is no store): from the manifest, no file is read."""
    snap = snapshot(data_dir)
    return {t: snap.rows(t) for t in snap.tables} if snap else {}


def document_ids(data_dir: Path) -> set[str]:
    """Every stored document's id."""
    return set(load_table(data_dir, "documents", ["doc_id"]).column("doc_id").to_pylist())


def read_documents_rows(snap: Snapshot, table: str, ids: set[str], columns: list[str] | None = None) -> pa.Table:
    """The rows of some documents in a document table of ``snap``: only the batches that hold them are
    opened, and in them only the row groups that can (files are sorted by doc_id)."""
    schema = arrow_schema(table)
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in columns])
    parts = []
    for batch, docs in snap.manifest.get("batches", {}).items():
        want = sorted(ids.intersection(docs))
        if not want:
            continue
        for e in snap.entries(table):
            if e.get("batch") != batch:
                continue
            present = [c for c in schema.names if c in e.get("columns", schema.names)]
            for t in _row_groups_with(snap.data_dir / e["file"], want, present):
                for f in schema:
                    if f.name not in t.column_names:
                        t = t.append_column(f, pa.nulls(t.num_rows, f.type))
                parts.append(t.select(schema.names).cast(schema))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _row_groups_with(path: Path, want: list[str], columns: list[str]):
    """The rows of ``want`` (sorted doc_ids) in one Parquet file, a row group at a time (its doc_id
    statistics say which can hold one): memory stays one row group, whatever the file's size."""
    import bisect

    import pyarrow.compute as pc

    pf = pq.ParquetFile(path)
    idx = pf.schema_arrow.get_field_index("doc_id")
    wanted = pa.array(want, pa.string())
    for i in range(pf.metadata.num_row_groups):
        st = pf.metadata.row_group(i).column(idx).statistics
        if st is not None and st.has_min_max:
            j = bisect.bisect_left(want, st.min)
            if j == len(want) or want[j] > st.max:
                continue
        t = pf.read_row_group(i, columns=columns)
        t = t.filter(pc.is_in(t.column("doc_id"), wanted))
        if t.num_rows:
            yield t


def _connected(data_dir: Path, con: duckdb.DuckDBPyConnection | None):
    """``con`` itself (left open: the caller's), or a new read-only connection closed after use;
    None when nothing was ingested yet."""
    if con is not None:
        return contextlib.nullcontext(con)
    try:
        return connect_readonly(data_dir)
    except FileNotFoundError:
        return None


def load_extractions(
    data_dir: Path, where: str = "", params: list | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> list[tuple[str, Extraction]]:
    """Stored documents as ``(doc_id, Extraction)``, ordered by doc_id: every one, or those of the
    SQL condition ``where`` on the documents table (``?`` parameters; never user SQL). ``con``: a
    connection of :func:`connect_readonly` to read through (one for several reads of one snapshot)."""
    if where:
        connected = _connected(data_dir, con)
        if connected is None:
            return []
        with connected as c:
            rows = c.execute(
                f"SELECT doc_id, extraction_json FROM documents WHERE {where} ORDER BY doc_id", params or []
            ).fetchall()
        return [(doc_id, Extraction.model_validate_json(js)) for doc_id, js in rows]
    t = load_table(data_dir, "documents", ["doc_id", "extraction_json"]).sort_by("doc_id")
    return [
        (doc_id, Extraction.model_validate_json(js))
        for doc_id, js in zip(t.column("doc_id").to_pylist(), t.column("extraction_json").to_pylist(), strict=True)
    ]


def load_crosscheck(data_dir: Path) -> CrosscheckResult | None:
    """The stored cross-check tables as row models (None when no cross-check was stored yet)."""
    snap = snapshot(data_dir)
    # coverage_pairs (what each pair was computed from) came later: a cross-check stored before it still reads
    if snap is None or not set(CROSSCHECK_TABLES) - {"coverage_pairs"} <= set(snap.tables):
        return None
    tables = {}
    for name, model in CROSSCHECK_TABLES.items():
        rows = read_entries(data_dir, name, snap.entries(name)).to_pylist()
        tables[name] = [model.model_validate(r) for r in rows]
    return CrosscheckResult.from_tables(tables)


def documents_version(data_dir: Path) -> str:
    """A counter that moves whenever the stored documents change (the cross-check's basis)."""
    snap = snapshot(data_dir)
    return str(snap.docs_version if snap else 0)


def crosscheck_current(data_dir: Path) -> bool:
    """True when the stored cross-check was computed on the stored documents (or nothing is stored)."""
    snap = snapshot(data_dir)
    if snap is None or snap.docs_version == 0:
        return True
    return snap.crosscheck_basis == snap.docs_version


def raw_document_ids(data_dir: Path, canonical_version: str) -> set[str]:
    """Documents whose stored raw document rebuilds today's canonical document."""
    t = load_table(data_dir, "raw_documents", ["doc_id", "canonical_version"])
    return {
        d
        for d, v in zip(t.column("doc_id").to_pylist(), t.column("canonical_version").to_pylist(), strict=True)
        if v == canonical_version
    }


def _one_doc(data_dir: Path, table: str, doc_id: str, columns: list[str]) -> dict | None:
    """One document's row of a document table: only the batch that holds it is read (its files are
    sorted by doc_id in small row groups, so the read stops at one of them)."""
    snap = snapshot(data_dir)
    if snap is None:
        return None
    batch = next((b for b, docs in snap.manifest["batches"].items() if doc_id in docs), None)
    entries = [e for e in snap.entries(table) if e.get("batch") == batch]
    for e in entries:
        t = pq.read_table(Path(data_dir) / e["file"], columns=["doc_id", *columns], filters=[("doc_id", "=", doc_id)])
        if t.num_rows:
            return t.slice(0, 1).to_pylist()[0]
    return None


def load_document_sources(data_dir: Path, doc_id: str) -> tuple[str, str]:
    """``(raw_documents.raw_json, documents.extraction_json)`` of one stored document (re-extraction)."""
    raw = _one_doc(data_dir, "raw_documents", doc_id, ["raw_json"])
    doc = _one_doc(data_dir, "documents", doc_id, ["extraction_json"])
    if raw is None or doc is None:
        raise FileNotFoundError(f"document {doc_id} has no stored raw document")
    return raw["raw_json"], doc["extraction_json"]


@dataclass(frozen=True)
class KnownFile:
    """What the store remembers about one path (input to the ingest plan)."""

    sha256: str | None
    doc_id: str | None
    status: str
    versions: str
    code: str | None  # rejection code when rejected


def read_state(data_dir: Path) -> tuple[dict[str, KnownFile], dict[str, tuple[str, str]]]:
    """``(files by path, {sha256: (doc_id, versions)} of stored documents)``."""
    snap = snapshot(data_dir)
    if snap is None:
        return {}, {}
    files = read_entries(data_dir, "files", snap.entries("files")).to_pylist()
    rejections = read_entries(data_dir, "rejections", snap.entries("rejections"), ["file", "code"]).to_pylist()
    codes = {r["file"]: r["code"] for r in rejections}
    docs = read_entries(data_dir, "documents", snap.entries("documents"), ["sha256", "doc_id", "versions"]).to_pylist()
    known = {
        f["source_path"]: KnownFile(f["sha256"], f["doc_id"], f["status"], f["versions"], codes.get(f["source_path"]))
        for f in files
    }
    return known, {d["sha256"]: (d["doc_id"], d["versions"]) for d in docs}


# ---------------------------------------------------------------- rows for presentation (web, report)


def load_rows(
    data_dir: Path, table: str, where: str = "", params: list | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> list[dict]:
    """Rows of one table as dicts ([] when the database or the table does not exist yet).
    ``where``: an optional SQL condition with ``?`` parameters (never user SQL). ``con``: as in
    :func:`load_extractions`."""
    connected = _connected(data_dir, con)
    if connected is None:
        return []
    with connected as con:
        if table not in list_tables(con):
            return []
        cur = con.execute(f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else ""), params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def load_corrections(data_dir: Path, con: duckdb.DuckDBPyConnection | None = None) -> list:
    """Every human correction (``list[CorrectionRow]``, oldest first; [] when none was made)."""
    from kehoach.schemas.corrections import CorrectionRow

    rows = load_rows(data_dir, "corrections", con=con)
    return sorted((CorrectionRow.model_validate(r) for r in rows), key=lambda r: (r.created_at, r.correction_id))
