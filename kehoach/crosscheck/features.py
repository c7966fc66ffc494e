"""Per-document cross-check features: computed once, when a document is extracted, and stored with it.

The cross-check of a corpus must not re-read every document. What it needs of one document that
depends on that document alone is computed here, in the extraction worker
(:func:`kehoach.ingest.process.process_file`), and stored in two document tables (partitioned
like ``documents``: replaced and dropped with their document):

- ``doc_features`` (one row): its identity as :func:`kehoach.crosscheck.run.identify` makes it
  (issuer level and place, parent unit filled from admin units, province, …), whether it is an
  administrative document, the level directly below its issuer, whether it directs tasks to that
  level, its citations with their relation (``implements`` / ``cites``) and basis verb, and its
  structure checks;
- ``doc_directives``: for an administrative document, its directive items
  (:func:`kehoach.crosscheck.directives.directive_items`) for every lower level the actor
  patterns know and the level directly below its issuer.

A stored row whose :data:`FEATURES_VERSION` is older than this module's, or a document stored
without features, is computed again at cross-check time by the same function
(:class:`kehoach.crosscheck.run.StoreCorpus`), from its stored extraction.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from kehoach.schemas.contract import Citation, DocType, Extraction
from kehoach.schemas.crosscheck import CheckRow, DirectiveRow, LinkRelation
from kehoach.schemas.tables import enum_value

FEATURES_VERSION = "13"  # 13: a plan's task sections in the one section-path convention (":func:`section_paths`"), one list-opener test shared with sections; 12: a clause that only opens a list ("… những nội dung sau:") or says what for before the ask ("Để nâng cao …,") is no item; 11: task-table rows that name the lower units as partners ("Đơn vị phối hợp"), the body of a plan that names its tasks in its own words ("III. NHIỆM VỤ TRỌNG TÂM", "V. GIẢI PHÁP") with the lines between its bullets; 10: items for the provinces of a central document ("Chủ tịch UBND các tỉnh: …", "các bộ, ngành, địa phương"), a line that only names someone is no item; 9: directive items cut at "và" + a verb between two asks; 8: a request is the verb, not the noun ("sự chỉ đạo", "theo đề nghị của"); 7: attribute lines are no items, "Trách nhiệm của Sở …" is a department, "Giao Sở … đôn đốc các địa phương" no request; 6: lower units also by the name a document defines for them ("sau đây viết tắt là cơ quan, đơn vị"); 5: directive sections in the one section-path convention; 2: directive_items (asks cut per clause), number-less citations; 3: items of every administrative document; 4: for every level

# The verb right before a citation in the basis: "Thực hiện …", "Triển khai …", "Căn cứ …".
VERB_BEFORE_RE = re.compile(
    r"(?P<verb>Căn\s+cứ|Thực\s+hiện|Triển\s+khai)(?:\s+(?:chỉ\s+đạo|ý\s+kiến\s+chỉ\s+đạo)\s+(?:của|tại))?[^\n.;]{0,80}$",
    re.IGNORECASE,
)
# "… ban hành Kế hoạch thực hiện Quyết định số …": the document carries out the cited one.
CARRY_OUT_BEFORE_RE = re.compile(
    r"ban\s+hành\s+(?:kế\s+hoạch|chương\s+trình)\s+(?:triển\s+khai\s+)?thực\s+hiện\s*[^\n.;]{0,40}$", re.IGNORECASE
)


def basis_verb(ex: Extraction, c: Citation) -> str | None:
    """'thuc_hien' (Thực hiện, Triển khai, "ban hành kế hoạch thực hiện"), 'can_cu' (Căn cứ) or None:
    the verb that ties a citation to the citing document, read on its line before it."""
    line_start = ex.text.rfind("\n", 0, c.start) + 1
    before = ex.text[max(line_start, c.start - 200) : c.start]
    if CARRY_OUT_BEFORE_RE.search(before):
        return "thuc_hien"
    m = VERB_BEFORE_RE.search(before)
    if m is None:
        return None
    return "can_cu" if m.group("verb").lower().startswith("căn") else "thuc_hien"


@dataclass
class CitationFeature:
    """A citation as the cross-check uses it (no text needed)."""

    text: str
    doc_type: DocType | None
    number: str | None
    date: str | None
    issuer_level: str | None
    issuer_place: str | None
    start: int
    end: int
    relation: LinkRelation
    verb: str | None

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "doc_type": enum_value(self.doc_type),
            "number": self.number,
            "date": self.date,
            "issuer_level": self.issuer_level,
            "issuer_place": self.issuer_place,
            "start": self.start,
            "end": self.end,
            "relation": self.relation.value,
            "verb": self.verb,
        }

    @classmethod
    def from_json(cls, d: dict) -> CitationFeature:
        return cls(
            d["text"],
            DocType(d["doc_type"]) if d["doc_type"] else None,
            d["number"],
            d["date"],
            d["issuer_level"],
            d["issuer_place"],
            d["start"],
            d["end"],
            LinkRelation(d["relation"]),
            d["verb"],
        )


@dataclass
class DocFeatures:
    """Everything the cross-check needs of one document without its text (see the module docstring)."""

    doc_id: str
    administrative: bool
    doc_type: DocType
    number: str | None  # as written; folded where compared
    issuer_level: str | None
    issuer_place: str | None
    issuer_name: str | None
    parent_level: str | None
    parent_place: str | None
    parent_source: str | None
    province: str | None
    unit_code: str | None
    admin_mode: str
    issued_date: str | None
    year: int | None
    title: str | None
    child_level: str | None
    directs: bool
    citations: list[CitationFeature] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    directives: dict[str, list[DirectiveRow]] | None = None  # lower level → items (None: not loaded)
    unnumbered: list = field(
        default_factory=list
    )  # probable.UnnumberedCitation: basis lines naming a document without its number


LEVELS = ("huyen", "tinh", "trung_uong", "xa")  # every level a lower plan can have (contract Level)


def lower_levels() -> list[str]:
    """Levels the directive items are stored for: every level a lower plan can have, so the
    cross-check never reads an extraction (or loads underthesea) to list a higher document's items."""
    from kehoach.crosscheck.words import lower_unit_patterns

    return sorted({*LEVELS, *lower_unit_patterns()})


