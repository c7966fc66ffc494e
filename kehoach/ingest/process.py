"""Process files: read and extract each one in a worker process the run can kill, under a time
and a memory limit, and turn it into table rows.

**Bounds** (:class:`~kehoach.ingest.plan.Limits`, defaults in README): each file is one task of a
`pebble <https://pypi.org/project/Pebble/>`_ process pool. Pebble stops the worker when the file
runs past ``seconds`` (E010) and starts a fresh one; the worker's data segment is capped with
``RLIMIT_DATA`` (a Python ``MemoryError`` → E011; a worker that dies some other way → E012).
Workers die with the run (``PR_SET_PDEATHSIG``), so a killed ``kehoach ingest`` leaves none behind.
Workers are started with ``spawn`` (the run's process has Prefect's threads: forking it is unsafe),
without re-importing the run's main module (:class:`LeanProcess`).

**Rows are built in the worker** (:func:`process_file`): the extraction is turned into table rows
where it was made, so only plain rows travel back.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import datetime as dt
import multiprocessing
import multiprocessing.context
import multiprocessing.popen_spawn_posix
import multiprocessing.spawn
import os
import resource
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kehoach.crosscheck.features import document_features
from kehoach.ingest.discover import path_key
from kehoach.ingest.plan import LIMIT_CODES, Job, Limits
from kehoach.schemas.errors import ErrorCode, ReadError, Rejection
from kehoach.schemas.tables import doc_id_for, extraction_rows

PR_SET_PDEATHSIG = 1
START_METHOD = "spawn"  # tests that inject faults with monkeypatch use "fork" (the child inherits them)


_lean = threading.local()
_preparation_data_of_spawn = multiprocessing.spawn.get_preparation_data


def _preparation_data(name: str) -> dict:
    data = _preparation_data_of_spawn(name)
    if getattr(_lean, "on", False):
        data.pop("init_main_from_name", None)
        data.pop("init_main_from_path", None)
    return data


class _LeanPopen(multiprocessing.popen_spawn_posix.Popen):
    def _launch(self, process_obj) -> None:
        multiprocessing.spawn.get_preparation_data = _preparation_data  # idempotent; acts only under the flag
        _lean.on = True
        try:
            super()._launch(process_obj)
        finally:
            _lean.on = False


class LeanProcess(multiprocessing.context.SpawnProcess):
    """A ``spawn`` process that does not import the parent's main module.

    ``spawn`` re-runs the parent's ``__main__`` in every child (as ``__mp_main__``): in a Prefect
    flow run that is ``prefect.engine``, in the CLI ``kehoach.cli``, so each extraction worker
    carried all of Prefect (~60 MB) it never uses. The workers need only what :func:`process_file`
    and :func:`init_worker` import. Only processes of this class are affected (a flag set in the
    launching thread while one of them starts)."""

    @staticmethod
    def _Popen(process_obj):
        return _LeanPopen(process_obj)


class LeanSpawnContext(multiprocessing.context.SpawnContext):
    Process = LeanProcess


def start_context():
    """The context extraction workers start in (:data:`START_METHOD`)."""
    return LeanSpawnContext() if START_METHOD == "spawn" else multiprocessing.get_context(START_METHOD)


@dataclass(frozen=True)
class Context:
    """What every file of a run shares (sent to the workers with each file)."""

    versions: str
    run_id: str
    limits: Limits = field(default_factory=Limits)
    data_dir: str | None = None  # the store (re-extraction reads the stored raw document from it)


@dataclass
class FileResult:
    job: Job
    doc_id: str | None = None
    rows: dict[str, list[dict]] | None = None  # table → rows of the document (extracted files)
    rejection: Rejection | None = None
    transient: str | None = None  # a transient I/O error was met (retried)
    vanished: bool = False  # deleted between the plan and the read
    seconds: float = 0.0

    @property
    def status(self) -> str:
        if self.rows is not None:
            return "ok"
        if self.rejection is not None:
            return "rejected"
        return "transient" if self.transient else "vanished"

    @property
    def over_limit(self) -> bool:
        return self.rejection is not None and self.rejection.code.value in LIMIT_CODES


class TransientError(Exception):
    """An I/O error that may pass (file locked by the copier, network share hiccup): worth a retry."""


def is_transient(exc: BaseException) -> bool:
    """I/O errors that a later attempt may not meet; a missing file or a bad format is not one."""
    return isinstance(exc, OSError) and not isinstance(
        exc, FileNotFoundError | IsADirectoryError | NotADirectoryError | PermissionError
    )


def rejected(job: Job, code: ErrorCode, detail: str | None) -> FileResult:
    return FileResult(job, rejection=ReadError(code, detail).to_rejection(job.key, job.sha256))


def process_file(job: Job, ctx: Context, raise_transient: bool = False) -> FileResult:
    """Extract one file into rows. Never raises except :class:`TransientError` when ``raise_transient``."""
    from kehoach import extract

    t0 = time.perf_counter()
    res = FileResult(job)
    out_of_memory = False
    ex = raw = doc = None
    try:
        if job.reextract and ctx.data_dir:  # only extractor versions changed: the stored raw document, not the file
            ex, raw = _reextract(job, ctx.data_dir)
        if ex is None:
            doc = extract.read_canonical(job.path)
            ex, raw = extract.extract_canonical(doc), doc.source
        if job.sha256 is not None and ex.source.sha256 != job.sha256:  # written to since the plan
            res.rejection = ReadError(ErrorCode.E005, "changed since it was hashed").to_rejection(job.key, job.sha256)
        else:
            ex = ex.model_copy(update={"source": ex.source.model_copy(update={"path": job.key})})
            raw = raw.model_copy(update={"path": job.key})  # stored: any byte in a name is written \xNN
            res.doc_id = doc_id_for(ex.source.sha256)
            res.rows = extraction_rows(res.doc_id, job.key, ex, ctx.versions, dt.datetime.now(dt.UTC), raw=raw)
            res.rows.update(document_features(res.doc_id, ex))  # the cross-check's per-document part, computed once
    except ReadError as e:
        if e.code == ErrorCode.E001 and not os.path.lexists(job.path):
            res.vanished = True
        elif e.code == ErrorCode.E001 and isinstance(e.__cause__, PermissionError):
            res.rejection = ReadError(ErrorCode.E006, e.detail).to_rejection(job.key, job.sha256)
        elif isinstance(e.__cause__, MemoryError):  # the reader met the worker's memory limit
            out_of_memory = True
        else:
            res.rejection = e.to_rejection(job.key, job.sha256)
    except FileNotFoundError:
        res.vanished = True
    except MemoryError:
        out_of_memory = True  # the rejection is built below, once the exception and what it holds are freed
    except Exception as e:
        if _out_of_memory(e):
            out_of_memory = True  # a MemoryError that a library wrapped ("PydanticSerializationError: … MemoryError")
        elif is_transient(e):
            if raise_transient:
                raise TransientError(f"{type(e).__name__}: {e}") from e
            res.transient = f"{type(e).__name__}: {e}"
        else:
            detail = f"{type(e).__name__}: {e}"[:500]
            res.rejection = ReadError(ErrorCode.E900, detail).to_rejection(job.key, job.sha256)
    if out_of_memory:
        # Outside the except block: the MemoryError's traceback (and the frames holding the document)
        # is gone, so there is memory again to build the coded row (inside it, building the row could
        # raise MemoryError again and kill the worker: E012 instead of E011).
        ex = raw = doc = None
        res.rows = None
        res.rejection = ReadError(ErrorCode.E011, f"> {ctx.limits.memory_mb} MB").to_rejection(job.key, job.sha256)
    res.seconds = time.perf_counter() - t0
    return res


def _out_of_memory(e: BaseException) -> bool:
    """An exception that is the worker's memory limit under another name: a MemoryError in its chain of causes, or one a
    library reports in its message (pydantic's serializer: "Error serializing to JSON: MemoryError")."""
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, MemoryError) or "MemoryError" in str(cur)[:200]:
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _reextract(job: Job, data_dir: str):
    """``(Extraction, RawDocument)`` re-run from the stored raw document, or (None, None) when it is
    not in the store any more (the file is then read again)."""
    from kehoach import extract
    from kehoach.schemas.document import RawDocument
    from kehoach.store.read import load_document_sources

    try:
        raw_json, previous_json = load_document_sources(data_dir, job.reextract)
    except FileNotFoundError:
        return None, None
    return extract.reextract(raw_json, only=job.only, previous_json=previous_json), RawDocument.model_validate_json(raw_json)


