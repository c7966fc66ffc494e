"""Section tree: numbering styles, levels, skipped numbers, kinds, items, spans."""

from __future__ import annotations

import pytest
from helpers_doc import doc_from_text

from kehoach.extractors.header import extract_header
from kehoach.extractors.sections import extract_sections, heading_kinds
from kehoach.schemas.contract import SectionKind as K


def sections_of(text: str):
    doc = doc_from_text(text)
    return doc, extract_sections(doc, extract_header(doc))


@pytest.mark.parametrize(
    "heading, kinds",
    [
        ("MỤC ĐÍCH, YÊU CẦU", [K.muc_dich, K.yeu_cau]),  # the usual first part
        ("NỘI DUNG, YÊU CẦU, HÌNH THỨC, THỜI GIAN", [K.noi_dung, K.yeu_cau, K.hinh_thuc, K.thoi_gian]),  # seed 000
        ("HÌNH THỨC, SỐ LƯỢNG, TIÊU CHUẨN VÀ HỒ SƠ KHEN THƯỞNG", [K.hinh_thuc, K.khen_thuong, K.ho_so]),  # seed 004
        ("KINH PHÍ KHEN THƯỞNG", [K.kinh_phi, K.khen_thuong]),  # seed 004
        ("Đối tượng phát động tham gia", [K.doi_tuong]),  # seed 000
        ("THỜI GIAN TỔ CHỨC PHONG TRÀO THI ĐUA", [K.thoi_gian]),  # seed 002: "tổ chức" without "thực hiện"
        ("TỔ CHỨC THỰC HIỆN", [K.to_chuc_thuc_hien]),  # the responsibilities part
        ("Cải cách tài chính công", []),  # a reform area, not the budget part
        ("Văn phòng – Thống kê", []),  # an actor heading has no kind
        # a heading names a part only with the part's own words (gold-dev d01, d03, d09, d12 follow ANNOTATION.md):
        ("MỤC TIÊU", []),  # goals are not "mục đích" (d12's gold has no muc_dich for its MỤC TIÊU)
        ("NHIỆM VỤ TRỌNG TÂM", []),  # d09: tasks are not "nội dung"
        ("LỘ TRÌNH THỰC HIỆN", []),  # d01: a roadmap is not "thời gian"
        ("PHÂN CÔNG NHIỆM VỤ", []),  # d12: not "tổ chức thực hiện" (responsibilities still read it)
        ("Các nội dung khác", []),  # d09: a catch-all item
        ("Về thi đua khen thưởng đối với hoạt động của Ban chỉ đạo", []),  # d09: a topic label of a list item
        ("Thẩm quyền, trình tự, thời gian đánh giá, xếp loại", [K.thoi_gian]),  # d10's attached regulation, Điều 9
        ("TỔ CHÚC THỰC HIỆN", [K.to_chuc_thuc_hien]),  # OCR misread a tone mark (scanned seed 004)
        ("MỤC ĐÍCH, YÊU CÂU", [K.muc_dich, K.yeu_cau]),  # OCR: "CÂU" for "CẦU"
        ("Cải cách tài chính còng", []),  # no accent-free match invents a kind
        ("Sử dụng bộ mã ký tự chữ Việt theo tiêu chuẩn TCVN 6909", []),  # a technical standard (trove, Ninh Bình Quy chế)
        ("Tiêu chuẩn khen thưởng", [K.khen_thuong]),
        ("NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI", []),  # heldout h18: the coming period, not the time part
        ("Xử lý tài sản của Quỹ khi đình chỉ có thời hạn hoạt động", []),  # h21: temporary, no time limit
        ("Thời gian thực hiện", [K.thoi_gian]),
        ("NGUỒN VỐN THỰC HIỆN KẾ HOẠCH", [K.kinh_phi]),  # heldout h17: an investment plan's funding part
        ("Huy động nguồn vốn xã hội hóa cho chuyển đổi số", []),  # a task about raising capital, not the funding part
        # heldout h25: "TÌNH HÌNH THỰC HIỆN" is "hinh thuc" once the marks are stripped, not the form part
        ("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC", []),
        ("Tổ chức lễ cưới tại một địa điểm, trong thời gian một ngày", []),  # heldout h24: a duration, not the time part
        # a part's name opens the heading or one of its listed parts, not a case or a task (heldout h17, h25, h35, h43, h44, h47)
        ("PHẠM VI, ĐỐI TƯỢNG VÀ THỜI GIAN THỰC HIỆN", [K.doi_tuong, K.thoi_gian]),  # gold-dev d04
        ("Phạm vi điều chỉnh và đối tượng áp dụng", [K.doi_tuong]),  # gold-dev d10
        ("Đối với trường hợp đối tượng thuộc cơ sở trợ giúp cấp tỉnh", []),  # h43: a case of the procedure
        ("Đối với vùng nuôi tôm nước lợ (đối tượng nuôi tôm thẻ chân trắng, tôm sú)", []),  # h44
        ("THỜI GIAN VÀ PHẠM VI", [K.thoi_gian]),  # h17: the scope is not the participants
        ("Công tác lập, cập nhật, chỉnh lý hồ sơ địa chính", []),  # h47: a task on land records, not the dossier
        ("Phát triển dịch vụ công trực tuyến và số hóa hồ sơ chuyên ngành", []),  # h35
        ("Trách nhiệm thực hiện", []),  # h31, h43 (heldout NOTES 9)
        ("Hoàn thiện cơ chế, chính sách, tài liệu hướng dẫn tổ chức thực hiện nâng cao nhận thức", []),  # h17
        ("NHỮNG TÁC ĐỘNG ĐẾN CÂN ĐỐI NSĐP VÀ CÁC GIẢI PHÁP TỔ CHỨC THỰC HIỆN KẾ HOẠCH", [K.to_chuc_thuc_hien]),  # h25
        ("PHÂN CẤP MỘT SỐ NỘI DUNG THUỘC LĨNH VỰC XÂY DỰNG, GIAO THÔNG", []),  # h50: some matters, not the content part
        ("Xử lý kiến nghị có nội dung liên quan đến bảo vệ bí mật nhà nước", []),  # h55
        ("Nội dung phối hợp", [K.noi_dung]),  # h47
        ("Tuân thủ tiêu chuẩn và quy chuẩn kỹ thuật", []),  # h52: a technical standard, no award
        ("Trình tự phối hợp và thời gian thực hiện", [K.thoi_gian]),  # h47
        ("Thời hạn giải quyết kiến nghị cử tri", [K.thoi_gian]),  # h55
    ],
)
def test_heading_kinds(heading, kinds):
    assert sorted(heading_kinds(heading)) == sorted(kinds)


