"""The `kehoach extract` JSON contract (version 1), as frozen pydantic models.

Field descriptions are the data dictionary: `kehoach tables` and the generated JSON Schema
(`schemas/extraction.schema.json`) are built from them. See ../shared/contract/README.md.
Extra keys beyond the contract are allowed (more, never less, never renamed).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from kehoach.schemas.document import Frozen, SourceFormat

SCHEMA_VERSION = "1"
# A date written as an ISO string in the contract ("2024-10-31"); tables store it as a DATE.
ISO_DATE = "iso_date"
IsoDate = Annotated[str, ISO_DATE]


class DocType(StrEnum):
    ke_hoach = "ke_hoach"
    cong_van = "cong_van"
    quyet_dinh = "quyet_dinh"
    bao_cao = "bao_cao"
    thong_bao = "thong_bao"
    to_trinh = "to_trinh"
    chi_thi = "chi_thi"
    huong_dan = "huong_dan"
    chuong_trinh = "chuong_trinh"
    nghi_quyet = "nghi_quyet"
    other = "other"


class Level(StrEnum):
    xa = "xa"  # xã, phường, thị trấn, đặc khu
    huyen = "huyen"  # huyện, quận, thị xã, thành phố thuộc tỉnh
    tinh = "tinh"  # tỉnh, thành phố trực thuộc trung ương, and their departments
    trung_uong = "trung_uong"


class SectionKind(StrEnum):
    muc_dich = "muc_dich"
    yeu_cau = "yeu_cau"
    noi_dung = "noi_dung"
    doi_tuong = "doi_tuong"
    hinh_thuc = "hinh_thuc"
    thoi_gian = "thoi_gian"
    khen_thuong = "khen_thuong"
    kinh_phi = "kinh_phi"
    ho_so = "ho_so"
    to_chuc_thuc_hien = "to_chuc_thuc_hien"


class DeadlineKind(StrEnum):
    before = "before"
    by = "by"
    on = "on"
    from_ = "from"
    range = "range"
    periodic = "periodic"
    on_notice = "on_notice"
    open = "open"


class Role(StrEnum):
    lead = "lead"
    support = "support"


class CriterionKind(StrEnum):
    award = "award"
    initiative = "initiative"


class Subject(StrEnum):
    tap_the = "tap_the"
    ca_nhan = "ca_nhan"


class ReformArea(StrEnum):
    the_che = "the_che"
    thu_tuc_hanh_chinh = "thu_tuc_hanh_chinh"
    to_chuc_bo_may = "to_chuc_bo_may"
    cong_vu = "cong_vu"
    tai_chinh_cong = "tai_chinh_cong"
    chinh_phu_so = "chinh_phu_so"


class Source(Frozen):
    path: str = Field(description="Path of the source file as given to kehoach.")
    sha256: str = Field(description="SHA-256 of the file's bytes: the document's identity.")
    format: SourceFormat = Field(description="pdf, docx, txt or md.")
    pages: int | None = Field(default=None, description="Number of pages (PDF).")
    ocr: bool = Field(default=False, description="True when text came from OCR.")
    ocr_confidence: list[float] = Field(default_factory=list, description="Mean OCR confidence per OCR'd page (0–100).")
    warnings: list[str] = Field(default_factory=list, description="Coded notes from reading (legacy encoding converted, …).")
    page_starts: list[int] = Field(
        default_factory=list,
        description="PDF: offset in text where page 1, 2, … starts (a page whose text was left out repeats the next "
        "offset); [] for other formats. The page of a span is the last start at or before it.",
    )


class Span(Frozen):
    """Provenance: ``text == document_text[start:end]``."""

    start: int = Field(description="Start offset in the normalized text.")
    end: int = Field(description="End offset (exclusive) in the normalized text.")
    text: str = Field(description="The exact normalized text between start and end.")


class Issuer(Frozen):
    name: str | None = Field(
        default=None, description="Issuing body as printed, e.g. 'Ủy ban nhân dân xã Hành Minh', 'Sở Nội vụ'."
    )
    level: Level | None = Field(default=None, description="Administrative level: xa, huyen, tinh, trung_uong.")
    place: str | None = Field(default=None, description="Proper name of the unit, e.g. 'Hành Minh', 'Bình Thuận'.")
    inferred: bool = Field(default=False, description="True when the header did not print it and it was inferred from the body.")
    evidence: Span | None = Field(default=None, description="Where the issuer was read or inferred from.")


class Parent(Frozen):
    level: Level | None = Field(default=None, description="Level of the unit directly above the issuer.")
    place: str | None = Field(default=None, description="Proper name of that unit.")
    name: str | None = Field(default=None, description="Name as printed, e.g. 'UBND huyện Vĩnh Cửu'.")
    evidence: Span | None = Field(default=None, description="Where the parent was read or inferred from.")


class Signer(Frozen):
    name: str | None = Field(default=None, description="Name of the person who signs.")
    position: str | None = Field(default=None, description="Title, e.g. 'Chủ tịch', 'Phó Chủ tịch'.")
    on_behalf: str | None = Field(default=None, description="Authority line such as 'TM. Ủy ban nhân dân', 'KT. Chủ tịch'.")


class SectionItem(Frozen):
    marker: str = Field(description="Bullet or number as printed: '-', '+', '1', 'a'.")
    text: str = Field(description="Text of the item (marker removed).")
    start: int = Field(description="Start offset of the item text.")
    end: int = Field(description="End offset of the item text (exclusive).")
    level: int = Field(description="Nesting of the item inside its section (1 = '-', 2 = '+', …).")


class Section(Frozen):
    number: str | None = Field(
        description="Number as printed: 'I', '2', 'a' ('3' for 'Điều 3', 'I' for 'Chương I': numbering says which); None for an unnumbered heading."
    )
    heading: str = Field(description="Heading text.")
    kinds: list[SectionKind] = Field(default_factory=list, description="Canonical parts the section holds.")
    level: int = Field(description="1 for top-level sections.")
    start: int = Field(description="Start of the whole section in text.")
    end: int = Field(description="End of the whole section in text (exclusive).")
    numbering: str = Field(description="Numbering style: roman, arabic, letter, article, part, chapter, unnumbered.")
    heading_start: int = Field(description="Start of the heading text.")
    heading_end: int = Field(description="End of the heading text (exclusive).")
    items: list[SectionItem] = Field(
        default_factory=list, description="Bullets and numbered paragraphs directly in this section."
    )
    children: list[Section] = Field(default_factory=list, description="Subsections.")


def walk_sections(sections: list[Section]) -> Iterator[Section]:
    """Every section of a tree, depth first, in reading order."""
    for s in sections:
        yield s
        yield from walk_sections(s.children)


def section_paths(sections: list[Section], parent: str | None = None) -> Iterator[tuple[str, str | None, Section]]:
    """(path, parent path, section) for every section of a tree, depth first, in reading order.

    The one section-path convention (the ``sections`` table's ``section_path``, and the ``section``
    of responsibilities, deadlines, criteria, directives): the numbers as printed from the top, joined
    with ``.``; an unnumbered section counts as ``#n``, its place among its siblings from 1:
    ``II.1.a``, ``Điều 3``, ``Chương II.Điều 5``, ``#2.1``."""
    for i, s in enumerate(sections):
        label = s.number if s.number else f"#{i + 1}"
        path = f"{parent}.{label}" if parent else label
        yield path, parent, s
        yield from section_paths(s.children, path)


