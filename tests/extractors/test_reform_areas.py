"""Reform areas: lexicon rows of real lines (seeds and corpus), coverage rules, documents, invariants."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, SEED_TXT
from helpers_doc import doc_from_text

from kehoach.extract import read_canonical
from kehoach.extractors.header import extract_header
from kehoach.extractors.reform_areas import extract_reform_areas, find_terms, load_lexicon
from kehoach.extractors.sections import extract_sections
from kehoach.schemas.contract import ReformArea as A

ALL_SIX = list(A)

# (line, areas named in it)
TERM_ROWS = [
    # seed 000
    ("- Cải cách thể chế.", [A.the_che]),
    # seed 000
    ("- Cải cách thủ tục hành chính.", [A.thu_tuc_hanh_chinh]),
    # seed 000: "bộ máy hành chính" inside the longer term
    ("- Cải cách tổ chức bộ máy hành chính nhà nước.", [A.to_chuc_bo_may]),
    # seed 000: comma inside the term
    ("- Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, người lao động.", [A.cong_vu]),
    # seed 000
    ("- Cải cách tài chính công.", [A.tai_chinh_cong]),
    # seed 000
    ("- Hiện đại hóa hành chính.", [A.chinh_phu_so]),
    # seed 000: abbreviation
    ("- Các sáng kiến, ý tưởng, giải pháp ứng dụng CNTT vào công tác chuyên môn của cơ quan.", [A.chinh_phu_so]),
    # seed 002: longest term wins over "biên chế"
    ("-Thực hiện nghiêm cơ chế khoán biên chế và kinh phí hành chính tại cơ quan, đơn vị.", [A.tai_chinh_cong]),
    # seed 002: four mentions of one area
    ("c) Cải cách thủ tục hành chính (TTHC); thực hiện cơ chế một cửa, cơ chế một cửa liên thông", [A.thu_tuc_hanh_chinh] * 4),
    # seed 002
    ("g) Xây dựng và phát triển chính quyền điện tử", [A.chinh_phu_so]),
    # NEGATIVE corpus 006: fiscal, not administrative, decentralization
    ("1. Ngân sách nhà nước thực hiện theo quy định phân cấp ngân sách", []),
    # NEGATIVE seed 000: participants, not the civil service area
    ("Cán bộ, công chức, người lao động đang làm việc tại UBND xã.", []),
    # NEGATIVE trove, Quy chế of UBND tỉnh Ninh Bình: the official e-mail system is a tool, not the civil service
    ("2. Các cơ quan, đơn vị, cá nhân sử dụng Hệ thống thư điện tử công vụ khi trao đổi văn bản.", []),
    ("3. Hộp thư công vụ cá nhân là hộp thư điện tử cấp cho cá nhân.", []),
    # ...while the civil service's discipline still is
    ("- Tăng cường kỷ luật, kỷ cương hành chính và đạo đức công vụ.", [A.cong_vu, A.cong_vu]),
    # NEGATIVE seed 000: CCHC in general names no area
    ("Phát động tham gia giải pháp, sáng kiến trong công tác Cải cách hành chính năm 2024", []),
]


@pytest.mark.parametrize(("line", "areas"), TERM_ROWS)
def test_terms(line, areas):
    assert find_terms(line) == areas


def test_lexicon_is_data_covering_all_six():
    lex = load_lexicon()
    assert set(lex) == set(A)
    assert all(any(strong for _, strong in lex[a]) for a in A)  # every area has a term strong enough for a bullet


def areas_of(text: str) -> list[A]:
    doc = doc_from_text(text)
    header = extract_header(doc)
    return extract_reform_areas(doc, extract_sections(doc, header))


# (document text, areas covered)
DOC_ROWS = [
    # corpus 015: a legal-basis line names "Chính phủ điện tử" only as a cited document's title
    (
        "KẾ HOẠCH\n\nCăn cứ Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ về phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021-2025;\n\nI. MỤC ĐÍCH\n\nTriển khai kế hoạch.",
        [],
    ),
    # corpus 015: the same title in a bullet of the basis section is still a citation title
    (
        "KẾ HOẠCH\n\nI. CĂN CỨ LẬP KẾ HOẠCH\n\n- Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ về phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số;\n\nII. NỘI DUNG\n\nTriển khai kế hoạch.",
        [],
    ),
    # seed 004: one passing mention in running text is not coverage
    (
        "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nChú trọng khen thưởng những cán bộ trực tiếp tham mưu: công tác cải cách hành chính, giải quyết thủ tục hành chính.",
        [],
    ),
    # NEGATIVE corpus 001: a weak word ("thể chế" of the nation's development) in one bullet is not coverage
    (
        "KẾ HOẠCH\n\nPhát động đợt thi đua năm 2025\n\nUBND tỉnh phát động đợt thi đua như sau:\n\nII. NỘI DUNG THI ĐUA\n\nc) Thi đua đẩy mạnh xây dựng, hoàn thiện đồng bộ về thể chế phát triển nhanh, bền vững đất nước, phát huy mọi động lực, đột phá mạnh mẽ khoa học, công nghệ.",
        [],
    ),
    # seed 000: a strong term in one bullet is coverage
    (
        "KẾ HOẠCH\n\nPhát động tham gia giải pháp, sáng kiến năm 2024\n\nUBND xã xây dựng Kế hoạch cụ thể như sau:\n\nII. NỘI DUNG\n\n3. Nội dung giải pháp, sáng kiến\n\n- Cải cách thể chế.",
        [A.the_che],
    ),
    # seed 002: a heading is enough
    (
        "KẾ HOẠCH\n\nI. NỘI DUNG\n\ne) Cải cách tài chính công\n\nThực hiện có hiệu quả việc bố trí kinh phí theo quy định.",
        [A.tai_chinh_cong],
    ),
    # corpus 021: a title line in capitals is a heading
    ("RÀ SOÁT, ĐÁNH GIÁ THỦ TỤC HÀNH CHÍNH NĂM 2024 TRÊN ĐỊA BÀN TỈNH QUẢNG NGÃI", [A.thu_tuc_hanh_chinh]),
    # NEGATIVE gold-dev d01 (a science plan): training a sector's workforce, twice, is no civil-service reform
    (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n- Đào tạo và phát triển nguồn nhân lực: Tổ chức các chương trình đào tạo, bồi dưỡng chuyên "
        "môn, kỹ năng số.\n\n- Xây dựng và triển khai các chương trình, kế hoạch đào tạo, bồi dưỡng nhân lực chất lượng cao.",
        [],
    ),
    # training the cadres is
    (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n- Tổ chức đào tạo, bồi dưỡng cán bộ, công chức cấp xã về kỹ năng giải quyết công việc.",
        [A.cong_vu],
    ),
    # NEGATIVE heldout h43: an IT service provider named in a task is no e-government coverage
    (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n- Văn phòng chủ trì, phối hợp với Sở Khoa học và Công nghệ, đơn vị cung cấp "
        "dịch vụ công nghệ thông tin cập nhật quy trình nội bộ lên Hệ thống.",
        [],
    ),
    # seed 002: two mentions in running text
    (
        "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nThi đua thực hiện giải quyết thủ tục hành chính nhanh gọn, đúng pháp luật. Hướng dẫn người dân thực hiện thủ tục hành chính qua mạng.",
        [A.thu_tuc_hanh_chinh],
    ),
]


@pytest.mark.parametrize(("text", "areas"), DOC_ROWS)
def test_coverage_rules(text, areas):
    assert areas_of(text) == areas


@pytest.mark.parametrize(("prefix", "areas"), [("000", ALL_SIX), ("001", ALL_SIX), ("002", ALL_SIX)])
def test_seeds_cover_all_six(prefix, areas):
    doc = read_canonical(next(p for p in SEED_TXT if p.name.startswith(prefix)))
    assert extract_reform_areas(doc, extract_sections(doc, extract_header(doc))) == areas


CORPUS = sorted(CORPUS_DOCS.glob("*.txt")) if CORPUS_DOCS.is_dir() else []


@pytest.mark.parametrize("path", SEED_TXT + CORPUS, ids=lambda p: p.name)  # the corpus when ../shared is there
def test_invariants(path):
    doc = read_canonical(path)
    got = extract_reform_areas(doc, extract_sections(doc, extract_header(doc)))
    assert len(got) == len(set(got)) and got == [a for a in A if a in got]  # no repeats, enum order


def test_decentralisation_and_the_clause_that_keeps_references_current():
    # heldout h91 (Hải Phòng QĐ 210/2025): "PHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH THANH LÝ TÀI SẢN …" moves powers down, which the
    # held-out gold files under tổ chức bộ máy (h50, h85); its "Trường hợp các văn bản quy phạm pháp luật … được viện dẫn
    # … được sửa đổi, bổ sung hoặc được thay thế …" is boilerplate, not a reform of institutions
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 210/2025/QĐ-UBND\nHải Phòng, ngày 25 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "PHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH THANH LÝ TÀI SẢN KẾT CẤU HẠ TẦNG CẤP NƯỚC SẠCH NÔNG THÔN\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định việc phân cấp thẩm quyền quyết định thanh lý tài sản.\n"
        "Điều 4. Điều khoản thi hành\n1. Quyết định này có hiệu lực kể từ ngày 05 tháng 12 năm 2025.\n"
        "2. Trường hợp các văn bản quy phạm pháp luật và các quy định được viện dẫn trong Quyết định này được sửa đổi, bổ "
        "sung hoặc được thay thế thì áp dụng theo các văn bản quy phạm pháp luật mới.\n"
    )
    assert areas_of(text) == [A.to_chuc_bo_may]
