"""Reading the table store: one loader per question, used by everyone (CLI, cross-check, reports).

See :mod:`kehoach.store.write` for the layout of a data directory and how writes stay atomic.
Nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from kehoach.schemas.contract import Extraction
from kehoach.schemas.crosscheck import CROSSCHECK_TABLES, CrosscheckResult

DB_FILE = "kehoach.duckdb"
MANIFEST_FILE = "_manifest.json"
LOCK_FILE = ".kehoach.lock"
STATE_TABLE = "_state"  # key/value: generation of the database (hidden from `kehoach tables`)


def default_data_dir() -> Path:
    """``data/processed`` under the current directory."""
    return Path.cwd() / "data" / "processed"


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILE


# ---------------------------------------------------------------- reading


def connect_readonly(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database (FileNotFoundError when nothing was ingested yet)."""
    path = db_path(data_dir)
    if not path.is_file():
        raise FileNotFoundError(path)
    return duckdb.connect(str(path), read_only=True)


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    return [n for n in names if not n.startswith("_")]


def table_counts(data_dir: Path) -> dict[str, int]:
    """Row count of every table in the database ({} when there is none)."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return {}
    with con:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in list_tables(con)}


def load_extractions(data_dir: Path) -> list[tuple[str, Extraction]]:
    """Every stored document as ``(doc_id, Extraction)``, ordered by doc_id (for the cross-check)."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return []
    with con:
        rows = con.execute("SELECT doc_id, extraction_json FROM documents ORDER BY doc_id").fetchall()
    return [(doc_id, Extraction.model_validate_json(js)) for doc_id, js in rows]


def load_crosscheck(data_dir: Path) -> CrosscheckResult | None:
    """The stored cross-check tables as row models (None when no cross-check was stored yet)."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return None
    with con:
        present = set(list_tables(con))
        if not set(CROSSCHECK_TABLES) <= present:
            return None
        tables = {}
        for name, model in CROSSCHECK_TABLES.items():
            cur = con.execute(f'SELECT * FROM "{name}"')
            cols = [d[0] for d in cur.description]
            tables[name] = [model.model_validate(dict(zip(cols, row, strict=True))) for row in cur.fetchall()]
    return CrosscheckResult.from_tables(tables)


def store_state(data_dir: Path) -> dict[str, str]:
    """The store's state keys (generation, docs_version, crosscheck_basis); {} when there is no store."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return {}
    with con:
        if STATE_TABLE not in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}:
            return {}
        return dict(con.execute(f"SELECT key, value FROM {STATE_TABLE}").fetchall())


def documents_version(data_dir: Path) -> str:
    """A counter that moves whenever the stored documents change (the cross-check's basis)."""
    return store_state(data_dir).get("docs_version", "0")


def crosscheck_current(data_dir: Path) -> bool:
    """True when the stored cross-check was computed on the stored documents (or nothing is stored)."""
    state = store_state(data_dir)
    return state.get("docs_version", "0") == state.get("crosscheck_basis", "0")


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
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return {}, {}
    with con:
        files = con.execute(
            "SELECT f.source_path, f.sha256, f.doc_id, f.status, f.versions, r.code FROM files f "
            "LEFT JOIN rejections r ON r.file = f.source_path"
        ).fetchall()
        docs = con.execute("SELECT sha256, doc_id, versions FROM documents").fetchall()
    known = {p: KnownFile(sha, did, st, ver, code) for p, sha, did, st, ver, code in files}
    return known, {sha: (did, ver) for sha, did, ver in docs}


def _db_generation(data_dir: Path) -> str | None:
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return None
    with con:
        row = con.execute(f"SELECT value FROM {STATE_TABLE} WHERE key = 'generation'").fetchone()
    return row[0] if row else None


def _manifest(data_dir: Path) -> dict:
    try:
        return json.loads((Path(data_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------- rows for presentation (web, report)


def load_rows(data_dir: Path, table: str, where: str = "", params: list | None = None) -> list[dict]:
    """Rows of one table as dicts ([] when the database or the table does not exist yet).
    ``where``: an optional SQL condition with ``?`` parameters (never user SQL)."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return []
    with con:
        if table not in list_tables(con):
            return []
        cur = con.execute(f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else ""), params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def load_corrections(data_dir: Path) -> list:
    """Every human correction (``list[CorrectionRow]``, oldest first; [] when none was made)."""
    from kehoach.schemas.corrections import CorrectionRow

    rows = load_rows(data_dir, "corrections")
    return sorted((CorrectionRow.model_validate(r) for r in rows), key=lambda r: (r.created_at, r.correction_id))
