"""The Excel workbook an office can use: every sheet frozen, filtered, fitted, Vietnamese, printable
on A4; rejected files listed and attributed; corrections marked; document text never a formula and
control characters never a crash (issue 14 items 7 and 8)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from conftest import seed
from openpyxl import load_workbook

from kehoach.crosscheck.run import crosscheck
from kehoach.extract import extract_file
from kehoach.present.labels import CORRECTED_MARK, STATUS_VI, UNIT_STATUS_VI
from kehoach.present.model import Sources
from kehoach.present.report import write_report
from kehoach.present.workbook import SHEETS
from kehoach.schemas.corrections import CorrectionRow

# Text a spreadsheet would run as a formula (OWASP's list, plus full-width forms and leading blanks)
INJECTIONS = [
    '=HYPERLINK("http://127.0.0.1:9/x","Bấm vào đây")',  # a live link: the reported case
    "+1+1",  # plus starts a formula
    "-2+3",  # so does minus
    "@SUM(1,2)",  # and @ (Lotus-style)
    "\t=1+1",  # a leading tab is dropped by some importers
    "\r=1+1",  # a leading carriage return too
    "\uff1d1+1",  # full-width equals sign
    "- Triển khai kế hoạch tới cán bộ",  # a real bullet: must stay exactly as written
]


@pytest.fixture(scope="module")
def book(seed_extractions, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("book")
    bel = tmp / "bel.txt"
    text = seed("004").read_text(encoding="utf-8")
    # the same district plan with a BEL in its title and a new number: a second higher document
    bel.write_text(text.replace("Số:", "Số: 999/KH-UBND\n", 1).replace("Phát động phong trào", "Phát động\x07 phong trào", 1))
    items = [*seed_extractions.items(), ("bel", extract_file(bel))]
    result = crosscheck(items)
    # document text that looks like formulas, in every text column the workbook writes
    # every cell of 000 × 004 gets a hostile quote (the matcher quotes only what it found: since
    # issue 12's calibration, 2 of 000's 12 items — too few cells to carry every injection)
    quoted = [c for c in result.coverage if c.lower_doc_id == "000" and c.directive_doc_id == "004"]
    assert len(quoted) >= len(INJECTIONS)
    hostile = {c.item_id: INJECTIONS[i % len(INJECTIONS)] for i, c in enumerate(quoted)}
    result.coverage = [c.model_copy(update={"evidence_text": hostile[c.item_id]}) if c in quoted else c for c in result.coverage]
    result.directives = [
        d.model_copy(update={"item_text": INJECTIONS[0]}) if d.directive_doc_id == "004" and d.item_id == "T1" else d
        for d in result.directives
    ]
    result.coverage = [
        c.model_copy(update={"item_text": INJECTIONS[0]}) if c.directive_doc_id == "004" and c.item_id == "T1" else c
        for c in result.coverage
    ]
    target = next(
        c for c in result.coverage if c.lower_doc_id == "000" and c.directive_doc_id == "004" and c.status.value == "missing"
    )
    correction = CorrectionRow(
        correction_id="c1",
        target="coverage",
        doc_id="000",
        directive_doc_id="004",
        item_id=target.item_id,
        item_text=target.item_text,
        field="status",
        old_value="missing",
        new_value="implemented",
        note="Có trong mục III.2 của kế hoạch xã",
        author="chuyên viên",
        created_at=dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC),
    )
    rejections = [
        {  # a folder named after a commune with no readable plan: attributed to it
            "file": "/drop/xa-thanh-an/KH cai cach hanh chinh.pdf",
            "code": "E201",
            "reason_vi": "Tệp PDF bị hỏng",
            "reason_en": "PDF is corrupt",
            "detail": None,
            "when": dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC),
        },
        {  # nothing in the path names a unit: listed, attributed to none
            "file": "/drop/scan0001.pdf",
            "code": "E203",
            "reason_vi": "PDF quét không có OCR",
            "reason_en": "scanned PDF without OCR",
            "detail": None,
            "when": dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC),
        },
    ]
    src = Sources(items, result, corrections=[correction], rejections=rejections, input_dirs=["/drop"])
    paths = write_report(src, tmp / "out", pdf=False)
    return paths, load_workbook(paths.xlsx), target, rejections


def test_sheets_in_vietnamese(book):
    _, wb, _, _ = book
    names = wb.sheetnames
    assert names[0] == SHEETS["summary"]
    assert [n for n in names if n.startswith(SHEETS["matrix"])] == [f"{SHEETS['matrix']} 1", f"{SHEETS['matrix']} 2"]
    for key in ("evidence", "deadlines", "checks", "rejected", "corrections"):
        assert SHEETS[key] in names
    for ws in wb:
        headers = [c.value for c in ws[2] if c.value]
        assert headers and not any(re.fullmatch(r"[a-z_]+", h) for h in headers), (ws.title, headers)


def test_every_sheet_is_laid_out_for_the_office(book):
    _, wb, _, _ = book
    for ws in wb:
        assert ws.freeze_panes in ("A3", "B3"), ws.title  # title + header rows stay in view
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), ws.title
        assert ws.print_title_rows == "$1:$2", ws.title  # repeated on every printed page
        ps = ws.page_setup
        wide = int(ps.fitToWidth or 1)  # ECMA-376 CT_PageSetup: an absent fitToWidth is 1 (XlsxWriter omits the default)
        assert (ps.orientation, int(ps.paperSize), wide, int(ps.fitToHeight)) == ("landscape", 9, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        for col in range(1, ws.max_column + 1):
            letter = ws.cell(2, col).column_letter
            width = ws.column_dimensions[letter].width
            assert 8 <= width <= 62, (ws.title, letter, width)  # fitted, never the 8.43 default everywhere


def test_widths_follow_the_content(book):
    _, wb, _, _ = book
    ws = wb[SHEETS["evidence"]]
    header = {c.value: c.column_letter for c in ws[2]}
    # the quote column is wide and wraps; the item code column is narrow
    assert ws.column_dimensions[header["Đoạn trích trong kế hoạch"]].width >= 40
    assert ws.column_dimensions[header["Mục"]].width <= 12
    assert ws[f"{header['Đoạn trích trong kế hoạch']}3"].alignment.wrap_text


def test_rejected_files_sheet_and_unit_status(book):
    _, wb, _, rejections = book
    ws = wb[SHEETS["rejected"]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert sorted(r[0] for r in rows) == sorted(r["file"] for r in rejections)
    by_file = {r[0]: r for r in rows}
    assert by_file["/drop/xa-thanh-an/KH cai cach hanh chinh.pdf"][1:4] == ["Xã Thanh An", "E201", "Tệp PDF bị hỏng"]
    assert by_file["/drop/scan0001.pdf"][1] in (None, "")
    when = ws.cell(3, 7)
    assert isinstance(when.value, dt.datetime) and when.number_format == "DD/MM/YYYY HH:MM"
    summary = wb[SHEETS["summary"]]
    status = {r[1].value: r[2].value for r in summary.iter_rows(min_row=3) if "Hớn Quản" in str(r[0].value)}
    assert status["Xã Thanh An"] == UNIT_STATUS_VI["unreadable"]
    assert status["Xã Minh Tâm"] == UNIT_STATUS_VI["plan"]
    assert status["Thị trấn Tân Khai"] == UNIT_STATUS_VI["no_plan"]


def test_matrix_marks_the_correction(book):
    _, wb, target, _ = book
    ws = wb[f"{SHEETS['matrix']} 1"]
    col = next(c.column for c in ws[2] if str(c.value).startswith(f"{target.item_id}. "))
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "Xã Minh Tâm")
    cell = row[col - 1]
    assert cell.value == f"{STATUS_VI['implemented']} {CORRECTED_MARK}"
    assert "Có trong mục III.2" in cell.comment.text and "Chưa thấy" in cell.comment.text
    corrections = wb[SHEETS["corrections"]]
    (line,) = [[c.value for c in r] for r in corrections.iter_rows(min_row=3)]
    assert line[3:9] == [
        "Mức độ thực hiện",
        STATUS_VI["missing"],
        STATUS_VI["implemented"],
        "Có trong mục III.2 của kế hoạch xã",
        "chuyên viên",
        "Có",
    ]


def test_dates_are_dates(book):
    _, wb, _, _ = book
    ws = wb[SHEETS["deadlines"]]
    dates = [r[2] for r in ws.iter_rows(min_row=3) if isinstance(r[2].value, dt.datetime | dt.date)]
    assert dates and all(c.number_format == "DD/MM/YYYY" for c in dates)


def test_document_text_never_becomes_a_formula(book):
    paths, wb, _, _ = book
    seen = set()
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.lstrip("\t\r ")[:1] in "=+-@\uff1d":
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    seen.add(c.value)
    assert {INJECTIONS[0], "+1+1", "-2+3", "@SUM(1,2)", "- Triển khai kế hoạch tới cán bộ"} <= seen
    with zipfile.ZipFile(paths.xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8"), name  # no formula anywhere


def test_control_characters_never_crash(book):
    paths, wb, _, _ = book
    html = paths.html.read_text(encoding="utf-8")
    assert "\x07" not in html and "Phát động phong trào thi đua" in html
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and "\x07" in c.value)


def test_matrix_cells_link_to_the_quoted_sentence(book):
    """Every matrix cell with a quote links to the anchor of that quote in the plan's page, written
    as a relative address beside the workbook (``van-ban/<doc_id>.html#ev-…``)."""
    paths, wb, _, _ = book
    links = [
        (c.value, c.hyperlink.target)
        for ws in wb
        if ws.title.startswith(SHEETS["matrix"])
        for r in ws.iter_rows(min_row=3)
        for c in r
        if c.hyperlink
    ]
    assert links
    for value, target in links:
        assert value in STATUS_VI.values() or value.endswith(CORRECTED_MARK), value  # the cell keeps its text
        page, anchor = target.split("#")
        assert page.startswith("van-ban/") and anchor.startswith("ev-"), target
        assert f'id="{anchor}"' in (paths.xlsx.parent / page).read_text(encoding="utf-8"), target
