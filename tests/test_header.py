"""Header metadata (Nghị định 30/2020, Phụ lục I) on real header snippets from seeds and corpus."""

from __future__ import annotations

import pytest
from helpers_doc import doc_from_text

from kehoach.extractors.header import extract_header

HEADER_TT = """ỦY BAN NHÂN DÂN
XÃ ĐẠI LÃNH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc

Số: {number}

{date}

{typeline}

Căn cứ Báo cáo số 4569/BC-SNV ngày 22/12/2023 của Sở Nội vụ tỉnh Khánh Hòa.
"""


@pytest.mark.parametrize(
    "number, expected",
    [
        ("205/KH-UBND", "205/KH-UBND"),  # complete number
        ("/UBND", None),  # blank number of a draft or web copy
        ("          /KH - UBND", None),  # blank number with spaced symbol (seed 004)
        ("0124/KH-UBND", "0124/KH-UBND"),  # leading zero kept as printed
        ("779 /QĐ-UBND", "779/QĐ-UBND"),  # space before the slash (scanned/signed PDFs)
        ("3367/TTr-SNV", "3367/TTr-SNV"),  # lower-case letter inside the symbol
        ("", None),  # "Số:" alone
    ],
)
def test_number(number, expected):
    h = extract_header(
        doc_from_text(
            HEADER_TT.format(
                number=number, date="Đại Lãnh, ngày 07 tháng 02 năm 2024", typeline="KẾ HOẠCH\nPhát động phong trào thi đua"
            )
        )
    )
    assert h.number == expected


@pytest.mark.parametrize(
    "date, iso, year, place",
    [
        ("Đại Lãnh, ngày 07 tháng 02 năm 2024", "2024-02-07", 2024, "Đại Lãnh"),  # full date
        ("Đại Lãnh, ngày      tháng    năm 2024", None, 2024, "Đại Lãnh"),  # blank day/month: year kept
        ("*Đắk Lắk, ngày 18\ntháng 11 năm 2025*", "2025-11-18", 2025, "Đắk Lắk"),  # wrapped, italic scrape
        ("TP. Hồ Chí Minh, ngày 1 tháng 2 năm 2025", "2025-02-01", 2025, "Hồ Chí Minh"),  # abbreviation before the place
    ],
)
def test_date_line(date, iso, year, place):
    h = extract_header(doc_from_text(HEADER_TT.format(number="/UBND", date=date, typeline="KẾ HOẠCH\nPhát động")))
    assert (h.issued_date, h.year, h.place_of_issue) == (iso, year, place)
    assert h.date_span is not None


def test_issuer_from_agency_block():
    h = extract_header(
        doc_from_text(
            HEADER_TT.format(number="/UBND", date="Đại Lãnh, ngày 07 tháng 02 năm 2024", typeline="KẾ HOẠCH\nPhát động")
        )
    )
    assert (h.issuer.name, h.issuer.level.value, h.issuer.place, h.issuer.inferred) == (
        "Ủy ban nhân dân xã Đại Lãnh",
        "xa",
        "Đại Lãnh",
        False,
    )


def test_department_under_province():
    # signed PDF of a Sở: "UBND TỈNH BÌNH THUẬN" / "SỞ NỘI VỤ"
    text = "UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2114/TTr-SNV\nBình Thuận, ngày 28 tháng 6 năm 2025\nTỜ TRÌNH\nVề việc thông báo kết quả đại hội\nKính gửi: Ủy ban nhân dân tỉnh\n"
    h = extract_header(doc_from_text(text))
    assert h.doc_type.value == "to_trinh" and h.number == "2114/TTr-SNV"
    assert (h.issuer.name, h.issuer.level.value, h.issuer.place) == ("Sở Nội vụ", "tinh", "Bình Thuận")
    assert h.parent is not None and (h.parent.name, h.parent.place) == ("UBND tỉnh Bình Thuận", "Bình Thuận")
    assert h.kinh_gui == ["Ủy ban nhân dân tỉnh"]


@pytest.mark.parametrize(
    "agency, level, place",
    [
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", "tinh", "Hà Nội"),  # centrally-run city is a province
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THỦ DẦU MỘT", "huyen", "Thủ Dầu Một"),  # city under a province
        ("ỦY BAN NHÂN DÂN\nPHƯỜNG BẾN NGHÉ", "xa", "Bến Nghé"),  # ward
        ("ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC", "xa", "Phú Quốc"),  # special zone (2025)
        ("ỦY BAN NHÂN DÂN\nTHỊ XÃ BUÔN HỒ", "huyen", "Buôn Hồ"),  # town: "thị xã" is not "xã"
    ],
)
def test_levels(agency, level, place):
    h = extract_header(
        doc_from_text(f"{agency}\nSố: 1/KH-UBND\nHà Nội, ngày 1 tháng 1 năm 2025\nKẾ HOẠCH\nThí điểm\nCăn cứ Luật.\n")
    )
    assert (h.issuer.level.value, h.issuer.place) == (level, place)


