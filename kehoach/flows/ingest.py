"""The ingest flow: a folder → the tables (``kehoach ingest``, ``kehoach watch``).

A thin Prefect wrapper over the one loop, :func:`kehoach.ingest.run.run_ingest`, with each step
as a task:

- ``plan``: hash every file, skip unchanged content (the skip *is* the cache: the store remembers
  ``(path, sha256, extractor versions)``; Prefect result caching is off).
- extraction: every file in a killable worker process under a time and memory limit
  (:class:`kehoach.ingest.process.Extractor`, a pebble pool of ``workers`` processes); a file that
  met a transient I/O error is retried by Prefect (``extract-file``: 3×, backing off, only for
  :class:`TransientError`).
- ``commit``: atomic writes of the store every ~100 files or 60 s and at the end (retried on
  OSError), so a killed run keeps its committed work.
- ``crosscheck``: :func:`kehoach.crosscheck.run.run_crosscheck`, when documents changed or the
  stored cross-check does not match the stored documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from kehoach.ingest import run as ingest_run
from kehoach.ingest.plan import Job, Limits, Plan
from kehoach.ingest.process import Context, Extractor, FileResult, TransientError, rejected
from kehoach.present.run_summary import run_markdown
from kehoach.schemas.crosscheck import CrosscheckResult
from kehoach.schemas.errors import ErrorCode
from kehoach.store import write as store_write

# Listeners for progress (the CLI's progress bar): called in the flow's process with
# ("plan", Plan) once, then ("file", FileResult | Refused) per file. Not a flow parameter:
# parameters must be JSON for the API, callbacks are not.
ProgressListener = Callable[[str, Any], None]
RUN_ARTIFACT = "kehoach-ingest"  # one Markdown artifact per run, under this key
_listeners: list[ProgressListener] = []


def add_progress_listener(fn: ProgressListener) -> None:
    _listeners.append(fn)


def remove_progress_listener(fn: ProgressListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def _notify(kind: str, payload: Any) -> None:
    for fn in list(_listeners):
        fn(kind, payload)


def _retry_if(exc_type: type[BaseException]):
    def condition(task, task_run, state) -> bool:
        try:
            state.result()
        except exc_type:
            return True
        except BaseException:
            return False
        return False

    return condition


def _commit_run_name() -> str:
    """'ghi 32 văn bản, 2 tệp bị từ chối' — what a commit writes, for Prefect's UI."""
    from prefect.runtime import task_run

    delta = task_run.parameters.get("delta")
    delta = getattr(delta, "unquote", lambda: delta)()
    rows = getattr(delta, "rows", {}) or {}
    final = " (cuối / final)" if task_run.parameters.get("final") else ""
    return f"ghi / commit: {len(rows.get('documents', []))} văn bản, {len(rows.get('rejections', []))} tệp bị từ chối{final}"


@task(name="plan", task_run_name="lập kế hoạch / plan: {root}", cache_policy=NO_CACHE, persist_result=False)
def plan_task(root: Path, data: Path, versions: str, min_age: float, limits: Limits) -> Plan:
    return ingest_run.Stages().plan(root, data, versions, min_age, limits)


@task(
    name="extract-file",
    task_run_name="đọc lại / retry: {job.path}",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=3,
    retry_delay_seconds=[1, 4, 15],
    retry_condition_fn=_retry_if(TransientError),
)
def extract_file_task(pool: Extractor, job: Job, ctx: Context) -> FileResult:
    r = pool.one(job, ctx, raise_transient=True)
    if r.transient:
        raise TransientError(r.transient)
    return r


@task(
    name="commit",
    task_run_name=_commit_run_name,
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[1, 5],
    retry_condition_fn=_retry_if(OSError),
)
def commit_task(data: Path, delta: store_write.Delta, final: bool) -> None:
    ingest_run.Stages().commit(data, delta, final)


@task(name="crosscheck", task_run_name="đối chiếu / cross-check: {data_dir}", cache_policy=NO_CACHE, persist_result=False)
def crosscheck_task(data_dir: Path) -> CrosscheckResult:
    """Links, coverage and checks over everything stored (writes their tables)."""
    return ingest_run.Stages().crosscheck(data_dir)


class PrefectStages(ingest_run.Stages):
    """Each step of the loop as a Prefect task."""

    def plan(self, root, data, versions, min_age, limits):
        return plan_task(root, data, versions, min_age, limits)

    def retry(self, pool, job, ctx):
        state = extract_file_task(quote(pool), job, ctx, return_state=True)
        res = state.result(raise_on_failure=False)
        if isinstance(res, FileResult):
            return res
        return rejected(job, ErrorCode.E900, f"gave up after retries: {res}"[:500])

    def commit(self, data, delta, final):
        # quote(): Prefect would otherwise walk every row of the delta looking for futures
        commit_task(data, quote(delta), final)

    def crosscheck(self, data):
        return crosscheck_task(data)


@flow(name="kehoach-ingest", persist_result=False, log_prints=False)
def ingest_flow(
    input_dir: str = "data/raw",
    out_dir: str = "data/processed",
    workers: int = 1,
    crosscheck: bool = True,
    min_age: float = 0.0,
    commit_every: int = 100,
    file_timeout: float = Limits.seconds,
    file_memory_mb: int = Limits.memory_mb,
    pool: str | None = None,
    shard_files: int = 400,
) -> dict:
    """Ingest a folder into the tables; returns the run summary (also a ``runs`` row). With
    ``pool``, files are extracted by the workers of that Prefect work pool (``kehoach deploy``)."""
    log = get_run_logger()
    root = Path(input_dir).resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"Không có thư mục / no such folder: {root}")
    data = Path(out_dir).resolve()
    stages = PrefectStages()
    if pool:
        from kehoach.flows.pool import PoolStages

        stages = PoolStages(pool, data, shard_files)
    summary = ingest_run.run_ingest(
        root,
        data,
        workers=workers,
        limits=Limits(file_timeout, file_memory_mb),
        crosscheck=crosscheck,
        min_age=min_age,
        commit_every=commit_every,
        run_id=str(flow_run.get_id() or "") or None,
        stages=stages,
        on_event=_notify,
    )
    for stage, msg in summary.failures.items():
        log.error("%s failed: %s", stage, msg)
    log.info(
        "%d processed, %d unchanged, %d rejected in %.1f s",
        summary.processed,
        summary.unchanged,
        summary.rejected,
        summary.seconds,
    )
    result = summary.as_dict()
    # the run's story in Prefect's UI: counts, rejected files with their reasons, stage timings
    create_markdown_artifact(
        markdown=run_markdown(result, summary.timings),
        key=RUN_ARTIFACT,
        description=f"kehoach ingest {root}: {summary.processed} processed, {summary.rejected} rejected",
    )
    return result


def run_ingest(input_dir: Path, out_dir: Path, **kw) -> dict:
    """Run the flow (on ``PREFECT_API_URL``, or a temporary server for this call) with the flow
    heartbeat off (TECH-NOTES: ~1 s per flow run otherwise)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from kehoach.flows.server import prefect_api

    with prefect_api(), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return ingest_flow(str(Path(input_dir).resolve()), str(Path(out_dir).resolve()), **kw)
