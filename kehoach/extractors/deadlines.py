"""deadlines: not implemented yet (issue 3). Returns an empty list so the contract keeps every key."""

from __future__ import annotations

from kehoach.schemas.contract import Deadline


def extract_deadlines(doc, header, citations) -> list[Deadline]:  # noqa: ARG001
    return []
