"""OCR of scanned PDF pages: poppler renders, Tesseract's Vietnamese model reads.

A PDF page without a text layer (a scan from the e-office system, often with a red "ĐẾN"
received stamp in a corner) is rendered at 300 dpi with ``pdftoppm`` and read with
``tesseract … -l vie tsv``; the TSV gives each word's line and confidence, so every OCR line
becomes one :class:`Block` (``kind=line``, ``page`` set) and each page gets a mean confidence.

Why these tools (measured on the five seed PDFs rendered to images, 28 pages):

- ``pdftoppm -r 300`` and pypdfium2's renderer give the same accuracy (character similarity
  to the text layer 0.9887 vs 0.9881) and both render a page in ~0.2 s; poppler is used because
  it runs in its own process, so a hostile page is killed by a timeout and capped by a memory
  limit instead of hanging or bloating the pipeline's process.
- ``-l vie`` always (``-l eng`` drops every tone mark). ``OMP_THREAD_LIMIT=1``: Tesseract's
  OpenMP threads make a page 3–4× *slower* on two cores (11.9 s vs 3.6 s); pages are run in
  parallel instead (``OCR_JOBS``).
- Red ink (the received stamp) is turned white before OCR: its letters are noise in the header
  ("VP.UBND TỈNH … ĐẾN Số: … Ngày: …") and sit right above the issuing agency's name.

Bounded cost: at most ``MAX_OCR_PAGES`` pages (beyond: E204), ``PAGE_TIMEOUT_S`` per page and
``MEMORY_LIMIT_BYTES`` of address space per tool process (beyond: E205), a pixel budget per
page. Missing tools or language data: E203 whose message says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from kehoach.read.tool import tool_command
from kehoach.schemas.document import Block, BlockKind
from kehoach.schemas.errors import ErrorCode, ReadError
from kehoach.text.doc_types import TYPE_NAMES
from kehoach.text.forms import strip_accents

DPI = 300  # Tesseract's sweet spot for body text; 200 dpi loses tone marks on small print
MAX_OCR_PAGES = 50  # a scanned plan has a few pages; a 200-page scan is an archive
PAGE_TIMEOUT_S = 120.0  # one clean A4 page takes 1.5–3 s; a page taking 2 minutes is hostile
MAX_PAGE_PIXELS = 40_000_000  # A4 at 300 dpi is 8.7 Mpx; huge page boxes are rendered at lower dpi
MAX_PAGE_SIDE_PX = 20_000  # Tesseract refuses images wider/taller than 32767 px
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # address space per pdftoppm/tesseract process
OCR_JOBS = max(1, min(4, os.cpu_count() or 1))  # pages read in parallel (one Tesseract thread each)
RED_MARGIN = 60  # a pixel whose red exceeds both green and blue by this much is stamp ink
COLUMN_GAP_INCH = 0.45  # word gaps in justified text stay under ~0.25 in; the header's column gap is ~1 in
NOISE_SYMBOL_CONF = 75.0  # a punctuation-only "word" below this confidence is a speck or a rule piece
NOISE_SHORT_CONF = 20.0  # a one- or two-letter "word" below this confidence is a speck ("ï")
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"


@dataclass(frozen=True)
class OcrWord:
    """One word of Tesseract's TSV: its line key (block, paragraph, line), box in pixels, confidence."""

    key: tuple[int, int, int]
    left: int
    width: int
    confidence: float
    text: str

    @property
    def right(self) -> int:
        return self.left + self.width


@dataclass(frozen=True)
class OcrLine:
    """One output line: its words joined, a group id (a blank line separates groups), mean confidence."""

    text: str
    group: int
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    page: int
    lines: tuple[OcrLine, ...]
    confidence: float  # mean word confidence (0–100) of the page; 0.0 for an empty page
    seconds: float


@lru_cache(maxsize=1)
def missing_ocr_tools() -> tuple[str, ...]:
    """Names of what OCR needs and this machine lacks (empty when OCR can run)."""
    missing = []
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (poppler-utils)")
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        missing.append("tesseract (tesseract-ocr)")
    else:
        try:
            out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
            langs = set((out.stdout + out.stderr).split())
        except (OSError, subprocess.SubprocessError):
            langs = set()
        if "vie" not in langs:
            missing.append("Vietnamese language data 'vie' (tesseract-ocr-vie)")
    return tuple(missing)


