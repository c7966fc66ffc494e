"""Header metadata (Nghị định 30/2020, Phụ lục I) on real header snippets from seeds and corpus."""

from __future__ import annotations

import pytest
from helpers_doc import doc_from_text

from kehoach.extractors.header import extract_header
from kehoach.schemas.contract import DocType, Level

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


def test_cong_van_title_written_ve_under_the_number():
    # heldout h07 (Sở GD&ĐT TP.HCM): the trích yếu opens with "Về" (no "V/v", no "việc"), right under "Số:"
    page = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n|\nSố: 5155/SGDĐT-GDTXNNĐH\n{second}\n|\n"
        "Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025\nKính gửi: Ủy ban nhân dân phường, xã và đặc khu\n"
        "Về công tác đánh giá trung tâm học tập cộng đồng, Sở Giáo dục và Đào tạo hướng dẫn như sau:\n"
    )
    title = "Về hướng dẫn đánh giá, xếp loại trung tâm học tập cộng đồng tại phường, xã và đặc khu từ năm 2025"
    h = extract_header(doc_from_text(page.format(second=title)))
    assert (h.doc_type.value, h.number, h.title) == ("cong_van", "5155/SGDĐT-GDTXNNĐH", title)
    # a "Về …" sentence of the body is no title: without it under the number, the letter has none
    h = extract_header(doc_from_text(page.format(second="")))
    assert h.title is None


def test_title_stops_at_enacting_line():
    # corpus 011: the decision's enacting authority is not part of its title
    text = "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 3617/QĐ-UBND\nThanh Hóa, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVỀ VIỆC ỦY QUYỀN CHO\nCHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    h = extract_header(doc_from_text(text))
    assert h.title == "VỀ VIỆC ỦY QUYỀN CHO CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH"


def test_title_stops_at_a_central_enacting_authority():
    # heldout h33 (a Prime Minister's decision), and the trove's resolutions of Quốc hội and Chính phủ
    text = (
        "THỦ TƯỚNG\nCHÍNH PHỦ\nSố: 2623/QĐ-TTg\nHà Nội, ngày 29 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ\nLIỆU CÁ NHÂN\nTHỦ TƯỚNG CHÍNH PHỦ\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
    )
    assert extract_header(doc_from_text(text)).title == "BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN"


