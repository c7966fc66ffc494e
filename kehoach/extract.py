"""From a file to the contract: read → normalize → run the extractor registry → :class:`Extraction`.

``extract_file`` raises :class:`ReadError` for unreadable files; callers (CLI, ingest flow) turn
that into an exit code or a ``rejections`` row. The extractors are declared once in
``kehoach.extractors`` (name, version, requirements) and run here in dependency order; nothing
wires them by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kehoach.extractors import REGISTRY, run_order
from kehoach.read import read_document
from kehoach.read.normalize import normalize_document
from kehoach.read.webpage import locate_document
from kehoach.schemas.contract import Extraction, Source
from kehoach.schemas.document import CanonicalDocument
from kehoach.schemas.header import Header


def read_canonical(path: str | Path) -> CanonicalDocument:
    """Read and normalize one file, keeping only the official document in it (raises ReadError)."""
    return locate_document(normalize_document(read_document(path)))


def run_extractors(doc: CanonicalDocument) -> dict[str, Any]:
    """name → output of every registered extractor over one canonical document."""
    outputs: dict[str, Any] = {}
    for extractor in run_order():
        outputs[extractor.name] = extractor(doc, outputs)
    return outputs


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


def extract_canonical(doc: CanonicalDocument) -> Extraction:
    """Run every registered extractor over one canonical document."""
    return assemble(doc, run_extractors(doc))


def extract_file(path: str | Path) -> Extraction:
    """Read, normalize and extract one file (raises ReadError with a coded reason)."""
    return extract_canonical(read_canonical(path))
