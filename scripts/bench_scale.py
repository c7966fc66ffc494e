"""``make bench-scale``: the whole trove end to end on a Prefect work pool (issue 11).

1. A real ``prefect server`` (with :data:`kehoach.flows.server.POOL_SERVER_SETTINGS`, as the README
   starts it) and ``kehoach deploy --pool bench`` (fresh ``PREFECT_HOME``).
2. **1 worker vs 2 workers, in the same run**: ``kehoach ingest --pool`` of the same sample of
   trove pages with one ``prefect worker``, then with two (extraction seconds from the run's own
   timings, shards included).
3. **The whole trove** (``../shared/corpus/trove.tar.xz``, 13,972 pages; unpacked once) with two
   workers: plan, extraction, cross-check; then ``kehoach report``.
4. **Ten new documents** added to the full store: ``kehoach ingest`` (server already running, files
   extracted locally) with its cross-check, then ``kehoach report``.

Every process started (server, workers, their flow runs, extraction workers, the commands) is
sampled every 0.5 s: peak RSS and PSS per process and the peaks of their sums. Prints a Markdown table and
writes ``bench-scale.json`` in the work folder. Run it when the machine is quiet (``uptime``);
never beside another whole-trove job.

Memory: RSS and PSS of every process (PSS splits a page shared by several processes among them, so
their sum is what the processes occupy together; the sum of RSS counts the libraries the forked and
spawned processes share once per process). The target is judged on the summed PSS; both are shown,
with a table per kind of process (server, worker, flow run, extractor, ingest, cross-check, report).

Options: ``--work DIR`` (keep everything there), ``--sample N`` (pages for the 1-vs-2 comparison),
``--limit N`` (only the first N trove pages: a quick trial), ``--crosscheck-timeout S``,
``--table bench-scale.json`` (print an earlier run's tables).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT))

from kehoach.flows.server import POOL_SERVER_SETTINGS, free_port, healthy, start_child, stop_child  # noqa: E402


def kind_of(cmdline: list[str]) -> str:
    """What a process is, from its command line: the rows of the per-process table."""
    line = " ".join(cmdline)
    if "server start" in line:
        return "server"
    if "worker start" in line:
        return "worker"
    if "prefect.engine" in line or "_workspace_supervisor" in line:  # a flow run (its supervisor execs the engine)
        return "flow run"
    if "resource_tracker" in line:
        return "resource tracker"
    if "multiprocessing" in line or "spawn_main" in line:
        return "extractor"
    if "chrom" in (cmdline[0] if cmdline else ""):
        return "chromium"
    if "kehoach.crosscheck" in line:
        return "cross-check"
    for cmd in ("ingest", "report", "deploy"):
        if f"kehoach.cli {cmd}" in line:
            return cmd
    return "other"


class Sampler(threading.Thread):
    """Every 0.5 s, the memory of every descendant of this process: RSS and PSS.

    RSS counts a page once per process that maps it, so the sum of RSS counts the libraries the
    server, the workers, their flow runs and the extraction processes share several times; PSS
    (proportional set size: a shared page divided among the processes sharing it) sums to what the
    processes really occupy. The issue's target (peak memory summed over all processes) is judged
    on the sum of PSS; both are reported. Where PSS cannot be read (another user's process, not
    Linux), RSS stands in for it."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.peak: dict[int, tuple[int, int, str]] = {}  # pid → (peak rss, peak pss, kind)
            self.peak_rss = self.peak_pss = 0
            self.at_peak: dict[str, dict] = {}  # per kind at the moment of the peak PSS sum

    @staticmethod
    def measure(p: psutil.Process) -> tuple[int, int]:
        try:
            full = p.memory_full_info()
            return full.rss, getattr(full, "pss", full.rss)
        except psutil.AccessDenied:
            rss = p.memory_info().rss
            return rss, rss

    def sample(self) -> None:
        now: list[tuple[str, int, int]] = []
        for p in self.me.children(recursive=True):
            try:
                kind = kind_of(p.cmdline())
                rss, pss = self.measure(p)
            except psutil.Error:
                continue
            now.append((kind, rss, pss))
            with self.lock:
                old = self.peak.get(p.pid, (0, 0, kind))
                self.peak[p.pid] = (max(old[0], rss), max(old[1], pss), kind)
        rss_sum, pss_sum = sum(r for _, r, _ in now), sum(s for *_, s in now)
        with self.lock:
            self.peak_rss = max(self.peak_rss, rss_sum)
            if pss_sum > self.peak_pss:
                self.peak_pss = pss_sum
                self.at_peak = {}
                for kind, rss, pss in now:
                    k = self.at_peak.setdefault(kind, {"n": 0, "rss_mb": 0, "pss_mb": 0})
                    k["n"] += 1
                    k["rss_mb"] += rss
                    k["pss_mb"] += pss

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.sample()

    def report(self) -> dict:
        with self.lock:
            kinds: dict[str, dict] = {}
            for rss, pss, kind in self.peak.values():
                k = kinds.setdefault(kind, {"processes": 0, "peak_rss_mb": 0, "peak_pss_mb": 0})
                k["processes"] += 1
                k["peak_rss_mb"] = max(k["peak_rss_mb"], round(rss / 2**20))
                k["peak_pss_mb"] = max(k["peak_pss_mb"], round(pss / 2**20))
            at_peak = {
                kind: {"n": v["n"], "rss_mb": round(v["rss_mb"] / 2**20), "pss_mb": round(v["pss_mb"] / 2**20)}
                for kind, v in sorted(self.at_peak.items())
            }
            return {
                "peak_sum_rss_mb": round(self.peak_rss / 2**20),
                "peak_sum_pss_mb": round(self.peak_pss / 2**20),
                "per_kind": dict(sorted(kinds.items())),
                "at_peak_pss": at_peak,
                "processes": len(self.peak),
            }


