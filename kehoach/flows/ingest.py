"""The ingest flow: a folder → the tables (``kehoach ingest``, ``kehoach watch``).

Thin Prefect wrapper over :mod:`kehoach.ingest.steps`:

- ``plan`` task: hash every file, skip unchanged content (the skip *is* the cache: the store
  remembers ``(path, sha256, extractor versions)``; Prefect result caching is off because a
  second copy of every extraction on disk would buy nothing).
- ``extract-batch`` tasks: one task per batch of ~32 files (16 measured 1.26× the plain loop, 32: 1.12×) (TECH-NOTES: ~5–80 ms per task, so
  never one per sentence, and per file only when needed). With ``workers > 1`` and enough work,
  batches run on Prefect's ``ProcessPoolTaskRunner`` (extraction is CPU-bound: threads would not
  help); otherwise they are direct task calls in the flow's process. The default is 1: on the
  2-core machines measured, two worker processes (each importing the extractors, ~330 MB)
  were no faster (75 s vs 73 s for 1,000 documents; 108 s vs 90 s when the machine was busy):
  the temporary server and the flow process already use the second core. Use ``--workers N``
  on machines with free cores.
- ``extract-file`` task: only for a file that met a transient I/O error inside its batch;
  Prefect retries it (3×, backing off) and only for :class:`TransientError`.
- ``commit`` tasks: atomic copy-on-write writes of the store, every ~100 files or 60 s and at
  the end (then Parquet too), so a killed run keeps its committed work.
- ``crosscheck`` task: after the tables are written, ``kehoach.crosscheck.run.run_crosscheck``
  (also used by the report flow).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner
from prefect.utilities.annotations import quote

import kehoach.flows  # noqa: F401  (sets Prefect's environment before Prefect is imported)
from kehoach.crosscheck import run as crosscheck
from kehoach.extractors import versions_key
from kehoach.ingest import steps as ingest
from kehoach.ingest.steps import FileResult, Job, Plan, Summary, TransientError
from kehoach.schemas.crosscheck import CrosscheckResult
from kehoach.store import write as store_write

# Listeners for progress (the CLI's progress bar): called in the flow's process with
# ("plan", Plan) once, then ("file", FileResult) per file. Not a flow parameter: parameters
# must be JSON for the API, callbacks are not.
ProgressListener = Callable[[str, Any], None]
_listeners: list[ProgressListener] = []

POOL_MIN_FILES = 48  # below this, starting worker processes (~3 s each) costs more than it saves


def add_progress_listener(fn: ProgressListener) -> None:
    _listeners.append(fn)


def remove_progress_listener(fn: ProgressListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def _notify(kind: str, payload: Any) -> None:
    for fn in list(_listeners):
        fn(kind, payload)


def _retry_if_transient(task, task_run, state) -> bool:
    """Prefect retry condition: retry only when the task failed with a TransientError."""
    try:
        state.result()
    except TransientError:
        return True
    except BaseException:
        return False
    return False


@task(name="plan", cache_policy=NO_CACHE, persist_result=False)
def plan_task(input_dir: Path, data_dir: Path, versions: str, min_age: float = 0.0) -> Plan:
    store_write.ensure_parquet_current(data_dir)  # repair Parquet left behind by a killed run
    return ingest.plan_ingest(input_dir, data_dir, versions, min_age=min_age)


# cache_result_in_memory=False: otherwise the flow run keeps every batch's extractions alive
# until it ends (measured: +200 MB at 1,000 documents); the store is where results live.
@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False, cache_result_in_memory=False)
def extract_batch(jobs: list[Job]) -> list[FileResult]:
    return ingest.process_batch(jobs)


@task(
    name="extract-file",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=3,
    retry_delay_seconds=[1, 4, 15],
    retry_condition_fn=_retry_if_transient,
)
def extract_file_task(job: Job) -> FileResult:
    return ingest.process_file(job, raise_transient=True)


def _commit_is_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except OSError:
        return True
    except BaseException:
        return False
    return False


@task(
    name="commit",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=_commit_is_transient,
)
def commit_task(data_dir: Path, delta: store_write.Delta, export: bool | set[str]) -> str:
    return store_write.apply_delta(data_dir, delta, export=export)


@task(name="crosscheck", cache_policy=NO_CACHE, persist_result=False)
def crosscheck_task(data_dir: Path) -> CrosscheckResult:
    """Links, coverage and checks over everything stored (writes their tables)."""
    return crosscheck.run_crosscheck(data_dir)


@flow(name="kehoach-ingest", persist_result=False, log_prints=False)
def ingest_flow(
    input_dir: str = "data/raw",
    out_dir: str = "data/processed",
    batch_size: int = 32,
    workers: int = 1,
    crosscheck: bool = True,
    min_age: float = 0.0,
    commit_every: int = 100,
) -> dict:
    """Ingest a folder into the tables; returns the run summary (also a ``runs`` row)."""
    t0 = time.perf_counter()
    log = get_run_logger()
    root, data = Path(input_dir).resolve(), Path(out_dir).resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"Không có thư mục / no such folder: {root}")
    versions = versions_key()
    summary = Summary(
        run_id=str(flow_run.get_id() or f"local-{time.time_ns()}"), input_dir=root.as_posix(), data_dir=data.as_posix()
    )
    plan = plan_task(root, data, versions, min_age)
    summary.found, summary.unchanged, summary.removed = plan.found, plan.unchanged, len(plan.removed)
    log.info(
        "%d files found, %d unchanged, %d to extract, %d removed", plan.found, plan.unchanged, len(plan.todo), len(plan.removed)
    )
    _notify("plan", plan)

    # quote(): Prefect would otherwise walk every row of the delta looking for futures (measured:
    # ~0.3 s per commit of 100 documents); the delta holds plain data only.
    committer = ingest.Committer(data, versions, summary.run_id, lambda d, e: commit_task(data, quote(d), e), every=commit_every)
    retry: list[Job] = []

    def collect(results: list[FileResult]) -> None:
        done = [r for r in results if not r.transient]
        retry.extend(r.job for r in results if r.transient)
        summary.count(done)
        committer.add(done)
        for r in done:
            if r.rejection is not None:
                log.warning("%s: %s", r.job.path, r.rejection.line())
            _notify("file", r)

    jobs = ingest.batches(plan.todo, batch_size)
    if workers > 1 and len(plan.todo) >= POOL_MIN_FILES:
        with _api_url_for_workers(), ProcessPoolTaskRunner(max_workers=workers) as runner:
            futures = {runner.submit(extract_batch, {"jobs": quote(b)}): b for b in jobs}
            for fut in as_completed(list(futures)):
                collect(_batch_result(lambda fut=fut: fut.result(), futures[fut], log))
    else:
        for b in jobs:
            collect(_batch_result(lambda b=b: extract_batch(quote(b)), b, log))

    for job in retry:  # transient I/O errors: Prefect retries the file alone
        state = extract_file_task(job, return_state=True)
        res = state.result(raise_on_failure=False)
        collect([res if isinstance(res, FileResult) else ingest.gave_up(job, res)])

    summary.seconds = time.perf_counter() - t0
    extra = ingest.delta_for_plan(plan, versions)
    extra.add("runs", [summary.run_row(versions)])
    committer.flush(extra, export=True)
    if crosscheck:
        state = crosscheck_task(data, return_state=True)
        if state.is_completed():
            summary.crosscheck = "ok"
        else:
            summary.crosscheck = f"failed: {state.message}"
            log.error("cross-check failed: %s", state.message)
    summary.seconds = time.perf_counter() - t0
    log.info(
        "%d processed, %d unchanged, %d rejected in %.1f s",
        summary.processed,
        summary.unchanged,
        summary.rejected,
        summary.seconds,
    )
    return summary.as_dict() | {"pending": plan.young}


def _batch_result(get: Callable[[], list[FileResult]], jobs: list[Job], log) -> list[FileResult]:
    """The batch's results; if its task failed (a worker died, out of memory), E900 rows for its
    files (retried next run) so that the run goes on."""
    try:
        return get()
    except Exception as e:
        log.error("batch failed: %s: %s", type(e).__name__, e)
        return ingest.failed_batch(jobs, e)


def _api_url_for_workers():
    """Worker processes must report to *this* run's API. With no ``PREFECT_API_URL`` the flow runs
    on a temporary server whose address lives only in this process, and each worker would start
    a server of its own (~15 s each, measured): hand them the running server's URL."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if get_current_settings().api.url:
        return contextlib.nullcontext()
    from prefect.server.api.server import SubprocessASGIServer

    return temporary_settings({PREFECT_API_URL: SubprocessASGIServer().api_url})


def run_ingest(
    input_dir: Path,
    out_dir: Path,
    batch_size: int = 32,
    workers: int = 1,
    crosscheck: bool = True,
    min_age: float = 0.0,
    commit_every: int = 100,
) -> dict:
    """Run the flow (temporary local server, or ``PREFECT_API_URL``) with the heartbeat off."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return ingest_flow(
            str(Path(input_dir).resolve()), str(Path(out_dir).resolve()), batch_size, workers, crosscheck, min_age, commit_every
        )
