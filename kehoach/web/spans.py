"""A document as the web shows it: the text with every extracted span marked by kind (and the
cross-check's evidence and directive items), the extracted values beside it with links to their
spans and pages, the header corrections, and its copies in other formats."""

from __future__ import annotations

from pathlib import Path

from kehoach.extract import SpanKind, marks, span_kinds
from kehoach.present.corrections import apply_corrections
from kehoach.present.model import pages_of
from kehoach.present.report import marked_text
from kehoach.schemas.contract import Extraction
from kehoach.store.read import load_corrections, load_crosscheck
from kehoach.web import queries


def _page(pages: list[tuple[int, int, int]], offset: int | None) -> int | None:
    if offset is None:
        return None
    return next((p for p, s, e in pages if s <= offset < e), None)


def paint_order(kinds: list[SpanKind], spans: list[tuple[int, int, str]]) -> list[SpanKind]:
    """The order of the kinds' style rules. Where spans of two kinds overlap the later rule colours
    the text: a kind whose spans wrap other kinds' spans in this document comes first, so a citation
    inside a funding sentence, an actor inside a heading keep their own colour (registry order
    otherwise)."""
    wraps = {k.name: 0 for k in kinds}
    spans = sorted(spans)
    for i, (s, e, kind) in enumerate(spans):
        j = i + 1
        while j < len(spans) and spans[j][0] < e:
            s2, e2, kind2 = spans[j]
            if kind2 != kind and e - s != e2 - s2:
                outer, inner = (kind, kind2) if e - s > e2 - s2 else (kind2, kind)
                wraps[outer] += 1
                wraps[inner] -= 1
            j += 1
    return sorted(kinds, key=lambda k: -wraps[k.name])


def document_view(data_dir: Path, doc_id: str, ex: Extraction) -> dict:
    pages = pages_of(ex) or queries.pages(data_dir, doc_id)
    kinds = span_kinds()  # every registered extractor's, with its label and colour (doc_page.html.j2)
    highlights: list[tuple[int, int, str, str]] = []  # (start, end, anchor, class)
    values: dict[str, list[dict]] = {k.name: [] for k in kinds}
    for m in marks(ex):
        anchor = f"k-{m.kind}-{len(values[m.kind])}"
        values[m.kind].append({"anchor": anchor, "text": m.text, "detail": m.detail, "page": _page(pages, m.start)})
        if m.start is not None and m.end is not None:
            highlights.append((m.start, m.end, anchor, f"k-{m.kind}"))
    for p, s, e in pages:
        highlights.append((s, e, f"trang-{p}", "page"))
    paint = paint_order(kinds, [(s, e, c[2:]) for s, e, _, c in highlights if c.startswith("k-")])

    result = load_crosscheck(data_dir)
    reviewed = None
    evidence, directives, dup_of, copies = [], [], None, []
    if result is not None:
        reviewed = apply_corrections([(doc_id, ex)], result, load_corrections(data_dir))
        result = reviewed.result
        evidence = [c for c in result.coverage if c.lower_doc_id == doc_id and c.evidence_start is not None]
        directives = [d for d in result.directives if d.directive_doc_id == doc_id and d.start is not None]
        for c in evidence:
            highlights.append((c.evidence_start, c.evidence_end, f"ev-{c.directive_doc_id}-{c.item_id}", f"ev {c.status.value}"))
        for d in directives:
            highlights.append((d.start, d.end, f"d-{d.item_id}", "directive"))
        ident = {i.doc_id: i for i in result.identities}
        dup_of = ident[doc_id].duplicate_of if doc_id in ident else None
        copies = [i.doc_id for i in result.identities if i.duplicate_of == doc_id]
    fields = {name: r for (d, name), r in (reviewed.fields.items() if reviewed else []) if d == doc_id}
    return {
        "shown": dict(reviewed.items)[doc_id] if reviewed else ex,
        "body": marked_text(ex.text, highlights),
        "values": values,
        "SPAN_KINDS": {k.name: k for k in kinds},
        "SPAN_PAINT": paint,
        "evidence": evidence,
        "directives": directives,
        "reviews": reviewed.coverage if reviewed else {},
        "fields": fields,
        "duplicate_of": dup_of,
        "copies": copies,
        "pages": pages,
        "originals": queries.original_paths(data_dir, doc_id),
    }
