"""Ingest a folder into the tables, as plain Python steps: find files → plan (skip what is
unchanged) → extract → build a :class:`~kehoach.store.write.Delta` → commit.

``kehoach/flows/ingest.py`` wraps these steps in Prefect tasks (retries, concurrency); the
benchmark's plain loop (:func:`ingest_folder`) calls the very same steps without Prefect.

Rules:
- A file is found when it is a regular file under the folder, recursively; hidden files and
  folders (``.x``), Office lock files (``~$x.docx``), partial downloads (``.part``,
  ``.crdownload``, ``.tmp``) and the output folder are ignored. Any other file is a candidate:
  an unsupported type (``.xlsx``) becomes an E002 rejection, so the user sees it was not read.
- Rejected files stay where the user put them (nothing is moved or deleted): the
  ``rejections`` table lists them. A rejected file is retried when its content changes, when
  extractor versions change, or when the reason may be environmental (:data:`RETRY_CODES`).
- Skip rule: same path, same SHA-256, same extractor versions → unchanged. Same content at a
  new path → the existing document, no extraction (counted once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.extractors import versions_key
from kehoach.schemas.contract import Extraction
from kehoach.schemas.errors import ErrorCode, ReadError, Rejection
from kehoach.schemas.tables import FileRow, RunRow, doc_id_for, extraction_rows, rejection_row
from kehoach.store import read as store_read
from kehoach.store import write as store_write

# Rejections whose cause may go away without the file changing: tried again on every run.
RETRY_CODES = frozenset({ErrorCode.E005.value, ErrorCode.E104.value, ErrorCode.E203.value, ErrorCode.E900.value})
IGNORED_SUFFIXES = frozenset({".part", ".crdownload", ".tmp", ".partial", ".download"})
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})


class TransientError(Exception):
    """An I/O error that may pass (file locked by the copier, network share hiccup): worth a retry."""


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def discover_files(root: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every candidate file under ``root`` (absolute paths, sorted); see the module docstring."""
    root = Path(root).resolve()
    excluded = {Path(p).resolve() for p in exclude}
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__" and (here / d) not in excluded)
        for name in filenames:
            low = name.lower()
            if name.startswith((".", "~$")) or low in IGNORED_NAMES or Path(low).suffix in IGNORED_SUFFIXES:
                continue
            p = here / name
            if p.is_file():
                found.append(p)
    return sorted(found)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Job:
    """One file to extract; ``aliases`` are other paths found with the same bytes (read once)."""

    path: str
    sha256: str | None
    size: int
    aliases: tuple[tuple[str, int], ...] = ()


@dataclass
class Plan:
    found: int = 0
    todo: list[Job] = field(default_factory=list)
    unchanged: int = 0
    links: list[tuple[str, str, str, int]] = field(default_factory=list)  # (path, sha, doc_id, size): known content at a new path
    removed: set[str] = field(default_factory=set)
    young: int = 0


def plan_ingest(root: Path, data_dir: Path, versions: str | None = None, min_age: float = 0.0) -> Plan:
    """Decide what to extract: hash every file and compare with what the store holds.

    ``min_age`` (``kehoach watch``): files modified less than that many seconds ago may still be
    being copied; they are left for a later run (counted in ``Plan.young``, no row written).
    """
    versions = versions or versions_key()
    root = Path(root).resolve()
    data_dir = Path(data_dir).resolve()
    known, docs = store_read.read_state(data_dir)
    plan = Plan()
    by_sha: dict[str, int] = {}
    seen: set[str] = set()
    for p in discover_files(root, exclude=[data_dir]):
        path = p.as_posix()
        seen.add(path)
        plan.found += 1
        try:
            st = p.stat()
            if min_age and time.time() - st.st_mtime < min_age:
                plan.young += 1
                continue
            size = st.st_size
            sha = sha256_file(p)
        except OSError:  # unreadable now: let extraction report it (or retry it)
            plan.todo.append(Job(path, None, 0))
            continue
        k = known.get(path)
        if k and k.sha256 == sha and k.versions == versions and (k.status == "ok" or k.code not in RETRY_CODES):
            plan.unchanged += 1
        elif sha in docs and docs[sha][1] == versions:
            plan.links.append((path, sha, docs[sha][0], size))
            plan.unchanged += 1
        elif sha in by_sha:
            i = by_sha[sha]
            job = plan.todo[i]
            plan.todo[i] = Job(job.path, job.sha256, job.size, (*job.aliases, (path, size)))  # counted with its job
        else:
            by_sha[sha] = len(plan.todo)
            plan.todo.append(Job(path, sha, size))
    prefix = root.as_posix().rstrip("/") + "/"
    plan.removed = {p for p in known if p.startswith(prefix) and p not in seen}
    return plan


