"""Running an outside tool (LibreOffice, Tesseract, pdftoppm) so that it is bounded, offline and never orphaned.

``tool_command(cmd, memory_kib, offline=…)`` wraps a command line:

- ``setpriv --pdeathsig KILL``: the tool is killed by the kernel the moment the process that started
  it dies (a worker killed by the run, a ``kehoach`` killed with SIGKILL, Ctrl+C, SIGTERM) — the
  extraction workers themselves die with the command (``ingest.process.die_with_parent``), so the
  chain ends with the command;
- ``unshare --user --map-root-user --net --pid --fork --kill-child=SIGKILL`` (``offline``): the tool
  runs in a network namespace of its own, with only a loopback that is down, so nothing it opens can
  reach the network (LibreOffice fetched the remote image a ``.doc`` links to; issue 14), and in a PID
  namespace whose first process is killed with ``unshare``: every process it forks (soffice →
  oosplash → soffice.bin) dies with it. Unprivileged user namespaces are on in Debian and Ubuntu;
  where ``unshare`` is missing or refused the tool runs without them (``sandbox_available``);
- ``ulimit -v``: an address-space limit (a shell builtin: safe with threads, unlike preexec_fn).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

UNSHARE_ARGS = ("--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child=SIGKILL")


@cache
def sandbox_available() -> bool:
    """True when ``unshare`` can make the user, network and PID namespaces here (tried once)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    try:
        done = subprocess.run([unshare, *UNSHARE_ARGS, "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def tool_command(cmd: list[str], memory_kib: int, offline: bool = False) -> list[str]:
    """``cmd`` wrapped: killed with its parent, under an address-space limit, offline when asked and possible."""
    out = ["sh", "-c", f'ulimit -v {memory_kib} && exec "$0" "$@"', *cmd]
    if offline and sandbox_available():
        out = [shutil.which("unshare") or "unshare", *UNSHARE_ARGS, *out]
    setpriv = shutil.which("setpriv")
    if setpriv is not None:
        out = [setpriv, "--pdeathsig", "KILL", *out]
    return out
