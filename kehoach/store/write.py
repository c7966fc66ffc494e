"""The table store: immutable Parquet files plus versioned manifests, under ``data/processed/``.

Layout of a data directory::

    _manifests/0000000042.json   the committed snapshots; the highest number is the current one
    <table>/<uuid>.parquet       the rows, in files that are never modified once written
    .kehoach.lock                serializes writers on one machine (readers never take it)

**A commit writes only what changed** (no copy of the store): new rows go to new files; a
replaced or removed document rewrites only the batch file(s) that held it; the small keyed
tables (``files``, ``rejections``) are rewritten whole; cross-check tables are replaced whole.
Then the next manifest — the full list of files per table, and the store's state — is written
to a temporary file, fsynced, and **created** under its number with ``link()`` (atomic, fails if
the number exists). That creation is the commit:

- a process killed at any moment leaves the last committed snapshot readable and complete (files
  written before the kill are just not referenced yet; they expire);
- readers read one manifest and the files it lists, which never change: they never wait;
- two writers compose: each builds its manifest from the latest one and applies its *delta*
  (rows to add, documents and paths to replace); if another writer took the number first,
  ``link()`` fails and the delta is applied again on top of the newer manifest. On one machine
  writers also take a ``flock`` so they rarely collide; across machines (a shared folder over
  NFS/SMB) ``link()`` alone keeps commits safe.

**State in the commit**: ``docs_version`` moves whenever documents change; ``crosscheck_basis``
records which ``docs_version`` the stored cross-check was computed on. Both are in the manifest,
so a cross-check and the documents it describes are committed atomically; a cross-check computed
on an older basis than the stored one is refused.

**Expiry**: manifests older than :data:`KEEP_SECONDS` (except the last :data:`KEEP_MANIFESTS`)
and files no kept manifest references (once they are that old too) are deleted after a commit.
A reader that keeps one snapshot open longer than that may find its files gone: reconnect.

Identity: a file is its absolute path (table ``files``); a document is its content
(``doc_id`` = SHA-256 prefix). Record rows are keyed by ``doc_id``; after every write, rows of
documents that no path in ``files`` holds any more are dropped (changed or removed files).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kehoach.schemas.document import Frozen
from kehoach.schemas.tables import DOC_TABLES, row_dict, row_model
from kehoach.store.read import (
    LOCK_FILE,
    MANIFEST_DIR,
    Snapshot,
    arrow_schema,
    manifest_name,
    manifest_versions,
    read_entries,
    snapshot,
)

FORMAT = 1
KEEP_SECONDS = 900.0  # a snapshot stays readable at least this long after a newer one is committed
KEEP_MANIFESTS = 3
EXPIRE_EVERY_S = 60.0  # expiry reads every kept manifest: once a minute per writer is plenty
_last_expiry: dict[Path, float] = {}
MERGED_DOCS = 1000  # compaction makes batches of at most this many documents (a replaced one rewrites its batch)
MAX_BATCHES = 48  # more batches than this in the document tables: the small ones are merged
SMALL_BATCH_DOCS = 400
SMALL_GROUPS = {"documents": 64, "raw_documents": 64}  # large rows read one document at a time (re-extraction)
KEYED = {"files": "source_path", "rejections": "file"}  # small tables rewritten whole, keyed by path
APPEND = ("runs",)

__all__ = [
    "Delta",
    "Staged",
    "append_rows",
    "apply_delta",
    "arrow_schema",
    "commit_staged",
    "rows_to_arrow",
    "stage",
    "write_tables",
]


def rows_to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts from the row models) → an Arrow table with the registered types."""
    schema = arrow_schema(table)
    return pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()


