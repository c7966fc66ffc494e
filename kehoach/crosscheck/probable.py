"""Links without a number: a plan that names its higher document by type, issuer and subject.

Commune plans often cite the district's plan before it has a number, or leave the number out:

    Thực hiện Kế hoạch của UBND huyện Hớn Quản về phát động phong trào thi đua theo chuyên đề
    “Thực hiện cải cách hành chính, nâng cao chỉ số cải cách hành chính trên địa bàn huyện Hớn
    Quản năm 2024”;

:func:`unnumbered_citations` finds such basis lines in one document (a per-document feature:
it depends on that document's text only, so it can be computed once at extraction and cached).
:func:`resolve_unnumbered` picks the document it names among candidates: same type, same issuer
level and place (the place may be left out: "Chỉ thị của Ủy ban nhân dân tỉnh về …" then means
the citing unit's own province or district), issued no later than the citing document, and a
title that holds the cited subject (:data:`SUBJECT_MIN` of the subject's syllables, numbers and
every number of the subject must be in the title, so "năm 2024" does not match a 2023 plan). Exactly one best candidate →
``probable``; two documents equally good → ``ambiguous``; none → ``not_found``.

:func:`probable_links` is what a link builder calls for one document: its number-less basis
citations as :class:`LinkRow` rows (relation ``implements``, status ``probable`` when found, the
citation as evidence span).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kehoach.schemas.contract import DocType, Extraction
from kehoach.schemas.crosscheck import LinkRelation, LinkRow, LinkStatus
from kehoach.schemas.tables import enum_value
from kehoach.text import admin_units as au

SUBJECT_MIN = 0.8  # share of the cited subject's syllables (IDF-free) the title must hold
MIN_SUBJECT_SYLLABLES = 4  # "về công tác" is no subject

TYPE_WORDS = {
    "kế hoạch": DocType.ke_hoach,
    "chỉ thị": DocType.chi_thi,
    "công văn": DocType.cong_van,
    "quyết định": DocType.quyet_dinh,
    "chương trình": DocType.chuong_trinh,
    "hướng dẫn": DocType.huong_dan,
    "nghị quyết": DocType.nghi_quyet,
    "thông báo": DocType.thong_bao,
}
LEVEL_WORDS = {
    "tỉnh": "tinh",
    "thành phố": None,  # a city is a province (Hà Nội) or a district-level city: decided by the map
    "huyện": "huyen",
    "quận": "huyen",
    "thị xã": "huyen",
    "xã": "xa",
    "phường": "xa",
    "thị trấn": "xa",
    "đặc khu": "xa",
}
_UP = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
# A basis line that names a document by type + issuer + subject, with no number between
# the type and the issuer (an optional date is allowed: "Kế hoạch ngày 05/3/2024 của …").
UNNUMBERED_RE = re.compile(
    r"^[\s*_-]*(?P<verb>Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Thực\s+hiện\s+chỉ\s+đạo\s+tại)\s+"
    r"(?P<type>" + "|".join(TYPE_WORDS) + r")\s+"
    r"(?:ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\s+)?"
    r"của\s+(?P<issuer>(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân|UBND)\s+"
    r"(?P<level>" + "|".join(sorted(LEVEL_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s+(?P<place>(?:[" + _UP + r"][\w]*)(?:\s+[" + _UP + r"][\w]*){0,3}))?"
    r"\s+(?:về\s+việc|về)\s+(?P<subject>(?:(?!\n[ \t]*\n)[^;:])+)",
    re.IGNORECASE | re.MULTILINE,
)
# Where a subject ends inside its match: the citing unit's own sentence ", UBND xã … ban hành …",
# the closing "./.", the end of the text.
SUBJECT_END_RE = re.compile(r",\s*(?:(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân|UBND)\s|\./\.|\n\s*(?:[IVX]+|\d+)\s*[.)]\s")
SYLLABLE_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class UnnumberedCitation:
    """A higher document named without its number (spans into the citing document's text)."""

    text: str
    start: int
    end: int
    doc_type: DocType
    issuer_level: str | None  # None: "thành phố" (province or district level)
    issuer_place: str | None  # None: left out ("của UBND tỉnh")
    subject: str


class Candidate(Protocol):
    """What :func:`resolve_unnumbered` reads of a document (``run.Doc`` has it)."""

    doc_id: str
    ex: Extraction
    level: str | None
    place: str | None

    @property
    def same_as(self) -> str: ...


def fold(text: str) -> str:
    """Lower case, NFC, đ kept (tone marks matter in Vietnamese: "Quản" ≠ "Quan")."""
    return unicodedata.normalize("NFC", text).lower()


def syllables(text: str) -> list[str]:
    return SYLLABLE_RE.findall(fold(text))


def unnumbered_citations(ex: Extraction) -> list[UnnumberedCitation]:
    """Number-less basis citations of one document: lines before its first section."""
    text = ex.text
    first_section = min((s.start for s in ex.sections), default=len(text))
    out = []
    for m in UNNUMBERED_RE.finditer(text, 0, first_section):
        # the subject runs to ";" (or ":", a blank line); the plan's own sentence after it is cut
        subject = SUBJECT_END_RE.split(m.group("subject"), maxsplit=1)[0].rstrip(" \t\n,.")
        if len(syllables(subject)) < MIN_SUBJECT_SYLLABLES:
            continue
        start = m.start("verb")
        end = m.start("subject") + len(subject)
        place = m.group("place")
        out.append(
            UnnumberedCitation(
                text=text[start:end],
                start=start,
                end=end,
                doc_type=TYPE_WORDS[fold(m.group("type"))],
                issuer_level=LEVEL_WORDS[fold(re.sub(r"\s+", " ", m.group("level")))],
                issuer_place=place.strip() if place else None,
                subject=subject,
            )
        )
    return out


def subject_match(subject: str, title: str | None) -> float:
    """Share of the cited subject's syllables (with multiplicity) found in the title (0–1)."""
    if not title:
        return 0.0
    want = syllables(subject)
    title_numbers = {s for s in syllables(title) if s.isdigit()}
    if any(s.isdigit() and s not in title_numbers for s in want):
        return 0.0  # "năm 2023" is not the 2024 plan, "Chỉ thị 05" not "Chỉ thị 08"
    have: dict[str, int] = {}
    for s in syllables(title):
        have[s] = have.get(s, 0) + 1
    hit = 0
    for s in want:
        if have.get(s, 0) > 0:
            have[s] -= 1
            hit += 1
    return hit / len(want) if want else 0.0


def _home_places(doc: Candidate) -> set[str]:
    """Places a citation that leaves the place out can mean: the citing unit's parent and province."""
    out = set()
    for attr in ("parent_place", "province"):
        if v := getattr(doc, attr, None):
            out.add(au.fold_key(v))
    return out


def resolve_unnumbered(
    c: UnnumberedCitation, citing: Candidate, candidates: Iterable[Candidate]
) -> tuple[LinkStatus, str | None, list[str], float]:
    """(status, doc_id, candidate ids, subject match) of one number-less citation."""
    citing_date = citing.ex.issued_date
    home = _home_places(citing)
    scored: list[tuple[float, Candidate]] = []
    for d in candidates:
        if d.doc_id == citing.doc_id or d.same_as == citing.same_as or getattr(d, "duplicate_of", None):
            continue
        if d.ex.doc_type != c.doc_type:
            continue
        if c.issuer_level is not None and d.level != c.issuer_level:
            continue
        if c.issuer_level is None and d.level not in ("tinh", "huyen"):
            continue
        if c.issuer_place:
            if not d.place or au.fold_key(d.place) != au.fold_key(c.issuer_place):
                continue
        elif not d.place or au.fold_key(d.place) not in home:
            continue
        if citing_date and d.ex.issued_date and d.ex.issued_date > citing_date:
            continue  # a plan cannot carry out a document issued after it
        score = subject_match(c.subject, d.ex.title)
        if score >= SUBJECT_MIN:
            scored.append((score, d))
    if not scored:
        return LinkStatus.not_found, None, [], 0.0
    scored.sort(key=lambda x: (-x[0], x[1].doc_id))
    best = scored[0][0]
    top = {d.same_as for s, d in scored if s >= best - 1e-9}
    ids = sorted({d.doc_id for _, d in scored})
    if len(top) > 1:
        return LinkStatus.ambiguous, None, ids, best
    return LinkStatus.probable, scored[0][1].same_as, ids, best


def citation_key(c: UnnumberedCitation) -> str:
    """Key of the cited document: type|?|level|place|? plus the subject's first syllables."""
    subject = "-".join(syllables(c.subject)[:12])
    place = au.fold_key(c.issuer_place) if c.issuer_place else "?"
    return f"{enum_value(c.doc_type)}|?|{c.issuer_level or '?'}|{place}|?|{subject}"


def probable_links(
    citing: Candidate, candidates: Iterable[Candidate], citations: Iterable[UnnumberedCitation] | None = None
) -> list[tuple[UnnumberedCitation, LinkRow]]:
    """The number-less basis citations of ``citing`` (``citations``, else read from its text) as
    ``implements`` links, one per citation, each with the citation it comes from.

    ``candidates``: the documents to look among (the whole folder, or those of the cited type when
    the caller keeps an index by type)."""
    cands = list(candidates)
    rows = []
    for c in unnumbered_citations(citing.ex) if citations is None else citations:
        status, to, ids, _ = resolve_unnumbered(c, citing, cands)
        rows.append(
            (
                c,
                LinkRow(
                    from_doc_id=citing.doc_id,
                    to_doc_id=to,
                    relation=LinkRelation.implements,
                    key=citation_key(c),
                    status=status,
                    citation_text=c.text,
                    citation_start=c.start,
                    citation_end=c.end,
                    cited_date=None,
                    actual_date=None,
                    candidates=ids,
                ),
            )
        )
    return rows
