"""Several workers on Prefect (issue 11): a real ``prefect server``, ``kehoach deploy`` on a process
work pool, two ``prefect worker`` processes, and ``kehoach ingest --pool`` on a folder. The tables
must equal those of a plain ingest of the same folder, and both workers must have extracted."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_DOCX, SEED_PDF, SEED_TXT

from kehoach.flows.server import POOL_SERVER_SETTINGS, free_port, healthy, start_child, stop_child
from kehoach.ingest.run import ingest_folder
from kehoach.schemas.tables import TABLES
from kehoach.store import read as store_read

pytestmark = pytest.mark.slow

VOLATILE = {"ingested_at", "seen_at", "when", "run_id"}  # when and by which run: differ by design


def folder(root: Path) -> Path:
    raw = root / "raw"
    (raw / "xa-a").mkdir(parents=True)
    for p in SEED_TXT + SEED_DOCX[:2] + SEED_PDF[:2]:
        shutil.copy(p, raw / "xa-a" / p.name)
    base = SEED_TXT[1].read_text(encoding="utf-8")
    for i in range(12):
        (raw / f"kh-{i:02d}.txt").write_text(base.replace("2024", str(2010 + i)) + f"\n(bản {i})\n", encoding="utf-8")
    (raw / "rong.pdf").write_bytes(b"")
    (raw / "ngau-nhien.docx").write_bytes(random.Random(4).randbytes(4096))
    shutil.copy(SEED_TXT[0], raw / "ban-sao.txt")  # same bytes, second path
    return raw


def table_rows(data: Path, table: str) -> list[tuple]:
    t = store_read.load_table(data, table)
    cols = [c for c in t.column_names if c not in VOLATILE]
    return sorted(tuple(json.dumps(r[c], default=str, ensure_ascii=False) for c in cols) for r in t.select(cols).to_pylist())


@pytest.fixture
def pool(tmp_path):
    """A Prefect server, the deployments on work pool ``kehoach-test`` and two workers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PYTHONPATH": str(ROOT),
    }
    prefect = [sys.executable, "-m", "prefect"]
    server = start_child(
        [*prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui", "--analytics-off"],
        log=tmp_path / "server.log",
        env=env | POOL_SERVER_SETTINGS,  # the server as the README starts it for a work pool
    )
    helpers = [server]
    try:
        end = time.monotonic() + 180
        while not healthy(url):
            assert server.poll() is None and time.monotonic() < end, (tmp_path / "server.log").read_text()[-2000:]
            time.sleep(0.5)
        subprocess.run(
            [sys.executable, "-m", "kehoach.cli", "deploy", "--pool", "kehoach-test"],
            env=env,
            cwd=tmp_path,
            check=True,
            timeout=300,
        )
        for i in range(2):
            cmd = [*prefect, "worker", "start", "--pool", "kehoach-test", "--limit", "1"]
            helpers.append(start_child(cmd, log=tmp_path / f"worker{i}.log", env=env))
        yield env
    finally:
        for proc in reversed(helpers):
            stop_child(proc)


def test_two_workers_on_a_work_pool_give_the_tables_of_a_plain_ingest(pool, tmp_path):
    raw = folder(tmp_path)
    cmd = [sys.executable, "-m", "kehoach.cli", "ingest", str(raw), "--out", str(tmp_path / "pooled")]
    cmd += ["--pool", "kehoach-test", "--shard-files", "6", "--no-crosscheck", "--json"]
    done = subprocess.run(cmd, env=pool, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert len(summary["pool_workers"]) == 2, summary  # both workers extracted shards
    assert (summary["processed"], summary["rejected"], summary["unchanged"]) == (len(SEED_TXT) + 4 + 12, 2, 1)

    ingest_folder(raw, tmp_path / "plain")
    for table in TABLES:
        if table == "runs":
            continue
        assert table_rows(tmp_path / "pooled", table) == table_rows(tmp_path / "plain", table), table
    assert not list((tmp_path / "pooled" / "_staging").glob("*/*.json"))  # every staged shard was committed
