"""What the report shows, as plain data: one model for the HTML report, the workbook and the
per-unit PDF (and the web app's matrix), so they never disagree.

Rules every output follows:

- **Corrections first**: the machine's results with the people's corrections applied
  (:mod:`kehoach.present.corrections`); corrected cells are marked.
- **A document counts once**: copies of the same document in other formats (the cross-check's
  ``duplicate_of``) are listed beside the original and never counted, matched or checked again.
- **Files that could not be read are never hidden**: every rejected file is listed; when its path
  (file or folder name) names exactly one lower unit, it is attributed to that unit, whose status
  becomes "Có tệp không đọc được" unless a readable plan of it is there too.
- **Item text wherever a code appears**: cells and quotes carry their directive item.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from kehoach.present.corrections import Review, Reviewed, apply_corrections
from kehoach.present.labels import LEVEL_VI, STATUS_VI, doc_label
from kehoach.schemas.contract import Extraction
from kehoach.schemas.corrections import CorrectionRow
from kehoach.schemas.crosscheck import CoverageRow, CrosscheckResult, DirectiveRow, UnitPlanRow
from kehoach.text import admin_units as au
from kehoach.text.forms import strip_accents
from kehoach.text.units import UNIT_WORDS, level_of

# "--unit huyện Hớn Quản", also typed without tone marks ("huyen hon quan"): a unit word and a name
_FOLDED_WORDS = {strip_accents(w): w for w, _ in UNIT_WORDS}
UNIT_ARG_RE = re.compile(
    r"^\s*(" + "|".join(re.escape(w) for w in sorted(_FOLDED_WORDS, key=len, reverse=True)) + r")\s+(.+?)\s*$"
)
# a unit's place as the cross-check compares it ('Hớn Quản' → 'hon quan'): the same few hundred
# places for tens of thousands of unit rows, each folded once
_fold_key = functools.lru_cache(maxsize=65536)(au.fold_key)
# a path's words, for attributing an unreadable file to a unit by its file or folder name
PATH_WORD_RE = re.compile(r"[a-z0-9]+")


def pages_of(ex: Extraction) -> list[tuple[int, int, int]]:
    """(page, start, end) of a document's pages in its text, when the extraction records where
    pages start (``source.page_starts``, PDF); [] otherwise."""
    starts = list(getattr(ex.source, "page_starts", None) or [])
    if not starts:
        return []
    ends = [*starts[1:], len(ex.text)]
    return [(i + 1, s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


@dataclass
class Sources:
    """Everything a report reads from the store."""

    items: list[tuple[str, Extraction]]
    result: CrosscheckResult
    corrections: list[CorrectionRow] = field(default_factory=list)
    rejections: list[dict] = field(default_factory=list)  # rows of the `rejections` table
    input_dirs: list[str] = field(default_factory=list)  # runs.input_dir: paths are read relative to them
    pages: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # doc_id → (page, start, end)

    def __post_init__(self) -> None:
        for doc_id, ex in self.items:  # pages the extraction records (PDF), unless given
            if doc_id not in self.pages and (found := pages_of(ex)):
                self.pages[doc_id] = found

    def page_of(self, doc_id: str, offset: int | None) -> int | None:
        """PDF page of an offset in a document's text (None when unknown)."""
        if offset is None:
            return None
        for page, start, end in self.pages.get(doc_id, []):
            if start <= offset < end:
                return page
        return None


@dataclass(frozen=True)
class Cell:
    """One matrix cell: a directive item for one lower plan."""

    directive: DirectiveRow
    coverage: CoverageRow | None
    review: Review | None = None
    page: int | None = None

    @property
    def status(self) -> str:
        return self.coverage.status.value if self.coverage else "none"

    @property
    def label(self) -> str:
        return STATUS_VI[self.status] if self.coverage else "—"


# ---------------------------------------------------------------- units


