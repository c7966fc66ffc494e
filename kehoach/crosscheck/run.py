"""Cross-check: who implements what, like a legal citator, then coverage and checks.

1. **Identity** (:func:`identify`): every document gets a normalized key
   ``doc_type|number|issuer_level|issuer_place|date-or-year``; its parent unit is taken from
   the text or, when the text leaves it out, filled from ``vietnamadminunits`` (right map for
   the document's date). Copies of one document (the same plan as .txt, .docx and .pdf: same
   type, number, issuer, date and title) are marked ``duplicate_of`` and counted once.
2. **Citations** (:func:`resolve_citation`), through an index number → documents: number
   (folded: case, spaces, Đ/D), then issuer level/place, then date. ``resolved`` (one document;
   copies count as one), ``ambiguous`` (several), ``date_mismatch`` (the number and issuer
   match, the cited date differs), ``not_found``. A citation in the basis (before the first
   section, or after "Căn cứ", "Thực hiện", "Triển khai") is ``implements``, elsewhere ``cites``.
3. **same_basis**: documents that *carry out* the same higher document — found or not, by its
   resolved id or its (number, issuer place, year) — are linked lower level → higher. Carrying
   out: cited after "Thực hiện" / "Triển khai" / "ban hành kế hoạch thực hiện", or in the basis
   when the cited document is a local directing one; documents that merely cite the same law,
   decree, circular or normative act (a number with its year, "12/2024/QĐ-UBND") are not
   linked. Each member links to the higher-level members of the same province issued by its own
   parent unit, else to the highest-level ones — never every pair: the links grow with the corpus.
4. **Coverage**: each lower plan against every higher document it implements directly or
   through a same_basis link (:mod:`kehoach.crosscheck.coverage`). A pair is scored with the IDF
   of the shipped reference plus **the two documents** (``Background.of([lower, higher])``): as
   the thresholds were calibrated, and as the deadline check does. So a pair's rows depend on
   the pair alone, and a run recomputes only the pairs whose lower or higher document is new or
   changed (``coverage_pairs`` keeps what each pair was computed from).
5. **Checks**: a lower deadline later than the higher one, a cited date that differs from the
   real document's, a plan without TỔ CHỨC THỰC HIỆN, a citation not in the corpus.
6. **Unit plans**: every unit under each higher document's issuer (admin units), with or
   without a plan.

Pages that are not administrative documents (``administrative`` false) keep an identity row and
are left out of everything else.

**Scale.** What depends on one document alone is computed when it is extracted and stored with
it (:mod:`kehoach.crosscheck.features`); the cross-check reads those rows, never every
extraction: texts only for the few documents whose identity collides (copies), extractions only
for the pairs it has to score. :func:`crosscheck` takes a list of ``(doc_id, Extraction)``
(everything computed in memory: the full recompute) or a :class:`StoreCorpus` (the store's
features and the previous run's pairs); :func:`run_crosscheck` is the store's entry point.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kehoach.crosscheck import probable
from kehoach.crosscheck.checks import deadline_checks, link_checks
from kehoach.crosscheck.coverage import Background, compute_coverage, topic_words
from kehoach.crosscheck.directives import directive_items
from kehoach.schemas.contract import Citation, DocType, Extraction
from kehoach.schemas.crosscheck import (
    CheckKind,
    CheckRow,
    CoveragePairRow,
    CoverageRow,
    CrosscheckResult,
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
# A document cited in the basis ("Căn cứ …") is carried out, not just relied on, when it is one of
# these issued by a local body without a normative number.
LOCAL_DIRECTING_TYPES = DIRECTING_TYPES - {DocType.nghi_quyet}
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
class Identity:
    """Where a document comes from: its issuer, the unit above, the admin map of its date."""

    level: str | None
    place: str | None
    parent_level: str | None = None
    parent_place: str | None = None
    parent_source: str | None = None
    province: str | None = None
    unit_code: str | None = None
    mode: au.ParseMode = au.ParseMode.LEGACY


def identify(doc_id: str, ex: Extraction) -> Identity:
    """Identity of one document, with its parent filled from admin units when the text is silent."""
    level, place = enum_value(ex.issuer.level), ex.issuer.place
    parent = ex.parent if ex.parent and ex.parent.level and ex.parent.place else None
    mode = au.mode_for(
        ex.issued_date, ex.year, names_district=bool(parent and enum_value(parent.level) == "huyen") or level == "huyen"
    )
    doc = Identity(level, place, mode=mode)
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


def child_level(doc) -> str | None:
    """The level directly below a document's issuer (None at the bottom or when unknown)."""
    mode = doc.mode if isinstance(doc.mode, au.ParseMode) else au.ParseMode(doc.mode)
    chain = au.LEVELS_BY_MODE[mode]
    if doc.level not in chain or chain.index(doc.level) == len(chain) - 1:
        return None
    return chain[chain.index(doc.level) + 1]


