"""Timings of the large hostile inputs of issue 14 (``make bench-hostile``): a one-line TXT, a DOCX
with one very long paragraph, a DOCX with a 3000 × 10 merged table. Each case is extracted in a
fresh process under a time limit (a case over it is reported as such, not waited for).

    python scripts/bench_hostile.py                 # the issue's sizes: 20 MB one line, 5 MB paragraph
    python scripts/bench_hostile.py --sizes 0.25,0.5 --limit 120
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_files import long_paragraph_docx, many_lines_txt, merged_table_docx, one_line_txt

CHILD = """
import sys, time
from kehoach.extract import extract_file
t = time.perf_counter()
x = extract_file(sys.argv[1])
print(f"{time.perf_counter() - t:.2f} {len(x.text)} {len(x.sections)} {len(x.deadlines)}")
"""


def run(path: Path, limit: float) -> str:
    t = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    wall = time.perf_counter() - t
    if out.returncode:
        return f"error after {wall:.1f} s: {out.stderr.strip().splitlines()[-1:]}"
    secs, chars = out.stdout.split()[:2]
    return f"{float(secs):.2f} s extract ({wall:.1f} s with start-up), {int(chars):,} chars"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19.9", help="one-line TXT sizes in MB (the TXT limit is 20 MB), comma-separated")
    ap.add_argument("--paragraph", type=float, default=5, help="long DOCX paragraph, MB of text")
    ap.add_argument("--lines", type=int, default=1_000_000, help="TXT of short lines re-flowed into paragraphs")
    ap.add_argument("--limit", type=float, default=600, help="seconds per case")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        cases = [
            (f"one-line TXT {s} MB", one_line_txt(d / f"line{s}.txt", int(float(s) * 1024 * 1024))) for s in a.sizes.split(",")
        ]
        size = int(a.paragraph * 1024 * 1024)
        cases.append((f"DOCX one paragraph {a.paragraph} MB, 1 run", long_paragraph_docx(d / "para1.docx", size)))
        cases.append((f"DOCX one paragraph {a.paragraph} MB, 5000 runs", long_paragraph_docx(d / "para2.docx", size, runs=5000)))
        cases.append((f"TXT of {a.lines:,} lines", many_lines_txt(d / "lines.txt", a.lines)))
        merged = merged_table_docx(d / "merged.docx")
        cases.append((f"DOCX 3000×10 merged table ({merged.stat().st_size // 1024} KB)", merged))
        for name, path in cases:
            print(f"{name:45} {run(path, a.limit)}", flush=True)


if __name__ == "__main__":
    main()