@dataclass
class FileResult:
    job: Job
    extraction: Extraction | None = None
    rejection: Rejection | None = None
    transient: str | None = None  # set when a transient error was met and not raised
    vanished: bool = False  # deleted between the scan and the read
    seconds: float = 0.0

    @property
    def status(self) -> str:
        if self.extraction is not None:
            return "ok"
        if self.rejection is not None:
            return "rejected"
        return "transient" if self.transient else "vanished"


def is_transient(exc: BaseException) -> bool:
    """I/O errors that a later attempt may not meet; a missing file or a bad format is not one."""
    return isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError)


def process_file(job: Job, raise_transient: bool = False) -> FileResult:
    """Extract one file. Never raises except :class:`TransientError` when ``raise_transient``."""
    from kehoach.extract import extract_file

    t0 = time.perf_counter()
    res = FileResult(job)
    try:
        res.extraction = extract_file(job.path)
    except ReadError as e:
        if e.code == ErrorCode.E001:
            res.vanished = True
        else:
            res.rejection = e.to_rejection(job.path, job.sha256)
    except FileNotFoundError:
        res.vanished = True
    except Exception as e:
        if is_transient(e):
            if raise_transient:
                raise TransientError(f"{type(e).__name__}: {e}") from e
            res.transient = f"{type(e).__name__}: {e}"
        else:
            res.rejection = ReadError(ErrorCode.E900, f"{type(e).__name__}: {e}"[:500]).to_rejection(job.path, job.sha256)
    res.seconds = time.perf_counter() - t0
    return res


def process_batch(jobs: list[Job]) -> list[FileResult]:
    """Extract a batch of files (transient errors are marked, for a per-file retry)."""
    return [process_file(j) for j in jobs]


def gave_up(job: Job, exc: BaseException | str) -> FileResult:
    """A file whose transient error outlived its retries: an E900 row saying so (retried next run)."""
    detail = (exc if isinstance(exc, str) and exc.startswith("batch failed") else f"gave up after retries: {exc}")[:500]
    return FileResult(job, rejection=ReadError(ErrorCode.E900, detail).to_rejection(job.path, job.sha256))


def failed_batch(jobs: list[Job], exc: BaseException) -> list[FileResult]:
    """A batch whose worker died (crash, out of memory): E900 rows for its files, retried next run."""
    return [gave_up(j, f"batch failed: {type(exc).__name__}: {exc}") for j in jobs]


