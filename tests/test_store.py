"""The table store (kehoach/store/) and the table schemas (kehoach/schemas/tables.py): Parquet
files and versioned manifests, commits that write only what changed, snapshots for readers,
writers that compose, the cross-check's basis, migration of the old single-file store, read-only
queries. Plain functions, no Prefect."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SEED_PDF, SEED_TXT

from kehoach.extract import extract_file
from kehoach.ingest.run import ingest_folder
from kehoach.schemas.crosscheck import CheckKind, CheckRow, Severity
from kehoach.schemas.tables import DOC_TABLES, RECORD_TABLES, TABLES, column_descriptions, doc_id_for
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


# --- the data dictionary ---------------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_has_a_description(table):
    descs = column_descriptions(table)
    assert descs and all(len(d) > 10 for d in descs.values()), table


@pytest.mark.parametrize("table", DOC_TABLES)
def test_document_tables_carry_doc_id(table):
    assert "doc_id" in TABLES[table].model_fields  # rows leave with their document


@pytest.mark.parametrize("table", ["documents", *RECORD_TABLES])
def test_record_tables_carry_doc_id_and_extractor(table):
    cols = TABLES[table].model_fields
    assert "doc_id" in cols and "extractor" in cols


@pytest.mark.parametrize("table", list(RECORD_TABLES))
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


def snapshot_rows(data: Path) -> dict[str, int]:
    """Rows per table counted from the Parquet files of the current snapshot."""
    snap = store_read.snapshot(data)
    return {t: sum(pq.read_table(f).num_rows for f in files) for t, files in snap.files.items()}


def test_parquet_files_hold_exactly_the_tables(seeded):
    data = seeded[1]
    counts = store_read.table_counts(data)
    assert counts["documents"] == 3
    assert set(TABLES) <= set(counts)
    assert snapshot_rows(data) == counts
    con = store_read.connect_readonly(data)
    with con:
        assert {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in counts} == counts


def test_parquet_round_trips_vietnamese(seeded):
    df = store_query.query_frame(seeded[1], "SELECT text FROM documents")
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
    with pytest.raises(FileNotFoundError):
        store_read.connect_readonly(tmp_path)


def test_write_tables_adds_and_replaces_leaving_others(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    before = store_read.table_counts(data)
    docs_files = store_read.snapshot(data).files["documents"]
    store_write.write_tables(data, {"checks": [_check("a"), _check("b")]})
    store_write.write_tables(data, {"checks": [_check("c")]})
    after = store_read.table_counts(data)
    assert after.pop("checks") == 1
    assert after == before
    stored = store_read.load_table(data, "checks").to_pydict()
    assert stored["doc_id"] == ["c"] and stored["check"] == ["missing_to_chuc_thuc_hien"]
    assert store_read.snapshot(data).files["documents"] == docs_files  # untouched tables are not rewritten


def test_a_commit_writes_only_what_changed(seeded, tmp_path):
    """Issue 11: the store used to copy itself on every save. A new document adds files of its own;
    the files of the stored documents stay as they are, byte for byte."""
    raw, data0 = seeded
    data = fresh_copy(seeded, tmp_path)
    old = {p: p.stat().st_mtime_ns for p in data.rglob("*.parquet")}
    raw2 = tmp_path / "raw"
    shutil.copytree(raw, raw2)
    shutil.copy(SEED_TXT[3], raw2 / SEED_TXT[3].name)
    ingest_folder(raw2, data)
    snap = store_read.snapshot(data)
    for table in DOC_TABLES:
        kept = [f for f in snap.files[table] if f in old]
        assert all(f.stat().st_mtime_ns == old[f] for f in kept)
    assert len([f for f in snap.files["documents"] if f in old]) == len(store_read.snapshot(data0).files["documents"])
    assert store_read.table_counts(data)["documents"] == 4


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
    assert store_read.load_table(data, "checks").schema == store_write.arrow_schema("checks")
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
    before, version = store_read.table_counts(data), store_read.snapshot(data).version
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
    assert store_read.table_counts(data) == before and store_read.snapshot(data).version == version


def test_files_of_a_killed_writer_expire(seeded, tmp_path):
    """A writer killed before its commit leaves files no manifest lists: they go once old enough."""
    data = fresh_copy(seeded, tmp_path)
    old_junk, new_junk = data / "documents" / "dead.parquet", data / "documents" / "young.parquet"
    for junk in (old_junk, new_junk):
        junk.write_bytes(b"half a file")
    long_ago = time.time() - store_write.KEEP_SECONDS - 60
    os.utime(old_junk, (long_ago, long_ago))
    store_write.apply_delta(data, store_write.Delta(rows={"runs": []}))
    assert not old_junk.exists() and new_junk.exists()  # a young file may be another writer's, about to commit
    assert snapshot_rows(data) == store_read.table_counts(data)


def test_two_writers_compose(seeded, tmp_path):
    """Two processes commit at once, again and again: every row of both is there."""
    data = fresh_copy(seeded, tmp_path)
    code = (
        "import sys, datetime as dt\n"
        "from kehoach.store import write as w\n"
        "from kehoach.ingest.commit import Summary\n"
        "for i in range(15):\n"
        "    s = Summary(run_id=f'{sys.argv[1]}-{i}', input_dir='/in', data_dir='/out')\n"
        "    w.apply_delta(sys.argv[2], w.Delta(rows={'runs': [s.run_row('v')]}))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, name, str(data)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        for name in ("a", "b")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    ids = set(store_read.load_table(data, "runs", ["run_id"]).column("run_id").to_pylist())
    assert {f"{n}-{i}" for n in "ab" for i in range(15)} <= ids


def test_writers_without_the_lock_still_compose(seeded, tmp_path, monkeypatch):
    """On a shared folder without working locks, creating manifest N+1 with link() is the commit:
    a writer that loses the race applies its change again on top of the winner's."""
    import contextlib
    import threading

    data = fresh_copy(seeded, tmp_path)
    monkeypatch.setattr(store_write, "write_lock", lambda d: contextlib.nullcontext())
    from kehoach.ingest.commit import Summary

    def writer(name: str) -> None:
        for i in range(10):
            s = Summary(run_id=f"{name}-{i}", input_dir="/in", data_dir="/out")
            store_write.apply_delta(data, store_write.Delta(rows={"runs": [s.run_row("v")]}))

    threads = [threading.Thread(target=writer, args=(n,)) for n in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = set(store_read.load_table(data, "runs", ["run_id"]).column("run_id").to_pylist())
    assert {f"{n}-{i}" for n in "abc" for i in range(10)} <= ids


def test_an_older_crosscheck_never_replaces_a_newer_one(seeded, tmp_path):
    data = fresh_copy(seeded, tmp_path)
    assert not store_read.crosscheck_current(data)  # documents stored, no cross-check yet
    basis = store_read.documents_version(data)
    assert store_write.write_tables(data, {"checks": [_check("new")]}, basis=basis)
    assert store_read.crosscheck_current(data)
    assert not store_write.write_tables(data, {"checks": [_check("old")]}, basis=str(int(basis) - 1))
    assert store_read.load_table(data, "checks").column("doc_id").to_pylist() == ["new"]
    store_write.apply_delta(data, store_write.Delta(replace_paths={next(iter(store_read.read_state(data)[0]))}))
    assert not store_read.crosscheck_current(data)  # the documents moved on: the stored cross-check is stale


def test_a_store_from_before_issue_11_is_migrated(seeded, tmp_path):
    """One DuckDB file, as kehoach wrote it before: read into the new store, nothing lost; an old
    column missing and an extra one are handled by name."""
    import duckdb

    src = seeded[1]
    data = tmp_path / "old"
    data.mkdir()
    con = duckdb.connect(str(data / "kehoach.duckdb"))
    for table in store_read.table_counts(src):
        con.register("t", store_read.load_table(src, table))
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM t')
        con.unregister("t")
    con.execute("ALTER TABLE documents DROP COLUMN signer_on_behalf")
    con.execute("ALTER TABLE documents ADD COLUMN old_column VARCHAR")
    con.close()
    store_write.apply_delta(data, store_write.Delta())
    assert store_read.table_counts(data) == store_read.table_counts(src)
    assert (data / "kehoach.duckdb.migrated").is_file() and not (data / "kehoach.duckdb").exists()
    cols = store_read.load_table(data, "documents").column_names
    assert "signer_on_behalf" in cols and "old_column" not in cols
    s = ingest_folder(seeded[0], data)  # and it is a store like any other
    assert (s.processed, s.unchanged) == (0, 3)


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
    assert store_read.table_counts(data)["documents"] == 2


# --- read-only queries -----------------------------------------------------------------------


# every refused statement (writes, files, network, settings) is in tests/test_query.py


def test_query_reads(seeded):
    df = store_query.query_frame(seeded[1], "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1")
    assert df["n"].sum() == 3


def test_seed_pdf_and_txt_are_different_documents():
    # same document in two formats = two byte streams = two doc_ids (identity is content bytes)
    assert doc_id_for(extract_file(SEED_PDF[0]).source.sha256) != doc_id_for(extract_file(SEED_TXT[0]).source.sha256)
