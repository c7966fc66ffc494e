"""From a file to the contract: read → normalize → run every extractor → :class:`Extraction`.

This is the one place that wires extractors together (responsibilities get the sections,
citations get the header, …). ``extract_file`` raises :class:`ReadError` for unreadable files;
callers (CLI, ingest flow) turn that into an exit code or a ``rejections`` row.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.extractors import VERSIONS, extractor_tag
from kehoach.extractors.campaigns import extract_campaigns
from kehoach.extractors.citations import extract_citations
from kehoach.extractors.criteria import extract_criteria
from kehoach.extractors.deadlines import extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.reform_areas import extract_reform_areas
from kehoach.extractors.responsibilities import extract_responsibilities
from kehoach.extractors.sections import extract_sections
from kehoach.read import read_document
from kehoach.read.normalize import normalize_document
from kehoach.schemas.contract import Extraction, Source
from kehoach.schemas.document import CanonicalDocument


def read_canonical(path: str | Path) -> CanonicalDocument:
    """Read and normalize one file (raises ReadError)."""
    return normalize_document(read_document(path))


def extract_canonical(doc: CanonicalDocument) -> Extraction:
    """Run every extractor over one canonical document."""
    header = extract_header(doc)
    sections = extract_sections(doc, header)
    citations = extract_citations(doc, header)
    deadlines = extract_deadlines(doc, header, citations)
    responsibilities = extract_responsibilities(doc, sections, header)
    criteria = extract_criteria(doc, sections, header)
    campaigns = extract_campaigns(doc, header, sections, deadlines)
    reform_areas = extract_reform_areas(doc, sections)
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
        sections=sections,
        citations=citations,
        deadlines=deadlines,
        responsibilities=responsibilities,
        criteria=criteria,
        campaigns=campaigns,
        reform_areas=reform_areas,
        extractors={name: extractor_tag(name) for name in VERSIONS},
    )


def extract_file(path: str | Path) -> Extraction:
    """Read, normalize and extract one file (raises ReadError with a coded reason)."""
    return extract_canonical(read_canonical(path))
