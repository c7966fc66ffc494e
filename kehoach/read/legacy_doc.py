"""Legacy Word ``.doc`` → DOCX through headless LibreOffice, then the DOCX reader.

``soffice --headless --convert-to docx`` runs with a private profile
(``-env:UserInstallation=file:///tmp/…``) so parallel conversions do not fight over one profile
lock, in its own process group under a timeout and an address-space limit, offline (its own network
namespace: a linked image on a web server is never fetched) and killed with its parent
(``read.tool``), on a copy of the
bytes named ``input.doc`` (a Vietnamese name with spaces or a leading ``-`` cannot confuse it).
The result is reported as ``format=docx`` with a warning ``W104 converted from .doc``.
Legacy fonts (``.VnTime``, ``VNI-Times``) survive the conversion and are decoded by the DOCX
reader. Failures are E104 with what went wrong (LibreOffice missing, timeout, no output).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.read.tool import tool_command
from kehoach.schemas.document import RawDocument
from kehoach.schemas.errors import ErrorCode, ReadError

CONVERT_TIMEOUT_S = 120.0  # a real .doc converts in 1–3 s; the first run on a fresh profile ~5 s
MEMORY_LIMIT_KIB = 3 * 1024 * 1024  # soffice maps a lot of address space; 3 GiB is ample for a plan
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: every Word 97–2003 file
RTF_MAGIC = b"{\\rtf"  # Word also saves RTF under .doc; LibreOffice reads it the same way
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_doc_to_docx(data: bytes, workdir: Path) -> bytes:
    """Convert .doc bytes to .docx bytes in ``workdir``. Raises ReadError E104."""
    soffice = soffice_path()
    if soffice is None:
        raise ReadError(ErrorCode.E104, f"LibreOffice (soffice) not found; install: {INSTALL_HINT}")
    src = workdir / "input.doc"
    src.write_bytes(data)
    outdir = workdir / "out"
    profile = workdir / "profile"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(src),
    ]
    limited = tool_command(cmd, MEMORY_LIMIT_KIB, offline=True)  # no network, dies with its parent
    env = dict(os.environ, HOME=str(workdir), LC_ALL="C.UTF-8")
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(limited, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice forks (oosplash → soffice.bin): kill the whole group
        proc.communicate()
        raise ReadError(ErrorCode.E104, f"LibreOffice timed out after {CONVERT_TIMEOUT_S:.0f} s") from e
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    out = outdir / "input.docx"
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(
            ErrorCode.E104, f"LibreOffice exit {proc.returncode}, no output" + (f": {tail[-1][:200]}" if tail else "")
        )
    return out.read_bytes()


def read_doc(path: Path, data: bytes, sha256: str) -> RawDocument:
    """Read a Word 97–2003 ``.doc`` (or RTF saved as .doc). ``sha256`` stays that of the original bytes."""
    from kehoach.read.docx import read_docx

    if data.startswith(b"PK\x03\x04"):  # a DOCX renamed .doc: read it as what it is
        doc = read_docx(path, data, sha256)
        return doc.model_copy(update={"warnings": (*doc.warnings, "W104 .doc file is a DOCX")})
    if not (data.startswith(OLE_MAGIC) or data.lstrip().startswith(RTF_MAGIC)):
        raise ReadError(ErrorCode.E104, "not a Word 97-2003 file (no OLE2/RTF signature)")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        docx_bytes = convert_doc_to_docx(data, Path(tmp))
    try:
        doc = read_docx(path, docx_bytes, sha256)
    except ReadError as e:
        if e.code is ErrorCode.E101:
            raise ReadError(ErrorCode.E101, "converted from .doc") from e
        raise ReadError(ErrorCode.E104, f"converted DOCX unreadable: {e}") from e
    return doc.model_copy(update={"warnings": (*doc.warnings, "W104 converted from .doc")})