@pytest.mark.parametrize(
    "vv_lines, title",
    [
        # heldout h20 (a signed e-office PDF of Sở Tư pháp Bình Thuận): the left column wraps the V/v
        (
            "V/v trình hồ sơ phê chuẩn kết quả\nĐại hội Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ 2024 - 2029",
            "trình hồ sơ phê chuẩn kết quả Đại hội Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ 2024 - 2029",
        ),
        # trove 5330/CT-CS: "V/v" alone on its line, the trích yếu under it
        ("V/v\nChính sách thuế TNCN", "Chính sách thuế TNCN"),
        # one line: nothing under it joins (the motto follows)
        ("V/v tăng cường công tác cải cách hành chính", "tăng cường công tác cải cách hành chính"),
    ],
)
def test_vv_title_wrapped_over_lines(vv_lines, title):
    text = (
        f"UBND TỈNH BÌNH THUẬN\nSỞ TƯ PHÁP\nSố: 788/STP-HCBT\n{vv_lines}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nBình Thuận, ngày 16 tháng 5 năm 2025\nKính gửi: Ủy ban nhân dân tỉnh.\n"
        "Sở Tư pháp nhận được Văn bản số 2377/UBND-NCKS ngày 13/5/2025 của Văn phòng Ủy ban nhân dân tỉnh.\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.doc_type.value, h.title) == ("cong_van", title)


def test_title_stops_at_a_dashed_legal_basis():
    # corpus/files scan-nghi-quyet-hdql.pdf (OCR): the "- Căn cứ …" lines under the title start the body
    text = (
        "HỘI KHUYẾN HỌC TỈNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHỘI ĐỒNG QL QUỸ KHUYẾN HỌC\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 01/NQ-HĐQLQ\nBình Thuận, ngày 16 tháng 02 năm 2025\nNGHỊ QUYẾT CỦA HỘI ĐỒNG QUẢN LÝ QUỸ\nKHUYẾN HỌC TỈNH BÌNH THUẬN\n"
        "(Về việc đề nghị xem xét sửa đổi, bổ sung Điều lệ Quỹ khuyến học)\n"
        "- Căn cứ Nghị định số 93/2019/NĐ-CP ngày 25/11/2019 của Chính phủ về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện;\n"
    )
    h = extract_header(doc_from_text(text))
    # the subject, not the body the type line names (heldout h53's blind gold)
    assert h.title == "Về việc đề nghị xem xét sửa đổi, bổ sung Điều lệ Quỹ khuyến học"


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
        # one string per dash item (ANNOTATION; heldout h114, h119 and eighteen more), though the seeds' gold split two
        ("- Đảng ủy; HĐND xã;", ["Đảng ủy; HĐND xã"]),
        ("- TT HĐND; UBND; UBMTTQ VN TP;\n- VP TU; các Ban Đảng TU;", ["TT HĐND; UBND; UBMTTQ VN TP", "VP TU; các Ban Đảng TU"]),
        # heldout h66, h67: an entry that lists or labels its parts is one dash item
        ("- TAND TP, VKSND TP; THA TP;", ["TAND TP, VKSND TP; THA TP"]),
        ("- Các VP: Thành ủy; ĐĐBQH&HĐND TP; UBND TP;", ["Các VP: Thành ủy; ĐĐBQH&HĐND TP; UBND TP"]),
        ("- Lưu: VT. *Mai/2024/CCHC/KH*", ["Lưu: VT"]),  # drafter's file path after the file mark
        # heldout h130, h26: the office's and the drafter's codes after a stop are part of the storage line
        ("- Lưu: VT. (ĐT-HS)", ["Lưu: VT. (ĐT-HS)"]),
        ("- Lưu: VT, QHĐP (3b). Huyền.", ["Lưu: VT, QHĐP (3b). Huyền"]),
        ("- Ban Thi đua - Khen thưởng Trung ương\n(b/c);", ["Ban Thi đua - Khen thưởng Trung ương (b/c)"]),  # wrapped entry
        ("- CB,CC, KCT xã", ["CB,CC, KCT xã"]),  # no final semicolon
        # a note or a lower-case word after ";" is the same dash item (ANNOTATION: one string per dash item)
        (
            "- Bộ Giáo dục và Đào tạo; (để báo cáo)\n- Ủy ban MTTQVN tỉnh;",
            ["Bộ Giáo dục và Đào tạo; (để báo cáo)", "Ủy ban MTTQVN tỉnh"],
        ),
        ("- Báo và PTTH tỉnh; các cơ quan báo chí;", ["Báo và PTTH tỉnh; các cơ quan báo chí"]),
        ("- VPCP: BTCN, các PCN, Trợ lý TTg; các Vụ: KTTH, QHĐP;", ["VPCP: BTCN, các PCN, Trợ lý TTg; các Vụ: KTTH, QHĐP"]),
        # heldout h43: an entry wrapped after a comma goes on in capitals
        ("- VP UBND tỉnh: LĐVP, KGVX,\nTTTT, TTPVHCC;\n- Bộ Y tế;", ["VP UBND tỉnh: LĐVP, KGVX, TTTT, TTPVHCC", "Bộ Y tế"]),
        # heldout h48: "+" lines under a dash item ending with ":" are that item's parts
        (
            "- Các sở, ban, ngành;\n- VP UBND tỉnh:\n+ LĐVP, KGVX;\n+ Lưu: VT.",
            ["Các sở, ban, ngành", "VP UBND tỉnh: + LĐVP, KGVX; + Lưu: VT"],
        ),
    ],
)
def test_recipients(entries, expected):
    h = extract_header(
        doc_from_text(f"KẾ HOẠCH\nThí điểm\nCăn cứ Luật.\nNội dung./.\nNơi nhận:\n{entries}\nCHỦ TỊCH\nNguyễn Văn An\n")
    )
    assert h.recipients == expected


def test_headless_letter_of_a_city_is_not_the_commune_of_its_appendix():
    # trove: a công văn of UBND Thành phố Hồ Chí Minh scraped without its header; its appendix table
    # lists mines by commune, which say nothing of who wrote the letter
    text = (
        "Kính gửi: Sở Nông nghiệp và Môi trường.\n"
        "Thực hiện Nghị quyết số 66.4/2025/NQ-CP ngày 21 tháng 9 năm 2025 của Chính phủ trên địa bàn Thành phố Hồ Chí Minh; "
        "Chủ tịch Ủy ban nhân dân Thành phố chỉ đạo như sau:\n"
        "Giao Sở Nông nghiệp và Môi trường tổng hợp, báo cáo đề xuất Ủy ban nhân dân Thành phố giải quyết theo đúng quy định./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi Xuân Cường\n"
        "PHỤ LỤC\n(Kèm theo Công văn số 4001/UBND-ĐT ngày 24 tháng 11 năm 2025)\n"
        + "".join(f"| {i} | Mỏ đất san lấp Thường Tân {i}, xã Thường Tân | 137/GP-UBND |\n" for i in range(1, 9))
    )
    h = extract_header(doc_from_text(text))
    assert (h.issuer.level.value, h.issuer.place) == ("tinh", "Hồ Chí Minh")


