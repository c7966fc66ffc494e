"""Compliance reports people can open: one self-contained HTML page, an Excel workbook, and one
HTML page per document with every quoted span marked (the report's evidence links land there).

Layout of ``out_dir``::

    bao-cao.html          the report (inline CSS, no script, no external asset)
    bao-cao.xlsx          Tổng hợp (the matrices) + one sheet per cross-check table
    van-ban/<doc_id>.html each document's text, evidence and directive spans marked with anchors

Every piece of document text goes through Jinja's autoescape or :func:`markupsafe.escape`:
a title containing ``<script>`` is shown as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from kehoach.schemas.contract import Extraction
from kehoach.schemas.crosscheck import CROSSCHECK_TABLE_DESCRIPTIONS, CROSSCHECK_TABLES, CrosscheckResult
from kehoach.text import admin_units as au
from kehoach.text.doc_types import type_label
from kehoach.text.units import UNIT_WORD_PATTERN, level_of

TEMPLATES = Path(__file__).parent / "templates"
REPORT_HTML = "bao-cao.html"
REPORT_XLSX = "bao-cao.xlsx"
DOC_DIR = "van-ban"

STATUS_VI = {"implemented": "Đã thực hiện", "partial": "Một phần", "missing": "Chưa thấy"}
KIND_VI = {"task": "Nhiệm vụ giao", "content": "Nội dung", "criterion": "Tiêu chuẩn", "deadline": "Thời hạn"}
RELATION_VI = {"implements": "Thực hiện / căn cứ", "cites": "Viện dẫn", "same_basis": "Cùng căn cứ"}
LINK_STATUS_VI = {
    "resolved": "Đã xác định",
    "not_found": "Không có trong thư mục",
    "ambiguous": "Nhiều văn bản khớp",
    "date_mismatch": "Sai ngày",
}
CHECK_VI = {
    "deadline_later": "Thời hạn muộn hơn cấp trên",
    "date_mismatch": "Ngày trích dẫn sai",
    "missing_to_chuc_thuc_hien": "Thiếu phần Tổ chức thực hiện",
    "citation_not_in_corpus": "Văn bản viện dẫn chưa có",
    "citation_ambiguous": "Trích dẫn không rõ",
}
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
LEVEL_VI = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh", "trung_uong": "trung ương"}
NO_PLAN = "Chưa có kế hoạch"
SHEET_VI = {
    "doc_identities": "Văn bản",
    "links": "Liên kết",
    "directives": "Nội dung chỉ đạo",
    "coverage": "Mức độ thực hiện",
    "checks": "Kiểm tra",
    "unit_plans": "Đơn vị",
}
COLUMN_VI = {
    "doc_id": "Mã văn bản",
    "key": "Khóa nhận dạng",
    "doc_type": "Loại",
    "number": "Số ký hiệu",
    "issuer_level": "Cấp ban hành",
    "issuer_place": "Nơi ban hành",
    "parent_level": "Cấp trên",
    "parent_place": "Đơn vị cấp trên",
    "parent_source": "Nguồn cấp trên",
    "province": "Tỉnh",
    "unit_code": "Mã đơn vị",
    "admin_mode": "Bản đồ hành chính",
    "issued_date": "Ngày ban hành",
    "year": "Năm",
    "title": "Trích yếu",
    "duplicate_of": "Bản trùng của",
    "from_doc_id": "Từ văn bản",
    "to_doc_id": "Đến văn bản",
    "relation": "Quan hệ",
    "status": "Trạng thái",
    "citation_text": "Trích dẫn",
    "citation_start": "Vị trí đầu",
    "citation_end": "Vị trí cuối",
    "cited_date": "Ngày được trích",
    "actual_date": "Ngày thực tế",
    "candidates": "Văn bản khớp số",
    "directive_doc_id": "Văn bản cấp trên",
    "item_id": "Mục",
    "kind": "Loại mục",
    "item_text": "Nội dung mục",
    "start": "Vị trí đầu",
    "end": "Vị trí cuối",
    "section": "Phần",
    "actor": "Đơn vị được giao",
    "date": "Ngày",
    "lower_doc_id": "Kế hoạch cấp dưới",
    "score": "Điểm khớp",
    "evidence_text": "Trích đoạn minh chứng",
    "evidence_start": "Minh chứng từ",
    "evidence_end": "Minh chứng đến",
    "matched_terms": "Từ khớp",
    "via": "Liên kết qua",
    "method": "Phương pháp",
    "check": "Kiểm tra",
    "severity": "Mức độ",
    "message": "Nội dung",
    "related_doc_id": "Văn bản liên quan",
    "unit_level": "Cấp",
    "unit_place": "Tên",
    "unit_name": "Đơn vị",
    "has_plan": "Có kế hoạch",
    "lower_doc_ids": "Kế hoạch",
    "other_doc_ids": "Văn bản khác",
}
VALUE_VI = {
    "status": {**STATUS_VI, **LINK_STATUS_VI},
    "kind": KIND_VI,
    "relation": RELATION_VI,
    "via": RELATION_VI,
    "check": CHECK_VI,
    "severity": SEVERITY_VI,
}
FILL = {"implemented": "C6EFCE", "partial": "FFEB9C", "missing": "FFC7CE", "none": "E7E6E6"}
# "--unit huyện Hớn Quản": a unit word (the extractors' list, longest first) and a name.
UNIT_ARG_RE = re.compile(r"^\s*(" + UNIT_WORD_PATTERN + r")\s+(.+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportPaths:
    html: Path
    xlsx: Path
    doc_pages: dict[str, Path]


def parse_unit(unit: str) -> tuple[str | None, str]:
    """'huyện Hớn Quản' → ('huyen', 'Hớn Quản'); a bare name → (None, name)."""
    m = UNIT_ARG_RE.match(unit)
    if not m:
        return None, unit.strip()
    word, place = m.group(1).lower(), m.group(2)
    return level_of(word, place).value, place


def doc_label(ex: Extraction) -> str:
    """'Kế hoạch số 205/KH-UBND của Ủy ban nhân dân xã Tân An' — short name of a document."""
    num = f" số {ex.number}" if ex.number else " (chưa ghi số)"
    who = f" của {ex.issuer.name}" if ex.issuer.name else ""
    return f"{type_label(ex.doc_type)}{num}{who}"


# ---------------------------------------------------------------- document pages


def marked_text(text: str, marks: list[tuple[int, int, str, str]]) -> Markup:
    """The document text with spans marked: marks are (start, end, anchor id, css class).

    Overlapping spans are cut at every boundary, so the HTML stays well nested; each span gets
    an empty anchor element at its start (``<span id=…>``) that the report links to."""
    text_len = len(text)
    marks = [(max(0, s), min(text_len, e), i, c) for s, e, i, c in marks if s is not None and e is not None and s < e]
    cuts = sorted({0, text_len, *(s for s, *_ in marks), *(e for _, e, *_ in marks)})
    out: list[str] = []
    starts: dict[int, list[str]] = {}
    for s, _, anchor, _ in marks:
        starts.setdefault(s, []).append(anchor)
    for a, b in itertools.pairwise(cuts):
        for anchor in starts.get(a, []):
            out.append(f'<span class="anchor" id="{escape(anchor)}"></span>')
        classes = sorted({c for s, e, _, c in marks if s <= a and b <= e})
        chunk = escape(text[a:b])
        out.append(f'<mark class="{" ".join(classes)}">{chunk}</mark>' if classes else str(chunk))
    return Markup("".join(out))


def _doc_marks(doc_id: str, ex: Extraction, result: CrosscheckResult) -> list[tuple[int, int, str, str]]:
    marks = []
    for c in result.coverage:
        if c.lower_doc_id == doc_id and c.evidence_start is not None:
            marks.append((c.evidence_start, c.evidence_end, f"ev-{c.directive_doc_id}-{c.item_id}", f"ev {c.status.value}"))
    for d in result.directives:
        if d.directive_doc_id == doc_id and d.start is not None:
            marks.append((d.start, d.end, f"d-{d.item_id}", "directive"))
    for i, k in enumerate(result.checks):
        if k.doc_id == doc_id and k.start is not None:
            marks.append((k.start, k.end, f"ck-{i}", "check"))
    return marks


# ---------------------------------------------------------------- the report model


def _scope(
    result: CrosscheckResult, by_id: dict[str, Extraction], unit: str | None
) -> tuple[list[str], str | None, tuple[str | None, str] | None]:
    """Higher documents to report on, a note when there is none, and — when ``unit`` is a lower
    unit ("xã Minh Tâm") rather than the issuer of directives — that unit, to keep only its rows."""
    highers = sorted({u.directive_doc_id for u in result.unit_plans} | {c.directive_doc_id for c in result.coverage})
    if not unit:
        return highers, None, None
    level, place = parse_unit(unit)
    key = au.fold_key(place)
    keep = [
        h
        for h in highers
        if au.fold_key(by_id[h].issuer.place or "") == key
        and (level is None or (by_id[h].issuer.level and by_id[h].issuer.level.value == level))
    ]
    if keep:
        return keep, None, None
    as_lower = sorted(
        {u.directive_doc_id for u in result.unit_plans if au.fold_key(u.unit_place) == key and level in (None, u.unit_level)}
    )
    if as_lower:
        return as_lower, None, (level, place)
    return [], f"Không có văn bản chỉ đạo nào của {unit} trong thư mục đã nạp.", None


def report_model(items: list[tuple[str, Extraction]], result: CrosscheckResult, unit: str | None = None) -> dict:
    """Everything the templates and the workbook show, as plain data."""
    by_id = dict(items)
    highers, note, only = _scope(result, by_id, unit)
    blocks = []
    in_scope: set[str] = set(highers)
    for h in highers:
        ex = by_id[h]
        directives = [d for d in result.directives if d.directive_doc_id == h]
        units = [u for u in result.unit_plans if u.directive_doc_id == h]
        cov = {(c.lower_doc_id, c.item_id): c for c in result.coverage if c.directive_doc_id == h}
        if only is not None:  # a lower unit's own view: its row(s) only
            units = [u for u in units if au.fold_key(u.unit_place) == au.fold_key(only[1]) and only[0] in (None, u.unit_level)]
            mine = {lo for u in units for lo in u.lower_doc_ids}
            cov = {k: c for k, c in cov.items() if k[0] in mine}
        lowers = sorted({lo for lo, _ in cov})
        in_scope.update(lowers)
        rows = []
        for u in sorted(units, key=lambda u: (not u.has_plan, u.unit_name)):
            for lo in u.lower_doc_ids or [None]:
                cells = []
                for d in directives:
                    c = cov.get((lo, d.item_id)) if lo else None
                    cells.append(c)
                rows.append({"unit": u, "doc_id": lo, "label": doc_label(by_id[lo]) if lo else None, "cells": cells})
        # plans tied to the higher document but with no unit row (no admin unit list)
        listed = {r["doc_id"] for r in rows}
        for lo in lowers:
            if lo not in listed:
                rows.append(
                    {
                        "unit": None,
                        "doc_id": lo,
                        "label": doc_label(by_id[lo]),
                        "name": by_id[lo].issuer.name,
                        "cells": [cov.get((lo, d.item_id)) for d in directives],
                    }
                )
        counts = {s: sum(1 for c in cov.values() if c.status.value == s) for s in STATUS_VI}
        blocks.append(
            {
                "doc_id": h,
                "label": doc_label(ex),
                "title": ex.title,
                "directives": directives,
                "rows": rows,
                "counts": counts,
                "no_plan": [u for u in units if not u.has_plan],
                "with_plan": [u for u in units if u.has_plan],
                "evidence": [cov[k] for k in sorted(cov, key=lambda k: (k[0], [d.item_id for d in directives].index(k[1])))],
            }
        )
    if unit:  # the unit's own documents and those of the units under it (parent from the text or the map)
        level, place = parse_unit(unit)
        for ident in result.identities:
            own = au.fold_key(ident.issuer_place or "") == au.fold_key(place) and level in (None, ident.issuer_level)
            under = au.fold_key(ident.parent_place or "") == au.fold_key(place) and level in (None, ident.parent_level)
            if own or under:
                in_scope.add(ident.doc_id)
    checks = [(i, k) for i, k in enumerate(result.checks) if not unit or k.doc_id in in_scope]
    links = [link for link in result.links if not unit or link.from_doc_id in in_scope]
    return {
        "unit": unit,
        "note": note,
        "blocks": blocks,
        "checks": checks,
        "links": links,
        "by_id": by_id,
        "generated": dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
        "n_docs": len({i.doc_id for i in result.identities if not i.duplicate_of}),
    }


# ---------------------------------------------------------------- writers


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(
        STATUS_VI=STATUS_VI,
        KIND_VI=KIND_VI,
        RELATION_VI=RELATION_VI,
        LINK_STATUS_VI=LINK_STATUS_VI,
        CHECK_VI=CHECK_VI,
        SEVERITY_VI=SEVERITY_VI,
        LEVEL_VI=LEVEL_VI,
        NO_PLAN=NO_PLAN,
        DOC_DIR=DOC_DIR,
        doc_label=doc_label,
    )
    return env


def write_doc_pages(items: list[tuple[str, Extraction]], result: CrosscheckResult, out_dir: Path) -> dict[str, Path]:
    env = _env()
    tpl = env.get_template("document.html.j2")
    (out_dir / DOC_DIR).mkdir(parents=True, exist_ok=True)
    paths = {}
    for doc_id, ex in items:
        body = marked_text(ex.text, _doc_marks(doc_id, ex, result))
        evidence = [c for c in result.coverage if c.lower_doc_id == doc_id and c.evidence_start is not None]
        directives = [d for d in result.directives if d.directive_doc_id == doc_id and d.start is not None]
        path = out_dir / DOC_DIR / f"{doc_id}.html"
        path.write_text(
            tpl.render(doc_id=doc_id, ex=ex, label=doc_label(ex), body=body, evidence=evidence, directives=directives),
            encoding="utf-8",
        )
        paths[doc_id] = path
    return paths


def _cell_value(col: str, value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if col in VALUE_VI and isinstance(value, str):
        return VALUE_VI[col].get(value, value)
    return value


def write_workbook(model: dict, result: CrosscheckResult, path: Path) -> Path:
    """Tổng hợp (one matrix per higher document) + one sheet per cross-check table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    bold = Font(bold=True)
    r = 1
    ws.cell(r, 1, f"Báo cáo đối chiếu kế hoạch — {model['unit'] or 'tất cả đơn vị'} — {model['generated']}").font = bold
    r += 2
    for b in model["blocks"]:
        ws.cell(r, 1, f"Văn bản cấp trên: {b['label']}").font = bold
        ws.cell(r, 2, b["title"] or "")
        r += 1
        ws.cell(r, 1, "Đơn vị").font = bold
        ws.cell(r, 2, "Kế hoạch").font = bold
        for j, d in enumerate(b["directives"]):
            c = ws.cell(r, 3 + j, f"{d.item_id}. {d.item_text[:80]}")
            c.font, c.alignment = bold, Alignment(wrap_text=True, vertical="top")
        r += 1
        for row in b["rows"]:
            u = row["unit"]
            ws.cell(r, 1, u.unit_name if u else (row.get("name") or "?"))
            ws.cell(r, 2, row["label"] or NO_PLAN)
            for j, c in enumerate(row["cells"]):
                cell = ws.cell(r, 3 + j)
                if row["doc_id"] is None:
                    cell.value, key = NO_PLAN, "none"
                elif c is None:
                    cell.value, key = "—", "none"
                else:
                    cell.value, key = f"{STATUS_VI[c.status.value]} ({c.score:.2f})", c.status.value
                    if c.evidence_start is not None:
                        cell.hyperlink = f"{DOC_DIR}/{c.lower_doc_id}.html#ev-{c.directive_doc_id}-{c.item_id}"
                cell.fill = PatternFill("solid", fgColor=FILL[key])
            r += 1
        r += 1
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 24, 40
    for name, model_cls in CROSSCHECK_TABLES.items():
        sheet = wb.create_sheet(SHEET_VI[name])
        cols = list(model_cls.model_fields)
        sheet.cell(1, 1, CROSSCHECK_TABLE_DESCRIPTIONS[name]).font = Font(italic=True)
        for j, col in enumerate(cols):
            sheet.cell(2, 1 + j, COLUMN_VI.get(col, col)).font = bold
        for i, row in enumerate(getattr(result, "identities" if name == "doc_identities" else name)):
            data = row.model_dump(mode="json")
            for j, col in enumerate(cols):
                sheet.cell(3 + i, 1 + j, _cell_value(col, data[col]))
        sheet.freeze_panes = "A3"
    wb.save(path)
    return path


