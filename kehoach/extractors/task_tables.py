"""Task tables: the appendix tables that assign tasks ("Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian").

Plans, decisions and công văn often end with a PHỤ LỤC listing every task with the body that leads it
and its time limit. ANNOTATION.md counts them: a row's "Cơ quan chủ trì" is an actor, its "Thời gian"
cell a deadline. Examples (corpus and trove):

- ``STT | NHIỆM VỤ VÀ GIẢI PHÁP | CHỦ TRÌ | PHỐI HỢP | THỜI GIAN`` then rows ``1 | Rà soát … | Sở Tài chính |
  Sở, ban, ngành có liên quan | Thường xuyên`` (a provincial plan);
- ``TT | Nội dung/nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện`` with cells
  ``Quý IV/2025- Quý II/2026`` (a city plan); ``STT | Cơ quan chủ trì | Cơ quan phối hợp | … | Nội dung
  nhiệm vụ | … | Thời hạn hoàn thành`` (the lead before the task, a national decision);
- ``STT | Nhiệm vụ, giải pháp | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra``
  with row numbers ``1.1``, ``2.3`` and group rows ``A``, ``I`` that carry only a heading.

Not task tables: lists of administrative procedures (``Tên thủ tục hành chính | … | Cơ quan thực hiện``,
``Thời hạn giải quyết``) and the steps of an internal procedure (``Bước thực hiện | … | Đơn vị thực hiện``).

Scraped tables reach the canonical text one cell per line (a cell's own line breaks are re-flowed, empty
cells vanish); DOCX tables keep their (table, row, column) on the blocks. Rows are read from the
coordinates when the reader kept them, else from the row-number lines (``1``, ``2.1``, ``II``): the cells
of a row are the lines up to the next row number, matched to the header's columns from both ends (only
the task cell runs over several lines), the lead cell confirmed by its actor head and the time cell by
its form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.schemas.document import CanonicalDocument, Line
from kehoach.text.actors import is_actor_start
from kehoach.text.dates import read_time_cell

# Column labels. The lead column: "Chủ trì", "Cơ quan chủ trì (thực hiện)", "Đơn vị thực hiện",
# "Cơ quan chịu trách nhiệm"; not "Cơ quan phối hợp".
# "Bộ phụ trách tiếp nhận, xử lý" (a steering committee's table of the provinces' proposals, heldout h46).
LEAD_COL_RE = re.compile(
    r"^(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận|bộ|sở|bộ,\s+ngành)\s+)?(?:chủ\s+trì(?:\s+thực\s+hiện)?|thực\s+hiện|chịu\s+trách\s+nhiệm(?:\s+chính)?"
    r"|phụ\s+trách(?:,?\s+(?:tiếp\s+nhận|xử\s+lý|giải\s+quyết|thực\s+hiện|theo\s+dõi))*)$",
    re.I,
)
SUPPORT_COL_RE = re.compile(r"^(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+)?phối\s+hợp(?:\s+thực\s+hiện)?$", re.I)
# The time column: "Thời gian", "Thời gian thực hiện", "Thời hạn hoàn thành", "Tiến độ"; never a procedure's
# "Thời hạn giải quyết".
TIME_COL_RE = re.compile(r"^(?:thời\s+gian|thời\s+hạn|tiến\s+độ|mốc\s+thời\s+gian)(?!.*giải\s+quyết)[^.;:]{0,40}$", re.I)
# The task column: what is to be done.
TASK_COL_RE = re.compile(
    r"nhiệm\s+vụ|nội\s+dung|giải\s+pháp|hoạt\s+động|công\s+việc|đề\s+án|dự\s+án|chỉ\s+tiêu|đề\s+xuất|kiến\s+nghị", re.I
)
# Who proposed a row ("Tỉnh kiến nghị", "Địa phương đề xuất"): not what is to be done.
PROPOSER_COL_RE = re.compile(
    r"^(?:tỉnh|địa\s+phương|đơn\s+vị|cơ\s+quan|bộ|sở|ngành|xã)\b[^,;]{0,20}(?:đề\s+xuất|kiến\s+nghị)", re.I
)
# Columns that make a table a list of procedures or of a procedure's steps, not of tasks.
NOT_TASK_COL_RE = re.compile(r"thủ\s+tục|TTHC|^bước|thứ\s+tự\s+công\s+việc", re.I)
# The row-number column: "STT", "TT", "Số TT".
NUMBER_COL_RE = re.compile(r"^(?:s[ốo]\s+)?(?:stt|tt|thứ\s+tự)\.?$", re.I)
# A row-number line: "1", "12.", "2.1", "II", "A", "A.".
ROW_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,2}|[IVXL]{1,6}|[A-ZĐ])\.?$")
# Lines that end a table: the signature block, a new appendix.
TABLE_END_RE = re.compile(r"^(?:Nơi\s+nhận|PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]|TM\.|KT\.)", re.I)
MAX_HEADER_WORDS = 10  # a column label; longer lines are cells or text
MAX_ROW_LINES = 40  # more lines than this after a row number: the table has ended


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class TaskRow:
    """One row of a task table: its number and the cells of the columns kehoach reads."""

    number: str
    start: int
    end: int
    task: Cell | None = None
    lead: Cell | None = None
    support: Cell | None = None
    time: Cell | None = None


@dataclass
class TaskTable:
    start: int  # the header's first line
    end: int  # the last row's end
    columns: list[str] = field(default_factory=list)
    rows: list[TaskRow] = field(default_factory=list)


def _column_role(label: str) -> str | None:
    label = " ".join(label.split()).strip(" *:")
    if NUMBER_COL_RE.match(label):
        return "number"
    if SUPPORT_COL_RE.match(label):
        return "support"
    if LEAD_COL_RE.match(label):
        return "lead"
    if TIME_COL_RE.match(label):
        return "time"
    if TASK_COL_RE.search(label) and not PROPOSER_COL_RE.match(label):
        return "task"
    return None


def _is_label(line: Line) -> bool:
    t = line.text.strip()
    return 0 < len(t.split()) <= MAX_HEADER_WORDS and not t.endswith((".", ";")) and not ROW_NUMBER_RE.match(t)


def _header_at(lines: list[Line], i: int) -> tuple[int, int, list[str | None]] | None:
    """The header run around lines[i] (a lead-column label): (first, last+1, role per column) or None."""
    a = i
    while a > 0 and _is_label(lines[a - 1]) and i - a < 12:
        a -= 1
    b = i + 1
    while b < len(lines) and _is_label(lines[b]) and b - i < 12:
        b += 1
    labels = [ln.text for ln in lines[a:b]]
    roles = [_column_role(x) for x in labels]
    # the run may start with a title line ("NHIỆM VỤ CHỦ YẾU …"): start at the number column when there is one
    if "number" in roles:
        k = roles.index("number")
        a, labels, roles = a + k, labels[k:], roles[k:]
    if roles.count("lead") != 1 or "task" not in roles:
        return None
    if any(NOT_TASK_COL_RE.search(x) for x in labels):
        return None
    if "number" not in roles and roles.index("task") > roles.index("lead") + 2:
        return None
    return a, b, roles


def _time_like(s: str) -> bool:
    return read_time_cell(s) is not None


def _rows_by_lines(lines: list[Line], b: int, roles: list[str | None]) -> tuple[list[tuple[Line, list[Line]]], int]:
    """(row-number line, cell lines) per row after the header at lines[b:], and the index after the table."""
    rows: list[tuple[Line, list[Line]]] = []
    j = b
    while j < len(lines) and ROW_NUMBER_RE.match(lines[j].text.strip()):
        k = j + 1
        while k < len(lines) and not ROW_NUMBER_RE.match(lines[k].text.strip()) and not TABLE_END_RE.match(lines[k].text):
            k += 1
        if k - j - 1 > MAX_ROW_LINES:
            k = j + 1 + len(roles)  # the last row runs into the text below: keep one line per column
        rows.append((lines[j], lines[j + 1 : k]))
        j = k
    return rows, j


def _assign(cells: list[Line], roles: list[str | None]) -> dict[str, Cell]:
    """Map a row's cell lines to the column roles (the number column excluded).

    Exactly one line per column is the common case. Otherwise the time cell anchors the row: the columns
    between the task and the time are read backwards from it, the ones after it forwards, and the task
    keeps the lines left over (its bullets); an empty cell that vanished shifts nothing but itself.
    """
    cols = [r for r in roles if r != "number"]
    n = len(cols)
    if not cells or "task" not in cols:
        return {}
    ti = cols.index("task")
    placed: list[list[Line]] = [[] for _ in cols]
    if len(cells) == n:
        placed = [[c] for c in cells]
    else:
        tc = cols.index("time") if "time" in cols else None
        hits = [i for i, c in enumerate(cells) if i >= ti and _time_like(c.text)]
        if tc is not None and tc > ti and hits:
            h = hits[-1] if len(cells) > n else hits[0]
            placed[tc] = [cells[h]]
            between = tc - ti - 1
            if len(cells) > n:  # the task ran over several lines: the cells before the time are its neighbours
                lo = max(ti + 1, h - between)
                for k, c in enumerate(cells[lo:h]):
                    placed[tc - (h - lo) + k] = [c]
            else:  # a cell vanished: the lead comes first after the task
                lo = ti + 1
                for k, c in enumerate(cells[lo : min(h, lo + between)]):
                    placed[ti + 1 + k] = [c]
            for k, c in enumerate(cells[h + 1 : h + 1 + (n - tc - 1)]):
                placed[tc + 1 + k] = [c]
            for k, c in enumerate(cells[: min(ti, len(cells))]):
                placed[k] = [c]
            placed[ti] = cells[ti:lo]
        elif len(cells) > n:
            after = n - ti - 1
            placed = [[c] for c in cells[:ti]] + [cells[ti : len(cells) - after]] + [[c] for c in cells[len(cells) - after :]]
        else:
            placed = [[c] for c in cells] + [[] for _ in range(n - len(cells))]
    got: dict[str, Cell] = {}
    for role, ls in zip(cols, placed, strict=True):
        if role and ls and role not in got:
            got[role] = Cell(ls[0].start, ls[-1].end, " ".join(x.text for x in ls))
    if "time" in got and len(cells) != n and not _time_like(got["time"].text):
        got.pop("time")  # a guess that is not a time: leave the time unknown
    lead = got.get("lead")
    if lead is not None and len(cells) != n and not is_actor_start(lead.text):
        # the lead cell is not a name: an empty cell shifted the rest; take the first actor line after the task
        cand = next((c for c in cells[ti + 1 :] if is_actor_start(c.text) and not _time_like(c.text)), None)
        got.pop("lead")
        if cand is not None:
            got["lead"] = Cell(cand.start, cand.end, cand.text)
    return got


def find_task_tables(doc: CanonicalDocument) -> list[TaskTable]:
    """Every task table in the document, with its rows (group rows that carry only a heading skipped)."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    out: list[TaskTable] = []
    i = 0
    while i < len(lines):
        if not LEAD_COL_RE.match(" ".join(lines[i].text.split()).strip(" *:")):
            i += 1
            continue
        head = _header_at(lines, i)
        if head is None:
            i += 1
            continue
        a, b, roles = head
        if lines[a].in_table and doc.source.blocks[lines[a].block].table is not None:
            rows, after = _rows_by_cells(doc, lines, b, roles)
        else:
            rows, after = _rows_by_lines(lines, b, roles)
        table = TaskTable(start=lines[a].start, end=lines[max(b, after) - 1].end, columns=[ln.text for ln in lines[a:b]])
        for num, cells in rows:
            got = cells if isinstance(cells, dict) else _assign(cells, roles)
            if not got or set(got) == {"task"}:
                continue  # a group row: "I | NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH"
            end = max(c.end for c in got.values())
            table.rows.append(TaskRow(number=num.text.strip(), start=num.start, end=end, **got))
        if table.rows:
            out.append(table)
        i = max(after, i + 1)
    return out


def _rows_by_cells(doc: CanonicalDocument, lines: list[Line], b: int, roles: list[str | None]):
    """Rows of a table whose reader kept (table, row, column) on its blocks (DOCX)."""
    first = doc.source.blocks[lines[b - 1].block].table
    assert first is not None
    tno = first[0]
    by_row: dict[int, dict[int, list[Line]]] = {}
    j = b
    while j < len(lines):
        coords = doc.source.blocks[lines[j].block].table if lines[j].in_table else None
        if coords is None or coords[0] != tno:
            break
        by_row.setdefault(coords[1], {}).setdefault(coords[2], []).append(lines[j])
        j += 1
    rows = []
    for r in sorted(by_row):
        cols = by_row[r]
        ordered = [cols[c] for c in sorted(cols)]
        num_line = ordered[0][0]
        got: dict[str, Cell] = {}
        for c, role in enumerate(roles):
            if role in (None, "number") or c not in cols:
                continue
            ls = cols[c]
            got[role] = Cell(ls[0].start, ls[-1].end, " ".join(x.text for x in ls))
        if "lead" in got and not is_actor_start(got["lead"].text):
            got.pop("lead")
        rows.append((num_line, got))
    return rows, j
