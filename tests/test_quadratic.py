"""Issue 14: the inputs that used to take hours finish within the per-file limit, with the right text.

The files are built here (``scripts/hostile_files.py``, shared with ``make bench-hostile``, which
prints the timings): a TXT of one line, a DOCX of one very long paragraph, a 3000 × 10 DOCX table of
merged cells. Each is extracted by ``kehoach extract`` in its own process under the per-file time
limit; the tests check what came out, not how fast (the benchmark says that).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.ingest.plan import Limits
from kehoach.read.normalize import MAX_LINE_CHARS, normalize_text, split_long_line

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from hostile_files import long_paragraph_docx, merged_table_docx, one_line_text, one_line_txt

LIMIT_SECONDS = Limits().seconds  # the default per-file limit of kehoach ingest


def extract_within_limit(path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "extract", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-500:]
    return json.loads(out.read_text(encoding="utf-8"))


def spans_hold(x: dict) -> None:
    """The provenance rule on every record with a span."""
    text = x["text"]
    for name in ("citations", "deadlines", "responsibilities"):
        for r in x[name]:
            if r.get("start") is not None and r.get("text") is not None:
                assert text[r["start"] : r["end"]] == r["text"], (name, r)


def same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def check_one_line(x: dict, source: str) -> None:
    text = x["text"]
    assert same_words(text, normalize_text(source))  # nothing lost or added: line breaks where spaces were
    assert max(len(line) for line in text.split("\n")) <= MAX_LINE_CHARS
    assert len(x["deadlines"]) > 10  # the plan's time limits, copy after copy
    spans_hold(x)


def test_a_two_megabyte_one_line_txt(tmp_path):
    path = one_line_txt(tmp_path / "mot-dong.txt", 2 * 1024 * 1024)
    check_one_line(extract_within_limit(path, tmp_path), path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_twenty_megabyte_one_line_txt(tmp_path):
    # just under the 20 MB limit of a text file (E004 beyond)
    path = one_line_txt(tmp_path / "mot-dong.txt", 20 * 1024 * 1024 - 1024)
    check_one_line(extract_within_limit(path, tmp_path), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("runs", [1, 2000], ids=["one-run", "many-runs"])
def test_a_docx_of_one_very_long_paragraph(tmp_path, runs):
    size = 1024 * 1024
    path = long_paragraph_docx(tmp_path / "doan-dai.docx", size, runs=runs)
    x = extract_within_limit(path, tmp_path)
    check_one_line(x, "KẾ HOẠCH " + one_line_text(size))


def test_a_docx_table_of_3000_merged_rows(tmp_path):
    path = merged_table_docx(tmp_path / "bang-gop.docx")
    assert path.stat().st_size < 80_000
    x = extract_within_limit(path, tmp_path)
    text = x["text"]
    assert text.count("Ủy ban nhân dân xã Minh Tâm") == 1  # the cell merged over 3000 rows, read once
    assert text.count("Quý IV/2025") == 300  # merged in blocks of 10 rows
    assert [int(n) for n in re.findall(r"Nhiệm vụ (\d+)", text)] == list(range(1, 3001))  # a 2-column span, once a row
    assert "29999" in text and "30000" not in text  # the last plain cell: row 3000, column 10


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ngắn.", ["Ngắn."]),  # within the limit: whole
        ("Câu một. " * 20_000, None),  # cut after a sentence end
        ("khong dau cham " * 10_000, None),  # no sentence end: cut at a space
        ("x" * 250_000, ["x" * MAX_LINE_CHARS, "x" * MAX_LINE_CHARS, "x" * 50_000]),  # no space: hard cuts
    ],
)
def test_split_long_line(text, expected):
    parts = split_long_line(text)
    assert all(0 < len(p) <= MAX_LINE_CHARS for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")  # only spaces dropped, at the cuts
    if " " in text:
        assert same_words(" ".join(parts), text)
    if expected is not None:
        assert parts == expected
    if text.startswith("Câu"):
        assert all(p.endswith(".") for p in parts[:-1])