@dataclass
class Delta:
    """A change to apply to the tables in one atomic commit.

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


# ---------------------------------------------------------------- files


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_file(data_dir: Path, table: str, data: pa.Table, batch: str | None = None, sync: bool = True) -> dict:
    """Write rows to a new Parquet file of ``table`` (fsynced unless ``sync=False``: the caller
    then syncs a set of files at once, :func:`sync_files`); returns its manifest entry."""
    folder = Path(data_dir) / table
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{table}/{uuid.uuid4().hex}.parquet"
    path = Path(data_dir) / name
    if "doc_id" in data.column_names and data.num_rows:
        data = data.sort_by("doc_id")  # one document's rows are found by row-group statistics
    pq.write_table(data, path, compression="zstd", row_group_size=SMALL_GROUPS.get(table, 64 * 1024))
    if sync:
        sync_files([path])
    entry = {"file": name, "rows": data.num_rows, "columns": data.column_names}
    if batch is not None:
        entry["batch"] = batch
    return entry


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def sync_files(paths: list[Path]) -> None:
    """fsync files side by side (threads: fsync releases the GIL, the disk merges the flushes)."""
    if len(paths) <= 1:
        for p in paths:
            _fsync(p)
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(8, len(paths))) as ex:
        list(ex.map(_fsync, paths))


@contextlib.contextmanager
def write_lock(data_dir: Path) -> Iterator[None]:
    """Writers on one machine take turns (POSIX flock); commits stay safe without it (link())."""
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


class Refused(Exception):
    """A commit that must not happen (an older cross-check over a newer one)."""


def _empty_manifest() -> dict:
    return {"format": FORMAT, "version": 0, "docs_version": 0, "crosscheck_basis": None, "tables": {}, "batches": {}}


OLD_DB_FILE = "kehoach.duckdb"  # the store before issue 11: one DuckDB file, copied on every save


def _cast(table: str, t: pa.Table) -> pa.Table:
    """Rows from elsewhere in ``table``'s declared schema: missing columns NULL, extra ones dropped."""
    schema = arrow_schema(table)
    cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(t.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def _migrate(data_dir: Path) -> dict | None:
    """The first manifest of a store written by an older kehoach (one DuckDB file): every table
    it holds, in today's schemas. The old file is renamed, never deleted."""
    import duckdb

    from kehoach.schemas.crosscheck import CROSSCHECK_TABLES
    from kehoach.schemas.tables import TABLES

    old = data_dir / OLD_DB_FILE
    if not old.is_file():
        return None
    m = _empty_manifest()
    con = duckdb.connect(str(old), read_only=True)
    with con:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        batch = f"b-{uuid.uuid4().hex}"
        for table in [*TABLES, *CROSSCHECK_TABLES]:
            if table not in present:
                continue
            t = _cast(table, con.sql(f'SELECT * FROM "{table}"').to_arrow_table())
            m["tables"][table] = [write_file(data_dir, table, t, batch if table in DOC_TABLES else None)] if t.num_rows else []
        docs = m["tables"].get("documents")
        if docs:
            m["batches"][batch] = sorted(set(read_entries(data_dir, "documents", docs, ["doc_id"]).column("doc_id").to_pylist()))
            m["docs_version"] = 1
            m["crosscheck_basis"] = 1 if set(CROSSCHECK_TABLES) <= present else None
    return m


def commit(data_dir: Path, build: Callable[[Snapshot | None, dict], dict]) -> int:
    """Commit the manifest ``build(latest snapshot, its manifest copy)`` returns; retried on top
    of a newer manifest when another writer committed first. Returns the new version."""
    data_dir = Path(data_dir)
    mdir = data_dir / MANIFEST_DIR
    with write_lock(data_dir):
        mdir.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            snap = snapshot(data_dir)
            base = copy.deepcopy(snap.manifest) if snap else (_migrate(data_dir) or _empty_manifest())
            new = build(snap, base)
            version = (snap.version if snap else 0) + 1
            new |= {"format": FORMAT, "version": version, "written_at": dt.datetime.now(dt.UTC).isoformat()}
            tmp = mdir / f".tmp-{uuid.uuid4().hex}.json"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(new, ensure_ascii=False, separators=(",", ":")))
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, mdir / manifest_name(version))  # the commit: atomic, refuses an existing number
            except FileExistsError:
                continue  # another writer committed first: apply the change again on top of it
            finally:
                tmp.unlink(missing_ok=True)
            _fsync_dir(mdir)
            if snap is None and (data_dir / OLD_DB_FILE).is_file():
                os.replace(data_dir / OLD_DB_FILE, data_dir / f"{OLD_DB_FILE}.migrated")
            break
        else:  # pragma: no cover - 100 collisions in a row
            raise RuntimeError("could not commit: too many concurrent writers")
    if time.monotonic() - _last_expiry.get(data_dir, -EXPIRE_EVERY_S) >= EXPIRE_EVERY_S:
        _last_expiry[data_dir] = time.monotonic()
        with contextlib.suppress(OSError):
            expire(data_dir)
    return version