def compute(doc_id: str, ex: Extraction) -> DocFeatures:
    """The features of one document (what :func:`document_features` stores)."""
    from kehoach.crosscheck.checks import structure_checks
    from kehoach.crosscheck.directives import directive_items
    from kehoach.crosscheck.probable import unnumbered_citations
    from kehoach.crosscheck.run import DIRECTING_TYPES, child_level, identify, relation_of

    doc = identify(doc_id, ex)
    admin = ex.administrative is not False
    child = child_level(doc)
    directives: dict[str, list[DirectiveRow]] = {}  # the items coverage checks (directive_items)
    if admin:  # any administrative document can be the higher one of a pair (a báo cáo cited as basis)
        for lvl in sorted({*lower_levels(), *([child] if child else [])}):
            directives[lvl] = directive_items(doc_id, ex, lvl)
    directs = (
        bool(child)
        and admin
        and ex.doc_type in DIRECTING_TYPES
        and any(r.kind.value == "task" for r in directives.get(child or "", []))  # read above, not again
    )
    return DocFeatures(
        doc_id=doc_id,
        administrative=admin,
        doc_type=ex.doc_type,
        number=ex.number,
        issuer_level=doc.level,
        issuer_place=doc.place,
        issuer_name=ex.issuer.name,
        parent_level=doc.parent_level,
        parent_place=doc.parent_place,
        parent_source=doc.parent_source,
        province=doc.province,
        unit_code=doc.unit_code,
        admin_mode=doc.mode.value,
        issued_date=ex.issued_date,
        year=ex.year,
        title=ex.title,
        child_level=child,
        directs=directs,
        citations=[
            CitationFeature(
                c.text,
                c.doc_type,
                c.number,
                c.date,
                enum_value(c.issuer_level),
                c.issuer_place,
                c.start,
                c.end,
                relation_of(ex, c),
                basis_verb(ex, c),
            )
            for c in ex.citations
        ]
        if admin
        else [],
        checks=structure_checks(doc_id, ex) if admin else [],
        directives=directives,
        unnumbered=unnumbered_citations(ex) if admin else [],
    )


