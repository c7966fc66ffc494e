"""The block model every reader produces, and the canonical (normalized) document.

Readers (``pipeline/readers``) turn a file into a :class:`RawDocument`: an ordered list of
:class:`Block` objects (a line of text, a DOCX paragraph, a table cell, a PDF line) with the
layout facts the format knows (page, bold, centered). Normalization (``pipeline/normalize``)
turns that into one :class:`CanonicalDocument` whose ``text`` every extractor reads, with a
:class:`SpanOrigin` map back to the blocks and pages.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

# Version of the canonical document a RawDocument gives (``kehoach.extract.canonical_of``): bump it
# when normalization or the location of the document in a file changes the text for the same blocks.
# Stored beside each raw document: extractors re-run on a stored one only while this is unchanged.
CANONICAL_VERSION = "10"  # 10: Cyrillic look-alikes in Latin words, "Chánh Văn phòng" + its body; 9: a numbered line ending with "," goes on; 5: OCR digits, type-line tones; 6: "cơ quan ngang"; 7: "Điều" + "1. …"; 8: review fixes of 5–7


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _trusted(cls: type[BaseModel], fields_set: set[str], values: dict[str, Any]) -> Any:
    """An instance of ``cls`` from values a reader already made of the right types, without
    validation (what ``model_construct`` does, minus its per-instance copies): every field is in
    ``values``, and the instances share one ``fields_set`` (frozen models never change it;
    ``model_copy`` copies it first). A file of a million lines made a million validated blocks of
    ~1.1 KB each (a 10 MB text of 5 million short lines peaked at 9.3 GB; issue 14); these are
    ~0.4 KB."""
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class SourceFormat(StrEnum):
    pdf = "pdf"
    docx = "docx"
    txt = "txt"
    md = "md"


class BlockKind(StrEnum):
    line = "line"  # one line of a text file or a PDF page
    paragraph = "paragraph"  # a DOCX paragraph
    table_cell = "table_cell"  # text of one cell of a table (DOCX table, `|` cell of a scrape)
    heading = "heading"  # a markdown `#` heading or a DOCX heading style
    rule = "rule"  # a horizontal rule (`-------`, `___`): kept as a separator only
    blank = "blank"  # an empty line: a paragraph boundary in plain text


class Block(Frozen):
    text: str = Field(description="Raw text of the block as the reader found it (markup removed by normalization, not here).")
    kind: BlockKind = Field(description="What the block is in the source format.")
    index: int = Field(description="Position of the block in reading order, from 0.")
    page: int | None = Field(default=None, description="1-based page number (PDF) when known.")
    bold: bool | None = Field(default=None, description="True when the whole block is bold (DOCX runs, PDF fonts, `**…**`).")
    italic: bool | None = Field(default=None, description="True when the whole block is italic.")
    centered: bool | None = Field(default=None, description="True when the block is centered on the page.")
    table: tuple[int, int, int] | None = Field(default=None, description="(table, row, column) for a table cell.")
    heading_level: int | None = Field(
        default=None, description="Markdown `#` count or DOCX heading level, when the source gave one."
    )

    @classmethod
    def of(
        cls,
        text: str,
        kind: BlockKind,
        index: int,
        page: int | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
        centered: bool | None = None,
        table: tuple[int, int, int] | None = None,
        heading_level: int | None = None,
    ) -> Block:
        """A block from a reader's own values (already of the declared types), not validated: the
        equal of ``Block(...)`` at a third of its memory and time (see :func:`_trusted`)."""
        values = {
            "text": text,
            "kind": kind,
            "index": index,
            "page": page,
            "bold": bold,
            "italic": italic,
            "centered": centered,
            "table": table,
            "heading_level": heading_level,
        }
        return _trusted(cls, _BLOCK_FIELDS, values)


_BLOCK_FIELDS = set(Block.model_fields)


class RawDocument(Frozen):
    path: str = Field(description="Path of the file as given.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    format: SourceFormat = Field(description="Format the reader used.")
    blocks: tuple[Block, ...] = Field(description="Blocks in reading order.")
    pages: int | None = Field(default=None, description="Number of pages (PDF), else None.")
    ocr: bool = Field(default=False, description="True when some text came from OCR.")
    ocr_confidence: tuple[float, ...] = Field(default=(), description="Mean OCR confidence (0–100) per OCR'd page.")
    warnings: tuple[str, ...] = Field(default=(), description="Coded notes about the reading (e.g. legacy encoding converted).")


class SpanOrigin(NamedTuple):
    """Where a stretch of the normalized text came from: one per physical line, so a plain tuple
    (72 bytes, not a model's ~1 KB: a file of a million lines has a million of them)."""

    start: int  # start offset in the normalized text
    end: int  # end offset (exclusive) in the normalized text
    block: int  # index of the block this stretch of text came from
    page: int | None = None  # page of that block, when known


class Line(Frozen):
    """One logical line of the normalized text: a paragraph, heading, list item or header line."""

    start: int
    end: int
    text: str
    block: int = Field(description="First block the line came from.")
    bold: bool | None = None
    bold_lead: bool | None = Field(
        default=None,
        description='True when the line opens in bold, also before plain text (a bold label: "**4. Văn phòng Bộ:** Thực hiện …").',
    )
    centered: bool | None = None
    heading_level: int | None = None
    in_table: bool = False

    @classmethod
    def of(
        cls,
        start: int,
        end: int,
        text: str,
        block: int,
        bold: bool | None,
        centered: bool | None,
        heading_level: int | None,
        in_table: bool,
        bold_lead: bool | None = None,
    ) -> Line:
        """A line from normalization's own values, not validated (see :func:`_trusted`)."""
        values = {
            "start": start,
            "end": end,
            "text": text,
            "block": block,
            "bold": bold,
            "bold_lead": bold_lead,
            "centered": centered,
            "heading_level": heading_level,
            "in_table": in_table,
        }
        return _trusted(cls, _LINE_FIELDS, values)


_LINE_FIELDS = set(Line.model_fields)


class DocumentBounds(Frozen):
    """Whether the file holds an official document, and which of its blocks are that document.

    A web page carries the site's banner, catalogue table and footer around the document; they
    are left out of ``text`` (the blocks stay in ``source``, so every offset still maps back)."""

    administrative: bool = Field(
        default=True,
        description="True when the file holds an official (administrative) document; False for a page about "
        "documents (Q&A, news, encyclopedia, template), which gets no header fields.",
    )
    reason: str | None = Field(
        default=None, description="Why, in a few words ('header: motto+number+date+type', 'question page')."
    )
    first_block: int = Field(default=0, description="Index of the first block of the document in `source.blocks`.")
    end_block: int | None = Field(default=None, description="Index of the block after the document's last; None: to the end.")
    removed_before: int = Field(default=0, description="Characters of the page's own text left out before the document.")
    removed_after: int = Field(default=0, description="Characters of the page's footer left out after the document.")


class CanonicalDocument(Frozen):
    """The one text every extractor reads: NFC, one tone style, markup removed, lines re-flowed."""

    source: RawDocument
    text: str = Field(description="Normalized full text; lines separated by a single `\\n`.")
    lines: tuple[Line, ...] = Field(description="Logical lines of `text` with their layout flags.")
    origins: tuple[SpanOrigin, ...] = Field(
        description="Map from stretches of `text` back to blocks/pages (built by normalization, never validated)."
    )
    bounds: DocumentBounds = Field(
        default_factory=DocumentBounds, description="Whether and where the file holds an official document."
    )

    def origin_of(self, offset: int) -> SpanOrigin | None:
        """The block and page an offset of ``text`` came from (binary search over ``origins``)."""
        lo, hi = 0, len(self.origins) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            o = self.origins[mid]
            if offset < o.start:
                hi = mid - 1
            elif offset >= o.end:
                lo = mid + 1
            else:
                return o
        return None
