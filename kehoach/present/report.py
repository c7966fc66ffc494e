"""Compliance reports people can open: one self-contained HTML page, an Excel workbook, one HTML
page per document with every quoted span marked (the report's evidence links land there), and one
printable page (and A4 PDF) per lower unit.

Layout of ``out_dir`` (``kehoach report`` and ``make demo`` both write ``data/reports/``)::

    bao-cao.html          the report (inline CSS, no script, no external asset; prints on A4)
    bao-cao.xlsx          the workbook (:mod:`kehoach.present.workbook`)
    van-ban/<doc_id>.html each document's text, evidence and directive spans marked with anchors
    don-vi/<unit>.html    one page per lower unit with a plan: each item, its status, quote and page,
    don-vi/<unit>.pdf     corrections marked, a line for the signer (PDF printed by Chromium)

Every piece of document text goes through Jinja's autoescape or :func:`markupsafe.escape`:
a title containing ``<script>`` is shown as text and never runs; control characters are removed.
What the outputs show comes from one model (:mod:`kehoach.present.model`), corrections applied.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from kehoach.present import labels
from kehoach.present.labels import NO_PLAN, SHEET_VI, STATUS_VI, doc_label
from kehoach.present.model import Sources, parse_unit, report_model
from kehoach.present.safe import clean_text
from kehoach.present.unit_pages import unit_slug, write_unit_pages
from kehoach.present.workbook import DOC_DIR, write_workbook
from kehoach.schemas.contract import Extraction
from kehoach.schemas.crosscheck import CrosscheckResult

TEMPLATES = Path(__file__).parent / "templates"
REPORT_HTML = "bao-cao.html"
REPORT_XLSX = "bao-cao.xlsx"
UNIT_DIR = "don-vi"

__all__ = ["NO_PLAN", "SHEET_VI", "STATUS_VI", "Sources", "build_report", "doc_label", "marked_text", "parse_unit"]


@dataclass(frozen=True)
class ReportPaths:
    html: Path
    xlsx: Path
    doc_pages: dict[str, Path]
    unit_pages: dict[str, Path]
    unit_pdfs: dict[str, Path]


# ---------------------------------------------------------------- document pages


def marked_text(text: str, marks: list[tuple[int, int, str, str]]) -> Markup:
    """The document text with spans marked: marks are (start, end, anchor id, css class).

    Overlapping spans are cut at every boundary, so the HTML stays well nested; each span gets
    an empty anchor element at its start (``<span id=…>``) that the report links to."""
    text_len = len(text)
    marks = [(max(0, s), min(text_len, e), i, c) for s, e, i, c in marks if s is not None and e is not None and s < e]
    cuts = sorted({0, text_len, *(s for s, *_ in marks), *(e for _, e, *_ in marks)})
    out: list[str] = []
    starts: dict[int, list[str]] = {}
    for s, _, anchor, _ in marks:
        starts.setdefault(s, []).append(anchor)
    for a, b in itertools.pairwise(cuts):
        for anchor in starts.get(a, []):
            out.append(f'<span class="anchor" id="{escape(anchor)}"></span>')
        classes = sorted({c for s, e, _, c in marks if s <= a and b <= e})
        chunk = escape(clean_text(text[a:b]))
        out.append(f'<mark class="{" ".join(classes)}">{chunk}</mark>' if classes else str(chunk))
    return Markup("".join(out))


class _ByDocument:
    """The cross-check's rows each document page shows, grouped by document once (a province's
    store: hundreds of pages, each scanning every coverage, directive and check row took seconds)."""

    def __init__(self, result: CrosscheckResult) -> None:
        self.evidence: dict[str, list] = {}
        self.directives: dict[str, list] = {}
        self.checks: dict[str, list] = {}
        for c in result.coverage:
            if c.evidence_start is not None:
                self.evidence.setdefault(c.lower_doc_id, []).append(c)
        for d in result.directives:
            if d.start is not None:
                self.directives.setdefault(d.directive_doc_id, []).append(d)
        for i, k in enumerate(result.checks):
            if k.start is not None:
                self.checks.setdefault(k.doc_id, []).append((i, k))

    def marks(self, doc_id: str) -> list[tuple[int, int, str, str]]:
        marks = [
            (c.evidence_start, c.evidence_end, f"ev-{c.directive_doc_id}-{c.item_id}", f"ev {c.status.value}")
            for c in self.evidence.get(doc_id, [])
        ]
        marks += [(d.start, d.end, f"d-{d.item_id}", "directive") for d in self.directives.get(doc_id, [])]
        marks += [(k.start, k.end, f"ck-{i}", "check") for i, k in self.checks.get(doc_id, [])]
        return marks


# ---------------------------------------------------------------- writers


def template_env():
    """The Jinja environment of the report templates: autoescape on, control characters removed
    from every value, the Vietnamese labels as globals."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=lambda v: clean_text(v) if isinstance(v, str) and not isinstance(v, Markup) else v,
    )
    env.globals.update({k: v for k, v in vars(labels).items() if k.isupper()})
    env.globals.update(DOC_DIR=DOC_DIR, UNIT_DIR=UNIT_DIR, doc_label=doc_label, vn_date=labels.vn_date, unit_slug=unit_slug)
    env.filters["vn_date"] = labels.vn_date
    return env