def trove_dir(work: Path) -> Path:
    for cand in (Path("/work/trove/trove"), work / "trove" / "trove"):
        if cand.is_dir() and any(cand.glob("*.md")):
            return cand
    tar = SHARED / "corpus" / "trove.tar.xz"
    print(f"unpacking {tar} …", file=sys.stderr)
    with tarfile.open(tar) as t:
        t.extractall(work / "trove", filter="data")
    return work / "trove" / "trove"


def link_folder(files: list[Path], dest: Path) -> Path:
    """A drop folder holding ``files`` (hard links when possible: no copy of 210 MB)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for f in files:
        try:
            os.link(f, dest / f.name)
        except OSError:
            shutil.copy(f, dest / f.name)
    return dest


def kehoach(env: dict, *args: str, timeout: float = 7200) -> tuple[dict | None, float, str, int | None]:
    """Run ``kehoach ARGS``: (its --json summary, wall seconds, the end of stderr, exit code; None
    when stopped at ``timeout``)."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            [sys.executable, "-m", "kehoach.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - t0, f"stopped after {timeout:.0f} s", None
    wall = time.perf_counter() - t0
    try:
        out = json.loads(p.stdout) if "--json" in args else None
    except ValueError:
        out = None
    if p.returncode not in (0, 1):
        print(p.stderr[-3000:], file=sys.stderr)
    return out, wall, p.stderr[-2000:], p.returncode


# The cross-check of the full store, with what it reused (stored features, previous pairs).
CROSSCHECK = """
import json
from kehoach.crosscheck.run import StoreCorpus, crosscheck
from kehoach.store.read import documents_version
from kehoach.store.write import write_tables
basis = documents_version({data!r})
corpus = StoreCorpus({data!r})
result = crosscheck(corpus)
write_tables({data!r}, result.tables(), basis=basis)
print(json.dumps(dict(features_computed=corpus.recomputed_features, pairs_computed=corpus.computed_pairs,
                      pairs_reused=corpus.reused_pairs, **{{t: len(r) for t, r in result.tables().items()}})))
"""


