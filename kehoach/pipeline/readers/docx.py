"""DOCX → blocks with python-docx: paragraphs *and tables* in body order.

Real Vietnamese Word files put the header (agency | motto, number | place and date) and the
signature block (Nơi nhận | signer) in two-column tables, so tables are read cell by cell, row
by row, in the order they sit in the body. Bold comes from runs (or the paragraph style),
centering from the paragraph alignment.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # a zip bomb expands far beyond any real plan
MAX_COMPRESSION_RATIO = 200


def check_zip(data: bytes) -> None:
    """Refuse archives that are not zips, expand too much, or carry DTDs (entity expansion)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise ReadError(ErrorCode.E102, "not a zip archive") from e
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
            raise ReadError(ErrorCode.E103, f"uncompressed {total} bytes from {packed}")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReadError(ErrorCode.E102, "no word/document.xml")
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                head = zf.read(name)[:4096]
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ReadError(ErrorCode.E103, f"DTD in {name}")


def _paragraph_block(p, index: int, table: tuple[int, int, int] | None) -> Block | None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    text = p.text
    if not text.strip():
        return Block(text="", kind=BlockKind.blank, index=index, table=table)
    runs = [r for r in p.runs if r.text.strip()]
    style_bold = bool(p.style is not None and p.style.font is not None and p.style.font.bold)
    bold = bool(runs) and all((r.bold if r.bold is not None else style_bold) for r in runs)
    italic = bool(runs) and all(bool(r.italic) for r in runs)
    centered = p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    level = None
    style_name = (p.style.name if p.style is not None else "") or ""
    if style_name.lower().startswith("heading"):
        digits = "".join(ch for ch in style_name if ch.isdigit())
        level = int(digits) if digits else 1
    kind = BlockKind.table_cell if table else (BlockKind.heading if level else BlockKind.paragraph)
    return Block(text=text, kind=kind, index=index, bold=bold, italic=italic, centered=centered, table=table, heading_level=level)


def read_docx(path: Path, data: bytes, sha256: str) -> RawDocument:
    check_zip(data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types on broken packages
        raise ReadError(ErrorCode.E102, type(e).__name__) from e

    blocks: list[Block] = []
    table_no = 0

    def walk(parent_el, parent, table: tuple[int, int, int] | None) -> None:
        nonlocal table_no
        for el in parent_el.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "p":
                b = _paragraph_block(Paragraph(el, parent), len(blocks), table)
                if b is not None:
                    blocks.append(b)
            elif tag == "tbl":
                t = Table(el, parent)
                this = table_no
                table_no += 1
                for r, row in enumerate(t.rows):
                    seen = set()
                    for c, cell in enumerate(row.cells):
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell._tc, cell, (this, r, c))
                        blocks.append(Block(text="", kind=BlockKind.blank, index=len(blocks), table=(this, r, c)))
            elif tag == "sdt":  # content controls wrap paragraphs
                content = el.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    walk(content, parent, table)

    walk(document.element.body, document, None)
    if not any(b.text.strip() for b in blocks):
        raise ReadError(ErrorCode.E101)
    return RawDocument(path=str(path), sha256=sha256, format=SourceFormat.docx, blocks=tuple(blocks))
