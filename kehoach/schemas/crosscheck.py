"""Cross-check tables: which document cites which, what a higher document directs, how far each
lower plan covers it, and what looks wrong. One frozen row model per table; the field
descriptions are the data dictionary (same convention as :mod:`kehoach.schemas.tables`).

Every evidence span obeys the provenance rule of the contract:
``evidence_text == <lower document>.text[evidence_start:evidence_end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from kehoach.schemas.document import Frozen

DOC_ID = "Document id (as given by the store: first 16 hex digits of the file's SHA-256)."


class LinkRelation(StrEnum):
    implements = "implements"  # cited in the basis ("Căn cứ…", "Thực hiện…", before the first section)
    cites = "cites"  # cited anywhere else
    same_basis = "same_basis"  # both documents implement the same (possibly absent) higher document


class LinkStatus(StrEnum):
    resolved = "resolved"
    not_found = "not_found"
    ambiguous = "ambiguous"
    date_mismatch = "date_mismatch"
    probable = "probable"  # named without a number (type + issuer + subject): see crosscheck/probable.py


class DirectiveKind(StrEnum):
    task = "task"  # a task the higher document assigns to the lower units ("UBND các xã, thị trấn")
    content = "content"  # an item of its NỘI DUNG section
    criterion = "criterion"  # an award / initiative criterion
    deadline = "deadline"  # a time limit it sets
    requirement = "requirement"  # an item of its YÊU CẦU section ("phải được triển khai rộng khắp …")
    report = "report"  # what the lower units must file (a HỒ SƠ section: the dossier)
    closing = "closing"  # the closing paragraph naming them: carry out the whole document


# Kinds whose items coverage checks (criteria describe awards; deadlines have their own check).
COVERED_KINDS = frozenset(
    {DirectiveKind.task, DirectiveKind.content, DirectiveKind.requirement, DirectiveKind.report, DirectiveKind.closing}
)


class CoverageStatus(StrEnum):
    implemented = "implemented"
    partial = "partial"  # one ask of a several-ask item is there, the others are not
    needs_review = "needs_review"  # a passage on the same matter, too weak to call: a person decides
    missing = "missing"


class CheckKind(StrEnum):
    deadline_later = "deadline_later"
    date_mismatch = "date_mismatch"
    missing_to_chuc_thuc_hien = "missing_to_chuc_thuc_hien"
    citation_not_in_corpus = "citation_not_in_corpus"
    citation_ambiguous = "citation_ambiguous"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class AdminUnitRef(Frozen):
    """One administrative unit from the ``vietnamadminunits`` tables."""

    level: str = Field(description="xa, huyen or tinh (contract Level values).")
    place: str = Field(description="Proper name without the unit word: 'Minh Tâm'.")
    name: str = Field(description="Full name with the unit word: 'Xã Minh Tâm'.")
    code: str | None = Field(default=None, description="Official code of the unit (GSO): '25349'.")
    parent_level: str | None = Field(
        default=None, description="Level of the unit directly above (huyen before July 2025, tinh after)."
    )
    parent_place: str | None = Field(default=None, description="Proper name of the unit directly above.")
    province: str | None = Field(default=None, description="Proper name of the province the unit lies in.")
    mode: str = Field(
        description="vietnamadminunits map used: LEGACY (63 provinces, with districts) or FROM_2025 (34 provinces, two levels)."
    )


class DocIdentityRow(Frozen):
    doc_id: str = Field(description=DOC_ID)
    key: str = Field(description="Normalized identity key: doc_type|number|issuer_level|issuer_place|date-or-year.")
    doc_type: str = Field(description="Document type (contract enum).")
    number: str | None = Field(description="Số và ký hiệu, normalized (upper case, no spaces).")
    issuer_level: str | None = Field(description="Level of the issuing body.")
    issuer_place: str | None = Field(description="Place of the issuing body.")
    parent_level: str | None = Field(
        description="Level of the unit above the issuer (from the text, or filled from admin units)."
    )
    parent_place: str | None = Field(description="Place of the unit above the issuer.")
    parent_source: str | None = Field(
        description="'text' when the document names its parent, 'admin_units' when filled from vietnamadminunits, None if unknown."
    )
    province: str | None = Field(
        description="Province the issuer lies in, from vietnamadminunits (None when the unit is unknown or ambiguous)."
    )
    unit_code: str | None = Field(description="Official code of the issuing unit, when found in vietnamadminunits.")
    admin_mode: str = Field(description="Admin map used for this document: LEGACY (before 1 July 2025) or FROM_2025.")
    issued_date: str | None = Field(description="Issue date, ISO.")
    year: int | None = Field(description="Year the document belongs to.")
    title: str | None = Field(description="Trích yếu.")
    duplicate_of: str | None = Field(
        description="doc_id of an earlier copy with the same identity (same file in another format), else None."
    )


class LinkRow(Frozen):
    from_doc_id: str = Field(description="The citing (or lower) document.")
    to_doc_id: str | None = Field(description="The resolved document, None when not found or ambiguous.")
    relation: LinkRelation = Field(description="implements (cited as its basis), cites (cited elsewhere) or same_basis.")
    key: str = Field(description="Normalized key of the cited document (for same_basis: of the shared basis).")
    status: LinkStatus = Field(
        description="resolved, not_found, ambiguous (several candidates), date_mismatch (number matches, cited date differs) or probable (cited without a number; found by type, issuer and subject)."
    )
    citation_text: str | None = Field(description="The citation as written in from_doc (None for same_basis).")
    citation_start: int | None = Field(description="Start of the citation in from_doc's text.")
    citation_end: int | None = Field(description="End (exclusive) of the citation in from_doc's text.")
    cited_date: str | None = Field(description="Date the citation gives, ISO.")
    actual_date: str | None = Field(description="Issue date of the resolved (or number-matching) document, ISO.")
    candidates: list[str] = Field(default_factory=list, description="doc_ids that matched the number (several when ambiguous).")


class DirectiveRow(Frozen):
    directive_doc_id: str = Field(description="The higher document the item comes from.")
    item_id: str = Field(
        description="Stable id of the item inside its document: kind letter + ordinal, e.g. 'T1', 'N2', 'C3', 'D1', 'Y1', 'H1'; an item with several asks is checked per ask: 'N2.1', 'N2.2'."
    )
    kind: DirectiveKind = Field(
        description="task, content, requirement, report, closing (checked for coverage), criterion or deadline (not checked)."
    )
    item_text: str = Field(description="Text of the item as written in the higher document.")
    start: int | None = Field(description="Start of the item in the higher document's text.")
    end: int | None = Field(description="End (exclusive) of the item in the higher document's text.")
    section: str | None = Field(description="Section number path the item sits in, e.g. 'V.4'.")
    actor: str | None = Field(description="For tasks: the addressee as written ('UBND các xã, thị trấn').")
    date: str | None = Field(default=None, description="For deadlines: the date, ISO.")


class CoverageRow(Frozen):
    lower_doc_id: str = Field(description="The lower plan being checked.")
    directive_doc_id: str = Field(description="The higher document whose item is checked.")
    item_id: str = Field(description="Item id in directives.")
    kind: DirectiveKind = Field(description="Kind of the directive item.")
    item_text: str = Field(description="Text of the directive item.")
    status: CoverageStatus = Field(
        description="implemented (score ≥ implemented threshold), partial (one ask of several is there), needs_review (a weaker match a person must read), or missing."
    )
    score: float = Field(
        description="Match of the item with its best passage in the lower plan (0–1): IDF-weighted F-measure of words, recall weighted 3×."
    )
    evidence_text: str | None = Field(
        description="Best passage of the lower plan (None when missing); equals lower.text[evidence_start:evidence_end]."
    )
    evidence_start: int | None = Field(description="Start of the evidence in the lower plan's text.")
    evidence_end: int | None = Field(description="End (exclusive) of the evidence in the lower plan's text.")
    matched_terms: list[str] = Field(
        default_factory=list, description="Content words of the item found in the evidence (after synonym rules)."
    )
    via: LinkRelation = Field(description="How the lower plan is tied to the higher document: implements or same_basis.")
    method: str = Field(description="Matching method and version, e.g. 'bm25+idf_f3@1'.")


class CheckRow(Frozen):
    doc_id: str = Field(description="Document the finding is about.")
    check: CheckKind = Field(
        description="deadline_later, date_mismatch, missing_to_chuc_thuc_hien, citation_not_in_corpus, citation_ambiguous."
    )
    severity: Severity = Field(description="error, warning or info.")
    message: str = Field(description="What is wrong, in Vietnamese, for the report.")
    related_doc_id: str | None = Field(description="The other document involved (higher plan, cited document), if any.")
    start: int | None = Field(description="Start of the offending text in doc_id's text.")
    end: int | None = Field(description="End (exclusive) of the offending text.")
    evidence_text: str | None = Field(description="The offending text (== text[start:end]).")


class UnitPlanRow(Frozen):
    directive_doc_id: str = Field(description="The higher document.")
    unit_level: str = Field(description="Level of the lower unit.")
    unit_place: str = Field(description="Proper name of the lower unit.")
    unit_name: str = Field(description="Full name: 'Xã Minh Tâm', 'Thị trấn Tân Khai'.")
    unit_code: str | None = Field(description="Official code of the unit.")
    has_plan: bool = Field(description="True when at least one document of this unit implements the higher document.")
    lower_doc_ids: list[str] = Field(default_factory=list, description="Documents of this unit tied to the higher document.")
    other_doc_ids: list[str] = Field(
        default_factory=list, description="Other documents of this unit in the corpus (not tied to it)."
    )


class CoveragePairRow(Frozen):
    lower_doc_id: str = Field(description="The lower plan.")
    directive_doc_id: str = Field(description="The higher document it was checked against.")
    via: LinkRelation = Field(description="implements or same_basis.")
    lower_level: str = Field(description="Level whose directive items were checked ('xa', 'huyen', …).")
    signature: str = Field(
        description="What the pair's coverage and deadline checks were computed from (cross-check code, both documents' extractor versions): a later run reuses them while it is unchanged."
    )


class EmbeddingRow(Frozen):
    doc_id: str = Field(description="The document the text is from (a lower plan's passage, a higher document's item).")
    method: str = Field(
        description="Model and version that computed the embedding (kehoach.crosscheck.matching.semantic.METHOD)."
    )
    role: str = Field(description="'passage' (a passage of a lower plan) or 'query' (a directive item, or one of its asks).")
    text_sha1: str = Field(description="SHA-1 of the text, its whitespace folded to single spaces.")
    vector: bytes = Field(description="The L2-normalized embedding: 384 float32, little-endian.")


# The cross-check's cache across runs (kehoach.crosscheck.run.StoreCorpus): written with the cross-check
# tables, not part of its result; rows of documents gone from the store are dropped when it is rewritten.
CACHE_TABLES: dict[str, type[Frozen]] = {"embeddings": EmbeddingRow}
CACHE_TABLE_DESCRIPTIONS: dict[str, str] = {
    "embeddings": "Embeddings of the passages and directive items the hybrid matcher compared, per document: the next cross-check does not compute them again.",
}

CROSSCHECK_TABLES: dict[str, type[Frozen]] = {
    "doc_identities": DocIdentityRow,
    "links": LinkRow,
    "directives": DirectiveRow,
    "coverage": CoverageRow,
    "checks": CheckRow,
    "unit_plans": UnitPlanRow,
    "coverage_pairs": CoveragePairRow,
}


# ---------------------------------------------------------------- per-document features
# Computed once per document when it is extracted (kehoach.crosscheck.features) and stored with it,
# partitioned like the other document tables: the cross-check reads them instead of every extraction.


class DocFeatureRow(Frozen):
    doc_id: str = Field(description=DOC_ID)
    features_version: str = Field(
        description="Version of the feature computation (kehoach.crosscheck.features.FEATURES_VERSION)."
    )
    administrative: bool = Field(
        description="False for pages that are not administrative documents (left out of links and coverage)."
    )
    doc_type: str = Field(description="Document type (contract enum).")
    number: str | None = Field(description="Số và ký hiệu, folded as compared (upper case, no spaces, Đ → D).")
    issuer_level: str | None = Field(description="Level of the issuing body.")
    issuer_place: str | None = Field(description="Place of the issuing body.")
    issuer_name: str | None = Field(description="Name of the issuing body as written.")
    parent_level: str | None = Field(description="Level of the unit above the issuer (text or admin units).")
    parent_place: str | None = Field(description="Place of the unit above the issuer.")
    parent_source: str | None = Field(description="'text', 'admin_units' or None.")
    province: str | None = Field(description="Province of the issuer, from admin units.")
    unit_code: str | None = Field(description="Official code of the issuing unit.")
    admin_mode: str = Field(description="Admin map used: LEGACY or FROM_2025.")
    issued_date: str | None = Field(description="Issue date, ISO.")
    year: int | None = Field(description="Year the document belongs to.")
    title: str | None = Field(description="Trích yếu: what the document is about.")
    child_level: str | None = Field(description="Level of the units directly below the issuer (None at the bottom).")
    directs: bool = Field(description="A directing document (kế hoạch, quyết định, …) that assigns tasks to its lower units.")
    citations_json: str = Field(description="Its citations as JSON, each with its relation (implements/cites) and basis verb.")
    checks_json: str = Field(description="Its structure checks (CheckRow) as JSON.")
    unnumbered_json: str | None = Field(
        default=None, description="Its basis lines naming a document without a number (type, issuer, subject) as JSON."
    )


class DocDirectiveRow(Frozen):
    doc_id: str = Field(description=DOC_ID)
    lower_level: str = Field(description="Level of the lower units the items are read for ('xa', 'huyen', 'tinh').")
    item_id: str = Field(description="Item id inside the document: kind letter + ordinal ('T1', 'N2').")
    kind: DirectiveKind = Field(description="task, content, criterion or deadline.")
    item_text: str = Field(description="Text of the item as written.")
    start: int | None = Field(description="Start of the item in the document's text.")
    end: int | None = Field(description="End (exclusive) of the item.")
    section: str | None = Field(description="Section number path of the item.")
    actor: str | None = Field(description="For tasks: the addressee as written.")
    date: str | None = Field(default=None, description="For deadlines: the date, ISO.")


FEATURE_TABLES: dict[str, type[Frozen]] = {"doc_features": DocFeatureRow, "doc_directives": DocDirectiveRow}
FEATURE_TABLE_DESCRIPTIONS: dict[str, str] = {
    "doc_features": "Per-document cross-check features, computed when the document is extracted: identity, citations with their relation, structure checks.",
    "doc_directives": "Directive items of each directing document, per lower level, computed when it is extracted.",
}

CROSSCHECK_TABLE_DESCRIPTIONS: dict[str, str] = {
    "doc_identities": "Normalized identity of each document (type, number, issuer, date) with its parent unit filled from admin units.",
    "links": "Citation links between documents, resolved like a legal citator, plus same_basis links.",
    "directives": "Items a higher document directs to lower units: tasks, NỘI DUNG items, criteria, deadlines.",
    "coverage": "For each (lower plan, directive item): implemented / partial / missing, score and evidence span.",
    "checks": "Findings: later deadlines, wrong cited dates, plans without TỔ CHỨC THỰC HIỆN, citations not in the corpus.",
    "unit_plans": "For each higher document, every lower unit (from admin units) and whether it has a plan.",
    "coverage_pairs": "Each (lower plan, higher document) pair whose coverage was computed, with what it was computed from (reused by later runs).",
}


@dataclass
class CrosscheckResult:
    """Everything one cross-check produces: the rows of its six tables."""

    identities: list[DocIdentityRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    directives: list[DirectiveRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    unit_plans: list[UnitPlanRow] = field(default_factory=list)
    pairs: list[CoveragePairRow] = field(default_factory=list)

    ATTRIBUTE: ClassVar[dict[str, str]] = {"doc_identities": "identities", "coverage_pairs": "pairs"}

    def tables(self) -> dict[str, list[Frozen]]:
        """Table name → its rows (in :data:`CROSSCHECK_TABLES` order)."""
        return {name: list(getattr(self, self.ATTRIBUTE.get(name, name))) for name in CROSSCHECK_TABLES}

    @classmethod
    def from_tables(cls, tables: dict[str, list[Frozen]]) -> CrosscheckResult:
        return cls(**{cls.ATTRIBUTE.get(name, name): rows for name, rows in tables.items()})
