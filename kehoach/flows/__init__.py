"""Prefect flows: thin wrappers over ``kehoach.ingest`` and ``kehoach.crosscheck`` (retries,
visibility, work pools; no business logic). Importing them changes nothing in the environment:
the CLI calls :func:`prefect_defaults` when it starts (before Prefect is imported).
"""

from __future__ import annotations

import os
from pathlib import Path


def prefect_defaults(project_dir: Path | None = None) -> None:
    """Defaults that keep Prefect local and quiet, each only when the user has not set it: no
    telemetry (``PREFECT_SERVER_ANALYTICS_ENABLED=false``, ``DO_NOT_TRACK=1``), state in a
    project-local ``PREFECT_HOME`` (``./.prefect``). Call it before Prefect is imported: Prefect
    reads its settings once."""
    home = (project_dir or Path.cwd()) / ".prefect"
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(home))
