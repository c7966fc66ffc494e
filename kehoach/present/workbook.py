"""The Excel workbook an office can use (openpyxl), from the report model.

Every sheet: a title row, a header row in Vietnamese (frozen, with an autofilter), fitted column
widths, dates as dd/mm/yyyy, A4 landscape, fit to one page wide, title and header rows repeated on
every printed page. Sheets: Tổng hợp (one line per unit), Ma trận (units × directive items, one sheet
per higher document), Minh chứng (item text, quote, plan, page), Thời hạn, Kiểm tra, Tệp không đọc
được, Hiệu chỉnh. Text from documents is written as text, never as a formula (:mod:`.safe`).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.present.labels import (
    CHECK_VI,
    CORRECTED_MARK,
    FIELD_VI,
    FILL,
    KIND_VI,
    NO_PLAN,
    SEVERITY_VI,
    STATUS_VI,
    UNIT_STATUS_VI,
    doc_label,
)
from kehoach.present.safe import clean_text, excel_text

DOC_DIR = "van-ban"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
MAX_WIDTH = {"text": 60, "short": 28}
SHEETS = {
    "summary": "Tổng hợp",
    "matrix": "Ma trận",
    "evidence": "Minh chứng",
    "deadlines": "Thời hạn",
    "checks": "Kiểm tra",
    "rejected": "Tệp không đọc được",
    "corrections": "Hiệu chỉnh",
}


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "short"  # short (fitted, ≤ 28), text (wrapped, ≤ 60), item (a matrix status column)


@dataclass(frozen=True)
class Styled:
    """A cell value with a fill colour, a link and a comment (matrix cells)."""

    value: Any
    fill: str | None = None
    link: str | None = None
    comment: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Look:
    """Everything a cell's style holds that the workbook sets: one style entry per distinct look."""

    number_format: str | None = None
    quote: bool = False  # Excel's quote prefix: text that would read as a formula
    fill: str | None = None
    bold: bool = False
    size: float | None = None
    align: str | None = None  # None, "top" or "wrap" (wrapped, top)
    border: bool = False


class Looks:
    """The style of each :class:`Look`, registered in the workbook once and then shared.

    Assigning openpyxl style objects (Font, PatternFill, Alignment, Border) to every cell makes
    openpyxl hash each of them into the workbook's style lists, cell after cell: most of the
    report's time on a province's store (tens of thousands of cells). Here the first cell of a look
    is styled the ordinary way and its style ids are kept; every later cell of that look gets a
    copy of those ids. Style ids belong to one workbook: one ``Looks`` per workbook (or sheet)."""

    def __init__(self) -> None:
        self._ids: dict[Look, Any] = {}

    def apply(self, cell, look: Look) -> None:
        ids = self._ids.get(look)
        if ids is not None:
            cell._style = copy(ids)
            return
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        if look.number_format:
            cell.number_format = look.number_format
        if look.quote:
            cell.quotePrefix = True
        if look.fill:
            cell.fill = PatternFill("solid", fgColor=look.fill)
        if look.bold or look.size:
            cell.font = Font(bold=look.bold, size=look.size)
        if look.align:
            cell.alignment = Alignment(wrap_text=True, vertical="top") if look.align == "wrap" else Alignment(vertical="top")
        if look.border:
            thin = Side(style="thin", color="BFBFBF")
            cell.border = Border(bottom=thin, top=thin, left=thin, right=thin)
        self._ids[look] = copy(cell._style)


def _put(ws, r: int, c: int, value: Any, looks: Looks, **look: Any):
    """Write ``value`` (text never as a formula, dates as dates, a :class:`Styled` with its fill,
    link, comment) into ``ws`` at (r, c) with the look ``look`` (:class:`Look` fields)."""
    styled = value if isinstance(value, Styled) else None
    if styled:
        value = styled.value
    cell = ws.cell(r, c)
    if isinstance(value, dt.datetime):
        cell.value = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
        look["number_format"] = "DD/MM/YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.value = value
        look["number_format"] = "DD/MM/YYYY"
    elif isinstance(value, str):
        excel_text(cell, value)
        look["quote"] = bool(cell.quotePrefix)
    elif isinstance(value, bool):
        cell.value = "Có" if value else "Không"
    else:
        cell.value = value
    if styled:
        if styled.fill:
            look["fill"] = styled.fill
        if styled.link:
            cell.hyperlink = styled.link
        if styled.comment:
            from openpyxl.comments import Comment

            cell.comment = Comment(clean_text(styled.comment), "kehoach", width=300, height=120)
        if styled.bold:
            look["bold"] = True
    looks.apply(cell, Look(**look))
    return cell


def _text_len(value: Any) -> int:
    value = value.value if isinstance(value, Styled) else value
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value if value is not None else "").split("\n")), default=0)