def test_a_letter_naming_its_own_body_without_a_name_has_its_level():
    # trove: "UBND Thành phố yêu cầu …" with no header and no city named: a province-level body, place unknown
    text = (
        "Kính gửi:\n- Các sở, ban, ngành thuộc Thành phố;\n- Ủy ban nhân dân các xã, phường.\n"
        "Thực hiện chỉ đạo của Ban Thường vụ Thành ủy, nhằm tăng cường quản lý công tác đấu thầu trên địa bàn Thành phố, "
        "UBND Thành phố yêu cầu các sở, ban, ngành, UBND các xã, phường thực hiện nghiêm các nội dung sau:\n"
        "1. Tuân thủ quy định của Luật Đấu thầu./.\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.issuer.level.value if h.issuer.level else None, h.issuer.place) == ("tinh", None)


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


def test_headless_reply_is_not_older_than_the_letter_it_answers():
    # heldout h107: a reply scraped from "Kính gửi", no date of its own; older laws cited more often than the letter
    text = (
        "Kính gửi: Công ty TNHH Kinh doanh Phát triển Dự án Thuận Thành.\n"
        "Cục Hải quan nhận được công văn số 19/CV-TT-2025 ngày 6/10/2025 của Công ty về việc xác định mã số HS.\n"
        "Căn cứ Nghị định số 08/2015/NĐ-CP ngày 21/01/2015; Thông tư số 38/2015/TT-BTC ngày 25/3/2015; Thông tư số "
        "39/2018/TT-BTC sửa đổi Thông tư số 38/2015/TT-BTC; Luật Hải quan số 54/2014/QH13.\n"
        "Cục Hải quan trả lời để Công ty được biết, thực hiện./.\n"
    )
    assert extract_header(doc_from_text(text)).year == 2025
    # heldout h124: a year the body mentions ("sản xuất trước năm 1999") is not older than the documents it cites by
    # number ("Luật số 72/2025/QH15")
    old_cars = (
        "Căn cứ Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15; Luật số 72/2025/QH15;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Xe ô tô sản xuất trước năm 1999 áp dụng Mức 1.\nĐiều 2. Quyết định này có hiệu lực./.\n"
    )
    assert extract_header(doc_from_text(old_cars)).year == 2025
    # review: a date written with hyphens counts too
    assert extract_header(doc_from_text(text.replace("ngày 6/10/2025", "ngày 6-10-2025"))).year == 2025


def test_enacting_authority_names_the_issuer_when_the_agency_block_is_lost():
    # trove: Ủy ban Thường vụ Quốc hội's resolutions merging communes, copied without the agency block;
    # the communes they merge are their subject, not their issuer
    text = (
        "Số: 1675/NQ-UBTVQH15\nNGHỊ QUYẾT\nVề việc sắp xếp các đơn vị hành chính cấp xã của thành phố Huế năm 2025\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\nQUYẾT NGHỊ:\n"
        "Điều 1. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn A Lưới và các xã Hồng Bắc, Quảng Nhâm "
        "thành xã mới có tên gọi là xã A Lưới 2. Trên địa bàn xã A Lưới 2 tổ chức thực hiện.\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.issuer.name, h.issuer.level.value, h.issuer.place) == ("Ủy ban Thường vụ Quốc hội", "trung_uong", None)
    assert h.issuer.inferred and h.issuer.evidence.text == "ỦY BAN THƯỜNG VỤ QUỐC HỘI"
    # a provincial chairman's decision copied the same way keeps its province
    local = extract_header(
        doc_from_text(
            "QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính nội bộ\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;\nQUYẾT ĐỊNH:\n"
            "Điều 1. Giao Ủy ban nhân dân xã Cam Lộ thực hiện.\n"
        )
    )
    assert (local.issuer.level.value, local.issuer.place) == ("tinh", "Quảng Trị")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # trove: a decree with no agency block and no authority line: "-CP" is the Government
        (
            "Số: 09/2025/NĐ-CP\nNGHỊ ĐỊNH\nQuy định về chính sách hỗ trợ sản xuất nông nghiệp\n"
            "Điều 1. Hỗ trợ hộ gia đình tại xã Chủ và các xã bị thiệt hại do thiên tai.\n",
            "Chính phủ",
        ),
        # trove: the tax department's letter above its own name since 2025: "CỤC THUẾ" with no ministry line,
        # answering a taxpayer whose address names a commune
        (
            "CỤC THUẾ\nSố: 5662/CT-CS\nV/v chính sách thuế\nKính gửi: Công ty TNHH Thái Mông (địa chỉ: thôn Thái Mông, "
            "xã Nam An Phụ, thành phố Hải Phòng)\nCục Thuế nhận được công văn của Công ty trên địa bàn xã Nam An Phụ./.\n",
            "Cục Thuế",
        ),
    ],
)
def test_a_central_body_is_not_the_place_its_body_names(text, name):
    h = extract_header(doc_from_text(text))
    assert (h.issuer.name, h.issuer.level.value, h.issuer.place) == (name, "trung_uong", None)


