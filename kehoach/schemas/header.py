"""Header metadata read by ``extractors.header`` (Nghị định 30/2020, Phụ lục I)."""

from __future__ import annotations

from pydantic import Field

from kehoach.schemas.contract import DocType, Issuer, Parent, Signer, Span
from kehoach.schemas.document import Frozen


class Header(Frozen):
    doc_type: DocType = Field(description="Document type from the type line, the number's abbreviation or V/v.")
    doc_type_span: Span | None = Field(default=None, description="The type line (KẾ HOẠCH) when printed.")
    number: str | None = Field(default=None, description="Số và ký hiệu, spaces removed; None when blank.")
    number_span: Span | None = Field(default=None, description="The 'Số:' line.")
    issuer: Issuer = Field(default_factory=Issuer, description="Issuing body.")
    parent: Parent | None = Field(default=None, description="Unit directly above the issuer.")
    issued_date: str | None = Field(default=None, description="ISO date from the place-and-date line.")
    year: int | None = Field(default=None, description="Year of the document.")
    place_of_issue: str | None = Field(default=None, description="Địa danh of the place-and-date line.")
    date_span: Span | None = Field(default=None, description="The place-and-date line.")
    title: str | None = Field(default=None, description="Trích yếu.")
    title_span: Span | None = Field(default=None, description="Where the title starts and ends.")
    kinh_gui: list[str] = Field(default_factory=list, description="'Kính gửi' addressees.")
    signer: Signer = Field(default_factory=Signer, description="Signer.")
    recipients: list[str] = Field(default_factory=list, description="'Nơi nhận' entries.")
    body_start: int = Field(default=0, description="Offset where the body (after title) begins.")
    body_end: int = Field(description="Offset where the body ends (before 'Nơi nhận' / signature).")
