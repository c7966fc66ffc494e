"""What every page shares: the Jinja environment (the web's templates, then the report's, so both
show a matrix cell the same way), the Vietnamese labels, and where the tables are."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from kehoach.present import labels
from kehoach.present.report import TEMPLATES as REPORT_TEMPLATES
from kehoach.present.safe import clean_text
from kehoach.text.doc_types import type_label

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
HTMX = "htmx-2.0.11.min.js"


@cache
def templates() -> Jinja2Templates:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(REPORT_TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=lambda v: clean_text(v) if isinstance(v, str) and not isinstance(v, Markup) else v,
    )
    env.globals.update({k: v for k, v in vars(labels).items() if k.isupper()})
    env.globals.update(doc_label=labels.doc_label, type_label=type_label, HTMX=HTMX)
    env.filters["vn_date"] = labels.vn_date
    return Jinja2Templates(env=env)


def data_dir(request: Request) -> Path:
    return request.app.state.data_dir


def user(request: Request) -> str | None:
    """The signed-in user name (None on localhost without a password)."""
    return request.scope.get("state", {}).get("user")


def render(request: Request, name: str, status_code: int = 200, **context):
    """A page: ``name`` rendered with ``context``, the menu and the data folder."""
    return templates().TemplateResponse(
        request,
        name,
        {"nav": request.app.state.nav, "data_dir": data_dir(request), "user": user(request), **context},
        status_code=status_code,
    )
