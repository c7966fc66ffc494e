"""Commit results: turn processed and refused files into a :class:`~kehoach.store.write.Delta`
and write it in chunks, so a killed run keeps what it had committed and the next run only does
the rest. Also the run's :class:`Summary` (the ``runs`` row, ``kehoach ingest --json``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kehoach.ingest.plan import Limits, Plan, Refused
from kehoach.ingest.process import FileResult, release_memory
from kehoach.schemas.tables import FileRow, RunRow, rejection_row
from kehoach.store import write as store_write


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _file_row(key: str, size: int, sha: str | None, doc_id: str | None, status: str, versions: str, when) -> dict:
    return FileRow(
        source_path=key, sha256=sha, doc_id=doc_id, status=status, size=size, versions=versions, seen_at=when
    ).model_dump()


def delta_for_results(
    results: list[FileResult | Refused], versions: str, run_id: str, limits: Limits, when: dt.datetime | None = None
) -> store_write.Delta:
    """Rows for extracted and rejected files (and the other paths that hold the same bytes)."""
    from kehoach.ingest.discover import path_key

    when = when or now_utc()
    delta = store_write.Delta()
    for r in results:
        if isinstance(r, FileResult) and (r.vanished or r.transient):
            continue
        job = r.job
        paths = [(job.key, job.size), *((path_key(p), s) for p, s in job.aliases)]
        delta.replace_paths.update(k for k, _ in paths)
        if isinstance(r, FileResult) and r.rows is not None:
            delta.replace_docs.add(r.doc_id)
            for table, rows in r.rows.items():
                delta.add(table, rows)
            sha = r.rows["documents"][0]["sha256"]  # the bytes actually read
            delta.add("files", [_file_row(k, size, sha, r.doc_id, "ok", versions, when) for k, size in paths])
            continue
        rej = r.rejection
        stored_versions = f"{versions};{limits.tag()}" if isinstance(r, FileResult) and r.over_limit else versions
        for k, _ in paths:
            row = rej if k == rej.path else rej.model_copy(update={"path": k})
            delta.add("rejections", [rejection_row(row, when, stored_versions, run_id)])
        delta.add("files", [_file_row(k, size, job.sha256, None, "rejected", stored_versions, when) for k, size in paths])
    return delta


def delta_for_plan(plan: Plan, versions: str, when: dt.datetime | None = None) -> store_write.Delta:
    """Rows that need no extraction: known content at new paths, and paths gone from the folder."""
    when = when or now_utc()
    delta = store_write.Delta()
    delta.replace_paths |= plan.removed
    for key, sha, doc_id, size in plan.links:
        delta.replace_paths.add(key)
        delta.add("files", [_file_row(key, size, sha, doc_id, "ok", versions, when)])
    return delta


@dataclass
class Summary:
    run_id: str
    input_dir: str
    data_dir: str
    found: int = 0
    processed: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    pending: int = 0
    seconds: float = 0.0
    rejections: list[dict] = field(default_factory=list)  # {file, code, reason_vi, reason_en, detail}
    started_at: dt.datetime = field(default_factory=now_utc)
    crosscheck: str | None = None  # "ok", "current" (stored one matches), "failed: …"; None when not asked
    failures: dict[str, str] = field(default_factory=dict)  # stage → message: the run failed there
    workers: set[str] = field(default_factory=set)  # pool workers that extracted shards (host:pid)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (plan, extract, crosscheck, …)

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, stage: str, exc: BaseException | str) -> None:
        msg = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        self.failures[stage] = msg.splitlines()[0][:500] if msg else stage

    def count(self, results: list[FileResult | Refused]) -> None:
        from kehoach.ingest.discover import path_key

        for r in results:
            n = 1 + len(r.job.aliases)
            if isinstance(r, FileResult) and r.rows is not None:
                self.processed += 1
                self.unchanged += n - 1
            elif r.rejection is not None:
                self.rejected += n
                for path in [r.job.key, *(path_key(p) for p, _ in r.job.aliases)]:
                    self.rejections.append(
                        {
                            "file": path,
                            "code": r.rejection.code.value,
                            "reason_vi": r.rejection.reason_vi,
                            "reason_en": r.rejection.reason_en,
                            "detail": r.rejection.detail,
                        }
                    )

    def status(self) -> str:
        return "ok" if self.ok else "failed: " + "; ".join(f"{k}: {v}" for k, v in self.failures.items())

    def as_dict(self) -> dict:
        """JSON-ready summary (the flow's return value, ``kehoach ingest --json``)."""
        keys = ("run_id", "input_dir", "data_dir", "found", "processed", "unchanged", "rejected", "removed", "pending")
        return {k: getattr(self, k) for k in keys} | {
            "seconds": round(self.seconds, 3),
            "rejections": self.rejections,
            "crosscheck": self.crosscheck,
            "status": self.status(),
            "failures": dict(self.failures),
            "pool_workers": sorted(self.workers),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def run_row(self, versions: str) -> dict:
        from kehoach import __version__

        return RunRow(
            run_id=self.run_id,
            started_at=self.started_at,
            finished_at=now_utc(),
            input_dir=self.input_dir,
            found=self.found,
            processed=self.processed,
            unchanged=self.unchanged,
            rejected=self.rejected,
            removed=self.removed,
            seconds=round(self.seconds, 3),
            versions=versions,
            kehoach_version=__version__,
            status=self.status(),
            crosscheck=self.crosscheck,
        ).model_dump()


class Committer:
    """Collects results and commits them in chunks (every ``every`` files or ``seconds``)."""

    def __init__(
        self,
        versions: str,
        run_id: str,
        limits: Limits,
        commit: Callable[[store_write.Delta], object],
        every: int = 100,
        seconds: float = 60.0,
    ) -> None:
        self.versions, self.run_id, self.limits, self._commit = versions, run_id, limits, commit
        self.every, self.seconds = every, seconds
        self.pending: list[FileResult | Refused] = []
        self.last = time.monotonic()

    def add(self, results: list[FileResult | Refused]) -> None:
        self.pending.extend(r for r in results if not (isinstance(r, FileResult) and r.transient))
        if len(self.pending) >= self.every or (self.pending and time.monotonic() - self.last >= self.seconds):
            self.flush()

    def flush(self, extra: store_write.Delta | None = None) -> None:
        """Commit what is pending (plus ``extra``)."""
        delta = delta_for_results(self.pending, self.versions, self.run_id, self.limits)
        if extra is not None:
            delta.merge(extra)
        if not delta.is_empty():
            self._commit(delta)
        self.pending = []
        del delta
        release_memory()
        self.last = time.monotonic()
