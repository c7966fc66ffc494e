"""Find the files of a drop folder, and say what each one is before anything reads it.

Rules:
- Every entry under the folder, recursively, is seen, except hidden files and folders (``.x``),
  Office lock files (``~$x.docx``), partial downloads (``.part``, ``.crdownload``, ``.tmp``…) and
  the output folder. An unsupported type (``.xlsx``) is still a candidate: it becomes an E002
  rejection, so the user sees it was not read.
- **Names are bytes.** The operating system gives names as bytes; Python keeps undecodable bytes
  as surrogates (``os.fsdecode``), so every name can be opened. The stored and shown form
  (:func:`path_key`) writes those bytes as ``\\xNN``: ``bi\\xea\\xf2n.txt``. :func:`path_shown`
  also escapes control characters (a newline in a name never splits a log line).
- **Kinds.** A regular file is a candidate. A symbolic link is resolved: inside the folder it is
  read as its target; pointing out of the folder it is refused (E007: ``ln -s /etc/shadow in/x.txt``
  must not put the shadow file in the tables); a link to nothing is E009. FIFOs, sockets and
  devices are E008 (never opened: reading a FIFO would block the run). A folder that cannot be
  listed is E006. Nothing is skipped silently.
"""

from __future__ import annotations

import enum
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

IGNORED_SUFFIXES = frozenset({".part", ".crdownload", ".tmp", ".partial", ".download"})
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
CONTROL_CHARS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


class Kind(enum.StrEnum):
    regular = "regular"  # a file to read (or a link to one inside the folder)
    outside = "outside"  # a link that leaves the folder (E007)
    special = "special"  # FIFO, socket, device (E008)
    dangling = "dangling"  # a link to nothing, or a loop of links (E009)
    unlistable = "unlistable"  # a folder that cannot be listed (E006)


@dataclass(frozen=True)
class Found:
    path: str  # absolute, as the OS gives it (undecodable bytes as surrogates: open() works)
    kind: Kind
    detail: str | None = None  # link target, or the error


def path_key(path: str) -> str:
    """The stored form of a path: valid UTF-8, undecodable bytes written as ``\\xNN``.
    Equal to the path itself whenever the name is valid UTF-8 (nearly always)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def path_shown(path: str) -> str:
    """A path for one log line: :func:`path_key` with control characters escaped too."""
    return path_key(path).translate(CONTROL_CHARS)


def ignored(name: str) -> bool:
    low = name.lower()
    return name.startswith((".", "~$")) or low in IGNORED_NAMES or os.path.splitext(low)[1] in IGNORED_SUFFIXES


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def discover(root: Path, exclude: Iterable[Path] = ()) -> list[Found]:
    """Every entry under ``root`` with its kind, sorted by path (see the module docstring)."""
    root_s = os.path.realpath(root)
    excluded = tuple(os.path.realpath(p) for p in exclude)
    found: list[Found] = []

    def on_error(err: OSError) -> None:
        if err.filename and os.path.realpath(err.filename) != root_s:
            found.append(Found(os.fspath(err.filename), Kind.unlistable, f"{type(err).__name__}: {err.strerror}"))
        elif err.filename:
            raise err  # the folder itself cannot be read: the caller reports it

    for dirpath, dirnames, filenames in os.walk(root_s, onerror=on_error, followlinks=False):
        keep = []
        for d in sorted(dirnames):
            p = os.path.join(dirpath, d)
            if ignored(d) or d == "__pycache__" or (_inside(os.path.realpath(p), excluded) and not os.path.islink(p)):
                continue
            if os.path.islink(p):  # a linked folder: refused when it leaves, else its files are found where they are
                target = os.path.realpath(p)
                if not _inside(target, (root_s,)):
                    found.append(Found(p, Kind.outside, target))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in filenames:
            if ignored(name):
                continue
            p = os.path.join(dirpath, name)
            found.append(classify(p, root_s, excluded))
    return sorted(found, key=lambda f: f.path)


def classify(path: str, root: str, excluded: tuple[str, ...] = ()) -> Found:
    """The kind of one entry (links resolved against ``root``)."""
    try:
        st = os.lstat(path)
    except OSError as e:
        return Found(path, Kind.dangling, f"{type(e).__name__}: {e.strerror}")
    detail = None
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as e:  # to nothing, or a loop
            return Found(path, Kind.dangling, f"{os.readlink(path) if os.path.islink(path) else ''} ({e.strerror})")
        if not _inside(target, (root,)) or _inside(target, excluded):
            return Found(path, Kind.outside, target)
        try:
            st = os.stat(path)
        except OSError as e:
            return Found(path, Kind.dangling, f"{type(e).__name__}: {e.strerror}")
        if stat.S_ISDIR(st.st_mode):
            return Found(path, Kind.special, "link to a folder")  # a race with the listing: never followed
        detail = target
    if stat.S_ISREG(st.st_mode):
        return Found(path, Kind.regular, detail)
    return Found(path, Kind.special, stat.filemode(st.st_mode))
