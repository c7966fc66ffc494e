"""Ingest: plain pipeline steps (fast), the Prefect flow (one temporary test server for the whole
session, via ``prefect_test_harness``), the CLI (``ingest``, ``query``, ``tables``) and a real
``kehoach ingest`` subprocess killed midway."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Prefect reads its settings once, at import: keep this session's Prefect state out of the project.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="kehoach-test-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import json
import random
import shutil
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS_DOCS, CORPUS_FILES, SEED_DOCX, SEED_PDF, SEED_TXT, SHARED
from typer.testing import CliRunner

from kehoach.ingest import discover, plan, process
from kehoach.ingest.run import ingest_folder
from kehoach.schemas.tables import DOC_TABLES, RECORD_TABLES, TABLES
from kehoach.store import query as store_query
from kehoach.store import read as store_read

BAD = {"rong.pdf": "E003", "ngau-nhien.docx": "E102", "bang-tinh.xlsx": "E002"}  # file → expected code


def make_folder(root: Path) -> Path:
    """Seeds in all three formats, some real corpus documents, three bad files and a duplicate."""
    raw = root / "raw"
    (raw / "xa-a").mkdir(parents=True)
    (raw / "xa-b" / "sub").mkdir(parents=True)
    for p in SEED_TXT:
        shutil.copy(p, raw / "xa-a" / p.name)
    for p in SEED_DOCX[:2] + SEED_PDF[:2]:
        shutil.copy(p, raw / "xa-b" / p.name)
    if SHARED.is_dir():
        for name in ("001.txt", "014.txt", "020.txt"):
            shutil.copy(CORPUS_DOCS / name, raw / "xa-b" / "sub" / f"corpus-{name}")
        shutil.copy(CORPUS_FILES / "stp-binhthuan-788-cv.pdf", raw / "xa-b" / "stp-binhthuan-788-cv.pdf")
    (raw / "rong.pdf").write_bytes(b"")
    (raw / "ngau-nhien.docx").write_bytes(random.Random(4).randbytes(4096))
    (raw / "bang-tinh.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    shutil.copy(SEED_TXT[0], raw / "xa-b" / "sub" / "ban-sao-trung.txt")  # same bytes, second path
    return raw


def good_count() -> int:
    return len(SEED_TXT) + 4 + (4 if SHARED.is_dir() else 0)


def snapshot_rows(data: Path) -> dict[str, int]:
    """Rows per table counted from the Parquet files of the current snapshot."""
    snap = store_read.snapshot(data)
    return {t: sum(pq.read_table(f).num_rows for f in files) for t, files in snap.files.items()}


def counts_without_runs(data: Path) -> dict[str, int]:
    c = store_read.table_counts(data)
    c.pop("runs", None)
    return c


# --- plain pipeline steps (no Prefect) -------------------------------------------------------


def test_discover_files_rules(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden folder")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "documents.parquet").write_text("the output folder")
    for name in ("a.txt", "b.xlsx", ".hidden.txt", "~$draft.docx", "copying.docx.part", "Thumbs.db"):
        (tmp_path / name).write_text("x")
    found = [Path(f.path).name for f in discover.discover(tmp_path, exclude=[tmp_path / "out"])]
    assert found == ["a.txt", "b.xlsx"]  # unsupported types are found (and rejected later), junk is not


@pytest.mark.parametrize("name,code", BAD.items())
def test_bad_files_get_coded_bilingual_reasons(tmp_path, name, code):
    raw = make_folder(tmp_path)
    res = process.process_file(plan.Job((raw / name).as_posix(), None, 0), process.Context("v", "test"))
    assert res.status == "rejected" and res.rejection.code.value == code
    assert res.rejection.reason_vi and res.rejection.reason_en


def test_unexpected_exception_is_an_E900_row_and_the_run_goes_on(tmp_path, monkeypatch):
    """Fault injection: a bug in extraction for one file (nothing real fails on demand)."""
    import kehoach.extract as extract_mod

    raw = tmp_path / "raw"
    raw.mkdir()
    for p in SEED_TXT[:2]:
        shutil.copy(p, raw / p.name)
    real = extract_mod.read_canonical

    def buggy(path):
        if Path(path).name == SEED_TXT[0].name:
            raise KeyError("a bug")
        return real(path)

    monkeypatch.setattr(extract_mod, "read_canonical", buggy)
    monkeypatch.setattr(process, "START_METHOD", "fork")  # the worker inherits the injected bug
    s = ingest_folder(raw, tmp_path / "out")
    assert (s.processed, s.rejected) == (1, 1)
    df = store_query.query_frame(tmp_path / "out", "SELECT code, detail FROM rejections")
    assert df["code"].tolist() == ["E900"] and "KeyError" in df["detail"][0]
    monkeypatch.undo()  # the bug is fixed: E900 is retried and the file goes in
    s = ingest_folder(raw, tmp_path / "out")
    assert (s.processed, s.rejected, store_read.table_counts(tmp_path / "out")["rejections"]) == (1, 0, 0)


def test_plan_skips_unchanged_links_duplicates_and_notices_removals(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "a.txt")
    shutil.copy(SEED_TXT[1], raw / "b.txt")
    ingest_folder(raw, tmp_path / "out")
    shutil.copy(SEED_TXT[0], raw / "a-copy.txt")  # known content, new path
    (raw / "b.txt").unlink()
    p = plan.plan_ingest(raw, tmp_path / "out")
    assert (p.found, p.unchanged, len(p.todo)) == (2, 2, 0)
    assert [Path(k).name for k, *_ in p.links] == ["a-copy.txt"]
    assert [Path(k).name for k in p.removed] == ["b.txt"]


# --- the Prefect flow ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect server for the session (~13 s); yields its API URL."""
    from prefect.settings import get_current_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield get_current_settings().api.url


