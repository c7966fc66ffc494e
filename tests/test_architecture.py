"""Layers, one direction (STYLE.md): commands/web → flows → ingest, crosscheck, present → store,
extract → read, extractors → text → schemas. Nothing imports upward or sideways out of turn."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "kehoach"
# what each layer may import from kehoach (besides itself)
BASE = {"schemas"}
TEXT = BASE | {"text"}
ALLOWED: dict[str, set[str]] = {
    "schemas": set(),
    "text": BASE,
    "read": TEXT,
    "extractors": TEXT,
    "extract": TEXT | {"read", "extractors"},
    "store": TEXT,
    "crosscheck": TEXT | {"store"},
    "ingest": TEXT | {"read", "extractors", "extract", "store", "crosscheck"},
    # presentation reads the store (kehoach.store.read), never writes it
    "present": TEXT | {"store", "extract"},
    "flows": TEXT | {"read", "extractors", "extract", "store", "crosscheck", "ingest", "present"},
    "evaluate": TEXT | {"read", "extractors", "extract"},
    "web": TEXT | {"store", "present", "extract"},
    "commands": set(),  # the CLI may use everything
}
LAYER_OF_FILE = {"extract.py": "extract", "cli.py": "commands", "__init__.py": None}


def layer_of(path: Path) -> str | None:
    rel = path.relative_to(PKG)
    if len(rel.parts) == 1:
        return LAYER_OF_FILE.get(rel.name, rel.stem)
    return rel.parts[0]


MODULES = sorted(p for p in PKG.rglob("*.py") if layer_of(p) in ALLOWED)


def kehoach_imports(path: Path) -> set[str]:
    """Top-level kehoach modules imported (``kehoach.store.read`` → ``store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kehoach."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "kehoach":
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("kehoach."))
    return out


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down(path):
    layer = layer_of(path)
    if layer == "commands":
        return
    bad = {m for m in kehoach_imports(path) if m != layer and m in ALLOWED and m not in ALLOWED[layer]}
    assert not bad, f"{path.relative_to(PKG)} ({layer}) imports upward or sideways from {sorted(bad)}"


def test_every_module_has_a_layer():
    """A new top-level folder must be placed in the layer table above (no warehouse folders)."""
    unknown = sorted({str(p.relative_to(PKG)) for p in PKG.rglob("*.py") if layer_of(p) not in ALLOWED and layer_of(p)})
    assert not unknown, unknown


# The one write the web app makes: a person's correction, appended through the store's own atomic
# write by kehoach.store.corrections (never an update of the machine's tables). Reports never write.
READERS = ("kehoach.store.read", "kehoach.store", "kehoach.store.paths", "kehoach.store.query")
WEB_WRITERS = ("kehoach.store.corrections",)


def test_present_never_writes_the_store():
    """Reports and pages read tables through ``kehoach.store.read``; only ingest/crosscheck/flows write
    (and web, corrections only, through ``kehoach.store.corrections``)."""
    for path in list((PKG / "present").rglob("*.py")) + list((PKG / "web").rglob("*.py")):
        mods = imported_modules(path)
        allowed = READERS + (WEB_WRITERS if layer_of(path) == "web" else ())
        writes = {m for m in mods if m.startswith("kehoach.store") and m not in allowed}
        assert not writes, f"{path.relative_to(PKG)} imports {sorted(writes)}"


def test_prefect_only_in_flows_and_commands():
    """Business logic runs without Prefect: only flows/ (and the CLI that starts them) import it."""
    for path in PKG.rglob("*.py"):
        if layer_of(path) in ("flows", "commands"):
            continue
        mods = imported_modules(path)
        assert not [m for m in mods if m.split(".")[0] == "prefect"], path.relative_to(PKG)


def test_extractors_do_no_io():
    """Extractors are pure functions: no files, no databases, no Prefect, no subprocesses."""
    forbidden = {"prefect", "duckdb", "subprocess", "sqlite3", "requests", "httpx", "pandas", "pyarrow"}
    for path in list((PKG / "extractors").glob("*.py")) + list((PKG / "text").glob("*.py")):
        names = {m.split(".")[0] for m in imported_modules(path)}
        assert not names & forbidden, f"{path.name} imports {sorted(names & forbidden)}"
        src = path.read_text(encoding="utf-8")
        # bundled data tables are read through importlib.resources (`files(...).open()`); a bare
        # `open(` would read an arbitrary file
        assert not re.search(r"(?<![.\w])open\(", src), f"{path.name} opens files"


# ---------------------------------------------------------------- regex quantifiers inside f-strings

QUANTIFIER_TEXT = re.compile(r"\{\d+(?:,\d*)?\}")  # "{2}", "{1,3}", "{2,}" as a regex writes them


def quantifier_leaks(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every place a regex quantifier is taken for a replacement field:
    ``rf"\\d{1,3}"`` formats the tuple ``(1, 3)`` into the pattern and ``rf"\\d{2}"`` the digit ``2``
    (an f-string needs ``{{1,3}}``); ``"\\d{2}".format(x)`` fills ``{2}`` with an argument. Python
    raises no error for either: the pattern silently matches something else."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                expr = part.value if isinstance(part, ast.FormattedValue) else None
                if isinstance(expr, ast.Tuple) or (isinstance(expr, ast.Constant) and isinstance(expr.value, int)):
                    found.append((node.lineno, "{" + ast.unparse(expr).strip("()") + "}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and (m := QUANTIFIER_TEXT.search(node.func.value.value))
        ):
            found.append((node.lineno, m.group()))
    return found


@pytest.mark.parametrize(
    ("source", "leaks"),
    [
        ('re.compile(rf"\\d{1,3}(?:\\.{SEP})")', ["{1, 3}"]),  # the tuple (1, 3) lands in the pattern
        ('re.compile(rf"[A-Z]{2,}")', ["{2,}"]),
        ('NUM = rf"\\d{2}/{YEAR}"', ["{2}"]),
        ('re.compile(r"\\d{2}/{0}".format(year))', ["{2}"]),
        ('re.compile(rf"\\d{{1,3}}(?:\\.{SEP})")', []),  # NEGATIVE: escaped braces, a named field
        ('re.compile(r"\\d{1,3}")', []),  # NEGATIVE: not an f-string
        ('msg = f"{count} tệp, {100 * n / total:.0f}%"', []),  # NEGATIVE: expressions, not quantifiers
    ],
)
def test_quantifier_leaks_are_found(source, leaks):
    assert [text for _, text in quantifier_leaks(source)] == leaks


def test_no_regex_quantifier_is_taken_for_a_replacement_field():
    root = PKG.parent
    leaks = [
        f"{p.relative_to(root)}:{line} {text}"
        for d in ("kehoach", "scripts", "tests")
        for p in sorted((root / d).rglob("*.py"))
        for line, text in quantifier_leaks(p.read_text(encoding="utf-8"))
    ]
    assert not leaks, leaks