def to_rows(f: DocFeatures) -> dict[str, list[dict]]:
    """Rows of ``doc_features`` and ``doc_directives`` for one document."""
    from kehoach.schemas.tables import row_dict

    feature = {
        "doc_id": f.doc_id,
        "features_version": FEATURES_VERSION,
        "administrative": f.administrative,
        "doc_type": f.doc_type.value,
        "number": f.number,
        "issuer_level": f.issuer_level,
        "issuer_place": f.issuer_place,
        "issuer_name": f.issuer_name,
        "parent_level": f.parent_level,
        "parent_place": f.parent_place,
        "parent_source": f.parent_source,
        "province": f.province,
        "unit_code": f.unit_code,
        "admin_mode": f.admin_mode,
        "issued_date": f.issued_date,
        "year": f.year,
        "title": f.title,
        "child_level": f.child_level,
        "directs": f.directs,
        "citations_json": json.dumps([c.as_json() for c in f.citations], ensure_ascii=False),
        "checks_json": json.dumps([row_dict(c) for c in f.checks], ensure_ascii=False),
        "unnumbered_json": json.dumps([{**asdict(c), "doc_type": c.doc_type.value} for c in f.unnumbered], ensure_ascii=False),
    }
    directives = [
        {"doc_id": f.doc_id, "lower_level": lvl, **{k: v for k, v in row_dict(r).items() if k != "directive_doc_id"}}
        for lvl, rows in sorted((f.directives or {}).items())
        for r in rows
    ]
    return {"doc_features": [feature], "doc_directives": directives}


def from_row(row: dict) -> DocFeatures:
    """A stored ``doc_features`` row back as :class:`DocFeatures` (directives not loaded)."""
    return DocFeatures(
        doc_id=row["doc_id"],
        administrative=bool(row["administrative"]),
        doc_type=DocType(row["doc_type"]),
        number=row["number"],
        issuer_level=row["issuer_level"],
        issuer_place=row["issuer_place"],
        issuer_name=row["issuer_name"],
        parent_level=row["parent_level"],
        parent_place=row["parent_place"],
        parent_source=row["parent_source"],
        province=row["province"],
        unit_code=row["unit_code"],
        admin_mode=row["admin_mode"],
        issued_date=row["issued_date"],
        year=row["year"],
        title=row["title"],
        child_level=row["child_level"],
        directs=bool(row["directs"]),
        citations=[CitationFeature.from_json(c) for c in json.loads(row["citations_json"])],
        checks=[CheckRow.model_validate(c) for c in json.loads(row["checks_json"])],
        unnumbered=[_unnumbered(c) for c in json.loads(row["unnumbered_json"] or "[]")],
    )


def _unnumbered(d: dict):
    from kehoach.crosscheck.probable import UnnumberedCitation

    return UnnumberedCitation(**(d | {"doc_type": DocType(d["doc_type"])}))


def directive_from_row(row: dict) -> DirectiveRow:
    return DirectiveRow(directive_doc_id=row["doc_id"], **{k: v for k, v in row.items() if k not in ("doc_id", "lower_level")})


def document_features(doc_id: str, ex: Extraction) -> dict[str, list[dict]]:
    """Rows of the feature tables for one extracted document (called where its rows are made)."""
    return to_rows(compute(doc_id, ex))