@pytest.fixture(scope="session")
def first_run(prefect_api, tmp_path_factory):
    from kehoach.flows.ingest import run_ingest

    root = tmp_path_factory.mktemp("flow")
    raw = make_folder(root)
    summary = run_ingest(raw, root / "processed", workers=1)
    return raw, root / "processed", summary


def test_first_run_fills_the_tables(first_run):
    _, data, s = first_run
    assert s["processed"] == good_count()
    assert s["rejected"] == len(BAD)
    assert s["unchanged"] == 1  # the duplicate copy
    counts = store_read.table_counts(data)
    assert counts["documents"] == good_count()
    assert counts["files"] == good_count() + 1 + len(BAD)
    assert set(TABLES) <= set(counts)
    assert snapshot_rows(data) == counts
    fmts = set(store_query.query_frame(data, "SELECT DISTINCT format FROM documents")["format"])
    assert {"txt", "docx", "pdf"} <= fmts


def test_bad_files_are_rejections_and_stay_where_they_were(first_run):
    raw, data, _ = first_run
    df = store_query.query_frame(data, 'SELECT file, sha256, code, reason_vi, reason_en, "when" FROM rejections ORDER BY file')
    assert {Path(f).name: c for f, c in zip(df["file"], df["code"], strict=True)} == BAD
    assert df["reason_vi"].str.len().min() > 3 and df["reason_en"].str.len().min() > 3
    for name in BAD:
        assert (raw / name).exists()  # nothing moved, nothing deleted
    assert sum(1 for p in raw.rglob("*") if p.is_file()) == good_count() + 1 + len(BAD)


def test_same_content_at_two_paths_is_one_document(first_run):
    _, data, _ = first_run
    df = store_query.query_frame(data, "SELECT doc_id, count(*) AS n FROM files WHERE status = 'ok' GROUP BY doc_id HAVING n > 1")
    assert df["n"].tolist() == [2]
    assert (
        store_query.query_frame(
            data, "SELECT count(*) AS n FROM documents WHERE doc_id = ?".replace("?", f"'{df['doc_id'][0]}'")
        )["n"][0]
        == 1
    )


def test_rows_carry_doc_id_extractor_and_spans_into_the_text(first_run):
    _, data, _ = first_run
    con = store_read.connect_readonly(data)
    texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    checked = 0
    for table in ["documents", *RECORD_TABLES]:  # raw_documents is the reader's, not an extractor's
        cols = TABLES[table].model_fields
        assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id IS NULL OR extractor NOT LIKE '%@%'").fetchone()[0] == 0
        if table == "documents" or "text" not in cols:
            continue
        for doc_id, start, end, text in con.execute(
            f'SELECT doc_id, start, "end", text FROM {table} WHERE start IS NOT NULL'
        ).fetchall():
            assert texts[doc_id][start:end] == text, (table, doc_id, start, end)
            checked += 1
    for doc_id, start, end, heading in con.execute("SELECT doc_id, heading_start, heading_end, heading FROM sections").fetchall():
        assert texts[doc_id][start:end] == heading
        checked += 1
    con.close()
    assert checked > 50