def test_skipped_numbers_and_lying_markdown_levels():
    # seed 002: "## **2. Yêu cầu**" is a level-2 markdown heading under "#### I."; V jumps to VII
    text = (
        "## **KẾ HOẠCH**\n### **Phát động phong trào**\nNhằm thực hiện thắng lợi.\n"
        "#### **I.MỤC ĐÍCH, YÊU CẦU**\n##### **1. Mục đích**\n- Nhằm phát huy.\n## **2. Yêu cầu**\n- Phong trào.\n"
        "#### **V. CÔNG TÁC KHEN THƯỞNG**\n###### **a) Tập thể**\n- Nội bộ đoàn kết.\n"
        "## **VII. TỔ CHỨC THỰC HIỆN**\n1. Văn phòng - Thống kê có trách nhiệm theo dõi, đôn đốc cán bộ, công chức thực hiện nghiêm các nội dung của kế hoạch này; làm hồ sơ đề nghị khen thưởng.\n"
    )
    doc, secs = sections_of(text)
    assert [(s.number, s.heading) for s in secs] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("V", "CÔNG TÁC KHEN THƯỞNG"),
        ("VII", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [c.number for c in secs[0].children] == ["1", "2"]
    assert secs[0].children[1].level == 2
    # a level-3 letter under V although arabic numbering was skipped there
    assert secs[1].children[0].number == "a" and secs[1].children[0].level == 2
    # a long numbered sentence is an item of its section, not a heading
    assert secs[2].children == [] and secs[2].items[0].marker == "1"
    for s in secs:
        assert doc.text[s.heading_start : s.heading_end] == s.heading
        assert s.heading in doc.text[s.start : s.end]


def test_cong_van_numbered_paragraphs_are_not_sections():
    # seed 003: a công văn's numbered paragraphs are content, not a section tree
    text = (
        "V/v tiếp tục phát huy các giải pháp\nKính gửi: Các cán bộ\nỦy ban nhân dân xã triển khai các nội dung sau:\n"
        "1. Phổ biến kết quả cuộc thi lần thứ 6 - năm 2023. Biểu dương những công chức, viên chức đã có các đề tài, mô hình, sáng kiến đăng ký tham gia cuộc thi.\n"
        "2. Khuyến khích các cán bộ, công chức và người hoạt động không chuyên trách xã tiếp tục nghiên cứu, tham khảo tổ chức các cuộc thi về cải cách hành chính.\n"
    )
    _, secs = sections_of(text)
    assert secs == []


def test_inline_heading_before_colon():
    # seed 001: "2. Công chức Văn hóa-xã hội: Đẩy mạnh công tác tuyên truyền…"
    text = (
        "KẾ HOẠCH\nPhát động\nThực hiện Kế hoạch số 205/KH-UBND.\nIV. TỔ CHỨC THỰC HIỆN\n"
        "1. Công chức Văn phòng – Thống kê\nTheo dõi việc triển khai thực hiện trong cơ quan.\n"
        "2. Công chức Văn hóa-xã hội: Đẩy mạnh công tác tuyên truyền kế hoạch này bằng nhiều hình thức.\n"
    )
    _doc, secs = sections_of(text)
    kids = secs[0].children
    assert [(k.number, k.heading) for k in kids] == [("1", "Công chức Văn phòng – Thống kê"), ("2", "Công chức Văn hóa-xã hội")]
    assert kids[0].end <= kids[1].start
    assert secs[0].kinds == [K.to_chuc_thuc_hien]


def test_a_labelled_item_names_no_part():
    # heldout h10 and h14 (two annotators, blind): "4. Nguồn kinh phí: Sử dụng …" is an item with its label, not a
    # heading naming the kinh_phi part; the same label alone on its line is a heading
    text = (
        "KẾ HOẠCH\nPhát động thi đua\nI. NỘI DUNG\n1. Nội dung thi đua\nNâng cao nhận thức của người dân.\n"
        "2. Kinh phí khen thưởng: Từ nguồn kinh phí khen thưởng của thành phố.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Thời gian thực hiện:\nTừ ngày 20/11/2025 đến ngày 03/12/2025.\n"
    )
    _doc, secs = sections_of(text)
    i, ii = secs
    assert [(k.number, k.heading, k.kinds) for k in i.children] == [
        ("1", "Nội dung thi đua", [K.noi_dung]),
        ("2", "Kinh phí khen thưởng", []),
    ]
    assert [(k.number, k.kinds) for k in ii.children] == [("1", [K.thoi_gian])]


def test_decision_articles_without_headings_are_not_sections():
    # corpus 009–012, gold-dev d10: a decision's articles that are provisions are no sections (ANNOTATION: top
    # items only when they have a heading); their numbered clauses are not sections either
    text = (
        "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.\n"
        "Điều 2. Giao các cơ quan, đơn vị:\n1. Sở Nội vụ hướng dẫn thực hiện.\n2. Sở Tài chính bố trí kinh phí.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này./.\n"
    )
    _, secs = sections_of(text)
    assert secs == []


def test_decision_articles_with_headings():
    # trove 150d48a0 (a decision that is itself a regulation): "Điều 1. Phạm vi điều chỉnh"; a title on the next line
    text = (
        "QUYẾT ĐỊNH\nQuy định phân cấp\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định việc phân cấp.\n"
        "Điều 2.\nĐối tượng áp dụng\nCác cơ quan nhà nước.\n"
    )
    doc, secs = sections_of(text)
    assert [(s.number, s.heading, s.numbering, s.level) for s in secs] == [
        ("1", "Phạm vi điều chỉnh", "article", 1),
        ("2", "Đối tượng áp dụng", "article", 1),
    ]
    assert all(doc.text[s.heading_start : s.heading_end] == s.heading for s in secs)


def test_attached_regulation_chapters_are_top_sections():
    # gold-dev d10: a decision promulgates a Quy định; its Chương (title on the next line) are the top sections
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 2579/QĐ-UBND\nCần Thơ, ngày 21 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Quy định tiêu chí đánh giá\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định Tiêu chí đánh giá, xếp loại công tác dân vận.\n"
        "Điều 2. Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrương Cảnh Tuyên\n"
        "QUY ĐỊNH\nTIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC DÂN VẬN\n(Kèm theo Quyết định số 2579/QĐ-UBND ngày 21 tháng 11 năm 2025)\n"
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh và đối tượng áp dụng\n1. Phạm vi điều chỉnh\nQuy định về tiêu chí.\n"
        "Chương III KHEN THƯỞNG\nĐiều 8. Tiêu chuẩn xét khen thưởng\n"
        "1. Cơ quan, đơn vị, địa phương được đánh giá xếp loại hoàn thành xuất sắc nhiệm vụ và có số điểm từ cao xuống thấp.\n"
        "Chương IV\nTỔ CHỨC THỰC HIỆN\nĐiều 10. Trách nhiệm thực hiện\n1. Kinh phí thực hiện\nKinh phí từ ngân sách./.\n"
    )
    doc, secs = sections_of(text)
    assert [(s.number, s.heading) for s in secs] == [
        ("I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("III", "KHEN THƯỞNG"),
        ("IV", "TỔ CHỨC THỰC HIỆN"),
    ]
    kinds = {k for s in secs for x in [s, *s.children, *(c for ch in s.children for c in ch.children)] for k in x.kinds}
    assert kinds == {K.doi_tuong, K.khen_thuong, K.to_chuc_thuc_hien, K.kinh_phi}
    for s in secs:
        assert doc.text[s.heading_start : s.heading_end] == s.heading
        assert s.heading in doc.text[s.start : s.end]


def test_attached_plan_without_its_kem_theo_line():
    # trove f1e09814 (Sơn La QĐ 2954): the copy lost "(Kèm theo Quyết định số …)" under the plan's title;
    # Điều 1 says what the decision promulgates, so the "KẾ HOẠCH" after the signature is that plan
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 2954/QĐ-UBND\nSơn La, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Về việc ban hành Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030\nQUYẾT ĐỊNH:\n"
    )
    tail = (
        "Điều 2. Giao Sở Công Thương chủ trì, phối hợp với Ủy ban nhân dân các xã, phường triển khai thực hiện Kế hoạch này.\n"
        "Điều 3. Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành quyết định này./.\n"
        "Nơi nhận:\n- Bộ Công Thương (b/c);\n- Lưu: VT.\nTM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thành Công\n"
        "KẾ HOẠCH\nXUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030\n"
        "I. MỤC TIÊU\nDuy trì tốc độ tăng trưởng xuất khẩu ổn định.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Ủy ban nhân dân các xã, phường\n"
        "- Nghiên cứu xây dựng kế hoạch xuất khẩu các sản phẩm hàng hóa của xã, phường./.\n"
    )
    promulgates = (
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 - 2030.\n"
    )
    _, secs = sections_of(head + promulgates + tail)
    assert [(s.number, s.heading) for s in secs] == [("I", "MỤC TIÊU"), ("II", "TỔ CHỨC THỰC HIỆN")]
    assert secs[1].children[0].heading == "Ủy ban nhân dân các xã, phường"
    # a decision that promulgates nothing: a "KẾ HOẠCH" line after its signature is no attachment
    _, secs = sections_of(head + "Điều 1. Phê duyệt chủ trương xây dựng kế hoạch xuất khẩu.\n" + tail)
    assert secs == []


