"""The ingest loop, once: plan → process → commit → cross-check → the ``runs`` row.

:func:`run_ingest` is the only loop. How each step runs is a :class:`Stages` object: plain calls
here (the unchanged-folder shortcut, tests, the benchmark's baseline); ``kehoach/flows/ingest.py``
passes Prefect tasks (retries, visibility) and, on a work pool, extraction spread over workers.

**Failures are loud**: a stage that fails (plan, extract, commit, cross-check) is recorded in
:attr:`Summary.failures`, in the ``runs`` row (``status``) and makes ``kehoach ingest`` exit
non-zero; what that stage had stored before stays in place (commits are atomic, and a failed
cross-check writes nothing).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.extractors import versions_key
from kehoach.ingest.commit import Committer, Summary, delta_for_plan, delta_for_results, now_utc
from kehoach.ingest.plan import Job, Limits, Plan, plan_ingest
from kehoach.ingest.process import Context, Extractor, FileResult, TransientError, rejected, release_memory
from kehoach.schemas.errors import ErrorCode, Rejection
from kehoach.store import read as store_read
from kehoach.store import write as store_write

Listener = Callable[[str, Any], None]  # ("plan", Plan) once, then ("file", FileResult | Refused) per file


@dataclass
class ShardResult:
    """Files extracted elsewhere (a worker of a Prefect work pool) whose rows are already staged
    in the store: the run only has to commit them."""

    staged: list[store_write.Staged]
    results: list[FileResult]
    worker: str | None = None  # which worker process extracted it (host:pid)


class CommitFailed(Exception):
    """Writing the tables failed (disk full, read-only, …): the run stops, the old tables stay."""


class Stages:
    """Plain implementations of every step (no Prefect)."""

    def plan(self, root: Path, data: Path, versions: str, min_age: float, limits: Limits) -> Plan:
        return plan_ingest(root, data, versions, min_age=min_age, limits=limits)

    def extract(self, jobs: list[Job], ctx: Context, workers: int) -> Iterator[FileResult | ShardResult]:
        """Every job's result (transient I/O errors retried at the end, one file at a time)."""
        with Extractor(workers, ctx.limits) as pool:
            retry: list[Job] = []
            for r in pool.results(jobs, ctx):
                if r.transient:
                    retry.append(r.job)
                else:
                    yield r
            for job in retry:
                yield self.retry(pool, job, ctx)

    def retry(self, pool: Extractor, job: Job, ctx: Context) -> FileResult:
        """One more try of a file that met a transient error; then E900 (retried next run)."""
        r = pool.one(job, ctx)
        return r if not r.transient else rejected(job, ErrorCode.E900, f"gave up after retries: {r.transient}")

    def commit(self, data: Path, delta: store_write.Delta, final: bool) -> None:
        store_write.apply_delta(data, delta, export=final)

    def commit_staged(self, data: Path, staged: list[store_write.Staged]) -> None:
        store_write.commit_staged(data, staged)

    def crosscheck(self, data: Path):
        from kehoach.crosscheck.run import run_crosscheck

        return run_crosscheck(data)