def build_report(
    items: list[tuple[str, Extraction]],
    result: CrosscheckResult,
    out_dir: str | Path,
    unit: str | None = None,
    thresholds: dict[str, float] | None = None,
) -> ReportPaths:
    """Write the HTML report, the workbook and the document pages into ``out_dir``.
    ``thresholds`` (``{"implemented": …, "partial": …}``): the matcher's, shown in the legend."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = report_model(items, result, unit)
    pages = write_doc_pages(items, result, out_dir)
    html = out_dir / REPORT_HTML
    html.write_text(_env().get_template("report.html.j2").render(**model, thresholds=thresholds), encoding="utf-8")
    xlsx = write_workbook(model, result, out_dir / REPORT_XLSX)
    return ReportPaths(html=html, xlsx=xlsx, doc_pages=pages)


def report_from_store(
    data_dir: str | Path, out_dir: str | Path, unit: str | None = None, thresholds: dict[str, float] | None = None
) -> ReportPaths:
    """Write the report from the stored documents and cross-check tables (reads the store, never
    writes it). Raises :class:`LookupError` when no cross-check was stored yet."""
    from kehoach.store.read import load_crosscheck, load_extractions

    result = load_crosscheck(Path(data_dir))
    if result is None:
        raise LookupError(f"no cross-check tables in {data_dir}")
    return build_report(load_extractions(Path(data_dir)), result, out_dir, unit, thresholds)
