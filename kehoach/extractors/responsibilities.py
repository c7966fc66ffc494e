"""responsibilities: not implemented yet (issue 3). Returns an empty list so the contract keeps every key."""

from __future__ import annotations

from kehoach.schemas.contract import Responsibility


def extract_responsibilities(doc, sections, header) -> list[Responsibility]:  # noqa: ARG001
    return []
