"""campaigns: not implemented yet (issue 3). Returns an empty list so the contract keeps every key."""

from __future__ import annotations

from kehoach.schemas.contract import Campaign


def extract_campaigns(doc, header, sections, deadlines) -> list[Campaign]:  # noqa: ARG001
    return []