def same_content(a: str, b: str) -> bool:
    """Two texts of one document (the same plan read from .txt, .docx and .pdf): their word sets
    overlap by at least :data:`SAME_CONTENT_AT` (Jaccard). Identity fields alone are not enough:
    two drafts with blank number, date and title would look alike."""
    wa, wb = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    return bool(wa or wb) and len(wa & wb) / len(wa | wb) >= SAME_CONTENT_AT


def relation_of(ex: Extraction, c: Citation) -> LinkRelation:
    first_section = min((s.start for s in ex.sections), default=len(ex.text))
    line_start = ex.text.rfind("\n", 0, c.start) + 1
    if c.start < first_section or BASIS_VERB_RE.search(ex.text[line_start : c.start]):
        return LinkRelation.implements
    return LinkRelation.cites


# ---------------------------------------------------------------- documents as the cross-check sees them

from kehoach.crosscheck import features as feat  # noqa: E402  (features imports the functions above lazily)


@dataclass
class Doc:
    """A document with its identity, from its stored features."""

    f: feat.DocFeatures
    duplicate_of: str | None = None

    @property
    def doc_id(self) -> str:
        return self.f.doc_id

    @property
    def level(self) -> str | None:
        return self.f.issuer_level

    @property
    def place(self) -> str | None:
        return self.f.issuer_place

    @property
    def mode(self) -> au.ParseMode:
        return au.ParseMode(self.f.admin_mode)

    @property
    def province(self) -> str | None:
        return self.f.province

    @property
    def same_as(self) -> str:
        return self.duplicate_of or self.doc_id

    @property
    def parent_place(self) -> str | None:
        return self.f.parent_place

    @property
    def ex(self) -> feat.DocFeatures:
        """What :func:`kehoach.crosscheck.probable.resolve_unnumbered` reads of a candidate's
        extraction (doc_type, title, issued_date): its features have them."""
        return self.f

    @property
    def identity(self) -> tuple:
        f = self.f
        return (
            f.doc_type.value,
            fold_number(f.number),
            f.issuer_level,
            au.fold_key(f.issuer_place or ""),
            f.issued_date,
            f.year,
            au.fold_key(f.title or ""),
        )

    def row(self) -> DocIdentityRow:
        f = self.f
        return DocIdentityRow(
            doc_id=f.doc_id,
            key=make_key(f.doc_type, f.number, f.issuer_level, f.issuer_place, f.issued_date, f.year),
            doc_type=f.doc_type.value,
            number=fold_number(f.number),
            issuer_level=f.issuer_level,
            issuer_place=f.issuer_place,
            parent_level=f.parent_level,
            parent_place=f.parent_place,
            parent_source=f.parent_source,
            province=f.province,
            unit_code=f.unit_code,
            admin_mode=f.admin_mode,
            issued_date=f.issued_date,
            year=f.year,
            title=f.title,
            duplicate_of=self.duplicate_of,
        )


# ---------------------------------------------------------------- citations


def citation_key(c) -> str:
    return make_key(c.doc_type, c.number, c.issuer_level, c.issuer_place, c.date, _year_of(c.date))


