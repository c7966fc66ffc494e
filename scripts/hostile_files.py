"""Build the large hostile inputs of issue 14 at run time (no committed binaries): shared by the
tests (tests/test_quadratic.py) and the benchmark (scripts/bench_hostile.py, ``make bench-hostile``).

- :func:`one_line_txt`: real Vietnamese plan text with every line break replaced by a space,
  repeated to ``size`` bytes (one line of 20 MB: the old unit finder and hard-break pattern
  rescanned the line at every match);
- :func:`long_paragraph_docx`: the same text as one DOCX paragraph (one run, or many runs);
- :func:`long_plan_txt`: an ordinary plan repeated (each part with its own TỔ CHỨC THỰC HIỆN):
  the responsibilities extractor scanned every line for every part (quadratic);
- :func:`merged_table_docx`: a 3000 × 10 table whose first column is one vertically merged cell,
  with horizontal spans and short vertical merges elsewhere (≈ 48 KB zipped; python-docx walked
  every vertical merge back to its first row, for every row).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "004_fe60389e95cd08d1.txt"  # a district plan: units, dates, bullets


def plan_text() -> str:
    return SEED.read_text(encoding="utf-8")


def one_line_text(size: int) -> str:
    """``size`` characters (about) of real plan text on one line."""
    line = " ".join(plan_text().split("\n")) + " "
    return (line * (size // len(line) + 1))[:size]


def one_line_txt(path: Path, size: int) -> Path:
    """A TXT of ``size`` bytes (UTF-8) holding one line of plan text."""
    data = one_line_text(size).encode("utf-8")[:size]
    path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def write_docx(path: Path, body: str) -> Path:
    """A minimal valid Word package around ``body`` (the children of w:body)."""
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
    path.write_bytes(buf.getvalue())
    return path


def long_paragraph_docx(path: Path, size: int, runs: int = 1) -> Path:
    """A heading paragraph, then one paragraph of ``size`` characters split into ``runs`` runs."""
    text = one_line_text(size)
    step = max(1, len(text) // runs)
    pieces = [text[i : i + step] for i in range(0, len(text), step)]
    body = "".join(f'<w:r><w:t xml:space="preserve">{_esc(p)}</w:t></w:r>' for p in pieces)
    return write_docx(path, _p("KẾ HOẠCH") + f"<w:p>{body}</w:p>")


def merged_table_docx(path: Path, rows: int = 3000, cols: int = 10) -> Path:
    """A plan heading and a ``rows`` × ``cols`` task table: column 0 one vertical merge over every
    row, columns 1–2 one horizontal span, column 5 merged vertically in blocks of 10 rows."""
    grid = "".join('<w:gridCol w:w="900"/>' for _ in range(cols))
    trs = []
    for r in range(rows):
        tcs = []
        first = r == 0
        tcs.append(
            f'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{_p("Ủy ban nhân dân xã Minh Tâm")}</w:tc>'
            if first
            else "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        )
        tcs.append(f'<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{_p(f"Nhiệm vụ {r + 1}")}</w:tc>')
        for c in range(3, cols):
            if c == 5 and r % 10:
                tcs.append("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>")
            elif c == 5:
                tcs.append(f'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{_p("Quý IV/2025")}</w:tc>')
            else:
                tcs.append(f"<w:tc>{_p(str(r * cols + c))}</w:tc>")
        trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    table = f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>"
    return write_docx(path, _p("KẾ HOẠCH") + _p("Triển khai nhiệm vụ năm 2025") + table)


def many_lines_txt(path: Path, lines: int) -> Path:
    """``lines`` short lines with no sentence end ("a" on each: a 10 MB text of 5 million lines); re-flow
    joins them into one paragraph."""
    path.write_text("KẾ HOẠCH\n" + "a\n" * lines, encoding="utf-8")
    return path


LONG_PLAN = ROOT / "samples" / "001_6d58870f64ef3d31.txt"  # a plan whose parts each assign tasks to units


def long_plan_txt(path: Path, copies: int) -> Path:
    """``copies`` copies of a plan one after another (300: 2 MB), each copy's year changed."""
    body = LONG_PLAN.read_text(encoding="utf-8")
    path.write_text("\n".join(body.replace("2024", str(2000 + i % 25)) for i in range(copies)), encoding="utf-8")
    return path
