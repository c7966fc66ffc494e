"""Vietnamese words for the codes the tables store, and the short name of a document: one home
for every label the report, the workbook, the per-unit PDF and the web pages show."""

from __future__ import annotations

import datetime as dt

from kehoach.schemas.contract import Extraction
from kehoach.text.doc_types import type_label

STATUS_VI = {"implemented": "Đã thực hiện", "partial": "Một phần", "needs_review": "Cần xem lại", "missing": "Chưa thấy"}
KIND_VI = {
    "task": "Nhiệm vụ giao",
    "content": "Nội dung",
    "requirement": "Yêu cầu",
    "report": "Hồ sơ, báo cáo",
    "closing": "Yêu cầu chung",
    "criterion": "Tiêu chuẩn",
    "deadline": "Thời hạn",
}
RELATION_VI = {"implements": "Thực hiện / căn cứ", "cites": "Viện dẫn", "same_basis": "Cùng căn cứ"}
LINK_STATUS_VI = {
    "resolved": "Đã xác định",
    "not_found": "Không có trong thư mục",
    "ambiguous": "Nhiều văn bản khớp",
    "date_mismatch": "Sai ngày",
    "probable": "Có thể là (trích không số)",
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
UNIT_STATUS_VI = {
    "plan": "Có kế hoạch",
    "no_plan": NO_PLAN,
    "unreadable": "Có tệp không đọc được",
}
FIELD_VI = {
    "status": "Mức độ thực hiện",
    "number": "Số ký hiệu",
    "issued_date": "Ngày ban hành",
    "issuer_name": "Cơ quan ban hành",
    "issuer_level": "Cấp ban hành",
    "issuer_place": "Địa danh cơ quan ban hành",
}
FORMAT_VI = {"pdf": "PDF", "docx": "Word (DOCX)", "doc": "Word (DOC)", "txt": "văn bản (TXT)", "md": "Markdown"}
FILL = {
    "implemented": "C6EFCE",
    "partial": "FFEB9C",
    "needs_review": "FFF2CC",
    "missing": "FFC7CE",
    "none": "E7E6E6",
    "unreadable": "F4B183",
}
CORRECTED_MARK = "✎"


def doc_label(ex: Extraction) -> str:
    """'Kế hoạch số 205/KH-UBND của Ủy ban nhân dân xã Tân An' — short name of a document."""
    num = f" số {ex.number}" if ex.number else " (chưa ghi số)"
    who = f" của {ex.issuer.name}" if ex.issuer.name else ""
    return f"{type_label(ex.doc_type)}{num}{who}"


def vn_date(value: str | dt.date | None) -> str:
    """ISO date → dd/mm/yyyy (as offices write it); anything else as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")
