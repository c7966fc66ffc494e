"""Deadlines on real text, decided as contract/ANNOTATION.md says (kinds, and a date only for a day)."""

from __future__ import annotations

from helpers_doc import doc_from_text

from kehoach.extractors.citations import extract_citations
from kehoach.extractors.deadlines import extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.sections import extract_sections

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1627/KH-UBND\nQuảng Ngãi, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
    "Tổng kiểm kê tài sản công\nI. NHIỆM VỤ CỤ THỂ\n1. Sở Tài chính\n"
)


def deadlines_of(body: str):
    doc = doc_from_text(HEAD + body + "Nơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hoàng Giang\n")
    header = extract_header(doc)
    return extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))


def test_a_range_that_ends_at_an_event():
    # heldout h09: "từ X đến Y" is a range also when Y is an event; its start (this month) is no past limit
    got = deadlines_of(
        "- Tham mưu Ban Chỉ đạo đôn đốc, kiểm tra việc thực hiện kiểm kê.\n"
        "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.\n"
    )
    assert [(d.kind.value, d.date, d.text) for d in got] == [("range", None, "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê")]


def test_two_months_of_one_year():
    # heldout h09: "Tháng 11 - 12/2025" is November to December 2025, not a November of the next year
    got = deadlines_of("- Tập huấn, hướng dẫn thực hiện tổng kiểm kê.\nThời gian hoàn thành: Tháng 11 - 12/2025.\n")
    assert [(d.kind.value, d.date, d.text) for d in got] == [("by", None, "Thời gian hoàn thành: Tháng 11 - 12/2025")]
    assert (got[0].start_date, got[0].end_date) == ("2025-11-01", "2025-12-31")