def test_motto_is_not_a_commune():
    # regression: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" once gave xã "Hội Chủ Nghĩa Việt"
    h = extract_header(doc_from_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBẢNG CHỮ VIẾT TẮT\n"))
    assert h.issuer.place != "Hội Chủ Nghĩa Việt"


# ---------------------------------------------------------------- real web pages (issue 10)
# Headers and footers as the trove's pages print them once the page around the document is left out.

NUMBER_PAGE = """BỘ TÀI CHÍNH
CỤC THUẾ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{number}
Hà Nội, ngày 20 tháng 11 năm 2025
QUYẾT ĐỊNH
Về việc công bố thủ tục hành chính
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;
"""


@pytest.mark.parametrize(
    "number, expected",
    [
        ("|\nSố:\n|\n84/2025/QĐ-UBND\n|", "84/2025/QĐ-UBND"),  # the number in the next table cell (020bddd030400bd2)
        ("|\nSố: 3783/QĐ-\nUBND\n|", "3783/QĐ-UBND"),  # wrapped at its hyphen (128b34e0abc1c504)
        ("Số 221-KL/TW", "221-KL/TW"),  # Party: no colon, hyphen before the ký hiệu (265ff514762b4c47)
        ("Số: 1147-QĐ/BTGDVTW", "1147-QĐ/BTGDVTW"),  # Party, with a colon (c49a5afadf61b342)
        ("Luật số: 80/2025/QH15", "80/2025/QH15"),  # a law (5442d166b03566fa)
        (
            "------------------ Số: 1661/NQ-UBTVQH15 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "1661/NQ-UBTVQH15",
        ),  # PDF columns read across: the agency's rule first (a032a58e6ab2f19d)
        ("Số:\n|\nHà Nội, ngày 20 tháng 11 năm 2025", None),  # "Số:" and no number after it
    ],
)
def test_number_line_as_scraped(number, expected):
    assert extract_header(doc_from_text(NUMBER_PAGE.format(number=number))).number == expected


def test_vv_on_the_number_line_makes_a_cong_van():
    """ad7a1b2470f2fff7: "v/v" in lower case, on the "Số:" line; "CT" is the Cục Thuế's, not Chỉ thị's."""
    h = extract_header(
        doc_from_text(
            "BỘ TÀI CHÍNH\nCỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 5387/CT-CS v/v trả lời phản ánh kiến nghị\n\nHà Nội, ngày 20 tháng 11 năm 2025\n\n"
            "Kính gửi: Độc giả Hoàng Văn Trung\n\nCục Thuế nhận được đơn phản ánh kiến nghị của Độc giả.\n"
        )
    )
    assert (h.number, h.doc_type, h.title) == ("5387/CT-CS", DocType.cong_van, "trả lời phản ánh kiến nghị")


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Hà Nội ngày 01 tháng 12 năm 2025", "2025-12-01"),  # no comma after the place (0465063a5486d493)
        ("Hà Nội, ngày 01 tháng 12 năm 2025", "2025-12-01"),  # the usual line
        ("Căn cứ Nghị định số 181/2025/NĐ-CP ngày 01 tháng 7 năm 2025 của Chính phủ;", None),  # a citation
    ],
)
def test_date_line_without_comma(line, iso):
    h = extract_header(doc_from_text(f"CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 388/NQ-CP\n{line}\nNGHỊ QUYẾT\n"))
    assert h.issued_date == iso


HEADLESS_LETTER = """Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương

Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chỉ đạo rà soát số liệu./.

Nơi nhận:
- Như trên;
- Lưu: VT, CTK.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Thị Bích Ngọc

PHỤ LỤC
HỆ BIỂU THU THẬP THÔNG TIN PHỤC VỤ BIÊN SOẠN CHỈ TIÊU TỔNG SẢN PHẨM TRONG NƯỚC
(Kèm theo Công văn số 17809/BTC-CTK ngày 17 tháng 11 năm 2025 của Bộ Tài chính)
"""


def test_headless_letter_is_a_cong_van_with_its_number_from_the_appendix():
    """2d737276bf416017: the header lost in the copy; "Kính gửi" makes it a công văn, its appendix names
    its number and date; "PHỤ LỤC" is no type line."""
    h = extract_header(doc_from_text(HEADLESS_LETTER))
    assert (h.doc_type, h.number, h.issued_date) == (DocType.cong_van, "17809/BTC-CTK", "2025-11-17")
    assert h.number_span.text == "17809/BTC-CTK" and h.signer.name == "Nguyễn Thị Bích Ngọc"


def test_appendix_of_another_type_gives_no_number():
    """An appendix attached to a document of another type is not this one's."""
    h = extract_header(doc_from_text(HEADLESS_LETTER.replace("(Kèm theo Công văn số", "(Kèm theo Quyết định số")))
    assert h.number is None and h.issued_date is None


