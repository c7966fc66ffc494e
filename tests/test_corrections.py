"""Human corrections: stored in `corrections`, applied in the SQL views and in Python alike, kept
across re-ingest of the same files, expired (never silently applied) when a document changes."""

from __future__ import annotations

import shutil

import pytest
from conftest import seed

from kehoach.crosscheck.run import run_crosscheck
from kehoach.ingest.run import ingest_folder
from kehoach.present.corrections import apply_corrections
from kehoach.store.corrections import CorrectionError, add_corrections, make_correction
from kehoach.store.read import connect_readonly, load_corrections, load_crosscheck, load_extractions, table_counts


def query(data, sql):
    """Rows of a query as a DataFrame (a plain read-only connection: these are our own queries)."""
    with connect_readonly(data) as con:
        return con.execute(sql).df()


@pytest.fixture
def store(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in ("000", "004"):
        shutil.copy(seed(n), raw / seed(n).name)
    data = tmp_path / "data"
    ingest_folder(raw, data)
    run_crosscheck(data)
    return raw, data


def _cell(data, status):
    """A coverage row of the commune plan for the district plan with the given machine status."""
    result = load_crosscheck(data)
    return next(c for c in result.coverage if c.status.value == status)


def _python_view(data):
    """coverage as the Python rules show it: {(lower, directive, item): status}."""
    reviewed = apply_corrections(load_extractions(data), load_crosscheck(data), load_corrections(data))
    return {(c.lower_doc_id, c.directive_doc_id, c.item_id): c.status.value for c in reviewed.result.coverage}, reviewed


def _sql_view(data):
    df = query(data, "SELECT lower_doc_id, directive_doc_id, item_id, status FROM coverage_final")
    return {(r.lower_doc_id, r.directive_doc_id, r.item_id): r.status for r in df.itertuples()}


def test_a_status_correction_applies_everywhere_and_survives_reingest(store):
    raw, data = store
    cell = _cell(data, "missing")
    row = make_correction(
        "coverage",
        cell.lower_doc_id,
        "status",
        "missing",
        "implemented",
        "Xã đã ghi ở mục III.2",
        author="Lan",
        directive_doc_id=cell.directive_doc_id,
        item_id=cell.item_id,
        item_text=cell.item_text,
    )
    add_corrections(data, [row])
    key = (cell.lower_doc_id, cell.directive_doc_id, cell.item_id)
    py, reviewed = _python_view(data)
    assert py[key] == "implemented" and reviewed.cell(*key).corrected
    assert _sql_view(data) == py  # the SQL views and the Python rules agree on every row
    (flags,) = query(
        data,
        "SELECT machine_status, reviewed, corrected, correction_note FROM coverage_final "
        f"WHERE lower_doc_id = '{cell.lower_doc_id}' AND item_id = '{cell.item_id}'",
    ).itertuples(index=False)
    assert tuple(flags) == ("missing", True, True, "Xã đã ghi ở mục III.2")
    assert table_counts(data)["corrections"] == 1  # stored as a table of its own (the views are built on read)

    # the same files again, and a new cross-check: the correction holds
    ingest_folder(raw, data)
    run_crosscheck(data)
    py, _ = _python_view(data)
    assert py[key] == "implemented" and _sql_view(data) == py
    with connect_readonly(data) as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 1

    # a withdrawal brings the machine's value back
    add_corrections(
        data,
        [row.model_copy(update={"correction_id": "z" * 32, "new_value": None, "created_at": row.created_at.replace(year=2100)})],
    )
    py, reviewed = _python_view(data)
    assert py[key] == "missing" and reviewed.cell(*key) is None and _sql_view(data) == py


def test_a_correction_expires_when_the_document_changes(store):
    raw, data = store
    cell = _cell(data, "missing")
    add_corrections(
        data,
        [
            make_correction(
                "coverage",
                cell.lower_doc_id,
                "status",
                "missing",
                "partial",
                "kiểm tra lại",
                directive_doc_id=cell.directive_doc_id,
                item_id=cell.item_id,
                item_text=cell.item_text,
            )
        ],
    )
    plan = raw / seed("000").name
    plan.write_text(plan.read_text(encoding="utf-8") + "\nBổ sung: một dòng mới.\n", encoding="utf-8")
    ingest_folder(raw, data)
    run_crosscheck(data)
    py, reviewed = _python_view(data)
    assert not reviewed.coverage and len(reviewed.stale) == 1  # listed as stale, applied nowhere
    assert _sql_view(data) == py
    assert query(data, "SELECT count(*) AS n FROM coverage_final WHERE reviewed").n[0] == 0
    assert len(load_corrections(data)) == 1  # kept as history


def test_a_header_correction(store):
    _, data = store
    doc_id, ex = next((d, e) for d, e in load_extractions(data) if e.issuer.place == "Minh Tâm")
    add_corrections(
        data,
        [
            make_correction("documents", doc_id, "number", ex.number, "12/KH-UBND", "số ghi tay trên bản giấy"),
            make_correction("documents", doc_id, "issued_date", ex.issued_date, "2024-03-20", "ngày trên bản ký"),
        ],
    )
    df = query(data, f"SELECT number, issued_date, corrected_fields FROM documents_final WHERE doc_id = '{doc_id}'")
    assert df.number[0] == "12/KH-UBND" and str(df.issued_date[0])[:10] == "2024-03-20"
    assert list(df.corrected_fields[0]) == ["issued_date", "number"]
    _, reviewed = _python_view(data)
    fixed = dict(reviewed.items)[doc_id]
    assert (fixed.number, fixed.issued_date, fixed.year) == ("12/KH-UBND", "2024-03-20", 2024)
    assert reviewed.fields[(doc_id, "number")].machine == ex.number


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # a column nobody may correct
        (("documents", "x", "text", None, "y", "note"), "field"),
        # no reason given
        (("documents", "x", "number", None, "1/KH", "  "), "note"),
        # not a date
        (("documents", "x", "issued_date", None, "20/03/2024", "n"), "date"),
        # a status correction without its item
        (("coverage", "x", "status", "missing", "implemented", "n"), "item"),
    ],
)
def test_bad_corrections_are_refused(args, message):
    with pytest.raises(CorrectionError, match=message):
        make_correction(*args)
