"""Task tables (appendix "Nhiệm vụ | Cơ quan chủ trì | … | Thời gian"): scraped one-cell-per-line tables,
DOCX tables read cell by cell, and the tables that are not task tables."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers_doc import doc_from_text

from kehoach.extractors.citations import extract_citations
from kehoach.extractors.deadlines import extract_deadlines
from kehoach.extractors.sections import extract_sections
from kehoach.extractors.task_tables import find_task_tables
from kehoach.read.docx import read_docx
from kehoach.read.normalize import normalize_document
from kehoach.schemas.contract import DeadlineKind as K
from kehoach.schemas.contract import DocType
from kehoach.schemas.header import Header


def scraped(rows: list[list[str]]) -> str:
    """A table as the legal-document site scrapes it: every cell on its lines, '|' between cells, '|' '|' between rows."""
    out = []
    for row in rows:
        for cell in row:
            out.append("|")
            out.append(cell)
        out.append("|")
    return "\n".join(out)


# dev d01 (a provincial plan): lead after the task, a group row "I", an empty "Phối hợp" cell
D01 = [
    ["**STT**", "**NHIỆM VỤ VÀ GIẢI PHÁP**", "**CHỦ TRÌ**", "**PHỐI HỢP**", "**THỜI GIAN**"],
    ["**I**", "**NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH**"],
    [
        "1",
        "Rà soát, kịp thời cụ thể hóa các cơ chế, chính sách khuyến khích xã hội hóa.",
        "Sở Tài chính",
        "Sở, ban, ngành có liên quan",
        "Thường xuyên",
    ],
    ["2", "Đề xuất giải pháp cải thiện môi trường đầu tư, kinh doanh.", "Sở Tài chính", "2026"],
    [
        "3",
        "Nghiên cứu, tư vấn, phản biện chính sách, giải pháp công nghệ.",
        "Liên hiệp các Hội Khoa học và Kỹ thuật",
        "Sở, ban, ngành có liên quan",
        "2025 - 2035",
    ],
]
# trove 646f0a00 (a national decision): the lead before the task, a support cell over several lines
NATIONAL = [
    ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Nội dung nhiệm vụ", "Thời hạn hoàn thành"],
    [
        "1",
        "Bộ Nông nghiệp và Môi trường",
        "- Bộ Khoa học và Công nghệ;\n\n- Bộ Xây dựng;",
        "Hoàn thiện hệ thống chính sách về chất lượng không khí.",
        "Giai đoạn 2026 - 2030",
    ],
]
# trove 1a9051122 (a decision announcing procedures): "Cơ quan thực hiện" of a procedure is no task's lead
PROCEDURES = [
    ["Stt", "Mã hồ sơ TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Cơ quan thực hiện"],
    [
        "1",
        "1.014390",
        "Thay đổi, bổ sung giấy chứng nhận đăng ký tổ chức khoa học và công nghệ",
        "10 ngày làm việc",
        "Sở Khoa học và Công nghệ",
    ],
]


def test_scraped_table_rows():
    doc = doc_from_text("PHỤ LỤC\n\n" + scraped(D01))
    (table,) = find_task_tables(doc)
    got = [(r.number, r.lead and r.lead.text, r.time and r.time.text) for r in table.rows]
    assert got == [
        ("1", "Sở Tài chính", "Thường xuyên"),
        ("2", "Sở Tài chính", "2026"),  # the empty "Phối hợp" cell vanished: the time cell is found by its form
        ("3", "Liên hiệp các Hội Khoa học và Kỹ thuật", "2025 - 2035"),
    ]
    for r in table.rows:
        assert doc.text[r.lead.start : r.lead.end] == r.lead.text


def test_lead_before_task_and_multiline_cell():
    doc = doc_from_text("PHỤ LỤC\n\n" + scraped(NATIONAL))
    (table,) = find_task_tables(doc)
    (row,) = table.rows
    assert (row.lead.text, row.time.text) == ("Bộ Nông nghiệp và Môi trường", "Giai đoạn 2026 - 2030")


def test_procedure_list_is_not_a_task_table():
    assert find_task_tables(doc_from_text("PHỤ LỤC\n\n" + scraped(PROCEDURES))) == []


def test_time_cells_are_deadlines():
    doc = doc_from_text("PHỤ LỤC\n\n" + scraped(D01))
    header = Header(doc_type=DocType.ke_hoach, year=2025, issued_date="2025-11-19", body_end=len(doc.text))
    found = extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))
    assert [(d.text, d.kind, d.date) for d in found] == [
        ("Thường xuyên", K.open, None),
        ("2026", K.by, None),
        ("2025 - 2035", K.range, None),
    ]


@pytest.fixture
def docx_table(tmp_path):
    """A real Word file with a task table (python-docx writes it, kehoach's DOCX reader reads it)."""
    import docx

    d = docx.Document()
    d.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    rows = [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
        [
            "1",
            "Khảo sát, đánh giá thực trạng hạ tầng viễn thông",
            "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
            "",
            "Quý IV/2025- Quý II/2026",
        ],
        ["2", "Xây dựng kế hoạch đầu tư công", "Sở Tài chính", "Các sở, ngành", "Hàng năm"],
    ]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            t.cell(i, j).text = cell
    path = tmp_path / "kh.docx"
    d.save(path)
    return path


def test_docx_table_by_coordinates(docx_table):
    data = docx_table.read_bytes()
    doc = normalize_document(read_docx(docx_table, data, hashlib.sha256(data).hexdigest()))
    (table,) = find_task_tables(doc)
    assert [(r.lead.text, r.time.text, r.support and r.support.text) for r in table.rows] == [
        ("Ban Quản lý các khu công nghệ cao và khu công nghiệp", "Quý IV/2025- Quý II/2026", None),
        ("Sở Tài chính", "Hàng năm", "Các sở, ngành"),
    ]


# heldout h46 (a Government steering committee's công văn): the provinces' proposals, each with the ministry that
# takes it up; "Tỉnh kiến nghị" says who proposed it, not what is to be done
PROPOSALS = [
    ["TT", "Tỉnh kiến nghị", "Thông tin đề xuất", "Bộ phụ trách tiếp nhận, xử lý"],
    [
        "1",
        "Lào Cai",
        "Đề nghị Chính phủ và các Bộ ngành Trung ương xem xét, hỗ trợ nguồn kinh phí từ nguồn chi thường xuyên ngân sách "
        "trung ương để thực hiện nhiệm vụ cải tạo, sửa chữa, nâng cấp trụ sở làm việc các cơ quan, đơn vị ở cấp xã",
        "Bộ Tài chính",
    ],
    [
        "2",
        "Hà Tĩnh, Nghệ An, Hà Nội",
        "Đề nghị điều chỉnh Nghị định số 150/2025/NĐ-CP ngày 12/6/2025 của Chính phủ theo hướng tăng số lượng cơ quan "
        "chuyên môn cấp xã",
        "Bộ Nội vụ",
    ],
]


def test_a_table_of_proposals_names_the_ministry_that_takes_each_up():
    doc = doc_from_text("PHỤ LỤC\n\n" + scraped(PROPOSALS))
    (table,) = find_task_tables(doc)
    assert [(r.lead.text, r.task.text[:20]) for r in table.rows] == [
        ("Bộ Tài chính", "Đề nghị Chính phủ và"),
        ("Bộ Nội vụ", "Đề nghị điều chỉnh N"),
    ]
