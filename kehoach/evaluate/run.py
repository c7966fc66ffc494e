"""Run the extraction over folders in worker processes and record, per file, what the evaluation needs.

Each file is extracted in a worker of a :class:`pebble.ProcessPool` with a time limit: a page that
takes longer is counted as a timeout and its worker replaced, so one pathological page never stalls
a whole-trove run; a worker that dies is counted as a crash. A worker returns a small record (key
fields, counts, invariant violations, the silver/gold/label comparison with its reasons) — never
the whole extraction — so 14,000 pages cross the process boundary cheaply.
"""

from __future__ import annotations

import json
import os
import random
import time
import traceback
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.evaluate.explain import SILVER_FIELDS, explain, find_lines, silver_agrees
from kehoach.evaluate.gold import score_document
from kehoach.evaluate.invariants import admin_fields, number_line_violation, provenance_violations, short

SUFFIXES = {".txt", ".md", ".docx", ".doc", ".pdf"}
# Silver rows name the signer "signer"; the contract and the scorer call it "signer.name".
SILVER_KEYS = {"number": "number", "doc_type": "doc_type", "issued_date": "issued_date", "signer.name": "signer"}


@dataclass(frozen=True)
class Known:
    """What is known about the files, by file name: silver rows, gold answers, admin labels."""

    silver: dict[str, dict] = field(default_factory=dict)
    gold: dict[str, tuple[str, dict]] = field(default_factory=dict)  # document stem → (gold file name, answer)
    labels: dict[str, dict] = field(default_factory=dict)

    def has_label(self, path: Path) -> bool:
        return path.name in self.silver or path.name in self.labels or path.stem in self.gold


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_known(silver: Path | None = None, gold: Path | None = None, labels: Path | None = None) -> Known:
    return Known(
        silver={r["file"]: r for r in read_jsonl(silver)} if silver else {},
        gold={
            Path(g["file"]).stem: (p.name, g)
            for p in sorted(gold.glob("*.json"))
            if isinstance(g := json.loads(p.read_text(encoding="utf-8")), dict) and "file" in g
        }
        if gold
        else {},
        labels={r["file"]: r for r in read_jsonl(labels)} if labels else {},
    )


def collect_files(folders: list[Path]) -> list[tuple[str, Path]]:
    """Documents directly in each folder (not in subfolders: seeds/ holds pdf/ and docx/ copies of its files).

    Names are the file names; with several folders they are prefixed with the folder's name so they
    stay unique and free of absolute paths.
    """
    out = []
    for folder in folders:
        if folder.is_file():
            out.append((folder.name, folder))
            continue
        for p in sorted(folder.iterdir()):
            if p.is_file() and p.suffix.lower() in SUFFIXES:
                out.append((f"{folder.name}/{p.name}" if len(folders) > 1 else p.name, p))
    return sorted(out)


def sample_files(files: list[tuple[str, Path]], n: int | None, seed: int) -> list[tuple[str, Path]]:
    if n is None or n >= len(files):
        return files
    return sorted(random.Random(seed).sample(files, n))


def evaluate_file(path: str, name: str, silver: dict | None, gold: dict | None, label: dict | None) -> dict:
    """Extract one file and compare it with what is known (runs in a worker process)."""
    from kehoach.extract import extract_file
    from kehoach.schemas.errors import ReadError

    rec: dict = {"file": name}
    t = time.perf_counter()
    try:
        x = extract_file(path)
    except ReadError as e:
        rec.update(status="rejected", error=str(e)[:4])
        x = None
    except Exception as e:  # a crash is data: counted, with the traceback's last line
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        rec.update(status="crash", error=short(last, 200), where=_crash_site(e))
        x = None
    rec["seconds"] = round(time.perf_counter() - t, 4)
    if x is None:
        if gold is not None:
            rec["gold"] = _gold_tallies(gold, None)
        return rec
    out = x.model_dump(mode="json")
    rec.update(
        status="ok",
        format=x.source.format.value,
        administrative=x.administrative,
        doc_type=x.doc_type.value,
        number=x.number,
        issuer={"name": x.issuer.name, "level": x.issuer.level.value if x.issuer.level else None, "place": x.issuer.place},
        issued_date=x.issued_date,
        signer=x.signer.name,
        title=short(x.title, 120) if x.title else None,
        counts={k: len(out[k]) for k in ("sections", "citations", "deadlines", "responsibilities", "criteria", "campaigns")},
        warnings=[w.split(" ", 1)[0] for w in x.source.warnings],
    )
    violations = provenance_violations(x)
    if violations:
        rec["provenance"] = violations
    if (v := number_line_violation(x)) is not None:
        rec["number_line"] = v
    if silver is not None:
        rec["silver"] = _silver(silver, rec, x.text)
    if gold is not None:
        rec["gold"] = _gold_tallies(gold, out)
    if label is not None:
        rec["admin_label"] = bool(label.get("admin"))
    if (label is not None and label.get("admin") is False) or x.doc_type.value == "other":
        if sources := _admin_sources(rec, x):
            rec["admin_sources"] = sources
    return rec


