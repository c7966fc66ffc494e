"""The extractor registry: declarations match the functions, the run order follows requirements,
and every record list becomes a table whose columns are the record's fields."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED_TXT

from kehoach.extract import extract_canonical, read_canonical
from kehoach.extractors import EXTRACTORS, REGISTRY, Extractor, _check, run_order, versions_key
from kehoach.schemas.contract import Deadline, walk_sections
from kehoach.schemas.tables import DOC_TABLES, RECORD_TABLES, TABLES, extraction_rows, record_row_model


def test_every_requirement_runs_first():
    order = [e.name for e in run_order()]
    assert order[0] == "header" and sorted(order) == sorted(REGISTRY)
    for e in EXTRACTORS:
        assert all(order.index(r) < order.index(e.name) for r in e.requires), e.name


def test_run_order_of_one_extractor_takes_only_what_it_needs():
    assert [e.name for e in run_order(["campaigns"])] == ["header", "sections", "citations", "deadlines", "campaigns"]
    assert [e.name for e in run_order(["header"])] == ["header"]


def test_a_declaration_that_does_not_match_its_function_is_refused():
    def extract_x(doc, header, sections):
        return []

    with pytest.raises(TypeError, match="requires"):
        _check([Extractor("x", "1", extract_x, requires=("header",))])
    with pytest.raises(TypeError, match="unknown"):
        _check([Extractor("x", "1", extract_x, requires=("header", "nope"))])


def test_versions_key_names_every_extractor():
    assert versions_key().split(",") == sorted(e.tag for e in EXTRACTORS)


def test_record_tables_come_from_the_record_models():
    assert "documents" in TABLES and list(TABLES)[-3:] == ["files", "rejections", "runs"]
    for e in EXTRACTORS:
        if e.record is None:
            continue  # the header fills the documents table
        tables = [t for t in RECORD_TABLES.values() if t.source == e.name]
        assert tables, e.name
        assert all(t.name in DOC_TABLES and TABLES[t.name] is t.model for t in tables)
    model = record_row_model(Deadline)
    assert list(model.model_fields) == ["doc_id", "ordinal", *Deadline.model_fields, "extractor"]
    assert model.model_fields["kind"].description == Deadline.model_fields["kind"].description


@pytest.mark.parametrize("path", SEED_TXT[:2], ids=lambda p: p.stem[:3])
def test_each_record_becomes_a_row(path):
    ex = extract_canonical(read_canonical(path))
    assert set(ex.extractors) == set(REGISTRY)
    rows = extraction_rows("d" * 16, str(path), ex, versions_key(), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert len(rows["deadlines"]) == len(ex.deadlines) and len(rows["citations"]) == len(ex.citations)
    for d, row in zip(ex.deadlines, rows["deadlines"], strict=True):
        assert (row["text"], row["start"], row["end"], row["kind"]) == (d.text, d.start, d.end, d.kind.value)
        assert row["extractor"] == REGISTRY["deadlines"].tag and row["doc_id"] == "d" * 16
    assert len(rows["sections"]) == len(list(walk_sections(ex.sections)))


@pytest.mark.parametrize("path", SEED_TXT, ids=lambda p: p.stem[:3])
def test_section_column_joins_the_sections_table(path):
    """One section-path convention: responsibilities, deadlines and criteria name the sections row
    (section_path) whose span holds them — the innermost one."""
    ex = extract_canonical(read_canonical(path))
    rows = extraction_rows("d" * 16, str(path), ex, versions_key(), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    spans = {r["section_path"]: (r["start"], r["end"]) for r in rows["sections"]}
    joined = 0
    for table in ("responsibilities", "deadlines", "criteria"):
        for r in rows[table]:
            if r["section"] is None:
                assert r["start"] is None or not any(a <= r["start"] < b for a, b in spans.values()), (table, r["text"])
                continue
            a, b = spans[r["section"]]
            assert a <= r["start"] < max(b, a + 1), (table, r["section"], r["text"])
            inner = [p for p, (x, y) in spans.items() if p.startswith(r["section"] + ".") and x <= r["start"] < y]
            assert not inner, (table, r["section"], inner)
            joined += 1
    assert joined or not rows["sections"]  # a công văn without numbered sections (seed 003) names none