def test_cong_van_title_is_the_vv_line():
    text = HEADER_TT.format(
        number="/UBND",
        date="Đại Lãnh, ngày tháng năm 2024",
        typeline="V/v tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính trong năm 2024\n\nKính gửi: Các cán bộ, công chức chuyên môn",
    )
    h = extract_header(doc_from_text(text))
    assert h.doc_type.value == "cong_van"
    assert h.title == "tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính trong năm 2024"
    assert h.kinh_gui == ["Các cán bộ, công chức chuyên môn"]


def test_title_stops_at_enacting_line():
    # corpus 011: the decision's enacting authority is not part of its title
    text = "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 3617/QĐ-UBND\nThanh Hóa, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVỀ VIỆC ỦY QUYỀN CHO\nCHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    h = extract_header(doc_from_text(text))
    assert h.title == "VỀ VIỆC ỦY QUYỀN CHO CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH"


@pytest.mark.parametrize(
    "footer, name, position, on_behalf",
    [
        ("**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**\n\n**Đoàn Tấn Sỹ**", "Đoàn Tấn Sỹ", "Chủ tịch", "TM. Ủy ban nhân dân"),  # seed 002
        ("**KT. CHỦ TỊCH **\nPHÓ CHỦ TỊCH\n**Đào Mỹ**", "Đào Mỹ", "Phó chủ tịch", "KT. Chủ tịch"),  # corpus 001
        ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào Mỹ", "Đào Mỹ", "Phó chủ tịch", "KT. Chủ tịch"),  # one line (bold join)
        (
            "TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Ngọc Điệp",
            "Nguyễn Thị Ngọc Điệp",
            "Phó chủ tịch",
            "TM. Ủy ban nhân dân KT. Chủ tịch",
        ),  # corpus 004
        ("CHỦ TỊCH\n\nHoàng Ngọc Giang", "Hoàng Ngọc Giang", "Chủ tịch", None),  # seed 000, no authority line
        ("GIÁM ĐỐC\n(Đã ký)\nĐỗ Văn Chung", "Đỗ Văn Chung", "Giám đốc", None),  # department head
    ],
)
def test_signer(footer, name, position, on_behalf):
    text = f"KẾ HOẠCH\nThí điểm\nCăn cứ Luật.\nI. MỤC ĐÍCH\nNội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n{footer}\n"
    h = extract_header(doc_from_text(text))
    assert (h.signer.name, h.signer.position, h.signer.on_behalf) == (name, position, on_behalf)
    assert h.recipients == ["Như trên", "Lưu: VT"]


@pytest.mark.parametrize(
    "entries, expected",
    [
        ("- Đảng ủy; HĐND xã;", ["Đảng ủy", "HĐND xã"]),  # two recipients on one bullet
        ("- Lưu: VT. *Mai/2024/CCHC/KH*", ["Lưu: VT"]),  # drafter's code after the file mark
        ("- Ban Thi đua - Khen thưởng Trung ương\n(b/c);", ["Ban Thi đua - Khen thưởng Trung ương (b/c)"]),  # wrapped entry
        ("- CB,CC, KCT xã", ["CB,CC, KCT xã"]),  # no final semicolon
    ],
)
def test_recipients(entries, expected):
    h = extract_header(
        doc_from_text(f"KẾ HOẠCH\nThí điểm\nCăn cứ Luật.\nNội dung./.\nNơi nhận:\n{entries}\nCHỦ TỊCH\nNguyễn Văn An\n")
    )
    assert h.recipients == expected


def test_issuer_inferred_without_header():
    # seed 000 has no header: the commune comes from the body, the district from what it cites
    text = (
        "KẾ HOẠCH\nPhát động tham gia giải pháp, sáng kiến năm 2024 trên địa bàn xã.\n"
        "Thực hiện Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện về việc ban hành kế hoạch cải cách hành chính nhà nước năm 2024 trên địa bàn huyện Hớn Quản;\n"
        "UBND xã xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH\nTrên đây là Kế hoạch năm 2024 trên địa bàn xã Minh Tâm./.\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.issuer.level.value, h.issuer.place, h.issuer.inferred) == ("xa", "Minh Tâm", True)
    assert h.issuer.evidence is not None and h.issuer.evidence.text == "xã Minh Tâm"
    assert h.parent is not None and (h.parent.level.value, h.parent.place) == ("huyen", "Hớn Quản")
    assert h.year == 2024 and h.issued_date is None and h.number is None


def test_motto_is_not_a_commune():
    # regression: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" once gave xã "Hội Chủ Nghĩa Việt"
    h = extract_header(doc_from_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBẢNG CHỮ VIẾT TẮT\n"))
    assert h.issuer.place != "Hội Chủ Nghĩa Việt"