def release_memory() -> None:
    """Hand the heap that freed rows leave behind back to the system (glibc's ``malloc_trim``).

    A flow run or a run's process that has just staged or committed a hundred documents' rows keeps
    the freed memory in its heap otherwise, and that is counted as its own until the process ends.
    Nothing happens where there is no glibc."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def die_with_parent() -> None:
    """Linux: this process gets SIGKILL when the process that started it dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        return
    if os.getppid() == 1:  # the parent died before prctl: do not linger
        os._exit(1)


def init_worker(memory_mb: int) -> None:
    """Pebble worker initializer: die with the run, cap memory, import the extractors once."""
    die_with_parent()
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    _warm_up()


WARM_UP_TEXT = """ỦY BAN NHÂN DÂN
XÃ MINH TÂM
Số: 1/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Minh Tâm, ngày 2 tháng 1 năm 2024
KẾ HOẠCH
Thực hiện công tác cải cách hành chính năm 2024
Căn cứ Quyết định số 12/QĐ-UBND ngày 5/12/2023 của UBND huyện Hớn Quản;
Thực hiện Kế hoạch số 20/KH-UBND ngày 10/12/2023 của UBND huyện về cải cách thủ tục hành chính,
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng giải quyết thủ tục hành chính, chuyển đổi số, chính phủ số.
II. NỘI DUNG
1. Phát động phong trào thi đua "Dân vận khéo" năm 2024.
2. Tiêu chuẩn khen thưởng: tập thể hoàn thành xuất sắc nhiệm vụ; cá nhân có sáng kiến.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã chủ trì, phối hợp với công chức Tư pháp - Hộ tịch thực hiện, báo cáo trước ngày 31/12/2024.
2. Các ấp báo cáo kết quả định kỳ hằng quý.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def _warm_up() -> None:
    """Extract a tiny plan once: lazy models (word segmentation) load here, not inside the first
    file's time limit."""
    import tempfile

    from kehoach.extract import extract_file

    with tempfile.TemporaryDirectory(prefix="kehoach-warm-") as d:
        path = os.path.join(d, "warm-up.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(WARM_UP_TEXT)
        try:
            extract_file(path)
        except Exception:  # warming up is an optimisation, never a failure
            return


class Extractor:
    """A pool of ``workers`` processes extracting files under :class:`Limits` (a context manager)."""

    def __init__(self, workers: int = 1, limits: Limits | None = None) -> None:
        self.workers = max(1, workers)
        self.limits = limits or Limits()
        self._pool = None

    def __enter__(self) -> Extractor:
        from pebble import ProcessPool

        self._pool = ProcessPool(
            max_workers=self.workers,
            initializer=init_worker,
            initargs=(self.limits.memory_mb,),
            context=start_context(),
        )
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=30)
            self._pool = None

    def results(self, jobs: Iterable[Job], ctx: Context) -> Iterator[FileResult]:
        """Each job's result, in the order they finish. A file over a limit is a rejection and the
        others go on. Only a few files per worker are in flight at a time: a finished file's rows
        are handed over and forgotten (memory does not grow with the number of files)."""
        if self._pool is None:
            raise RuntimeError("Extractor used outside its with-block")
        todo, inflight = iter(jobs), {}
        window = self.workers * 4

        def fill() -> None:
            while len(inflight) < window and (job := next(todo, None)) is not None:
                inflight[self._pool.schedule(process_file, args=(job, ctx), timeout=self.limits.seconds)] = job

        fill()
        while inflight:
            done, _ = concurrent.futures.wait(list(inflight), return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                yield self._result(fut, inflight.pop(fut))
            fill()

    def one(self, job: Job, ctx: Context, raise_transient: bool = False) -> FileResult:
        """One file, waiting for it (Prefect's per-file retry of a transient error)."""
        if self._pool is None:
            raise RuntimeError("Extractor used outside its with-block")
        fut = self._pool.schedule(process_file, args=(job, ctx, raise_transient), timeout=self.limits.seconds)
        return self._result(fut, job)

    def _result(self, fut, job: Job) -> FileResult:
        from pebble import ProcessExpired

        try:
            return fut.result()
        except TimeoutError:
            return rejected(job, ErrorCode.E010, f"> {self.limits.seconds:g} s")
        except ProcessExpired as e:
            if e.exitcode == -signal.SIGKILL:  # the kernel's out-of-memory killer
                return rejected(job, ErrorCode.E011, f"worker killed (SIGKILL), limit {self.limits.memory_mb} MB")
            return rejected(job, ErrorCode.E012, f"worker died with exit code {e.exitcode}")
        except TransientError:
            raise
        except Exception as e:  # a result that cannot travel back (pickling), a pool failure
            return rejected(job, ErrorCode.E900, f"{type(e).__name__}: {e}"[:500])


def limit_versions(result: FileResult, versions: str, limits: Limits) -> str:
    """The versions stored with a file: a file over a limit also records the limits."""
    return f"{versions};{limits.tag()}" if result.over_limit else versions


__all__ = ["Context", "Extractor", "FileResult", "TransientError", "path_key", "process_file"]