def section_path_at(sections: list[Section], offset: int) -> str | None:
    """The path (:func:`section_paths`) of the innermost section holding ``offset``; None outside
    every section (the preamble, the signature)."""
    found = None
    level, parent = sections, None
    while True:
        hit = next(((i, s) for i, s in enumerate(level) if s.start <= offset < max(s.end, s.start + 1)), None)
        if hit is None:
            return found
        i, s = hit
        label = s.number if s.number else f"#{i + 1}"
        found = parent = f"{parent}.{label}" if parent else label
        level = s.children


class Citation(Frozen):
    """Another document a document cites by number (one record per number)."""

    text: str = Field(description="The citation as written (provenance text).")
    doc_type: DocType | None = Field(default=None, description="Type of the cited document.")
    number: str | None = Field(default=None, description="Số và ký hiệu, spaces removed: '77/QĐ-UBND'.")
    date: IsoDate | None = Field(default=None, description="Issue date of the cited document, ISO.")
    issuer: str | None = Field(default=None, description="Issuer, resolved from context: 'UBND huyện Hớn Quản'.")
    issuer_level: Level | None = Field(default=None, description="Level of the cited document's issuer.")
    issuer_place: str | None = Field(default=None, description="Place of the cited document's issuer.")
    start: int = Field(description="Start offset in text.")
    end: int = Field(description="End offset in text (exclusive).")
    mentions: int = Field(default=1, description="How many times the document is cited.")


