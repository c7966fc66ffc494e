"""From a file to the contract: read → normalize → run the extractor registry → :class:`Extraction`.

``extract_file`` raises :class:`ReadError` for unreadable files; callers (CLI, ingest flow) turn
that into an exit code or a ``rejections`` row. The extractors are declared once in
``kehoach.extractors`` (name, version, requirements) and run here in dependency order; nothing
wires them by hand.

Re-extraction without reading the file again: the reader's :class:`RawDocument` is stored (table
``raw_documents``, JSON); :func:`reextract` rebuilds the canonical document from it
(:func:`canonical_of`: normalization takes milliseconds, OCR minutes) and re-runs only the
extractors that changed and those that depend on them, keeping the other lists of the previous
extraction.

What the registry declares for the layers above (they import this module, not the extractors):
:func:`span_kinds` and :func:`marks`, the spans ``kehoach show`` and the web's document page draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kehoach.extractors import REGISTRY, affected, run_order
from kehoach.extractors import marks as marks
from kehoach.extractors import span_kinds as span_kinds
from kehoach.extractors.marks import Mark as Mark
from kehoach.extractors.marks import SpanKind as SpanKind
from kehoach.read import read_document
from kehoach.read.normalize import normalize_document
from kehoach.read.webpage import locate_document
from kehoach.schemas.contract import Extraction, Source
from kehoach.schemas.document import CanonicalDocument, RawDocument
from kehoach.schemas.header import Header


def canonical_of(raw: RawDocument) -> CanonicalDocument:
    """The canonical document of what a reader produced (a pure function of ``raw``: stored raw
    documents rebuild the same canonical document while ``CANONICAL_VERSION`` is unchanged): the
    normalized text of the official document in it (a web page's banner and footer left out)."""
    return locate_document(normalize_document(raw))


def read_canonical(path: str | Path) -> CanonicalDocument:
    """Read and normalize one file, keeping only the official document in it (raises ReadError)."""
    return canonical_of(read_document(path))


def run_extractors(doc: CanonicalDocument, names: Iterable[str] | None = None) -> dict[str, Any]:
    """name → output of the registered extractors ``names`` (default: all) and of what they
    require, over one canonical document, in dependency order."""
    outputs: dict[str, Any] = {}
    for extractor in run_order(names):
        outputs[extractor.name] = extractor(doc, outputs)
    return outputs


def page_starts(doc: CanonicalDocument) -> list[int]:
    """Where each PDF page starts in the normalized text (from the origins map); [] without pages."""
    if not doc.source.pages:
        return []
    first: dict[int, int] = {}
    for o in doc.origins:
        if o.page is not None and o.page not in first:
            first[o.page] = o.start
    starts, nxt = [], len(doc.text)
    for page in range(doc.source.pages, 0, -1):  # a page with no text starts where the next one does
        nxt = min(first.get(page, nxt), nxt)
        starts.append(nxt)
    return starts[::-1]


def assemble(doc: CanonicalDocument, outputs: dict[str, Any]) -> Extraction:
    """The contract from the extractors' outputs: the header's fields at the top, every other
    extractor's records under its name."""
    header: Header = outputs["header"]
    raw = doc.source
    return Extraction(
        source=Source(
            path=raw.path,
            sha256=raw.sha256,
            format=raw.format,
            pages=raw.pages,
            ocr=raw.ocr,
            ocr_confidence=list(raw.ocr_confidence),
            warnings=list(raw.warnings),
            page_starts=page_starts(doc),
        ),
        text=doc.text,
        administrative=doc.bounds.administrative,
        administrative_reason=doc.bounds.reason,
        doc_type=header.doc_type,
        number=header.number,
        issuer=header.issuer,
        parent=header.parent,
        issued_date=header.issued_date,
        year=header.year,
        place_of_issue=header.place_of_issue,
        title=header.title,
        kinh_gui=header.kinh_gui,
        signer=header.signer,
        recipients=header.recipients,
        **{name: out for name, out in outputs.items() if name != "header"},
        extractors={name: e.tag for name, e in REGISTRY.items() if name in outputs},
    )


def extract_canonical(
    doc: CanonicalDocument, only: Iterable[str] | None = None, previous: Extraction | None = None
) -> Extraction:
    """Run the registered extractors over one canonical document.

    ``only`` (with ``previous``, the document's last extraction): re-run just these extractors, those
    that depend on them and what they require (the header always: its fields are not kept in an
    Extraction); every other list is taken from ``previous``. Without ``previous`` everything runs."""
    if only is None or previous is None:
        return assemble(doc, run_extractors(doc))
    outputs = run_extractors(doc, affected(only) | {"header"})
    kept = {name: getattr(previous, name, None) or [] for name in REGISTRY if name not in outputs}
    ex = assemble(doc, {**outputs, **kept})
    tags = {**ex.extractors, **{name: previous.extractors[name] for name in kept if name in previous.extractors}}
    return ex.model_copy(update={"extractors": tags})


def reextract(raw_json: str, only: Iterable[str] | None = None, previous_json: str | None = None) -> Extraction:
    """Extract again from a stored raw document (``raw_documents.raw_json``) without reading the file:
    with ``only`` and ``previous_json`` (``documents.extraction_json``) just the changed extractors
    (``kehoach.extractors.stale(documents.versions)``) and their dependents run."""
    doc = canonical_of(RawDocument.model_validate_json(raw_json))
    previous = Extraction.model_validate_json(previous_json) if previous_json else None
    return extract_canonical(doc, only=only, previous=previous)


def extract_file(path: str | Path) -> Extraction:
    """Read, normalize and extract one file (raises ReadError with a coded reason)."""
    return extract_canonical(read_canonical(path))