@pytest.mark.parametrize(
    "footer, name",
    [
        # no "Nơi nhận": the signature block after the closing "./.", an appendix after it (0c462ec3eec6e18d)
        (
            "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.\n#\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
            "Hoàng Nam\n#\nPHỤ LỤC\nTHỦ TỤC HÀNH CHÍNH\nSTT\nTên thủ tục\n1\nCấp giấy phép\n",
            "Hoàng Nam",
        ),
        # the last "Nơi nhận" belongs to a blank form in the appendix (e7792cccbca70a64)
        (
            "Điều 3. Giám đốc Sở Y tế chịu trách nhiệm thi hành Quyết định này./.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT, Hcc3.\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTống Thanh Hải\nPHỤ LỤC I\nMẪU ĐƠN\nNơi nhận:\n- Như trên;\n- Lưu tại cơ sở.\n"
            "......, ngày...... tháng ......năm ......\nGIÁM ĐỐC\n(Ký, ghi rõ họ tên, đóng dấu)\n",
            "Tống Thanh Hải",
        ),
        # a recipient on the line after its bare bullet (a1527cbfa00743d3)
        (
            "Cục trưởng Cục Hải quan thông báo để Công ty TNHH Solum Vina biết và thực hiện./.\nNơi nhận:\n-\n"
            "Công ty TNHH Solum Vina (Lô B3, Khu Công nghiệp Bá Thiện II, Xã Bình Xuyên, Tỉnh Phú Thọ);\n"
            "- Lưu: VT, NVTHQ-PL-Hoàng (3b).\nTL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ\nPHÓ TRƯỞNG BAN\nĐào Thu Hương\n",
            "Đào Thu Hương",
        ),
        # a rank before the name; the "Lưu" entry ends the recipients (8ea98f884cf1d2a7)
        (
            "Thông tư này có hiệu lực từ ngày ký./.\nNơi nhận:\n- Cục Pháp chế Bộ Quốc phòng;\n- Lưu: VT, …………………\n"
            "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Vũ Hải Sản\n",
            "Vũ Hải Sản",
        ),
    ],
)
def test_signer_of_the_document_not_of_its_appendix(footer, name):
    h = extract_header(doc_from_text(NUMBER_PAGE.format(number="Số: 2827/QĐ-UBND") + "Điều 1. Công bố.\n" + footer))
    assert h.signer.name == name


def test_recipient_after_a_bare_bullet():
    h = extract_header(
        doc_from_text(
            NUMBER_PAGE.format(number="Số: 37569/CHQ-GSQL")
            + "Cục Hải quan thông báo để Công ty biết và thực hiện./.\nNơi nhận:\n-\n"
            "Công ty TNHH Solum Vina (Lô B3, Khu Công nghiệp Bá Thiện II, Xã Bình Xuyên, Tỉnh Phú Thọ);\n"
            "- Lưu: VT, NVTHQ (3b).\nTL. CỤC TRƯỞNG\nPHÓ TRƯỞNG BAN\nĐào Thu Hương\n[1] Ghi chú: kết quả chỉ có giá trị với tổ chức.\n"
        )
    )
    assert h.recipients == [
        "Công ty TNHH Solum Vina (Lô B3, Khu Công nghiệp Bá Thiện II, Xã Bình Xuyên, Tỉnh Phú Thọ)",
        "Lưu: VT, NVTHQ (3b)",
    ]


@pytest.mark.parametrize(
    "number, expected",
    [
        ("92/VBHN-BQP", DocType.other),  # a consolidated decision (8180ae11188469fd, 1e6fb98e16a75e3d)
        ("92/QĐ-BQP", DocType.quyet_dinh),  # the decision itself
    ],
)
def test_consolidated_text_is_not_the_decision_it_consolidates(number, expected):
    """A văn bản hợp nhất keeps the type line of what it consolidates ("QUYẾT ĐỊNH"); its ký hiệu
    "VBHN-…" says it is a consolidated text, a form outside the contract's enum."""
    page = (
        f"BỘ QUỐC PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: {number}\n"
        "Hà Nội, ngày 24 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề thực hiện chế độ đối với quân nhân\n"
        "Căn cứ Luật Sĩ quan Quân đội nhân dân Việt Nam;\n"
    )
    h = extract_header(doc_from_text(page))
    assert (h.number, h.doc_type) == (number, expected)