def test_the_body_ends_at_the_documents_own_signature():
    # trove 432a3fc0 (Bộ Tài chính): a form in the attached Quy chế has its own "Nơi nhận"; the decision's
    # body ends at the first, signed one, and the Quy chế (its Kèm theo line lost) is the attachment
    text = (
        "BỘ TÀI CHÍNH\nSố: 2380/QĐ-BTC\nHà Nội, ngày 10 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Quy chế công tác lưu trữ của Bộ Tài chính\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này là Quy chế công tác lưu trữ của Bộ Tài chính.\n"
        "Điều 2. Chánh Văn phòng Bộ chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT, VP.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Thị Bích Ngọc\n"
        "QUY CHẾ\nCông tác lưu trữ của Bộ Tài chính\n"
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định công tác lưu trữ.\n"
        "Chương II\nTỔ CHỨC THỰC HIỆN\nĐiều 2. Trách nhiệm thi hành\nVăn phòng Bộ hướng dẫn thực hiện./.\n"
        "Mẫu số 14. Quyết định về việc tiêu hủy tài liệu\nĐiều 3. Chủ tịch hội đồng chịu trách nhiệm thi hành quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nQUYỀN HẠN VÀ CHỨC VỤ CỦA NGƯỜI KÝ\n(Chữ ký, dấu)\nHọ và tên\n"
    )
    doc = doc_from_text(text)
    header = extract_header(doc)
    assert header.signer.name == "Nguyễn Thị Bích Ngọc"
    assert doc.text[header.body_end :].startswith("Nơi nhận:\n- Như Điều 2;")
    secs = extract_sections(doc, header)
    assert [(s.number, s.heading) for s in secs] == [("I", "QUY ĐỊNH CHUNG"), ("II", "TỔ CHỨC THỰC HIỆN")]


