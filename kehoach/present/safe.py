"""Text from documents made safe for the people and programs that read our outputs.

Document text is data, never code, wherever it lands:

- **HTML**: Jinja autoescapes every value; :func:`clean_text` also removes control characters
  (a BEL ``\\x07`` in a title is invalid in HTML and XML, and crashed the Excel writer).
- **Excel**: a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` would become a live formula
  (``=HYPERLINK(…)`` turned into a link). Cells are written as typed *strings* (XlsxWriter's
  ``write_string``, never ``write``) with Excel's quote prefix, so "- Triển khai …" stays exactly as written and is never
  evaluated, even after the user edits the cell.
- **CSV** has no types: a cell that starts like a formula (also after a leading tab, CR or LF) gets
  a leading apostrophe, as OWASP recommends for files meant to be opened in a spreadsheet.
"""

from __future__ import annotations

import re

# C0 controls except tab/newline/CR, DEL, C1 controls, and the two non-characters XML forbids
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# a spreadsheet reads these first characters as the start of a formula (after any leading blanks)
FORMULA_START_RE = re.compile(r"^[\t\r\n ]*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def clean_text(value: str) -> str:
    """``value`` without control characters (tabs and line breaks kept)."""
    return CONTROL_RE.sub("", value)


def looks_like_formula(value: str) -> bool:
    return bool(FORMULA_START_RE.match(value)) or value[:1] in ("\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell for a spreadsheet: control characters removed, formula-like text neutralized."""
    value = clean_text(value)
    return "'" + value if value and looks_like_formula(value) else value


EXCEL_MAX_CELL = 32_767  # characters Excel keeps in one cell (a longer one makes it "repair" the file)


def excel_string(value: str) -> str:
    """Document text for an Excel cell: control characters removed, cut at Excel's limit (written as
    a string, with the quote prefix when :func:`looks_like_formula`)."""
    value = clean_text(value)
    return value[: EXCEL_MAX_CELL - 1] + "…" if len(value) > EXCEL_MAX_CELL else value
