"""Plain text and Markdown (web scrapes) → blocks, one block per line.

Handles what real files carry: UTF-8 with or without BOM, UTF-16 and UTF-32 with or without BOM
(Notepad's "Unicode"), Windows-1258 and
the pre-Unicode TCVN3/VNI encodings (through ``pipeline.legacy_encoding``), CRLF line ends.
Markup (``**``, ``#``, ``|`` cells, ``-------`` rules) is *not* removed here: normalization
does that in one place. Here we only mark what each line is (blank, rule, heading, table cell).
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.read import check_lines
from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError

MAX_TEXT_BYTES = 20 * 1024 * 1024  # ~10,000 pages of text: a log or a dump, not a plan; re-flow cost grows with it

# A horizontal rule of a scrape or a Word export: `-------`, `___`, `***`, `===`.
RULE_RE = re.compile(r"^\s*(?:[-_=*]\s*){3,}$")
# A markdown heading: `## **I. MỤC ĐÍCH**`.
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+")
# A line that is only a table-cell separator of a scraped header: `|`, `| |`.
PIPE_ONLY_RE = re.compile(r"^\s*\|(?:\s*\|)*\s*$")
# The line breaks of a text file (and the separators Word and web pages use).
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n|\f|\u2028|\u2029")
BOLD_LINE_RE = re.compile(r"\*\*.+\*\*")


def count_lines(text: str) -> int:
    """How many lines ``LINE_BREAK_RE.split(text)`` gives, without making them."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + text.count("\f") + text.count("\u2028") + text.count("\u2029") + 1


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes to str; returns (text, warnings). Raises E301/E302."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    wide = wide_encoding(data)
    if wide is not None:
        encoding, bom = wide
        body = data[len(bom) :]
        unit = 4 if "32" in encoding else 2
        if len(body) % unit:  # cut inside its last letter (still being copied)
            body = body[: len(body) - len(body) % unit]
            warnings.append(f"W303 truncated {encoding.upper()} letter at the end dropped")
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as e:
            raise ReadError(ErrorCode.E301, f"{encoding}: {e}") from e
        return _checked(text), warnings
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
    return _checked(text), warnings


def _checked(text: str) -> str:
    """``text`` unless it is mostly control characters (binary data under a text name: E302)."""
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if text and control / min(len(text), 20000) > 0.05:
        raise ReadError(ErrorCode.E302, "control characters: binary data")
    return text


# Byte-order marks, UTF-32 first: its little-endian mark starts with UTF-16's.
BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def wide_encoding(data: bytes) -> tuple[str, bytes] | None:
    """(encoding, its BOM or b"") of UTF-16/UTF-32 text, with or without a BOM; None for anything else.

    Without a BOM the NUL bytes tell: Vietnamese text is mostly ASCII letters and spaces, so in UTF-16
    every other byte is NUL (the high byte, after the letter in little-endian), and in UTF-32 the two
    high bytes of every four are NUL (the letters with marks, U+1EA0–U+1EF9, only fill the second)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, bom
    sample = data[:4096]
    if b"\x00" not in sample or len(sample) < 8:
        return None
    n4 = len(sample) // 4
    z4 = [sum(1 for i in range(k, n4 * 4, 4) if sample[i] == 0) for k in range(4)]
    if z4[2] == n4 and z4[3] == n4 and z4[0] < n4 // 2:
        return "utf-32-le", b""
    if z4[0] == n4 and z4[1] == n4 and z4[3] < n4 // 2:
        return "utf-32-be", b""
    n2 = len(sample) // 2
    even, odd = z4[0] + z4[2], z4[1] + z4[3]
    if odd >= 0.3 * n2 and even <= 0.02 * n2:
        return "utf-16-le", b""
    if even >= 0.3 * n2 and odd <= 0.02 * n2:
        return "utf-16-be", b""
    return None


def read_text(path: Path, data: bytes, sha256: str) -> RawDocument:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(ErrorCode.E004, f"text file of {len(data)} bytes > {MAX_TEXT_BYTES}")
    text, warnings = decode_text(data)
    if not text.strip():
        raise ReadError(ErrorCode.E003, "only whitespace")
    fmt = SourceFormat.md if path.suffix.lower() in {".md", ".markdown"} else SourceFormat.txt
    check_lines(count_lines(text))  # before a block is built (E013)
    blocks = []
    for i, raw in enumerate(LINE_BREAK_RE.split(text)):
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
        bold = bool(BOLD_LINE_RE.fullmatch(stripped.lstrip("#").strip())) or None
        blocks.append(Block.of(text=line, kind=kind, index=i, bold=bold, heading_level=level))
    return RawDocument(path=str(path), sha256=sha256, format=fmt, blocks=tuple(blocks), warnings=tuple(warnings))