def test_short_entries_of_a_numbered_list_are_items_like_the_long_ones():
    # heldout h09: "3." and "5." are short sentences with nothing under them, in the list whose long
    # entries "1.", "2.", "4." are items: all five are the items of "III. NỘI DUNG THỰC HIỆN"
    _, secs = sections_of(
        "KẾ HOẠCH\nTổng kiểm kê tài sản công\nCăn cứ Luật.\nIII. NỘI DUNG THỰC HIỆN\n"
        "1. Thành lập mới hoặc kiện toàn Ban chỉ đạo kiểm kê của địa phương để chỉ đạo, đôn đốc các cơ quan, tổ chức, "
        "đơn vị trong việc thực hiện kiểm kê tài sản.\n"
        "2. Xây dựng, ban hành kế hoạch kiểm kê của địa phương; đôn đốc, hướng dẫn các cơ quan, tổ chức, đơn vị thực "
        "hiện bảo đảm theo đúng tiến độ.\n"
        "3. Tập huấn, hướng dẫn thực hiện kiểm kê, báo cáo kết quả kiểm kê.\n"
        "4. Tổ chức thực hiện kiểm kê, đôn đốc, kiểm tra, giám sát việc thực hiện các nội dung kiểm kê, trách nhiệm "
        "của các cơ quan, đơn vị, thời hạn phải hoàn thành theo kế hoạch.\n"
        "5. Tổng hợp, báo cáo, công bố kết quả Tổng kiểm kê.\n"
        "IV. KINH PHÍ THỰC HIỆN\n1. Nguồn kinh phí\n- Ngân sách tỉnh.\n2. Quản lý kinh phí\n- Theo quy định.\n"
    )
    assert [s.heading for s in secs] == ["NỘI DUNG THỰC HIỆN", "KINH PHÍ THỰC HIỆN"]
    assert secs[0].children == []
    assert [(it.marker, it.text.split(",")[0]) for it in secs[0].items] == [
        ("1", "Thành lập mới hoặc kiện toàn Ban chỉ đạo kiểm kê của địa phương để chỉ đạo"),
        ("2", "Xây dựng"),
        ("3", "Tập huấn"),
        ("4", "Tổ chức thực hiện kiểm kê"),
        ("5", "Tổng hợp"),
    ]
    # headings with something under them stay headings
    assert [c.heading for c in secs[1].children] == ["Nguồn kinh phí", "Quản lý kinh phí"]


