"""The query sandbox (kehoach/store/query.py) and `kehoach query`: DuckDB's own settings keep a query
inside the database file. Every escape route an attacker or a careless user tried fails with one
coded bilingual line and leaves nothing on disk; ordinary reading SQL works."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import openpyxl
import pytest
from conftest import SEED_TXT
from typer.testing import CliRunner

from kehoach.ingest.run import ingest_folder
from kehoach.schemas.errors import ErrorCode
from kehoach.store.query import QueryError, run_readonly


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Three seed plans ingested (plain loop): the data folder."""
    root = tmp_path_factory.mktemp("query")
    raw = root / "raw"
    raw.mkdir()
    for p in SEED_TXT[:3]:
        shutil.copy(p, raw / p.name)
    ingest_folder(raw, root / "processed")
    return root / "processed"


@pytest.fixture(scope="module")
def web_server():
    """A local HTTP server that records every request (nothing may reach it)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def snapshot(*dirs: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under dirs: (size, mtime, sha256 for the database)."""
    out = {}
    for d in dirs:
        for p in sorted(d.rglob("*")):
            st = p.stat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and p.suffix == ".duckdb" else ""
            out[str(p)] = (st.st_size, st.st_mtime_ns, digest)
    return out


# {data} = the store, {tmp} = a scratch folder outside it, {url} = the local HTTP server
ESCAPES = [
    ("COPY (SELECT 1) TO '{tmp}/leak.csv'", ErrorCode.E504),  # writing a file
    ("COPY documents TO '{data}/documents.parquet' (FORMAT parquet)", ErrorCode.E504),  # replacing a table's export
    ("EXPLAIN ANALYZE COPY (SELECT 'x') TO '{data}/documents.parquet' (FORMAT parquet)", ErrorCode.E504),  # the trial's
    ("COPY (SELECT '#!/bin/sh') TO '{tmp}/run.sh' (HEADER false)", ErrorCode.E504),  # an executable script
    ("SELECT 1; COPY (SELECT 2) TO '{tmp}/after.csv'", ErrorCode.E504),  # a write hidden after a read
    (
        "COPY runs FROM '/etc/passwd'",
        ErrorCode.E503,
    ),  # loading a local file into a table (tables are views of a snapshot: a write)
    ("EXPORT DATABASE '{tmp}/export'", ErrorCode.E504),  # every table to files
    ("IMPORT DATABASE '{tmp}/import'", ErrorCode.E504),  # running a schema.sql from disk
    ("ATTACH '{tmp}/other.duckdb' AS other", ErrorCode.E504),  # creating another database file
    ("ATTACH '{url}/x.duckdb' AS remote", ErrorCode.E504),  # a remote database
    ("DETACH kehoach", ErrorCode.E503),  # dropping the store
    ("INSTALL httpfs", ErrorCode.E504),  # downloading an extension
    ("FORCE INSTALL httpfs FROM '{url}'", ErrorCode.E504),  # … from a chosen repository
    ("LOAD httpfs", ErrorCode.E504),  # loading an extension
    ("LOAD '{tmp}/evil.duckdb_extension'", ErrorCode.E504),  # loading a file as an extension
    ("SELECT * FROM read_csv('/etc/passwd')", ErrorCode.E504),  # reading a local file
    ("SELECT * FROM read_text('/etc/passwd')", ErrorCode.E504),
    ("SELECT * FROM read_blob('/etc/hostname')", ErrorCode.E504),
    ("SELECT * FROM glob('/etc/*')", ErrorCode.E504),  # listing a folder
    ("SELECT * FROM read_json('/etc/passwd')", ErrorCode.E504),
    ("SELECT * FROM sniff_csv('/etc/passwd')", ErrorCode.E504),
    ("SELECT * FROM read_parquet('{data}/documents.parquet')", ErrorCode.E504),  # files beside the database too
    ("SELECT * FROM '{data}/documents.parquet'", ErrorCode.E504),  # replacement scan of a path
    ("SELECT * FROM read_csv('{url}/x.csv')", ErrorCode.E504),  # http
    ("SELECT * FROM read_parquet('https://example.com/x.parquet')", ErrorCode.E504),  # https
    ("SELECT * FROM read_csv('s3://bucket/x.csv')", ErrorCode.E504),  # cloud storage
    ("CREATE SECRET leak (TYPE s3, KEY_ID 'x', SECRET 'y')", ErrorCode.E504),  # persistent secrets on disk
    ("SET enable_external_access = true", ErrorCode.E505),  # switching the sandbox off
    ("RESET enable_external_access", ErrorCode.E505),
    ("SET lock_configuration = false", ErrorCode.E505),
    ("SET temp_directory = '{tmp}/spill'", ErrorCode.E505),  # spill files somewhere
    ("SET profiling_output = '{tmp}/profile.json'", ErrorCode.E505),  # profiler writing a file
    ("PRAGMA enable_profiling", ErrorCode.E505),
    ("PRAGMA threads = 64", ErrorCode.E505),
    ("CALL enable_logging(storage = 'file', storage_path = '{tmp}/log')", ErrorCode.E505),  # the trial's log file
    ("SELECT 1; SET enable_external_access = true; SELECT * FROM read_csv('/etc/passwd')", ErrorCode.E505),
    ("CREATE TABLE t AS SELECT 1 AS x", ErrorCode.E503),
    ("CREATE VIEW v AS SELECT 1 AS x", ErrorCode.E503),
    ("CREATE MACRO m(x) AS x + 1", ErrorCode.E503),
    ("INSERT INTO runs SELECT * FROM runs", ErrorCode.E503),
    ("UPDATE files SET size = 0", ErrorCode.E503),
    ("DELETE FROM files", ErrorCode.E503),
    ("DROP TABLE documents", ErrorCode.E503),
    ("ALTER TABLE files ADD COLUMN z INTEGER", ErrorCode.E503),
    ("SELECT 1; UPDATE files SET size = 0", ErrorCode.E503),  # a write hidden after a read
    ("SELECT * FROM no_such_table", ErrorCode.E502),  # a plain mistake: a SQL error, not a crash
    ("SELEC 1", ErrorCode.E502),
    ("", ErrorCode.E501),
    ("  -- only a comment\n", ErrorCode.E501),
]