def parse_unit(unit: str) -> tuple[str | None, str]:
    """'huyện Hớn Quản' → ('huyen', 'Hớn Quản'); 'xa minh tam' → ('xa', 'minh tam'); a bare name → (None, name)."""
    m = UNIT_ARG_RE.match(strip_accents(unit))
    if not m:
        return None, unit.strip()
    place = unit[m.start(2) : m.end(2)]  # strip_accents keeps offsets for NFC text
    return level_of(_FOLDED_WORDS[m.group(1)], place).value, place


def _matches(level: str | None, key: str, u_level: str | None, u_place: str | None) -> bool:
    return _fold_key(u_place or "") == key and level in (None, u_level)


def known_units(result: CrosscheckResult) -> list[str]:
    """Names of every unit the store knows (issuers and lower units), for suggestions."""
    names: dict[str, str] = {}
    for u in result.unit_plans:
        names.setdefault(strip_accents(u.unit_name), u.unit_name)
    for i in result.identities:
        if i.issuer_place:
            name = f"{LEVEL_VI.get(i.issuer_level or '', '')} {i.issuer_place}".strip()
            names.setdefault(strip_accents(name), name)
    return sorted(names.values())


def suggest_unit(unit: str, result: CrosscheckResult) -> str | None:
    """The closest unit name (without tone marks) to what was typed, if any is close."""
    names = known_units(result)
    folded = {strip_accents(n): n for n in names}
    for query in (strip_accents(unit), strip_accents(parse_unit(unit)[1])):
        best = difflib.get_close_matches(query, list(folded), n=1, cutoff=0.6)
        if best:
            return folded[best[0]]
        by_place = {strip_accents(parse_unit(n)[1]): n for n in names}
        best = difflib.get_close_matches(query, list(by_place), n=1, cutoff=0.6)
        if best:
            return by_place[best[0]]
    return None


def resolve_scope(
    result: CrosscheckResult, by_id: dict[str, Extraction], unit: str | None
) -> tuple[list[str], tuple[str | None, str] | None]:
    """Higher documents to report on and — when ``unit`` is a lower unit ("xã Minh Tâm") rather
    than the issuer of directives — that unit, to keep only its rows. ``([], None)``: no match."""
    highers = sorted({u.directive_doc_id for u in result.unit_plans} | {c.directive_doc_id for c in result.coverage})
    if not unit:
        return highers, None
    level, place = parse_unit(unit)
    key = _fold_key(place)
    keep = [
        h
        for h in highers
        if h in by_id and _matches(level, key, getattr(by_id[h].issuer.level, "value", None), by_id[h].issuer.place)
    ]
    if keep:
        return keep, None
    as_lower = sorted({u.directive_doc_id for u in result.unit_plans if _matches(level, key, u.unit_level, u.unit_place)})
    if as_lower:
        return as_lower, (level, place)
    return [], None


# ---------------------------------------------------------------- unreadable files


def path_words(path: str, input_dirs: list[str]) -> list[str]:
    """Words of a file's path below the folder it was dropped in (file and folder names only)."""
    rel = path
    for d in sorted(input_dirs, key=len, reverse=True):
        if d and path.startswith(d.rstrip("/") + "/"):
            rel = path[len(d.rstrip("/")) + 1 :]
            break
    else:
        rel = "/".join(PurePath(path).parts[-3:])  # no known drop folder: the last folders and the name
    return PATH_WORD_RE.findall(strip_accents(rel))


def unit_in_path(words: list[str], place: str) -> int:
    """How strongly a path's words name a place: its words in a row ("xa-minh-tam") or run together
    ("MinhTam"); 0 when not. Places shorter than four letters never match (too many false hits)."""
    target = PATH_WORD_RE.findall(strip_accents(place))
    joined = "".join(target)
    if len(joined) < 4:
        return 0
    n = len(target)
    if any(words[i : i + n] == target for i in range(len(words) - n + 1)) or joined in words:
        return len(joined)
    return 0


