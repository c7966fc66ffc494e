"""Văn bản / documents: the list with facets (type, issuer level and place, year, official or not)
and search; one document with every extracted span highlighted and the values beside it; the
original file."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from kehoach.present.labels import LEVEL_VI
from kehoach.text.doc_types import type_label
from kehoach.web import queries, spans
from kehoach.web.render import data_dir, render

router = APIRouter()
NAV = (10, "Văn bản", "/van-ban")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@router.get("/van-ban")
def document_list(
    request: Request,
    doc_type: str | None = None,
    issuer_level: str | None = None,
    issuer_place: str | None = None,
    year: str | None = None,
    admin: str | None = None,
    q: str | None = None,
    page: int = 0,
):
    f = queries.DocFilter(
        doc_type=doc_type or None,
        issuer_level=issuer_level or None,
        issuer_place=issuer_place or None,
        year=_int(year),
        admin={"1": True, "0": False}.get(admin or ""),
        q=q or None,
    )
    found = queries.documents(data_dir(request), f, max(page, 0))
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return render(
        request,
        "doc_list.html.j2",
        f=f,
        params=params,
        page=max(page, 0),
        page_size=queries.PAGE_SIZE,
        FACETS=queries.FACETS,
        facet_label=_facet_label,
        **found,
    )


def _facet_label(name: str, value) -> str:
    if value is None:
        return "(không rõ)"
    if name == "doc_type":
        return type_label(value)
    if name == "issuer_level":
        return LEVEL_VI.get(value, value)
    if name == "admin":
        return "Có" if value else "Không (trang nói về văn bản)"
    return str(value)


@router.get("/van-ban/{doc_id}")
def document_page(request: Request, doc_id: str):
    found = queries.document(data_dir(request), doc_id)
    if found is None:
        raise HTTPException(404, "Không có văn bản này / no such document")
    row, ex = found
    view = spans.document_view(data_dir(request), doc_id, ex)
    return render(request, "doc_page.html.j2", row=row, ex=ex, doc_id=doc_id, **view)


@router.get("/van-ban/{doc_id}/tep")
def original_file(request: Request, doc_id: str):
    """The file the document was read from (the first path that still holds it)."""
    for path in queries.original_paths(data_dir(request), doc_id):
        p = Path(path)
        if p.is_file():
            inline = p.suffix.lower() in (".pdf", ".txt", ".md")
            return FileResponse(p, filename=p.name, content_disposition_type="inline" if inline else "attachment")
    raise HTTPException(404, "Tệp gốc không còn ở thư mục / the original file is gone")