class Deadline(Frozen):
    """A time limit a document sets."""

    text: str = Field(description="The time expression as written.")
    date: IsoDate | None = Field(default=None, description="Normalized date (ISO); None for kinds without a date.")
    end_date: IsoDate | None = Field(default=None, description="End of a range, ISO.")
    start_date: IsoDate | None = Field(default=None, description="Start of a range or of a 'from' period, ISO.")
    kind: DeadlineKind = Field(description="before, by, on, from, range, periodic, on_notice, open.")
    start: int = Field(description="Start offset in text.")
    end: int = Field(description="End offset in text (exclusive).")
    context: str | None = Field(default=None, description="The sentence the deadline sits in.")
    section: str | None = Field(
        default=None,
        description="Path of the section it sits in (sections.section_path: 'III.2', 'Điều 3', '#1'); None outside every section.",
    )


class Responsibility(Frozen):
    """Who must do what: an actor, its role (lead or support) and its tasks."""

    actor: str = Field(description="Actor as written: 'Văn phòng – Thống kê'.")
    actor_expanded: str | None = Field(default=None, description="Actor with abbreviations expanded.")
    role: Role = Field(description="lead, or support (phối hợp, đề nghị).")
    tasks: list[str] = Field(default_factory=list, description="One task per sentence or bullet.")
    start: int = Field(description="Start offset of the responsibility text.")
    end: int = Field(description="End offset (exclusive).")
    text: str = Field(description="The text the responsibility was read from.")
    section: str | None = Field(
        default=None,
        description="Path of the section it sits in (sections.section_path: 'III.2', 'Điều 3', '#1'); None outside every section.",
    )
    partners: list[str] = Field(
        default_factory=list,
        description="Bodies that take part in the task without leading it, from a task table's 'Cơ quan phối hợp' "
        "cell of the same row ('Các sở, ban, ngành', 'UBND các phường, xã'); they are not actors of their own.",
    )


class Criterion(Frozen):
    """An award or initiative criterion."""

    kind: CriterionKind = Field(description="award or initiative.")
    subject: Subject | None = Field(default=None, description="tap_the, ca_nhan or None.")
    text: str = Field(description="The criterion text.")
    start: int | None = Field(default=None, description="Start offset in text.")
    end: int | None = Field(default=None, description="End offset in text (exclusive).")
    section: str | None = Field(
        default=None,
        description="Path of the section it sits in (sections.section_path: 'III.2', 'Điều 3', '#1'); None outside every section.",
    )