def test_appendix_note_is_not_part_of_the_heading():
    # gold-dev d01: "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU (chi tiết Phụ lục đính kèm)"
    _, secs = sections_of(
        "KẾ HOẠCH\nĐổi mới\nCăn cứ Luật.\nIII. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU (chi tiết Phụ lục đính kèm)\n- Rà soát.\n"
    )
    assert secs[0].heading == "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"


@pytest.mark.parametrize(
    "line",
    [
        "Chương V của Nghị định này.",  # trove 92e7ae60: a reference wrapped to a line start
        "03 ngày làm việc kể từ khi nhận được hồ sơ đầy đủ",  # trove 09443276: a quantity in a table cell
    ],
)
def test_not_headings(line):
    _, secs = sections_of(f"KẾ HOẠCH\nThí điểm\nCăn cứ Luật.\nI. NỘI DUNG\n{line}\n")
    assert [s.number for s in secs] == ["I"] and secs[0].children == []


def test_bullets_are_items_with_levels():
    # seed 001: "- + Cải cách thể chế" is a second-level bullet
    text = (
        "KẾ HOẠCH\nPhát động\nThực hiện Kế hoạch số 205/KH-UBND.\nII. NỘI DUNG\n"
        "- Các giải pháp có thể giải quyết một trong các nội dung sau:\n- + Cải cách thể chế\n- + Cải cách thủ tục hành chính\n"
    )
    doc, secs = sections_of(text)
    items = secs[0].items
    assert [(i.marker, i.level, i.text) for i in items] == [
        ("-", 1, "Các giải pháp có thể giải quyết một trong các nội dung sau:"),
        ("+", 2, "Cải cách thể chế"),
        ("+", 2, "Cải cách thủ tục hành chính"),
    ]
    assert all(doc.text[i.start : i.end] == i.text for i in items)


@pytest.mark.parametrize(
    "line, is_heading",
    [
        ("b) Căn cứ tiêu chuẩn thi đua xây dựng bảng đánh giá, chấm điểm;", False),  # a list clause (corpus 004)
        ("3. Nâng cao nhận thức, trách nhiệm của các cơ quan", True),  # a heading, but not TỔ CHỨC THỰC HIỆN
        ("đ) Xây dựng và nâng cao chất lượng đội ngũ cán bộ công chức.", True),  # 13 words with a final dot (seed 002)
    ],
)
def test_heading_or_item(line, is_heading):
    text = f"KẾ HOẠCH\nThí điểm\nCăn cứ Luật.\nI. NỘI DUNG\n{line}\n"
    _, secs = sections_of(text)
    assert bool(secs[0].children) == is_heading
    if secs[0].children:
        assert K.to_chuc_thuc_hien not in secs[0].children[0].kinds


