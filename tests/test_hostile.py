"""Hostile inputs: every file gives a RawDocument or a coded ReadError, fast, and nothing else escapes.

The hostile corpus is *built* here (no binaries committed): empty and truncated files, random
bytes under document extensions, a really encrypted PDF (RC4, written by hand: no library here
writes encryption), zip bombs (declared and lying sizes), a "billion laughs" DOCX, a 500-page
PDF, a 60-page scan, blank pages, and awkward names (Vietnamese letters, spaces, ``..``).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURE_DOC, SEED_DOCX, SEED_PDF, SEED_TXT

from kehoach.read import read_document
from kehoach.schemas.document import RawDocument
from kehoach.schemas.errors import MESSAGES, ErrorCode, ReadError

# ---------------------------------------------------------------- an encrypted PDF, by hand
# PDF 1.4 standard security handler, revision 2 (RC4, 40-bit key): algorithms 3.2–3.4 of the
# PDF Reference. Small enough to write out, and real: pdfium opens it with the password.
PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF whose content stream is RC4-encrypted under ``user_password``."""
    pad = lambda pw: (pw + PDF_PAD)[:32]  # noqa: E731
    doc_id = hashlib.md5(b"kehoach hostile test").digest()
    perms = -44
    o_key = hashlib.md5(pad(owner_password)).digest()[:5]
    o_value = _rc4(o_key, pad(user_password))
    file_key = hashlib.md5(pad(user_password) + o_value + struct.pack("<i", perms) + doc_id).digest()[:5]
    u_value = _rc4(file_key, PDF_PAD)
    content = b"BT /F1 14 Tf 72 760 Td (KE HOACH so 12/KH-UBND mat) Tj ET"
    obj_key = hashlib.md5(file_key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    stream = _rc4(obj_key, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> /P %d >>" % perms,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    hex_id = doc_id.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (len(objects) + 1, hex_id, hex_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# ---------------------------------------------------------------- other builders
def _docx_with(parts: dict[str, bytes], base: Path | None = None) -> bytes:
    """A seed DOCX with some parts replaced or added."""
    base = base or SEED_DOCX[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info.filename))
        for name, data in parts.items():
            dst.writestr(name, data)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX carrying 320 MB of zeros (declared honestly): ~320 KB on disk."""
    buf = io.BytesIO()
    with zipfile.ZipFile(SEED_DOCX[0]) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        with dst.open("word/media/image9.bin", "w", force_zip64=True) as big:
            chunk = bytes(1024 * 1024)
            for _ in range(320):
                big.write(chunk)
    return buf.getvalue()


def lying_zip_bomb_docx() -> bytes:
    """A DOCX whose document.xml expands to 80 MB while the zip directory says 2 KB."""
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    body += b"<w:p/>" * (80 * 1024 * 1024 // 6) + b"</w:body></w:document>"
    data = bytearray(_docx_with({"word/document.xml": body}))
    # Patch the uncompressed size of word/document.xml in the local header and the central directory.
    name = b"word/document.xml"
    pos = 0
    while (pos := data.find(name, pos + 1)) != -1:
        if data[pos - 30 : pos - 26] == b"PK\x03\x04":
            data[pos - 8 : pos - 4] = struct.pack("<I", 2048)
        elif data[pos - 46 : pos - 42] == b"PK\x01\x02":
            data[pos - 22 : pos - 18] = struct.pack("<I", 2048)
    return bytes(data)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def _pdf_pages(n: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def _scanned_pages_pdf(n: int) -> bytes:
    """``n`` pages, each a small image and no text: a long scan (the OCR page limit must refuse it)."""
    from PIL import Image

    img = Image.new("L", (200, 280), 255)
    buf = io.BytesIO()
    img.save(buf, "PDF", save_all=True, append_images=[img] * (n - 1), resolution=30)
    return buf.getvalue()


def build_hostile_corpus(root: Path) -> dict[str, set[str | None]]:
    """Write the hostile files into ``root``; return {file name: acceptable outcomes} (None = read fine)."""
    rng = random.Random(6)
    pdf = SEED_PDF[0].read_bytes()
    docx = SEED_DOCX[0].read_bytes()
    files: dict[str, tuple[bytes, set[str | None]]] = {
        "empty.pdf": (b"", {"E003"}),
        "empty.docx": (b"", {"E003"}),
        "empty.doc": (b"", {"E003"}),
        "empty.txt": (b"", {"E003"}),
        "only spaces.txt": (b"  \n\t \r\n", {"E003"}),
        "truncated.pdf": (pdf[: len(pdf) // 2], {"E201"}),
        "truncated.docx": (docx[: len(docx) // 2], {"E102"}),
        "truncated-utf8.txt": (SEED_TXT[0].read_bytes()[:-1] + "ệ".encode()[:2], {None}),
        "random.pdf": (rng.randbytes(50_000), {"E201"}),
        "random.docx": (rng.randbytes(50_000), {"E102"}),
        "random.doc": (rng.randbytes(50_000), {"E104"}),
        "random.txt": (rng.randbytes(50_000), {"E302"}),
        "pdf-header-garbage.pdf": (b"%PDF-1.7\n" + rng.randbytes(20_000) + b"\n%%EOF\n", {"E201"}),
        "a pdf named.docx": (pdf, {"E102"}),
        "a docx named.pdf": (docx, {"E201"}),
        "a docx named.doc": (docx, {None}),
        "encrypted.pdf": (encrypted_pdf(), {"E202"}),
        "500 pages.pdf": (_pdf_pages(500), {"E204"}),
        "blank pages.pdf": (_pdf_pages(3), {"E206"}),
        "scan 60 pages.pdf": (_scanned_pages_pdf(60), {"E204"}),
        "zip-bomb.docx": (zip_bomb_docx(), {"E103"}),
        "zip-bomb-lying.docx": (lying_zip_bomb_docx(), {"E103", "E102"}),
        "billion-laughs.docx": (_docx_with({"word/document.xml": BILLION_LAUGHS}), {"E103"}),
        "no-document-xml.docx": (_zip_without_document(), {"E102"}),
        "Kế hoạch số 12 .. (bản cuối).pdf": (pdf, {None}),
        "..hai chấm đầu.docx": (docx, {None}),
        "tên có  dấu cách và ..txt": (SEED_TXT[0].read_bytes(), {None}),
        "unsupported.xlsx": (b"PK\x03\x04", {"E002"}),
    }
    if shutil.which("soffice"):
        files["truncated.doc"] = (FIXTURE_DOC.read_bytes()[:4096], {"E104", "E101", None})
    expected = {}
    for name, (data, outcomes) in files.items():
        (root / name).write_bytes(data)
        expected[name] = outcomes
    return expected


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def _outcome(path: Path) -> tuple[str | None, float, RawDocument | ReadError]:
    t0 = time.perf_counter()
    try:
        result: RawDocument | ReadError = read_document(path)
        code = None
    except ReadError as e:
        result, code = e, e.code.value
    return code, time.perf_counter() - t0, result


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, build_hostile_corpus(root)


def test_encrypted_pdf_is_real():
    """The hand-made encrypted PDF is valid: it opens with its password and shows its text."""
    import pypdfium2 as pdfium

    data = encrypted_pdf()
    pdf = pdfium.PdfDocument(data, password="secret")
    assert "KE HOACH" in pdf[0].get_textpage().get_text_range()
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_hostile_corpus_gives_codes_in_bounded_time(hostile_dir):
    """Each hostile file: a RawDocument or a ReadError with the expected code; nothing else; fast."""
    root, expected = hostile_dir
    started = time.perf_counter()
    report = []
    for name, outcomes in sorted(expected.items()):
        code, seconds, result = _outcome(root / name)  # anything but ReadError would fail the test here
        report.append(f"{name:40s} {code or 'ok':5s} {seconds * 1000:8.1f} ms")
        assert code in outcomes, f"{name}: got {code} ({result}), expected one of {outcomes}"
        if code is None:
            assert isinstance(result, RawDocument) and any(b.text.strip() for b in result.blocks)
        else:
            assert result.code in MESSAGES and str(result).startswith(code)
        assert seconds < 30, f"{name} took {seconds:.1f} s"
    total = time.perf_counter() - started
    print("\n".join(report), f"\ntotal {total:.1f} s", file=sys.stderr)
    assert total < 60


def test_500_page_pdf_is_refused_before_reading_pages(hostile_dir):
    """The page limit is checked before any text extraction: well under a second."""
    root, _ = hostile_dir
    code, seconds, _ = _outcome(root / "500 pages.pdf")
    assert code == "E204" and seconds < 1.0


def test_billion_laughs_never_expands(hostile_dir):
    root, _ = hostile_dir
    code, seconds, result = _outcome(root / "billion-laughs.docx")
    assert code == "E103" and "DTD" in (result.detail or "") and seconds < 1.0


def test_dtd_after_long_comment_is_found():
    """A DTD pushed past the first 4 KB by a comment is still refused (the first check looked at 4 KB)."""
    xml = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b"x" * 10_000 + b"-->\n<!DOCTYPE", 1)
    from kehoach.read.docx import check_zip

    with pytest.raises(ReadError) as err:
        check_zip(_docx_with({"word/document.xml": xml}))
    assert err.value.code is ErrorCode.E103


def test_zip_bomb_memory_stays_bounded(hostile_dir, tmp_path):
    """Reading both zip bombs in a fresh process stays far below their expanded size (peak RSS < 200 MB; measured ~32 MB)."""
    root, _ = hostile_dir
    script = (
        "import sys\n"
        "from kehoach.read import read_document\n"
        "from kehoach.schemas.errors import ReadError\n"
        "for f in sys.argv[1:]:\n"
        "    try: read_document(f)\n"
        "    except ReadError as e: print(e.code.value)\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would count pytest's own memory
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(root / "zip-bomb.docx"), str(root / "zip-bomb-lying.docx")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out[0] == "E103" and out[1] in {"E103", "E102"}
    assert int(out[-1]) < 200 * 1024, f"peak RSS {int(out[-1]) // 1024} MB"


def test_unexpected_library_errors_become_codes(tmp_path):
    """A directory named like a document, a vanished file: still coded, never a traceback."""
    d = tmp_path / "thư mục.pdf"
    d.mkdir()
    with pytest.raises(ReadError) as err:
        read_document(d)
    assert err.value.code is ErrorCode.E001
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "không có.docx")
    assert err.value.code is ErrorCode.E001


def test_missing_ocr_tools_message_says_how_to_install(tmp_path, monkeypatch):
    """With tesseract off PATH, a scan is E203 and the message names the apt packages."""
    from kehoach.read import ocr

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_scanned_pages_pdf(2))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh",):  # keep a shell; drop tesseract and pdftoppm
        os.symlink(shutil.which(tool), bin_dir / tool)
    monkeypatch.setenv("PATH", str(bin_dir))
    ocr.missing_ocr_tools.cache_clear()
    try:
        with pytest.raises(ReadError) as err:
            read_document(scan)
    finally:
        ocr.missing_ocr_tools.cache_clear()
    assert err.value.code is ErrorCode.E203
    assert "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils" in str(err.value)
    assert "tesseract" in (err.value.detail or "")


@pytest.mark.slow
def test_hostile_folder_through_ingest(hostile_dir, tmp_path):
    """The whole hostile folder through ``kehoach ingest``: the run finishes, every file is accounted for."""
    root, expected = hostile_dir
    exe = Path(sys.executable).with_name("kehoach")
    helptext = subprocess.run([str(exe), "--help"], capture_output=True, text=True).stdout
    if "ingest" not in helptext:
        pytest.skip("`kehoach ingest` does not exist yet")
    out = tmp_path / "out"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    proc = subprocess.run(
        [str(exe), "ingest", str(root), "--out", str(out)], capture_output=True, text=True, timeout=600, env=env
    )
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    from kehoach.store.read import load_table

    files = load_table(out, "files").to_pandas()
    status = {Path(p).name: st for p, st in zip(files["source_path"], files["status"], strict=True)}
    rejected = load_table(out, "rejections").to_pandas()
    codes = {Path(p).name: c for p, c in zip(rejected["file"], rejected["code"], strict=True)}
    visible = [n for n in expected if not n.startswith(".")]  # ingest skips hidden (dot) files
    missing = [n for n in visible if n not in status]
    assert not missing, f"files not accounted for: {missing}"
    for name in visible:
        if status[name] == "rejected":
            assert codes.get(name, "").startswith("E"), f"{name} rejected without a code"
        if expected[name] == {None}:
            assert status[name] != "rejected", f"{name} should have been read"


VOLATILE = {"ingested_at", "seen_at", "when", "run_id", "seconds"}


def _rows_of(data: Path, doc_ids: set[str], paths: set[str]) -> dict[str, list[str]]:
    """Every stored row of these documents (or files), volatile columns left out, sorted."""
    import json

    from kehoach.store.read import load_table, table_counts

    out = {}
    for table in table_counts(data):
        t = load_table(data, table)
        cols = [c for c in t.column_names if c not in VOLATILE]
        if "doc_id" in t.column_names:
            keep = [r for r in t.select(cols).to_pylist() if r["doc_id"] in doc_ids]
        elif "source_path" in t.column_names:
            keep = [r for r in t.select(cols).to_pylist() if r["source_path"] in paths]
        else:
            continue
        out[table] = sorted(json.dumps(r, default=str, ensure_ascii=False, sort_keys=True) for r in keep)
    return out


@pytest.mark.slow
def test_good_files_beside_hostile_ones_keep_the_rows_of_a_clean_run(hostile_dir, tmp_path):
    """Issue 14, Done when: the hostile set, the large inputs and odd entries (a name that is not
    UTF-8, a FIFO, links to nothing and out of the folder) in one folder with four good plans: the run
    ends, no entry is lost, each hostile file is read or gets its expected code, and the good plans'
    rows in every table equal those of a run over the good plans alone."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from hostile_files import long_paragraph_docx, many_lines_txt, merged_table_docx, one_line_txt

    from kehoach.ingest.plan import Limits
    from kehoach.ingest.run import ingest_folder
    from kehoach.store.read import load_table

    hostile_root, expected = hostile_dir
    raw = tmp_path / "raw"
    raw.mkdir()
    good = [SEED_TXT[1], SEED_TXT[2], SEED_DOCX[1], SEED_PDF[1]]
    for p in good:
        shutil.copy(p, raw / p.name)
    limits = Limits(seconds=300, memory_mb=2048)
    clean = ingest_folder(raw, tmp_path / "clean", limits=limits)
    assert (clean.processed, clean.rejected) == (len(good), 0)

    for p in hostile_root.iterdir():
        shutil.copy(p, raw / p.name)
    expected = dict(expected)
    one_line_txt(raw / "mot-dong.txt", 2 * 1024 * 1024)
    long_paragraph_docx(raw / "doan-dai.docx", 1024 * 1024)
    merged_table_docx(raw / "bang-gop.docx")
    many_lines_txt(raw / "nam-trieu-dong.txt", 5_000_000)
    shutil.copy(SEED_TXT[3], raw / os.fsdecode(b"bi\xea\xf2n b\xe1o c\xe1o.txt"))
    (tmp_path / "ngoai.txt").write_text("root:x:0:0:secret", encoding="utf-8")
    (raw / "ra-ngoai.txt").symlink_to(tmp_path / "ngoai.txt")
    (raw / "hong.txt").symlink_to(raw / "khong-co.txt")
    os.mkfifo(raw / "ong.txt")
    expected |= {"mot-dong.txt": {None}, "doan-dai.docx": {None}, "bang-gop.docx": {None}, "nam-trieu-dong.txt": {"E013"}}
    expected |= {"ra-ngoai.txt": {"E007"}, "hong.txt": {"E009"}, "ong.txt": {"E008"}}

    s = ingest_folder(raw, tmp_path / "hostile", limits=limits)
    files = load_table(tmp_path / "hostile", "files").to_pylist()
    status = {Path(r["source_path"]).name: r["status"] for r in files}
    codes = {Path(r["file"]).name: r["code"] for r in load_table(tmp_path / "hostile", "rejections").to_pylist()}
    visible = [p.name for p in raw.iterdir() if not p.name.startswith(".")]  # ingest skips hidden (dot) files
    assert len(files) == len(visible) == s.found, "an entry was lost"
    content = {}
    for p in raw.iterdir():
        if p.is_file() and not p.is_symlink() and not p.name.startswith("."):
            content.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), []).append(p.name)
    same_bytes = {n for names in content.values() if len(names) > 1 for n in names}
    for name, outcomes in expected.items():
        if name.startswith("."):
            continue
        assert status[name] in {"ok", "rejected"}, name
        if name in same_bytes:  # the same bytes under another name are one document, read once ("a pdf named.docx")
            continue
        got = codes.get(name) if status[name] == "rejected" else None
        assert got in outcomes, f"{name}: {got}, expected one of {outcomes}"

    doc_ids = {r["doc_id"] for r in load_table(tmp_path / "clean", "documents", ["doc_id"]).to_pylist()}
    paths = {(raw / p.name).as_posix() for p in good}
    want, got = _rows_of(tmp_path / "clean", doc_ids, paths), _rows_of(tmp_path / "hostile", doc_ids, paths)
    assert len(want["documents"]) == len(good) and len(want["files"]) == len(good) and want["sections"]
    assert set(got) == set(want)
    for table in want:
        assert got[table] == want[table], table