@pytest.mark.parametrize("sql,code", ESCAPES, ids=[s[:50] for s, _ in ESCAPES])
def test_escape_routes_fail_with_a_coded_line_and_write_nothing(store, tmp_path, web_server, sql, code):
    url, hits = web_server
    (tmp_path / "import").mkdir()
    (tmp_path / "import" / "schema.sql").write_text("CREATE TABLE pwned (x INTEGER);\n", encoding="utf-8")
    before, requests = snapshot(store, tmp_path), len(hits)
    with pytest.raises(QueryError) as err:
        run_readonly(store, sql.format(data=store.as_posix(), tmp=tmp_path.as_posix(), url=url))
    assert err.value.code is code, str(err.value)
    line = str(err.value)
    assert "\n" not in line and line.startswith(f"{code.value} ") and " / " in line
    assert snapshot(store, tmp_path) == before  # nothing written, nothing replaced
    assert len(hits) == requests  # no request left the process


@pytest.mark.parametrize("sql", ["CHECKPOINT", "FORCE CHECKPOINT", "VACUUM", "ANALYZE"])
def test_maintenance_statements_change_nothing(store, sql):
    """On a read-only database DuckDB accepts these as no-ops: the file stays byte for byte the same."""
    before = snapshot(store)
    run_readonly(store, sql)
    assert snapshot(store) == before


def test_an_in_memory_scratch_database_writes_nothing(store, tmp_path):
    before = snapshot(store, tmp_path)
    sql = "ATTACH ':memory:' AS scratch; CREATE TABLE scratch.t AS SELECT doc_id FROM documents; SELECT count(*) AS n FROM scratch.t"
    assert run_readonly(store, sql).to_pylist() == [{"n": 3}]
    assert snapshot(store, tmp_path) == before


def test_the_sandbox_does_not_leak_into_other_connections(store, tmp_path):
    """Settings belong to a DuckDB instance: the store's own read-only connections (the Parquet
    export, report readers) must keep working while a sandboxed query is open."""
    from kehoach.store.query import connect_sandboxed
    from kehoach.store.read import connect_readonly

    sandboxed = connect_sandboxed(store)
    try:
        with connect_readonly(store) as con:
            con.execute(f"COPY (SELECT count(*) FROM documents) TO '{tmp_path.as_posix()}/n.csv'")
        assert (tmp_path / "n.csv").read_text().split() == ["count_star()", "3"]
        with pytest.raises(Exception, match="disabled by configuration"):
            sandboxed.execute(f"COPY (SELECT 1) TO '{tmp_path.as_posix()}/m.csv'")
    finally:
        sandboxed.close()


def test_temporary_objects_live_only_for_the_query(store):
    sql = "CREATE TEMP TABLE t AS SELECT doc_id FROM documents; CREATE TEMP MACRO twice(x) AS 2 * x; SELECT twice(count(*)) AS n FROM t"
    assert run_readonly(store, sql).to_pylist() == [{"n": 6}]
    with pytest.raises(QueryError) as err:
        run_readonly(store, "SELECT * FROM t")
    assert err.value.code is ErrorCode.E502


# --- ordinary reading SQL works --------------------------------------------------------------


