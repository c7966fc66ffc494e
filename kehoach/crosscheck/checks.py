"""Checks over cross-checked documents. Each finding is a ``checks`` row with a Vietnamese message
and, when there is one, the offending span (``evidence_text == text[start:end]``):

- ``deadline_later`` (error): a lower plan's deadline later than the higher document's. Each
  lower deadline is compared with the higher deadline whose sentence is most alike (score ≥
  PARTIAL_AT), else with the latest one ("Báo cáo … trước ngày 15/11/2024" vs "… trước ngày
  31/10/2024").
- ``date_mismatch`` (error): "Kế hoạch số 120/KH-UBND ngày 16/3/2024" when document 120/KH-UBND
  of that issuer in the folder is dated 15/3/2024.
- ``citation_not_in_corpus`` (info), ``citation_ambiguous`` (warning): from the links.
- ``missing_to_chuc_thuc_hien`` (warning): a kế hoạch with no section of kind ``to_chuc_thuc_hien``.
"""

from __future__ import annotations

from kehoach.crosscheck.coverage import PARTIAL_AT, Background, match_score, tokenize
from kehoach.schemas.contract import DocType, Extraction, Section, SectionKind, walk_sections
from kehoach.schemas.crosscheck import CheckKind, CheckRow, LinkRelation, LinkRow, LinkStatus, Severity
from kehoach.schemas.tables import enum_value

DATED_DEADLINE_KINDS = {"before", "by", "on", "range"}


def _has_kind(sections: list[Section], kind: SectionKind) -> bool:
    return any(kind in s.kinds for s in walk_sections(sections))


def _fmt(date: str | None) -> str:
    return f"{date[8:10]}/{date[5:7]}/{date[:4]}" if date and len(date) >= 10 else (date or "?")


def _deadline_date(d) -> str | None:
    v = enum_value(d.kind)
    if v == "range":
        return d.end_date or d.date
    return d.date if v in DATED_DEADLINE_KINDS else None


def deadline_checks(lower_id: str, lower: Extraction, higher_id: str, higher: Extraction) -> list[CheckRow]:
    """Lower deadlines later than the higher document's (see the module docstring)."""
    highs = [(d, dd) for d in higher.deadlines if (dd := _deadline_date(d))]
    if not highs:
        return []
    bg = Background.of([lower, higher])
    out = []
    for d in lower.deadlines:
        ld = _deadline_date(d)
        if not ld:
            continue
        q = set(tokenize(d.context or d.text))
        scored = [(match_score(q, set(tokenize(h.context or h.text)), bg), h, hd) for h, hd in highs]
        best = max(scored, key=lambda x: x[0])
        _, h, hd = best if best[0] >= PARTIAL_AT else max(scored, key=lambda x: x[2])
        if ld > hd:
            out.append(
                CheckRow(
                    doc_id=lower_id,
                    check=CheckKind.deadline_later,
                    severity=Severity.error,
                    message=f"Thời hạn {_fmt(ld)} muộn hơn thời hạn {_fmt(hd)} của văn bản cấp trên (“{h.text}”).",
                    related_doc_id=higher_id,
                    start=d.start,
                    end=d.end,
                    evidence_text=lower.text[d.start : d.end],
                )
            )
    return out


def link_checks(links: list[LinkRow], texts: dict[str, str] | None = None) -> list[CheckRow]:
    """Findings from resolved links; ``texts`` maps doc_id → its text (for the quoted span). Without
    it the quote is the link's citation text, which is that span (the provenance rule)."""
    out = []
    for link in links:
        if link.relation == LinkRelation.same_basis:
            continue
        if link.citation_start is None:
            quote = None
        elif texts is None:
            quote = link.citation_text
        else:
            quote = texts[link.from_doc_id][link.citation_start : link.citation_end]
        span = dict(related_doc_id=None, start=link.citation_start, end=link.citation_end, evidence_text=quote)
        if link.status == LinkStatus.date_mismatch:
            span["related_doc_id"] = link.candidates[0] if link.candidates else None
            out.append(
                CheckRow(
                    doc_id=link.from_doc_id,
                    check=CheckKind.date_mismatch,
                    severity=Severity.error,
                    message=f"Trích dẫn ghi ngày {_fmt(link.cited_date)} nhưng văn bản trong thư mục ban hành ngày {_fmt(link.actual_date)}.",
                    **span,
                )
            )
        elif link.status == LinkStatus.not_found:
            out.append(
                CheckRow(
                    doc_id=link.from_doc_id,
                    check=CheckKind.citation_not_in_corpus,
                    severity=Severity.info,
                    message="Văn bản được viện dẫn không có trong thư mục đã nạp.",
                    **span,
                )
            )
        elif link.status == LinkStatus.ambiguous:
            out.append(
                CheckRow(
                    doc_id=link.from_doc_id,
                    check=CheckKind.citation_ambiguous,
                    severity=Severity.warning,
                    message=f"Trích dẫn khớp {len(link.candidates)} văn bản khác nhau; cần kiểm tra.",
                    **span,
                )
            )
    return out


def structure_checks(doc_id: str, ex: Extraction) -> list[CheckRow]:
    """A kế hoạch must have a TỔ CHỨC THỰC HIỆN part (who does what)."""
    if ex.doc_type != DocType.ke_hoach or _has_kind(ex.sections, SectionKind.to_chuc_thuc_hien):
        return []
    return [
        CheckRow(
            doc_id=doc_id,
            check=CheckKind.missing_to_chuc_thuc_hien,
            severity=Severity.warning,
            message="Kế hoạch không có phần TỔ CHỨC THỰC HIỆN.",
            related_doc_id=None,
            start=None,
            end=None,
            evidence_text=None,
        )
    ]