# ---------------------------------------------------------------- deltas


def _keyed_table(data_dir: Path, m: dict, table: str, drop: set[str], add: list[dict]) -> None:
    """Rewrite a small keyed table: rows whose key is in ``drop`` go, ``add`` comes in."""
    key = KEYED[table]
    if not drop and not add and table in m["tables"]:
        return
    cur = read_entries(data_dir, table, m["tables"].get(table, []))
    if drop and cur.num_rows:
        cur = cur.filter(pc.invert(pc.is_in(cur.column(key), pa.array(sorted(drop), pa.string()))))
    new = pa.concat_tables([cur, rows_to_arrow(table, add)])
    m["tables"][table] = [write_file(data_dir, table, new)] if new.num_rows else []


def _doc_tables(m: dict) -> list[str]:
    """Tables partitioned by document batch (their entries name a batch): the extraction's tables,
    whatever extractors this process has imported."""
    return [t for t, es in m["tables"].items() if any("batch" in e for e in es)]


def _drop_docs(data_dir: Path, m: dict, gone: set[str]) -> bool:
    """Remove documents from the doc tables, rewriting only the batches that held them."""
    changed = False
    doc_tables = _doc_tables(m)
    written: list[Path] = []
    for batch, docs in list(m["batches"].items()):
        hit = gone.intersection(docs)
        if not hit:
            continue
        changed = True
        keep = [d for d in docs if d not in hit]
        for table in doc_tables:
            entries = m["tables"].get(table, [])
            mine = [e for e in entries if e.get("batch") == batch]
            if not mine:
                continue
            others = [e for e in entries if e.get("batch") != batch]
            if keep:
                t = read_entries(data_dir, table, mine)
                t = t.filter(pc.invert(pc.is_in(t.column("doc_id"), pa.array(sorted(hit), pa.string()))))
                if t.num_rows:
                    others.append(write_file(data_dir, table, t, batch, sync=False))
                    written.append(Path(data_dir) / others[-1]["file"])
            m["tables"][table] = others
        if keep:
            m["batches"][batch] = keep
        else:
            del m["batches"][batch]
    sync_files(written)
    return changed


def _compact(data_dir: Path, m: dict) -> None:
    """Merge the small batches of the document tables when there are too many files to open."""
    if len(m["batches"]) <= MAX_BATCHES:
        return
    small = sorted((b for b, docs in m["batches"].items() if len(docs) < SMALL_BATCH_DOCS), key=lambda b: len(m["batches"][b]))
    groups: list[list[str]] = [[]]
    for b in small:  # batches of at most MERGED_DOCS documents
        if groups[-1] and sum(len(m["batches"][x]) for x in groups[-1]) + len(m["batches"][b]) > MERGED_DOCS:
            groups.append([])
        groups[-1].append(b)
    written: list[Path] = []
    for group in (g for g in groups if len(g) > 1):
        merged = f"b-{uuid.uuid4().hex}"
        for table in _doc_tables(m):
            entries = m["tables"].get(table, [])
            mine = [e for e in entries if e.get("batch") in group]
            if not mine:
                continue
            rest = [e for e in entries if e.get("batch") not in group]
            entry = write_file(data_dir, table, read_entries(data_dir, table, mine), merged, sync=False)
            written.append(Path(data_dir) / entry["file"])
            m["tables"][table] = [*rest, entry]
        m["batches"][merged] = [d for b in group for d in m["batches"].pop(b)]
    sync_files(written)