def test_second_run_adds_no_rows_and_is_fast(first_run, tmp_path):
    from kehoach.flows.ingest import run_ingest

    raw, data0, _ = first_run
    data = tmp_path / "processed"
    shutil.copytree(data0, data)
    before = store_read.table_counts(data)
    t0 = time.perf_counter()
    s = run_ingest(raw, data, workers=1, crosscheck=False)
    took = time.perf_counter() - t0
    assert s["processed"] == 0 and s["rejected"] == 0
    assert counts_without_runs(data) == {k: v for k, v in before.items() if k != "runs"}
    assert store_read.table_counts(data)["runs"] == before["runs"] + 1
    assert took < 10, took


def test_changed_file_replaces_its_rows(prefect_api, tmp_path):
    from kehoach.flows.ingest import run_ingest

    raw, data = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    for p in SEED_TXT[:3]:
        shutil.copy(p, raw / p.name)
    run_ingest(raw, data, workers=1, crosscheck=False)
    target = raw / SEED_TXT[1].name
    old = store_query.query_frame(data, f"SELECT doc_id FROM files WHERE source_path = '{target.as_posix()}'")["doc_id"][0]
    before = counts_without_runs(data)
    target.write_text(target.read_text(encoding="utf-8").replace("2024", "2025") + "\nSửa đổi.\n", encoding="utf-8")
    s = run_ingest(raw, data, workers=1, crosscheck=False)
    assert (s["processed"], s["unchanged"]) == (1, 2)
    new = store_query.query_frame(data, f"SELECT doc_id FROM files WHERE source_path = '{target.as_posix()}'")["doc_id"][0]
    assert new != old
    for table in DOC_TABLES:
        assert store_query.query_frame(data, f"SELECT count(*) AS n FROM {table} WHERE doc_id = '{old}'")["n"][0] == 0, table
    after = counts_without_runs(data)
    assert after["documents"] == before["documents"] == 3 and after["files"] == before["files"] == 3
    assert store_query.query_frame(data, f"SELECT year FROM documents WHERE doc_id = '{new}'")["year"][0] == 2025


def test_transient_io_error_is_retried_by_prefect(prefect_api, tmp_path, monkeypatch):
    """Fault injection: the file is locked (BlockingIOError) twice, then readable."""
    import kehoach.extract as extract_mod
    from kehoach.flows.ingest import run_ingest

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[2], raw / "khoa.txt")
    real, calls = extract_mod.read_canonical, tmp_path / "calls"  # counted in a file: tries run in worker processes

    def locked_twice(path):
        with open(calls, "a") as fh:
            fh.write("x")
        if len(calls.read_text()) <= 2:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real(path)

    monkeypatch.setattr(extract_mod, "read_canonical", locked_twice)
    monkeypatch.setattr(process, "START_METHOD", "fork")  # the worker inherits the injected fault
    s = run_ingest(raw, tmp_path / "out", workers=1, crosscheck=False)
    assert (s["processed"], s["rejected"], len(calls.read_text())) == (1, 0, 3)  # first try, task try, Prefect retry


