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
