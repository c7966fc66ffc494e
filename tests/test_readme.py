"""README lists every command, table and extractor (and the two commands CI and users run)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    from kehoach.cli import app

    names = {c.name for c in app.registered_commands}
    assert {"extract", "ingest", "query", "tables", "report", "watch", "show", "bench"} <= names
    for name in names:
        assert f"`kehoach {name}" in README, f"README does not document `kehoach {name}`"


def test_every_table_is_documented():
    from kehoach.schemas.corrections import CORRECTION_TABLES
    from kehoach.schemas.crosscheck import CACHE_TABLES, CROSSCHECK_TABLES
    from kehoach.schemas.tables import TABLES

    for name in [*TABLES, *CROSSCHECK_TABLES, *CACHE_TABLES, *CORRECTION_TABLES, "coverage_final", "documents_final"]:
        assert f"| `{name}` |" in README, f"README does not list table {name}"


def test_every_extractor_is_documented():
    from kehoach.extractors import VERSIONS

    for name in VERSIONS:
        assert f"| `{name}` |" in README, f"README does not list extractor {name}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.+?)\n```", README)
    assert "make demo" in blocks and "make test" in blocks
    assert ci.strip().splitlines()[-1] == "make test"
