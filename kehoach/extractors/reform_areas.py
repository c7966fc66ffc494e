"""reform_areas: not implemented yet (issue 3)."""

from __future__ import annotations

from kehoach.schemas.contract import ReformArea


def extract_reform_areas(doc, sections) -> list[ReformArea]:  # noqa: ARG001
    return []
