"""Layers, one direction: commands/cli → flows → pipeline → extractors → schemas. Nothing imports upward."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "kehoach"
# what each layer may import from kehoach (besides itself)
ALLOWED = {
    "schemas": set(),
    "extractors": {"schemas"},
    "pipeline": {"schemas", "extractors"},
    "flows": {"schemas", "extractors", "pipeline"},
    "commands": {"schemas", "extractors", "pipeline", "flows"},
}
MODULES = sorted(p for p in PKG.rglob("*.py") if p.parent.name in ALLOWED or p.parent.parent.name in ALLOWED)


def kehoach_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kehoach."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("kehoach."))
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down(path):
    layer = path.relative_to(PKG).parts[0]
    bad = {m for m in kehoach_imports(path) if m != layer and m in ALLOWED and m not in ALLOWED[layer]}
    assert not bad, f"{path.relative_to(PKG)} ({layer}) imports upward from {sorted(bad)}"


def test_extractors_do_no_io():
    """Extractors are pure functions: no files, no databases, no Prefect, no subprocesses."""
    forbidden = {"prefect", "duckdb", "subprocess", "sqlite3", "requests", "httpx", "pandas", "pyarrow"}
    for path in (PKG / "extractors").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not names & forbidden, f"{path.name} imports {sorted(names & forbidden)}"
        src = path.read_text(encoding="utf-8")
        # bundled data tables are read through importlib.resources (`files(...).open()`); a bare
        # `open(` would read an arbitrary file
        assert not re.search(r"(?<![.\w])open\(", src), f"{path.name} opens files"
