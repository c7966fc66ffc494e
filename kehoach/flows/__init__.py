"""Prefect flows: thin wrappers over ``kehoach.pipeline`` (retries, concurrency, logging; no
business logic). Importing this package sets Prefect's environment *before* Prefect is imported
(see :func:`configure_prefect_env`), so import it first: ``from kehoach.flows import ingest``.
"""

from __future__ import annotations

import os
from pathlib import Path


def configure_prefect_env(project_dir: Path | None = None) -> None:
    """Defaults that keep Prefect local and quiet, each only when the user has not set it:
    no telemetry (``PREFECT_SERVER_ANALYTICS_ENABLED=false``, ``DO_NOT_TRACK=1``), state in a
    project-local ``PREFECT_HOME`` (``./.prefect``) and a startup timeout long enough for the first
    run's migrations (14–18 s here). The flow heartbeat is switched off around each run by
    :func:`kehoach.flows.ingest.run_ingest` (TECH-NOTES: ~1 s per flow run).
    With ``PREFECT_API_URL`` set, flows talk to that server; without it, Prefect starts a
    temporary local server on loopback.
    """
    home = (project_dir or Path.cwd()) / ".prefect"
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


configure_prefect_env()
