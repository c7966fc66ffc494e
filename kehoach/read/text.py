"""Plain text and Markdown (web scrapes) → blocks, one block per line.

Handles what real files carry: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258 and
the pre-Unicode TCVN3/VNI encodings (through ``pipeline.legacy_encoding``), CRLF line ends.
Markup (``**``, ``#``, ``|`` cells, ``-------`` rules) is *not* removed here: normalization
does that in one place. Here we only mark what each line is (blank, rule, heading, table cell).
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_TEXT_BYTES = 20 * 1024 * 1024  # ~10,000 pages of text: a log or a dump, not a plan; re-flow cost grows with it

# A horizontal rule of a scrape or a Word export: `-------`, `___`, `***`, `===`.
RULE_RE = re.compile(r"^\s*(?:[-_=*]\s*){3,}$")
# A markdown heading: `## **I. MỤC ĐÍCH**`.
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+")
# A line that is only a table-cell separator of a scraped header: `|`, `| |`.
PIPE_ONLY_RE = re.compile(r"^\s*\|(?:\s*\|)*\s*$")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to str; returns (text, warnings). Raises E301/E302."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError as e:
            raise ReadError(ErrorCode.E301, str(e)) from e
    if b"\x00" in data[:4096]:
        raise ReadError(ErrorCode.E302, "NUL bytes: binary data")
    from kehoach.read.legacy_encoding import convert_legacy_text, detect_legacy, windows_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text = None
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            try:  # a file cut inside its last multi-byte letter (still being copied, truncated download)
                text = data[: e.start].decode("utf-8")
                warnings.append("W303 truncated UTF-8 sequence at the end dropped")
            except UnicodeDecodeError:
                text = None
    if text is None:
        # Not UTF-8: an old editor's bytes. TCVN3/VNI are keyed on the cp1252 view of the bytes;
        # anything else is taken as Windows-1258 (Vietnamese Windows' own code page).
        text = windows_text(data)
        if detect_legacy(text) is None:
            try:
                text = data.decode("cp1258")
                warnings.append("W301 decoded as Windows-1258")
            except UnicodeDecodeError:  # bytes cp1258 leaves undefined (0x81, 0x8A, …): keep the cp1252 view
                warnings.append("W301 decoded as Windows-1252")
    text, legacy = convert_legacy_text(text)
    if legacy:
        warnings.append(f"W302 converted from {legacy} to Unicode")
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if text and control / min(len(text), 20000) > 0.05:
        raise ReadError(ErrorCode.E302, "control characters: binary data")
    return text, warnings


def read_text(path: Path, data: bytes, sha256: str) -> RawDocument:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(ErrorCode.E004, f"text file of {len(data)} bytes > {MAX_TEXT_BYTES}")
    text, warnings = decode_text(data)
    if not text.strip():
        raise ReadError(ErrorCode.E003, "only whitespace")
    fmt = SourceFormat.md if path.suffix.lower() in {".md", ".markdown"} else SourceFormat.txt
    blocks = []
    for i, raw in enumerate(re.split(r"\r\n|\r|\n|\f|\u2028|\u2029", text)):
        line = raw.rstrip("\r")
        if not line.strip() or PIPE_ONLY_RE.match(line):
            kind = BlockKind.blank
        elif RULE_RE.match(line):
            kind = BlockKind.rule
        elif MD_HEADING_RE.match(line):
            kind = BlockKind.heading
        elif line.lstrip().startswith("|") or line.rstrip().endswith("|"):
            kind = BlockKind.table_cell
        else:
            kind = BlockKind.line
        level = None
        if kind is BlockKind.heading:
            level = len(MD_HEADING_RE.match(line).group(1))
        stripped = line.strip()
        bold = bool(re.fullmatch(r"\*\*.+\*\*", stripped.lstrip("#").strip())) or None
        blocks.append(Block(text=line, kind=kind, index=i, bold=bold, heading_level=level))
    return RawDocument(path=str(path), sha256=sha256, format=fmt, blocks=tuple(blocks), warnings=tuple(warnings))
