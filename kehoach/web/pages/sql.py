"""SQL: read-only queries over the tables for analysts, in DuckDB's own sandbox (external access
off, configuration locked: ``read_csv('/etc/passwd')`` fails), results downloadable as Excel and
as CSV (UTF-8 with BOM, so Excel shows Vietnamese; text that looks like a formula neutralized)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kehoach.present.safe import csv_cell
from kehoach.present.workbook import Col, new_workbook, table_sheet
from kehoach.store.query import QueryError, run_readonly
from kehoach.web.render import data_dir, render

router = APIRouter()
NAV = (40, "SQL", "/sql")
SHOWN_ROWS = 500
DOWNLOAD_ROWS = 1_000_000
EXAMPLE = "SELECT doc_type, count(*) AS so_van_ban FROM documents GROUP BY 1 ORDER BY 2 DESC"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _run(request: Request, q: str, limit: int):
    table = run_readonly(data_dir(request), q, limit=limit)
    return table.column_names, table.to_pylist()


@router.get("/sql")
def sql_page(request: Request, q: str = ""):
    columns, rows, error = [], [], None
    if q.strip():
        try:
            columns, rows = _run(request, q, SHOWN_ROWS + 1)
        except QueryError as e:
            error = str(e)
    return render(
        request,
        "sql.html.j2",
        q=q,
        example=EXAMPLE,
        columns=columns,
        rows=rows[:SHOWN_ROWS],
        more=len(rows) > SHOWN_ROWS,
        error=error,
        cell=_cell,
    )


@router.get("/sql/ket-qua.csv")
def sql_csv(request: Request, q: str):
    try:
        columns, rows = _run(request, q, DOWNLOAD_ROWS)
    except QueryError as e:
        return Response(str(e), status_code=400, media_type="text/plain; charset=utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(_cell(r[c])) for c in columns] for r in rows)
    return Response(
        ("\ufeff" + buf.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ket-qua.csv"'},
    )


@router.get("/sql/ket-qua.xlsx")
def sql_xlsx(request: Request, q: str):
    try:
        columns, rows = _run(request, q, DOWNLOAD_ROWS)
    except QueryError as e:
        return Response(str(e), status_code=400, media_type="text/plain; charset=utf-8")
    values = [[r[c] if isinstance(r[c], int | float | dt.date) else _cell(r[c]) for c in columns] for r in rows]
    with tempfile.TemporaryDirectory(prefix="kehoach-sql-") as tmp:
        path = Path(tmp) / "ket-qua.xlsx"
        wb = new_workbook(path)
        table_sheet(wb, "Kết quả", f"Truy vấn: {q[:200]}", [Col(c, "text") for c in columns], values)
        wb.close()
        body = path.read_bytes()
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="ket-qua.xlsx"'},
    )
