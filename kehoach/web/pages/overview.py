"""Tổng quan / overview: the last runs, how many rows each table holds, files that could not be read."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kehoach.web import queries
from kehoach.web.render import data_dir, render

router = APIRouter()
NAV = (0, "Tổng quan", "/")


@router.get("/")
def overview(request: Request):
    return render(request, "overview.html.j2", **queries.overview(data_dir(request)))
