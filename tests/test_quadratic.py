"""Issue 14: the inputs that used to take hours (or gigabytes) finish within the per-file limits,
with the right text or a coded refusal.

The files are built here (``scripts/hostile_files.py``, shared with ``make bench-hostile``, which
prints the timings and peak memory): a TXT of one line, a DOCX of one very long paragraph, a 3000 ×
10 DOCX table of merged cells, TXTs of millions of short lines. Each is extracted in its own process
under the per-file time limit (``kehoach extract``) or a small memory limit (``kehoach ingest``'s
workers); the tests check what came out, not how fast or how much (the benchmark says that).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_TXT

from kehoach.ingest.plan import Limits
from kehoach.ingest.run import ingest_folder
from kehoach.read import MAX_LINES, read_document
from kehoach.read.normalize import MAX_LINE_CHARS, normalize_text, split_long_line
from kehoach.read.text import LINE_BREAK_RE, count_lines
from kehoach.schemas.errors import ErrorCode, ReadError
from kehoach.store import read as store_read

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from hostile_files import long_paragraph_docx, many_lines_txt, merged_table_docx, one_line_text, one_line_txt, write_docx

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


# ---------------------------------------------------------------- many lines (E013)
def test_count_lines_is_the_number_of_lines_read():
    text = "Kế hoạch\r\nsố 12\rngày\nđ\fe\u2028f\u2029g\n\n"
    assert count_lines(text) == len(LINE_BREAK_RE.split(text)) == 9
    assert count_lines("một dòng") == 1


def test_a_text_of_more_lines_than_any_document_is_refused_before_reading_them(tmp_path):
    at_limit = tmp_path / "du-dong.txt"
    at_limit.write_text("KẾ HOẠCH\n" + "\n".join(["a"] * (MAX_LINES - 1)), encoding="utf-8")
    assert len(read_document(at_limit).blocks) == MAX_LINES
    over = tmp_path / "qua-dong.txt"
    over.write_text("KẾ HOẠCH\n" + "\n".join(["a"] * MAX_LINES), encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(over)
    assert err.value.code is ErrorCode.E013 and str(err.value).startswith("E013 Tệp có quá nhiều dòng / File has too many lines")


def test_a_docx_of_more_paragraphs_than_any_document_is_E013(tmp_path):
    path = write_docx(tmp_path / "qua-doan.docx", "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>" + "<w:p/>" * MAX_LINES)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E013


def test_the_ten_megabyte_text_of_five_million_lines_is_E013_within_a_1_gb_worker(tmp_path):
    """The issue's 10 MB TXT of 5 million short lines (9.3 GB at the trial; E011 at 3 GB since) is
    refused by design, in a worker limited to 1 GB (a warmed-up worker holds ~230 MB); a file of just
    under MAX_LINES lines is read whole within the same limit; the seed beside them is stored."""
    raw = tmp_path / "raw"
    raw.mkdir()
    huge = many_lines_txt(raw / "nam-trieu-dong.txt", 5_000_000)
    assert huge.stat().st_size > 10_000_000
    many_lines_txt(raw / "gan-gioi-han.txt", MAX_LINES - 2)  # a heading, the lines, the last empty one
    shutil.copy(SEED_TXT[0], raw / "binh-thuong.txt")
    s = ingest_folder(raw, tmp_path / "out", limits=Limits(seconds=300, memory_mb=1024))
    con = store_read.connect_readonly(tmp_path / "out")
    with con:
        codes = dict(con.execute("SELECT file, code FROM rejections").fetchall())
        lengths = con.execute("SELECT length(text) FROM documents ORDER BY 1").fetchall()
    assert {Path(f).name: c for f, c in codes.items()} == {"nam-trieu-dong.txt": "E013"}, s.rejections
    assert s.processed == 2 and len(lengths) == 2
    assert max(n for (n,) in lengths) >= 2 * (MAX_LINES - 3)  # every "a" of the long file is in its text