@pytest.mark.parametrize(
    "agency, name, level, place",
    [
        # the name wrapped over two lines (ca6ff32db1f99d30, 51f6b3d0d3d29a7f)
        ("BỘ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH", "Bộ Văn hóa, thể thao và du lịch", "trung_uong", None),
        ("BỘ KHOA HỌC VÀ\nCÔNG NGHỆ", "Bộ Khoa học và công nghệ", "trung_uong", None),
        # a province's tax office under the Cục Thuế since 2025 (2249fe89ed46eae5, de1ea1a30ca1e0bc)
        ("CỤC THUẾ\nTHUẾ TỈNH TÂY NINH", "Thuế tỉnh Tây Ninh", "tinh", "Tây Ninh"),
        # a Party header: "ĐẢNG CỘNG SẢN VIỆT NAM" is its motto, never the rest of the agency (b3f47f1508761da8)
        ("BAN CHẤP HÀNH\nTRUNG ƯƠNG\nVĂN PHÒNG\nĐẢNG CỘNG SẢN VIỆT NAM", "Văn phòng", "trung_uong", None),
    ],
)
def test_agency_block_over_several_lines(agency, name, level, place):
    page = f"{agency}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/QĐ-BVHTTDL\nHà Nội, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế\nCăn cứ Luật Tổ chức Chính phủ;\n"
    if "ĐẢNG" in agency:
        page = page.replace("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "")
    i = extract_header(doc_from_text(page)).issuer
    assert (i.name, i.level.value if i.level else None, i.place) == (name, level, place)


@pytest.mark.parametrize(
    "signature, level",
    [
        ("TL. BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\nPhạm Chí Thanh", "trung_uong"),  # 6a58c855aa6d465c
        ("TL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN NGHIỆP VỤ THUẾ\nPHÓ TRƯỞNG BAN\nNguyễn Thị Thu", "trung_uong"),  # 4d24ae4c15cb673c
        ("KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Hồng Hà", "trung_uong"),  # 67f6a2303c783848
        ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi Minh Thạnh", "tinh"),  # a committee's chairman: inferred from the body as before
    ],
)
def test_headless_document_signed_by_a_central_body(signature, level):
    """The header lost in the copy: the units the body names ("Thuế tỉnh Tây Ninh", an address in
    phường Cầu Giấy) are addressees; a minister's, Cục's or Prime Minister's signature says the
    issuer is a central body, with no place."""
    page = (
        "Kính gửi: Ủy ban nhân dân tỉnh Tây Ninh.\n\nThực hiện chỉ đạo, đề nghị Ủy ban nhân dân tỉnh Tây Ninh "
        "trên địa bàn tỉnh Tây Ninh rà soát, báo cáo./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n" + signature + "\n"
    )
    i = extract_header(doc_from_text(page)).issuer
    assert i.level.value == level and (i.place is None) is (level == "trung_uong")


@pytest.mark.parametrize(
    "typeline, doc_type, title",
    [
        # glued by the scrape, the trích yếu printed again below (88be0fbbe795796d); "Về việc" is part of a resolution's
        # trích yếu (ANNOTATION: "the 'Về việc ...' line(s)"; heldout h144), only a công văn's "V/v" is left out
        (
            "NGHỊ QUYẾTVề việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu năm 2025\n"
            "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu năm 2025",
            DocType.nghi_quyet,
            "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu năm 2025",
        ),
        # the repeat wrapped over two lines (c15a1748f51c3fd0)
        (
            "THÔNG TƯQuy định chế độ làm việc đối với giáo viên phổ thông, dự bị đại học\n"
            "Quy định chế độ làm việc đối với giáo viên phổ thông\n, dự bị đại học",
            DocType.other,
            "Quy định chế độ làm việc đối với giáo viên phổ thông, dự bị đại học",
        ),
    ],
)
def test_type_line_glued_to_its_title(typeline, doc_type, title):
    page = f"ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1670/NQ-UBTVQH15\n{typeline}\nCăn cứ Hiến pháp;\n"
    doc = doc_from_text(page)
    h = extract_header(doc)
    assert (h.doc_type, h.title) == (doc_type, title)
    assert h.title_span is None or doc.text[h.title_span.start : h.title_span.end].endswith(title.split()[-1])


@pytest.mark.parametrize(
    "kinh_gui, expected",
    [
        # web pages wrap the addressee where the site's column ended (Cục Thuế letters, Nov 2025)
        (
            "Kính gửi: Các\nThuế tỉnh, thành phố.\nNgày 30/6/2025, Chính phủ ban hành Nghị định số 175/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 10/2022/NĐ-CP.",
            ["Các Thuế tỉnh, thành phố"],
        ),
        (
            "Kính gửi:\n- Thuế thành phố Hải\nPhòng\n- Công ty BOT TNHH Điện lực Jaks Hải Dương.\n(Địa chỉ: thôn Thái Mông, xã Nam An Phụ, thành phố Hải Phòng)",
            ["Thuế thành phố Hải Phòng", "Công ty BOT TNHH Điện lực Jaks Hải Dương"],
        ),
        # the body's first sentence glued onto the addressee is not an addressee
        (
            "Kính gửi: Thuế thành phố Hồ Chí Minh Cục Thuế nhận được Công văn số 3374/CCTKV02-NVDTPC ngày 30/6/2025 của Chi cục Thuế khu vực II. Về vấn đề này, Cục Thuế có ý kiến như sau:\n- Khoản 1 Điều 8 Nghị quyết số 98/2023/QH15 có quy định:",
            ["Thuế thành phố Hồ Chí Minh"],
        ),
        (
            "Kính gửi: Thuế thành phố Hà Nội Trả lời công văn số 20595/HAN-QLDN5 ngày 03/10/2025 của Thuế thành phố Hà Nội về quản lý thuế, Cục Thuế có ý kiến như sau:",
            ["Thuế thành phố Hà Nội"],
        ),
        # a complete addressee followed by the body stays as it is
        (
            "Kính gửi: Ủy ban nhân dân các xã, phường\nThực hiện Công văn số 12/UBND ngày 02/01/2025 của Ủy ban nhân dân tỉnh về cải cách hành chính.",
            ["Ủy ban nhân dân các xã, phường"],
        ),
    ],
)
def test_kinh_gui_wrapped_or_glued(kinh_gui, expected):
    text = f"BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 5348/CT-CS\nHà Nội, ngày 20 tháng 11 năm 2025\nV/v lệ phí trước bạ\n{kinh_gui}\n"
    assert extract_header(doc_from_text(text)).kinh_gui == expected


def test_a_long_title_in_capitals_after_a_one_word_line_is_kept_whole():
    """heldout h43 (trove 8bb6ac57ee7b4c5d): "VỀ" alone, then the trích yếu in capitals over 300 letters once its
    wrapped lines are joined; a long line in capitals is the title going on, not the body."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 2022/QĐ-UBND\nCao Bằng, ngày 27 tháng 11 năm 2025\n"
        "QUYẾT ĐỊNH\nVỀ\nVIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH VÀ PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH "
        "CHÍNH TRONG LĨNH VỰC BẢO TRỢ XÃ HỘI, LĨNH VỰC TRẺ EM VÀ LĨNH VỰC PHÒNG, CHỐNG TỆ NẠN XÃ HỘI THỰC HIỆN KHÔNG PHỤ "
        "THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TOÀN TỈNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ Y TẾ, ỦY BAN NHÂN DÂN "
        "CẤP XÃ TỈNH CAO BẰNG\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 16 "
        "tháng 6 năm 2025;\n"
    )
    h = extract_header(doc_from_text(text))
    assert h.title.startswith("VỀ VIỆC CÔNG BỐ DANH MỤC") and h.title.endswith("CẤP XÃ TỈNH CAO BẰNG")


def test_a_long_sentence_case_line_after_the_title_is_the_body():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 15/KH-UBND\nCao Bằng, ngày 27 tháng 11 năm 2025\nKẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ "
        "SỐ 27/CT-TTG\nThực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ về tăng cường công tác "
        "quản lý, Ủy ban nhân dân tỉnh Cao Bằng ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh với các nội dung "
        "cụ thể, gồm các nhiệm vụ, giải pháp và phân công trách nhiệm cho các cơ quan, đơn vị, địa phương trong năm 2026\n"
    )
    assert extract_header(doc_from_text(text)).title == "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG"


HEADLESS_GUIDANCE = """HƯỚNG DẪN
XÂY DỰNG, KIỆN TOÀN ĐỘI NGŨ BÁO CÁO VIÊN CÁC CẤP
-----
- Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương Đảng khóa XIII về thi hành Điều lệ Đảng;
Ban Tuyên giáo và Dân vận Trung ương hướng dẫn việc xây dựng, kiện toàn đội ngũ báo cáo viên các cấp như sau:
I. NGUYÊN TẮC CHUNG
- Báo cáo viên cấp nào do cấp ủy đảng cấp đó lựa chọn, quyết định công nhận, cấp thẻ báo cáo viên.
- Mỗi xã, phường, đặc khu: thực hiện theo số lượng quy định; Thành phố Hồ Chí Minh: 50 báo cáo viên.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Phạm Tất Thắng
PHỤ LỤC
SỐ LƯỢNG BÁO CÁO VIÊN
(Kèm theo Hướng dẫn số 40-HD/BTGDVTW, ngày 27/11/2025 của Ban Tuyên giáo và Dân vận Trung ương)
"""


def test_a_headless_guidance_takes_number_date_and_issuer_from_its_appendix():
    """heldout h42 (trove aa9bb8226e3d4c71): no letterhead, no "Số:"; the appendix names the guidance it is attached
    to, of this one's type, and its body: that number, date and issuer are this one's, not the city its quota table
    names."""
    h = extract_header(doc_from_text(HEADLESS_GUIDANCE))
    assert (h.doc_type, h.number, h.issued_date) == (DocType.huong_dan, "40-HD/BTGDVTW", "2025-11-27")
    assert (h.issuer.level, h.issuer.place, h.issuer.name) == (Level.trung_uong, None, "Ban Tuyên giáo và Dân vận Trung ương")


def test_an_appendix_of_another_type_names_no_guidance():
    h = extract_header(doc_from_text(HEADLESS_GUIDANCE.replace("(Kèm theo Hướng dẫn số", "(Kèm theo Quyết định số")))
    assert h.number is None and h.issued_date is None


def test_a_letter_without_its_header_is_not_the_guidance_it_attaches():
    """heldout h52 (trove 04a1d4cd730e7afe): the copy starts at "Kính gửi"; the "HƯỚNG DẪN …" after its signature
    and "PHỤ LỤC" is the appendix's title, not this letter's type line."""
    text = (
        "Kính gửi: Các cơ quan, tổ chức trong hệ thống chính trị\n\nThực hiện nhiệm vụ được giao, Bộ Khoa học và Công nghệ "
        "dự thảo văn bản hướng dẫn việc số hoá hồ sơ, tài liệu tại Phụ lục kèm theo để các cơ quan áp dụng.\n\nTrân trọng./.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CĐSQG.\n\nTL. BỘ TRƯỞNG\nCỤC TRƯỞNG CỤC\nCHUYỂN ĐỔI SỐ QUỐC GIA\nTrần Duy Ninh\n\n"
        "PHỤ LỤC\n\nHƯỚNG DẪN VIỆC SỐ HOÁ HỒ SƠ, TÀI LIỆU THỐNG NHẤT\nTRONG HỆ THỐNG CHÍNH TRỊ\n\n"
        "(Kèm theo văn bản số /BKHCN-CĐSQG ngày /11/2025 của Bộ Khoa học và Công nghệ)\n\nI. HƯỚNG DẪN CHUNG\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.doc_type, h.title, h.signer.name) == (DocType.cong_van, None, "Trần Duy Ninh")
    assert h.recipients == ["Như trên", "Lưu: VT, CĐSQG"]


def test_a_type_line_naming_its_body_puts_the_subject_in_parentheses():
    """heldout h53 (a scanned resolution, OCR): "NGHỊ QUYẾT CỦA HỘI ĐỒNG …" names who resolves; the subject is the
    "(Về việc …)" line; OCR lost the "/" of "01/NQ-HĐQLQ"."""
    text = (
        "HỘI KHUYẾN HỌC TỈNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHỘI ĐỒNG QL QUỸ KHUYẾN HỌC\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 01NQ-HĐQLQ\nBình Thuận, ngày 18 tháng 02 năm 2025\nNGHỊ QUYẾT CỦA HỘI ĐỒNG QUẢN LÝ QUỸ\nKHUYẾN HỌC TỈNH BÌNH THUẬN\n"
        "(Về việc đề nghị xem xét sửa đổi, bổ sung Điều lệ Quỹ khuyến học)\n"
        "- Căn cứ Nghị định số 93/2019/NĐ-CP ngày 25/11/2019 của Chính phủ về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện;\n"
        "QUYẾT NGHỊ\nĐiều 1: Thống nhất đề nghị UBND tỉnh xem xét sửa đổi, bổ sung Điều lệ Quỹ.\n"
    )
    h = extract_header(doc_from_text(text))
    assert (h.doc_type, h.number) == (DocType.nghi_quyet, "01/NQ-HĐQLQ")
    assert h.title == "Về việc đề nghị xem xét sửa đổi, bổ sung Điều lệ Quỹ khuyến học"


def test_the_head_enacting_a_decision_is_not_its_title():
    # heldout h90 (QĐ 1597/QĐ-TTPVHCC): "GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI" stands over the
    # "Căn cứ" lines; a title that wraps onto a line starting "GIÁM ĐỐC …" keeps it (no legal basis follows it)
    head = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\nSố: 1597/QĐ-TTPVHCC\nHà Nội, ngày 21 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
    h = extract_header(
        doc_from_text(
            head + "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC DU LỊCH\n"
            "GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.\n"
        )
    )
    assert h.title == "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC DU LỊCH"
    wrapped = extract_header(
        doc_from_text(
            head.replace("1597/QĐ-TTPVHCC", "120/QĐ-UBND") + "VỀ VIỆC TẶNG DANH HIỆU\n"
            "GIÁM ĐỐC DOANH NGHIỆP TIÊU BIỂU NĂM 2025\nCHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nCăn cứ Luật Thi đua, khen thưởng;\n"
        )
    )
    assert wrapped.title == "VỀ VIỆC TẶNG DANH HIỆU GIÁM ĐỐC DOANH NGHIỆP TIÊU BIỂU NĂM 2025"


def test_a_headless_resolution_keeps_ve_viec_and_is_dated_by_its_closing_formula():
    # heldout h144 (a Ủy ban Thường vụ Quốc hội resolution copied without header or signature): "Về việc …" opens the
    # title under the type line; the closing "… thông qua ngày 06 tháng 02 năm 2025" is its date
    text = (
        "NGHỊ QUYẾT\nVề việc tăng thêm số lượng Thứ trưởng, Phó Thủ trưởng cơ quan ngang Bộ\nỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
        "Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13;\nQUYẾT NGHỊ:\nĐiều 1. Tăng thêm 01 Thứ trưởng Bộ Ngoại giao.\n"
        "Điều 2. Nghị quyết này có hiệu lực thi hành từ ngày 06 tháng 02 năm 2025.\n"
        "Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV, phiên họp thứ 42, thông qua ngày 06 tháng 02 năm 2025.\n"
    )
    h = extract_header(doc_from_text(text))
    assert h.title == "Về việc tăng thêm số lượng Thứ trưởng, Phó Thủ trưởng cơ quan ngang Bộ"
    assert (h.issued_date, h.year, h.issuer.level.value) == ("2025-02-06", 2025, "trung_uong")
    assert h.date_span is not None and h.date_span.text == "06 tháng 02 năm 2025"