class Campaign(Frozen):
    """A movement, đợt thi đua, contest or programme a document launches."""

    name: str = Field(description="Name of the movement, đợt thi đua, contest or programme.")
    year: int | None = Field(default=None, description="Year of the campaign.")
    start_date: IsoDate | None = Field(default=None, description="Start date, ISO.")
    end_date: IsoDate | None = Field(default=None, description="End date, ISO.")
    participants: list[str] = Field(default_factory=list, description="Who takes part (ĐỐI TƯỢNG).")
    start: int | None = Field(default=None, description="Start offset of the name in text.")
    end: int | None = Field(default=None, description="End offset (exclusive).")


# Record types of the lists that extractors registered after contract v1 add to an Extraction
# ("budgets" → Budget), declared by ``schemas.tables.register_record_table``: a stored extraction
# (documents.extraction_json) reads back with typed records, as the contract's own lists do.
EXTRA_RECORDS: dict[str, type[Frozen]] = {}


class Extraction(Frozen):
    """The whole `kehoach extract` output.

    Extractors registered after contract v1 (``kehoach.extractors``) add their record lists under
    their own name (``budgets``): the contract allows more keys, never fewer."""

    model_config = ConfigDict(frozen=True, extra="allow")

    schema_version: str = Field(default=SCHEMA_VERSION, description="Contract version.")
    source: Source = Field(description="The file the document came from.")
    text: str = Field(
        description="Normalized full text (NFC, line breaks inside sentences re-flowed); of a web page, the official "
        "document only (the site's banner, catalogue table and footer are left out: source.warnings W304)."
    )
    administrative: bool = Field(
        default=True,
        description="True when the file holds an official document; False for a page about documents (Q&A, news, "
        "encyclopedia, blank template): no header fields, kept out of links and coverage (source.warnings W401).",
    )
    administrative_reason: str | None = Field(
        default=None, description="Why, in a few words: 'header: motto+number+date+type', 'headless: Kính gửi', 'question page'."
    )
    doc_type: DocType = Field(description="Document type.")
    number: str | None = Field(default=None, description="Số và ký hiệu, spaces removed; None when blank or absent.")
    issuer: Issuer = Field(description="The issuing body.")
    parent: Parent | None = Field(default=None, description="The unit directly above the issuer.")
    issued_date: IsoDate | None = Field(default=None, description="Issue date (ISO) from the place-and-date line.")
    year: int | None = Field(default=None, description="Year the document belongs to.")
    place_of_issue: str | None = Field(default=None, description="Địa danh of the place-and-date line.")
    title: str | None = Field(default=None, description="Trích yếu (for công văn, the text after V/v).")
    kinh_gui: list[str] = Field(default_factory=list, description="'Kính gửi' addressees.")
    signer: Signer = Field(default_factory=Signer, description="Who signs.")
    recipients: list[str] = Field(default_factory=list, description="'Nơi nhận' entries.")
    sections: list[Section] = Field(default_factory=list, description="Section tree.")
    citations: list[Citation] = Field(default_factory=list, description="Other documents cited.")
    deadlines: list[Deadline] = Field(default_factory=list, description="Time limits the document sets.")
    responsibilities: list[Responsibility] = Field(default_factory=list, description="Who must do what.")
    criteria: list[Criterion] = Field(default_factory=list, description="Award and initiative criteria.")
    campaigns: list[Campaign] = Field(default_factory=list, description="Movements/campaigns launched.")
    reform_areas: list[ReformArea] = Field(default_factory=list, description="CCHC areas covered.")
    extractors: dict[str, str] = Field(default_factory=dict, description="Extractor name → version that produced each list.")

    @model_validator(mode="after")
    def _typed_extra_records(self) -> Extraction:
        """Extra record lists read back from JSON (lists of dicts) become their registered record type."""
        extra = self.__pydantic_extra__ or {}
        for name, record in EXTRA_RECORDS.items():
            items = extra.get(name)
            if isinstance(items, list) and any(isinstance(it, dict) for it in items):
                extra[name] = [record.model_validate(it) if isinstance(it, dict) else it for it in items]
        return self
