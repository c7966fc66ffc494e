"""Benchmark the ingest flow: ``python scripts/bench_ingest.py --n 1000``.

1. Builds a corpus of N distinct documents in all formats from the seeds (``samples/``) and
   ``../shared/corpus``: TXT/MD with the document number, years and a copy number rewritten,
   DOCX with a paragraph edited through python-docx, PDF with a comment appended after
   ``%%EOF`` (bytes differ, the text layer does not), plus ~1 % bad files (empty PDF, random
   bytes named .docx) that must become rejections. Scanned PDFs (OCR, ~5 s/page) and .doc are
   left out: they would measure OCR/LibreOffice, not the flow.
2. Runs, each in a fresh subprocess (so memory and start-up are counted honestly):
   - the plain Python loop (``kehoach.ingest.run.ingest_folder``, no Prefect);
   - the Prefect flow (temporary local server start included) with ``--workers`` processes;
   - the flow again on the unchanged folder.
   - ``kehoach ingest`` on the unchanged folder (the CLI answers without starting Prefect).
3. Prints documents/s, the Prefect overhead ratio (flow time / plain-loop time), the unchanged
   re-run times and the peak memory (max RSS of the process and of its largest child: a
   worker process, or the temporary Prefect server).

Options: ``--n``, ``--workers 1,2`` (one flow run per value), ``--keep DIR`` (reuse/keep the
corpus), ``--json`` (machine-readable result).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))

NUMBER_RE = re.compile(r"(Số:?\s*)(\d+)")  # "Số: 205/KH-UBND": the number part to rewrite
YEAR_RE = re.compile(r"\b(20[12]\d)\b")  # years 2010–2029 shift together


def sources() -> dict[str, list[Path]]:
    files = SHARED / "corpus" / "files"
    return {
        "txt": sorted((ROOT / "samples").glob("*.txt")) + sorted((SHARED / "corpus" / "docs").glob("*.txt")),
        "docx": sorted((ROOT / "samples" / "docx").glob("*.docx")) + sorted(files.glob("*.docx")),
        "pdf": sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
        + [p for p in sorted(files.glob("*.pdf")) if not p.name.startswith("scan-")],
    }


def vary_text(text: str, i: int, rng: random.Random) -> str:
    shift = rng.randint(-3, 1)
    text = NUMBER_RE.sub(lambda m: f"{m.group(1)}{1000 + i}", text, count=1)
    text = YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)
    return text + f"\n\n(Bản sao số {i} / copy {i})\n"


def vary_docx(src: Path, dst: Path, i: int) -> None:
    import docx

    d = docx.Document(str(src))
    paras = [p for p in d.paragraphs if p.text.strip()]
    target = next((p for p in paras if "Số" in p.text), paras[-1] if paras else d.add_paragraph(""))
    target.add_run(f" (bản sao {i})")
    d.save(str(dst))


def build_corpus(out: Path, n: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    src = sources()
    cycle = ["txt", "docx", "pdf", "txt", "pdf", "md", "docx", "txt", "pdf", "docx"]
    counts: dict[str, int] = {}
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = out / f"xa-{i % 17:02d}"  # nested folders like a shared drive
        sub.mkdir(exist_ok=True)
        if i % 100 == 99:  # bad input: must become a rejection, never stop the run
            kind = "bad"
            if i % 200 == 99:
                (sub / f"rong-{i}.pdf").write_bytes(b"")
            else:
                (sub / f"hong-{i}.docx").write_bytes(rng.randbytes(2048))
        else:
            kind = cycle[i % len(cycle)]
            pool = src["txt" if kind == "md" else kind]
            s = pool[(i // len(cycle)) % len(pool)]
            dst = sub / f"{i:05d}-{s.stem[:24]}.{kind}"
            if kind in ("txt", "md"):
                dst.write_text(vary_text(s.read_text(encoding="utf-8"), i, rng), encoding="utf-8")
            elif kind == "docx":
                vary_docx(s, dst, i)
            else:
                dst.write_bytes(s.read_bytes() + f"\n%kehoach-bench copy {i}\n".encode())
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _peak_mb() -> tuple[float, float]:
    """Max RSS of this process and of its largest finished child, in MB (Linux: ru_maxrss is KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def stage(kind: str, corpus: Path, out: Path, workers: int) -> None:
    """Runs inside the measured subprocess; prints one JSON line."""
    t0 = time.perf_counter()
    if kind == "plain":
        from kehoach.ingest.run import ingest_folder

        s = ingest_folder(corpus, out, workers=workers)
        summary = {"processed": s.processed, "unchanged": s.unchanged, "rejected": s.rejected, "found": s.found}
    else:
        from kehoach.flows import prefect_defaults

        prefect_defaults(ROOT)
        from kehoach.flows.ingest import run_ingest

        s = run_ingest(corpus, out, workers=workers, crosscheck=False)
        summary = {k: s[k] for k in ("processed", "unchanged", "rejected", "found")}
    inner = time.perf_counter() - t0
    own, kids = _peak_mb()
    print(json.dumps({"inner_seconds": inner, "peak_mb": own, "peak_child_mb": kids, **summary}))


def measure(kind: str, corpus: Path, out: Path, workers: int = 1) -> dict:
    env = dict(os.environ, PREFECT_LOGGING_LEVEL="WARNING")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--_stage", kind, "--_corpus", str(corpus), "--_out", str(out), "--workers", str(workers)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_seconds"] = wall
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", default="2", help="comma-separated worker counts for the flow runs, e.g. 1,2")
    ap.add_argument("--keep", type=Path, help="build (or reuse) the corpus here and keep the outputs")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_stage")
    ap.add_argument("--_corpus", type=Path)
    ap.add_argument("--_out", type=Path)
    args = ap.parse_args()
    if args._stage:
        stage(args._stage, args._corpus, args._out, int(args.workers))
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    corpus = work / "raw"
    t0 = time.perf_counter()
    if corpus.is_dir() and sum(1 for p in corpus.rglob("*") if p.is_file()) == args.n:
        counts = {"reused": args.n}
    else:
        shutil.rmtree(corpus, ignore_errors=True)
        counts = build_corpus(corpus, args.n)
    build_s = time.perf_counter() - t0
    print(f"corpus: {args.n} files {counts} in {corpus} (built in {build_s:.1f} s)", file=sys.stderr)

    result: dict = {"n": args.n, "formats": counts, "cpus": os.cpu_count(), "load_avg_before": os.getloadavg()}
    shutil.rmtree(work / "plain", ignore_errors=True)
    plain = measure("plain", corpus, work / "plain")
    result["plain"] = plain
    print(f"plain loop: {plain['wall_seconds']:.1f} s", file=sys.stderr)
    for w in [int(x) for x in args.workers.split(",")]:
        out = work / f"flow-w{w}"
        shutil.rmtree(out, ignore_errors=True)
        first = measure("flow", corpus, out, w)
        print(f"flow workers={w}: {first['wall_seconds']:.1f} s", file=sys.stderr)
        again = measure("flow", corpus, out, w)
        print(f"flow unchanged re-run: {again['wall_seconds']:.1f} s", file=sys.stderr)
        result[f"flow_w{w}"] = first
        result[f"rerun_w{w}"] = again
        t1 = time.perf_counter()  # what a user typing `kehoach ingest` again waits for (no Prefect start when unchanged)
        cli = subprocess.run(
            [sys.executable, "-m", "kehoach.cli", "ingest", str(corpus), "--out", str(out), "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PREFECT_LOGGING_LEVEL="WARNING"),
        )
        result[f"cli_rerun_w{w}"] = {"wall_seconds": time.perf_counter() - t1, "returncode": cli.returncode}
        print(f"`kehoach ingest` unchanged re-run: {result[f'cli_rerun_w{w}']['wall_seconds']:.1f} s", file=sys.stderr)
    result["load_avg_after"] = os.getloadavg()

    docs = plain["processed"] + plain["rejected"]
    lines = [
        f"N = {args.n} files ({counts}); {docs} read by the plain loop ({plain['rejected']} rejected)",
        f"plain loop:            {plain['wall_seconds']:7.1f} s  {docs / plain['wall_seconds']:6.1f} docs/s  "
        f"peak {plain['peak_mb']:.0f} MB",
    ]
    for w in [int(x) for x in args.workers.split(",")]:
        f, r = result[f"flow_w{w}"], result[f"rerun_w{w}"]
        ratio = f["wall_seconds"] / plain["wall_seconds"]
        result[f"overhead_ratio_w{w}"] = ratio
        lines.append(
            f"flow (workers={w}):    {f['wall_seconds']:7.1f} s  {docs / f['wall_seconds']:6.1f} docs/s  "
            f"peak {f['peak_mb']:.0f} MB (+ {f['peak_child_mb']:.0f} MB largest child: server or worker)  ratio {ratio:.2f}x"
        )
        lines.append(
            f"unchanged re-run (w={w}): {r['wall_seconds']:5.1f} s  (processed {r['processed']}, unchanged {r['unchanged']})"
        )
        lines.append(f"`kehoach ingest` unchanged re-run (no Prefect start): {result[f'cli_rerun_w{w}']['wall_seconds']:5.1f} s")
    lines.append(f"load average before/after: {result['load_avg_before']} / {result['load_avg_after']}")
    print("\n".join(lines))
    if args.json:
        print(json.dumps(result, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
