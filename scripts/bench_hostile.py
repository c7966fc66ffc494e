"""Timings and peak memory of the large hostile inputs of issue 14 (``make bench-hostile``): a one-line
TXT, a DOCX with one very long paragraph, TXTs of many short lines, a long ordinary plan, a DOCX with
a 3000 × 10 merged table. Each case is extracted in a fresh process under a time limit and the
per-file memory limit of ``kehoach ingest`` (``RLIMIT_DATA``, as its workers have it): a case over
either is reported as such (not waited for, never allowed to take the machine's memory). Peak memory
is the child's ``VmHWM``.

    python scripts/bench_hostile.py                 # the issue's sizes: 20 MB one line, 5 MB paragraph
    python scripts/bench_hostile.py --sizes 0.25,0.5 --limit 120 --lines 1000000 --memory 8192
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kehoach.ingest.plan import Limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_files import long_paragraph_docx, long_plan_txt, many_lines_txt, merged_table_docx, one_line_txt

CHILD = """
import resource, sys, time
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
from kehoach.extract import extract_file
from kehoach.schemas.errors import ReadError

def peak_mb():  # VmHWM, not ru_maxrss (Linux keeps ru_maxrss across exec)
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024

t = time.perf_counter()
try:
    x = extract_file(sys.argv[1])
    print(f"ok {time.perf_counter() - t:.2f} {peak_mb()} {len(x.text)}")
except (ReadError, MemoryError) as e:
    code = e.code.value if isinstance(e, ReadError) else "MemoryError"
    print(f"refused {time.perf_counter() - t:.2f} {peak_mb()} {code}")
"""


def run(path: Path, limit: float, memory_mb: int) -> str:
    t = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(memory_mb)], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    wall = time.perf_counter() - t
    if out.returncode or not out.stdout.strip():
        return f"error after {wall:.1f} s: {out.stderr.strip().splitlines()[-1:]}"
    what, secs, peak, rest = out.stdout.split()[:4]
    if what == "refused":
        return f"refused {rest} after {float(secs):.2f} s, peak {int(peak):,} MB ({wall:.1f} s with start-up)"
    return f"{float(secs):.2f} s extract, peak {int(peak):,} MB ({wall:.1f} s with start-up), {int(rest):,} chars"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="19.9", help="one-line TXT sizes in MB (the TXT limit is 20 MB), comma-separated")
    ap.add_argument("--paragraph", type=float, default=5, help="long DOCX paragraph, MB of text")
    ap.add_argument(
        "--lines",
        default="199990,1000000,5000000",
        help="TXTs of short lines (just under MAX_LINES; 1 M; 5 M: the issue's 10 MB file), comma-separated",
    )
    ap.add_argument("--copies", type=int, default=300, help="copies of an ordinary plan in one TXT")
    ap.add_argument("--limit", type=float, default=600, help="seconds per case")
    ap.add_argument("--memory", type=int, default=Limits().memory_mb, help="MB per case (RLIMIT_DATA, as ingest's workers)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        cases = [
            (f"one-line TXT {s} MB", one_line_txt(d / f"line{s}.txt", int(float(s) * 1024 * 1024))) for s in a.sizes.split(",")
        ]
        size = int(a.paragraph * 1024 * 1024)
        cases.append((f"DOCX one paragraph {a.paragraph} MB, 1 run", long_paragraph_docx(d / "para1.docx", size)))
        cases.append((f"DOCX one paragraph {a.paragraph} MB, 5000 runs", long_paragraph_docx(d / "para2.docx", size, runs=5000)))
        for n in (int(x) for x in a.lines.split(",")):
            path = many_lines_txt(d / f"lines{n}.txt", n)
            cases.append((f"TXT of {n:,} lines ({path.stat().st_size / 1e6:.1f} MB)", path))
        plan = long_plan_txt(d / "plan.txt", a.copies)
        cases.append((f"TXT plan × {a.copies} ({plan.stat().st_size / 1e6:.1f} MB)", plan))
        merged = merged_table_docx(d / "merged.docx")
        cases.append((f"DOCX 3000×10 merged table ({merged.stat().st_size // 1024} KB)", merged))
        for name, path in cases:
            print(f"{name:45} {run(path, a.limit, a.memory)}", flush=True)


if __name__ == "__main__":
    main()
