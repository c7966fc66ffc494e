"""Ma trận / a higher document: its lower units × directive items (units without a plan and units
whose files could not be read shown as such); a cell opens the evidence in the plan's text and the
form to confirm or change the status."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from kehoach.web import queries
from kehoach.web.render import data_dir, render

router = APIRouter()
NAV = (20, "Ma trận thực hiện", "/ma-tran")
CONTEXT_CHARS = 700  # text shown around a quote


@router.get("/ma-tran")
def matrix_list(request: Request):
    return render(request, "matrix_list.html.j2", highers=queries.higher_documents(data_dir(request)))


@router.get("/ma-tran/{doc_id}")
def matrix(request: Request, doc_id: str, unit: str | None = None):
    model = queries.matrix_model(data_dir(request), doc_id, unit or None)
    if model is None:
        raise HTTPException(404, "Không có ma trận cho văn bản này / no matrix for this document")
    return render(request, "matrix.html.j2", **model)


def cell_context(data, higher: str, lower: str, item: str) -> dict:
    model = queries.matrix_model(data, higher)
    if model is None:
        raise HTTPException(404, "Không có ma trận / no matrix")
    block = model["block"]
    row = next((r for r in block["rows"] if r["doc_id"] == lower), None)
    cell = next((c for c in row["cells"] if c.directive.item_id == item), None) if row else None
    if cell is None or cell.coverage is None:
        raise HTTPException(404, "Không có ô này / no such cell")
    ex = model["by_id"][lower]
    before = after = quote = ""
    cov = cell.coverage
    if cov.evidence_start is not None:
        s, e = cov.evidence_start, cov.evidence_end
        before, quote, after = ex.text[max(0, s - CONTEXT_CHARS) : s], ex.text[s:e], ex.text[e : e + CONTEXT_CHARS]
    return {
        "block": block,
        "row": row,
        "cell": cell,
        "ex": ex,
        "before": before,
        "quote": quote,
        "after": after,
        "by_id": model["by_id"],
    }


@router.get("/ma-tran/{doc_id}/o/{lower}/{item}")
def cell_page(request: Request, doc_id: str, lower: str, item: str, saved: int = 0):
    return render(request, "cell.html.j2", saved=bool(saved), **cell_context(data_dir(request), doc_id, lower, item))