def test_a_long_entry_after_a_heading_entry_closes_it():
    # eval/crosscheck-blind/b (Đắk Lắk Chỉ thị 010): "3. Cơ quan chủ trì …" is a heading with its a)–d), then
    # "4. Cơ quan phối hợp …" and "5. Để nâng cao …, các Sở, ngành, UBND cấp xã … những nội dung sau:" are long
    # paragraphs: entries of II's own list, not of 3.a); "b)" after the heading "a)" is an entry of 3.
    text = (
        "CHỈ THỊ\nVề tăng cường phối hợp thẩm định\n"
        "II. Trách nhiệm phối hợp giải quyết thủ tục đầu tư\n"
        "**3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án**\n"
        "a) Hướng dẫn và tạo điều kiện giải quyết nhanh các thủ tục đầu tư:\n"
        "b) Chủ động phối hợp với các cơ quan, đơn vị, địa phương liên quan khác để giải quyết trong thời hạn quy định.\n"
        "4. Cơ quan phối hợp có trách nhiệm trả lời bằng văn bản, nêu rõ quan điểm và đúng thời gian quy định khi được "
        "cơ quan chủ trì lấy ý kiến; làm rõ nội dung khi được cơ quan chủ trì yêu cầu bổ sung.\n"
        "5. Để nâng cao hiệu lực, hiệu quả quản lý nhà nước về đầu tư, các Sở, ngành, UBND cấp xã và các đơn vị có liên "
        "quan theo chức năng, nhiệm vụ, thẩm quyền quy định triển khai thực hiện những nội dung sau:\n"
        "a) Định kỳ đánh giá tình hình hoạt động của các dự án đầu tư theo lĩnh vực, địa bàn được giao.\n"
        "b) Tham gia kiểm tra, khảo sát vị trí đầu tư xây dựng; tham gia công tác giám sát, đánh giá đầu tư hoặc kiểm tra "
        "định kỳ hay đột xuất dự án đầu tư theo quy định.\n"
        "III. Tổ chức thực hiện\nGiao Sở Tài chính chủ trì theo dõi, tổng hợp.\n"
    )
    doc, secs = sections_of(text)
    two = secs[0]
    assert [c.number for c in two.children] == ["3"]
    three = two.children[0]
    assert [c.number for c in three.children] == ["a"] and [it.marker for it in three.items] == ["b"]
    assert [it.marker for it in two.items] == ["4", "5", "a", "b"]
    four = doc.text.index("4. Cơ quan phối hợp")
    assert three.end < four and three.children[0].end < four <= two.end


def test_a_wrapped_reference_or_a_new_list_keeps_its_section():
    # NEGATIVE: "Điều 6 Nghị định …" wrapped to a line start is no next article; "1." under a lettered heading
    # starts a new list, it is no entry after "2."
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 25/QĐ-UBND\nQuảng Trị, ngày 21 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Quy định quản lý an toàn công trình điện lực\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý an toàn công trình điện lực.\n"
        "Điều 2. Giám đốc Sở Công Thương chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
        "QUY ĐỊNH\nQUẢN LÝ AN TOÀN CÔNG TRÌNH ĐIỆN LỰC\n(Kèm theo Quyết định số 25/QĐ-UBND ngày 21 tháng 11 năm 2025)\n"
        "Chương II\nQUY ĐỊNH CỤ THỂ\n"
        "Điều 5. Trách nhiệm của Ủy ban nhân dân cấp xã\n"
        "4. Phối hợp với đơn vị điện lực chủ trì xử lý trường hợp nhà ở, công trình phục vụ sinh hoạt của hộ gia đình, "
        "cá nhân không có nhu cầu di dời được quy định tại điểm b khoản 4\n"
        "Điều 6 Nghị định số 62/2025/NĐ-CP ngày 04/3/2025 của Chính phủ.\n"
        "5. Chủ tịch Ủy ban nhân dân cấp xã thực hiện các thủ tục thu hồi đất, giao đất theo thẩm quyền.\n"
        "Điều 6. Trách nhiệm của đơn vị điện lực\n"
        "2. Nhiệm vụ cụ thể\n"
        "a) Kiểm tra lưới điện\n"
        "1. Thường xuyên kiểm tra lưới điện, phát hiện kịp thời các vi phạm hành lang bảo vệ an toàn công trình điện lực.\n"
    )
    _doc, secs = sections_of(text)
    five = secs[0].children[0]
    assert five.number == "5" and [it.marker for it in five.items] == ["4", "6", "5"]
    six = secs[0].children[1]
    letter = six.children[0].children[0]
    assert letter.number == "a" and [it.marker for it in letter.items] == ["1"]


