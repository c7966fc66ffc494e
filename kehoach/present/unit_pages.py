"""One printable page per lower unit with a plan — the sheet a commune's report is signed on —
and its A4 PDF, printed by Chromium from the page's print stylesheet.

The page lists, for every higher document the unit answers, each directive item with its status
(corrections marked), the quote from the unit's plan and its page, then a line for the signer. The
PDF is Chromium's own print-to-PDF (``chromium --headless --print-to-pdf``): the same engine the
office opens the HTML in, no second layout engine to keep in step. Without Chromium the HTML pages
are still written and no PDF is made.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kehoach.text.forms import strip_accents

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
PDF_TIMEOUT = 120  # seconds per page: Chromium starts in 1–3 s here, a page prints in well under that


def unit_slug(name: str) -> str:
    """'Xã Minh Tâm' → 'xa-minh-tam' (file names every system and zip tool accept)."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(name)).strip("-") or "don-vi"


def find_chromium() -> str | None:
    """Path of a Chromium to print with (``KEHOACH_CHROMIUM`` overrides), or None."""
    env = os.environ.get("KEHOACH_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, chromium: str) -> Path:
    """Print one HTML file to an A4 PDF with Chromium (the page's @page rule sets size and margins).
    Raises :class:`RuntimeError` when Chromium fails or writes nothing."""
    with tempfile.TemporaryDirectory(prefix="kehoach-chromium-") as profile:
        tmp = pdf.with_name(f".{pdf.name}.tmp")
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", html.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"chromium exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-300:]}")
        os.replace(tmp, pdf)
    return pdf


def unit_views(model: dict) -> dict[str, dict]:
    """Per lower unit with a plan: its name and, per higher document, its row(s) of the matrix."""
    units: dict[str, dict] = {}
    for b in model["blocks"]:
        for r in b["rows"]:
            if not r["doc_id"]:
                continue
            slug = unit_slug(r["name"] or r["doc_id"])
            view = units.setdefault(slug, {"name": r["name"], "slug": slug, "parts": []})
            view["parts"].append({"block": b, "row": r})
    return units


def write_unit_pages(model: dict, out_dir: Path, env, pdf: bool = True) -> tuple[dict[str, Path], dict[str, Path]]:
    """Write ``<slug>.html`` for every lower unit with a plan (and ``<slug>.pdf`` when ``pdf`` and
    Chromium is there). Returns ``(html pages, pdfs)`` keyed by slug."""
    views = unit_views(model)
    if not views:
        return {}, {}
    out_dir.mkdir(parents=True, exist_ok=True)
    tpl = env.get_template("unit.html.j2")
    pages = {}
    for slug, view in views.items():
        path = out_dir / f"{slug}.html"
        path.write_text(tpl.render(view=view, **model), encoding="utf-8")
        pages[slug] = path
    chromium = find_chromium() if pdf else None
    if not chromium:
        return pages, {}
    with ThreadPoolExecutor(max_workers=2) as pool:  # two Chromiums at a time: the machines have 2 cores
        futures = {slug: pool.submit(print_pdf, page, page.with_suffix(".pdf"), chromium) for slug, page in pages.items()}
        pdfs = {slug: f.result() for slug, f in futures.items()}
    return pages, pdfs
