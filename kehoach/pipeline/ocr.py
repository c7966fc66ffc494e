"""OCR of scanned PDF pages with Tesseract (Vietnamese model). Filled in by issue 6.

Until then a scanned PDF is rejected with E203 and a message saying how to install OCR.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.schemas.document import Block
from kehoach.schemas.errors import ErrorCode, ReadError


def ocr_pdf_pages(path: Path, data: bytes, pages: list[int], start_index: int = 0) -> tuple[list[Block], tuple[float, ...]]:
    raise ReadError(ErrorCode.E203, f"{len(pages)} page(s) without text layer")
