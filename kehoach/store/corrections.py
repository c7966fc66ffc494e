"""Writing human corrections: the one place outside ingest and cross-check that writes the store.

A correction is appended to the ``corrections`` table through the store's own atomic commit
(:func:`kehoach.store.write.append_rows`: a new file, then the next manifest), so it composes with a
running ingest, with another reviewer saving at the same moment, and survives a kill. Nothing is ever
updated or deleted: the latest row for a key wins. Every connection to the store
(:func:`kehoach.store.read.connect_readonly`, ``kehoach query``) also gets two views that apply the
corrections in SQL, for analysts:

- ``coverage_final``: ``coverage`` with ``status`` corrected, plus ``machine_status``, ``reviewed``
  (a person confirmed or changed it), ``corrected`` (the value differs from the machine's) and
  ``correction_note``;
- ``documents_final``: ``documents`` without its two large columns (``text``, ``extraction_json``),
  header fields corrected, plus ``corrected_fields``.

The same rules in Python (for the report, the workbook and the web pages) live in
:mod:`kehoach.present.corrections`; a test checks that both agree.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import duckdb

from kehoach.schemas.corrections import CORRECTABLE_FIELDS, CorrectionRow, CorrectionTarget
from kehoach.schemas.tables import column_kinds

TABLE = "corrections"


class CorrectionError(ValueError):
    """A correction that cannot be recorded (unknown field, empty note, …)."""


def _latest(target: str, keys: str) -> str:
    """The latest correction per key (a withdrawal included: it hides the earlier ones)."""
    return (
        f"SELECT * FROM {TABLE} WHERE target = '{target}' "
        f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY created_at DESC, correction_id DESC) = 1"
    )


COVERAGE_FINAL = f"""WITH latest AS ({_latest("coverage", "doc_id, directive_doc_id, item_id, field")})
SELECT c.* REPLACE (coalesce(k.new_value, c.status) AS status),
       c.status AS machine_status,
       k.new_value IS NOT NULL AS reviewed,
       coalesce(k.new_value IS DISTINCT FROM c.status AND k.new_value IS NOT NULL, false) AS corrected,
       CASE WHEN k.new_value IS NOT NULL THEN k.note END AS correction_note
FROM coverage c
LEFT JOIN latest k ON k.field = 'status' AND k.doc_id = c.lower_doc_id AND k.directive_doc_id = c.directive_doc_id
    AND k.item_id = c.item_id AND k.item_text = c.item_text"""


def _documents_final() -> str:
    fields = CORRECTABLE_FIELDS[CorrectionTarget.documents]
    kinds = column_kinds("documents")
    pivot = ", ".join(f"max(new_value) FILTER (WHERE field = '{f}') AS \"{f}\"" for f in fields)
    replace = ", ".join(f'coalesce(TRY_CAST(k."{f}" AS {SQL_TYPES[kinds[f]]}), d."{f}") AS "{f}"' for f in fields)
    return f"""WITH latest AS ({_latest("documents", "doc_id, field")}),
k AS (SELECT doc_id, {pivot}, list(field ORDER BY field) AS corrected_fields FROM latest WHERE new_value IS NOT NULL GROUP BY doc_id)
SELECT d.* EXCLUDE (text, extraction_json) REPLACE ({replace}),
       coalesce(k.corrected_fields, []::VARCHAR[]) AS corrected_fields
FROM documents d LEFT JOIN k USING (doc_id)"""


SQL_TYPES = {"str": "VARCHAR", "date": "DATE", "int": "BIGINT"}
# view name → its SELECT, over the tables it needs (the store creates them where those exist)
VIEWS: dict[str, str] = {"coverage_final": COVERAGE_FINAL, "documents_final": _documents_final()}
VIEW_NEEDS: dict[str, tuple[str, ...]] = {"coverage_final": ("coverage", TABLE), "documents_final": ("documents", TABLE)}


def create_views(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """The views over the tables that exist (called by the store for every connection)."""
    for name, select in VIEWS.items():
        if set(VIEW_NEEDS[name]) <= tables:
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {select}")


def make_correction(
    target: CorrectionTarget | str,
    doc_id: str,
    field: str,
    old_value: str | None,
    new_value: str | None,
    note: str,
    author: str | None = None,
    directive_doc_id: str | None = None,
    item_id: str | None = None,
    item_text: str | None = None,
) -> CorrectionRow:
    """A validated correction row (raises :class:`CorrectionError`)."""
    target = CorrectionTarget(target)
    if field not in CORRECTABLE_FIELDS[target]:
        raise CorrectionError(f"Không sửa được trường {field!r} / field {field!r} cannot be corrected")
    if target is CorrectionTarget.coverage and not (directive_doc_id and item_id and item_text):
        raise CorrectionError("Thiếu văn bản cấp trên hoặc mục / coverage corrections need the directive and the item")
    note = (note or "").strip()
    if not note:
        raise CorrectionError("Cần ghi lý do / a note is required")
    if field == "issued_date" and new_value:
        try:
            dt.date.fromisoformat(new_value)
        except ValueError:
            raise CorrectionError(f"Ngày không hợp lệ / not a date (YYYY-MM-DD): {new_value}") from None
    return CorrectionRow(
        correction_id=uuid.uuid4().hex,
        target=target,
        doc_id=doc_id,
        directive_doc_id=directive_doc_id,
        item_id=item_id,
        item_text=item_text,
        field=field,
        old_value=old_value,
        new_value=new_value if new_value is None else new_value.strip() or None,
        note=note,
        author=author or None,
        created_at=dt.datetime.now(dt.UTC),
    )


def add_corrections(data_dir: Path, rows: list[CorrectionRow]) -> int:
    """Append corrections atomically (one store commit). Returns the store's new version."""
    from kehoach.store.write import append_rows

    return append_rows(Path(data_dir), TABLE, rows)
