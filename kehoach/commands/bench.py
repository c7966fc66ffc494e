"""`kehoach bench`: extraction speed per format, documents per second, start-up cost reported separately.

    kehoach bench                      # bundled samples (+ ../shared/corpus when present)
    kehoach bench DIR --repeat 5

Aims (issue 2): a 4-page PDF in under 0.3 s and a text document in under 0.05 s on one core.
Each file is extracted once to warm caches (regex compilation, lazy imports), then ``repeat``
times; the median is reported. Scanned PDFs (OCR) and .doc (LibreOffice) are timed apart.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import typer

from kehoach.extract import extract_file
from kehoach.schemas.errors import ReadError

AIM_SECONDS = {"txt": 0.05, "md": 0.05, "docx": 0.15, "pdf_per_4_pages": 0.3}


@dataclass
class Timing:
    path: Path
    fmt: str
    pages: int | None
    seconds: float  # median over repeats
    error: str | None = None


def startup_seconds() -> dict[str, float]:
    """Wall time of a fresh interpreter: bare, importing the extractor, and `kehoach --help`."""

    def wall(args: list[str]) -> float:
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(args, capture_output=True, check=False)
            best = min(best, time.perf_counter() - t)
        return best

    bare = wall([sys.executable, "-c", "pass"])
    return {
        "python": bare,
        "import kehoach.extract": wall([sys.executable, "-c", "import kehoach.extract"]) - bare,
        "kehoach --help": wall([sys.executable, "-m", "kehoach.cli", "--help"]) - bare,
    }


def time_file(path: Path, repeat: int) -> Timing:
    fmt = path.suffix.lower().lstrip(".")
    try:
        x = extract_file(path)  # warm-up
    except ReadError as e:
        return Timing(path, fmt, None, 0.0, error=str(e)[:4])
    runs = []
    n = 1 if x.source.ocr or fmt == "doc" else repeat
    for _ in range(n):
        t = time.perf_counter()
        extract_file(path)
        runs.append(time.perf_counter() - t)
    kind = "ocr" if x.source.ocr else fmt
    return Timing(path, kind, x.source.pages, statistics.median(runs))


def collect(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() in {".txt", ".md", ".docx", ".pdf", ".doc"}))
        elif p.is_file():
            out.append(p)
    return out


def run_benchmark(paths: list[Path], repeat: int = 3, include_ocr: bool = False) -> str:
    files = [p for p in collect(paths) if include_ocr or not p.name.startswith("scan-")]
    lines = ["# kehoach extract benchmark (one core, in-process, median of repeats)", ""]
    st = startup_seconds()
    lines.append("start-up (fresh interpreter, best of 3):")
    lines.extend(f"  {k:34} {v * 1000:8.0f} ms" for k, v in st.items())
    timings = [time_file(p, repeat) for p in files]
    lines += ["", f"{'format':6} {'docs':>5} {'docs/s':>8} {'median ms':>10} {'max ms':>8} {'aim':>22}"]
    by_fmt: dict[str, list[Timing]] = {}
    for t in timings:
        if t.error is None:
            by_fmt.setdefault(t.fmt, []).append(t)
    for fmt, ts in sorted(by_fmt.items()):
        secs = [t.seconds for t in ts]
        total = sum(secs)
        aim = ""
        if fmt == "pdf":
            per4 = max(t.seconds / max(1, t.pages or 1) * 4 for t in ts)
            aim = f"4 pages ≤ {AIM_SECONDS['pdf_per_4_pages']}s: {per4:.3f}s {'✓' if per4 <= AIM_SECONDS['pdf_per_4_pages'] else '✗'}"
        elif fmt in AIM_SECONDS:
            worst = max(secs)
            aim = f"≤ {AIM_SECONDS[fmt]}s: {worst:.3f}s {'✓' if worst <= AIM_SECONDS[fmt] else '✗'}"
        lines.append(
            f"{fmt:6} {len(ts):5d} {len(ts) / total:8.1f} {statistics.median(secs) * 1000:10.1f} {max(secs) * 1000:8.1f} {aim:>22}"
        )
    errors = [t for t in timings if t.error]
    if errors:
        lines.append("")
        lines.append("not timed (rejected): " + ", ".join(f"{t.path.name} {t.error}" for t in errors))
    return "\n".join(lines)


def bench(
    paths: list[Path] = typer.Argument(None, help="Tệp hoặc thư mục / files or folders (default: samples/ and ../shared/corpus)"),
    repeat: int = typer.Option(3, help="Số lần lặp / repetitions per file"),
    ocr: bool = typer.Option(False, "--ocr", help="Gồm cả PDF quét / include scanned PDFs (slow)"),
) -> None:
    """Đo tốc độ trích xuất / measure extraction speed (documents per second per format)."""
    if not paths:
        root = Path(__file__).resolve().parents[2]
        paths = [p for p in (root / "samples", root.parent / "shared" / "corpus") if p.exists()]
    typer.echo(run_benchmark(paths, repeat=repeat, include_ocr=ocr))


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
