"""The Prefect API a command talks to: ``PREFECT_API_URL`` when set (a real server, its UI, its
work pools), else a temporary server on loopback that lives exactly as long as the command.

The temporary server is ``prefect server start`` (Prefect's public CLI; API only, no UI, no
services) in a child process that dies with the command, whatever ends it: stopped on exit,
SIGTERM or SIGINT, and killed by the kernel (``PR_SET_PDEATHSIG`` through ``setpriv``) when the
command itself is killed. Nothing is left listening.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# Settings for a long-lived `prefect server start` that serves a process work pool (README, "Several
# workers"; make bench-scale; tests/test_pool.py). A pool needs the API (deployments, flow runs,
# work queues, logs); these services work for features kehoach does not use, and they consumed every
# event the flow runs send in memory: with them the server grew 203 → 248 MB while the ingest
# waited on 34 shards, without them 190 → 203 MB (Prefect 3.8.8, measured 2026-12-02). Kept on: the
# scheduler (a deployment's schedule) and the task-run recorder (task runs in the UI).
POOL_SERVER_SETTINGS = {
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",  # automations (kehoach defines none)
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",  # the UI's event feed: events are not stored
    "PREFECT_API_EVENTS_STREAM_OUT_ENABLED": "false",  # events streamed live to websocket clients
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",  # marking scheduled runs "Late"
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",  # paused runs (kehoach never pauses)
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",  # cancelling the children of a cancelled run
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",  # marking silent workers offline in the UI
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",  # expiring concurrency-limit leases (none set)
}
STARTUP_TIMEOUT_S = 180.0  # first start on a fresh PREFECT_HOME runs migrations (14–18 s here, more when busy)


def child_command(cmd: list[str]) -> list[str]:
    """``cmd`` run so that it gets SIGKILL when its parent dies (util-linux ``setpriv``)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *cmd] if setpriv and sys.platform == "linux" else cmd


def start_child(cmd: list[str], log: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    """Start a helper process that dies with this one (own session: a Ctrl+C is ours to handle)."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            child_command(cmd), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True
        )
    finally:
        if log:
            out.close()


def stop_child(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM its process group, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """Yield the API URL to use; start and stop a temporary server when none is configured."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    url = get_current_settings().api.url
    if url:
        yield url
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    home = Path(get_current_settings().home)
    home.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--no-ui", "--no-services", "--analytics-off", "--log-level", "WARNING"]
    proc = start_child(cmd, log=home / "temporary-server.log")
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"Prefect server exited ({proc.returncode}); see {home / 'temporary-server.log'}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Prefect server did not start in {STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.25)
        with temporary_settings({PREFECT_API_URL: url}):
            yield url
    finally:
        stop_child(proc)