def resolve_citation(c, by_number: dict[str, list[Doc]], exclude: str) -> tuple[LinkStatus, str | None, list[str], str | None]:
    """(status, resolved doc_id, candidate doc_ids, actual date) of one citation."""
    number = fold_number(c.number)
    if number is None:
        return LinkStatus.not_found, None, [], None
    cands = [d for d in by_number.get(number, []) if d.doc_id != exclude]
    if c.doc_type is not None:
        cands = [d for d in cands if d.f.doc_type in (c.doc_type, DocType.other)]
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
        exact = [d for d in cands if d.f.issued_date == c.date]
        if exact:
            one = pick(exact)
            return (LinkStatus.resolved, one, ids, c.date) if one else (LinkStatus.ambiguous, None, ids, None)
        undated = [d for d in cands if d.f.issued_date is None and (d.f.year is None or d.f.year == cited_year)]
        dated = [d for d in cands if d.f.issued_date is not None]
        if undated and not dated:  # a blank date cannot contradict the citation
            one = pick(undated)
            return (LinkStatus.resolved, one, ids, None) if one else (LinkStatus.ambiguous, None, ids, None)
        one = pick(dated)
        if one:
            return LinkStatus.date_mismatch, None, ids, next(d.f.issued_date for d in dated if d.same_as == one)
        return LinkStatus.ambiguous, None, ids, None
    if cited_year is not None:
        cands = [d for d in cands if d.f.year in (None, cited_year)] or cands
    one = pick(cands)
    return (
        (LinkStatus.resolved, one, ids, next(d.f.issued_date for d in cands if d.same_as == one))
        if one
        else (LinkStatus.ambiguous, None, ids, None)
    )


def carries_out(c: feat.CitationFeature) -> bool:
    """A basis citation that makes the citing document an implementation of the cited one (see 3.
    in the module docstring): never a law, decree, circular or normative act."""
    if c.relation != LinkRelation.implements:
        return False
    if NUMBER_YEAR_RE.search(c.number or "") or c.issuer_level == "trung_uong" or c.doc_type == DocType.nghi_quyet:
        return False
    return c.verb == "thuc_hien" or c.doc_type in LOCAL_DIRECTING_TYPES


