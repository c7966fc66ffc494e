"""Campaigns: titles and opening paragraphs of real documents (seeds and corpus), documents, invariants."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, SEED_TXT, needs_shared
from helpers_doc import doc_from_text

from kehoach.extract import read_canonical
from kehoach.extractors.campaigns import extract_campaigns
from kehoach.extractors.citations import extract_citations
from kehoach.extractors.deadlines import extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.sections import extract_sections
from kehoach.schemas.contract import DocType
from kehoach.schemas.header import Header


def run(title: str, body: str, year: int = 2025):
    doc = doc_from_text(f"{title}\n\n{body}" if body else title)
    start = doc.text.find(body.split("\n")[0]) if body else len(doc.text)
    header = Header(doc_type=DocType.ke_hoach, title=title, year=year, body_start=max(start, 0), body_end=len(doc.text))
    found = extract_campaigns(doc, header, [], [])
    for c in found:
        if c.start is not None:
            assert doc.text[c.start : c.end] == c.name
    return found


# (title, opening paragraph, expected campaign names)
ROWS = [
    # seed 002: the title launches a phong trào thi đua
    (
        "Phát động phong trào thi đua đẩy mạnh cải cách hành chính trên địa bàn xã Hành Minh năm 2024",
        "",
        ["phong trào thi đua đẩy mạnh cải cách hành chính trên địa bàn xã Hành Minh năm 2024"],
    ),
    # seed 000: after "Phát động" anything is a campaign
    (
        "Phát động tham gia giải pháp, sáng kiến trong công tác Cải cách hành chính năm 2024 trên địa bàn xã.",
        "",
        ["tham gia giải pháp, sáng kiến trong công tác Cải cách hành chính năm 2024 trên địa bàn xã"],
    ),
    # corpus 022: "Triển khai" + a campaign word, a quoted name in capitals
    (
        "TRIỂN KHAI PHONG TRÀO THI ĐUA “CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ” TRÊN ĐỊA BÀN TỈNH THANH HÓA",
        "",
        ["PHONG TRÀO THI ĐUA “CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ” TRÊN ĐỊA BÀN TỈNH THANH HÓA"],
    ),
    # corpus 001: the capitalized title and the opening paragraph name one campaign; the running text wins
    (
        "PHÁT ĐỘNG ĐỢT THI ĐUA LẬP THÀNH TÍCH CHÀO MỪNG ĐẠI HỘI LẦN THỨ XIV CỦA ĐẢNG",
        "Để tiếp tục đẩy mạnh các phong trào thi đua yêu nước. UBND tỉnh phát động Đợt thi đua lập thành tích chào mừng Đại hội lần thứ XIV của Đảng; tăng tốc, bứt phá, hoàn thành thắng lợi các mục tiêu, nhiệm vụ Nghị quyết đại hội lần thứ XIII của Đảng (sau đây gọi tắt là Đợt thi đua) với những nội dung chủ yếu như sau:",
        [
            "Đợt thi đua lập thành tích chào mừng Đại hội lần thứ XIV của Đảng; tăng tốc, bứt phá, hoàn thành thắng lợi các mục tiêu, nhiệm vụ Nghị quyết đại hội lần thứ XIII của Đảng"
        ],
    ),
    # dev d02 (ANNOTATION: "a plan with a named programme"): a national target programme in the title
    (
        "GIÁM SÁT, ĐÁNH GIÁ CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG TRÊN ĐỊA BÀN THÀNH PHỐ CẦN THƠ NĂM 2025",
        "",
        ["CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG"],
    ),
    # dev d03: a programme with a quoted name (its "đến năm 2045" is part of the name, not the campaign's year)
    (
        "THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG GIÁO DỤC MẦM NON GIAI ĐOẠN 2025 - 2035, ĐỊNH HƯỚNG ĐẾN NĂM 2045”",
        "",
        ["CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG GIÁO DỤC MẦM NON GIAI ĐOẠN 2025 - 2035, ĐỊNH HƯỚNG ĐẾN NĂM 2045”"],
    ),
    # NEGATIVE dev d01: a roadmap is no named programme
    ("THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035 TRÊN ĐỊA BÀN TỈNH ĐỒNG THÁP", "", []),
    # NEGATIVE corpus 006: a plan about a subject is not a campaign
    ("CHUYỂN ĐỔI SỐ TRONG HOẠT ĐỘNG XÂY DỰNG, QUẢN LÝ, KHAI THÁC KẾT CẤU HẠ TẦNG GIAO THÔNG TRÊN ĐỊA BÀN TỈNH ĐỒNG THÁP", "", []),
    # NEGATIVE corpus 005: "Triển khai" a resolution is not a campaign
    ("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 214/NQ-CP NGÀY 23/7/2025 CỦA CHÍNH PHỦ", "", []),
    # NEGATIVE seed 003: a past contest reported on, and a generic plural
    (
        "tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính trong năm 2024",
        "1. Phổ biến kết quả cuộc thi lần thứ 6 - năm 2023. Biểu dương những công chức, viên chức đã có các đề tài.\n2. Khuyến khích các cán bộ, công chức và người hoạt động không chuyên trách xã tiếp tục nghiên cứu, tham khảo tổ chức các cuộc thi về cải cách hành chính phù hợp với tình hình.",
        [],
    ),
    # NEGATIVE seed 003: the subject of a cited report
    (
        "tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính trong năm 2024",
        "Căn cứ Báo cáo số 4569/BC-SNV ngày 22/12/2023 của Sở Nội vụ tỉnh Khánh Hòa về kết quả triển khai cuộc thi “Mô hình, sáng kiến cải cách hành chính của công chức, viên chức trẻ” lần thứ 6 - năm 2023;",
        [],
    ),
    # NEGATIVE corpus 002: a campaign launched by the cited decision
    (
        "KẾ HOẠCH CÔNG TÁC NĂM 2025",
        "Thực hiện Chỉ thị số 45-CT/TW ngày 14 tháng 4 năm 2025 của Bộ Chính trị; Quyết định số 2437/QĐ-TTg ngày 04 tháng 11 năm 2025 của Thủ tướng Chính phủ ban hành Kế hoạch triển khai Đợt thi đua Lập thành tích chào mừng Đại hội lần thứ XIV của Đảng;",
        [],
    ),
    # NEGATIVE corpus 002: campaigns launched by someone else
    (
        "KẾ HOẠCH CÔNG TÁC NĂM 2025",
        "Tập trung triển khai các phong trào thi đua trọng tâm do Thủ tướng Chính phủ phát động như Phong trào thi đua xây dựng Nông thôn mới.",
        [],
    ),
    # NEGATIVE corpus 024: a past event
    (
        "KẾ HOẠCH CÔNG TÁC NĂM 2023",
        "Ngày 26/3/2022, đã tổ chức chuỗi sự kiện chuyển đổi số; phát động cuộc thi “Nét đẹp Đoàn viên” trên ứng dụng dành cho người dân Hải Dương ID;",
        [],
    ),
]


@pytest.mark.parametrize(("title", "body", "expected"), ROWS)
def test_campaign_launches(title, body, expected):
    assert [c.name for c in run(title, body)] == expected


def test_programme_year_is_the_plan_year():
    # dev d03: "ĐỊNH HƯỚNG ĐẾN NĂM 2045" is a horizon inside the name
    (c,) = run("THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG GIÁO DỤC MẦM NON, ĐỊNH HƯỚNG ĐẾN NĂM 2045”", "")
    assert c.year == 2025


def test_year_comes_from_the_name_not_a_term():
    # corpus 003: "nhiệm kỳ 2026 - 2031" is not the campaign's year; the document's year is
    found = run(
        "PHÁT ĐỘNG PHONG TRÀO THI ĐUA THỰC HIỆN THÀNH CÔNG CUỘC BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI NHIỆM KỲ 2026 - 2031", "", 2025
    )
    assert [c.year for c in found] == [2025]


def _campaigns(path):
    doc = read_canonical(path)
    header = extract_header(doc)
    sections = extract_sections(doc, header)
    deadlines = extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))
    return doc, extract_campaigns(doc, header, sections, deadlines)


def _seed(prefix):
    return next(p for p in SEED_TXT if p.name.startswith(prefix))


def test_seed_002_dates_and_participants():
    # seed 002: THỜI GIAN section "từ đầu năm 2024 đến ngày 15/11/2024", ĐỐI TƯỢNG section
    _, found = _campaigns(_seed("002"))
    assert len(found) == 1
    assert (found[0].start_date, found[0].end_date, found[0].year) == ("2024-01-01", "2024-11-15", 2024)
    assert found[0].participants == [
        "Cán bộ công chức, người hoạt động không chuyên trách, các tổ chức, cá nhân sinh sống trên địa bàn xã Hành Minh"
    ]


def test_seed_003_reports_on_a_past_contest():
    # NEGATIVE seed 003: a công văn about last year's contest launches nothing
    assert _campaigns(_seed("003"))[1] == []


def test_seed_004_participants_from_subsections():
    # seed 004: "a. Đối với tập thể: …; …" and "b. Đối với cá nhân: …"
    _, found = _campaigns(_seed("004"))
    assert found[0].participants[:3] == [
        "Các cơ quan chuyên môn thuộc UBND huyện",
        "các đơn vị sự nghiệp thuộc huyện",
        "UBND các xã, thị trấn",
    ]


@needs_shared
def test_two_stages_span_the_campaign():
    # corpus 004: "Đợt 01 … từ ngày 20 tháng 11 … đến ngày 03 tháng 12", "Đợt 02 … đến ngày 10 tháng 12 năm 2025"
    _, found = _campaigns(CORPUS_DOCS / "004.txt")
    assert (found[0].start_date, found[0].end_date) == ("2025-11-20", "2025-12-10")


@pytest.mark.parametrize(("prefix", "count"), [("000", 1), ("001", 1), ("002", 1), ("003", 0), ("004", 1)])
def test_seed_counts(prefix, count):
    assert len(_campaigns(_seed(prefix))[1]) == count


CORPUS = sorted(CORPUS_DOCS.glob("*.txt")) if CORPUS_DOCS.is_dir() else []


@pytest.mark.parametrize("path", SEED_TXT + CORPUS, ids=lambda p: p.name)  # the corpus when ../shared is there
def test_invariants(path):
    doc, found = _campaigns(path)
    for c in found:
        assert c.name.strip() == c.name and c.name
        if c.start is not None:
            assert doc.text[c.start : c.end] == c.name
        if c.start_date and c.end_date:
            assert c.start_date <= c.end_date
