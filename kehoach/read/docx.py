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

from kehoach.read import check_lines
from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # a zip bomb expands far beyond any real plan (images included)
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one XML part; lxml needs ~10× its size in memory. A plan's document.xml is < 5 MB
MAX_COMPRESSION_RATIO = 200  # deflate reaches ~100× on very repetitive XML; only checked on large archives
RATIO_CHECK_FROM_BYTES = 16 * 1024 * 1024  # small archives cannot hurt whatever their ratio
MAX_ENTRIES = 5000  # a Word file has tens of parts; a million-entry zip is an attack on the directory
_CHUNK = 1024 * 1024
# A DTD in any part of a Word package: entity expansion ("billion laughs") or external entities.
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def check_zip(data: bytes) -> None:
    """Refuse archives that are not zips, expand too much, or carry DTDs (entity expansion).

    Sizes declared in the zip directory can lie, so every XML part is really decompressed here,
    in 1 MB steps, stopping as soon as a limit is crossed; the DTD search covers the whole part
    (a DTD may follow a long comment). Cost: a few ms for a real DOCX.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise ReadError(ErrorCode.E102, f"not a zip archive or truncated ({e})") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ReadError(ErrorCode.E103, f"{len(infos)} zip entries > {MAX_ENTRIES}")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total > RATIO_CHECK_FROM_BYTES and total / packed > MAX_COMPRESSION_RATIO):
            raise ReadError(ErrorCode.E103, f"uncompressed {total} bytes from {packed}")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReadError(ErrorCode.E102, "no word/document.xml")
        expanded = 0
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            if info.file_size > MAX_XML_PART_BYTES:
                raise ReadError(ErrorCode.E103, f"{info.filename}: {info.file_size} bytes")
            size, tail = 0, b""
            try:
                with zf.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        size += len(chunk)
                        expanded += len(chunk)
                        if size > MAX_XML_PART_BYTES or expanded > MAX_UNCOMPRESSED_BYTES:
                            raise ReadError(ErrorCode.E103, f"{info.filename} expands beyond its declared size")
                        window = tail + chunk
                        if any(m in window for m in DTD_MARKERS):
                            raise ReadError(ErrorCode.E103, f"DTD in {info.filename}")
                        tail = chunk[-16:]
            except ReadError:
                raise
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as e:
                # bad CRC, truncated member, unsupported compression or an encrypted member
                raise ReadError(ErrorCode.E102, f"{info.filename}: {type(e).__name__}: {e}"[:200]) from e


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rfonts_name(rpr) -> str | None:
    """Font of a run-properties element: ``w:hAnsi`` (used for bytes above 0x7F, where legacy letters are) or ``w:ascii``."""
    if rpr is None:
        return None
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}ascii")


def _style_font(style) -> str | None:
    """Font a (run or paragraph) style gives, following ``basedOn``."""
    seen = 0
    while style is not None and seen < 20:
        name = _rfonts_name(style.element.find(f"{_W}rPr"))
        if name:
            return name
        style, seen = style.base_style, seen + 1
    return None


def _effective_font(run, paragraph_font: str | None, default: str | None) -> str | None:
    return (
        _rfonts_name(run._r.find(f"{_W}rPr"))
        or (_style_font(run.style) if run._r.find(f"{_W}rPr/{_W}rStyle") is not None else None)
        or paragraph_font
        or default
    )


# Run children that carry text, as python-docx reads them, plus the soft hyphen it skips.
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-", f"{_W}softHyphen": "\u00ad"}


def _run_text(r) -> str:
    """Text of a run *with* its soft hyphens: TCVN3's "ư" is byte 0xAD, the soft hyphen, and Word and
    LibreOffice store it as ``<w:softHyphen/>`` — which python-docx drops ("người" would read "ngời")."""
    out = []
    for child in r:
        if child.tag == f"{_W}t":
            out.append(child.text or "")
        elif child.tag in _RUN_TEXT:
            out.append(_RUN_TEXT[child.tag])
    return "".join(out)


def _legacy_text(p, style, default_font: str | None) -> str | None:
    """Paragraph text with runs in TCVN3/VNI fonts (``.VnTime``, ``.VnTimeH``, ``VNI-Times``) converted; None if none."""
    from docx.text.run import Run

    from kehoach.read.legacy_encoding import convert_font_text

    paragraph_font = _style_font(style)
    parts, converted = [], False
    for r in p._p.iter(f"{_W}r"):
        run = Run(r, p)
        text = _run_text(r) if r.find(f"{_W}softHyphen") is not None else run.text
        new = convert_font_text(text, _effective_font(run, paragraph_font, default_font)) if text.strip() else None
        converted = converted or (new is not None and new != text)
        parts.append(new if new is not None else text)
    return "".join(parts) if converted else None


def _default_font(document) -> str | None:
    """The document-wide default font (``w:docDefaults``), which plain runs inherit."""
    try:
        styles = document.styles.element
    except Exception:  # python-docx raises many types on odd packages
        return None
    return _rfonts_name(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))


class _Styles:
    """Paragraph styles by id, looked up once (python-docx's ``p.style`` searches the styles part: ~5 ms a call)."""

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {}
        self.default = None
        try:
            for style in document.styles:
                if style.type == WD_STYLE_TYPE.PARAGRAPH:
                    self.by_id[style.style_id] = style
            self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        except Exception:  # odd styles part: fall back to python-docx per paragraph
            self.by_id = {}
        self.font = _default_font(document)

    def of(self, p):
        if not self.by_id:
            return p.style
        ppr = p._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return self.by_id.get(style_id, self.default) if style_id else self.default


def _paragraph_block(p, index: int, table: tuple[int, int, int] | None, styles: _Styles | None = None) -> Block | None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    text = p.text
    if not text.strip():
        return Block.of(text="", kind=BlockKind.blank, index=index, table=table)
    style = styles.of(p) if styles is not None else p.style
    text = _legacy_text(p, style, styles.font if styles is not None else None) or text
    runs = [r for r in p.runs if r.text.strip()]
    style_bold = bool(style is not None and style.font is not None and style.font.bold)
    bold = bool(runs) and all((r.bold if r.bold is not None else style_bold) for r in runs)
    italic = bool(runs) and all(bool(r.italic) for r in runs)
    centered = p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    level = None
    style_name = (style.name if style is not None else "") or ""
    if style_name.lower().startswith("heading"):
        digits = "".join(ch for ch in style_name if ch.isdigit())
        level = int(digits) if digits else 1
    kind = BlockKind.table_cell if table else (BlockKind.heading if level else BlockKind.paragraph)
    return Block.of(
        text=text, kind=kind, index=index, bold=bold, italic=italic, centered=centered, table=table, heading_level=level
    )


def read_docx(path: Path, data: bytes, sha256: str) -> RawDocument:
    check_zip(data)
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types on broken packages
        raise ReadError(ErrorCode.E102, f"{type(e).__name__}: {e}"[:200]) from e

    blocks: list[Block] = []
    table_no = 0
    styles = _Styles(document)

    def walk(parent_el, parent, table: tuple[int, int, int] | None) -> None:
        nonlocal table_no
        for el in parent_el.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "p":
                b = _paragraph_block(Paragraph(el, parent), len(blocks), table, styles)
                if b is not None:
                    blocks.append(b)
                    check_lines(len(blocks))  # E013 with the blank blocks that close table cells
            elif tag == "tbl":
                t = Table(el, parent)
                this = table_no
                table_no += 1
                for r, tr in enumerate(el.iterchildren(f"{_W}tr")):
                    c = 0  # the cell's first column of the layout grid
                    for tc in tr.iterchildren(f"{_W}tc"):
                        # A cell spanning columns is read once, at its first column; the rows below a
                        # vertically merged cell ("continue") hold nothing of their own: it is read once,
                        # in its first row, as Word shows it. (python-docx's row.cells walks every
                        # "continue" back up to its first row, for every row: a 48 KB table of 3000 merged
                        # rows took over 15 minutes; issue 14.)
                        if tc.vMerge != "continue":
                            walk(tc, _Cell(tc, t), (this, r, c))
                            blocks.append(Block.of(text="", kind=BlockKind.blank, index=len(blocks), table=(this, r, c)))
                        c += tc.grid_span
            elif tag == "sdt":  # content controls wrap paragraphs
                content = el.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    walk(content, parent, table)

    body = document.element.body
    check_lines(sum(1 for _ in body.iter(f"{_W}p")))  # E013 before any block is built (paragraphs, cells' included)
    try:
        walk(body, document, None)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError) as e:  # odd XML python-docx does not expect
        raise ReadError(ErrorCode.E102, f"{type(e).__name__}: {e}"[:200]) from e
    if not any(b.text.strip() for b in blocks):
        raise ReadError(ErrorCode.E101)
    return RawDocument(path=str(path), sha256=sha256, format=SourceFormat.docx, blocks=tuple(blocks))
