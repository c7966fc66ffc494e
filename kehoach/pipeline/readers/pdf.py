"""PDF → blocks: text through pypdfium2 (fast and exact), one block per line, pages kept.

pypdfium2 gives `\\r\\n` line ends and U+FFFE where a hyphen falls at a line end; both are fixed
here. Bold comes from pdfium's font weight of each line's characters (no pdfplumber pass over
every page: it is 50× slower; see TECH-NOTES). A page with almost no text is a scanned page:
it goes to OCR (``pipeline.ocr``) when Tesseract is installed, else the file is rejected E203.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_PAGES = 300  # a plan has a few pages; a 500-page PDF is an archive, not a plan
MIN_TEXT_CHARS_PER_PAGE = 20  # fewer characters than this on a page: a scan


def _line_flags(textpage, start: int, count: int, pdfium_c) -> tuple[bool, bool]:
    """(bold, centered-unknown) for the characters [start, start+count) of a text page."""
    heavy = light = 0
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for i in range(start, start + count, max(1, count // 8)):
        weight = pdfium_c.FPDFText_GetFontWeight(textpage, i)
        n = pdfium_c.FPDFText_GetFontInfo(textpage, i, buf, 128, ctypes.byref(flags))
        name = buf.raw[: max(0, n - 1)].decode("latin-1", "replace") if n else ""
        if weight >= 600 or "Bold" in name or "bold" in name:
            heavy += 1
        elif weight > 0 or name:
            light += 1
    return heavy > 0 and light == 0, False


def read_pdf(path: Path, data: bytes, sha256: str) -> RawDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data.lstrip()[:8].startswith(b"%PDF"):
        raise ReadError(ErrorCode.E201, "no %PDF header")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise ReadError(ErrorCode.E202) from e
        raise ReadError(ErrorCode.E201, msg) from e
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError(ErrorCode.E201, "no pages")
        if n_pages > MAX_PAGES:
            raise ReadError(ErrorCode.E204, f"{n_pages} pages > {MAX_PAGES}")
        blocks: list[Block] = []
        scanned_pages: list[int] = []
        for page_no in range(n_pages):
            page = pdf[page_no]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
                scanned_pages.append(page_no + 1)
                continue
            pos = 0
            raw_text = text
            for line in raw_text.split("\n"):
                count = len(line) + 1
                clean = line.rstrip("\r").replace("\ufffe", "-").replace("\x02", "-")
                if clean.strip():
                    bold, _ = _line_flags(textpage.raw, pos, max(1, len(clean)), pdfium_c)
                    blocks.append(Block(text=clean, kind=BlockKind.line, index=len(blocks), page=page_no + 1, bold=bold))
                pos += count
            blocks.append(Block(text="", kind=BlockKind.blank, index=len(blocks), page=page_no + 1))
        ocr = False
        confidence: tuple[float, ...] = ()
        if scanned_pages:
            if len(scanned_pages) == n_pages or sum(1 for b in blocks if b.text) < 3:
                from kehoach.pipeline.ocr import ocr_pdf_pages

                ocr_blocks, confidence = ocr_pdf_pages(path, data, scanned_pages, start_index=len(blocks))
                blocks = _merge_pages(blocks, ocr_blocks)
                ocr = True
        if not any(b.text.strip() for b in blocks):
            raise ReadError(ErrorCode.E203)
        return RawDocument(
            path=str(path), sha256=sha256, format=SourceFormat.pdf, blocks=tuple(blocks), pages=n_pages,
            ocr=ocr, ocr_confidence=confidence,
        )
    finally:
        pdf.close()


def _merge_pages(text_blocks: list[Block], ocr_blocks: list[Block]) -> list[Block]:
    merged = sorted(text_blocks + ocr_blocks, key=lambda b: (b.page or 0, b.index))
    return [b.model_copy(update={"index": i}) for i, b in enumerate(merged)]