def test_a_failed_crosscheck_is_loud_and_keeps_the_previous_one(first_run, tmp_path, monkeypatch):
    """Fault injection: the cross-check raises. The run says so (summary, runs row) and the stored
    cross-check tables stay as they were."""
    import kehoach.crosscheck.run as crosscheck_run
    from kehoach.flows.ingest import run_ingest

    raw0, data0, _ = first_run
    raw, data = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(raw0, raw)
    shutil.copytree(data0, data)
    before = store_query.query_frame(data, "SELECT * FROM links ORDER BY ALL")
    shutil.copy(SEED_TXT[0], raw / "moi.txt")
    (raw / "moi.txt").write_text((raw / "moi.txt").read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")

    def broken(items):
        raise ValueError("a bug in the cross-check")

    monkeypatch.setattr(crosscheck_run, "crosscheck", broken)
    s = run_ingest(raw, data, workers=1)
    assert s["processed"] == 1 and s["crosscheck"].startswith("failed") and "crosscheck" in s["failures"]
    status, cc = store_query.query_frame(data, f"SELECT status, crosscheck FROM runs WHERE run_id = '{s['run_id']}'").iloc[0]
    assert status.startswith("failed") and "a bug in the cross-check" in cc
    assert store_query.query_frame(data, "SELECT * FROM links ORDER BY ALL").equals(before)
    monkeypatch.undo()  # fixed: the next run sees the stored cross-check is stale and recomputes it
    s = run_ingest(raw, data, workers=1)
    assert s["processed"] == 0 and s["crosscheck"] == "ok" and not s["failures"]


def test_crosscheck_hook_is_called(first_run):
    assert first_run[2]["crosscheck"] == "ok"  # the cross-check ran after the tables were written


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cli():
    from kehoach.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_ingest_prints_a_bilingual_summary(prefect_api, cli, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[3], raw / "a.txt")
    (raw / "rong.pdf").write_bytes(b"")
    r = cli("ingest", raw, "--out", tmp_path / "out", "--no-crosscheck")
    assert r.exit_code == 0, r.output
    for words in (
        "Đã xử lý / processed",
        "không đổi / skipped as unchanged",
        "Bị từ chối / rejected",
        "Thời gian / time",
        "E003",
    ):
        assert words in r.output


def test_cli_a_newline_in_a_file_name_stays_on_one_log_line(prefect_api, cli, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[3], raw / "ke hoach\nso 2.txt")
    r = cli("ingest", raw, "--out", tmp_path / "out", "--no-crosscheck")
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.output.splitlines() if "ke hoach" in ln]
    assert lines and all("ke hoach\\nso 2.txt" in ln for ln in lines), lines


