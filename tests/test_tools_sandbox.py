"""Outside tools (issue 14): LibreOffice converts a .doc without reaching the network, and LibreOffice
and Tesseract end with the process that started them (SIGKILL, SIGTERM, SIGINT).

Everything is built here: the .doc comes from LibreOffice itself (an HTML page linking an image on
127.0.0.1, saved as Word 97 inside a network namespace so the build fetches nothing), the page image
for Tesseract from Pillow.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

from kehoach.read import read_document
from kehoach.read.tool import sandbox_available, tool_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (make setup installs it)"),
]

PLAN_HTML = """<html><head><meta charset="utf-8"></head><body>
<p>ỦY BAN NHÂN DÂN XÃ MINH TÂM</p><p>KẾ HOẠCH</p><p>Triển khai nhiệm vụ năm 2025</p>
<p><img src="http://127.0.0.1:{port}/anh.png" width="100" height="100"></p>
<p>Kinh phí thực hiện: 50.000.000 đồng từ nguồn ngân sách xã.</p></body></html>"""


class Server:
    """An HTTP server on 127.0.0.1 that records every request path."""

    def __init__(self) -> None:
        requests: list[str] = []
        self.requests = requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                requests.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.end_headers()

            do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _any

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def linked_doc(tmp_path_factory):
    """(a .doc whose image is linked to the server, the server)."""
    server = Server()
    tmp = tmp_path_factory.mktemp("linked")
    html = tmp / "ke-hoach.html"
    html.write_text(PLAN_HTML.format(port=server.port), encoding="utf-8")
    build = [
        "soffice",
        f"-env:UserInstallation={(tmp / 'p0').as_uri()}",
        "--headless",
        "--convert-to",
        "doc:MS Word 97",
        "--outdir",
        str(tmp),
        str(html),
    ]
    subprocess.run(
        ["unshare", "--user", "--map-root-user", "--net", *build],
        check=True,
        capture_output=True,
        env=dict(os.environ, HOME=str(tmp)),
        timeout=120,
    )
    doc = tmp / "ke-hoach.doc"
    assert doc.stat().st_size > 0 and server.requests == []
    yield doc, server
    server.httpd.shutdown()


def test_the_linked_doc_is_fetched_by_libreoffice_left_alone(linked_doc, tmp_path):
    """The control: LibreOffice run as before this fix asks the server for the image (so the next test can fail)."""
    doc, server = linked_doc
    server.requests.clear()
    cmd = [
        "soffice",
        f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
        "--headless",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(tmp_path),
        str(doc),
    ]
    subprocess.run(cmd, check=True, capture_output=True, env=dict(os.environ, HOME=str(tmp_path)), timeout=120)
    assert any("/anh.png" in r for r in server.requests)


@pytest.mark.skipif(not sandbox_available(), reason="unshare cannot make namespaces here")
def test_doc_conversion_never_reaches_the_network(linked_doc):
    doc, server = linked_doc
    server.requests.clear()
    raw = read_document(doc)
    assert any("Kinh phí thực hiện: 50.000.000 đồng" in b.text for b in raw.blocks)
    assert "W104 converted from .doc" in raw.warnings
    time.sleep(1)
    assert server.requests == []


CHILD = """
import signal, sys, time
from pathlib import Path
# Ctrl-C raises KeyboardInterrupt here as in a terminal, also when the tests themselves were started in the
# background of a non-interactive shell (which starts its children with SIGINT ignored)
signal.signal(signal.SIGINT, signal.default_int_handler)
what, arg = sys.argv[1], sys.argv[2]
if what == "soffice":
    from kehoach.read.legacy_doc import convert_doc_to_docx
    import tempfile
    convert_doc_to_docx(Path(arg).read_bytes(), Path(tempfile.mkdtemp()))
else:
    from kehoach.read.ocr import _run
    _run(["tesseract", arg, "stdout", "-l", "vie", "--psm", "6"], 1, "tesseract")
time.sleep(60)
"""


def _name(proc: psutil.Process) -> str:
    """The process's name, or "" when it ended between listing and asking (launchers such as
    soffice's shell wrapper exit within milliseconds)."""
    try:
        return proc.name()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return ""


def _big_page(path: Path) -> Path:
    """A large page of printed-looking lines: Tesseract takes seconds on it."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (5000, 7000), 255)
    draw = ImageDraw.Draw(img)
    for y in range(50, 6900, 40):
        draw.text((60, y), "Kinh phi thuc hien ke hoach nam 2025 tu nguon ngan sach xa " * 5, fill=0)
    img.save(path)
    return path


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "SIGINT"])
@pytest.mark.parametrize("tool", ["soffice", "tesseract"])
def test_the_tool_ends_with_the_process_that_started_it(linked_doc, tmp_path, tool, sig):
    arg = str(linked_doc[0]) if tool == "soffice" else str(_big_page(tmp_path / "trang.png"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, tool, arg], env=dict(os.environ, PYTHONPATH=str(ROOT)))
    parent = psutil.Process(child.pid)
    name = "soffice.bin" if tool == "soffice" else "tesseract"
    deadline = time.monotonic() + 60
    found: list[psutil.Process] = []
    while time.monotonic() < deadline and not found:
        found = [p for p in parent.children(recursive=True) if _name(p).startswith(name[:15])]
        time.sleep(0.05)
    assert found, f"{name} never started"
    tree = parent.children(recursive=True)
    os.kill(child.pid, sig)
    child.wait(timeout=30)
    _, alive = psutil.wait_procs(tree, timeout=10)
    assert alive == [], [(p.pid, _name(p)) for p in alive]


def test_tool_command_shape():
    cmd = tool_command(["tesseract", "a.png", "stdout"], 1024, offline=True)
    assert cmd[-3:] == ["tesseract", "a.png", "stdout"] and "ulimit -v 1024" in " ".join(cmd)
    if shutil.which("setpriv"):
        assert cmd[:3] == [shutil.which("setpriv"), "--pdeathsig", "KILL"]