def table_sheet(
    wb, title: str, heading: str, cols: list[Col], rows: list[list[Any]], header_height: float | None = None, frozen_cols: int = 0
):
    """One sheet laid out for the office (see the module docstring)."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title[:31])
    looks = Looks()
    _put(ws, TITLE_ROW, 1, heading, looks, bold=True, size=13)
    for j, col in enumerate(cols, start=1):
        _put(ws, HEADER_ROW, j, col.header, looks, bold=True, fill="DDEBF7", align="wrap", border=True)
    aligns = [("wrap" if col.kind in ("text", "item") else "top") for col in cols]
    for i, values in enumerate(rows):
        for j, value in enumerate(values, start=1):
            _put(ws, FIRST_ROW + i, j, value, looks, align=aligns[j - 1])
    for j, col in enumerate(cols, start=1):
        longest = max([_text_len(r[j - 1]) for r in rows] + [len(w) for w in col.header.split()] + [8])
        if col.kind == "item":
            width = 18
        else:
            width = min(longest + 2, MAX_WIDTH[col.kind])
        ws.column_dimensions[get_column_letter(j)].width = width
    if header_height:
        ws.row_dimensions[HEADER_ROW].height = header_height
    last = get_column_letter(max(len(cols), 1))
    ws.freeze_panes = ws.cell(FIRST_ROW, 1 + frozen_cols).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW + len(rows), HEADER_ROW + 1)}"
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Trang &P / &N"
    return ws


def _review_note(review) -> str | None:
    if review is None:
        return None
    c = review.correction
    what = "Đã sửa" if review.corrected else "Đã xác nhận"
    machine = STATUS_VI.get(review.machine or "", review.machine or "")
    who = f" ({c.author})" if c.author else ""
    return f"{what}{who} {c.created_at:%d/%m/%Y}: máy đánh giá “{machine}”. Ghi chú: {c.note}"


def _cell_text(cell) -> str:
    if cell.coverage is None:
        return "—"
    mark = f" {CORRECTED_MARK}" if cell.review else ""
    return f"{cell.label}{mark}"


def write_workbook(model: dict, path: Path) -> Path:
    """Write the workbook of ``model`` (:func:`kehoach.present.model.report_model`) to ``path``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    by_id = model["by_id"]
    scope = model["unit"] or "tất cả đơn vị"
    meta = f"— {scope} — lập lúc {model['generated']}"

    summary = []
    for b in model["blocks"]:
        for r in b["rows"]:
            counts = {s: sum(1 for c in r["cells"] if c.coverage and c.status == s) for s in STATUS_VI}
            summary.append(
                [
                    b["label"],
                    r["name"] or "",
                    Styled(UNIT_STATUS_VI[r["status"]], FILL["unreadable"] if r["status"] == "unreadable" else None),
                    r["label"] or "",
                    counts["implemented"],
                    counts["partial"],
                    counts["needs_review"],
                    counts["missing"],
                    sum(1 for c in r["cells"] if c.review),
                    "; ".join(f["file"] for f in r["files"]),
                ]
            )
    table_sheet(
        wb,
        SHEETS["summary"],
        f"Báo cáo đối chiếu kế hoạch {meta}",
        [
            Col("Văn bản cấp trên", "text"),
            Col("Đơn vị"),
            Col("Tình trạng"),
            Col("Kế hoạch của đơn vị", "text"),
            Col(STATUS_VI["implemented"]),
            Col(STATUS_VI["partial"]),
            Col(STATUS_VI["needs_review"]),
            Col(STATUS_VI["missing"]),
            Col("Đã hiệu chỉnh"),
            Col("Tệp không đọc được", "text"),
        ],
        summary,
    )

    for n, b in enumerate(model["blocks"], start=1):
        cols = [Col("Đơn vị"), Col("Tình trạng"), Col("Kế hoạch", "text")]
        cols += [Col(f"{d.item_id}. {clean_text(d.item_text)[:90]}", "item") for d in b["directives"]]
        rows = []
        for r in b["rows"]:
            line: list[Any] = [r["name"] or "", UNIT_STATUS_VI[r["status"]], r["label"] or ""]
            for c in r["cells"]:
                if r["doc_id"] is None:
                    key = "unreadable" if r["status"] == "unreadable" else "none"
                    line.append(Styled(UNIT_STATUS_VI[r["status"]], FILL[key]))
                    continue
                link = None
                if c.coverage and c.coverage.evidence_start is not None:
                    link = f"{DOC_DIR}/{r['doc_id']}.html#ev-{b['doc_id']}-{c.directive.item_id}"
                line.append(Styled(_cell_text(c), FILL[c.status], link, _review_note(c.review)))
            rows.append(line)
        name = SHEETS["matrix"] if len(model["blocks"]) == 1 else f"{SHEETS['matrix']} {n}"
        table_sheet(wb, name, f"Ma trận thực hiện — {b['label']}", cols, rows, header_height=90, frozen_cols=1)

    evidence = []
    for b in model["blocks"]:
        for c in b["evidence"]:
            lo = c.coverage.lower_doc_id
            evidence.append(
                [
                    b["label"],
                    by_id[lo].issuer.name or "",
                    doc_label(by_id[lo]),
                    c.directive.item_id,
                    c.directive.item_text,
                    KIND_VI[c.directive.kind.value],
                    Styled(_cell_text(c), FILL[c.status], comment=_review_note(c.review)),
                    round(c.coverage.score, 2),
                    c.coverage.evidence_text or "(không tìm thấy đoạn tương ứng)",
                    c.page if c.page is not None else "",
                    c.review.correction.note if c.review else "",
                ]
            )
    table_sheet(
        wb,
        SHEETS["evidence"],
        f"Minh chứng {meta}",
        [
            Col("Văn bản cấp trên", "text"),
            Col("Đơn vị"),
            Col("Kế hoạch", "text"),
            Col("Mục"),
            Col("Nội dung mục chỉ đạo", "text"),
            Col("Loại mục"),
            Col("Mức độ"),
            Col("Điểm khớp"),
            Col("Đoạn trích trong kế hoạch", "text"),
            Col("Trang"),
            Col("Ghi chú hiệu chỉnh", "text"),
        ],
        evidence,
    )

    deadlines = [
        [
            doc_label(ex),
            d.text,
            _date(d.date or d.end_date),
            d.context or "",
            page if page is not None else "",
        ]
        for _doc_id, ex, d, page in model["deadlines"]
    ]
    table_sheet(
        wb,
        SHEETS["deadlines"],
        f"Thời hạn trong các văn bản {meta}",
        [Col("Văn bản", "text"), Col("Thời hạn (như văn bản ghi)", "text"), Col("Ngày"), Col("Câu", "text"), Col("Trang")],
        deadlines,
    )

    checks = [
        [
            doc_label(by_id[k.doc_id]) if k.doc_id in by_id else k.doc_id,
            CHECK_VI.get(k.check.value, k.check.value),
            SEVERITY_VI.get(k.severity.value, k.severity.value),
            k.message,
            k.evidence_text or "",
        ]
        for _, k in model["checks"]
    ]
    table_sheet(
        wb,
        SHEETS["checks"],
        f"Kiểm tra {meta}",
        [Col("Văn bản", "text"), Col("Kiểm tra"), Col("Mức độ"), Col("Nội dung", "text"), Col("Đoạn văn", "text")],
        checks,
    )

    rejected = [
        [
            r["file"],
            r.get("unit_name") or "",
            r["code"],
            r["reason_vi"],
            r["reason_en"],
            r.get("detail") or "",
            r.get("when"),
        ]
        for r in model["rejected"]
    ]
    table_sheet(
        wb,
        SHEETS["rejected"],
        f"Tệp không đọc được {meta}",
        [
            Col("Tệp", "text"),
            Col("Đơn vị (theo tên tệp/thư mục)"),
            Col("Mã"),
            Col("Lý do", "text"),
            Col("Reason (English)", "text"),
            Col("Chi tiết", "text"),
            Col("Lần đọc"),
        ],
        rejected,
    )

    reviewed = model["reviewed"]
    stale = {c.correction_id for c in reviewed.stale}
    corrections = []
    for c in sorted(reviewed.corrections, key=lambda c: c.created_at):
        doc = by_id.get(c.doc_id)
        old = STATUS_VI.get(c.old_value or "", c.old_value) if c.field == "status" else c.old_value
        new = STATUS_VI.get(c.new_value or "", c.new_value) if c.field == "status" else c.new_value
        corrections.append(
            [
                c.created_at,
                doc_label(doc) if doc else f"(văn bản đã thay đổi: {c.doc_id})",
                f"{c.item_id}. {c.item_text}" if c.item_id else "",
                FIELD_VI.get(c.field, c.field),
                old or "",
                new if new is not None else "(hủy hiệu chỉnh)",
                c.note,
                c.author or "",
                "Không — văn bản hoặc mục đã thay đổi" if c.correction_id in stale else "Có",
            ]
        )
    table_sheet(
        wb,
        SHEETS["corrections"],
        f"Hiệu chỉnh của người duyệt {meta}",
        [
            Col("Thời điểm"),
            Col("Văn bản", "text"),
            Col("Mục", "text"),
            Col("Trường"),
            Col("Giá trị của máy"),
            Col("Giá trị đã sửa"),
            Col("Ghi chú", "text"),
            Col("Người sửa"),
            Col("Còn áp dụng"),
        ],
        corrections,
    )
    wb.save(path)
    return path


def _date(iso: str | None) -> dt.date | str:
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return iso


__all__ = ["NO_PLAN", "SHEETS", "table_sheet", "write_workbook"]