def test_cli_exits_non_zero_when_a_stage_fails(prefect_api, cli, tmp_path):
    """Failures are loud: here the tables folder is a file, so nothing can be committed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[3], raw / "a.txt")
    (tmp_path / "out").write_text("not a folder")
    r = cli("ingest", raw, "--out", tmp_path / "out", "--no-crosscheck", "--json")
    assert r.exit_code == 1, r.output
    summary = json.loads(r.stdout)
    assert summary["status"].startswith("failed") and set(summary["failures"]) >= {"commit"}


@pytest.mark.parametrize(
    "fmt,check",
    [
        ("csv", lambda out: out.splitlines()[0] == "doc_type,n"),  # header line
        ("json", lambda out: sum(r["n"] for r in json.loads(out)) == good_count()),  # parseable records
        ("table", lambda out: "doc_type" in out and "ke_hoach" in out),  # rich table
    ],
)
def test_cli_query_formats(first_run, cli, fmt, check):
    r = cli(
        "query", "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1", "--data", first_run[1], "--format", fmt
    )
    assert r.exit_code == 0, r.output
    assert check(r.stdout)


def test_cli_query_json_and_csv_write_dates_as_iso_and_lists_as_json(first_run, cli):
    sql = "SELECT issued_date, recipients FROM documents WHERE issued_date IS NOT NULL ORDER BY doc_id LIMIT 1"
    r = cli("query", sql, "--data", first_run[1], "--format", "json")
    row = json.loads(r.stdout)[0]
    assert len(row["issued_date"]) == 10 and row["issued_date"][4] == "-" and isinstance(row["recipients"], list)
    r = cli("query", sql, "--data", first_run[1], "--format", "csv")
    assert r.stdout.splitlines()[1].startswith(row["issued_date"] + ',"[')


@pytest.mark.parametrize("sql", ["INSERT INTO runs SELECT * FROM runs", "DROP TABLE documents"])
def test_cli_query_is_read_only(first_run, cli, sql):
    r = cli("query", sql, "--data", first_run[1])
    assert r.exit_code == 2
    assert "E503" in r.output and "read-only" in r.output.lower() and "Chỉ được đọc" in r.output
    assert store_read.table_counts(first_run[1])["documents"] == good_count()


def test_cli_tables_lists_every_table_with_descriptions(first_run, cli):
    r = cli("tables", "--data", first_run[1], "--markdown")
    assert r.exit_code == 0, r.output
    for table in TABLES:
        assert f"### `{table}`" in r.output
    assert f"### `documents` ({good_count()} rows)" in r.output
    assert "| `extraction_json` | str | The full `kehoach extract` JSON" in r.output
    assert cli("tables", "--data", first_run[1]).exit_code == 0


# --- a real `kehoach ingest` killed midway ---------------------------------------------------


@pytest.mark.slow
def test_killed_ingest_leaves_readable_tables_and_the_next_run_completes(prefect_api, tmp_path):
    raw, data = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "dau-tien.txt")
    ingest_folder(raw, data)  # the previous tables
    base = SEED_TXT[1].read_text(encoding="utf-8")
    for i in range(120):
        (raw / f"kh-{i:03d}.txt").write_text(base.replace("2024", str(2000 + i % 25)) + f"\n(bản {i})\n", encoding="utf-8")
    env = dict(os.environ, PREFECT_API_URL=prefect_api)  # the session's server: no second start-up
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kehoach.cli",
            "ingest",
            str(raw),
            "--out",
            str(data),
            "--commit-every",
            "10",
            "--workers",
            "1",
            "--no-crosscheck",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = []
    try:
        for line in proc.stderr:  # one line per file when not on a terminal
            lines.append(line)
            if sum("✓" in x for x in lines) >= 25:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "".join(lines[-20:])

    counts = store_read.table_counts(data)  # DuckDB reads
    assert 17 <= counts["documents"] < 121  # committed chunks are kept, the rest is not there yet
    assert counts["runs"] == 1  # the killed run never finished
    assert snapshot_rows(data) == counts  # every file of the last committed snapshot reads

    s = ingest_folder(raw, data)
    assert s.processed == 121 - counts["documents"]
    after = store_read.table_counts(data)
    assert after["documents"] == 121 and after["files"] == 121
    assert store_query.query_frame(data, "SELECT count(DISTINCT doc_id) AS n FROM sections")["n"][0] <= 121
    assert snapshot_rows(data) == after


@pytest.mark.slow
def test_watch_picks_up_a_file_once_it_has_finished_copying(prefect_api, tmp_path):
    import threading

    from kehoach.flows.watch import FolderWatcher

    raw, data = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "a.txt")
    summaries: list[dict] = []
    stop = threading.Event()
    watcher = FolderWatcher(raw, data, settle=1.0, rescan=3600, workers=1, on_summary=summaries.append)
    thread = threading.Thread(target=watcher.run, kwargs={"stop": stop, "poll": 0.2}, daemon=True)
    thread.start()

    def wait_for(cond, timeout=60.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond():
                return True
            time.sleep(0.2)
        return False

    try:
        # a.txt was written a moment ago: the first run may leave it as "still copying" and take it next
        assert wait_for(lambda: store_read.table_counts(data).get("documents") == 1)
        body = SEED_TXT[2].read_bytes()
        with open(raw / "b.txt", "wb") as fh:  # a slow copy: half, pause, the rest
            fh.write(body[: len(body) // 2])
            fh.flush()
            time.sleep(0.6)
            fh.write(body[len(body) // 2 :])
        assert wait_for(lambda: store_read.table_counts(data).get("documents") == 2)
        assert store_query.query_frame(data, "SELECT count(*) AS n FROM rejections")["n"][0] == 0  # never read half-copied
        runs = len(summaries)
        (raw / "a.txt").unlink()
        assert wait_for(lambda: store_read.table_counts(data).get("documents") == 1)
        assert wait_for(lambda: len(summaries) > runs)  # the summary comes once the run has finished
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_the_run_tells_its_story_in_prefects_ui(first_run):
    """Prefect's UI: task runs named after what they do, and one Markdown artifact per run with
    its counts, its rejected files and its stage timings."""
    from uuid import UUID

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, TaskRunFilter, TaskRunFilterFlowRunId

    from kehoach.flows.ingest import RUN_ARTIFACT

    _, _, s = first_run
    run = UUID(s["run_id"])
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run])))
        names = [
            t.name for t in client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run])))
        ]
    assert artifact.key == RUN_ARTIFACT and artifact.type == "markdown"
    md = artifact.data
    assert f"| Đã xử lý / processed | {s['processed']} |" in md and f"| Bị từ chối / rejected | {s['rejected']} |" in md
    for name, code in BAD.items():
        assert name in md and code in md
    assert "Thời gian từng bước / stage timings" in md
    assert any(n.startswith("lập kế hoạch / plan: ") for n in names), names
    assert any(n.startswith("ghi / commit: ") and " văn bản" in n for n in names), names
    assert any(n.startswith("đối chiếu / cross-check: ") for n in names), names
