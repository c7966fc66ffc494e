"""Cross-check: who implements what, like a legal citator, then coverage and checks.

1. **Identity** (:func:`identify`): every document gets a normalized key
   ``doc_type|number|issuer_level|issuer_place|date-or-year``; its parent unit is taken from
   the text or, when the text leaves it out, filled from ``vietnamadminunits`` (right map for
   the document's date). Copies of one document (the same plan as .txt, .docx and .pdf: same
   type, number, issuer, date and title) are marked ``duplicate_of`` and counted once.
2. **Citations** (:func:`resolve_citation`): number (folded: case, spaces, Đ/D), then issuer
   level/place, then date. ``resolved`` (one document; copies count as one), ``ambiguous``
   (several), ``date_mismatch`` (the number and issuer match, the cited date differs),
   ``not_found``. A citation in the basis (before the first section, or after "Căn cứ",
   "Thực hiện", "Triển khai") is ``implements``, elsewhere ``cites``.
3. **same_basis**: two documents that implement the same higher document — found or not, by
   its resolved id or its (number, issuer place, year) — are linked, lower level → higher.
4. **Coverage**: each lower plan against every higher document it implements directly or
   through a same_basis link (:mod:`kehoach.crosscheck.coverage`).
5. **Checks**: a lower deadline later than the higher one, a cited date that differs from the
   real document's, a plan without TỔ CHỨC THỰC HIỆN, a citation not in the corpus.
6. **Unit plans**: every unit under each higher document's issuer (admin units), with or
   without a plan.

:func:`crosscheck` works on a plain ``list[tuple[doc_id, Extraction]]``; only
:func:`run_crosscheck` touches the store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kehoach.crosscheck.checks import deadline_checks, link_checks, structure_checks
from kehoach.crosscheck.coverage import Background, compute_coverage, topic_words
from kehoach.crosscheck.directives import directive_items, extract_directives
from kehoach.crosscheck.probable import probable_links
from kehoach.schemas.contract import Citation, DocType, Extraction
from kehoach.schemas.crosscheck import (
    CrosscheckResult,
    DirectiveKind,
    DirectiveRow,
    DocIdentityRow,
    LinkRelation,
    LinkRow,
    LinkStatus,
    UnitPlanRow,
)
from kehoach.schemas.tables import enum_value
from kehoach.text import admin_units as au
from kehoach.text.numbers import number_key

LEVEL_RANK = {"xa": 0, "huyen": 1, "tinh": 2, "trung_uong": 3}
# "Căn cứ …", "Thực hiện …", "Triển khai …" shortly before a citation: it is the basis.
BASIS_VERB_RE = re.compile(
    r"(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Thực\s+hiện\s+chỉ\s+đạo\s+(?:của|tại))[^\n.;]{0,80}$", re.IGNORECASE
)
# Document types that direct lower units (a báo cáo or tờ trình does not).
DIRECTING_TYPES = {
    DocType.ke_hoach,
    DocType.quyet_dinh,
    DocType.chi_thi,
    DocType.cong_van,
    DocType.huong_dan,
    DocType.chuong_trinh,
    DocType.nghi_quyet,
}
SAME_CONTENT_AT = 0.9
LINKING = (LinkStatus.resolved, LinkStatus.probable)  # link statuses that tie a lower plan to a higher one
WORD_RE = re.compile(r"[^\W_]+")
NUMBER_YEAR_RE = re.compile(r"/((?:19|20)\d\d)/")  # "12/2024/QĐ-UBND"


def fold_number(number: str | None) -> str | None:
    """'77/QĐ - UBND' → '77/QD-UBND': the number as compared (case, spaces, Đ/D, dashes)."""
    return (number_key(number) or None) if number else None


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and re.match(r"^\d{4}", date) else None


def make_key(doc_type, number, level, place, date, year) -> str:
    when = date or (str(year) if year else None)
    return "|".join(
        str(x) if x else "?"
        for x in (enum_value(doc_type), fold_number(number), enum_value(level), au.fold_key(place) if place else None, when)
    )


@dataclass
class Doc:
    """A document with its identity, as the cross-check sees it."""

    doc_id: str
    ex: Extraction
    level: str | None
    place: str | None
    parent_level: str | None = None
    parent_place: str | None = None
    parent_source: str | None = None
    province: str | None = None
    unit_code: str | None = None
    mode: au.ParseMode = au.ParseMode.LEGACY
    duplicate_of: str | None = None

    @property
    def same_as(self) -> str:
        return self.duplicate_of or self.doc_id

    @property
    def identity(self) -> tuple:
        ex = self.ex
        return (
            ex.doc_type.value,
            fold_number(ex.number),
            self.level,
            au.fold_key(self.place or ""),
            ex.issued_date,
            ex.year,
            au.fold_key(ex.title or ""),
        )

    def row(self) -> DocIdentityRow:
        ex = self.ex
        return DocIdentityRow(
            doc_id=self.doc_id,
            key=make_key(ex.doc_type, ex.number, self.level, self.place, ex.issued_date, ex.year),
            doc_type=ex.doc_type.value,
            number=fold_number(ex.number),
            issuer_level=self.level,
            issuer_place=self.place,
            parent_level=self.parent_level,
            parent_place=self.parent_place,
            parent_source=self.parent_source,
            province=self.province,
            unit_code=self.unit_code,
            admin_mode=self.mode.value,
            issued_date=ex.issued_date,
            year=ex.year,
            title=ex.title,
            duplicate_of=self.duplicate_of,
        )


def identify(doc_id: str, ex: Extraction) -> Doc:
    """Identity of one document, with its parent filled from admin units when the text is silent."""
    level, place = enum_value(ex.issuer.level), ex.issuer.place
    parent = ex.parent if ex.parent and ex.parent.level and ex.parent.place else None
    mode = au.mode_for(
        ex.issued_date, ex.year, names_district=bool(parent and enum_value(parent.level) == "huyen") or level == "huyen"
    )
    doc = Doc(doc_id, ex, level, place, mode=mode)
    if not (level in ("xa", "huyen", "tinh") and place):
        return doc
    if parent is not None:
        doc.parent_level, doc.parent_place, doc.parent_source = enum_value(parent.level), parent.place, "text"
    unit = au.resolve_unit(level, place, mode=mode, parent=(doc.parent_level, doc.parent_place) if parent else None)
    if unit is not None:
        doc.province, doc.unit_code = unit.province, unit.code
        if parent is None and unit.parent_level:
            doc.parent_level, doc.parent_place, doc.parent_source = unit.parent_level, unit.parent_place, "admin_units"
    return doc


def same_content(a: str, b: str) -> bool:
    """Two texts of one document (the same plan read from .txt, .docx and .pdf): their word sets
    overlap by at least :data:`SAME_CONTENT_AT` (Jaccard). Identity fields alone are not enough:
    two drafts with blank number, date and title would look alike."""
    wa, wb = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    return bool(wa or wb) and len(wa & wb) / len(wa | wb) >= SAME_CONTENT_AT


# ---------------------------------------------------------------- citations


def citation_key(c: Citation) -> str:
    return make_key(c.doc_type, c.number, c.issuer_level, c.issuer_place, c.date, _year_of(c.date))


def relation_of(ex: Extraction, c: Citation) -> LinkRelation:
    first_section = min((s.start for s in ex.sections), default=len(ex.text))
    line_start = ex.text.rfind("\n", 0, c.start) + 1
    if c.start < first_section or BASIS_VERB_RE.search(ex.text[line_start : c.start]):
        return LinkRelation.implements
    return LinkRelation.cites


def resolve_citation(
    c: Citation, by_number: dict[str, list[Doc]], exclude: str
) -> tuple[LinkStatus, str | None, list[str], str | None]:
    """(status, resolved doc_id, candidate doc_ids, actual date) of one citation."""
    number = fold_number(c.number)
    if number is None:
        return LinkStatus.not_found, None, [], None
    cands = [d for d in by_number.get(number, []) if d.doc_id != exclude]
    if c.doc_type is not None:
        cands = [d for d in cands if d.ex.doc_type in (c.doc_type, DocType.other)]
    if c.issuer_place:
        cands = [d for d in cands if not d.place or au.fold_key(d.place) == au.fold_key(c.issuer_place)]
    if c.issuer_level:
        cands = [d for d in cands if not d.level or d.level == enum_value(c.issuer_level)]
    if not cands:
        return LinkStatus.not_found, None, [], None

    def pick(group: list[Doc]) -> str | None:
        """One document (copies of one document count once), else None."""
        return group[0].same_as if len({d.same_as for d in group}) == 1 else None

    ids = sorted({d.doc_id for d in cands})
    cited_year = _year_of(c.date) or (int(m.group(1)) if (m := NUMBER_YEAR_RE.search(c.number or "")) else None)
    if c.date:
        exact = [d for d in cands if d.ex.issued_date == c.date]
        if exact:
            one = pick(exact)
            return (LinkStatus.resolved, one, ids, c.date) if one else (LinkStatus.ambiguous, None, ids, None)
        undated = [d for d in cands if d.ex.issued_date is None and (d.ex.year is None or d.ex.year == cited_year)]
        dated = [d for d in cands if d.ex.issued_date is not None]
        if undated and not dated:  # a blank date cannot contradict the citation
            one = pick(undated)
            return (LinkStatus.resolved, one, ids, None) if one else (LinkStatus.ambiguous, None, ids, None)
        one = pick(dated)
        if one:
            return LinkStatus.date_mismatch, None, ids, next(d.ex.issued_date for d in dated if d.same_as == one)
        return LinkStatus.ambiguous, None, ids, None
    if cited_year is not None:
        cands = [d for d in cands if d.ex.year in (None, cited_year)] or cands
    one = pick(cands)
    return (
        (LinkStatus.resolved, one, ids, next(d.ex.issued_date for d in cands if d.same_as == one))
        if one
        else (LinkStatus.ambiguous, None, ids, None)
    )


def build_links(docs: list[Doc]) -> list[LinkRow]:
    by_number: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if (n := fold_number(d.ex.number)) is not None:
            by_number[n].append(d)
    links: list[LinkRow] = []
    basis: dict[tuple, list[tuple[Doc, str]]] = defaultdict(list)
    for d in docs:
        if d.duplicate_of:
            continue
        seen: dict[str, int] = {}
        for c in d.ex.citations:
            status, to, cands, actual = resolve_citation(c, by_number, d.doc_id)
            rel = relation_of(d.ex, c)
            key = citation_key(c)
            row = LinkRow(
                from_doc_id=d.doc_id,
                to_doc_id=to,
                relation=rel,
                key=key,
                status=status,
                citation_text=c.text,
                citation_start=c.start,
                citation_end=c.end,
                cited_date=c.date,
                actual_date=actual,
                candidates=cands,
            )
            if key in seen:  # the same document cited twice: keep one link, the basis one if any
                if rel == LinkRelation.implements and links[seen[key]].relation != LinkRelation.implements:
                    links[seen[key]] = row
                continue
            seen[key] = len(links)
            links.append(row)
        for row in probable_links(d, docs):  # cited by type + issuer + subject, without a number
            seen[row.key] = len(links)
            links.append(row)
        for i in seen.values():
            link = links[i]
            if link.relation != LinkRelation.implements:
                continue
            c_place = next((c.issuer_place for c in d.ex.citations if citation_key(c) == link.key), None)
            if link.to_doc_id:
                if link.status == LinkStatus.probable and any(
                    x.to_doc_id == link.to_doc_id and x.status == LinkStatus.resolved for x in links if x.from_doc_id == d.doc_id
                ):
                    continue  # also cited by number: that link says it
                basis[("doc", link.to_doc_id)].append((d, link.key))
            elif n := fold_number(next((c.number for c in d.ex.citations if citation_key(c) == link.key), None)):
                basis[("key", n, au.fold_key(c_place or ""), _year_of(link.cited_date))].append((d, link.key))
    by_id = {d.doc_id: d for d in docs}
    for members in basis.values():
        for i, (a, key) in enumerate(members):
            for b, _ in members[i + 1 :]:
                if a.same_as == b.same_as:
                    continue
                ra, rb = LEVEL_RANK.get(a.level or "", -1), LEVEL_RANK.get(b.level or "", -1)
                lo, hi = (a, b) if (ra, a.doc_id) <= (rb, b.doc_id) else (b, a)
                links.append(
                    LinkRow(
                        from_doc_id=lo.doc_id,
                        to_doc_id=by_id[hi.doc_id].doc_id,
                        relation=LinkRelation.same_basis,
                        key=key,
                        status=LinkStatus.resolved,
                        citation_text=None,
                        citation_start=None,
                        citation_end=None,
                        cited_date=None,
                        actual_date=None,
                        candidates=[],
                    )
                )
    return links


# ---------------------------------------------------------------- orchestration


def _child_level(doc: Doc) -> str | None:
    chain = au.LEVELS_BY_MODE[doc.mode]
    if doc.level not in chain or chain.index(doc.level) == len(chain) - 1:
        return None
    return chain[chain.index(doc.level) + 1]


def unit_plans(higher: Doc, lower_ids: list[str], docs: list[Doc]) -> list[UnitPlanRow]:
    child = _child_level(higher)
    if child is None or not higher.place:
        return []
    units = au.units_under(higher.level or "", higher.place, mode=higher.mode, province=higher.province)
    tied = [d for d in docs if d.doc_id in lower_ids]
    rows, used = [], set()
    for u in units:
        mine = [d.doc_id for d in tied if d.level == u.level and au.fold_key(d.place or "") == au.fold_key(u.place)]
        other = [
            d.doc_id
            for d in docs
            if d.doc_id not in mine
            and not d.duplicate_of
            and d.level == u.level
            and au.fold_key(d.place or "") == au.fold_key(u.place)
            and (d.province is None or higher.province is None or au.fold_key(d.province) == au.fold_key(higher.province))
        ]
        used.update(mine)
        rows.append(
            UnitPlanRow(
                directive_doc_id=higher.doc_id,
                unit_level=u.level,
                unit_place=u.place,
                unit_name=u.name,
                unit_code=u.code,
                has_plan=bool(mine),
                lower_doc_ids=mine,
                other_doc_ids=other,
            )
        )
    for d in tied:  # a tied plan whose unit the map does not list still shows
        if d.doc_id not in used:
            rows.append(
                UnitPlanRow(
                    directive_doc_id=higher.doc_id,
                    unit_level=d.level or "?",
                    unit_place=d.place or "?",
                    unit_name=d.ex.issuer.name or d.place or "?",
                    unit_code=d.unit_code,
                    has_plan=True,
                    lower_doc_ids=[d.doc_id],
                    other_doc_ids=[],
                )
            )
    return rows


def crosscheck(items: list[tuple[str, Extraction]]) -> CrosscheckResult:
    """The whole cross-check over documents given as (doc_id, Extraction)."""
    docs = [identify(doc_id, ex) for doc_id, ex in sorted(items, key=lambda x: x[0])]
    first: dict[tuple, Doc] = {}
    for d in docs:
        orig = first.get(d.identity)
        if orig is not None and same_content(orig.ex.text, d.ex.text):
            d.duplicate_of = orig.doc_id
        else:
            first.setdefault(d.identity, d)
    by_id = {d.doc_id: d for d in docs}
    res = CrosscheckResult(identities=[d.row() for d in docs])
    res.links = build_links(docs)
    res.checks = link_checks(res.links, {d.doc_id: d.ex.text for d in docs})
    for d in docs:
        if not d.duplicate_of:
            res.checks.extend(structure_checks(d.doc_id, d.ex))

    # (lower, higher, via): lower implements higher directly or through a shared basis
    pairs: dict[tuple[str, str], LinkRelation] = {}
    basis_spans: dict[tuple[str, str], tuple[int, int]] = {}  # the lower plan's citation of the higher one
    for link in res.links:
        if link.status not in LINKING or not link.to_doc_id or link.relation == LinkRelation.cites:
            continue
        lo, hi = by_id[link.from_doc_id], by_id[link.to_doc_id]
        # a document of unknown level that implements another one directly is taken as the lower
        lo_rank = LEVEL_RANK.get(lo.level or "", -1 if link.relation == LinkRelation.implements else 99)
        if LEVEL_RANK.get(hi.level or "", -1) > lo_rank:
            pairs.setdefault((lo.doc_id, hi.same_as), link.relation)
            if link.relation == LinkRelation.implements and link.citation_start is not None:
                basis_spans.setdefault((lo.doc_id, hi.same_as), (link.citation_start, link.citation_end))
    higher_ids = sorted(
        {hi for _, hi in pairs}
        | {
            d.doc_id
            for d in docs
            if not d.duplicate_of
            and d.ex.doc_type in DIRECTING_TYPES
            and _child_level(d)
            and any(r.kind == DirectiveKind.task for r in extract_directives(d.doc_id, d.ex, _child_level(d) or ""))
        }
    )
    directives: dict[tuple[str, str], list[DirectiveRow]] = {}
    # IDF over every distinct document of the run: the more documents, the better it knows
    # which words are boilerplate ("thực hiện", "cơ quan") and which carry the item.
    bg = Background.of([d.ex for d in docs if not d.duplicate_of])
    for hid in higher_ids:
        hi = by_id[hid]
        lowers = sorted(lo for lo, h in pairs if h == hid)
        levels = {by_id[lo].level or _child_level(hi) for lo in lowers} or {_child_level(hi)}
        for lvl in sorted(x for x in levels if x):
            directives[(hid, lvl)] = directive_items(hid, hi.ex, lvl)
            res.directives.extend(r for r in directives[(hid, lvl)] if r not in res.directives)
        bg_hi = bg.with_topic(topic_words(hi.ex))
        for lo in lowers:
            low = by_id[lo]
            res.coverage.extend(
                compute_coverage(
                    lo,
                    low.ex,
                    directives.get((hid, low.level or _child_level(hi) or ""), []),
                    pairs[(lo, hid)],
                    bg_hi,
                    basis=basis_spans.get((lo, hid)),
                )
            )
            res.checks.extend(deadline_checks(lo, low.ex, hid, hi.ex))
        res.unit_plans.extend(unit_plans(hi, lowers, docs))
    return res


def run_crosscheck(data_dir: str | Path) -> CrosscheckResult:
    """Cross-check everything ingested under ``data_dir`` and write the tables next to the others."""
    from kehoach.store.read import documents_version, load_extractions
    from kehoach.store.write import write_tables

    data_dir = Path(data_dir)
    basis = documents_version(data_dir)  # before reading: a result never claims newer documents than it saw
    result = crosscheck(load_extractions(data_dir))
    write_tables(data_dir, result.tables(), basis=basis)
    return result