def _crash_site(e: BaseException) -> str:
    """Last kehoach frame of a traceback: ``extractors/header.py:312 in _footer``."""
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "kehoach" in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f"{f.filename.rsplit('kehoach/', 1)[-1]}:{f.lineno} in {f.name}"


def _silver(row: dict, rec: dict, text: str) -> dict:
    got = {"number": rec["number"], "doc_type": rec["doc_type"], "issued_date": rec["issued_date"], "signer.name": rec["signer"]}
    out = {}
    for f in SILVER_FIELDS:
        expected = row.get(SILVER_KEYS[f])
        ok = silver_agrees(f, expected, got[f])
        # the document's own text carries the value (ANNOTATION: a web page's catalogue is no part of it)
        carried = f == "doc_type" or bool(find_lines(text, f, expected))
        out[f] = {"expected": expected, "got": got[f], "ok": ok, "in_text": carried}
        if not ok:
            out[f]["reason"] = explain(f, text, expected, got[f])
    return out


# Gold header fields whose misses get the same one-line reason as silver ones.
EXPLAINED = ("number", "doc_type", "issued_date", "signer.name")


def _gold_tallies(gold: dict, out: dict | None) -> dict:
    d = score_document(gold, out)
    for k in EXPLAINED:
        if out is not None and k in d.details:
            expected = gold["signer"]["name"] if k == "signer.name" else gold[k]
            got = (out.get("signer") or {}).get("name") if k == "signer.name" else out.get(k)
            d.details[k] += " — " + explain(k, out["text"], expected, got)
    return {"tallies": {k: [kind, list(t)] for k, (kind, t) in d.tallies.items()}, "details": d.details}


def _admin_sources(rec: dict, x) -> dict:
    """Where a page labelled non-administrative got its number, signer or issuer from."""
    lines = x.text.split("\n")
    out = {}
    for f in admin_fields(rec["number"], rec["signer"], rec["issuer"]):
        if f == "issuer":
            ev = x.issuer.evidence
            value = x.issuer.name or x.issuer.place
            where = f'L{x.text.count(chr(10), 0, ev.start) + 1} "{short(ev.text, 50)}"' if ev else "no evidence span"
            out[f] = f'"{short(value, 40)}"{" (inferred)" if x.issuer.inferred else ""} from {where}'
            continue
        key, value = ("number", rec["number"]) if f == "number" else ("signer.name", rec["signer"])
        at = find_lines(x.text, key, value)
        out[f] = f'"{short(value, 40)}" from ' + (f'L{at[0] + 1} "{short(lines[at[0]])}"' if at else "a value not in the text")
    return out


@dataclass
class Run:
    records: list[dict]
    wall_seconds: float
    jobs: int
    timeout: float
    missing_gold: list[str] = field(default_factory=list)  # gold answers whose document was not among the files


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_files(
    files: list[tuple[str, Path]],
    known: Known,
    jobs: int | None = None,
    timeout: float = 60.0,
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Evaluate every file in a process pool; results come back sorted by file name."""
    from pebble import ProcessExpired, ProcessPool

    jobs = jobs or default_jobs()
    t0 = time.perf_counter()
    records = []
    paths = dict(files)
    with ProcessPool(max_workers=jobs) as pool:
        futures = []
        for name, path in files:
            base = path.name
            args = (str(path), name, known.silver.get(base), _gold_for(known, path), known.labels.get(base))
            futures.append((name, pool.schedule(evaluate_file, args=args, timeout=timeout)))
        for i, (name, fut) in enumerate(futures, 1):
            try:
                rec = fut.result()
            except FutureTimeout:
                rec = {"file": name, "status": "timeout", "error": f"over {timeout:g} s", "seconds": timeout}
            except ProcessExpired as e:
                rec = {"file": name, "status": "crash", "error": f"worker died (exit code {e.exitcode})", "seconds": None}
            except Exception as e:  # pickling or pool errors: still one line per file
                rec = {"file": name, "status": "crash", "error": short(f"{type(e).__name__}: {e}", 200), "seconds": None}
            path = paths[name]
            if rec["status"] in ("timeout", "crash") and "gold" not in rec and (g := _gold_for(known, path)):
                rec["gold"] = _gold_tallies(g, None)
            if "gold" in rec:
                rec["gold"]["answer"] = known.gold[path.stem][0]
            records.append(rec)
            if progress:
                progress(i, len(files))
    seen = {Path(p).stem for _, p in files}
    missing = sorted(gname for stem, (gname, _) in known.gold.items() if stem not in seen)
    return Run(sorted(records, key=lambda r: r["file"]), time.perf_counter() - t0, jobs, timeout, missing)


def _gold_for(known: Known, path: Path) -> dict | None:
    entry = known.gold.get(path.stem)
    return entry[1] if entry else None
