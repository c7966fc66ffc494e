"""Human corrections: a specialist confirms or changes what the machine found.

One row per act of review, never updated: the latest row for a key wins (a row with
``new_value`` NULL withdraws the earlier ones: the machine's value is shown again). Corrections are
keyed by ``doc_id`` — the SHA-256 prefix of the file's content — so they survive every re-ingest of
the same file and stop applying, by themselves, when the document's content changes. They are
applied on top of the machine's tables everywhere: the views ``coverage_final`` and
``documents_final``, the HTML report, the Excel workbook and the web pages.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from kehoach.schemas.document import Frozen


class CorrectionTarget(StrEnum):
    coverage = "coverage"  # a (lower plan, directive item) status
    documents = "documents"  # a header field of a document


# what can be corrected, per target (column names of the corrected table)
CORRECTABLE_FIELDS: dict[CorrectionTarget, tuple[str, ...]] = {
    CorrectionTarget.coverage: ("status",),
    CorrectionTarget.documents: ("number", "issued_date", "issuer_name", "issuer_level", "issuer_place"),
}


class CorrectionRow(Frozen):
    correction_id: str = Field(description="Id of the correction (random, 32 hex digits).")
    target: CorrectionTarget = Field(description="What is corrected: 'coverage' (a status) or 'documents' (a header field).")
    doc_id: str = Field(
        description="Document the correction is about (for coverage: the lower plan). A content hash: the correction "
        "stops applying when the document's content changes."
    )
    directive_doc_id: str | None = Field(description="For coverage: the higher document.")
    item_id: str | None = Field(description="For coverage: the directive item id (directives.item_id).")
    item_text: str | None = Field(
        description="For coverage: the item's text when corrected; the correction applies only while the item still reads so."
    )
    field: str = Field(description="Corrected column: status, number, issued_date, issuer_name, issuer_level, issuer_place.")
    old_value: str | None = Field(description="The machine's value when the correction was made.")
    new_value: str | None = Field(
        description="The value a person set (equal to old_value: confirmed; NULL: earlier corrections withdrawn)."
    )
    note: str = Field(description="Why (free text, shown beside the corrected value).")
    author: str | None = Field(description="Who made it, when known.")
    created_at: dt.datetime = Field(description="When it was made (UTC). The latest correction of a value wins.")


CORRECTION_TABLES: dict[str, type[Frozen]] = {"corrections": CorrectionRow}
CORRECTION_TABLE_DESCRIPTIONS: dict[str, str] = {
    "corrections": "Human corrections (status of a coverage cell, header fields of a document), applied on top of the "
    "machine's results in coverage_final, documents_final, the report, the workbook and the web app."
}
