"""citations: not implemented yet (issue 3). Returns an empty list so the contract keeps every key."""

from __future__ import annotations

from kehoach.schemas.contract import Citation


def extract_citations(doc, header) -> list[Citation]:  # noqa: ARG001
    return []
