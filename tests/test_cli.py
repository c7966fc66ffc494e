"""`kehoach extract` as users and the scorer run it: a real subprocess, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed

KEHOACH = [sys.executable, "-m", "kehoach.cli"]
CONTRACT_KEYS = {
    "schema_version",
    "source",
    "text",
    "doc_type",
    "number",
    "issuer",
    "parent",
    "issued_date",
    "year",
    "title",
    "signer",
    "recipients",
    "sections",
    "citations",
    "deadlines",
    "responsibilities",
    "criteria",
    "campaigns",
    "reform_areas",
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KEHOACH, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_extract_prints_every_contract_key():
    p = run("extract", str(seed("004", "pdf")))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert CONTRACT_KEYS <= out.keys()
    assert out["schema_version"] == "1" and out["source"]["format"] == "pdf"
    assert out["doc_type"] == "ke_hoach" and out["issuer"]["place"] == "Hớn Quản"
    assert "Hớn Quản" in p.stdout  # Vietnamese is written as text, not \\u escapes
    for key in ("citations", "deadlines", "responsibilities", "criteria", "campaigns", "reform_areas", "recipients"):
        assert isinstance(out[key], list)


def test_extract_to_file(tmp_path):
    out = tmp_path / "sub" / "out.json"
    p = run("extract", str(seed("002")), "-o", str(out))
    assert p.returncode == 0 and p.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["issued_date"] == "2024-02-21"


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.pdf", b"", "E003"),  # zero-byte file
        ("random.docx", b"\x8f\x13" * 500, "E102"),  # random bytes named .docx
        ("table.xlsx", b"PK\x03\x04", "E002"),  # a spreadsheet is not a plan
    ],
)
def test_unreadable_file_exits_2_with_one_coded_line(tmp_path, name, data, code):
    f = tmp_path / name
    f.write_bytes(data)
    p = run("extract", str(f))
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(code) and "Traceback" not in p.stderr


def test_help_is_bilingual():
    p = run("--help")
    assert p.returncode == 0
    assert "kế hoạch" in p.stdout.lower() and "extract" in p.stdout


def test_version():
    from kehoach import __version__

    res = run("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"kehoach {__version__}"
