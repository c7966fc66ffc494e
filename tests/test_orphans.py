"""No orphans (issue 14): after SIGKILL of `kehoach ingest` and SIGTERM of `kehoach watch`, no
process they started (the temporary Prefect server, the extraction workers) remains. Real
commands in subprocesses, with their own temporary Prefect server (no PREFECT_API_URL)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, SEED_TXT

pytestmark = pytest.mark.slow


def folder(root: Path, n: int) -> Path:
    raw = root / "raw"
    raw.mkdir()
    base = SEED_TXT[1].read_text(encoding="utf-8")
    for i in range(n):
        (raw / f"kh-{i:03d}.txt").write_text(base.replace("2024", str(2000 + i % 25)) + f"\n(bản {i})\n", encoding="utf-8")
    return raw


def command(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "kehoach.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )


def wait_for_helpers(proc: subprocess.Popen, n: int, timeout: float = 240.0) -> list[psutil.Process]:
    """Descendants once there are at least ``n`` of them (server + workers), all running."""
    parent = psutil.Process(proc.pid)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, "the command ended before its helpers started"
        kids = parent.children(recursive=True)
        if len(kids) >= n:
            return kids
        time.sleep(0.2)
    raise AssertionError(f"fewer than {n} helper processes after {timeout} s")


def survivors(procs: list[psutil.Process], timeout: float = 20.0) -> list[str]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = [p for p in procs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.2)
    return [" ".join(p.cmdline()[:6]) for p in alive]


def test_sigkill_of_ingest_leaves_no_process(tmp_path):
    raw = folder(tmp_path, 150)
    proc = command(tmp_path, "ingest", str(raw), "--out", str(tmp_path / "out"), "--workers", "2", "--no-crosscheck")
    try:
        helpers = wait_for_helpers(proc, 3)  # the temporary server and two workers
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert survivors(helpers) == []
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sigterm_of_watch_leaves_no_process(tmp_path):
    raw = folder(tmp_path, 60)
    proc = command(tmp_path, "watch", str(raw), "--out", str(tmp_path / "out"), "--workers", "2", "--settle", "0.5")
    try:
        helpers = wait_for_helpers(proc, 3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)  # it ends
        assert survivors(helpers) == []
    finally:
        if proc.poll() is None:
            proc.kill()
    shutil.rmtree(tmp_path / "prefect", ignore_errors=True)
