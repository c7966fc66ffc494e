"""Responsibilities: tables of real sentences (seeds and corpus), documents, and invariants."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, GOLD, SEED_TXT, needs_shared
from helpers_doc import doc_from_text

from kehoach.extract import extract_canonical, read_canonical
from kehoach.extractors.header import extract_header
from kehoach.extractors.responsibilities import (
    expand_abbreviations,
    extract_responsibilities,
    is_actor_start,
    parse_actor,
)
from kehoach.extractors.sections import extract_sections
from kehoach.schemas.contract import Role

LEAD, SUPPORT = Role.lead, Role.support

# (line body without its number, numbered?, expected actor or None, role)
ACTOR_ROWS = [
    # seed 000: a heading that is only an actor
    ("Văn phòng – Thống kê", True, "Văn phòng – Thống kê", LEAD),
    # seed 000: re-flow glued the heading to its first task; the capitalised verb ends the actor; Đề nghị → support
    (
        "Đề nghị UBMTTQVN xã, các ban ngành và đoàn thể xã Phối hợp triển khai phát động tham gia giải pháp, sáng kiến.",
        True,
        "UBMTTQVN xã, các ban ngành và đoàn thể xã",
        SUPPORT,
    ),
    # seed 001: actor before a colon
    (
        "Công chức Văn hóa-xã hội: Đẩy mạnh công tác tuyên truyền kế hoạch này bằng nhiều hình thức.",
        True,
        "Công chức Văn hóa-xã hội",
        LEAD,
    ),
    # seed 001: a request to the Front (not commanded by the issuer) is support
    (
        "Đề nghị Mặt trận, các đoàn thể xã: Phối hợp triển khai phát động tìm kiếm giải pháp, sáng kiến, mô hình.",
        True,
        "Mặt trận, các đoàn thể xã",
        SUPPORT,
    ),
    # seed 002: subject + "có trách nhiệm"
    (
        "Văn phòng - Thống kê có trách nhiệm theo dõi, đôn đốc cán bộ, công chức, người hoạt động không chuyên trách.",
        True,
        "Văn phòng - Thống kê",
        LEAD,
    ),
    # seed 003 (công văn): "Giao X verb …"
    (
        "Giao Công chức Văn phòng – Thống kê theo dõi, tổng hợp các mô hình, sáng kiến được triển khai tại địa phương;",
        True,
        "Công chức Văn phòng – Thống kê",
        LEAD,
    ),
    # corpus 004: glued heading whose first task starts with "Phối hợp" → support
    (
        "Sở Nội vụ Phối hợp Sở Y tế thẩm định, lập thủ tục xét trình Chủ tịch Ủy ban nhân dân thành phố tặng Bằng khen.",
        True,
        "Sở Nội vụ",
        SUPPORT,
    ),
    # corpus 004: glued heading followed by a capitalised "Theo"
    (
        "Sở Khoa học và Công nghệ Theo chức năng, nhiệm vụ của đơn vị phối hợp, hỗ trợ, chia sẻ kinh nghiệm.",
        True,
        "Sở Khoa học và Công nghệ",
        LEAD,
    ),
    # corpus 004: a heading without a final stop keeps its lowercase verb inside the name
    ("Đề nghị các tổ chức cung cấp dịch vụ chi trả", True, "các tổ chức cung cấp dịch vụ chi trả", SUPPORT),
    # corpus 002: "Khen thưởng" after a dash and "Thi đua" after "Hội đồng" belong to the name
    (
        "Hội đồng Thi đua - Khen thưởng các cấp phân công rõ trách nhiệm các thành viên trong quá trình chỉ đạo.",
        False,
        "Hội đồng Thi đua - Khen thưởng các cấp",
        LEAD,
    ),
    # corpus 002: "xã hội" is not the head noun "Hội" (the verb "phát huy" ends the actor)
    (
        "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội phát huy mạnh mẽ thành quả của các phong trào thi đua.",
        False,
        "Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội",
        SUPPORT,
    ),
    # seed 004: closing order "Yêu cầu X nghiêm túc thực hiện"
    (
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện có hiệu quả nội dung Kế hoạch này./.",
        False,
        "Thủ trưởng các cơ quan, đơn vị",
        LEAD,
    ),
    # seed 003: the issuer asks someone in running text
    (
        "Ủy ban nhân dân xã yêu cầu các cán bộ, công chức, người hoạt động không chuyên trách nghiêm túc triển khai thực hiện./.",
        False,
        "các cán bộ, công chức, người hoạt động không chuyên trách",
        LEAD,
    ),
    # corpus 005: "tổ chức" after a comma is a noun of the list, not the verb
    (
        "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng Kế hoạch triển khai.",
        True,
        "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan",
        LEAD,
    ),
    # corpus 012: "Trách nhiệm của X" heading
    ("Trách nhiệm của Sở Văn hóa, Thể thao và Du lịch", True, "Sở Văn hóa, Thể thao và Du lịch", LEAD),
    # corpus 011: a decision's list of addressees before "chịu trách nhiệm thi hành"
    (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở; Thủ trưởng các ban, ngành, đơn vị cấp tỉnh chịu trách nhiệm thi hành Quyết định này./.",
        False,
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở; Thủ trưởng các ban, ngành, đơn vị cấp tỉnh",
        LEAD,
    ),
    # corpus files (UBND Bình Thuận): a colon after a plural opens the list of members, the verb comes after it
    (
        "Giao các sở: Giao thông vận tải, Thông tin và Truyền thông, Xây dựng đôn đốc, hướng dẫn các hội được phân công quản lý.",
        False,
        "các sở: Giao thông vận tải, Thông tin và Truyền thông, Xây dựng",
        LEAD,
    ),
    # NEGATIVE seed 004: the verb "Tổ chức" is not the head noun "Tổ"
    (
        "Tổ chức tổng kết phong trào thi đua lồng ghép trong Hội nghị tổng kết công tác cải cách hành chính năm 2024.",
        False,
        None,
        None,
    ),
    # NEGATIVE seed 002: "Ban hành" is a verb, not "Ban"
    ("Ban hành kế hoạch và tổ chức tự kiểm tra công tác CCHC, xử lý các vấn đề phát hiện qua kiểm tra.", False, None, None),
    # NEGATIVE corpus 001: "Báo cáo" is a verb, not "Báo" (a newspaper)
    ("Báo cáo Ủy ban nhân dân tỉnh về kết quả Đợt thi đua (qua Sở Nội vụ) khi tổng kết Đợt thi đua.", False, None, None),
    # NEGATIVE corpus 002: a numbered heading that names no one
    ("Thời gian thực hiện", True, None, None),
    # NEGATIVE seed 004: a fronted clause is a task, not an actor
    (
        "Trong quá trình tổ chức thực hiện, nếu gặp vướng mắc, khó khăn, đề nghị các đơn vị kịp thời phản ánh về UBND huyện.",
        False,
        None,
        None,
    ),
    # NEGATIVE seed 002: a task that starts with its verb
    (
        "Phối hợp với công chức chuyên trách cải cách hành chính xây dựng chuyên mục danh riêng về công tác cải cách hành chính.",
        False,
        None,
        None,
    ),
    # NEGATIVE corpus 003: "Trường hợp" is not "Trường" (a school)
    ("Trường hợp thay đổi thời gian sẽ có thông báo tới các cơ quan, đơn vị.", False, None, None),
    # NEGATIVE: a plain paragraph naming a body but without a verb the parser knows is not a heading
    ("Sở Nội vụ", False, None, None),
    # dev d09 (thông báo kết luận): "Bộ" heads a name, so "Xây dựng" is not its verb; "Giao …" always carries a task
    ("Giao Bộ Xây dựng chủ trì, làm việc với UBND tỉnh", True, "Bộ Xây dựng", LEAD),
    # dev d09: a time limit between the addressee and the verb ends the name
    (
        "Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trước ngày 15 tháng 11 năm 2025 trực tiếp kiểm tra, đôn đốc các bộ.",
        True,
        "Phó Thủ tướng Chính phủ Trần Hồng Hà",
        LEAD,
    ),
    # dev d09: provinces by name are addressees
    (
        "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện Báo cáo nghiên cứu tiền khả thi.",
        True,
        "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng",
        LEAD,
    ),
    # dev d08 (công văn of a ministry): "bộ, ngành, địa phương" in lower case
    ("Đề nghị bộ, ngành, địa phương quan tâm thực hiện./.", False, "bộ, ngành, địa phương", SUPPORT),
    # trove (a Tây Ninh công văn): "trong quá trình …" opens the predicate, it is no part of the name
    (
        "Đề nghị Thuế tỉnh Tây Ninh trong quá trình xây dựng Bảng giá tính lệ phí trước bạ phải đảm bảo đúng quy định.",
        False,
        "Thuế tỉnh Tây Ninh",
        SUPPORT,
    ),
    # dev d05: a city's name inside an actor is not the verb "cần"
    (
        "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ",
        True,
        "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ",
        LEAD,
    ),
    # dev d10 (a regulation attached to a decision): "Trách nhiệm" + the bodies
    (
        "Trách nhiệm các cơ quan, đơn vị cấp thành phố và Ủy ban nhân dân xã, phường",
        True,
        "các cơ quan, đơn vị cấp thành phố và Ủy ban nhân dân xã, phường",
        LEAD,
    ),
    # dev d11 (an appendix row): a business with a capital letter
    ("Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư", True, "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư", LEAD),
    # trove, Kế hoạch 7360/KH-UBND of Lai Châu: "tiến hành" is the verb, not part of the name
    (
        "Sở Khoa học và Công nghệ tiến hành rà soát các văn bản quy phạm pháp luật có liên quan đến Luật",
        False,
        "Sở Khoa học và Công nghệ",
        LEAD,
    ),
    # heldout h46: "Bộ" closes "cơ quan ngang Bộ"; the lower-case "tiếp tục" after it is the verb
    (
        "Các Bộ, cơ quan ngang Bộ tiếp tục phối hợp với Bộ Tư pháp và các cơ quan liên quan khẩn trương rà soát.",
        False,
        "Các Bộ, cơ quan ngang Bộ",
        LEAD,
    ),
    # heldout h47 (a Quy chế phối hợp): "không" belongs to the verb, not to the name
    (
        "Văn phòng đăng ký đất đai không chịu trách nhiệm do việc các đơn vị phối hợp không cung cấp kịp thời hồ sơ.",
        False,
        "Văn phòng đăng ký đất đai",
        LEAD,
    ),
    # heldout h47: an article headed by whose duties it lists; "xây dựng" inside the name is no verb
    (
        "Trách nhiệm của cơ quan có chức năng quản lý Nhà nước về lĩnh vực xây dựng cấp xã",
        True,
        "cơ quan có chức năng quản lý Nhà nước về lĩnh vực xây dựng cấp xã",
        LEAD,
    ),
    # NEGATIVE heldout h60 (a draft decision): who sits on a body ("…, gồm có:") charges no one
    ("Hội đồng Khen thưởng - kỷ luật, gồm có:", True, None, None),
    # NEGATIVE trove 5f041f5e: "Trách nhiệm tổ chức thực hiện" names no one
    ("Trách nhiệm tổ chức thực hiện", True, None, None),
]


@pytest.mark.parametrize(("body", "numbered", "actor", "role"), ACTOR_ROWS)
def test_parse_actor(body, numbered, actor, role):
    got = parse_actor(body, numbered)
    if actor is None:
        assert got is None
    else:
        assert got is not None
        a0, a1, r, _, _ = got
        assert body[a0:a1] == actor
        assert r == role


# (abbreviated, expanded)
EXPAND_ROWS = [
    ("CC VP-TK", "Công chức Văn phòng – Thống kê"),  # seed 002: post abbreviation after CC
    ("UBMTTQVN xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),  # seed 000
    ("CC. Văn hóa – xã hội", "Công chức Văn hóa – xã hội"),  # seed 000: "CC." with its dot
    ("Công chức TP-HT", "Công chức Tư pháp – Hộ tịch"),  # seed 002
    ("ĐC-XD", "Địa chính – Xây dựng"),  # seed 002: Đ in an abbreviation
    ("Cán bộ, công chức, KCT xã", "Cán bộ, công chức, không chuyên trách xã"),  # seed 001
    ("Văn phòng HĐND và UBND xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"),  # seed 003
    ("Sở Nội vụ", "Sở Nội vụ"),  # NEGATIVE: nothing to expand
    (
        "hệ thống quản lý chất lượng TCVN ISO 9001:2015",
        "hệ thống quản lý chất lượng TCVN ISO 9001:2015",
    ),  # NEGATIVE: TC inside TCVN
    ("tiếp nhận hồ sơ cc", "tiếp nhận hồ sơ cc"),  # NEGATIVE: lower-case "cc" is not an abbreviation
]


@pytest.mark.parametrize(("short", "long"), EXPAND_ROWS)
def test_expand_abbreviations(short, long):
    assert expand_abbreviations(short) == long


@pytest.mark.parametrize(
    ("phrase", "ok"),
    [
        ("Văn hóa – Xã hội", True),  # seed 003: a commune post named without "Công chức" (from the data file)
        ("TP-HT", True),  # seed 002: a bare post abbreviation
        ("Các cơ quan chuyên môn thuộc UBND huyện", True),  # seed 004: capitalised "Các"
        ("Đài tuyền thanh xã", True),  # seed 000: typo in the name still starts with "Đài"
        ("Trên đây là Kế hoạch phát động", False),  # NEGATIVE: closing line
        ("Hội nghị tổng kết", False),  # NEGATIVE: "Hội nghị" is not "Hội"
        ("Đoàn kết, gương mẫu", False),  # NEGATIVE: "Đoàn kết" is not "Đoàn"
        ("Thuế tỉnh Đắk Lắk", True),  # heldout h12: the provincial tax office, renamed in 2025
        ("Thuế cơ sở 3 tỉnh Tây Ninh", True),
        ("Bảo hiểm xã hội Thành phố", True),  # heldout h01
        ("Thuế thu nhập cá nhân đối với tiền lương", False),  # NEGATIVE: a tax is no body
    ],
)
def test_is_actor_start(phrase, ok):
    assert is_actor_start(phrase) is ok


PREAMBLE = (
    "KẾ HOẠCH\n\nPhát động phong trào thi đua năm 2024\n\nCăn cứ Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện;\n\n"
)

# (document snippet, expected {(actor, role)})
DOC_ROWS = [
    # seed 004: bullets under an actor heading; partners after "phối hợp với" split at "và" and take the heading's spelling
    (
        PREAMBLE
        + "V. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Nội vụ\n\n- Đôn đốc, kiểm tra việc thực hiện phong trào thi đua; phối hợp với "
        "Phòng Văn hóa – Thông tin huyện và Đài Truyền thanh – Truyền hình huyện tuyên truyền.\n\n2. Phòng Văn hoá - Thông tin\n\n"
        "Tham mưu công tác tuyên truyền phong trào.\n",
        {
            ("Phòng Nội vụ", LEAD),
            ("Phòng Văn hóa - Thông tin", LEAD),
            ("Phòng Văn hóa - Thông tin", SUPPORT),
            ("Đài Truyền thanh – Truyền hình huyện", SUPPORT),
        },
    ),
    # seed 002: "Bộ phận thực hiện:" lines split per post; one body written three ways becomes one actor
    (
        PREAMBLE + "III. NỘI DUNG THI ĐUA\n\nb) Cải cách thể chế\n\n-Tham mưu, xây dựng văn bản quy phạm pháp luật.\n\n"
        "Bộ phận thực hiện: Công chức TP-HT.\n\nBộ phận phối hợp: CC VP-TK\n\nVII. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Văn phòng - Thống kê có trách nhiệm theo dõi, đôn đốc cán bộ, công chức thực hiện nghiêm các nội dung của kế hoạch này.\n",
        {("Công chức TP-HT", LEAD), ("Văn phòng - Thống kê", SUPPORT), ("Văn phòng - Thống kê", LEAD)},
    ),
    # seed 003 (công văn, no TCTH part): "Giao …" item, its continuation, and partners listed in parentheses
    (
        "CÔNG VĂN\n\nV/v tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính\n\n"
        "Ủy ban nhân dân xã triển khai các nội dung sau:\n\n"
        "1. Phổ biến kết quả cuộc thi lần thứ 6 - năm 2023.\n\n"
        "5. Giao Công chức Văn phòng – Thống kê theo dõi, tổng hợp các mô hình; phối hợp với các ban ngành được phân công chủ trì "
        "(Văn hóa – Xã hội, Tài chính – Kế toán) đánh giá, lựa chọn các mô hình.\n\n"
        "Phối hợp với Công chức Tài chính – Kế toán đề xuất tham mưu UBND xã khen thưởng.\n",
        {("Công chức Văn phòng – Thống kê", LEAD), ("Văn hóa – Xã hội", SUPPORT), ("Tài chính – Kế toán", SUPPORT)},
    ),
    # corpus 010: a decision article listing addressees, split per title
    (
        "QUYẾT ĐỊNH\n\nVề việc thông qua phương án đơn giản hóa thủ tục hành chính\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Thông qua phương án đơn giản hóa 05 thủ tục hành chính.\n\n"
        "Điều 2. Chánh Văn phòng UBND tỉnh; Giám đốc Sở Y tế, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm "
        "thi hành Quyết định này./.\n",
        {("Chánh Văn phòng UBND tỉnh", LEAD), ("Giám đốc Sở Y tế", LEAD), ("Thủ trưởng các cơ quan, đơn vị có liên quan", LEAD)},
    ),
    # trove 6bac4a0d (a chỉ thị): a list inside parentheses explains the actor, it does not split it
    (
        "CHỈ THỊ\n\nVề việc tăng cường phối hợp thẩm định\n\nĐể nâng cao trách nhiệm:\n\n"
        "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên) có trách nhiệm tiếp nhận hồ sơ.\n\n"
        "2. Sở Xây dựng có trách nhiệm đánh giá sự phù hợp với quy hoạch xây dựng.\n",
        {
            ("Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên)", LEAD),
            ("Sở Xây dựng", LEAD),
        },
    ),
    # corpus 005: a task table — "Nhiệm vụ:" then "Cơ quan thực hiện:" with "Đơn vị chủ trì/phối hợp:" bullets
    (
        PREAMBLE
        + "II. NHIỆM VỤ\n\n1. Về dữ liệu\n\na) Nhiệm vụ: Tham mưu UBND Thành phố rà soát, hoàn thiện Chiến lược dữ liệu.\n\n"
        "b) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n\n- Đơn vị phối hợp: Các Sở, ban, ngành.\n\n"
        "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n",
        {("Sở Khoa học và Công nghệ", LEAD), ("Các Sở, ban, ngành", SUPPORT)},
    ),
    # dev d06 (a chỉ thị, no TỔ CHỨC THỰC HIỆN part): numbered actor headings with their tasks; "Giao X …" inside
    (
        "CHỈ THỊ\n\nVề tăng cường công tác quản lý tài nguyên nước\n\nNước là nguồn tài nguyên quan trọng.\n\n"
        "1. Các cơ quan quản lý nhà nước có trách nhiệm chấp hành nghiêm quy định của Luật Tài nguyên nước và các văn bản liên quan.\n\n"
        "2. Sở Nông nghiệp và Môi trường\n\na) Tăng cường công tác tuyên truyền.\n\n3. Sở Y tế\n\n"
        "a) Thường xuyên kiểm tra chất lượng nước; nếu chất lượng nước không đạt tiêu chuẩn, phải hướng dẫn, yêu cầu các đơn vị có biện pháp khắc phục.\n\n"
        "b) Giao Thanh tra thành phố tổ chức thanh tra việc chấp hành quy định.\n",
        {
            ("Các cơ quan quản lý nhà nước", LEAD),
            ("Sở Nông nghiệp và Môi trường", LEAD),
            ("Sở Y tế", LEAD),
            ("Thanh tra thành phố", LEAD),
        },
    ),
    # dev d08 (công văn): a request inside running text; what an earlier letter asked is history
    (
        "CÔNG VĂN\n\nV/v đề xuất biên chế\n\nKính gửi: Các bộ, cơ quan ngang bộ.\n\n"
        "Bộ Nội vụ đã có Văn bản số 8091/BNV-TCBC ngày 17/9/2025 đề nghị các Bộ, ngành, địa phương báo cáo thực trạng. "
        "Để việc đề xuất được triển khai thống nhất, đề nghị bộ, ngành, địa phương khẩn trương tổng hợp đề xuất biên chế "
        "và gửi về Bộ Nội vụ trước ngày 26/11/2025.\n",
        {("bộ, ngành, địa phương", SUPPORT)},
    ),
    # dev d10: a decision's articles without headings; "và" before a title starts the next addressee
    (
        "QUYẾT ĐỊNH\n\nBan hành Quy định tiêu chí đánh giá\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định Tiêu chí đánh giá, xếp loại công tác dân vận.\n\n"
        "Điều 3. Giám đốc Sở Nội vụ có trách nhiệm hướng dẫn, đôn đốc, kiểm tra quá trình triển khai Quyết định này.\n\n"
        "Điều 4. Chánh Văn phòng Ủy ban nhân dân thành phố, Thủ trưởng cơ quan Trung ương trên địa bàn thành phố; ban ngành "
        "thành phố và Chủ tịch Ủy ban nhân dân xã, phường chịu trách nhiệm thi hành Quyết định này./.\n",
        {
            ("Giám đốc Sở Nội vụ", LEAD),
            ("Chánh Văn phòng Ủy ban nhân dân thành phố", LEAD),
            ("Thủ trưởng cơ quan Trung ương trên địa bàn thành phố", LEAD),
            ("ban ngành thành phố", LEAD),
            ("Chủ tịch Ủy ban nhân dân xã, phường", LEAD),
        },
    ),
    # dev d06: the closing formula repeats bodies already charged: no new actor; dev d12: a partner cut by a hard wrap
    (
        PREAMBLE
        + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính:\n\nPhối hợp với Sở Công\nThương và các đơn vị liên quan thẩm định kinh phí.\n\n"
        "2. Ủy ban nhân dân xã, phường\n\na) Tuyên truyền về tài nguyên nước.\n\n"
        "Ủy ban nhân dân thành phố yêu cầu Giám đốc Sở Tài chính, Chủ tịch Ủy ban nhân dân xã, phường có trách nhiệm tổ chức "
        "triển khai thực hiện nghiêm túc Kế hoạch này.\n",
        {("Sở Tài chính", LEAD), ("Sở Công Thương", SUPPORT), ("Ủy ban nhân dân xã, phường", LEAD)},
    ),
    # dev d04: a joint heading of two bodies that each have their own item repeats them
    (
        PREAMBLE + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Các sở, ban, ngành thành phố\n\nTriển khai Kế hoạch.\n\n"
        "2. Ủy ban nhân dân xã, phường\n\nTriển khai Kế hoạch.\n\n"
        "3. Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường:\n\na) Căn cứ chức năng, nhiệm vụ xây dựng kế hoạch.\n",
        {("Các sở, ban, ngành thành phố", LEAD), ("Ủy ban nhân dân xã, phường", LEAD)},
    ),
    # dev d01: an appendix task table — each row's "Chủ trì" is an actor, the row's task its task
    (
        PREAMBLE + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Khoa học và Công nghệ\n\nChủ trì theo dõi.\n\nPHỤ LỤC\n\n"
        "|\nSTT\n|\nNHIỆM VỤ VÀ GIẢI PHÁP\n|\nCHỦ TRÌ\n|\nPHỐI HỢP\n|\nTHỜI GIAN\n|\n|\n"
        "1\n|\nNghiên cứu, tư vấn, phản biện chính sách.\n|\nLiên hiệp các Hội Khoa học và Kỹ thuật\n|\nSở, ban, ngành có liên quan\n|\nThường xuyên\n|\n|\n",
        {("Sở Khoa học và Công nghệ", LEAD), ("Liên hiệp các Hội Khoa học và Kỹ thuật", LEAD)},
    ),
    # NEGATIVE corpus 007: "trách nhiệm của" inside a content heading does not make it the TỔ CHỨC THỰC HIỆN part
    (
        PREAMBLE + "III. NHIỆM VỤ, GIẢI PHÁP\n\n3. Nâng cao nhận thức, trách nhiệm của các cơ quan, đơn vị, địa phương\n\n"
        "- Các cơ quan, đơn vị, địa phương tiếp tục nâng cao nhận thức về tầm quan trọng của công tác xây dựng pháp luật.\n",
        set(),
    ),
    # heldout h05 (a city's công văn on bidding): the issuer's request after a clause of running text assigns,
    # also beside a "Trách nhiệm của các đơn vị" part
    (
        "Kính gửi:\n- Các sở, ban, ngành thuộc Thành phố;\n- Ủy ban nhân dân các xã, phường.\n\n"
        "Thực hiện chỉ đạo của Ban Thường vụ Thành ủy tại Văn bản số 43-CV/TU ngày 12/11/2025 về việc tăng cường quản lý "
        "công tác đấu thầu trên địa bàn Thành phố, UBND Thành phố yêu cầu các sở, ban, ngành, UBND các xã, phường tiếp tục "
        "nghiên cứu, tuân thủ thực hiện một số nội dung sau:\n\n1. Yêu cầu chung\n\n- Lựa chọn tư vấn đấu thầu có đủ năng lực.\n\n"
        "2. Trách nhiệm của các đơn vị\n\n2.1. Sở Tài chính\n\n- Hướng dẫn các chủ đầu tư thực hiện công tác đấu thầu.\n",
        {("các sở, ban, ngành", LEAD), ("UBND các xã, phường", LEAD), ("Sở Tài chính", LEAD)},
    ),
    # heldout h01 (HCM's plan for the Luật Việc làm): a "Cơ quan thực hiện:" line continued by hard wraps,
    # one clause per ";", each clause with its own bodies before its verb
    (
        PREAMBLE
        + "II. NỘI DUNG\n\n1. Phổ biến Luật Việc làm\n\n- Nội dung thực hiện: Tổ chức phổ biến, giáo dục Luật Việc làm.\n\n"
        "- Cơ quan thực hiện: Sở Nội vụ\nchủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch; Sở Tư pháp và các\n"
        "sở, ban, ngành Thành phố, Đài Phát thanh và Truyền hình Thành phố chủ động tổ chức triển\nkhai Luật Việc làm.\n\n"
        "- Thời gian thực hiện: Năm 2025.\n",
        {
            ("Sở Nội vụ", LEAD),
            ("Sở Tư pháp và các sở, ban, ngành Thành phố", LEAD),
            ("Đài Phát thanh và Truyền hình Thành phố", LEAD),
        },
    ),
    # heldout h22 (Đồng Nai's plan for a national programme): the unnamed related units are no actor of their
    # own ("Sở Tài chính và các đơn vị có liên quan" is Sở Tài chính), and the ministry the province works with
    # ("tham mưu Ủy ban nhân dân tỉnh phối hợp Bộ Y tế") is the province's partner, not the Sở's
    (
        PREAMBLE + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\nChủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy ban nhân "
        "dân tỉnh phối hợp Bộ Y tế tổ chức triển khai thực hiện Dự án 6 trên địa bàn tỉnh.\n\n2. Về ngân sách và phân cấp quản lý\n\n"
        "- Sở Tài chính và các đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh cân đối, bố trí ngân sách.\n\n"
        "- Sở Nội vụ và các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh quy định về phân cấp quản lý.\n",
        {("Sở Y tế", LEAD), ("Sở Tài chính", LEAD), ("Sở Nội vụ", LEAD)},
    ),
    # heldout h24: the communes' chairmen written two ways are one actor ("các xã, phường" = "cấp xã")
    (
        PREAMBLE + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm tổ chức thực hiện "
        "Quy định này.\n\n2. Chủ tịch Ủy ban nhân dân cấp xã có trách nhiệm kiểm tra việc cưới, việc tang trên địa bàn.\n",
        {("Chủ tịch Ủy ban nhân dân các xã, phường", LEAD)},
    ),
    # heldout h26 (a VPCP conclusion to a province): "Tỉnh" followed by its task is the province spoken to;
    # "Tỉnh lộ" is a road
    (
        "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên.\n\n3. Về đề nghị bổ sung xe chuyên dùng: Tỉnh căn cứ các quy định "
        "hiện hành để sắp xếp bố trí xe ô tô phục vụ công tác.\n\n4. Về giao thông: Tỉnh lộ 12 dài 409,93 km.\n",
        {("Tỉnh", LEAD)},
    ),
    # heldout h33: a decision's promulgated Kế hoạch names each task's bodies on labelled lines under the numbered
    # item, which is the task
    (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 2623/QĐ-TTg\nQUYẾT ĐỊNH\nBan hành Kế hoạch triển khai thi hành Luật Bảo vệ dữ liệu cá nhân\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật Bảo vệ dữ liệu cá nhân.\n"
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, KSTT.\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Chí Dũng\n"
        "KẾ HOẠCH\nTriển khai thi hành Luật Bảo vệ dữ liệu cá nhân\n(Kèm theo Quyết định số 2623/QĐ-TTg ngày 28 tháng 11 năm 2025)\n"
        "II. NỘI DUNG\n2. Tổ chức tập huấn chuyên sâu, bồi dưỡng kiến thức pháp luật về bảo vệ dữ liệu cá nhân.\n"
        "- Cơ quan chủ trì: Bộ Công\nan.\n- Cơ quan phối hợp: các bộ,\ncơ quan ngang bộ, cơ quan thuộc Chính phủ.\n",
        {("Bộ Công an", LEAD), ("các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", SUPPORT)},
    ),
    # heldout h13, h33 (a central decision's last article): a list opened by a bare post is one joint actor, as
    # gold-dev keeps one ("the minister [of each ministry], the heads of …")
    (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 2623/QĐ-TTg\nQUYẾT ĐỊNH\nBan hành Kế hoạch triển khai thi hành Luật\nTHỦ TƯỚNG CHÍNH PHỦ\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật.\n"
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
        "Điều 3. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
        "các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thi hành Quyết định này./.\n",
        {
            (
                "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
                "các tỉnh, thành phố trực thuộc trung ương",
                LEAD,
            )
        },
    ),
    # heldout h26: "Các Bộ, cơ quan:" opens the list of its members; the task starts at the predicate after them
    (
        "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên.\n\n8. Các Bộ, cơ quan: Tài chính, Xây dựng, Công Thương, Tập đoàn Điện "
        "lực Việt Nam theo chức năng, nhiệm vụ được giao khẩn trương rà soát lại việc thực hiện ý kiến chỉ đạo.\n",
        {("Các Bộ, cơ quan: Tài chính, Xây dựng, Công Thương, Tập đoàn Điện lực Việt Nam", LEAD)},
    ),
    # heldout h34 (a provincial thông báo): "Yêu cầu:" with a colon opens a request like "Yêu cầu" without one
    (
        "Kính gửi: Sở Nội vụ.\n\nYêu cầu: Hội Cựu giáo chức tỉnh Bình Thuận và Hội Lâm nghiệp tỉnh Bình Thuận thực hiện kiểm kê "
        "tài sản, tài chính và các nội dung liên quan.\n",
        {("Hội Cựu giáo chức tỉnh Bình Thuận và Hội Lâm nghiệp tỉnh Bình Thuận", LEAD)},
    ),
    # heldout h38 (a VPCP conclusion): "Các đồng chí Bộ trưởng, Thủ trưởng …" heads a joint actor like "Bộ trưởng, …"
    (
        "Kính gửi: Các Bộ.\n\nPhó Thủ tướng Chính phủ kết luận như sau:\n\n1. Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, "
        "cơ quan thuộc Chính phủ theo chức năng, nhiệm vụ, thẩm quyền trực tiếp chỉ đạo thực hiện đồng bộ các nhiệm vụ.\n",
        {("Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ", LEAD)},
    ),
    # heldout h47: a decision's execution article listing six posts (61 words before its verb) is a list, one actor each
    (
        "QUYẾT ĐỊNH\nBan hành Quy chế phối hợp trên địa bàn tỉnh Nghệ An\nCăn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\n"
        "QUYẾT ĐỊNH:\n\nĐiều 3. Tổ chức thực hiện\n\nChánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Nông nghiệp và Môi "
        "trường; Giám đốc các sở, ban, ngành cấp tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường; Giám đốc Văn phòng đăng ký "
        "đất đai; Giám đốc các Chi nhánh Văn phòng đăng ký đất đai và các tổ chức, cá nhân có liên quan chịu trách nhiệm "
        "thi hành Quyết định này./.\n",
        {
            ("Chánh Văn phòng Ủy ban nhân dân tỉnh", LEAD),
            ("Giám đốc Sở Nông nghiệp và Môi trường", LEAD),
            ("Giám đốc các sở, ban, ngành cấp tỉnh", LEAD),
            ("Chủ tịch Ủy ban nhân dân các xã, phường", LEAD),
            ("Giám đốc Văn phòng đăng ký đất đai", LEAD),
            ("Giám đốc các Chi nhánh Văn phòng đăng ký đất đai", LEAD),
        },
    ),
    # heldout h47: a regulation's articles "Trách nhiệm của X" are X's heading, its numbered duties X's tasks
    (
        "QUYẾT ĐỊNH\nBan hành Quy chế phối hợp trên địa bàn tỉnh Nghệ An\nCăn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\n"
        "QUYẾT ĐỊNH:\n\nChương II\nNỘI DUNG PHỐI HỢP\n\nĐiều 7. Trách nhiệm của Văn phòng đăng ký đất đai\n\n1. Chủ trì thực "
        "hiện đăng ký biến động đất đai và cấp Giấy chứng nhận đối với các trường hợp thuộc thẩm quyền.\n\n"
        "Điều 8. Trách nhiệm của cơ quan thuế\n\n1. Tiếp nhận và giải quyết hồ sơ xác định nghĩa vụ tài chính.\n",
        {("Văn phòng đăng ký đất đai", LEAD), ("cơ quan thuế", LEAD)},
    ),
    # heldout h58: "nắm bắt" is the partners' verb, not part of the last partner's name
    (
        PREAMBLE + "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Dân tộc và Tôn giáo\n\nChủ trì, phối hợp với Công an tỉnh, Bộ Chỉ huy Quân sự "
        "tỉnh nắm bắt tình hình, kịp thời tham mưu xử lý.\n",
        {("Sở Dân tộc và Tôn giáo", LEAD), ("Công an tỉnh", SUPPORT), ("Bộ Chỉ huy Quân sự tỉnh", SUPPORT)},
    ),
    # heldout h64 (a VPCP công văn): the paragraph a lead-in announces opens with the body and its task
    (
        "Kính gửi: Bộ Nông nghiệp và Môi trường.\n\nXét kiến nghị của Hiệp hội Thức ăn Chăn nuôi, Phó Thủ tướng Chính phủ có ý "
        "kiến chỉ đạo như sau:\nBộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Tư pháp nghiên cứu kiến nghị của Hiệp hội.\n",
        {("Bộ Nông nghiệp và Môi trường", LEAD), ("Bộ Tư pháp", SUPPORT)},
    ),
    # heldout h68: the writer's polite request in running text
    (
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\nBộ Tài chính tổ chức lớp bồi dưỡng trực tuyến. "
        "Bộ Tài chính trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo các xã, phường cử "
        "cán bộ tham dự.\n",
        {("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", SUPPORT)},
    ),
    # NEGATIVE heldout h34: a lead-in's labelled lines ("X: Không có khả năng …") describe, they assign nothing
    (
        "Kính gửi: Sở Nội vụ.\n\nChủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\nHội Làm vườn tỉnh Bình Thuận: Không có khả năng "
        "kiện toàn nhân sự và tổ chức đại hội.\n",
        set(),
    ),
    # NEGATIVE: what the issuer asked in an earlier document is history, not a request of this one
    (
        "Kính gửi:\n- Các sở, ban, ngành thuộc Thành phố.\n\n"
        "Ngày 10/10/2025, UBND Thành phố đã có văn bản số 12/UBND-KT, theo đó UBND Thành phố yêu cầu các sở, ban, ngành "
        "tăng cường kiểm tra. Đến nay, kết quả còn hạn chế.\n",
        set(),
    ),
    # NEGATIVE: a plan with no TỔ CHỨC THỰC HIỆN part and no explicit assignment names no one
    (
        PREAMBLE + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Nhằm phát huy tính năng động, sáng tạo của cán bộ, công chức.\n\n"
        "2. Đối tượng\n\nCán bộ, công chức, người lao động đang làm việc tại UBND xã.\n",
        set(),
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), DOC_ROWS)
def test_document_responsibilities(snippet, expected):
    x = extract_canonical(doc_from_text(snippet))
    got = {(r.actor, r.role) for r in x.responsibilities}
    assert got == expected
    for r in x.responsibilities:
        assert x.text[r.start : r.end] == r.text
        assert r.tasks, r
        assert not any(t.startswith("Nhiệm vụ:") for t in r.tasks)


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower().replace("oá", "óa").replace("oà", "òa")
    s = re.sub(r"\s*[-–]\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip(" .;,:")


def _same(aliases: list[str], actor: str) -> bool:
    p = _norm(actor)
    return any(
        p == _norm(a)
        or SequenceMatcher(None, p, _norm(a)).ratio() >= 0.85
        or (len(p) >= 6 and (_norm(a).startswith(p) or p.startswith(_norm(a))))
        for a in aliases
    )


@needs_shared
@pytest.mark.parametrize("stem", [p.name[:3] for p in SEED_TXT])
def test_seed_actors_match_gold(stem, seed_extractions):
    """Every required gold actor is found and every extracted actor is in the gold (regression for the seeds)."""
    gold = json.loads(next(GOLD.glob(f"{stem}_*.json")).read_text(encoding="utf-8"))
    actors = {r.actor for r in seed_extractions[stem].responsibilities}
    for g in gold["actors"]:
        if not g.get("optional"):
            assert any(_same(g["aliases"], a) for a in actors), g["aliases"]
    for a in actors:
        assert any(_same(g["aliases"], a) for g in gold["actors"]), a


@needs_shared
@pytest.mark.parametrize("path", sorted(CORPUS_DOCS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_invariants(path):
    """Spans in bounds and exact; actors are short names, never sentences; nothing raises."""
    x = extract_canonical(read_canonical(path))
    for r in x.responsibilities:
        assert 0 <= r.start < r.end <= len(x.text)
        assert x.text[r.start : r.end] == r.text
        assert r.actor and len(r.actor.split()) <= 60 and not r.actor.startswith("Trên đây")
        assert r.actor_expanded


def test_seed_invariants(seed_extractions):
    for x in seed_extractions.values():
        for r in x.responsibilities:
            assert x.text[r.start : r.end] == r.text
            assert r.tasks


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


def test_members_of_a_listed_heading_and_of_a_committee():
    # heldout h09 (the kind, its typo "cơ quan quan" left out): under a heading of a list of actor headings,
    # "+ Sở X: task" lines are the members' own tasks; a colon or a verb inside the heading's parentheses does
    # not end its name; "… và các thành viên Ban Chỉ đạo tỉnh" in Điều 2 is an addressee of its own
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1627/QĐ-UBND\nQuảng Ngãi, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Kế hoạch tổng kiểm kê tài sản công\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổng kiểm kê tài sản công trên địa bàn tỉnh.\n"
        "Điều 2. Giám đốc Sở Tài chính; Chủ tịch Ủy ban nhân dân các xã, phường và các thành viên Ban Chỉ đạo tỉnh "
        "chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hoàng Giang\n"
        "KẾ HOẠCH\nTổng kiểm kê tài sản công\n(Kèm theo Quyết định số 1627/QĐ-UBND ngày 20/11/2025)\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Kiểm kê đầy đủ tài sản công.\n"
        "IV. NHIỆM VỤ CỤ THỂ\n"
        "1.1. Trưởng Ban Chỉ đạo\n- Phụ trách chung, trực tiếp điều hành, chỉ đạo tổng kiểm kê tài sản.\n"
        "1.2. Các cơ quan tham mưu quản lý ngành, lĩnh vực (gồm các Sở: Xây dựng, Công Thương)\n"
        "- Phối hợp hướng dẫn các cơ quan, tổ chức, đơn vị thực hiện kiểm kê. Trong đó:\n"
        "+ Sở Xây dựng: hướng dẫn các cơ quan, tổ chức, đơn vị kiểm kê tài sản kết cấu hạ tầng giao thông.\n"
        "+ Sở Công Thương: hướng dẫn các cơ quan, tổ chức, đơn vị kiểm kê tài sản kết cấu hạ tầng thương mại là chợ.\n"
        "1.3. Ủy ban nhân dân các phường, xã, đặc khu\n- Chỉ đạo các cơ quan, đơn vị thuộc phạm vi quản lý thực hiện kiểm kê.\n"
        "VI. TỔ CHỨC THỰC HIỆN\nGiao Sở Tài chính theo dõi, đôn đốc việc thực hiện Kế hoạch này./.\n"
    )
    actors = actors_of(text)
    for actor in (
        "Chủ tịch Ủy ban nhân dân các xã, phường",
        "các thành viên Ban Chỉ đạo tỉnh",
        "Các cơ quan tham mưu quản lý ngành, lĩnh vực (gồm các Sở: Xây dựng, Công Thương)",
        "Sở Xây dựng",
        "Sở Công Thương",
    ):
        assert actor in actors, actors


def test_a_member_line_outside_a_list_of_actor_headings_is_a_task():
    # NEGATIVE: outside a TỔ CHỨC THỰC HIỆN part, "+ Name: …" under a content heading is no assignment
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/KH-UBND\nQuảng Ngãi, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
        "Tuyên truyền cải cách hành chính năm 2026\n"
        "I. NỘI DUNG\n1. Kết quả năm 2025\n+ Sở Xây dựng: đã hoàn thành 12 thủ tục trực tuyến.\n"
        "+ Sở Công Thương: đã hoàn thành 8 thủ tục trực tuyến.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
    )
    assert actors_of(text) == ["Sở Nội vụ"]


def test_a_charter_names_its_bodies_not_its_descriptions():
    # heldout h21 (Bình Thuận QĐ 779 approving a fund's charter): Điều 3 ends "… căn cứ Quyết định thi hành";
    # in the charter, "X được …" and "X là người …" describe a body, "X có các nhiệm vụ … sau đây:" gives it
    # duties, and "X là người …, chịu trách nhiệm …" names X
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nSố: 779/QĐ-UBND\nBình Thuận, ngày 14 tháng 5 năm 2025\nQUYẾT ĐỊNH\n"
        "Phê duyệt Điều lệ tổ chức và hoạt động của Quỹ Khuyến học tỉnh Bình Thuận\nQUYẾT ĐỊNH:\n"
        "Điều 1. Phê duyệt Điều lệ tổ chức và hoạt động của Quỹ Khuyến học tỉnh Bình Thuận kèm theo Quyết định này.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Chủ tịch Hội Khuyến học tỉnh Bình Thuận "
        "căn cứ Quyết định thi hành./.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hồng Hải\n"
        "ĐIỀU LỆ\nTỔ CHỨC VÀ HOẠT ĐỘNG CỦA QUỸ KHUYẾN HỌC TỈNH BÌNH THUẬN\n"
        "(Kèm theo Quyết định số 779/QĐ-UBND ngày 14/5/2025 của Ủy ban nhân dân tỉnh)\n"
        "Chương I\nQUY ĐỊNH CHUNG\n"
        "Điều 4. Nguyên tắc tổ chức và hoạt động\n"
        "1. Quỹ được tổ chức và hoạt động theo nguyên tắc tự chủ về tài chính, tự chịu trách nhiệm trước pháp luật.\n"
        "Chương II\nTỔ CHỨC, HOẠT ĐỘNG\n"
        "Điều 5. Hội đồng quản lý Quỹ\n"
        "1. Hội đồng quản lý Quỹ là cơ quan quản lý của Quỹ, chịu trách nhiệm trước pháp luật về hoạt động của Quỹ.\n"
        "2. Chủ tịch Hội đồng quản lý Quỹ có các nhiệm vụ và quyền hạn sau đây:\n"
        "a) Chuẩn bị chương trình, kế hoạch hoạt động của Hội đồng quản lý Quỹ.\n"
        "b) Triệu tập và chủ trì cuộc họp Hội đồng quản lý Quỹ.\n"
        "3. Ban Kiểm soát Quỹ là bộ phận giúp việc Hội đồng quản lý Quỹ kiểm tra hoạt động tài chính của Quỹ.\n"
        "Điều 6. Giám đốc Quỹ\n"
        "1. Giám đốc Quỹ là người điều hành công việc hằng ngày của Quỹ, chịu sự giám sát của Hội đồng quản lý Quỹ, "
        "chịu trách nhiệm trước Hội đồng quản lý Quỹ về việc thực hiện các quyền và nhiệm vụ được giao.\n"
    )
    actors = actors_of(text)
    for actor in (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Giám đốc Sở Nội vụ",
        "Chủ tịch Hội Khuyến học tỉnh Bình Thuận",
        "Hội đồng quản lý Quỹ",
        "Chủ tịch Hội đồng quản lý Quỹ",
        "Giám đốc Quỹ",
    ):
        assert actor in actors, actors
    assert "Quỹ" not in actors and "Ban Kiểm soát Quỹ" not in actors, actors
    assert not [a for a in actors if re.search(r"\s(?:là|được)\b", a)], actors


def test_the_issuer_asks_by_its_own_name_in_running_text():
    # heldout h19 (Bộ Nội vụ's công văn 10988): "… hoang mang. Bộ Nội vụ trân trọng đề nghị Ban Tuyên giáo và Dân vận
    # Trung ương, … chỉ đạo …"; another body's "đề nghị" there is reported speech, and "X giao cho …" after a comma
    # inside a noun phrase asks nobody
    head = "BỘ NỘI VỤ\nSố: 10988/BNV-CQĐP\nHà Nội, ngày 21 tháng 11 năm 2025\nV/v định hướng thông tin\n"
    text = (
        head + "Kính gửi:\n- Ban Tuyên giáo và Dân vận Trung ương,\n- Bộ Văn hóa, Thể thao và Du lịch.\n"
        "Thời gian gần đây, trên các trang mạng xã hội xuất hiện thông tin sai lệch khiến nhiều người dân hoang mang. "
        "Bộ Nội vụ trân trọng đề nghị Ban Tuyên giáo và Dân vận Trung ương, Bộ Văn hóa, Thể thao và Du lịch chỉ đạo "
        "các cơ quan thông tấn, báo chí định hướng thông tin đúng về chủ trương của Đảng, Nhà nước.\n"
    )
    assert actors_of(text) == ["Ban Tuyên giáo và Dân vận Trung ương, Bộ Văn hóa, Thể thao và Du lịch"]
    reported = (
        head + "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n"
        "Qua tổng hợp, 100% nhiệm vụ Chính phủ, Bộ Nội vụ giao cho các địa phương được theo dõi trên hệ thống. "
        "Tại cuộc họp, Bộ Tài chính đề nghị các địa phương rà soát số liệu biên chế.\n"
    )
    assert actors_of(reported) == []


def test_a_conclusions_items_led_by_their_topic():
    # heldout h18 (TB 634/TB-VPCP, a thông báo kết luận): "N. Về <topic>: <body> <task>" and "…: giao <body> …"
    # after a clause with "theo"; a finding's topic ("Về tồn tại, hạn chế: …") assigns nothing
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 634/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\n"
        "Kết luận của Thủ tướng Chính phủ tại buổi làm việc với tỉnh Thanh Hóa\n"
        "I. ĐÁNH GIÁ CHUNG\n1. Về tồn tại, hạn chế: Ban Chỉ đạo của Chính phủ thẳng thắn chỉ ra những hạn chế, bất cập "
        "cần khắc phục trong thời gian tới.\n"
        "II. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về điều chuyển số vốn dư từ nguồn vốn hỗ trợ cho tỉnh Thanh Hóa: Ủy ban nhân dân tỉnh Thanh Hóa rà soát và "
        "khẩn trương thực hiện các giải pháp cụ thể, báo cáo Thủ tướng Chính phủ kết quả thực hiện trong Quý I năm 2026.\n"
        "2. Về mở rộng dự án giai đoạn 2 của Nhà máy lọc hóa dầu Nghi Sơn: giao Tập đoàn Công nghiệp - Năng lượng Quốc "
        "gia Việt Nam làm việc cụ thể với các nhà đầu tư, báo cáo Thủ tướng Chính phủ trong tháng 12 năm 2025.\n"
        "3. Về hoạt động của mô hình chính quyền địa phương 02 cấp: bố trí đủ biên chế theo vị trí việc làm: giao Bộ Nội "
        "vụ chủ trì, phối hợp với các cơ quan liên quan nghiên cứu, báo cáo Chính phủ trước ngày 30 tháng 11 năm 2025.\n"
    )
    assert sorted(actors_of(text)) == [
        "Bộ Nội vụ",
        "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam",
        "Ủy ban nhân dân tỉnh Thanh Hóa",
    ]


def test_parenthesised_items_of_a_conclusion_each_charge_their_body():
    # heldout h65 (VPCP TB, two hospitals): "(3) Bộ Công an tiếp tục …", "(4) Bộ Xây dựng chỉ đạo …" are the items of
    # the request "yêu cầu Bộ Y tế, … như sau:"; a "(1) Phối hợp với …" under "5. Bộ trưởng Bộ Tài chính chủ trì:" is
    # that minister's task (its partner is named), not a sibling of "5."; and "… với Bộ Tài chính và các bộ, cơ quan
    # liên quan" names only Bộ Tài chính
    head = "VĂN PHÒNG CHÍNH PHỦ\nSố: 599/TB-VPCP\nHà Nội, ngày 22 tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n"
    text = head + (
        "2. Để đảm bảo chất lượng, tiến độ hoàn thành 02 công trình dự án, yêu cầu Bộ Y tế và các bộ, cơ quan liên quan "
        "tiếp tục quyết tâm thực hiện các công việc còn lại, trong đó lưu ý một số nội dung trọng tâm như sau:\n"
        "(1) Bộ Y tế chỉ đạo Ban Quản lý dự án tập trung hoàn thiện hồ sơ thiết kế phòng cháy, chữa cháy.\n"
        "- Chủ trì, phối hợp với Bộ Tài chính và các bộ, cơ quan liên quan hoàn thiện hồ sơ trình về các cơ chế.\n"
        "(3) Bộ Công an tiếp tục chủ động phối hợp, hướng dẫn Bộ Y tế giải quyết dứt điểm các vướng mắc.\n"
        "(4) Bộ Xây dựng chỉ đạo các cơ quan liên quan tiếp tục phối hợp, hướng dẫn Bộ Y tế.\n"
    )
    actors = actors_of(text)
    assert {"Bộ Công an", "Bộ Xây dựng", "Bộ Tài chính"} <= set(actors)
    assert not any("các bộ" in a for a in actors if a.startswith("Bộ Tài chính"))
    minister = head + (
        "5. Bộ trưởng Bộ Tài chính chủ trì:\n"
        "(1) Phối hợp với Bộ Nông nghiệp và Môi trường tiếp tục rà soát, tổng hợp tình hình thiệt hại do mưa lũ.\n"
        "(2) Khẩn trương hoàn thiện dự thảo Nghị quyết của Chính phủ, trình Chính phủ trước ngày 26/11/2025.\n"
    )
    assert actors_of(minister) == ["Bộ trưởng Bộ Tài chính", "Bộ Nông nghiệp và Môi trường"]


def test_a_body_that_wrote_a_letter_is_reported_not_charged():
    # heldout h61 (a Sở's tờ trình): "(2) Hội Làm vườn có Văn bản số 01/HLV ngày 30/7/2024 báo cáo: …" tells what the
    # association wrote; only the request at the end charges someone
    text = (
        "SỞ NỘI VỤ\nSố: 120/TTr-SNV\nBình Thuận, ngày 10 tháng 9 năm 2024\nTỜ TRÌNH\nVề việc giải thể hội\n"
        "Kính gửi: Ủy ban nhân dân tỉnh.\n1. Kết quả rà soát\n"
        "(1) Hội Cựu giáo chức tỉnh có Văn bản số 16/CGC.BT ngày 19/8/2024 báo cáo về tổ chức đại hội nhiệm kỳ.\n"
        "(2) Hội Làm vườn có Văn bản số 01/HLV ngày 30/7/2024 báo cáo không có khả năng tổ chức đại hội.\n"
        "2. Sở Nội vụ đề xuất giải thể 03 hội nêu trên.\n"
        "Giao Sở Nội vụ theo dõi việc thực hiện các nội dung trên và tổng hợp báo cáo.\n"
    )
    assert actors_of(text) == ["Sở Nội vụ", "Sở Nội vụ"]


def test_party_committees_and_local_governments_are_bodies():
    # heldout h71, h79: "1. Cấp ủy, chính quyền Thành phố phải xác định …" opens an item with its body; "Chính quyền địa
    # phương các cấp khẩn trương …" too; "Bộ … làm chủ Chương trình" ends the name at the verb (heldout h49)
    head = "VĂN PHÒNG CHÍNH PHỦ\nSố: 641/TB-VPCP\nHà Nội, ngày 24 tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n"
    text = head + (
        "1. Cấp ủy, chính quyền Thành phố phải xác định việc tổ chức và vận hành hiệu quả chính quyền địa phương 02 cấp "
        "là nhiệm vụ hết sức quan trọng.\n"
        "2. Chính quyền địa phương các cấp khẩn trương rà soát, sắp xếp trụ sở làm việc dôi dư.\n"
        "3. Giao Bộ Nông nghiệp và Môi trường làm chủ Chương trình, chịu trách nhiệm hoàn thiện hồ sơ.\n"
    )
    assert actors_of(text) == [
        "Cấp ủy, chính quyền Thành phố",
        "Chính quyền địa phương các cấp",
        "Bộ Nông nghiệp và Môi trường",
    ]


def test_a_coordination_regulations_articles_name_the_body_that_leads():
    # heldout h75 (Thái Nguyên QĐ 26/2025 and its Quy chế phối hợp): "Điều 6. Nội dung Công an tỉnh có trách nhiệm chủ trì"
    # and "Điều 12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" head the duties listed under them
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 26/2025/QĐ-UBND\nThái Nguyên, ngày 21 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Ban hành Quy chế phối hợp trong công tác quản lý nhà nước về tín ngưỡng, tôn giáo\n"
        "Căn cứ Luật Tín ngưỡng, tôn giáo ngày 18 tháng 11 năm 2016;\nQUYẾT ĐỊNH:\n"
        "Chương II\nNỘI DUNG PHỐI HỢP\n"
        "Điều 6. Nội dung Công an tỉnh có trách nhiệm chủ trì\n"
        "Nắm tình hình, tham mưu giải quyết các vấn đề liên quan đến tín ngưỡng, tôn giáo trên địa bàn ngay từ cơ sở.\n"
        "Điều 7. Nội dung Bộ Chỉ huy quân sự tỉnh có trách nhiệm chủ trì\n"
        "1. Tham mưu công tác chỉ đạo, hướng dẫn công tác quốc phòng, quân sự địa phương liên quan đến tín ngưỡng.\n"
        "2. Giải quyết các vấn đề cụ thể về quốc phòng, quân sự liên quan đến tín ngưỡng, tôn giáo theo thẩm quyền.\n"
        "Điều 12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n"
        "1. Nắm bắt, phản ánh kịp thời tới các cơ quan quản lý nhà nước về nhu cầu, nguyện vọng của Nhân dân.\n"
    )
    assert actors_of(text) == ["Công an tỉnh", "Bộ Chỉ huy quân sự tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


def test_a_heading_with_the_verb_and_its_object_is_no_implementation_part():
    # heldout h79 (a Ban Chỉ đạo's letter): "1. Về tổ chức thực hiện chức năng, nhiệm vụ được phân cấp" is a topic, so the
    # writer's request in running text after its own name in parentheses still charges the provinces
    text = (
        "BAN CHỈ ĐẠO\nKính gửi: Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
        "Thực hiện Kết luận số 210-KL/TW ngày 12/11/2025, Ban chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính các cấp "
        "(sau đây viết là Ban Chỉ đạo của Chính phủ) yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
        "Trung ương tập trung, khẩn trương chỉ đạo, giải quyết dứt điểm các khó khăn, một số nội dung cụ thể sau:\n"
        "1. Về tổ chức thực hiện chức năng, nhiệm vụ được phân cấp, phân quyền\n"
        "- Tiếp tục đánh giá tính khả thi của pháp luật về phân cấp, phân quyền ở cấp xã.\n"
    )
    assert actors_of(text) == ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


def test_a_plan_encourages_the_bodies_it_cannot_direct():
    # heldout h72 (Đồng Nai KH 179): "**18.** Khuyến khích Mặt trận Tổ quốc … và các tổ chức chính trị - xã hội phát huy
    # …" asks bodies outside the government, a supporting role, as "Đề nghị" does
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nSố: 179/KH-UBND\nĐồng Nai, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\n"
        "Phát triển kinh tế số và xã hội số\n**VI. TỔ CHỨC THỰC HIỆN**\n\n"
        "**15.** Báo và Phát thanh, Truyền hình Đồng Nai chủ động phối hợp với Sở Khoa học và Công nghệ xây dựng kế "
        "hoạch tổ chức tuyên truyền về nội dung Kế hoạch này.\n\n"
        "**18.** Khuyến khích Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai và các tổ chức chính trị - xã hội phát huy vai "
        "trò trong tuyên truyền, vận động Nhân dân tham gia chuyển đổi số.\n"
    )
    doc = doc_from_text(text)
    header = extract_header(doc)
    got = [(r.actor, r.role.value) for r in extract_responsibilities(doc, extract_sections(doc, header), header)]
    assert ("Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai và các tổ chức chính trị - xã hội", "support") in got
    assert ("Báo và Phát thanh, Truyền hình Đồng Nai", "lead") in got


def test_a_ministrys_departments_are_bodies():
    # heldout h78 (Bộ Văn hóa, Thể thao và Du lịch): "**2. Vụ Tổ chức cán bộ:** Tham mưu …", "**3. Vụ Kế hoạch, Tài chính**"
    # name a ministry's departments ("Vụ", as "Cục"); "nhiệm vụ" and a lowercase "vụ" are no body
    text = (
        "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 6316/BVHTTDL-VP\nHà Nội, ngày 21 tháng 11 năm 2025\n"
        "V/v triển khai ý kiến chỉ đạo của Thủ tướng Chính phủ\n"
        "Kính gửi: Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc Bộ\nBộ trưởng giao:\n"
        "**1. Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc Bộ**\n"
        "- Nghiên cứu, tham mưu Lãnh đạo Bộ các chính sách nhằm thể chế hóa đường lối, chủ trương của Đảng.\n"
        "**2. Vụ Tổ chức cán bộ:** Tham mưu Lãnh đạo Bộ hoàn thiện quy định về tổ chức bộ máy.\n"
        "**3. Vụ Kế hoạch, Tài chính**\n"
        "- Chủ trì tổ chức thực hiện hiệu quả chương trình mục tiêu quốc gia về phát triển văn hoá.\n"
    )
    assert actors_of(text) == [
        "Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc Bộ",
        "Vụ Tổ chức cán bộ",
        "Vụ Kế hoạch, Tài chính",
    ]


def test_a_party_notices_bodies_and_its_closing_formula():
    # heldout h74 (TB 432-TB/VPTW): "Giao Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương lãnh đạo, chỉ đạo …" ends the
    # name at "lãnh đạo"; "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết, thực hiện." is the
    # writer's notice formula, no body's task
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\nSố: 432-TB/VPTW\nHà Nội, ngày 26 tháng 11 năm 2025\nTHÔNG BÁO\n"
        "Kết luận của đồng chí Tổng Bí thư tại buổi làm việc với Đảng ủy Bộ Y tế\n"
        "4. Về phân công nhiệm vụ của các cơ quan liên quan\n"
        "4.3. Giao Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương lãnh đạo, chỉ đạo Ủy ban Trung ương Mặt trận "
        "Tổ quốc Việt Nam tăng cường tuyên truyền, vận động.\n"
        "4.6. Văn phòng Trung ương Đảng phối hợp theo dõi, đôn đốc, báo cáo kết quả thực hiện.\n"
        "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết, thực hiện.\n"
    )
    assert actors_of(text) == ["Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương", "Văn phòng Trung ương Đảng"]


def test_a_heading_that_says_its_body_is_responsible_and_roman_points_in_parentheses():
    # trove (Kiểm toán nhà nước's regulation): "2. Vụ Tổ chức cán bộ có trách nhiệm" over its points a), b) names Vụ Tổ chức
    # cán bộ; a VPCP conclusion's points "(ii) Bộ Công Thương chỉ đạo …", "(iii) Về …: Giao Bộ Xây dựng …" each charge their
    # body; a party rule's "Cấp ủy khóa mới nhận sự bàn giao …, ngay sau khi được bầu …" is a provision, no body
    regulation = (
        "KIỂM TOÁN NHÀ NƯỚC\nSố: 12/QĐ-KTNN\nHà Nội, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nBan hành Quy chế cấp thẻ\n"
        "Căn cứ Luật Kiểm toán nhà nước ngày 24 tháng 6 năm 2015;\nQUYẾT ĐỊNH:\n"
        "Điều 5. Tổ chức thực hiện\n1. Thủ trưởng các đơn vị chịu trách nhiệm thi hành Quy chế này.\n"
        "2. Vụ Tổ chức cán bộ có trách nhiệm\na) Phối hợp với Vụ Pháp chế thẩm định hồ sơ;\nb) Quản lý, sử dụng phôi thẻ.\n"
    )
    assert "Vụ Tổ chức cán bộ" in actors_of(regulation)
    conclusion = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 650/TB-VPCP\nHà Nội, ngày 28 tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n"
        "Sau khi nghe báo cáo, Phó Thủ tướng Chính phủ kết luận như sau:\n"
        "(i) Ủy ban nhân dân Thành phố Hồ Chí Minh chỉ đạo các sở, ngành liên quan hướng dẫn Chủ đầu tư.\n"
        "(ii) Bộ Công Thương chỉ đạo Tập đoàn Điện lực Việt Nam đẩy nhanh quá trình đàm phán.\n"
        "(iii) Về thủ tục nhập khẩu tàu LNG: Giao Bộ Xây dựng hướng dẫn Chủ đầu tư các thủ tục cần thiết.\n"
    )
    assert actors_of(conclusion) == ["Ủy ban nhân dân Thành phố Hồ Chí Minh", "Bộ Công Thương", "Bộ Xây dựng"]
    rule = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\nSố: 20-HD/TW\nHà Nội, ngày 20 tháng 11 năm 2025\nHƯỚNG DẪN\nMột số vấn đề về công tác cán bộ\n"
        "1. Cấp ủy khóa mới nhận sự bàn giao từ cấp ủy khóa trước, điều hành công việc ngay sau khi được bầu.\n"
        "2. Cấp ủy viên xin rút khỏi cấp ủy thì cấp ủy cấp trên trực tiếp xem xét.\n"
    )
    assert actors_of(rule) == []


def test_paragraphs_after_the_directives_lead_in_charge_their_bodies():
    # heldout h81 (VPCP notice of the Prime Minister's conclusions): after "Thủ tướng Chính phủ yêu cầu …, cần làm ngay:",
    # an unnumbered paragraph that opens with a body and its task is a directive ("Bộ Xây dựng chỉ đạo …"); one that
    # tells what was done ("… đã tập trung lãnh đạo") or the writer's own request ("Bộ … trân trọng đề nghị …") is not
    head = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 660/TB-VPCP\nHà Nội, ngày 29 tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của Thủ tướng Chính phủ\n"
    )
    text = head + (
        "Sau khi nghe báo cáo của các bộ, ngành, địa phương, Thủ tướng Chính phủ kết luận như sau:\n\n"
        "Bộ Chính trị, Ban Bí thư đã tập trung lãnh đạo công tác khắc phục hậu quả mưa lũ.\n\n"
        "Thủ tướng Chính phủ yêu cầu các Bộ, các ngành tập trung một số nhiệm vụ khẩn cấp, cần làm ngay:\n"
        "1. Các địa phương phát động ngay chiến dịch hỗ trợ Nhân dân xây dựng lại nhà ở.\n\n"
        "Bộ Quốc phòng, Bộ Công an huy động lực lượng tối đa có thể hỗ trợ Nhân dân.\n\n"
        "Bộ Xây dựng chỉ đạo Sở Xây dựng khẩn trương nghiên cứu đưa ra một số thiết kế nhà mẫu.\n\n"
        "Văn phòng Chính phủ trân trọng đề nghị các cơ quan liên quan phối hợp thực hiện.\n"
    )
    actors = actors_of(text)
    assert {"Các địa phương", "Bộ Quốc phòng, Bộ Công an", "Bộ Xây dựng"} <= set(actors)
    assert not any(a.startswith(("Bộ Chính trị", "Ban Bí thư", "Văn phòng Chính phủ")) for a in actors)


def test_an_execution_article_lists_the_members_of_a_post_after_a_colon():
    # heldout h85 (Gia Lai QĐ 44/2025): "Giám đốc các Sở: Tài chính, Tư pháp; Thủ trưởng …; Chủ tịch … chịu trách nhiệm thi
    # hành": the colon lists the Sở, it opens no task; "UBND các xã, phường: Phối hợp với …" is a labelled task (h03)
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 44/2025/QĐ-CTUBND\nGia Lai, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Phân cấp thẩm quyền quyết định trong quản lý, sử dụng tài sản công\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Phân cấp thẩm quyền quyết định trong quản lý tài sản công.\n"
        "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Tài chính, Tư pháp; Thủ trưởng các Sở, ban, ngành, "
        "đơn vị thuộc tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm "
        "thi hành Quyết định này./.\n"
    )
    assert actors_of(text) == [
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Giám đốc các Sở: Tài chính, Tư pháp",
        "Thủ trưởng các Sở, ban, ngành, đơn vị thuộc tỉnh",
        "Chủ tịch Ủy ban nhân dân các xã, phường",
    ]


def test_a_list_of_ministries_after_a_colon_is_one_post_and_a_replys_closing_charges_no_one():
    # trove (a Prime Minister's công điện): "Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường; Chủ tịch …"
    # keeps its ministries together; a tax office's reply ends "Cục Thuế trả lời để Thuế tỉnh Đắk Lắk biết và thực hiện."
    cable = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 230/CĐ-TTg\nHà Nội, ngày 25 tháng 11 năm 2025\nCÔNG ĐIỆN\nVề việc ứng phó với bão\n"
        "Thủ tướng Chính phủ yêu cầu:\n"
        "1. Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường; Chủ tịch Ủy ban nhân dân các tỉnh, thành "
        "phố ven biển tiếp tục theo dõi chặt chẽ diễn biến của bão.\n"
    )
    assert actors_of(cable) == [
        "Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển",
    ]
    reply = (
        "CỤC THUẾ\nSố: 5253/CT-CS\nHà Nội, ngày 20 tháng 11 năm 2025\nV/v chính sách tiền thuê đất\n"
        "Kính gửi: Thuế tỉnh Đắk Lắk.\nCục Thuế nhận được công văn số 1234/ĐLA-QLDN của Thuế tỉnh Đắk Lắk. Về vấn đề "
        "này, Cục Thuế có ý kiến như sau:\n\nCăn cứ quy định nêu trên, Thuế tỉnh Đắk Lắk hướng dẫn đơn vị thực hiện.\n\n"
        "Cục Thuế trả lời để Thuế tỉnh Đắk Lắk biết và thực hiện./.\n"
    )
    assert not any(a.startswith("Cục Thuế") for a in actors_of(reply))


def test_heads_of_a_ministrys_departments_are_posts_of_their_own():
    # heldout h92 (QĐ 4508/QĐ-BVHTTDL), h37: "Chánh Văn phòng Bộ, Vụ trưởng Vụ Pháp chế, Thủ trưởng các Cục, Vụ … chịu trách
    # nhiệm thi hành" names three posts; "Vụ trưởng" is a title as "Giám đốc" is
    text = (
        "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 4508/QĐ-BVHTTDL\nHà Nội, ngày 26 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Về việc công bố thủ tục hành chính được sửa đổi, bổ sung\nCăn cứ Nghị định số 43/2025/NĐ-CP;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính được sửa đổi, bổ sung.\n"
        "Điều 3. Chánh Văn phòng Bộ, Vụ trưởng Vụ Pháp chế, Thủ trưởng các Cục, Vụ và các đơn vị có liên quan chịu trách "
        "nhiệm thi hành Quyết định này./.\n"
    )
    assert actors_of(text) == ["Chánh Văn phòng Bộ", "Vụ trưởng Vụ Pháp chế", "Thủ trưởng các Cục, Vụ"]
    # a ministry's own "Chánh Văn phòng" is one post, not the bare title of every body's chief (trove, a Bộ GD&ĐT circular)
    short = text.replace("Chánh Văn phòng Bộ, Vụ trưởng Vụ Pháp chế", "Chánh Văn phòng, Cục trưởng Cục Nhà giáo")
    assert actors_of(short) == ["Chánh Văn phòng", "Cục trưởng Cục Nhà giáo", "Thủ trưởng các Cục, Vụ"]


def test_what_the_directives_rules_leave_alone():
    # review of this session's rules: "1. Mục đích, yêu cầu:" opens no directives; a "Khuyến khích …" bullet under an
    # actor heading is that body's task; a "(1)" point that reports ("đã tổ chức") names no actor; "Cấp ủy các cấp lãnh
    # đạo thực hiện …" ends the name at "lãnh đạo"
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 50/KH-UBND\nAn Giang, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\nPhát triển thương mại\n"
    )
    plan = head + (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích, yêu cầu:\nSở Y tế tổ chức 20 lớp tập huấn.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\n- Chủ trì xây dựng kế hoạch xúc tiến thương mại.\n"
        "- Khuyến khích các doanh nghiệp tham gia hội chợ, triển lãm.\n"
    )
    assert actors_of(plan) == ["Sở Công Thương"]
    letter = (
        "SỞ NỘI VỤ\nSố: 88/SNV-VP\nAn Giang, ngày 20 tháng 11 năm 2025\nV/v báo cáo kết quả\nKính gửi: Ủy ban nhân dân tỉnh.\n"
        "Kết quả thực hiện năm 2025 như sau:\n(1) Sở Y tế tỉnh An Giang đã tổ chức 20 lớp tập huấn trong quý I.\n"
        "(2) Cấp ủy các cấp lãnh đạo thực hiện tốt Nghị quyết của Đảng.\n"
    )
    assert actors_of(letter) == ["Cấp ủy các cấp"]


def test_a_list_of_members_ends_where_a_new_post_begins():
    # review: "Giám đốc các Sở: Tài chính, Tư pháp, Chủ tịch UBND các xã" is two posts, and a colon inside parentheses
    # lists no members
    from kehoach.extractors.addressees import split_list

    assert [p for p, _, _ in split_list("Giám đốc các Sở: Tài chính, Tư pháp, Chủ tịch UBND các xã", 0)] == [
        "Giám đốc các Sở: Tài chính, Tư pháp",
        "Chủ tịch UBND các xã",
    ]
    assert [p for p, _, _ in split_list("Giám đốc Sở Nội vụ (đầu mối: phòng X), Chủ tịch UBND các xã", 0)] == [
        "Giám đốc Sở Nội vụ (đầu mối: phòng X)",
        "Chủ tịch UBND các xã",
    ]


def test_a_second_body_charged_inside_a_directive_and_a_list_of_bodies_wrapped_after_its_semicolon():
    # heldout h111 (a công điện): "2. Bộ trưởng … hoàn thành việc cập nhật …. UBND thành phố Đà Nẵng khẩn trương hoàn
    # thành việc rà soát …" charges Đà Nẵng too; "3. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;" wrapped before
    # "Ủy ban nhân dân các tỉnh … khẩn trương triển khai …" is one list whose first body leads. A sentence that states a
    # rule ("Văn phòng đại diện không thực hiện …") or tells what was done charges no one.
    head = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 230/CĐ-TTg\nHà Nội, ngày 26 tháng 11 năm 2025\nCÔNG ĐIỆN\nVề việc rà soát các dự án\n"
    text = head + (
        "Thủ tướng Chính phủ yêu cầu:\n"
        "1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ chủ trì, phối hợp với cơ quan thanh tra hoàn thành việc cập nhật các "
        "dự án. UBND thành phố Đà Nẵng khẩn trương hoàn thành việc rà soát các dự án trên Hệ thống 751. Văn phòng đại "
        "diện không thực hiện chức năng kinh doanh. Bộ Xây dựng đã hoàn thành việc rà soát.\n"
        "2. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;\n"
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương khẩn trương triển khai hiệu quả các nhiệm vụ nêu trên.\n"
        "3. Giao Bộ Tài chính đôn đốc các Bộ, cơ quan, địa phương thực hiện Công điện này./.\n"
    )
    actors = actors_of(text)
    assert "UBND thành phố Đà Nẵng" in actors
    assert "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ" in actors
    # review: a body whose name opens with an accented capital is charged the same way
    assert "Ủy ban nhân dân thành phố Huế" in actors_of(text.replace("UBND thành phố Đà Nẵng", "Ủy ban nhân dân thành phố Huế"))
    assert not any(a.startswith(("Văn phòng đại diện", "Bộ Xây dựng")) for a in actors)


def test_an_office_named_only_as_a_partner_is_one_actor_with_its_charged_head():
    # heldout h105, h116 (TTHC decisions): "Sở … chủ trì, phối hợp với Văn phòng UBND tỉnh …" and "Chánh Văn phòng UBND
    # tỉnh, Giám đốc Sở … chịu trách nhiệm thi hành": the office has no task of its own, one actor with its head; the Sở
    # has its own task and stays beside its Giám đốc (gold-dev d10)
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 1509/QĐ-UBND\nBắc Ninh, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Về việc công bố danh mục thủ tục hành chính nội bộ\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính nội bộ.\n"
        "Điều 2. Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì, phối hợp với Văn phòng UBND tỉnh cập nhật thủ tục.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Dân tộc và Tôn giáo chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn Phong\n"
    )
    actors = actors_of(text)
    assert "Chánh Văn phòng UBND tỉnh" in actors and "Sở Dân tộc và Tôn giáo" in actors
    assert "Giám đốc Sở Dân tộc và Tôn giáo" in actors
    assert "Văn phòng UBND tỉnh" not in actors
    # review: a Sở named as a partner keeps its entry beside its charged Giám đốc (only an office joins its head)
    partnered = text.replace("phối hợp với Văn phòng UBND tỉnh", "phối hợp với Sở Tư pháp").replace(
        "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Dân tộc và Tôn giáo", "Giám đốc Sở Tư pháp, Giám đốc Sở Dân tộc và Tôn giáo"
    )
    assert "Sở Tư pháp" in actors_of(partnered)


def test_an_article_sentence_may_open_with_an_accented_capital():
    # trove (decisions on fire safety, commune reorganisation): inside an article, a sentence opening "Ủy ban nhân dân …"
    # charges its body as one opening "UBND …" does (the sentence starts are read in one place for articles and items)
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 12/QĐ-UBND\nLai Châu, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề việc sắp xếp\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt phương án sắp xếp.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Ủy ban nhân dân cấp xã có trách nhiệm thông báo đến các cơ sở.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nCHỦ TỊCH\nLê Văn Lương\n"
    )
    assert "Ủy ban nhân dân cấp xã" in actors_of(text)


def test_a_whole_name_ends_before_a_verb_the_predicate_words_do_not_know():
    # heldout h131, h124, h16: "UBND các xã, phường niêm yết …", "phối hợp với Bộ Khoa học và Công nghệ quản lý, kiểm tra
    # …": after a complete name (a department's own name, a place, a list of commune levels) a verb ends it
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 1520/QĐ-UBND\nBắc Ninh, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Phê duyệt danh mục thủ tục hành chính\nQUYẾT ĐỊNH:\n"
        "Điều 1. Phê duyệt kèm theo Quyết định này danh mục thủ tục hành chính.\n"
        "Điều 2. Giao các cơ quan, đơn vị:\n"
        "1. Sở Tư pháp chủ trì, phối hợp với Sở Khoa học và Công nghệ quản lý, kiểm tra việc công khai.\n"
        "2. Thanh tra tỉnh, UBND các xã, phường niêm yết công khai danh mục thủ tục hành chính tại Bộ phận Một cửa và thực hiện việc giải quyết "
        "thủ tục hành chính theo quy định.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nMai Sơn\n"
    )
    actors = actors_of(text)
    assert "UBND các xã, phường" in actors and "Thanh tra tỉnh" in actors
    assert "Sở Khoa học và Công nghệ" in actors
    assert not any("niêm yết" in a or "quản lý" in a for a in actors)


@pytest.mark.parametrize(
    "phrase, name",
    [
        ("Sở Xây dựng chấp thuận phương án", "Sở Xây dựng"),
        ("Thuế tỉnh Quảng Trị trao đổi với cơ quan", "Thuế tỉnh Quảng Trị"),
        ("Đoàn Luật sư tỉnh Bình Thuận đã", "Đoàn Luật sư tỉnh Bình Thuận"),
        # names that go on after a place or a level (gold actors of heldout h13, h65, h112)
        ("Thứ trưởng Bộ Y tế phụ trách lĩnh vực", None),
        ("Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương", None),
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", None),
        ("Cơ quan, tổ chức được Ủy ban nhân dân thành phố Hà Nội giao thực hiện dự án", None),
    ],
)
def test_complete_name_end(phrase, name):
    from kehoach.text.actors import complete_name_end

    end = complete_name_end(phrase)
    assert (phrase[:end] if end is not None else None) == name


def test_a_joint_phrase_is_its_first_body_named_as_a_partner():
    # heldout h10, h136 (HĐND resolutions; NOTES 18): "Giao Thường trực HĐND tỉnh, các Ban …, các Tổ đại biểu và đại biểu
    # HĐND tỉnh giám sát …" and "Đề nghị Ủy ban MTTQ … phối hợp với Thường trực HĐND tỉnh, …": one body, one actor
    text = (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 20/2025/NQ-HĐND\nVĩnh Long, ngày 28 tháng 11 năm 2025\nNGHỊ QUYẾT\n"
        "Quy định mức học phí\nQUYẾT NGHỊ:\nĐiều 1. Quy định mức học phí năm học 2025 - 2026.\n"
        "Điều 2. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.\n"
        "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu Hội đồng nhân dân "
        "tỉnh và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp với Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội "
        "đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n"
    )
    actors = actors_of(text)
    assert {a for a in actors if a.startswith("Thường trực")} == {"Thường trực Hội đồng nhân dân tỉnh"}  # its own name
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in actors


def test_a_principal_is_a_post_and_a_rule_with_thi_names_no_one():
    # heldout h140: "Hiệu trưởng các trường …" is a post charged like "Giám đốc …"; h142: "Các cơ quan, tổ chức cùng cấp thì
    # số lượng cấp phó …" is a rule, not a body
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 48/2025/QĐ-UBND\nGia Lai, ngày 25 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "Quy định danh mục trang cấp đồ dùng cá nhân\nQUYẾT ĐỊNH:\nĐiều 1. Phạm vi điều chỉnh.\n"
        "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Hiệu trưởng các trường phổ thông dân tộc nội trú chịu trách nhiệm "
        "thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn B\n"
    )
    assert "Hiệu trưởng các trường phổ thông dân tộc nội trú" in actors_of(text)
    from kehoach.extractors.addressees import parse_actor

    assert parse_actor("2. Các cơ quan, tổ chức cùng cấp thì số lượng cấp phó thực hiện theo quy định.", True) is None