def test_a_label_that_opens_a_list_names_no_part():
    # heldout h21 (a fund's charter): "4. Hình thức công khai bao gồm:" opens its list; "2. Hình thức khen thưởng:"
    # with nothing after the colon is the part's heading
    text = (
        "KẾ HOẠCH\nCông khai tài chính\nI. NỘI DUNG\n"
        "4. Hình thức công khai bao gồm:\na) Niêm yết tại trụ sở.\nb) Đăng trên trang thông tin điện tử.\n"
        "II. KHEN THƯỞNG\n2. Hình thức khen thưởng:\n- Giấy khen của Chủ tịch UBND xã.\n"
    )
    _doc, secs = sections_of(text)
    kinds = {k for s in secs for x in [s, *s.children] for k in x.kinds}
    assert kinds == {K.noi_dung, K.khen_thuong, K.hinh_thuc}
    assert secs[0].children[0].kinds == []


def test_a_numbered_line_wrapped_after_a_comma_is_no_heading():
    # heldout h38 (a VPCP conclusion): "1. Các đồng chí Bộ trưởng," / "Thủ trưởng cơ quan ngang Bộ, … chỉ đạo …"
    _, sections = sections_of(
        "THÔNG BÁO\nKết luận của Phó Thủ tướng\nPhó Thủ tướng Chính phủ kết luận như sau:\n1. Các đồng chí Bộ trưởng,\n"
        "Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ theo chức năng, nhiệm vụ trực tiếp chỉ đạo thực hiện.\n"
    )
    assert [s.heading for s in sections] == []


def test_a_letters_labelled_items_are_no_sections():
    # heldout h39 (a draft công văn): "3. Chủ tịch Hiệp hội: Ông …" is a paragraph of the letter; a plan's labelled
    # items under its parts stay (seed 004's "a) Đối với tập thể: …")
    _, sections = sections_of(
        "CÔNG VĂN\nV/v kết quả Đại hội\n1. Thống nhất với hồ sơ báo cáo kết quả Đại hội của Hiệp hội.\n"
        "3. Chủ tịch Hiệp hội: Ông Trương Quang Hiến; Phó Chủ tịch: Bà Lê Thị Thu Liễu.\n"
    )
    assert "Chủ tịch Hiệp hội" not in [s.heading for s in sections]
    _, plan = sections_of(
        "KẾ HOẠCH\nThi đua năm 2025\nI. ĐỐI TƯỢNG\na) Đối với tập thể: các phòng, ban chuyên môn.\n"
        "b) Đối với cá nhân: cán bộ, công chức.\nII. TỔ CHỨC THỰC HIỆN\nCác đơn vị triển khai Kế hoạch.\n"
    )
    assert [c.heading for c in plan[0].children] == ["Đối với tập thể", "Đối với cá nhân"]


def test_a_letters_unbolded_numbered_items_are_no_sections_where_the_copy_shows_bold():
    # heldout h41 (a VPCP công văn scraped with its "**" marks): "4. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt" is
    # a paragraph whose line the re-flow cut short, not a heading: none of the letter's items is bold (ANNOTATION:
    # a công văn's numbered items are sections only with a bold heading); a bold one stays
    letter = (
        "**CÔNG VĂN**\nV/v nâng cao hiệu quả công tác chống buôn lậu\n**Kính gửi:** Các Bộ, cơ quan ngang Bộ\n"
        "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang Bộ chỉ đạo các lực lượng chức năng tăng cường kiểm tra, kiểm soát.\n"
        "4. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt\n"
        "5. Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia tăng cường kiểm tra, đôn đốc các cơ quan, lực lượng chức năng.\n"
    )
    _, sections = sections_of(letter)
    assert [s.heading for s in sections] == []
    _, bold = sections_of(letter.replace("4. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt", "**4. Về công tác tuyên truyền**"))
    assert [s.heading for s in bold] == ["Về công tác tuyên truyền"]


def test_a_bold_label_before_its_text_heads_the_item():
    # heldout h78 (a ministry's letter, scraped with "**"): "**4. Văn" / "phòng Bộ:**** **Thực hiện tốt …" is a bold label
    # with its text after it, a heading as a whole bold line is (h68's convention); an unbolded labelled item is not
    letter = (
        "**CÔNG VĂN**\nV/v triển khai Công văn số 282/TTg-TKBT\n**Kính gửi:** Thủ trưởng các cơ quan thuộc Bộ\n"
        "Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ, Bộ trưởng giao:\n"
        "**3. Vụ Kế\nhoạch, Tài chính**\n- Tham mưu Lãnh đạo Bộ tháo gỡ kịp thời khó khăn, vướng mắc về nguồn lực.\n"
        "**4. Văn\nphòng Bộ:**** **Thực hiện tốt công tác tiếp công dân, giải quyết khiếu\n"
        "nại, tố cáo, giải quyết dứt điểm các vụ khiếu kiện đông người, phức tạp.\n"
        "**5. Cục\nDi sản văn hóa:**** **Chủ trì, phối hợp với các cơ quan, đơn vị liên\n"
        "quan tham mưu Lãnh đạo Bộ các giải pháp nhằm phát huy giá trị văn hóa.\n"
        "6. Cục Bản quyền tác giả: Chủ trì tham mưu Lãnh đạo Bộ các giải pháp bảo hộ quyền tác giả.\n"
    )
    doc, sections = sections_of(letter)
    assert [s.heading for s in sections] == ["Vụ Kế hoạch, Tài chính", "Văn phòng Bộ", "Cục Di sản văn hóa"]
    line = next(ln for ln in doc.lines if ln.text.startswith("4. Văn phòng Bộ"))
    assert (line.bold, line.bold_lead) == (False, True)  # the line opens in bold; it is not bold as a whole


