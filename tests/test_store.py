"""The table store (kehoach/pipeline/store.py) and the table schemas (kehoach/schemas/tables.py):
atomic copy-on-write writes, Parquet = DuckDB, write_tables/load_extractions for the cross-check,
read-only queries. Plain functions, no Prefect."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SEED_PDF, SEED_TXT

from kehoach.extract import extract_file
from kehoach.ingest.run import ingest_folder
from kehoach.schemas.crosscheck import CheckKind, CheckRow, Severity
from kehoach.schemas.tables import DOC_TABLES, TABLES, column_descriptions, doc_id_for
from kehoach.store import query as store_query
from kehoach.store import read as store_read
from kehoach.store import write as store_write


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Path, Path]:
    """Three seed .txt files ingested with the plain loop: (input folder, data dir)."""
    root = tmp_path_factory.mktemp("store")
    raw = root / "raw"
    raw.mkdir()
    for p in SEED_TXT[:3]:
        shutil.copy(p, raw / p.name)
    ingest_folder(raw, root / "processed")
    return raw, root / "processed"


def fresh_copy(seeded, tmp_path: Path) -> Path:
    data = tmp_path / "processed"
    shutil.copytree(seeded[1], data)
    return data


def parquet_counts(data: Path) -> dict[str, int]:
    return {p.stem: pq.read_table(p).num_rows for p in data.glob("*.parquet")}


# --- the data dictionary ---------------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_has_a_description(table):
    descs = column_descriptions(table)
    assert descs and all(len(d) > 10 for d in descs.values()), table


@pytest.mark.parametrize("table", DOC_TABLES)
def test_record_tables_carry_doc_id_and_extractor(table):
    cols = TABLES[table].model_fields
    assert "doc_id" in cols and "extractor" in cols


@pytest.mark.parametrize("table", [t for t in DOC_TABLES if t != "documents"])
def test_record_tables_carry_a_span(table):
    cols = TABLES[table].model_fields
    assert "start" in cols and "end" in cols


def test_documents_has_the_flattened_contract_fields():
    wanted = {
        "doc_id",
        "source_path",
        "sha256",
        "format",
        "doc_type",
        "number",
        "issuer_level",
        "issuer_place",
        "parent_level",
        "parent_place",
        "issued_date",
        "year",
        "title",
        "signer_name",
        "text",
        "extraction_json",
    }
    assert wanted <= set(TABLES["documents"].model_fields)


def test_rejections_has_the_issue_columns():
    assert {"file", "sha256", "code", "reason_vi", "reason_en", "when"} <= set(TABLES["rejections"].model_fields)


def test_arrow_schema_types():
    schema = store_write.arrow_schema("deadlines")
    assert schema.field("date").type == pa.date32()  # dates are DATE, so "deadlines in Q4" is plain SQL
    assert schema.field("start").type == pa.int64()
    assert store_write.arrow_schema("responsibilities").field("tasks").type == pa.list_(pa.string())


# --- reading and writing ---------------------------------------------------------------------


def test_parquet_matches_duckdb(seeded):
    data = seeded[1]
    counts = store_read.table_counts(data)
    assert counts["documents"] == 3
    assert set(TABLES) <= set(counts)
    assert parquet_counts(data) == counts
    manifest = json.loads((data / store_read.MANIFEST_FILE).read_text())
    assert {t: v["rows"] for t, v in manifest["tables"].items()} == counts


def test_parquet_round_trips_vietnamese(seeded):
    df = pd.read_parquet(seeded[1] / "documents.parquet")
    assert df["text"].str.contains("Ủy ban nhân dân|UỶ BAN NHÂN DÂN|ỦY BAN NHÂN DÂN", case=False).any()


def test_load_extractions_rebuilds_the_extraction(seeded):
    raw, data = seeded
    loaded = dict(store_read.load_extractions(data))
    assert len(loaded) == 3
    for p in sorted(raw.iterdir()):
        ex = extract_file(p.resolve())
        assert loaded[doc_id_for(ex.source.sha256)] == ex


def test_load_extractions_without_database_is_empty(tmp_path):
    assert store_read.load_extractions(tmp_path) == []
    assert store_read.table_counts(tmp_path) == {}


def test_write_tables_adds_and_replaces_leaving_others(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    before = store_read.table_counts(data)
    docs_parquet = (data / "documents.parquet").stat().st_mtime_ns
    store_write.write_tables(data, {"checks": [_check("a"), _check("b")]})
    store_write.write_tables(data, {"checks": [_check("c")]})
    after = store_read.table_counts(data)
    assert after.pop("checks") == 1
    assert after == before
    stored = pq.read_table(data / "checks.parquet").to_pydict()
    assert stored["doc_id"] == ["c"] and stored["check"] == ["missing_to_chuc_thuc_hien"]
    assert (data / "documents.parquet").stat().st_mtime_ns == docs_parquet  # untouched tables are not rewritten


def test_ingest_keeps_tables_written_by_later_stages(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    store_write.write_tables(data, {"checks": [_check("a")]})
    ingest_folder(seeded[0], data)
    assert store_read.table_counts(data)["checks"] == 1


def test_empty_crosscheck_tables_keep_their_declared_types(seeded, tmp_path):
    """Regression (issue 11): an empty cross-check table once came out typed NULL by pandas and
    the next insert failed with a VARCHAR -> NULL cast."""
    data = fresh_copy(seeded, tmp_path)
    store_write.write_tables(data, {"checks": []})
    con = store_read.connect_readonly(data)
    with con:
        types = dict(
            con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'checks'").fetchall()
        )
    assert types["doc_id"] == "VARCHAR" and types["start"] == "BIGINT"
    store_write.write_tables(data, {"checks": [_check("z")]})
    assert store_read.table_counts(data)["checks"] == 1


def _check(doc_id: str) -> CheckRow:
    return CheckRow(
        doc_id=doc_id,
        check=CheckKind.missing_to_chuc_thuc_hien,
        severity=Severity.warning,
        message="Kế hoạch không có phần Tổ chức thực hiện",
        related_doc_id=None,
        start=None,
        end=None,
        evidence_text=None,
    )


def test_failed_write_leaves_previous_tables(seeded, tmp_path):
    """A write that dies halfway (here: a row the schema refuses) must not touch the live tables."""
    data = fresh_copy(seeded, tmp_path)
    before = store_read.table_counts(data)
    delta = store_write.Delta()
    delta.add(
        "files",
        [
            {
                "source_path": "/x",
                "sha256": "0",
                "doc_id": None,
                "status": "ok",
                "size": "not a number",
                "versions": "v",
                "seen_at": None,
            }
        ],
    )
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        store_write.apply_delta(data, delta)
    assert store_read.table_counts(data) == before
    assert not list(data.glob(".kehoach.duckdb.tmp-*"))


def test_stale_temp_file_from_a_killed_writer_is_cleaned(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    junk = data / ".kehoach.duckdb.tmp-999999-deadbeef"
    junk.write_bytes(b"half a database")
    store_write.apply_delta(data, store_write.Delta())
    assert not junk.exists()


def test_parquet_behind_the_database_is_re_exported(seeded, tmp_path):
    """Kill between the database swap and the Parquet export: the next write re-exports."""
    data = fresh_copy(seeded, tmp_path)
    store_write.apply_delta(data, store_write.Delta(), export=False)  # database moves on, Parquet does not
    (data / "documents.parquet").unlink()
    assert store_write.ensure_parquet_current(data) is True
    assert parquet_counts(data) == store_read.table_counts(data)
    assert store_write.ensure_parquet_current(data) is False


def test_upgrade_with_a_changed_column_set_keeps_rows(seeded, tmp_path):
    """A database from an older kehoach (a column missing, an extra one) is carried over by name."""
    data = fresh_copy(seeded, tmp_path)
    path = store_read.db_path(data)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE documents DROP COLUMN signer_on_behalf")
    con.execute("ALTER TABLE documents ADD COLUMN old_column VARCHAR")
    con.close()
    store_write.apply_delta(data, store_write.Delta())
    con = store_read.connect_readonly(data)
    cols = [r[0] for r in con.execute("DESCRIBE documents").fetchall()]
    n = con.execute("SELECT count(*) FROM documents WHERE signer_on_behalf IS NULL").fetchone()[0]
    con.close()
    assert "signer_on_behalf" in cols and "old_column" not in cols
    assert n == 3


def test_replacing_a_document_drops_its_old_rows(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    con = store_read.connect_readonly(data)
    path, doc_id = con.execute("SELECT source_path, doc_id FROM files ORDER BY source_path LIMIT 1").fetchone()
    con.close()
    delta = store_write.Delta(replace_paths={path})  # the path is gone: its document leaves every table
    store_write.apply_delta(data, delta)
    con = store_read.connect_readonly(data)
    for t in DOC_TABLES:
        assert con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id]).fetchone()[0] == 0, t
    con.close()


# --- read-only queries -----------------------------------------------------------------------


# every refused statement (writes, files, network, settings) is in tests/test_query.py


def test_query_reads(seeded):
    df = store_query.query_frame(seeded[1], "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1")
    assert df["n"].sum() == 3


def test_seed_pdf_and_txt_are_different_documents():
    # same document in two formats = two byte streams = two doc_ids (identity is content bytes)
    assert doc_id_for(extract_file(SEED_PDF[0]).source.sha256) != doc_id_for(extract_file(SEED_TXT[0]).source.sha256)