def save(work: Path, res: dict) -> None:
    """Results so far (a long run cut short still leaves its numbers)."""
    (work / "bench-scale.json").write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--sample", type=int, default=600)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--shard-files", type=int, default=400)
    ap.add_argument("--crosscheck-timeout", type=float, default=3600)
    ap.add_argument("--table", type=Path, help="print the tables of an earlier run's bench-scale.json and stop")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="kehoach-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    pages = sorted(trove_dir(work).glob("*.md"))
    if args.limit:
        pages = pages[: args.limit]
    res["pages"] = len(pages)

    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_API_URL": url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    sampler = Sampler()
    sampler.start()
    prefect = [sys.executable, "-m", "prefect"]
    helpers = [
        start_child(
            [*prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            work / "server.log",
            env | POOL_SERVER_SETTINGS,  # the services a process work pool does not need off (README)
        )
    ]
    try:
        while not healthy(url):
            time.sleep(0.5)
        kehoach(env, "deploy", "--pool", "bench")

        def add_worker(i: int) -> None:
            cmd = [*prefect, "worker", "start", "--pool", "bench", "--limit", "1", "--name", f"bench-{i}"]
            helpers.append(start_child(cmd, work / f"worker{i}.log", env))

        # --- 1 worker vs 2 workers on the same sample
        sample = link_folder(pages[: args.sample], work / "sample")
        shard = max(25, args.sample // 6)
        res["workers"] = {}
        for n in (1, 2):
            add_worker(n)
            if not args.sample:  # --sample 0: no 1-vs-2 comparison this time
                continue
            time.sleep(5)
            out = work / f"sample-w{n}"
            shutil.rmtree(out, ignore_errors=True)
            s, wall, _, _rc = kehoach(
                env,
                "ingest",
                str(sample),
                "--out",
                str(out),
                "--pool",
                "bench",
                "--shard-files",
                str(shard),
                "--no-crosscheck",
                "--json",
            )
            ext = s["timings"]["extract"]
            res["workers"][n] = {
                "files": s["processed"] + s["rejected"],
                "extract_s": ext,
                "docs_per_s": round((s["processed"] + s["rejected"]) / ext, 2),
                "pool_workers": len(s["pool_workers"]),
                "wall_s": round(wall, 1),
                "load": os.getloadavg(),
            }
            print(f"{n} worker(s): {res['workers'][n]}", file=sys.stderr)
            save(work, res)
        if args.sample:
            res["speedup_2_vs_1"] = round(res["workers"][2]["docs_per_s"] / res["workers"][1]["docs_per_s"], 2)

        # --- the whole trove, two workers
        raw = link_folder(pages, work / "raw")
        full = work / "full"
        shutil.rmtree(full, ignore_errors=True)
        sampler.reset()
        s, wall, _err, rc = kehoach(
            env,
            "ingest",
            str(raw),
            "--out",
            str(full),
            "--pool",
            "bench",
            "--shard-files",
            str(args.shard_files),
            "--no-crosscheck",
            "--json",
        )
        if s is None:
            res["full"] = {"exit_code": rc, "error": _err}
            save(work, res)
            raise SystemExit(f"the whole-trove ingest gave no summary (exit {rc}): {_err[-800:]}")
        res["full"] = {
            "exit_code": rc,
            "processed": s["processed"],
            "rejected": s["rejected"],
            "crashes": sum(1 for r in s["rejections"] if r["code"] in ("E012", "E900")),
            "failures": s["failures"],
            "timings": s["timings"],
            "ingest_wall_s": round(wall, 1),
            "docs_per_s": round((s["processed"] + s["rejected"]) / s["timings"]["extract"], 2),
            "rejection_codes": sorted({r["code"] for r in s["rejections"]}),
        }
        print(f"full extraction: {res['full']}", file=sys.stderr)
        save(work, res)
        t0 = time.perf_counter()
        try:
            cc = subprocess.run(
                [sys.executable, "-c", CROSSCHECK.format(data=str(full))],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=args.crosscheck_timeout,
            )
            res["full"]["crosscheck_ok"] = cc.returncode == 0
            if cc.returncode == 0:
                res["full"]["crosscheck_stats"] = json.loads(cc.stdout.strip().splitlines()[-1])
            else:
                res["full"]["crosscheck_error"] = cc.stderr[-800:]
        except subprocess.TimeoutExpired:
            res["full"]["crosscheck_ok"] = False
            res["full"]["crosscheck_error"] = f"not finished after {args.crosscheck_timeout:.0f} s (stopped)"
        res["full"]["crosscheck_s"] = round(time.perf_counter() - t0, 1)
        save(work, res)
        _, wall, _err, _rc = kehoach(env, "report", "--data", str(full), "--out", str(work / "report"), "--no-pdf")
        res["full"]["report_s"] = round(wall, 1)
        res["full"]["memory"] = sampler.report()
        res["full"]["load"] = os.getloadavg()
        total = res["full"]["ingest_wall_s"] + res["full"]["crosscheck_s"] + res["full"]["report_s"]
        res["full"]["total_s"] = round(total, 1)
        res["full"]["crosscheck_share"] = round(res["full"]["crosscheck_s"] / total, 3)
        print(f"full: {res['full']}", file=sys.stderr)
        save(work, res)

        # --- ten new documents into the full store
        new = sorted((SHARED / "corpus" / "docs").glob("*.txt"))[:10]
        if len(new) < 10:
            raise SystemExit(f"needs ten documents from {SHARED / 'corpus' / 'docs'} (set KEHOACH_SHARED)")
        dest = raw / "moi"
        dest.mkdir(exist_ok=True)
        for f in new:
            shutil.copy(f, dest / f"moi-{f.name}")
        sampler.reset()
        s, wall_i, _, rc_i = kehoach(env, "ingest", str(raw), "--out", str(full), "--json", timeout=args.crosscheck_timeout)
        _, wall_r, _, rc_r = kehoach(env, "report", "--data", str(full), "--out", str(work / "report"), "--no-pdf")
        res["add10"] = {
            "processed": s["processed"] if s else None,
            "timings": s["timings"] if s else None,
            "crosscheck": s["crosscheck"] if s else None,
            "exit_codes": {"ingest": rc_i, "report": rc_r},
            "ingest_wall_s": round(wall_i, 1),
            "report_s": round(wall_r, 1),
            "total_s": round(wall_i + wall_r, 1),
            "memory": sampler.report(),
            "load": os.getloadavg(),
        }
        print(f"+10: {res['add10']}", file=sys.stderr)
    finally:
        for p in reversed(helpers):
            stop_child(p)
        sampler.stop.set()
    res["load_after"] = os.getloadavg()
    (work / "bench-scale.json").write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    print(table(res))


def table(res: dict) -> str:
    """The Markdown tables of a run's results (``bench-scale.json``)."""
    f, a = res["full"], res["add10"]
    w = res["workers"] or {n: {"docs_per_s": "-"} for n in (1, 2)}
    w = {int(k): v for k, v in w.items()}
    fm, am = f["memory"], a["memory"]
    lines = [
        "| measure | value | target |",
        "| --- | --- | --- |",
        f"| pages | {res['pages']} | 13,972 |",
        f"| whole-trove ingest exit code | {f.get('exit_code', '-')} | 0 |",
        f"| extraction, 2 workers (s) | {f['timings']['extract']:.0f} ({f['docs_per_s']} docs/s) | |",
        f"| cross-check (s) | {f['crosscheck_s']:.0f} ({'ok' if f['crosscheck_ok'] else 'FAILED'}) | ≤ 25 % of total |",
        f"| report (s) | {f['report_s']:.0f} | |",
        f"| total (s) | {f['total_s']:.0f} (cross-check {100 * f['crosscheck_share']:.1f} %) | ≤ 1,200 |",
        f"| peak memory, all processes summed: PSS (MB) — the target's measure | {fm['peak_sum_pss_mb']:,} | ≤ 1,536 |",
        f"| peak memory, all processes summed: RSS (MB) — shared pages counted once per process | {fm['peak_sum_rss_mb']:,} | |",
        f"| crashes (E012/E900) | {f['crashes']} | 0 |",
        f"| 1 worker / 2 workers (docs/s) | {w[1]['docs_per_s']} / {w[2]['docs_per_s']} (×{res.get('speedup_2_vs_1', '-')}) | ≥ 1.6× |",
        f"| +10 documents: ingest with cross-check (s) | {a['ingest_wall_s']} | |",
        f"| +10 documents: report (s) | {a['report_s']} | |",
        f"| +10 documents, ingest + cross-check + report (s) | {a['total_s']} | ≤ 45 |",
        f"| +10 documents: peak summed PSS / RSS (MB) | {am['peak_sum_pss_mb']:,} / {am['peak_sum_rss_mb']:,} | |",
        f"| load average before / after | {_load(res['load_before'])} / {_load(res['load_after'])} | |",
        "",
        "| process (whole trove; +10 documents) | processes | peak RSS (MB) | peak PSS (MB) | at the peak PSS sum: n, PSS (MB) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for phase, m in (("", fm), ("+10: ", am)):
        for kind, k in m["per_kind"].items():
            at = m["at_peak_pss"].get(kind)
            lines.append(
                f"| {phase}{kind} | {k['processes']} | {k['peak_rss_mb']} | {k['peak_pss_mb']} | "
                + (f"{at['n']}, {at['pss_mb']} |" if at else "— |")
            )
    return "\n".join(lines)


def _load(load) -> str:
    return " ".join(f"{x:.2f}" for x in load)


if __name__ == "__main__":
    main()