def batches(jobs: list[Job], size: int) -> list[list[Job]]:
    """Split jobs into batches of about ``size`` files, large files spread evenly (sorted by size)."""
    size = max(1, size)
    ordered = sorted(jobs, key=lambda j: -j.size)
    n = max(1, -(-len(ordered) // size))
    return [b for b in (ordered[i::n] for i in range(n)) if b]


def delta_for_results(
    results: list[FileResult], versions: str, run_id: str, when: dt.datetime | None = None
) -> store_write.Delta:
    """Rows for extracted and rejected files (and the other paths that hold the same bytes)."""
    when = when or now_utc()
    delta = store_write.Delta()

    def file_row(path: str, size: int, sha: str | None, doc_id: str | None, status: str) -> dict:
        return FileRow(
            source_path=path, sha256=sha, doc_id=doc_id, status=status, size=size, versions=versions, seen_at=when
        ).model_dump()

    for r in results:
        paths = [(r.job.path, r.job.size), *r.job.aliases]
        if r.vanished or r.transient:
            continue
        for path, _ in paths:
            delta.replace_paths.add(path)

        if r.extraction is not None:
            doc_id = doc_id_for(r.extraction.source.sha256)
            delta.replace_docs.add(doc_id)
            for table, rows in extraction_rows(doc_id, r.job.path, r.extraction, versions, when).items():
                delta.add(table, rows)
            sha = r.extraction.source.sha256  # the bytes actually read
            delta.add("files", [file_row(path, size, sha, doc_id, "ok") for path, size in paths])
        elif r.rejection is not None:
            for path, _ in paths:
                rej = r.rejection if path == r.job.path else r.rejection.model_copy(update={"path": path})
                delta.add("rejections", [rejection_row(rej, when, versions, run_id)])
            delta.add("files", [file_row(path, size, r.job.sha256, None, "rejected") for path, size in paths])
    return delta


def delta_for_plan(plan: Plan, versions: str, when: dt.datetime | None = None) -> store_write.Delta:
    """Rows that need no extraction: known content at new paths, and paths gone from the folder."""
    when = when or now_utc()
    delta = store_write.Delta()
    delta.replace_paths |= plan.removed
    for path, sha, doc_id, size in plan.links:
        delta.replace_paths.add(path)
        delta.add(
            "files",
            [
                FileRow(
                    source_path=path, sha256=sha, doc_id=doc_id, status="ok", size=size, versions=versions, seen_at=when
                ).model_dump()
            ],
        )
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
    seconds: float = 0.0
    rejections: list[dict] = field(default_factory=list)  # {file, code, reason_vi, reason_en}
    started_at: dt.datetime = field(default_factory=now_utc)
    crosscheck: str | None = None  # "ok", or "failed: …"; None when the run skipped it

    def count(self, results: list[FileResult]) -> None:
        for r in results:
            n = 1 + len(r.job.aliases)
            if r.extraction is not None:
                self.processed += 1
                self.unchanged += n - 1
            elif r.rejection is not None:
                self.rejected += n
                for path, _ in [(r.job.path, 0), *r.job.aliases]:
                    self.rejections.append(
                        {
                            "file": path,
                            "code": r.rejection.code.value,
                            "reason_vi": r.rejection.reason_vi,
                            "reason_en": r.rejection.reason_en,
                            "detail": r.rejection.detail,
                        }
                    )

    def as_dict(self) -> dict:
        """JSON-ready summary (the flow's return value, ``kehoach ingest --json``)."""
        keys = ("run_id", "input_dir", "data_dir", "found", "processed", "unchanged", "rejected", "removed")
        return {k: getattr(self, k) for k in keys} | {
            "seconds": round(self.seconds, 3),
            "rejections": self.rejections,
            "crosscheck": self.crosscheck,
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
        ).model_dump()


class Committer:
    """Collects results and commits them in chunks (every ``every`` files or ``seconds``), so a
    killed run keeps what it had committed and the next run only does the rest."""

    def __init__(
        self,
        data_dir: Path,
        versions: str,
        run_id: str,
        commit: Callable[[store_write.Delta, bool | set[str]], object],
        every: int = 100,
        seconds: float = 60.0,
    ) -> None:
        self.data_dir, self.versions, self.run_id, self._commit = data_dir, versions, run_id, commit
        self.every, self.seconds = every, seconds
        self.pending: list[FileResult] = []
        self.last = time.monotonic()
        self.committed = False  # a chunk went in without a Parquet export: the final export must be full

    def add(self, results: list[FileResult]) -> None:
        self.pending.extend(r for r in results if not r.transient)
        if len(self.pending) >= self.every or (self.pending and time.monotonic() - self.last >= self.seconds):
            self.flush()

    def flush(self, extra: store_write.Delta | None = None, export: bool = False) -> None:
        """Commit what is pending (plus ``extra``); ``export`` also refreshes the Parquet files:
        all of them when anything but ``runs`` changed in this run, else only runs.parquet."""
        delta = delta_for_results(self.pending, self.versions, self.run_id)
        if extra is not None:
            delta.replace_docs |= extra.replace_docs
            delta.replace_paths |= extra.replace_paths
            for table, rows in extra.rows.items():
                delta.add(table, rows)
        only_runs = (
            not delta.replace_docs and not delta.replace_paths and not any(v for k, v in delta.rows.items() if k != "runs")
        )
        if not delta.is_empty() or export:
            what: bool | set[str] = export and (True if (self.committed or not only_runs) else {"runs"})
            self._commit(delta, what)
            self.committed = self.committed or not only_runs
        self.pending = []
        self.last = time.monotonic()


def ingest_folder(
    input_dir: Path, data_dir: Path, batch_size: int = 16, on_progress: Callable[[FileResult], None] | None = None
) -> Summary:
    """The whole ingest as a plain Python loop (no Prefect): the benchmark's baseline and the
    reference for what the flow does."""
    t0 = time.perf_counter()
    versions = versions_key()
    input_dir, data_dir = Path(input_dir).resolve(), Path(data_dir).resolve()
    summary = Summary(
        run_id=f"local-{now_utc():%Y%m%dT%H%M%S}-{os.getpid()}", input_dir=input_dir.as_posix(), data_dir=data_dir.as_posix()
    )
    store_write.ensure_parquet_current(data_dir)
    plan = plan_ingest(input_dir, data_dir, versions)
    summary.found, summary.unchanged, summary.removed = plan.found, plan.unchanged, len(plan.removed)
    committer = Committer(data_dir, versions, summary.run_id, lambda d, e: store_write.apply_delta(data_dir, d, export=e))
    for batch in batches(plan.todo, batch_size):
        results = process_batch(batch)
        for r in results:
            if r.transient:  # the plain loop retries once, inline
                r2 = process_file(r.job)
                results[results.index(r)] = r2 if not r2.transient else gave_up(r.job, r2.transient)
        summary.count(results)
        committer.add(results)
        if on_progress:
            for r in results:
                on_progress(r)
    summary.seconds = time.perf_counter() - t0
    extra = delta_for_plan(plan, versions)
    extra.add("runs", [summary.run_row(versions)])
    committer.flush(extra, export=True)
    return summary


def record_unchanged_run(input_dir: Path, data_dir: Path, min_age: float = 0.0) -> Summary | None:
    """If nothing in the folder needs work (nothing new, changed, moved, removed, or due a retry),
    record the run (a ``runs`` row) and return its summary; else None and the caller runs the
    flow. ``kehoach ingest`` calls this first so that an unchanged folder does not pay for
    starting Prefect's temporary server (8–60 s on a busy 2-core machine) to do nothing."""
    t0 = time.perf_counter()
    input_dir, data_dir = Path(input_dir).resolve(), Path(data_dir).resolve()
    if not store_read.db_path(data_dir).is_file():
        return None
    versions = versions_key()
    plan = plan_ingest(input_dir, data_dir, versions, min_age=min_age)
    if plan.todo or plan.links or plan.removed:
        return None
    store_write.ensure_parquet_current(data_dir)
    summary = Summary(
        run_id=f"unchanged-{now_utc():%Y%m%dT%H%M%S}-{os.getpid()}",
        input_dir=input_dir.as_posix(),
        data_dir=data_dir.as_posix(),
        found=plan.found,
        unchanged=plan.unchanged,
    )
    summary.seconds = time.perf_counter() - t0
    store_write.apply_delta(data_dir, store_write.Delta(rows={"runs": [summary.run_row(versions)]}), export={"runs"})
    return summary
