"""Plan a run: which files need reading, which are unchanged, which left the folder.

- **Skip rule**: same path, same SHA-256, same extractor versions → unchanged. Same content at a
  new path → the existing document, no extraction (a link, counted as unchanged). Two new paths
  with the same bytes → one job (the other path is an alias, read once).
- **Version bumps**: a file whose bytes did not change but whose extractor versions did is not read
  again: the changed extractors (``kehoach.extractors.stale``) and their dependents re-run on the
  stored raw document (``raw_documents``, :func:`kehoach.extract.reextract`), no OCR, no LibreOffice.
- **Retries**: a rejected file is tried again when its content changes, when extractor versions
  change, or when the reason may go away by itself (:data:`RETRY_CODES`: still being copied,
  missing tool, internal error). A file over a time or memory limit (:data:`LIMIT_CODES`) is
  tried again only when the file or the limits change — never on every run.
- **Refused before reading** (rows, never silent): links out of the folder (E007), FIFOs and
  devices (E008), links to nothing (E009), files or folders without read permission (E006),
  files that changed while being hashed (E005: still being copied; retried next run).
- ``min_age`` (``kehoach watch``): files modified less than that many seconds ago are left for a
  later run (``Plan.young``) without a row.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.extractors import stale, versions_key
from kehoach.ingest.discover import Kind, discover, path_key
from kehoach.schemas.document import CANONICAL_VERSION
from kehoach.schemas.errors import ErrorCode, ReadError, Rejection

if TYPE_CHECKING:
    from kehoach.store.read import KnownFile

RETRY_CODES = frozenset({ErrorCode.E005.value, ErrorCode.E104.value, ErrorCode.E203.value, ErrorCode.E900.value})
LIMIT_CODES = frozenset({ErrorCode.E010.value, ErrorCode.E011.value, ErrorCode.E012.value})
KIND_CODES = {
    Kind.outside: ErrorCode.E007,
    Kind.special: ErrorCode.E008,
    Kind.dangling: ErrorCode.E009,
    Kind.unlistable: ErrorCode.E006,
}


@dataclass(frozen=True)
class Limits:
    """Bounds on the extraction of one file (``kehoach ingest --file-timeout/--file-memory``)."""

    seconds: float = 600.0
    memory_mb: int = 3072

    def tag(self) -> str:
        """Stored with a file rejected for a limit: the file is retried when the limits change."""
        return f"limits={self.seconds:g}s/{self.memory_mb}MB"


@dataclass(frozen=True)
class Job:
    """One file to extract; ``aliases`` are other paths found with the same bytes (read once)."""

    path: str  # as the OS gives it (may hold surrogates: see discover.path_key)
    sha256: str | None
    size: int
    aliases: tuple[tuple[str, int], ...] = ()
    mtime_ns: int = 0
    reextract: str | None = None  # doc_id: only extractor versions changed, re-run them on the stored raw document
    only: tuple[str, ...] = ()  # … these extractors (and their dependents)

    @property
    def key(self) -> str:
        """The path as stored in the tables."""
        return path_key(self.path)

    def as_json(self) -> dict:
        """Plain JSON (a flow parameter): paths as the hex of their bytes, whatever the name holds."""
        hexed = lambda p: os.fsencode(p).hex()  # noqa: E731
        return {
            "path": hexed(self.path),
            "sha256": self.sha256,
            "size": self.size,
            "aliases": [[hexed(p), n] for p, n in self.aliases],
            "mtime_ns": self.mtime_ns,
            "reextract": self.reextract,
            "only": list(self.only),
        }

    @classmethod
    def from_json(cls, d: dict) -> Job:
        unhex = lambda h: os.fsdecode(bytes.fromhex(h))  # noqa: E731
        aliases = tuple((unhex(p), n) for p, n in d["aliases"])
        return cls(unhex(d["path"]), d["sha256"], d["size"], aliases, d["mtime_ns"], d.get("reextract"), tuple(d.get("only", ())))


@dataclass
class Refused:
    """A file refused before any extraction (its kind, its permissions, a copy in progress)."""

    job: Job
    rejection: Rejection


@dataclass
class Plan:
    found: int = 0
    todo: list[Job] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    unchanged: int = 0
    links: list[tuple[str, str, str, int]] = field(default_factory=list)  # (key, sha, doc_id, size): known content, new path
    removed: set[str] = field(default_factory=set)  # keys of paths gone from the folder
    young: int = 0

    @property
    def has_work(self) -> bool:
        return bool(self.todo or self.refused or self.links or self.removed)


class Growing(Exception):
    """The file changed while it was being hashed (a copy in progress)."""


def hash_file(path: str) -> tuple[str, int, int]:
    """``(sha256, size, mtime_ns)`` of a regular file. Opened non-blocking (a FIFO swapped in
    never blocks) and checked before and after: a file that grows meanwhile raises :class:`Growing`."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file")
        h, n = hashlib.sha256(), 0
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
            n += len(chunk)
        end = os.fstat(fd)
    finally:
        os.close(fd)
    if (st.st_size, st.st_mtime_ns) != (end.st_size, end.st_mtime_ns) or n != end.st_size:
        raise Growing(f"{st.st_size} → {end.st_size} bytes while hashing")
    return h.hexdigest(), end.st_size, end.st_mtime_ns


