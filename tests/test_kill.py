"""The kill test (issues 11, 14): 20 SIGKILLs of a real ingest process — during extraction, during
a commit (the Parquet files and the manifest being written) and during the cross-check. After each
kill the last committed tables read whole; at the end one run completes and every table, the
cross-check's included, equals a clean run's."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SEED_TXT

from kehoach.ingest.run import ingest_folder
from kehoach.store import read as store_read

pytestmark = pytest.mark.slow

KILLS = 20
STAGES = ("file", "commit", "crosscheck")  # where each kill lands, in turn
VOLATILE = {"ingested_at", "seen_at", "when", "run_id"}

CHILD = """
import sys
from kehoach.ingest.run import Stages, run_ingest

class Marked(Stages):  # says where it is, so the test can kill it there
    def commit(self, data, delta, final):
        print("commit", flush=True)
        super().commit(data, delta, final)

    def crosscheck(self, data):
        print("crosscheck", flush=True)
        return super().crosscheck(data)

s = run_ingest(sys.argv[1], sys.argv[2], crosscheck=True, commit_every=2, stages=Marked(),
               on_event=lambda kind, _: print(kind, flush=True))
print("done" if s.ok else f"failed {s.failures}", flush=True)
"""


def folder(root: Path) -> Path:
    raw = root / "raw"
    raw.mkdir()
    for p in SEED_TXT:
        shutil.copy(p, raw / p.name)
    base = SEED_TXT[1].read_text(encoding="utf-8")
    for i in range(6):
        (raw / f"kh-{i}.txt").write_text(base.replace("2024", str(2015 + i)) + f"\n(bản {i})\n", encoding="utf-8")
    return raw


def tables(data: Path) -> dict[str, list[str]]:
    out = {}
    for table in store_read.table_counts(data):
        if table == "runs":
            continue
        t = store_read.load_table(data, table)
        cols = [c for c in t.column_names if c not in VOLATILE]
        out[table] = sorted(json.dumps(r, default=str, ensure_ascii=False, sort_keys=True) for r in t.select(cols).to_pylist())
    return out


def readable(data: Path) -> None:
    """The last committed snapshot reads whole: every file it lists, and SQL over it."""
    snap = store_read.snapshot(data)
    if snap is None:
        return
    for table, files in snap.files.items():
        assert sum(pq.read_table(f).num_rows for f in files) == snap.rows(table), table
    con = store_read.connect_readonly(data)
    with con:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        orphans = con.execute("SELECT count(*) FROM sections WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchone()[0]
    assert docs == snap.rows("documents") and orphans == 0


def test_twenty_kills_then_the_tables_of_a_clean_run(tmp_path):
    raw = folder(tmp_path)
    originals = {p: p.read_bytes() for p in raw.iterdir()}
    clean = ingest_folder(raw, tmp_path / "clean", crosscheck=True)
    assert clean.crosscheck == "ok"
    data = tmp_path / "killed"
    rng = random.Random(11)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    landed: dict[str, int] = dict.fromkeys(STAGES, 0)
    for i in range(KILLS):
        for p in rng.sample(sorted(originals), 3):  # work for this round: three changed files
            p.write_bytes(originals[p] + f"\n(lần {i})\n".encode())
        stage = STAGES[i % len(STAGES)]
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(raw), str(data)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        try:
            for line in proc.stdout:
                if line.strip() == stage:
                    time.sleep(rng.uniform(0, 0.15 if stage != "crosscheck" else 0.8))
                    break
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        if proc.returncode == -signal.SIGKILL:
            landed[stage] += 1
        readable(data)
    assert all(n >= 4 for n in landed.values()), landed  # kills really landed in every stage

    for p, body in originals.items():
        p.write_bytes(body)
    s = ingest_folder(raw, data, crosscheck=True)  # the next run completes
    assert s.ok and s.crosscheck == "ok", s.failures
    readable(data)
    assert store_read.crosscheck_current(data)
    got, want = tables(data), tables(tmp_path / "clean")
    assert set(got) == set(want)
    for table in want:
        assert got[table] == want[table], table