@dataclass
class Staged:
    """A :class:`Delta` whose rows are already in files of the store, not committed yet. Plain
    JSON (:meth:`as_json`): an extraction worker on another machine writes one into the shared
    data folder, and the run that planned the files commits it."""

    batch: str
    docs: list[str]  # documents of the new batch
    entries: dict[str, dict]  # table → entry of the file holding its new rows
    replace_docs: list[str] = field(default_factory=list)
    replace_paths: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "batch": self.batch,
            "docs": self.docs,
            "entries": self.entries,
            "replace_docs": self.replace_docs,
            "replace_paths": self.replace_paths,
        }

    @classmethod
    def from_json(cls, d: dict) -> Staged:
        return cls(d["batch"], list(d["docs"]), dict(d["entries"]), list(d["replace_docs"]), list(d["replace_paths"]))


def stage(data_dir: Path, delta: Delta) -> Staged:
    """Write the rows of ``delta`` to new files (nothing refers to them until :func:`commit_staged`)."""
    batch = f"b-{uuid.uuid4().hex}"
    entries = {  # every table of a delta but the ingest's own is a document table
        t: write_file(data_dir, t, rows_to_arrow(t, rows), None if t in KEYED or t in APPEND else batch, sync=False)
        for t, rows in delta.rows.items()
        if rows
    }
    sync_files([Path(data_dir) / e["file"] for e in entries.values()])
    return Staged(
        batch,
        sorted({r["doc_id"] for r in delta.rows.get("documents", [])}),
        entries,
        sorted(delta.replace_docs),
        sorted(delta.replace_paths),
    )


def commit_staged(data_dir: Path, staged: Staged | list[Staged]) -> int:
    """Commit staged deltas in one atomic commit (see the module docstring). Returns the version."""
    data_dir = Path(data_dir)
    parts = [staged] if isinstance(staged, Staged) else list(staged)
    replace_paths = {p for s in parts for p in s.replace_paths}
    new_docs = {d for s in parts for d in s.docs}
    replace_docs = {d for s in parts for d in s.replace_docs} | new_docs

    def build(snap: Snapshot | None, m: dict) -> dict:
        for table in KEYED:
            added = [s.entries[table] for s in parts if table in s.entries]
            rows = read_entries(data_dir, table, added).to_pylist() if added else []
            _keyed_table(data_dir, m, table, replace_paths, rows)
        for table in (*DOC_TABLES, *APPEND, *(t for s in parts for t in s.entries)):
            m["tables"].setdefault(table, [])
        for s in parts:
            for table in APPEND:
                if table in s.entries:
                    m["tables"][table].append(s.entries[table])
        live = set(pc.drop_null(read_entries(data_dir, "files", m["tables"]["files"], ["doc_id"]).column("doc_id")).to_pylist())
        stored = {d for docs in m["batches"].values() for d in docs}
        changed = _drop_docs(data_dir, m, (stored & replace_docs) | (stored - live))
        for s in parts:
            if s.docs:
                for table, entry in s.entries.items():
                    if "batch" in entry:
                        m["tables"][table].append(entry)
                m["batches"][s.batch] = list(s.docs)
                changed = True
        if changed:
            m["docs_version"] = int(m.get("docs_version", 0)) + 1
            _compact(data_dir, m)
        return m

    return commit(data_dir, build)


