"""Several workers, several machines: the ingest flow on a Prefect work pool.

- ``kehoach deploy --pool kehoach`` registers two deployments on the server (``PREFECT_API_URL``)
  and creates the process work pool if it is missing: ``kehoach-ingest/kehoach`` (the whole
  ingest, for the UI and schedules) and ``kehoach-extract/kehoach`` (one *shard*: a few hundred
  files to extract). Entry points are module paths, so a worker needs kehoach installed, nothing
  else (no image, no code storage).
- Workers: ``prefect worker start --pool kehoach --limit 1`` on any machine that sees the drop
  folder and the data folder at the same paths (a shared folder). Each runs one shard at a time,
  extracting every file in a killable process under the time and memory limits.
- ``kehoach ingest DIR --pool kehoach`` plans here, submits one ``kehoach-extract`` flow run per
  shard (``run_deployment``: Prefect's own queue, no home-made one), and commits each shard as it
  completes. A shard stages its rows in the store — Parquet files no manifest lists yet — and
  writes a small JSON descriptor under ``_staging/``; the commit that lists them is the parent's.
  A shard that fails or crashes gives E900 rows for its files (retried next run); a pool with no
  worker fails the run loudly after :data:`PICKUP_TIMEOUT_S`.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, FlowRunFilterState, FlowRunFilterStateType
from prefect.client.schemas.objects import StateType
from prefect.deployments import run_deployment

from kehoach.extractors import versions_key
from kehoach.flows.ingest import PrefectStages
from kehoach.ingest import run as ingest_run
from kehoach.ingest.plan import Job, Limits
from kehoach.ingest.process import Context, rejected
from kehoach.schemas.errors import ErrorCode

EXTRACT_FLOW = "kehoach-extract"
STAGING = "_staging"
SHARD_FILES = 400  # files per shard: a shard pays ~5–10 s to start a flow run and a worker process
PICKUP_TIMEOUT_S = 600.0  # no shard started this long after submission: no worker is serving the pool
POLL_S = 1.0
FINAL = [StateType.COMPLETED, StateType.FAILED, StateType.CRASHED, StateType.CANCELLED]  # a shard's run has ended


@flow(name=EXTRACT_FLOW, persist_result=False, log_prints=False)
def extract_flow(
    data_dir: str,
    run_id: str,
    versions: str,
    shard: str,
    jobs_file: str | None = None,
    jobs: list[dict] | None = None,
    file_timeout: float = Limits.seconds,
    file_memory_mb: int = Limits.memory_mb,
) -> str:
    """Extract one shard on a pool worker and stage its rows in the shared store; returns the
    path of its descriptor (JSON) under ``<data_dir>/_staging/``. The shard's files: the JSON list
    in ``jobs_file`` (in the shared data folder, written by the run), or ``jobs`` itself."""
    if versions != versions_key():
        raise RuntimeError(
            f"this worker's kehoach has other extractor versions ({versions_key()}) than the run ({versions}): "
            "install the same kehoach on every worker"
        )
    data = Path(data_dir)
    if jobs_file:
        jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    jobs = jobs or []
    ctx = Context(versions, run_id, Limits(file_timeout, file_memory_mb), str(data))
    result = ingest_run.extract_shard([Job.from_json(j) for j in jobs], ctx, data)
    out = data / STAGING / run_id / f"{shard}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{uuid.uuid4().hex}")
    tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out)
    get_run_logger().info("shard %s: %d files staged", shard, len(jobs))
    return str(out)


def shard_run_name(run_id: str, name: str, shard: list[Job]) -> str:
    """'1a2b3c4d-shard-0003: 400 tệp, a.pdf … z.docx' — which files a shard reads, for Prefect's UI."""
    files = sorted(Path(j.path).name for j in shard)
    span = files[0] if len(files) == 1 else f"{files[0]} … {files[-1]}"
    return f"{run_id[:8]}-shard-{name}: {len(files)} tệp / files, {span}"


def shards(jobs: list[Job], size: int) -> list[list[Job]]:
    """About ``size`` files per shard, large files spread evenly."""
    n = max(1, math.ceil(len(jobs) / max(1, size)))
    ordered = sorted(jobs, key=lambda j: -j.size)
    return [b for b in (ordered[i::n] for i in range(n)) if b]


