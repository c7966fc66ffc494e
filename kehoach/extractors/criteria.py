"""criteria: not implemented yet (issue 3). Returns an empty list so the contract keeps every key."""

from __future__ import annotations

from kehoach.schemas.contract import Criterion


def extract_criteria(doc, sections) -> list[Criterion]:  # noqa: ARG001
    return []