def _limited(cmd: list[str]) -> list[str]:
    """``cmd`` under an address-space limit, killed with the process that runs it (``read.tool``)."""
    return tool_command(cmd, MEMORY_LIMIT_BYTES // 1024)


def _run(cmd: list[str], page: int, what: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", LC_ALL="C.UTF-8")
    try:
        proc = subprocess.run(_limited(cmd), capture_output=True, timeout=PAGE_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired as e:
        raise ReadError(ErrorCode.E205, f"{what} timed out on page {page} after {PAGE_TIMEOUT_S:.0f} s") from e
    except OSError as e:
        raise ReadError(ErrorCode.E205, f"{what} could not start: {e}") from e
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(ErrorCode.E205, f"{what} failed on page {page} (exit {proc.returncode}): {err[-1] if err else ''}"[:300])
    return proc


def _page_dpi(width_pt: float, height_pt: float) -> int:
    """300 dpi, or less when the page box is so large the bitmap would exceed the pixel budget."""
    dpi = float(DPI)
    w, h = max(width_pt, 1.0) / 72.0, max(height_pt, 1.0) / 72.0
    if w * h * dpi * dpi > MAX_PAGE_PIXELS:
        dpi = (MAX_PAGE_PIXELS / (w * h)) ** 0.5
    dpi = min(dpi, MAX_PAGE_SIDE_PX / max(w, h))
    return max(10, int(dpi))


def _drop_red_ink(ppm: Path, pgm: Path) -> None:
    """Colour render → greyscale with red (stamp) ink turned white. Pure Pillow channel ops."""
    from PIL import Image, ImageChops

    with Image.open(ppm) as img:
        rgb = img.convert("RGB")
    r, g, b = rgb.split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))  # r - max(g, b), clipped at 0
    mask = redness.point(lambda v: 255 if v > RED_MARGIN else 0)
    gray = rgb.convert("L")
    gray.paste(255, mask=mask)
    gray.save(pgm)


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Tesseract TSV → its words (level 5 rows with text), in reading order."""
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":  # level 5 = a word
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
            words.append(OcrWord(key=key, left=int(cols[6]), width=int(cols[8]), confidence=float(cols[10]), text=text))
        except ValueError:
            continue
    return words


def _is_noise(word: OcrWord) -> bool:
    """Specks and rule fragments: ``-`` pieces of the line under an agency name, ``ï`` from a dot.

    Never digits: a handwritten day ("ngày 18 tháng 02") is read with a low confidence but is the date.
    """
    if any(ch.isdigit() for ch in word.text):
        return False
    if not any(ch.isalnum() for ch in word.text):
        return word.confidence < NOISE_SYMBOL_CONF
    return len(word.text) <= 2 and word.confidence < NOISE_SHORT_CONF


def _trim_noise(segment: list[OcrWord]) -> list[OcrWord]:
    """Drop noise at the ends of a piece of line only: a dash *between* words ("Độc lập - Tự do") stays."""
    start, end = 0, len(segment)
    while start < end and _is_noise(segment[start]):
        start += 1
    while end > start and _is_noise(segment[end - 1]):
        end -= 1
    return segment[start:end]


# "V/v" (về việc) opens a công văn's subject in italics, which Tesseract often garbles: "V⁄é%v",
# "V/y". A short word starting "V" and ending "v"/"y" with a non-letter inside, at a line start.
VV_GARBLED_RE = re.compile(r"^V[^\w\s]\S{0,3}[vy]$|^V\S{0,3}[^\w\s][vy]$")


# A number misread with letters that look like digits: "ngày l7 tháng 2", "năm 2O25" (heldout h87's scanned biên bản).
# Only "l" and "O" in a word of digits with at least one real digit: a roman numeral stays ("Quý II/2025", "II.1.",
# "Phụ lục I-1"), and so does a table rule glued to a number ("|25") or a word ("lO").
DIGIT_LOOKALIKE_RE = re.compile(r"(?=[\dlO/.-]*\d)(?=[\dlO/.-]*[lO])[\dlO]+(?:[/.-][\dlO]+)*[.,;:)]?$")
DIGIT_LOOKALIKES = str.maketrans({"l": "1", "O": "0"})


@lru_cache(maxsize=1)
def _type_line_words() -> dict[str, tuple[str, ...]]:
    """A type line's words without their marks → the words as printed ("bien ban" → "BIÊN BẢN"): how a misread tone still
    compares."""
    return {strip_accents(t.name): tuple(t.name.upper().split()) for t in TYPE_NAMES if t.type_line}


def _fix_digits(words: list[OcrWord]) -> list[OcrWord]:
    """Digits read as look-alike letters, in every column ("ngày l7" → "ngày 17")."""
    return [replace(w, text=w.text.translate(DIGIT_LOOKALIKES)) if DIGIT_LOOKALIKE_RE.match(w.text) else w for w in words]


def _fix_words(words: list[OcrWord]) -> list[OcrWord]:
    """Tesseract's usual misreadings at a line's start: a garbled "V/v", and a type line read with a wrong tone ("BIỂN
    BẢN" → "BIÊN BẢN": the line is all capitals and its first words are a type's name but for their tones)."""
    first = words[0]
    if first.text != "V/v" and VV_GARBLED_RE.match(first.text):
        words = [replace(first, text="V/v"), *words[1:]]
    if all(not c.islower() for w in words for c in w.text):
        for k in (3, 2, 1):
            names = _type_line_words().get(strip_accents(" ".join(w.text for w in words[:k])))
            if names and len(names) == k:
                words = [replace(w, text=n) for w, n in zip(words[:k], names, strict=True)] + words[k:]
                break
    return words


def _segments(words: list[OcrWord], gap_px: float) -> list[list[OcrWord]]:
    """Split one Tesseract line where two words are further apart than ``gap_px``: two columns."""
    segments = [[words[0]]]
    for prev, word in pairwise(words):
        if word.left - prev.right > gap_px:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def layout_lines(words: list[OcrWord], dpi: int) -> list[OcrLine]:
    """Words → output lines, with two-column stretches (header, signature block) read column by column.

    Tesseract reads ``ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI …`` as one line. A line with one wide
    gap starts a two-column region that goes on while no line crosses the gap; the region is
    output as its left column, a blank, then its right column — as a text layer or a Word table
    gives it. Lines with three or more pieces (tables) stay as they are.
    """
    by_line: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.key, []).append(w)
    gap_px = COLUMN_GAP_INCH * dpi
    rows = []
    for key, ws in by_line.items():
        segments = [_fix_digits(t) for seg in _segments(ws, gap_px) if (t := _trim_noise(seg))]
        if segments:
            segments[0] = _fix_words(segments[0])
            rows.append((key, segments))
    out: list[OcrLine] = []
    group = 0

    def emit(segment: list[OcrWord], g: int) -> None:
        confs = [w.confidence for w in segment if w.confidence >= 0]
        out.append(OcrLine(" ".join(w.text for w in segment), g, sum(confs) / len(confs) if confs else 0.0))

    i = 0
    while i < len(rows):
        key, segs = rows[i]
        if len(segs) != 2:
            if out and key[0] != rows[i - 1][0][0]:
                group += 1  # a new Tesseract block: a paragraph boundary
            emit([w for s in segs for w in s], group)
            i += 1
            continue
        boundary = (segs[0][-1].right + segs[1][0].left) / 2
        left: list[list[OcrWord]] = []
        right: list[list[OcrWord]] = []
        j = i
        while j < len(rows):
            _, segs_j = rows[j]
            if len(segs_j) > 2 or any(s[0].left < boundary < s[-1].right for s in segs_j):
                break
            for s in segs_j:
                (left if s[-1].right <= boundary else right).append(s)
            j += 1
        for column in (left, right):
            group += 1
            for s in column:
                emit(s, group)
        group += 1
        i = j
    return out


def ocr_page(pdf_file: Path, page: int, dpi: int, workdir: Path) -> OcrPage:
    """Render one page (1-based) and read it. Raises ReadError E205 on failure or timeout."""
    t0 = time.perf_counter()
    stem = workdir / f"p{page}"
    _run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf_file), str(stem)], page, "pdftoppm"
    )
    ppm, pgm = stem.with_suffix(".ppm"), stem.with_suffix(".pgm")
    if not ppm.is_file():
        raise ReadError(ErrorCode.E205, f"pdftoppm wrote no image for page {page}")
    try:
        _drop_red_ink(ppm, pgm)
    except (OSError, ValueError, MemoryError) as e:
        raise ReadError(ErrorCode.E205, f"page {page} image: {type(e).__name__}") from e
    finally:
        ppm.unlink(missing_ok=True)
    proc = _run(["tesseract", str(pgm), "-", "-l", "vie", "--dpi", str(dpi), "tsv"], page, "tesseract")
    pgm.unlink(missing_ok=True)
    words = parse_tsv(proc.stdout.decode("utf-8", "replace"))
    confs = [w.confidence for w in words if w.confidence >= 0]
    confidence = sum(confs) / len(confs) if confs else 0.0
    return OcrPage(
        page=page, lines=tuple(layout_lines(words, dpi)), confidence=round(confidence, 2), seconds=time.perf_counter() - t0
    )