def refusal(path: str, code: ErrorCode, detail: str | None) -> Refused:
    return Refused(Job(path, None, 0), ReadError(code, detail).to_rejection(path_key(path)))


def plan_ingest(
    root: Path, data_dir: Path, versions: str | None = None, min_age: float = 0.0, limits: Limits | None = None
) -> Plan:
    """Decide what to extract: hash every file and compare with what the store holds."""
    versions = versions or versions_key()
    limits = limits or Limits()
    root = Path(root).resolve()
    data_dir = Path(data_dir).resolve()
    from kehoach.store import read as store_read  # here: extraction workers import this module, not the store

    known, docs = store_read.read_state(data_dir)
    reusable = store_read.raw_document_ids(data_dir, CANONICAL_VERSION)  # stored raw documents still valid
    plan = Plan()
    by_sha: dict[str, int] = {}
    seen: set[str] = set()
    for f in discover(root, exclude=[data_dir]):
        key = path_key(f.path)
        plan.found += 1
        seen.add(key)
        if f.kind != Kind.regular:
            _refuse(plan, known.get(key), refusal(f.path, KIND_CODES[f.kind], path_key(f.detail or "")), versions)
            continue
        try:
            if min_age and time.time() - os.stat(f.path).st_mtime < min_age:
                plan.young += 1
                continue
            sha, size, mtime_ns = hash_file(f.path)
        except Growing as e:
            _refuse(plan, None, refusal(f.path, ErrorCode.E005, str(e)), versions)
            continue
        except PermissionError as e:
            _refuse(plan, known.get(key), refusal(f.path, ErrorCode.E006, e.strerror), versions)
            continue
        except FileNotFoundError:  # gone since the listing: treated as removed
            seen.discard(key)
            plan.found -= 1
            continue
        except OSError:  # an I/O error that may pass: extraction reports it (or retries it)
            plan.todo.append(Job(f.path, None, 0))
            continue
        k = known.get(key)
        expected = f"{versions};{limits.tag()}" if k and k.code in LIMIT_CODES else versions
        if k and k.sha256 == sha and k.versions == expected and (k.status == "ok" or k.code not in RETRY_CODES):
            plan.unchanged += 1
        elif sha in docs and docs[sha][1] == versions:
            plan.links.append((key, sha, docs[sha][0], size))
            plan.unchanged += 1
        elif k and k.sha256 == sha and k.status == "ok" and k.doc_id in reusable and sha not in by_sha:
            # the same bytes, only extractor versions changed: re-run those on the stored raw document
            # (no reading, no OCR); every other list of the stored extraction is kept
            by_sha[sha] = len(plan.todo)
            plan.todo.append(Job(f.path, sha, size, (), mtime_ns, k.doc_id, tuple(sorted(stale(k.versions)))))
        elif sha in by_sha:
            i = by_sha[sha]
            job = plan.todo[i]
            plan.todo[i] = Job(
                job.path, job.sha256, job.size, (*job.aliases, (f.path, size)), job.mtime_ns, job.reextract, job.only
            )
        else:
            by_sha[sha] = len(plan.todo)
            plan.todo.append(Job(f.path, sha, size, (), mtime_ns))
    prefix = root.as_posix().rstrip("/") + "/"
    plan.removed = {p for p in known if p.startswith(prefix) and p not in seen}
    return plan


def _refuse(plan: Plan, known: KnownFile | None, refused: Refused, versions: str) -> None:
    """Record a refusal, unless the store already holds the same one (nothing changed)."""
    rej = refused.rejection
    if known and known.status == "rejected" and known.code == rej.code.value and known.versions == versions:
        if rej.code.value not in RETRY_CODES:
            plan.unchanged += 1
            return
    plan.refused.append(refused)