def test_select_join_cte_window_and_vietnamese_collation(store):
    sql = """
        WITH per_doc AS (
            SELECT d.doc_id, d.title, count(r.doc_id) AS n
            FROM documents d LEFT JOIN responsibilities r USING (doc_id)
            GROUP BY ALL
        )
        SELECT title, n, rank() OVER (ORDER BY n DESC) AS rnk
        FROM per_doc ORDER BY title COLLATE vi
    """
    rows = run_readonly(store, sql).to_pylist()
    assert len(rows) == 3 and sorted(r["rnk"] for r in rows)[0] == 1
    titles = [r["title"] for r in rows]
    expected = run_readonly(store, "SELECT title FROM documents ORDER BY title COLLATE vi").column("title").to_pylist()
    assert titles == expected and all(t for t in titles)


def test_vietnamese_collation_orders_by_letter_not_by_code_point(store):
    sql = "SELECT w FROM (VALUES ('Đồng'), ('Dương'), ('Ân'), ('Bình'), ('An')) v(w) ORDER BY w COLLATE vi"
    assert run_readonly(store, sql).column("w").to_pylist() == ["An", "Ân", "Bình", "Dương", "Đồng"]


def test_several_statements_return_the_last_query(store):
    assert run_readonly(store, "SELECT 1 AS a; SELECT 2 AS b;").to_pylist() == [{"b": 2}]
    assert run_readonly(store, "SELECT 1 AS a; BEGIN").to_pylist() == [{"a": 1}]


def test_describe_summarize_pragma_and_explain_read(store):
    assert "doc_id" in run_readonly(store, "DESCRIBE documents").column("column_name").to_pylist()
    assert run_readonly(store, "SUMMARIZE files").num_rows > 0
    assert run_readonly(store, "PRAGMA table_info('documents')").num_rows > 10
    assert run_readonly(store, "EXPLAIN SELECT count(*) FROM documents").num_rows >= 1
    assert "documents" in run_readonly(store, "SHOW TABLES").column("name").to_pylist()


def test_limit_caps_the_rows_read(store):
    assert run_readonly(store, "SELECT * FROM range(1000000)", limit=5).num_rows == 5
    assert run_readonly(store, "SELECT * FROM range(3)", limit=5).num_rows == 3


def test_no_database_yet_is_a_coded_line(tmp_path):
    with pytest.raises(QueryError) as err:
        run_readonly(tmp_path, "SELECT 1")
    assert err.value.code is ErrorCode.E506 and "kehoach ingest" in str(err.value)


# --- `kehoach query` -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli():
    from kehoach.cli import app

    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(app, [str(a) for a in args], **kw)


def test_cli_refusal_is_one_coded_line(store, cli, tmp_path):
    r = cli("query", f"COPY documents TO '{tmp_path.as_posix()}/x.csv'", "--data", store)
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("E504 ") and "Traceback" not in r.output
    assert not (tmp_path / "x.csv").exists()


def test_cli_reads_sql_from_a_file_and_from_stdin(store, cli, tmp_path):
    sql = "SELECT count(*) AS n FROM documents;\n"
    f = tmp_path / "q.sql"
    f.write_text("-- số văn bản\n" + sql, encoding="utf-8")
    assert json.loads(cli("query", "--file", f, "--data", store, "--format", "json").stdout) == [{"n": 3}]
    r = cli("query", "-", "--data", store, "--format", "csv", input=sql)
    assert r.exit_code == 0 and r.stdout.splitlines() == ["n", "3"]
    assert cli("query", "--data", store).exit_code == 2  # neither SQL nor --file
    assert cli("query", "SELECT 1", "--file", f, "--data", store).exit_code == 2  # both


def test_cli_xlsx_has_a_frozen_filtered_header_and_never_formulas(store, cli, tmp_path):
    out = tmp_path / "kq" / "ket-qua.xlsx"
    sql = (
        "SELECT title, '=HYPERLINK(\"http://evil.example\",\"bấm\")' AS a, '+1+2' AS b, '-3-4' AS c, '@SUM(1)' AS d, "
        "'chuông' || chr(7) AS e, 42 AS n, DATE '2024-10-31' AS ngay FROM documents ORDER BY title COLLATE vi"
    )
    r = cli("query", sql, "--data", store, "--format", "xlsx", "--output", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H4"
    assert [c.value for c in ws[1]] == ["title", "a", "b", "c", "d", "e", "n", "ngay"]
    row = ws[2]
    assert [c.data_type for c in row[1:5]] == ["s"] * 4  # text, not formulas
    assert row[1].value.startswith("=HYPERLINK") and row[2].value == "+1+2" and row[4].value == "@SUM(1)"
    assert row[5].value == "chuông\\x07"  # a control character Excel refuses, shown escaped
    assert row[6].value == 42 and row[7].value.date().isoformat() == "2024-10-31"
    assert ws.column_dimensions["A"].width > ws.column_dimensions["G"].width  # fitted to the titles
    assert b"<f>" not in _sheet_xml(out)


def _sheet_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_cli_xlsx_needs_an_output(store, cli):
    r = cli("query", "SELECT 1", "--data", store, "--format", "xlsx")
    assert r.exit_code == 2 and "--output" in r.stderr