def write_doc_pages(model: dict, out_dir: Path) -> dict[str, Path]:
    env = template_env()
    tpl = env.get_template("document.html.j2")
    (out_dir / DOC_DIR).mkdir(parents=True, exist_ok=True)
    reviewed = model["reviewed"]
    by_doc = _ByDocument(reviewed.result)
    fields_of: dict[str, dict] = {}
    for (d, name), r in reviewed.fields.items():
        fields_of.setdefault(d, {})[name] = r
    paths = {}
    for doc_id, ex in reviewed.items:
        body = marked_text(ex.text, by_doc.marks(doc_id))
        evidence = by_doc.evidence.get(doc_id, [])
        directives = by_doc.directives.get(doc_id, [])
        fields = fields_of.get(doc_id, {})
        path = out_dir / DOC_DIR / f"{doc_id}.html"
        path.write_text(
            tpl.render(
                doc_id=doc_id,
                ex=ex,
                label=doc_label(ex),
                body=body,
                evidence=evidence,
                directives=directives,
                fields=fields,
                reviews=reviewed.coverage,
                original=model["dup_of"].get(doc_id),
                copies=model["copies"].get(doc_id, []),
                by_id=model["by_id"],
            ),
            encoding="utf-8",
        )
        paths[doc_id] = path
    return paths


def write_report(
    src: Sources, out_dir: str | Path, unit: str | None = None, thresholds: dict[str, float] | None = None, pdf: bool = True
) -> ReportPaths:
    """Write the HTML report, the workbook, the document pages and the per-unit pages (and their
    PDFs when ``pdf`` and Chromium is installed) into ``out_dir``. ``thresholds``
    (``{"implemented": …, "partial": …}``): the matcher's, shown in the legend."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = report_model(src, unit)
    pages = write_doc_pages(model, out_dir)
    html = out_dir / REPORT_HTML
    unit_pages, unit_pdfs = write_unit_pages(model, out_dir / UNIT_DIR, template_env(), pdf=pdf)
    sheets = {
        slug: (f"{UNIT_DIR}/{p.name}", f"{UNIT_DIR}/{unit_pdfs[slug].name}" if slug in unit_pdfs else None)
        for slug, p in unit_pages.items()
    }
    html.write_text(
        template_env().get_template("report.html.j2").render(**model, thresholds=thresholds, unit_sheets=sheets), encoding="utf-8"
    )
    xlsx = write_workbook(model, out_dir / REPORT_XLSX)
    return ReportPaths(html=html, xlsx=xlsx, doc_pages=pages, unit_pages=unit_pages, unit_pdfs=unit_pdfs)


def build_report(
    items: list[tuple[str, Extraction]],
    result: CrosscheckResult,
    out_dir: str | Path,
    unit: str | None = None,
    thresholds: dict[str, float] | None = None,
    pdf: bool = False,
) -> ReportPaths:
    """:func:`write_report` from documents and a cross-check alone (no corrections, no rejected files)."""
    return write_report(Sources(items, result), out_dir, unit, thresholds, pdf=pdf)


def _shown_documents(result: CrosscheckResult) -> tuple[str, list]:
    """The documents a report shows: every official document (a web page about documents is in the
    tables, never in the report) and every document the cross-check names. At a province's scale
    (thousands of crawled pages) this reads the few hundred that matter, not the whole store."""
    named: set[str] = set()
    for c in result.coverage:
        named.update((c.lower_doc_id, c.directive_doc_id))
    for u in result.unit_plans:
        named.add(u.directive_doc_id)
        named.update(u.lower_doc_ids)
        named.update(u.other_doc_ids)
    named.update(d.directive_doc_id for d in result.directives)
    named.update(k.doc_id for k in result.checks if k.doc_id)
    for lk in result.links:
        named.add(lk.from_doc_id)
        if lk.to_doc_id:
            named.add(lk.to_doc_id)
    for i in result.identities:  # a copy and its original come together
        if i.duplicate_of:
            named.update((i.doc_id, i.duplicate_of))
    return "administrative IS NOT false OR list_contains(?, doc_id)", [sorted(named)]


def load_sources(data_dir: str | Path) -> Sources | None:
    """Everything the report reads, from the store (None when no cross-check was stored yet)."""
    from kehoach.store.read import connect_readonly, load_corrections, load_crosscheck, load_extractions, load_rows

    data_dir = Path(data_dir)
    result = load_crosscheck(data_dir)
    if result is None:
        return None
    with connect_readonly(data_dir) as con:  # one snapshot, one connection for every read
        pages: dict[str, list[tuple[int, int, int]]] = {}
        for r in load_rows(data_dir, "pages", con=con):  # a page table, if the store keeps one (else source.page_starts)
            pages.setdefault(r["doc_id"], []).append((r["page"], r["start"], r["end"]))
        return Sources(
            items=load_extractions(data_dir, *_shown_documents(result), con=con),
            result=result,
            corrections=load_corrections(data_dir, con=con),
            rejections=load_rows(data_dir, "rejections", con=con),
            input_dirs=sorted({r["input_dir"] for r in load_rows(data_dir, "runs", con=con)}),
            pages=pages,
        )


def report_from_store(
    data_dir: str | Path,
    out_dir: str | Path,
    unit: str | None = None,
    thresholds: dict[str, float] | None = None,
    pdf: bool = True,
) -> ReportPaths:
    """Write the report from the stored documents, cross-check tables, corrections and rejected
    files (reads the store, never writes it). Raises :class:`LookupError` when no cross-check was
    stored yet."""
    src = load_sources(data_dir)
    if src is None:
        raise LookupError(f"no cross-check tables in {data_dir}")
    return write_report(src, out_dir, unit, thresholds, pdf=pdf)