class PoolStages(PrefectStages):
    """The ingest loop with extraction spread over the workers of a Prefect work pool."""

    def __init__(
        self, pool: str, data_dir: Path, shard_files: int = SHARD_FILES, pickup_timeout: float = PICKUP_TIMEOUT_S
    ) -> None:
        self.pool, self.data_dir = pool, Path(data_dir)
        self.shard_files, self.pickup_timeout = shard_files, pickup_timeout

    def extract(self, jobs: list[Job], ctx: Context, workers: int) -> Iterator:
        log = get_run_logger()
        data = Path(self.data_dir)
        submitted: dict = {}
        for i, shard in enumerate(shards(jobs, self.shard_files)):
            name = f"{i:04d}"
            # The shard's file list goes through the shared data folder, not the flow run's
            # parameters: the server sends a run's parameters with every read of it (the workers'
            # polls for scheduled runs), 400 files ≈ 100 KB a shard, 34 shards on the trove.
            jobs_file = data / STAGING / ctx.run_id / f"{name}.jobs.json"
            jobs_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = jobs_file.with_name(f".{jobs_file.name}.tmp-{uuid.uuid4().hex}")
            tmp.write_text(json.dumps([j.as_json() for j in shard]), encoding="utf-8")
            os.replace(tmp, jobs_file)
            fr = run_deployment(
                f"{EXTRACT_FLOW}/{self.pool}",
                parameters={
                    "data_dir": str(data),
                    "run_id": ctx.run_id,
                    "versions": ctx.versions,
                    "jobs_file": str(jobs_file),
                    "shard": name,
                    "file_timeout": ctx.limits.seconds,
                    "file_memory_mb": ctx.limits.memory_mb,
                },
                timeout=0,
                flow_run_name=shard_run_name(ctx.run_id, name, shard),
            )
            submitted[fr.id] = (name, shard)
        log.info("%d files in %d shards submitted to the pool", len(jobs), len(submitted))
        pending, started, t0 = set(submitted), False, time.monotonic()
        with get_client(sync_client=True) as client:
            while pending:
                ids = FlowRunFilterId(any_=list(pending))
                # Each poll asks only how many shards have started and how many have ended; the
                # shards themselves (parameters: hundreds of files each) are read once they end.
                # Reading every pending shard each second made the server serialize megabytes a
                # second: its CPU, and its memory grew with every poll (217 → 290 MB in 35 polls).
                if not started:
                    waiting = FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED, StateType.PENDING]))
                    started = client.count_flow_runs(flow_run_filter=FlowRunFilter(id=ids, state=waiting)) < len(pending)
                ended = FlowRunFilter(id=ids, state=FlowRunFilterState(type=FlowRunFilterStateType(any_=FINAL)))
                if client.count_flow_runs(flow_run_filter=ended):
                    started = True
                    for fr in client.read_flow_runs(flow_run_filter=ended):
                        pending.discard(fr.id)
                        name, shard = submitted[fr.id]
                        yield from self._collect(data, ctx, name, shard, fr.state)
                if pending and not started and time.monotonic() - t0 > self.pickup_timeout:
                    raise RuntimeError(f"no worker started a shard in {self.pickup_timeout:.0f} s: is a worker serving the pool?")
                if pending:
                    time.sleep(POLL_S)
        staging = data / STAGING / ctx.run_id
        if staging.is_dir() and not any(staging.iterdir()):
            staging.rmdir()

    def _collect(self, data: Path, ctx: Context, name: str, shard: list[Job], state) -> Iterator:
        descriptor = data / STAGING / ctx.run_id / f"{name}.json"
        (data / STAGING / ctx.run_id / f"{name}.jobs.json").unlink(missing_ok=True)
        if state.is_completed() and descriptor.is_file():
            yield ingest_run.shard_results(json.loads(descriptor.read_text(encoding="utf-8")))
            descriptor.unlink(missing_ok=True)
            return
        detail = f"shard {name} {state.type.value}: {state.message or ''}"[:400]
        for job in shard:  # retried next run
            yield rejected(job, ErrorCode.E900, detail)


def deploy(pool: str) -> list[str]:
    """Create the process work pool ``pool`` if missing and register both deployments on it
    (named after the pool). Module-path entry points: workers import the installed kehoach."""
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.types.entrypoint import EntrypointType

    from kehoach.flows.ingest import ingest_flow

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    names = []
    for f in (ingest_flow, extract_flow):
        d = f.to_deployment(name=pool, entrypoint_type=EntrypointType.MODULE_PATH, work_pool_name=pool)
        d.apply()
        names.append(f"{f.name}/{pool}")
    return names
