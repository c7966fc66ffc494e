"""Disk full, read-only and unwritable output (issue 14) of ingest, extract -o and report: one coded
bilingual line on stderr, exit 2, and the tables (the report) of the previous run intact.

The conditions are real, made with namespaces (no root needed): a 2 MB tmpfs filled up (E401), a
read-only bind mount (E402), a folder owned by a user the namespace does not map (E403: even its
root cannot write there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_TXT

from kehoach.read.tool import sandbox_available

pytestmark = pytest.mark.skipif(not sandbox_available(), reason="unshare cannot make namespaces here")
KEHOACH = [sys.executable, "-m", "kehoach.cli"]
NS = ["unshare", "--user", "--map-root-user", "--mount"]


def env(tmp_path: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return e | {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}


def in_namespace(tmp_path: Path, setup: str, *args: str) -> subprocess.CompletedProcess:
    """``kehoach args`` inside a user + mount namespace after the shell commands ``setup``."""
    script = f'{setup} && exec "$@"'
    return subprocess.run(
        [*NS, "sh", "-c", script, "sh", *KEHOACH, *args],
        capture_output=True,
        text=True,
        env=env(tmp_path),
        cwd=tmp_path,
        timeout=600,
    )


def documents(tmp_path: Path, out: Path) -> str:
    done = subprocess.run(
        [*KEHOACH, "query", "select doc_id, number, title from documents order by 1", "--data", str(out), "--format", "csv"],
        capture_output=True,
        text=True,
        env=env(tmp_path),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def one_coded_line(done: subprocess.CompletedProcess, code: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-800:])
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    coded = [ln for ln in lines if ln.startswith("E4")]
    assert [ln[:4] for ln in coded] == [code], lines[-5:]
    assert " / " in coded[0] and "Traceback" not in done.stderr


@pytest.fixture
def ingested(tmp_path):
    """raw/ with one seed ingested into out/, then a second seed added."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw)
    out = tmp_path / "out"
    done = subprocess.run(
        [*KEHOACH, "ingest", str(raw), "--out", str(out)], capture_output=True, text=True, env=env(tmp_path), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-800:]
    shutil.copy(SEED_TXT[1], raw)
    return raw, out, documents(tmp_path, out)


@pytest.mark.slow
def test_ingest_to_a_read_only_output_is_E402_and_keeps_the_tables(tmp_path, ingested):
    raw, out, before = ingested
    done = in_namespace(
        tmp_path, f"mount --bind {out} {out} && mount -o remount,bind,ro {out}", "ingest", str(raw), "--out", str(out)
    )
    one_coded_line(done, "E402")
    assert documents(tmp_path, out) == before


@pytest.mark.slow
def test_ingest_to_an_unwritable_output_is_E403_and_keeps_the_tables(tmp_path, ingested):
    raw, out, before = ingested
    for p in [out, *out.rglob("*")]:
        os.chown(p, 12345, 12345, follow_symlinks=False)  # a user the namespace does not map
    done = in_namespace(tmp_path, "true", "ingest", str(raw), "--out", str(out))
    one_coded_line(done, "E403")
    assert documents(tmp_path, out) == before


@pytest.mark.slow
def test_ingest_onto_a_full_disk_is_E401_and_keeps_the_tables(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw)
    out = tmp_path / "out"
    out.mkdir()
    more = tmp_path / "more"
    more.mkdir()
    for p in SEED_TXT[1:]:  # the next run: four more plans, far larger than what is left
        shutil.copy(p, more)
    kehoach = " ".join(KEHOACH)
    query = f'{kehoach} query "select doc_id, number, title from documents order by 1" --data {out} --format csv'
    script = (
        f"mount -t tmpfs -o size=3m none {out} && {kehoach} ingest {raw} --out {out} > /dev/null"
        f" && {query} > before.csv"
        f" && head -c $(( $(df --output=avail -B1 {out} | tail -1) - 20000 )) /dev/zero > {out}/fill"
        f" && cp {more}/* {raw}/ && ({kehoach} ingest {raw} --out {out} 2> err.txt; echo $? > rc.txt)"
        f" && {query} > after.csv"
    )
    done = subprocess.run([*NS, "sh", "-c", script], capture_output=True, text=True, env=env(tmp_path), cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr[-800:]
    rc = int((tmp_path / "rc.txt").read_text())
    one_coded_line(subprocess.CompletedProcess([], rc, "", (tmp_path / "err.txt").read_text()), "E401")
    assert (tmp_path / "after.csv").read_text() == (tmp_path / "before.csv").read_text()


def test_extract_to_a_read_only_folder_is_E402(tmp_path):
    out = tmp_path / "json"
    out.mkdir()
    done = in_namespace(
        tmp_path,
        f"mount --bind {out} {out} && mount -o remount,bind,ro {out}",
        "extract",
        str(SEED_TXT[0]),
        "-o",
        str(out / "ke-hoach.json"),
    )
    one_coded_line(done, "E402")
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_report_to_a_read_only_folder_is_E402_and_keeps_the_old_report(tmp_path, ingested):
    _raw, out, _before = ingested
    reports = tmp_path / "bao-cao"
    first = subprocess.run(
        [*KEHOACH, "report", "--data", str(out), "--out", str(reports), "--no-pdf"],
        capture_output=True,
        text=True,
        env=env(tmp_path),
        cwd=tmp_path,
        timeout=600,
    )
    assert first.returncode == 0, first.stderr[-800:]
    html = (reports / "bao-cao.html").read_bytes()
    done = in_namespace(
        tmp_path,
        f"mount --bind {reports} {reports} && mount -o remount,bind,ro {reports}",
        "report",
        "--data",
        str(out),
        "--out",
        str(reports),
        "--no-pdf",
    )
    one_coded_line(done, "E402")
    assert (reports / "bao-cao.html").read_bytes() == html
