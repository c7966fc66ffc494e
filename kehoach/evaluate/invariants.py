"""Invariants every extraction must keep, on any page, labelled or not.

- provenance: every item with a span quotes the text exactly (``text[start:end] == value``), sections
  sit in bounds and inside their parent, headings quote the text;
- the "Số:" line: a document whose header prints ``Số: 123/KH-UBND`` (or ``Số:`` with the number on
  the next line) yields that number; ``Số: /KH-UBND`` (left blank) may yield null;
- a page kehoach decides is not an administrative document yields no number, signer or issuer.

The patterns here are the evaluation's own, written independently of the extractors on purpose:
an evaluation that reused the extractor's regex could not see where that regex fails.
"""

from __future__ import annotations

import re

from kehoach.schemas.contract import Extraction, Section

# "Số: 5348/CT-CS", "**Số:** 12/KH-UBND", "Số:" alone — but not the website's "Số hiệu:" or "Số công báo:".
SO_LINE_RE = re.compile(r"^[\W_]*Số\s*:\s*(?P<rest>.*)$")
# A printed number (not a blank one): digits, then "/" or "-" and the ký hiệu ("12/KH-UBND", "84/2025/QĐ-UBND", "221-KL/TW").
PRINTED_NUMBER_RE = re.compile(r"^[\W_]*\d[\d.]*\s*[/-]\s*(?:\d{4}\s*/\s*)?[A-ZĐ]")
# How far into the text a header's "Số:" line can sit: after a website's banner and catalogue table.
HEADER_LINES = 150
# Warnings from reading a file (README: W104, W203, W301–W304); any other W-code is a decision about the document.
READING_WARNINGS = frozenset({"W104", "W203", "W301", "W302", "W303", "W304"})


def short(s: str | None, width: int = 70) -> str:
    """One-line, clipped form of a value or a line for a report (None → "null")."""
    if s is None:
        return "null"
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def provenance_violations(x: Extraction) -> list[str]:
    """Every broken span, as ``where: what`` lines (empty when the provenance rule holds)."""
    text, out = x.text, []

    def quote(where: str, start: int | None, end: int | None, value: str) -> None:
        if start is None or end is None:
            return
        if not 0 <= start <= end <= len(text):
            out.append(f"{where} span [{start}:{end}] out of bounds (len {len(text)})")
        elif text[start:end] != value:
            out.append(f'{where} text[{start}:{end}]="{short(text[start:end], 30)}" ≠ "{short(value, 30)}"')

    for key in ("citations", "deadlines", "responsibilities"):
        for i, item in enumerate(getattr(x, key)):
            quote(f"{key}[{i}]", item.start, item.end, item.text)
    for i, c in enumerate(x.criteria):
        quote(f"criteria[{i}]", c.start, c.end, c.text)
    for i, c in enumerate(x.campaigns):
        quote(f"campaigns[{i}]", c.start, c.end, c.name)
    for name, span in (("issuer.evidence", x.issuer.evidence), ("parent.evidence", x.parent.evidence if x.parent else None)):
        if span is not None:
            quote(name, span.start, span.end, span.text)
    _check_sections(x.sections, None, len(text), text, out, quote)
    return out


def _check_sections(sections: list[Section], parent: Section | None, n: int, text: str, out: list[str], quote) -> None:
    for s in sections:
        where = f"section {s.number or '-'} {short(s.heading, 30)!r}"
        if not 0 <= s.start <= s.heading_start <= s.heading_end <= s.end <= n:
            out.append(f"{where} span [{s.start}:{s.end}] heading [{s.heading_start}:{s.heading_end}] out of bounds (len {n})")
        elif text[s.heading_start : s.heading_end] != s.heading:
            out.append(f"{where} heading does not quote the text")
        if parent is not None and not (parent.start <= s.start and s.end <= parent.end):
            out.append(f"{where} [{s.start}:{s.end}] outside its parent [{parent.start}:{parent.end}]")
        for i, it in enumerate(s.items):
            quote(f"{where} items[{i}]", it.start, it.end, it.text)
        _check_sections(s.children, s, n, text, out, quote)


def printed_number_line(text: str) -> tuple[int, str] | None:
    """The header's "Số:" line when a number is printed on it or on the line after (1-based line number, line).

    None when there is no "Số:" line in the first lines, or when its number is left blank (``Số: /KH-UBND``).
    """
    lines = text.split("\n")
    for i, line in enumerate(lines[:HEADER_LINES]):
        m = SO_LINE_RE.match(line)
        if not m:
            continue
        rest = m.group("rest").strip()
        if rest:
            return (i + 1, line) if PRINTED_NUMBER_RE.match(rest) else None
        nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        if nxt is not None and PRINTED_NUMBER_RE.match(lines[nxt]):
            return nxt + 1, f"{line.strip()} ⏎ {lines[nxt].strip()}"
        return None
    return None


def number_line_violation(x: Extraction) -> str | None:
    """A printed "Số: 123/…" line in the header but number null."""
    if x.number is not None:
        return None
    found = printed_number_line(x.text)
    if found is None:
        return None
    line_no, line = found
    return f'"Số:" line L{line_no} "{short(line)}" but number null'


def decision_warnings(warnings: list[str]) -> list[str]:
    """W-codes that are decisions about the document (not notes from reading the file)."""
    codes = [w.split(" ", 1)[0] for w in warnings]
    return [c for c in codes if c.startswith("W") and c not in READING_WARNINGS]


def admin_fields(number: str | None, signer: str | None, issuer: dict) -> list[str]:
    """Which of number, signer, issuer a page got (what a non-administrative page must not get)."""
    got = []
    if number:
        got.append("number")
    if signer:
        got.append("signer")
    if issuer.get("name") or issuer.get("place"):
        got.append("issuer")
    return got
