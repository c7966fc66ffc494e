"""Human corrections applied on top of the machine's results, for everything people read (the
HTML report, the workbook, the per-unit PDF, the web pages). Pure: rows in, corrected rows out.

The rules are the SQL views' (:mod:`kehoach.store.corrections`), in Python:

- the latest correction per key wins; one with ``new_value`` None withdraws the earlier ones;
- a coverage correction applies while both documents are unchanged (same doc_ids) *and* the item
  still reads the same (``item_text``); a header correction while the document is unchanged;
- a correction that no longer applies is *stale*: listed, never silently applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.schemas.contract import Extraction, Level
from kehoach.schemas.corrections import CorrectionRow, CorrectionTarget
from kehoach.schemas.crosscheck import CoverageStatus, CrosscheckResult

CoverageKey = tuple[str, str, str]  # (lower_doc_id, directive_doc_id, item_id)
FieldKey = tuple[str, str]  # (doc_id, field)


@dataclass(frozen=True)
class Review:
    """How one value was reviewed: the correction and the machine's value it sits on."""

    correction: CorrectionRow
    machine: str | None

    @property
    def value(self) -> str | None:
        return self.correction.new_value

    @property
    def corrected(self) -> bool:
        """True when the person changed the value (False: confirmed as the machine had it)."""
        return self.correction.new_value != self.machine


@dataclass
class Reviewed:
    """The machine's results with the corrections applied, and where they were applied."""

    items: list[tuple[str, Extraction]]
    result: CrosscheckResult
    coverage: dict[CoverageKey, Review] = field(default_factory=dict)
    fields: dict[FieldKey, Review] = field(default_factory=dict)
    stale: list[CorrectionRow] = field(default_factory=list)
    corrections: list[CorrectionRow] = field(default_factory=list)

    def cell(self, lower_doc_id: str, directive_doc_id: str, item_id: str) -> Review | None:
        return self.coverage.get((lower_doc_id, directive_doc_id, item_id))


def latest(corrections: list[CorrectionRow]) -> dict[tuple, CorrectionRow]:
    """The latest correction per corrected value (by time, then id, as the SQL views order them)."""
    out: dict[tuple, CorrectionRow] = {}
    for c in sorted(corrections, key=lambda c: (c.created_at, c.correction_id)):
        out[(c.target.value, c.doc_id, c.directive_doc_id, c.item_id, c.field)] = c
    return out


def header_value(ex: Extraction, name: str) -> str | None:
    """A correctable header field of a document, as text."""
    value = {
        "number": ex.number,
        "issued_date": ex.issued_date,
        "issuer_name": ex.issuer.name,
        "issuer_level": ex.issuer.level,
        "issuer_place": ex.issuer.place,
    }[name]
    return getattr(value, "value", value)


def _set_header(ex: Extraction, name: str, value: str) -> Extraction:
    if name in ("number", "issued_date"):
        update: dict = {name: value}
        if name == "issued_date":
            update["year"] = int(value[:4])
        return ex.model_copy(update=update)
    attr = name.removeprefix("issuer_")
    new = Level(value) if attr == "level" else value
    return ex.model_copy(update={"issuer": ex.issuer.model_copy(update={attr: new})})


def apply_corrections(
    items: list[tuple[str, Extraction]], result: CrosscheckResult, corrections: list[CorrectionRow]
) -> Reviewed:
    """Apply ``corrections`` to the documents and the cross-check (see the module docstring)."""
    by_id = dict(items)
    cov_index = {(c.lower_doc_id, c.directive_doc_id, c.item_id): c for c in result.coverage}
    reviews_cov: dict[CoverageKey, Review] = {}
    reviews_field: dict[FieldKey, Review] = {}
    stale: list[CorrectionRow] = []
    for c in latest(corrections).values():
        if c.target is CorrectionTarget.coverage:
            row = cov_index.get((c.doc_id, c.directive_doc_id, c.item_id))
            if row is None or row.item_text != c.item_text:
                stale.append(c)
            elif c.new_value is not None:
                reviews_cov[(c.doc_id, c.directive_doc_id, c.item_id)] = Review(c, row.status.value)
        else:
            ex = by_id.get(c.doc_id)
            if ex is None:
                stale.append(c)
            elif c.new_value is not None:
                reviews_field[(c.doc_id, c.field)] = Review(c, header_value(ex, c.field))
    coverage = [
        c.model_copy(update={"status": CoverageStatus(r.value)})
        if (r := reviews_cov.get((c.lower_doc_id, c.directive_doc_id, c.item_id)))
        else c
        for c in result.coverage
    ]
    new_items = []
    for doc_id, ex in items:
        for (d, name), r in reviews_field.items():
            if d == doc_id:
                ex = _set_header(ex, name, r.value)
        new_items.append((doc_id, ex))
    identities = []
    for ident in result.identities:
        update = {
            name: r.value
            for (d, name), r in reviews_field.items()
            if d == ident.doc_id and name in ("number", "issued_date", "issuer_level", "issuer_place")
        }
        identities.append(ident.model_copy(update=update) if update else ident)
    fixed = CrosscheckResult(
        identities=identities,
        links=result.links,
        directives=result.directives,
        coverage=coverage,
        checks=result.checks,
        unit_plans=result.unit_plans,
    )
    return Reviewed(new_items, fixed, reviews_cov, reviews_field, stale, list(corrections))
