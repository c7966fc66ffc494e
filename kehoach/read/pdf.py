"""PDF → blocks: text through pypdfium2 (fast and exact), one block per line, pages kept.

pypdfium2 gives `\\r\\n` line ends and U+FFFE where a hyphen falls at a line end; both are fixed
here. Bold comes from pdfium's font weight of each line's characters (no pdfplumber pass over
every page: it is 50× slower; see TECH-NOTES). A page with almost no text is a scanned page:
it goes to OCR (``pipeline.ocr``) when Tesseract is installed, else the file is rejected E203.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from kehoach.read import check_lines
from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_PAGES = 300  # a plan has a few pages; a 500-page PDF is an archive, not a plan
MIN_TEXT_CHARS_PER_PAGE = 20  # fewer characters than this on a page: a scan
EOF_TAIL_BYTES = 4096  # "%%EOF" must sit near the end (Acrobat looks in the last 1 KB); else the file is cut short


def _has_content(page, pdfium_c) -> bool:
    """Does a page draw anything (image, path, text)? Blank pages need no OCR."""
    return pdfium_c.FPDFPage_CountObjects(page.raw) > 0


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

    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise ReadError(ErrorCode.E201, "no %PDF header")
    if b"%%EOF" not in data[-EOF_TAIL_BYTES:]:
        # A file still being copied, or a download cut short: pdfium would "repair" it and read
        # the first pages only. Refuse instead of storing half a document.
        raise ReadError(ErrorCode.E201, "truncated: no %%EOF marker at the end")
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
        blank_pages = 0
        warnings: list[str] = []
        for page_no in range(n_pages):
            page = pdf[page_no]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
                if _has_content(page, pdfium_c):
                    scanned_pages.append(page_no + 1)
                else:
                    blank_pages += 1
                continue
            pos = 0
            raw_text = text
            for line in raw_text.split("\n"):
                count = len(line) + 1
                clean = line.rstrip("\r").replace("\ufffe", "-").replace("\x02", "-")
                if clean.strip():
                    bold, _ = _line_flags(textpage.raw, pos, max(1, len(clean)), pdfium_c)
                    blocks.append(Block.of(text=clean, kind=BlockKind.line, index=len(blocks), page=page_no + 1, bold=bold))
                pos += count
            blocks.append(Block.of(text="", kind=BlockKind.blank, index=len(blocks), page=page_no + 1))
            check_lines(len(blocks))  # E013
        ocr = False
        confidence: tuple[float, ...] = ()
        if not scanned_pages and blank_pages == n_pages:
            raise ReadError(ErrorCode.E206, f"{n_pages} blank page(s)")
        if scanned_pages:
            from kehoach.read.ocr import missing_ocr_tools, ocr_pdf_pages

            has_text = sum(1 for b in blocks if b.text) >= 3
            if has_text and missing_ocr_tools():
                # A text PDF with a few scanned pages (a signed annex): keep the text, say what is missing.
                warnings.append(f"W203 {len(scanned_pages)} page(s) without text layer not read: OCR unavailable")
            else:
                ocr_blocks, confidence = ocr_pdf_pages(path, data, scanned_pages, start_index=len(blocks))
                blocks = _merge_pages(blocks, ocr_blocks)
                ocr = True
        if not any(b.text.strip() for b in blocks):
            raise ReadError(ErrorCode.E203, "OCR found no text") if ocr else ReadError(ErrorCode.E203)
        return RawDocument(
            path=str(path),
            sha256=sha256,
            format=SourceFormat.pdf,
            blocks=tuple(blocks),
            pages=n_pages,
            ocr=ocr,
            ocr_confidence=confidence,
            warnings=tuple(warnings),
        )
    except pdfium.PdfiumError as e:  # a page that fails to load or parse mid-way
        raise ReadError(ErrorCode.E201, str(e)) from e
    finally:
        pdf.close()


def _merge_pages(text_blocks: list[Block], ocr_blocks: list[Block]) -> list[Block]:
    merged = sorted(text_blocks + ocr_blocks, key=lambda b: (b.page or 0, b.index))
    return [b.model_copy(update={"index": i}) for i, b in enumerate(merged)]