def _same_basis_links(members: list[tuple[Doc, str]]) -> list[LinkRow]:
    """Each member → the higher-level members of the same province issued by its parent unit (a
    district's plan and its revision), else → the highest-level ones. Never every pair: links per
    member are the documents one unit issued for this basis, so they grow with the corpus."""
    seen: set[str] = set()
    uniq = []
    for d, key in members:  # one entry per document (copies count once)
        if d.same_as not in seen:
            seen.add(d.same_as)
            uniq.append((d, key))
    out = []
    for d, key in uniq:
        rank = LEVEL_RANK.get(d.level or "", -1)
        higher = [
            h
            for h, _ in uniq
            if LEVEL_RANK.get(h.level or "", -1) > rank
            and (d.province is None or h.province is None or au.fold_key(d.province) == au.fold_key(h.province))
        ]
        if not higher:
            continue
        targets = [
            h
            for h in higher
            if d.f.parent_level
            and h.level == d.f.parent_level
            and au.fold_key(h.place or "") == au.fold_key(d.f.parent_place or "")
        ]
        if not targets:
            top = max(LEVEL_RANK.get(h.level or "", -1) for h in higher)
            targets = [h for h in higher if LEVEL_RANK.get(h.level or "", -1) == top]
        for to in sorted(targets, key=lambda h: h.doc_id):
            out.append(
                LinkRow(
                    from_doc_id=d.doc_id,
                    to_doc_id=to.doc_id,
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
    return out


def _probable_links(d: Doc, by_type: dict[DocType, list[Doc]]) -> list[tuple[LinkRow, feat.CitationFeature]]:
    """:func:`kehoach.crosscheck.probable.probable_links` over the stored number-less citations of
    ``d``, candidates from the index by type; each with the citation as the link builder reads it."""
    rows = []
    for c, row in probable.probable_links(
        d, [x for t in {c.doc_type for c in d.f.unnumbered} for x in by_type.get(t, [])], d.f.unnumbered
    ):
        verb = "can_cu" if c.text.lower().startswith("căn") else "thuc_hien"
        cite = feat.CitationFeature(
            c.text, c.doc_type, None, None, c.issuer_level, c.issuer_place, c.start, c.end, LinkRelation.implements, verb
        )
        rows.append((row, cite))
    return rows


def build_links(docs: list[Doc]) -> list[LinkRow]:
    """Links of every administrative document: its citations resolved through the number index,
    then the same_basis links (groups by what they carry out, not pairs)."""
    by_number: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.f.administrative and (n := fold_number(d.f.number)) is not None:
            by_number[n].append(d)
    by_type: dict[DocType, list[Doc]] = defaultdict(list)  # candidates of number-less citations
    for d in docs:
        if d.f.administrative and not d.duplicate_of:
            by_type[d.f.doc_type].append(d)
    links: list[LinkRow] = []
    basis: dict[tuple, list[tuple[Doc, str]]] = defaultdict(list)
    for d in docs:
        if d.duplicate_of or not d.f.administrative:
            continue
        seen: dict[str, int] = {}
        cite_of: dict[str, feat.CitationFeature] = {}
        for c in d.f.citations:
            status, to, cands, actual = resolve_citation(c, by_number, d.doc_id)
            rel = c.relation
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
                    cite_of[key] = c
                continue
            seen[key] = len(links)
            cite_of[key] = c
            links.append(row)
        probable_rows = _probable_links(d, by_type)  # cited by type + issuer + subject, without a number
        for row, c in probable_rows:
            seen[row.key] = len(links)
            cite_of[row.key] = c
            links.append(row)
        for key, i in seen.items():
            link, c = links[i], cite_of[key]
            if not carries_out(c):
                continue
            if link.status == LinkStatus.probable and any(
                x.to_doc_id == link.to_doc_id and x.status == LinkStatus.resolved for x in links if x.from_doc_id == d.doc_id
            ):
                continue  # also cited by number: that link says it
            if link.to_doc_id:
                basis[("doc", link.to_doc_id)].append((d, link.key))
            elif fold_number(c.number):
                basis[("key", fold_number(c.number), au.fold_key(c.issuer_place or ""), _year_of(link.cited_date))].append(
                    (d, link.key)
                )
    for members in basis.values():  # in the order documents (by id) first carried them out
        links.extend(_same_basis_links(members))
    return links


# ---------------------------------------------------------------- unit plans


@cache
def _fold(place: str) -> str:
    return au.fold_key(place)


@lru_cache(maxsize=4096)
def _units_under(level: str, place: str, mode: au.ParseMode, province: str | None) -> list:
    return au.units_under(level, place, mode=mode, province=province)


def _unit_key(level: str | None, place: str | None) -> tuple[str | None, str]:
    return level, _fold(place or "")


def unit_plans(higher: Doc, lower_ids: list[str], by_id: dict[str, Doc], by_unit: dict[tuple, list[Doc]]) -> list[UnitPlanRow]:
    child = child_level(higher)
    if child is None or not higher.place:
        return []
    units = _units_under(higher.level or "", higher.place, higher.mode, higher.province)
    tied = [by_id[x] for x in sorted(lower_ids)]
    rows, used = [], set()
    for u in units:
        mine = [d.doc_id for d in tied if _unit_key(d.level, d.place) == _unit_key(u.level, u.place)]
        other = [
            d.doc_id
            for d in by_unit.get(_unit_key(u.level, u.place), [])
            if d.doc_id not in mine
            and not d.duplicate_of
            and (d.province is None or higher.province is None or _fold(d.province) == _fold(higher.province))
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
                    unit_name=d.f.issuer_name or d.place or "?",
                    unit_code=d.f.unit_code,
                    has_plan=True,
                    lower_doc_ids=[d.doc_id],
                    other_doc_ids=[],
                )
            )
    return rows


# ---------------------------------------------------------------- corpora


@cache
def code_version() -> str:
    """Hash of the cross-check's code and data: a pair computed by other code is computed again."""
    from kehoach.crosscheck.words import DATA_DIR

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in (
        sorted(here.rglob("*.py"))
        + sorted(DATA_DIR.glob("*.csv"))
        + sorted(DATA_DIR.glob("*.txt"))
        + sorted(DATA_DIR.glob("*.json"))
    ):
        h.update(p.relative_to(here.parent).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class MemoryCorpus:
    """Documents given as ``(doc_id, Extraction)``: every feature computed here, nothing reused."""

    def __init__(self, items: list[tuple[str, Extraction]]):
        self.items = dict(sorted(items, key=lambda x: x[0]))
        self._features = {doc_id: feat.compute(doc_id, ex) for doc_id, ex in self.items.items()}

    def features(self) -> list[feat.DocFeatures]:
        return list(self._features.values())

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.items[i].text for i in ids}

    def extractions(self, ids: Iterable[str]) -> dict[str, Extraction]:
        return {i: self.items[i] for i in ids}

    def directives(self, doc_id: str, level: str) -> list[DirectiveRow]:
        stored = self._features[doc_id].directives or {}
        return stored[level] if level in stored else directive_items(doc_id, self.items[doc_id], level)

    def signature(self, lower: str, higher: str, basis: tuple[int, int] | None = None) -> str:
        return ""

    def previous(self, pair: CoveragePairRow) -> tuple[list[CoverageRow], list[CheckRow]] | None:
        return None


class StoreCorpus:
    """The documents of one store snapshot, through their stored features (see the module docstring).

    Documents stored without features (or with an older :data:`~kehoach.crosscheck.features.FEATURES_VERSION`)
    get them computed here from their extraction, a batch file at a time. The previous run's
    ``coverage_pairs`` say which pairs can keep their rows."""

    def __init__(self, data_dir: str | Path):
        from kehoach.store import read as store_read

        self.data_dir = Path(data_dir)
        self.snap = store_read.snapshot(self.data_dir)
        self._directives: dict[tuple[str, str], list[DirectiveRow]] = {}
        self._computed: dict[str, feat.DocFeatures] = {}
        self._features: dict[str, feat.DocFeatures] = {}
        self._versions: dict[str, str] = {}
        self._cache: OrderedDict[str, Extraction] = OrderedDict()
        self._previous: dict[tuple, tuple[str, list[CoverageRow], list[CheckRow]]] = {}
        self.recomputed_features = 0
        self.reused_pairs = 0
        self.computed_pairs = 0
        self._embeddings: dict[tuple[str, str, str], bytes] | None = None  # (doc_id, role, sha1) → vector: stored + new
        self._stored_embeddings = 0

    def _read(self, table: str, columns: list[str] | None = None, ids: set[str] | None = None):
        """Rows of a table of the snapshot in its declared schema; with ``ids``, only those documents' rows."""
        from kehoach.store.read import arrow_schema, read_documents_rows, read_entries

        if self.snap is None:
            return arrow_schema(table).empty_table() if columns is None else arrow_schema(table).empty_table().select(columns)
        if ids is None:
            return read_entries(self.data_dir, table, self.snap.entries(table), columns)
        return read_documents_rows(self.snap, table, ids, columns)

    def features(self) -> list[feat.DocFeatures]:
        import pyarrow.parquet as pq

        docs = self._read("documents", ["doc_id", "versions"])
        self._versions = dict(zip(docs.column("doc_id").to_pylist(), docs.column("versions").to_pylist(), strict=True))
        out: dict[str, feat.DocFeatures] = {}
        for row in self._read("doc_features").to_pylist():
            if row["features_version"] == feat.FEATURES_VERSION and row["doc_id"] in self._versions:
                out[row["doc_id"]] = feat.from_row(row)
        missing = set(self._versions) - set(out)
        if missing and self.snap is not None:  # stored before features existed: computed here, a file at a time
            for e in self.snap.entries("documents"):
                pf = pq.ParquetFile(self.data_dir / e["file"])
                for batch in pf.iter_batches(batch_size=64, columns=["doc_id", "extraction_json"]):
                    for doc_id, js in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True):
                        if doc_id in missing:
                            out[doc_id] = self._computed[doc_id] = feat.compute(doc_id, Extraction.model_validate_json(js))
            self.recomputed_features = len(missing)
        self._features = out
        return [out[d] for d in sorted(out)]

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        ids = set(ids)
        if not ids:
            return {}
        t = self._read("documents", ["doc_id", "text"], ids)
        return dict(zip(t.column("doc_id").to_pylist(), t.column("text").to_pylist(), strict=True))

    def extractions(self, ids: Iterable[str]) -> dict[str, Extraction]:
        ids = set(ids)
        out = {i: self._cache[i] for i in ids if i in self._cache}
        todo = ids - set(out)
        if todo:
            t = self._read("documents", ["doc_id", "extraction_json"], todo)
            for doc_id, js in zip(t.column("doc_id").to_pylist(), t.column("extraction_json").to_pylist(), strict=True):
                out[doc_id] = Extraction.model_validate_json(js)
        for i, ex in out.items():
            self._cache[i] = ex
            self._cache.move_to_end(i)
        while len(self._cache) > 64:
            self._cache.popitem(last=False)
        return out

    def load_directives(self, ids: set[str]) -> None:
        """Stored directive items of these documents, read at once."""
        for row in self._read("doc_directives", ids=ids - set(self._computed)).to_pylist():
            self._directives.setdefault((row["doc_id"], row["lower_level"]), []).append(feat.directive_from_row(row))

    def directives(self, doc_id: str, level: str) -> list[DirectiveRow]:
        f = self._features[doc_id]
        if f.directives is not None and level in f.directives:  # computed here
            return f.directives[level]
        if f.directives is None and f.administrative and level in {*feat.lower_levels(), f.child_level}:
            return self._directives.get((doc_id, level), [])  # stored (no row: no item)
        key = (doc_id, level)
        if key not in self._directives:
            self._directives[key] = directive_items(doc_id, self.extractions([doc_id])[doc_id], level)
        return self._directives[key]

    def signature(self, lower: str, higher: str, basis: tuple[int, int] | None = None) -> str:
        """What a pair's rows are computed from: the cross-check's code and data, the matcher
        (``$KEHOACH_MATCHER``), both documents' extractor versions, the lower plan's basis citation."""
        blob = json.dumps(
            [
                code_version(),
                feat.FEATURES_VERSION,
                os.environ.get("KEHOACH_MATCHER", ""),
                self._versions.get(lower),
                self._versions.get(higher),
                list(basis) if basis else None,
            ]
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def recall_embeddings(self) -> None:
        """Before a pair is computed: the stored embeddings (table ``embeddings``) of the model in
        use put in the matcher's cache, once per run, when the matcher embeds (the hybrid)."""
        from kehoach.crosscheck.matching import get_matcher

        if self._embeddings is not None or not getattr(get_matcher(), "embeds", False):
            return
        import numpy as np
        import pyarrow.compute as pc

        from kehoach.crosscheck.matching import semantic

        self._embeddings = {}
        if self.snap is not None and "embeddings" in self.snap.tables:
            t = self._read("embeddings")
            t = t.filter(pc.equal(t.column("method"), semantic.METHOD))
            cols = [t.column(c).to_pylist() for c in ("doc_id", "role", "text_sha1", "vector")]
            for doc_id, role, sha1, vector in zip(*cols, strict=True):
                self._embeddings[(doc_id, role, sha1)] = vector
            semantic.remember(
                {semantic.stored_key(r, s): np.frombuffer(v, dtype="<f4") for (_, r, s), v in self._embeddings.items()}
            )
        self._stored_embeddings = len(self._embeddings)
        semantic.take_used()  # what was used before this run belongs to no pair of it

    def keep_embeddings(self, lower: str, higher: str) -> None:
        """After a pair is computed: the embeddings the matcher used for it (computed now, read
        from the store or still in memory from an earlier run of this process), kept under their
        document: a passage under the lower plan, an item under the higher document."""
        if self._embeddings is None:
            return
        from kehoach.crosscheck.matching import semantic

        for key, vector in semantic.take_used().items():
            role, sha1 = semantic.key_parts(key)
            self._embeddings.setdefault((higher if role == "query" else lower, role, sha1), vector.astype("<f4").tobytes())

    def embedding_rows(self) -> list | None:
        """The ``embeddings`` table to store: the stored rows of documents still in the store plus
        this run's; None when it is unchanged (no new embedding, no document gone)."""
        from kehoach.crosscheck.matching import semantic
        from kehoach.schemas.crosscheck import EmbeddingRow

        if self._embeddings is None:
            return None
        kept = {k: v for k, v in self._embeddings.items() if k[0] in self._versions}
        if len(kept) == self._stored_embeddings == len(self._embeddings):
            return None
        return [
            EmbeddingRow(doc_id=d, method=semantic.METHOD, role=r, text_sha1=s, vector=v) for (d, r, s), v in sorted(kept.items())
        ]

    def load_previous(self) -> None:
        """The previous run's pairs with their coverage rows and deadline checks."""
        from kehoach.store.read import read_entries

        if self.snap is None or "coverage_pairs" not in self.snap.tables:
            return
        rows = lambda t: read_entries(self.data_dir, t, self.snap.entries(t)).to_pylist()  # noqa: E731
        coverage: dict[tuple, list[CoverageRow]] = defaultdict(list)
        for r in rows("coverage"):
            coverage[(r["lower_doc_id"], r["directive_doc_id"])].append(CoverageRow.model_validate(r))
        checks: dict[tuple, list[CheckRow]] = defaultdict(list)
        for r in rows("checks"):
            if r["check"] == CheckKind.deadline_later.value:
                checks[(r["doc_id"], r["related_doc_id"])].append(CheckRow.model_validate(r))
        for r in rows("coverage_pairs"):
            pair = (r["lower_doc_id"], r["directive_doc_id"])
            self._previous[(*pair, r["via"], r["lower_level"])] = (r["signature"], coverage.get(pair, []), checks.get(pair, []))

    def previous(self, pair: CoveragePairRow) -> tuple[list[CoverageRow], list[CheckRow]] | None:
        hit = self._previous.get((pair.lower_doc_id, pair.directive_doc_id, pair.via.value, pair.lower_level))
        if hit is None or hit[0] != pair.signature:
            return None
        return hit[1], hit[2]


# ---------------------------------------------------------------- orchestration


def crosscheck(items: list[tuple[str, Extraction]] | StoreCorpus | MemoryCorpus, matcher: str | None = None) -> CrosscheckResult:
    """The whole cross-check over documents given as ``(doc_id, Extraction)`` (computed in full)
    or as a :class:`StoreCorpus` (stored features, unchanged pairs reused): the same tables.
    ``matcher``: the coverage matcher's name (default ``$KEHOACH_MATCHER`` or the default one); a
    corpus in memory only (a store's reused pairs are keyed on ``$KEHOACH_MATCHER``)."""
    if matcher is not None and isinstance(items, StoreCorpus):
        raise ValueError("a store is cross-checked with $KEHOACH_MATCHER's matcher")
    corpus = MemoryCorpus(items) if isinstance(items, list) else items
    docs = [Doc(f) for f in corpus.features()]
    by_id = {d.doc_id: d for d in docs}

    # copies: administrative documents with one identity and (nearly) one text
    groups: dict[tuple, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.f.administrative:
            groups[d.identity].append(d)
    texts = corpus.texts({d.doc_id for g in groups.values() if len(g) > 1 for d in g})
    for g in groups.values():
        if len(g) > 1:
            orig = g[0]
            for d in g[1:]:
                if same_content(texts[orig.doc_id], texts[d.doc_id]):
                    d.duplicate_of = orig.doc_id

    res = CrosscheckResult(identities=[d.row() for d in docs])
    res.links = build_links(docs)
    res.checks = link_checks(res.links)
    for d in docs:
        if not d.duplicate_of:
            res.checks.extend(d.f.checks)

    # (lower, higher, via): lower implements higher directly or through a shared basis
    pairs: dict[tuple[str, str], LinkRelation] = {}
    basis_spans: dict[tuple[str, str], tuple[int, int]] = {}  # the lower plan's citation of the higher one
    for link in res.links:
        if link.status not in LINKING or not link.to_doc_id or link.relation == LinkRelation.cites:
            continue
        lo, hi = by_id[link.from_doc_id], by_id[link.to_doc_id]
        if not (lo.f.administrative and hi.f.administrative):
            continue
        # a document of unknown level that implements another one directly is taken as the lower
        lo_rank = LEVEL_RANK.get(lo.level or "", -1 if link.relation == LinkRelation.implements else 99)
        if LEVEL_RANK.get(hi.level or "", -1) > lo_rank:
            pairs.setdefault((lo.doc_id, hi.same_as), link.relation)
            if link.relation == LinkRelation.implements and link.citation_start is not None:
                basis_spans.setdefault((lo.doc_id, hi.same_as), (link.citation_start, link.citation_end))
    lowers_of: dict[str, list[str]] = defaultdict(list)
    for lo, hi in pairs:
        lowers_of[hi].append(lo)
    higher_ids = sorted(set(lowers_of) | {d.doc_id for d in docs if not d.duplicate_of and d.f.administrative and d.f.directs})
    if isinstance(corpus, StoreCorpus):
        corpus.load_directives(set(higher_ids))
        corpus.load_previous()

    # what each pair needs: reused from the previous run, or computed (extractions read once)
    plan: list[tuple[str, list[tuple[CoveragePairRow, list[DirectiveRow]]]]] = []
    seen_directives: set[DirectiveRow] = set()
    for hid in higher_ids:
        hi = by_id[hid]
        lowers = sorted(lowers_of.get(hid, []))
        levels = {by_id[lo].level or child_level(hi) for lo in lowers} or {child_level(hi)}
        directives: dict[str, list[DirectiveRow]] = {}
        for lvl in sorted(x for x in levels if x):
            directives[lvl] = corpus.directives(hid, lvl)
            for r in directives[lvl]:
                if r not in seen_directives:
                    seen_directives.add(r)
                    res.directives.append(r)
        mine = []
        for lo in lowers:
            lvl = by_id[lo].level or child_level(hi) or ""
            pair = CoveragePairRow(
                lower_doc_id=lo,
                directive_doc_id=hid,
                via=pairs[(lo, hid)],
                lower_level=lvl,
                signature=corpus.signature(lo, hid, basis_spans.get((lo, hid))),
            )
            mine.append((pair, directives.get(lvl, [])))
        plan.append((hid, mine))
    # by higher document: the extractions in memory stay few (the higher one is kept for its lowers)
    for hid, mine in plan:
        for pair, items_ in mine:
            prev = corpus.previous(pair)
            if prev is not None:
                cov, dl = prev
                if isinstance(corpus, StoreCorpus):
                    corpus.reused_pairs += 1
            else:
                lo = pair.lower_doc_id
                exs = corpus.extractions([lo, hid])
                low, high = exs[lo], exs[hid]
                bg = Background.of([low, high]).with_topic(topic_words(high))
                if isinstance(corpus, StoreCorpus):
                    corpus.recall_embeddings()
                cov = compute_coverage(lo, low, items_, pair.via, bg, matcher=matcher, basis=basis_spans.get((lo, hid)))
                dl = deadline_checks(lo, low, hid, high)
                if isinstance(corpus, StoreCorpus):
                    corpus.keep_embeddings(lo, hid)
                    corpus.computed_pairs += 1
            res.coverage.extend(cov)
            res.checks.extend(dl)
            res.pairs.append(pair)
    by_unit: dict[tuple, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.level and d.place:
            by_unit[_unit_key(d.level, d.place)].append(d)
    for hid, mine in plan:
        res.unit_plans.extend(unit_plans(by_id[hid], [p.lower_doc_id for p, _ in mine], by_id, by_unit))
    return res


def run_crosscheck(data_dir: str | Path) -> CrosscheckResult:
    """Cross-check everything ingested under ``data_dir`` and write the tables next to the others:
    stored features, the previous run's unchanged pairs reused (:class:`StoreCorpus`)."""
    from kehoach.store.read import documents_version
    from kehoach.store.write import write_tables

    data_dir = Path(data_dir)
    basis = documents_version(data_dir)  # before reading: a result never claims newer documents than it saw
    corpus = StoreCorpus(data_dir)
    result = crosscheck(corpus)
    tables = result.tables()
    embeddings = corpus.embedding_rows()  # the matcher's embeddings, for the next run (None: unchanged)
    if embeddings is not None:
        tables["embeddings"] = embeddings
    write_tables(data_dir, tables, basis=basis)
    return result