def run_ingest(
    input_dir: Path,
    data_dir: Path,
    *,
    workers: int = 1,
    limits: Limits | None = None,
    crosscheck: bool = True,
    min_age: float = 0.0,
    commit_every: int = 100,
    run_id: str | None = None,
    stages: Stages | None = None,
    plan: Plan | None = None,
    on_event: Listener | None = None,
) -> Summary:
    """Ingest a folder into the tables (see the module docstring); never raises for a stage."""
    t0 = time.perf_counter()
    stages = stages or Stages()
    limits = limits or Limits()
    versions = versions_key()
    root, data = Path(input_dir).resolve(), Path(data_dir).resolve()
    summary = Summary(
        run_id=run_id or f"local-{now_utc():%Y%m%dT%H%M%S}-{os.getpid()}", input_dir=root.as_posix(), data_dir=data.as_posix()
    )
    emit = on_event or (lambda kind, payload: None)
    if plan is None:
        try:
            plan = stages.plan(root, data, versions, min_age, limits)
        except Exception as e:
            summary.fail("plan", e)
            return _finish(stages, data, summary, versions, t0)
    summary.timings["plan"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    summary.found, summary.unchanged, summary.removed, summary.pending = (
        plan.found,
        plan.unchanged,
        len(plan.removed),
        plan.young,
    )
    emit("plan", plan)

    def commit(delta: store_write.Delta, final: bool = False) -> None:
        try:
            stages.commit(data, delta, final)
        except Exception as e:
            raise CommitFailed(f"{type(e).__name__}: {e}") from e

    def commit_staged(staged: list[store_write.Staged]) -> None:
        try:
            stages.commit_staged(data, staged)
        except Exception as e:
            raise CommitFailed(f"{type(e).__name__}: {e}") from e

    committer = Committer(versions, summary.run_id, limits, commit, every=commit_every)
    try:
        summary.count(plan.refused)
        committer.add(list(plan.refused))
        for r in plan.refused:
            emit("file", r)
        if plan.todo:
            ctx = Context(versions, summary.run_id, limits, data.as_posix())
            for item in stages.extract(plan.todo, ctx, workers):
                if isinstance(item, ShardResult):  # extracted and staged by a pool worker
                    summary.count(item.results)
                    summary.workers.add(item.worker or "?")
                    commit_staged(item.staged)
                    for r in item.results:
                        emit("file", r)
                    continue
                summary.count([item])
                committer.add([item])
                emit("file", item)
        committer.flush(delta_for_plan(plan, versions))
    except CommitFailed as e:
        summary.fail("commit", str(e))
    except (Exception, TransientError) as e:
        summary.fail("extract", e)
        try:  # keep what was extracted before the failure
            committer.flush()
        except CommitFailed as e2:
            summary.fail("commit", str(e2))
    summary.timings["extract"] = time.perf_counter() - t1  # commits of the extracted files included
    t2 = time.perf_counter()
    if crosscheck and "commit" not in summary.failures:
        changed = summary.processed or summary.rejected or plan.links or plan.removed
        if changed or not store_read.crosscheck_current(data):
            try:
                stages.crosscheck(data)
                summary.crosscheck = "ok"
            except Exception as e:
                summary.crosscheck = f"failed: {type(e).__name__}: {e}"[:500]
                summary.fail("crosscheck", e)
        else:
            summary.crosscheck = "current"
        summary.timings["crosscheck"] = time.perf_counter() - t2
    return _finish(stages, data, summary, versions, t0)


def _finish(stages: Stages, data: Path, summary: Summary, versions: str, t0: float) -> Summary:
    """Write the ``runs`` row (also for a failed run) and export what changed."""
    summary.seconds = time.perf_counter() - t0
    try:
        stages.commit(data, store_write.Delta(rows={"runs": [summary.run_row(versions)]}), True)
    except Exception as e:
        summary.fail("commit", e)
    return summary


def extract_shard(jobs: list[Job], ctx: Context, data_dir: Path, workers: int = 1, stage_every: int = 100) -> dict:
    """The work of one shard on a pool worker: extract ``jobs`` under the limits and stage their
    rows in the (shared) store, uncommitted, every ``stage_every`` files (memory stays flat
    whatever the shard's size). Returns plain JSON: the staged deltas and what happened to each
    file (the run that planned the files commits and counts them)."""
    staged: list[dict] = []
    outcomes: list[dict] = []
    pending: list[FileResult] = []

    def flush() -> None:
        if pending:
            delta = delta_for_results(pending, ctx.versions, ctx.run_id, ctx.limits)
            staged.append(store_write.stage(Path(data_dir), delta).as_json())
            pending.clear()
            del delta
            release_memory()

    for r in Stages().extract(jobs, ctx, workers):
        rej = r.rejection
        outcomes.append(
            {
                "job": r.job.as_json(),
                "doc_id": r.doc_id,
                "status": r.status,
                "rejection": rej.model_dump(mode="json") if rej else None,
            }
        )
        pending.append(r)
        if len(pending) >= stage_every:
            flush()
    flush()
    worker = f"{socket.gethostname()}:{os.getppid()}"  # a flow run is a child of the worker that runs it
    return {"staged": staged, "outcomes": outcomes, "worker": worker}


def shard_results(shard: dict) -> ShardResult:
    """The parent's view of :func:`extract_shard`'s JSON."""
    results = []
    for o in shard["outcomes"]:
        rej = Rejection.model_validate(o["rejection"]) if o["rejection"] else None
        r = FileResult(Job.from_json(o["job"]), doc_id=o["doc_id"], rejection=rej)
        if o["status"] == "ok":
            r.rows = {}  # rows are in the staged files
        elif o["status"] == "vanished":
            r.vanished = True
        results.append(r)
    return ShardResult([store_write.Staged.from_json(s) for s in shard["staged"]], results, shard.get("worker"))


def ingest_folder(input_dir: Path, data_dir: Path, **kw) -> Summary:
    """The whole ingest without Prefect (tests, the benchmark's baseline)."""
    kw.setdefault("crosscheck", False)
    return run_ingest(input_dir, data_dir, **kw)
