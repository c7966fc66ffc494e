"""The web app's questions to the store, in one place: plain read-only SQL through
:func:`kehoach.store.read.connect_readonly` (never user SQL: that goes to the sandbox of
:mod:`kehoach.store.query`), and the report model for one higher document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kehoach.present.model import Sources, report_model
from kehoach.present.report import load_sources
from kehoach.schemas.contract import Extraction
from kehoach.store.read import connect_readonly, list_tables, load_crosscheck, load_extractions, load_rows, table_counts

FACETS = {
    "doc_type": "Loại văn bản",
    "issuer_level": "Cấp ban hành",
    "issuer_place": "Nơi ban hành",
    "year": "Năm",
    "admin": "Văn bản hành chính",
}
PAGE_SIZE = 50


@dataclass(frozen=True)
class DocFilter:
    doc_type: str | None = None
    issuer_level: str | None = None
    issuer_place: str | None = None
    year: int | None = None
    admin: bool | None = None  # True: an official document (documents.administrative), False: a page about documents
    q: str | None = None  # words in the number, title, issuer or text; tone marks optional

    def where(self, skip: str | None = None) -> tuple[str, list]:
        """SQL condition and parameters (``skip``: one facet left out, for its own counts)."""
        conds, params = [], []
        for col in ("doc_type", "issuer_level", "issuer_place", "year"):
            value = getattr(self, col)
            if value is not None and col != skip:
                conds.append(f"d.{col} = ?")
                params.append(value)
        if self.admin is not None and skip != "admin":
            conds.append("d.administrative = ?")
            params.append(self.admin)
        if self.q:  # the words were looked up once per request (documents(): table search_hits)
            conds.append("d.doc_id IN (SELECT doc_id FROM search_hits)")
        return (" WHERE " + " AND ".join(conds)) if conds else "", params


# Words in the number, title, issuer or text, tone marks optional. Folding a whole archive's text is
# the cost of a search (1.4 ms per document here), so it runs once per request, not once per facet.
SEARCH_SQL = (
    "CREATE TEMP TABLE search_hits AS SELECT doc_id FROM documents d WHERE "
    "strip_accents(lower(concat_ws(' ', d.number, d.title, d.issuer_name, d.text))) LIKE '%' || strip_accents(lower(?)) || '%'"
)


def _facet_expr(name: str) -> str:
    return "d.administrative" if name == "admin" else f"d.{name}"


def documents(data_dir: Path, f: DocFilter, page: int = 0) -> dict:
    """A page of documents matching ``f``, the total, and the counts of every facet value."""
    try:
        con = connect_readonly(data_dir)
    except FileNotFoundError:
        return {"rows": [], "total": 0, "facets": {}}
    with con:
        if f.q:
            con.execute(SEARCH_SQL, [f.q.strip()])
        dup = "i.duplicate_of" if "doc_identities" in list_tables(con) else "NULL"
        join = "LEFT JOIN doc_identities i USING (doc_id)" if dup != "NULL" else ""
        where, params = f.where()
        total = con.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]
        cur = con.execute(
            f"SELECT d.doc_id, d.doc_type, d.number, d.issuer_name, d.issuer_level, d.issuer_place, d.issued_date, d.year, "
            f"d.title, d.format, d.ocr, d.source_path, {dup} AS duplicate_of FROM documents d {join} {where} "
            "ORDER BY d.issued_date DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?",
            [*params, PAGE_SIZE, page * PAGE_SIZE],
        )
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        facets = {}
        for name in FACETS:
            w, p = f.where(skip=name)
            expr = _facet_expr(name)
            facets[name] = con.execute(
                f"SELECT {expr} AS v, count(*) FROM documents d {w} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 40", p
            ).fetchall()
    return {"rows": rows, "total": total, "facets": facets}


def overview(data_dir: Path) -> dict:
    """Last runs, row counts, files that could not be read."""
    runs = sorted(load_rows(data_dir, "runs"), key=lambda r: r["started_at"], reverse=True)
    rejections = sorted(load_rows(data_dir, "rejections"), key=lambda r: r["file"])
    counts = table_counts(data_dir)
    return {"runs": runs[:10], "n_runs": len(runs), "counts": counts, "rejections": rejections}


def document(data_dir: Path, doc_id: str) -> tuple[dict, Extraction] | None:
    """The stored row of one document and its extraction (None when there is no such document)."""
    rows = load_rows(data_dir, "documents", "doc_id = ?", [doc_id])
    if not rows:
        return None
    row = rows[0]
    return row, Extraction.model_validate_json(row["extraction_json"])


def original_paths(data_dir: Path, doc_id: str) -> list[str]:
    """Paths in the drop folder that hold this document (same content at several paths: all of them)."""
    return sorted(r["source_path"] for r in load_rows(data_dir, "files", "doc_id = ?", [doc_id]))


def pages(data_dir: Path, doc_id: str) -> list[tuple[int, int, int]]:
    """(page, start, end) of a PDF document's pages ([] when the store has no page table yet)."""
    return sorted((r["page"], r["start"], r["end"]) for r in load_rows(data_dir, "pages", "doc_id = ?", [doc_id]))


def higher_documents(data_dir: Path) -> list[dict]:
    """Every higher document with lower units or plans: id, label, counts."""
    result = load_crosscheck(data_dir)
    if result is None:
        return []
    ids = sorted({u.directive_doc_id for u in result.unit_plans} | {c.directive_doc_id for c in result.coverage})
    units: dict[str, list] = {}
    for u in result.unit_plans:
        units.setdefault(u.directive_doc_id, []).append(u)
    items: dict[str, int] = {}
    for d in result.directives:
        items[d.directive_doc_id] = items.get(d.directive_doc_id, 0) + 1
    found = dict(load_extractions(data_dir, "list_contains(?, doc_id)", [ids])) if ids else {}  # one read, not one per row
    return [
        {
            "doc_id": h,
            "ex": found[h],
            "units": len(units.get(h, [])),
            "with_plan": sum(1 for u in units.get(h, []) if u.has_plan),
            "items": items.get(h, 0),
        }
        for h in ids
        if h in found
    ]


def _stamp(data_dir: Path) -> tuple:
    """What changes whenever the store does (every commit is a new manifest number)."""
    from kehoach.store.read import store_version

    return (store_version(data_dir),)


@lru_cache(maxsize=4)
def _model(data_dir: Path, stamp: tuple, unit: str | None) -> dict | None:
    src: Sources | None = load_sources(data_dir)
    return None if src is None else report_model(src, unit)


def report(data_dir: Path, unit: str | None = None) -> dict | None:
    """The report model of the whole store, corrections applied (cached until the store changes:
    reading every document for each click would not scale to a province's archive)."""
    return _model(Path(data_dir), _stamp(data_dir), unit)


def matrix_model(data_dir: Path, higher: str, unit: str | None = None) -> dict | None:
    """The report model (corrections applied) for one higher document, None when unknown."""
    model = report(data_dir, unit)
    if model is None:
        return None
    block = next((b for b in model["blocks"] if b["doc_id"] == higher), None)
    return None if block is None else {**model, "block": block}
