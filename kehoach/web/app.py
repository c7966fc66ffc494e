"""The web app: FastAPI with one router per page (``kehoach/web/pages/*.py``, found here), static
files (htmx, shipped in the package: nothing is fetched at run time) and the guards of
:mod:`kehoach.web.auth`. Every response forbids scripts from anywhere but the app itself
(Content-Security-Policy), so text from a document can never run, even if it were not escaped."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import kehoach
from kehoach.web import pages as pages_pkg
from kehoach.web.auth import GuardMiddleware
from kehoach.web.render import STATIC

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(data_dir: Path, password_hash: str | None = None) -> FastAPI:
    """The app over the tables in ``data_dir``; ``password_hash`` (from :mod:`.auth`) turns on the password."""
    app = FastAPI(title="kehoach", version=kehoach.__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.data_dir = Path(data_dir).resolve()
    nav = []
    for mod in sorted(m.name for m in pkgutil.iter_modules(pages_pkg.__path__)):
        page = importlib.import_module(f"{pages_pkg.__name__}.{mod}")
        app.include_router(page.router)
        if hasattr(page, "NAV"):
            nav.append(page.NAV)
    app.state.nav = [(label, path) for _, label, path in sorted(nav)]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.add_middleware(GuardMiddleware, password_hash=password_hash)
    return app