def test_a_chapters_long_title_in_capitals():
    # heldout h76 (Hà Nội NQ 73/2025): "Chương II" / "CƠ CHẾ, CHÍNH SÁCH, … TẠI KHU CÔNG NGHỆ CAO" (25 words) is its title
    title = "CƠ CHẾ, CHÍNH SÁCH, BIỆN PHÁP ƯU ĐÃI, HỖ TRỢ THU HÚT NGUỒN NHÂN LỰC CÔNG NGHỆ CAO LÀM VIỆC TẠI KHU CÔNG NGHỆ CAO"
    _, sections = sections_of(
        "NGHỊ QUYẾT\nQuy định cơ chế, chính sách thu hút nguồn nhân lực công nghệ cao\n"
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nNghị quyết này quy định cơ chế, chính sách.\n"
        f"Chương II\n{title}\nĐiều 4. Hỗ trợ nhà ở\nNgười lao động được hỗ trợ tiền thuê nhà.\n"
    )
    assert [(s.number, s.heading) for s in sections] == [("I", "QUY ĐỊNH CHUNG"), ("II", title)]


def test_an_attachment_of_administrative_procedures_has_no_parts_but_a_guidance_under_phu_luc_has():
    # heldout h110, h43, h105: a TTHC decision's "PHỤ LỤC" / "PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH …" groups tables of
    # procedures ("I. DANH MỤC …", "II. NỘI DUNG CHI TIẾT …"): no top sections (NOTES 7). A letter's "PHỤ LỤC" that is a
    # guidance with a body of its own keeps its parts (h52).
    head = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 2843/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 20 tháng 11 năm 2025\n"
        "QUYẾT ĐỊNH\nVề việc thông qua Phương án đơn giản hóa thủ tục hành chính\nQUYẾT ĐỊNH:\n"
        "Điều 1. Thông qua Phương án đơn giản hóa thủ tục hành chính (chi tiết tại Phụ lục kèm theo).\n"
        "Điều 2. Tổ chức thực hiện\nSở Nội vụ triển khai thực thi phương án./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Dũng\n"
    )
    procedures = (
        "PHỤ LỤC\nPHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH THUỘC PHẠM VI CHỨC NĂNG QUẢN LÝ CỦA SỞ NỘI VỤ\n"
        "(Kèm theo Quyết định số 2843/QĐ-UBND ngày 20 tháng 11 năm 2025 của Chủ tịch Ủy ban nhân dân Thành phố)\n"
        "I. DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƠN GIẢN HÓA\n1. Cấp giấy phép hoạt động dịch vụ việc làm.\n"
        "II. NỘI DUNG CHI TIẾT CỤ THỂ TỪNG THỦ TỤC HÀNH CHÍNH ĐƠN GIẢN HÓA\n"
        "- Thời gian thực hiện: 05 ngày kể từ ngày Sở Nội vụ tiếp nhận đủ giấy tờ./.\n"
    )
    _, secs = sections_of(head + procedures)
    assert [(s.number, s.heading) for s in secs] == [("2", "Tổ chức thực hiện")]
    guidance = (
        "PHỤ LỤC\nHƯỚNG DẪN VIỆC SỐ HOÁ HỒ SƠ, TÀI LIỆU THỐNG NHẤT\n"
        "(Kèm theo Quyết định số 2843/QĐ-UBND ngày 20 tháng 11 năm 2025 của Chủ tịch Ủy ban nhân dân Thành phố)\n"
        "I. HƯỚNG DẪN CHUNG\nTài liệu hướng dẫn này áp dụng cho các cơ quan.\nII. HƯỚNG DẪN CHI TIẾT\nSố hoá hồ sơ./.\n"
    )
    _, secs = sections_of(head + guidance)
    assert [s.number for s in secs] == ["2", "I", "II"]