def _page_sizes(data: bytes, pages: list[int]) -> dict[int, tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return {p: tuple(pdf[p - 1].get_size()) for p in pages}
    finally:
        pdf.close()


def _progress(total: int):
    """A rich progress bar on stderr (stdout carries JSON), only when there is more than one page."""
    if total <= 1:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    if not console.is_terminal:  # a log file or a pipe: no bar (and no stray newline per file)
        return None
    return Progress(
        TextColumn("OCR"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def ocr_pdf_pages(path: Path, data: bytes, pages: list[int], start_index: int = 0) -> tuple[list[Block], tuple[float, ...]]:
    """OCR the given 1-based pages of a PDF: line blocks (indexes from ``start_index``) and per-page confidence.

    Raises :class:`ReadError`: E203 when OCR tools are missing, E204 beyond ``MAX_OCR_PAGES``,
    E205 when a page fails or times out.
    """
    if not pages:
        return [], ()
    missing = missing_ocr_tools()
    if missing:
        raise ReadError(
            ErrorCode.E203, f"{len(pages)} page(s) without text layer; missing {', '.join(missing)}; install: {INSTALL_HINT}"
        )
    if len(pages) > MAX_OCR_PAGES:
        raise ReadError(ErrorCode.E204, f"{len(pages)} scanned pages > OCR limit {MAX_OCR_PAGES}")
    sizes = _page_sizes(data, pages)
    results: dict[int, OcrPage] = {}
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        workdir = Path(tmp)
        pdf_file = workdir / "input.pdf"  # the bytes we hashed, under a name no tool can misread
        pdf_file.write_bytes(data)
        progress = _progress(len(pages))
        task = progress.add_task("ocr", total=len(pages)) if progress else None
        if progress:
            progress.start()
        try:
            with ThreadPoolExecutor(max_workers=min(OCR_JOBS, len(pages))) as pool:
                futures = {p: pool.submit(ocr_page, pdf_file, p, _page_dpi(*sizes[p]), workdir) for p in pages}
                try:
                    for p, fut in futures.items():
                        results[p] = fut.result()
                        if progress:
                            progress.advance(task)
                except BaseException:
                    for f in futures.values():
                        f.cancel()
                    raise
        finally:
            if progress:
                progress.stop()
    blocks: list[Block] = []
    for p in pages:
        previous_group = None
        for line in results[p].lines:
            if previous_group is not None and line.group != previous_group:
                blocks.append(Block.of(text="", kind=BlockKind.blank, index=start_index + len(blocks), page=p))
            blocks.append(Block.of(text=line.text, kind=BlockKind.line, index=start_index + len(blocks), page=p))
            previous_group = line.group
        blocks.append(Block.of(text="", kind=BlockKind.blank, index=start_index + len(blocks), page=p))
    return blocks, tuple(results[p].confidence for p in pages)
