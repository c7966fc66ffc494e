"""`kehoach watch`: keep a folder ingested. A watchdog observer notes new, changed, moved and
deleted files; once every noted file has kept the same size and mtime for ``settle`` seconds
(a copy has finished), the ingest flow runs over the folder (unchanged files are skipped by
hash, so a run after one new file costs about as much as extracting that file). Files younger
than ``settle`` seconds are left for the next run (``min_age``), which catches copies the
observer did not see (network shares deliver no events): the folder is also rescanned every
``rescan`` seconds.

Why a watchdog observer rather than a Prefect deployment on an interval: a dropped file is
picked up within seconds instead of at the next tick, and nothing runs while nothing changes.
Each ingest is still a Prefect flow run (visible on a Prefect server when ``PREFECT_API_URL``
is set); in one process the temporary server starts once.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from kehoach.flows.ingest import run_ingest
from kehoach.flows.server import prefect_api
from kehoach.ingest.plan import Limits


class _Noter(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for p in (event.src_path, getattr(event, "dest_path", "")):
            if p:
                self.watcher.note(Path(os.fsdecode(p)))


class FolderWatcher:
    def __init__(
        self,
        root: Path,
        out: Path,
        settle: float = 3.0,
        rescan: float = 300.0,
        workers: int = 1,
        on_summary: Callable[[dict], None] | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.root, self.out = Path(root).resolve(), Path(out).resolve()
        self.settle, self.rescan, self.workers = settle, rescan, workers
        self.limits = limits or Limits()
        self.on_summary = on_summary
        self._lock = threading.Lock()
        self._pending: dict[Path, tuple[tuple[int, int] | None, float]] = {}  # path → (size, mtime_ns), stable since
        self._retry_at: float | None = None

    def note(self, path: Path) -> None:
        if (
            self.out == path
            or self.out in path.parents
            or any(part.startswith(".") for part in path.relative_to(self.root).parts)
        ):
            return
        with self._lock:
            self._pending[path] = (None, time.monotonic())

    @staticmethod
    def _stat(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None  # deleted: stable by definition
        return st.st_size, st.st_mtime_ns

    def settled(self) -> bool:
        """True when there is noted work and every noted file kept its size/mtime for ``settle`` s."""
        now = time.monotonic()
        with self._lock:
            if not self._pending:
                return False
            ready = True
            for path, (last, since) in list(self._pending.items()):
                cur = self._stat(path)
                if cur != last:
                    self._pending[path] = (cur, now)
                    ready = False
                elif now - since < self.settle:
                    ready = False
            return ready

    def ingest(self) -> dict:
        with self._lock:
            self._pending.clear()
        summary = run_ingest(
            self.root,
            self.out,
            workers=self.workers,
            min_age=self.settle,
            file_timeout=self.limits.seconds,
            file_memory_mb=self.limits.memory_mb,
        )
        self._retry_at = time.monotonic() + self.settle if summary.get("pending") else None
        if self.on_summary:
            self.on_summary(summary)
        return summary

    def run(self, stop: threading.Event | None = None, poll: float = 0.5) -> None:
        """Ingest once, then on every settled change, until ``stop`` is set (or Ctrl+C). One
        Prefect API for the whole watch (a temporary server starts once, and ends with it)."""
        stop = stop or threading.Event()
        observer = Observer()
        observer.schedule(_Noter(self), str(self.root), recursive=True)
        observer.start()
        try:
            with prefect_api():
                self.ingest()
                last = time.monotonic()
                while not stop.wait(poll):
                    now = time.monotonic()
                    due = self._retry_at is not None and now >= self._retry_at
                    if self.settled() or due or now - last >= self.rescan:
                        self.ingest()
                        last = time.monotonic()
        finally:
            observer.stop()
            observer.join(timeout=5)