def attribute_files(
    rejections: list[dict], units: list[UnitPlanRow], input_dirs: list[str]
) -> tuple[dict[tuple[str, str], list[dict]], list[dict]]:
    """Rejected files → the unit their path names (the longest match, only when it is one unit);
    returns ``({(unit_level, folded place): files}, files no unit could be read from)``."""
    places = {(u.unit_level, _fold_key(u.unit_place)): u.unit_place for u in units}
    by_unit: dict[tuple[str, str], list[dict]] = {}
    loose = []
    for rej in rejections:
        words = path_words(rej["file"], input_dirs)
        scores = {k: unit_in_path(words, place) for k, place in places.items()}
        best = max(scores.values(), default=0)
        winners = [k for k, s in scores.items() if s == best and s > 0]
        if len({k[1] for k in winners}) == 1:
            for k in winners:
                by_unit.setdefault(k, []).append(rej)
        else:
            loose.append(rej)
    return by_unit, loose


# ---------------------------------------------------------------- the model


def report_model(src: Sources, unit: str | None = None) -> dict:
    """Everything the templates and the workbook show, as plain data."""
    reviewed: Reviewed = apply_corrections(src.items, src.result, src.corrections)
    result, by_id = reviewed.result, dict(reviewed.items)
    dup_of = {i.doc_id: i.duplicate_of for i in result.identities if i.duplicate_of and i.duplicate_of != i.doc_id}
    copies: dict[str, list[str]] = {}
    for d, orig in dup_of.items():
        copies.setdefault(orig, []).append(d)
    highers, only = resolve_scope(result, by_id, unit)
    note = f"Không có văn bản chỉ đạo nào của {unit} trong thư mục đã nạp." if unit and not highers else None
    files_by_unit, loose = attribute_files(src.rejections, result.unit_plans, src.input_dirs)
    blocks = []
    in_scope: set[str] = set(highers)
    directives_of: dict[str, list[DirectiveRow]] = {}
    for d in result.directives:
        directives_of.setdefault(d.directive_doc_id, []).append(d)
    units_of: dict[str, list[UnitPlanRow]] = {}
    for u in result.unit_plans:
        units_of.setdefault(u.directive_doc_id, []).append(u)
    coverage_of: dict[str, dict[tuple[str, str], CoverageRow]] = {}
    for c in result.coverage:
        if c.lower_doc_id not in dup_of:
            coverage_of.setdefault(c.directive_doc_id, {})[(c.lower_doc_id, c.item_id)] = c
    for h in highers:
        directives = directives_of.get(h, [])
        order = {d.item_id: i for i, d in enumerate(directives)}
        units = units_of.get(h, [])
        cov = coverage_of.get(h, {})
        if only is not None:  # a lower unit's own view: its row(s) only
            units = [u for u in units if _matches(only[0], _fold_key(only[1]), u.unit_level, u.unit_place)]
            mine = {lo for u in units for lo in u.lower_doc_ids}
            cov = {k: c for k, c in cov.items() if k[0] in mine}
        lowers = sorted({lo for lo, _ in cov})
        in_scope.update(lowers)

        no_plan_cells = [Cell(d, None, None, None) for d in directives]  # a row without a plan: the same cells

        def cells(lo: str | None, h=h, directives=directives, cov=cov, no_plan_cells=no_plan_cells) -> list[Cell]:
            if not lo:
                return no_plan_cells
            out = []
            for d in directives:
                c = cov.get((lo, d.item_id)) if lo else None
                page = src.page_of(lo, c.evidence_start) if c and lo else None
                out.append(Cell(d, c, reviewed.cell(lo, h, d.item_id) if lo else None, page))
            return out

        def row(u: UnitPlanRow | None, lo: str | None, status: str, files: list[dict], name: str | None = None) -> dict:
            return {
                "unit": u,
                "name": u.unit_name if u else name,
                "place": u.unit_place if u else name,
                "doc_id": lo,
                "label": doc_label(by_id[lo]) if lo else None,
                "status": status,
                "files": files,
                "copies": [(c, by_id[c].source.format.value) for c in copies.get(lo, []) if c in by_id] if lo else [],
                "cells": cells(lo),
            }

        rows = []
        for u in sorted(units, key=lambda u: (not u.has_plan, u.unit_name)):
            files = files_by_unit.get((u.unit_level, _fold_key(u.unit_place)), [])
            plans = [lo for lo in u.lower_doc_ids if lo not in dup_of and lo in by_id]
            if plans:
                rows.extend(row(u, lo, "plan", files) for lo in plans)
            else:
                rows.append(row(u, None, "unreadable" if files else "no_plan", files))
        listed = {r["doc_id"] for r in rows}
        for lo in lowers:  # plans tied to the higher document with no unit row (no admin unit list)
            if lo not in listed:
                rows.append(row(None, lo, "plan", [], by_id[lo].issuer.name or doc_label(by_id[lo])))
        counts = {s: sum(1 for c in cov.values() if c.status.value == s) for s in STATUS_VI}
        evidence = [
            Cell(
                directives[order[k[1]]],
                cov[k],
                reviewed.cell(k[0], h, k[1]),
                src.page_of(k[0], cov[k].evidence_start),
            )
            for k in sorted(cov, key=lambda k: (k[0], order.get(k[1], 0)))
            if k[1] in order
        ]
        blocks.append(
            {
                "doc_id": h,
                "ex": by_id[h],
                "label": doc_label(by_id[h]),
                "title": by_id[h].title,
                "directives": directives,
                "rows": rows,
                "counts": counts,
                "corrected": sum(1 for k in cov if reviewed.cell(k[0], h, k[1])),
                "with_plan": [r for r in rows if r["status"] == "plan" and r["unit"]],
                "no_plan": [r for r in rows if r["status"] == "no_plan"],
                "unreadable": [r for r in rows if r["status"] == "unreadable"],
                "evidence": evidence,
            }
        )
    if unit:  # the unit's own documents and those of the units under it
        level, place = parse_unit(unit)
        key = _fold_key(place)
        for ident in result.identities:
            if _matches(level, key, ident.issuer_level, ident.issuer_place) or _matches(
                level, key, ident.parent_level, ident.parent_place
            ):
                in_scope.add(ident.doc_id)
    checks = [(i, k) for i, k in enumerate(result.checks) if k.doc_id not in dup_of and (not unit or k.doc_id in in_scope)]
    links = [lk for lk in result.links if lk.from_doc_id not in dup_of and (not unit or lk.from_doc_id in in_scope)]
    attributed = {id(f): k for k, fs in files_by_unit.items() for f in fs}
    unit_names = {(u.unit_level, _fold_key(u.unit_place)): u.unit_name for u in result.unit_plans}
    rejected = [
        {**r, "unit_name": unit_names.get(attributed[id(r)]) if id(r) in attributed else None}
        for r in sorted(src.rejections, key=lambda r: r["file"])
    ]
    deadlines = [
        (doc_id, ex, d, src.page_of(doc_id, d.start))
        for doc_id, ex in reviewed.items
        if doc_id not in dup_of and (not unit or doc_id in in_scope)
        for d in ex.deadlines
    ]
    return {
        "unit": unit,
        "note": note,
        "blocks": blocks,
        "checks": checks,
        "links": links,
        "by_id": by_id,
        "copies": copies,
        "dup_of": dup_of,
        "rejected": rejected,
        "loose": loose,
        "deadlines": deadlines,
        "reviewed": reviewed,
        "generated": dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
        "n_docs": len({i.doc_id for i in result.identities if i.doc_id not in dup_of}),
        "n_copies": len(dup_of),
    }
