"""A document as the web shows it: the text with every extracted span marked by kind (and the
cross-check's evidence and directive items), the extracted values beside it with links to their
spans and pages, the header corrections, and its copies in other formats."""

from __future__ import annotations

from pathlib import Path

from kehoach.present.corrections import apply_corrections
from kehoach.present.labels import SPAN_KIND_VI
from kehoach.present.model import pages_of
from kehoach.present.report import marked_text
from kehoach.schemas.contract import Extraction, walk_sections
from kehoach.store.read import load_corrections, load_crosscheck
from kehoach.web import queries

KIND_LABELS = SPAN_KIND_VI


def _page(pages: list[tuple[int, int, int]], offset: int | None) -> int | None:
    if offset is None:
        return None
    return next((p for p, s, e in pages if s <= offset < e), None)


def document_view(data_dir: Path, doc_id: str, ex: Extraction) -> dict:
    pages = pages_of(ex) or queries.pages(data_dir, doc_id)
    marks: list[tuple[int, int, str, str]] = []
    values: dict[str, list[dict]] = {k: [] for k in KIND_LABELS}

    def add(kind: str, start: int | None, end: int | None, text: str, detail: str = "") -> None:
        anchor = f"k-{kind}-{len(values[kind])}"
        values[kind].append({"anchor": anchor, "text": text, "detail": detail, "page": _page(pages, start)})
        if start is not None and end is not None:
            marks.append((start, end, anchor, f"k-{kind}"))

    for s in walk_sections(ex.sections):
        add("section", s.heading_start, s.heading_end, s.heading, " ".join(k.value for k in s.kinds))
    for c in ex.citations:
        add("citation", c.start, c.end, c.text, " · ".join(x for x in (c.number, c.date, c.issuer) if x))
    for d in ex.deadlines:
        add("deadline", d.start, d.end, d.text, d.date or d.end_date or d.kind.value)
    for r in ex.responsibilities:
        i = r.text.find(r.actor)
        s, e = (r.start + i, r.start + i + len(r.actor)) if i >= 0 else (r.start, r.end)
        add(r.role.value, s, e, r.actor_expanded or r.actor, f"{len(r.tasks)} nhiệm vụ")
    for c in ex.criteria:
        add("criterion", c.start, c.end, c.text, " ".join(x.value for x in (c.kind, c.subject) if x))
    for c in ex.campaigns:
        add("campaign", c.start, c.end, c.name, str(c.year or ""))
    for p, s, e in pages:
        marks.append((s, e, f"trang-{p}", "page"))

    result = load_crosscheck(data_dir)
    reviewed = None
    evidence, directives, dup_of, copies = [], [], None, []
    if result is not None:
        reviewed = apply_corrections([(doc_id, ex)], result, load_corrections(data_dir))
        result = reviewed.result
        evidence = [c for c in result.coverage if c.lower_doc_id == doc_id and c.evidence_start is not None]
        directives = [d for d in result.directives if d.directive_doc_id == doc_id and d.start is not None]
        for c in evidence:
            marks.append((c.evidence_start, c.evidence_end, f"ev-{c.directive_doc_id}-{c.item_id}", f"ev {c.status.value}"))
        for d in directives:
            marks.append((d.start, d.end, f"d-{d.item_id}", "directive"))
        ident = {i.doc_id: i for i in result.identities}
        dup_of = ident[doc_id].duplicate_of if doc_id in ident else None
        copies = [i.doc_id for i in result.identities if i.duplicate_of == doc_id]
    fields = {name: r for (d, name), r in (reviewed.fields.items() if reviewed else []) if d == doc_id}
    shown = dict(reviewed.items)[doc_id] if reviewed else ex
    return {
        "shown": shown,
        "body": marked_text(ex.text, marks),
        "values": values,
        "KIND_LABELS": KIND_LABELS,
        "evidence": evidence,
        "directives": directives,
        "reviews": reviewed.coverage if reviewed else {},
        "fields": fields,
        "duplicate_of": dup_of,
        "copies": copies,
        "pages": pages,
        "originals": queries.original_paths(data_dir, doc_id),
    }