def apply_delta(data_dir: Path, delta: Delta, export: object = None) -> int:
    """Stage and commit one :class:`Delta` atomically. Returns the version. (``export`` is
    accepted and ignored: the Parquet files *are* the store.)"""
    data_dir = Path(data_dir)
    return commit_staged(data_dir, stage(data_dir, delta))


def write_tables(data_dir: Path, tables: dict[str, list[Frozen]], basis: str | None = None) -> bool:
    """Replace ``tables`` (name → row models) whole in one commit, every other table untouched
    (later stages: the cross-check, corrections). Every table gets its declared schema, also
    when it has no rows.

    ``basis`` (the cross-check): :func:`kehoach.store.read.documents_version` read before the
    documents were; stored as the cross-check's basis in the same commit. Refused (False, nothing
    committed) when the stored cross-check has a newer basis: an older result never replaces a newer one."""
    for name in tables:
        row_model(name)  # KeyError for a table with no declared row model
        if name in DOC_TABLES or name in KEYED or name in APPEND:
            raise ValueError(f"{name} is written by ingest only")
    data_dir = Path(data_dir)
    entries = {
        name: write_file(data_dir, name, rows_to_arrow(name, [row_dict(r) for r in rows])) for name, rows in tables.items()
    }

    def build(snap: Snapshot | None, m: dict) -> dict:
        if set(tables) & set(_doc_tables(m)):
            raise ValueError(f"{sorted(set(tables) & set(_doc_tables(m)))} are written by ingest only")
        if basis is not None:
            stored = m.get("crosscheck_basis")
            if stored is not None and int(stored) > int(basis):
                raise Refused(f"stored cross-check basis {stored} > {basis}")
            m["crosscheck_basis"] = int(basis)
        for name, entry in entries.items():
            m["tables"][name] = [entry] if entry["rows"] else []
        return m

    try:
        commit(data_dir, build)
    except Refused:
        return False
    return True


def append_rows(data_dir: Path, table: str, rows: list[Frozen]) -> int:
    """Add rows to a table written by a later stage (corrections by people, several at once):
    a new file in one commit, nothing read or rewritten, so two writers never lose a row."""
    row_model(table)
    if table in DOC_TABLES or table in KEYED:
        raise ValueError(f"{table} is written by ingest only")
    data_dir = Path(data_dir)
    entry = write_file(data_dir, table, rows_to_arrow(table, [row_dict(r) for r in rows]))

    def build(snap: Snapshot | None, m: dict) -> dict:
        m["tables"].setdefault(table, []).append(entry)
        return m

    return commit(data_dir, build)


# ---------------------------------------------------------------- expiry


def expire(data_dir: Path, now: float | None = None) -> None:
    """Delete manifests older than :data:`KEEP_SECONDS` (keeping the last few) and the files that
    no remaining manifest references, once they are that old too (a writer may be about to
    commit a fresh one)."""
    data_dir = Path(data_dir)
    now = now or time.time()
    mdir = data_dir / MANIFEST_DIR
    versions = manifest_versions(data_dir)
    kept: list[int] = []
    for i, v in enumerate(versions):
        path = mdir / manifest_name(v)
        recent = i >= len(versions) - KEEP_MANIFESTS
        try:
            old = now - path.stat().st_mtime > KEEP_SECONDS
        except FileNotFoundError:
            continue
        if recent or not old:
            kept.append(v)
        else:
            path.unlink(missing_ok=True)
    referenced: set[str] = set()
    for v in kept:
        try:
            m = json.loads((mdir / manifest_name(v)).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return  # another writer is expiring too: leave the files for next time
        referenced.update(e["file"] for es in m["tables"].values() for e in es)
    for folder in [p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))] + [mdir]:
        for f in folder.iterdir():
            rel = f"{folder.name}/{f.name}"
            if rel in referenced or not (f.name.endswith(".parquet") or f.name.startswith(".tmp-")):
                continue
            with contextlib.suppress(FileNotFoundError):
                if now - f.stat().st_mtime > KEEP_SECONDS:
                    f.unlink()
