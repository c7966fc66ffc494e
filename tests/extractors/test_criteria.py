"""Criteria: tables of real sentences (seeds and corpus), documents, and invariants."""

from __future__ import annotations

import json
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, GOLD, SEED_TXT, needs_shared
from helpers_doc import doc_from_text

from kehoach.extract import extract_canonical, read_canonical
from kehoach.extractors.criteria import INITIATIVE_RE
from kehoach.schemas.contract import CriterionKind, Subject

AWARD, INITIATIVE = CriterionKind.award, CriterionKind.initiative
TAP_THE, CA_NHAN = Subject.tap_the, Subject.ca_nhan

# (sentence, is an initiative requirement?)
INITIATIVE_ROWS = [
    (
        "Các sáng kiến, ý tưởng có tính mới, tính sáng tạo và hiệu quả và có thể áp dụng ngay vào hoạt động của cơ quan.",
        True,
    ),  # seed 000
    (
        "Các giải pháp phải đảm bảo được tính mới, tính sáng tạo, có hiệu quả thiết thực và có thể áp dụng ngày vào hoạt động của cơ quan.",
        True,
    ),  # seed 000
    (
        "Sáng kiến cải cách hành chính phải có tính mới, hữu ích, thiết thực, thể hiện sự sáng tạo, tìm tòi, nghiên cứu của cá nhân.",
        True,
    ),  # seed 003
    (
        "Các sáng kiến, ý tưởng, mô hình có tính mới, tính sáng tạo và có thể nâng cao hiệu quả, tạo sự thuận lợi.",
        True,
    ),  # seed 001
    (
        "Các sáng kiến nhằm đơn giản hóa bộ TTHC đang thực hiện tại UBND xã.",
        False,
    ),  # NEGATIVE seed 000: a field, not a requirement
    ("Các giải pháp có thể giải quyết một trong các nội dung sau:", False),  # NEGATIVE seed 000: intro of a list
    ("Nội dung giải pháp, sáng kiến, mô hình gồm có 2 phần chính:", False),  # NEGATIVE seed 001
    ("Cán bộ, công chức, người lao động đang làm việc tại UBND xã.", False),  # NEGATIVE seed 000: participants
]


@pytest.mark.parametrize(("sentence", "ok"), INITIATIVE_ROWS)
def test_initiative_pattern(sentence, ok):
    assert bool(INITIATIVE_RE.match(sentence)) is ok


PREAMBLE = (
    "KẾ HOẠCH\n\nPhát động phong trào thi đua năm 2024\n\nCăn cứ Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện;\n\n"
)

# (document snippet, expected [(kind, subject, text)] in order)
DOC_ROWS = [
    # seed 004: "Tiêu chuẩn" heading → "a) Đối với tập thể" / "b) Đối với cá nhân" bullets
    (
        PREAMBLE
        + "III. HÌNH THỨC, SỐ LƯỢNG, TIÊU CHUẨN VÀ HỒ SƠ KHEN THƯỞNG\n\n1. Hình thức, số lượng\n\na) Hình thức: Giấy khen của Chủ tịch UBND huyện.\n\n"
        "2. Tiêu chuẩn tặng thưởng giấy khen của Chủ tịch UBND huyện\n\na) Đối với tập thể\n\n"
        "- Kết quả thực hiện Cải cách hành chính nhà nước có thành tích cao hơn năm trước liền kề.\n\nb) Đối với cá nhân\n\n"
        "- Trong năm được đánh giá hoàn thành tốt nhiệm vụ trở lên.\n\n3. Hồ sơ đề nghị khen thưởng\n\n- Tờ trình đề nghị khen thưởng của đơn vị (01 bản);\n",
        [
            (AWARD, TAP_THE, "Kết quả thực hiện Cải cách hành chính nhà nước có thành tích cao hơn năm trước liền kề."),
            (AWARD, CA_NHAN, "Trong năm được đánh giá hoàn thành tốt nhiệm vụ trở lên."),
        ],
    ),
    # seed 001: a form of reward that says who gets it is a criterion; its trailing aside is not part of it
    (
        PREAMBLE
        + "III. HÌNH THỨC TUYÊN DƯƠNG, KHEN THƯỞNG\n\nĐối với các giải pháp, sáng kiến, mô hình được triển khai, áp dụng mang lại hiệu quả:\n\n"
        "- Thực hiện khen thưởng đột xuất theo quy định đối với người dân, cá nhân, tổ chức, doanh nghiệp (có trao khen thưởng ngay)\n",
        [(AWARD, None, "Thực hiện khen thưởng đột xuất theo quy định đối với người dân, cá nhân, tổ chức, doanh nghiệp")],
    ),
    # NEGATIVE corpus 003: bare forms of reward are not criteria
    (
        PREAMBLE + "III. HÌNH THỨC KHEN THƯỞNG\n\n- Bằng khen của Thủ tướng Chính phủ;\n\n- Bằng khen của Chủ tịch UBND tỉnh;\n",
        [],
    ),
    # seed 003: a requirement sentence; a negated requirement starts a second criterion
    (
        PREAMBLE + "4. Sáng kiến cải cách hành chính phải có tính mới, hữu ích, thiết thực, thể hiện sự sáng tạo của cá nhân, "
        "không trùng lặp ý tưởng đối với các mô hình đã áp dụng trên địa bàn tỉnh.\n",
        [
            (
                INITIATIVE,
                None,
                "Sáng kiến cải cách hành chính phải có tính mới, hữu ích, thiết thực, thể hiện sự sáng tạo của cá nhân",
            ),
            (INITIATIVE, None, "không trùng lặp ý tưởng đối với các mô hình đã áp dụng trên địa bàn tỉnh."),
        ],
    ),
    # seed 001: the same requirement in Mục đích and Yêu cầu is kept once, from Yêu cầu
    (
        PREAMBLE
        + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Các sáng kiến, ý tưởng, mô hình có tính mới, tính sáng tạo, có thể áp dụng ngay vào hoạt động của địa phương.\n\n"
        "2. Yêu cầu\n\n- Các sáng kiến, ý tưởng, mô hình có tính mới, tính sáng tạo, có thể áp dụng ngay vào hoạt động của cơ quan.\n",
        [
            (
                INITIATIVE,
                None,
                "Các sáng kiến, ý tưởng, mô hình có tính mới, tính sáng tạo, có thể áp dụng ngay vào hoạt động của cơ quan.",
            )
        ],
    ),
    # dev d10: a regulation attached to a decision: its "Tiêu chuẩn xét khen thưởng" items are criteria; a case rule
    # ("Trường hợp … thì …") is not
    (
        "QUYẾT ĐỊNH\n\nBan hành Quy định tiêu chí đánh giá\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy định Tiêu chí đánh giá, xếp loại công tác dân vận.\n\n"
        "Điều 2. Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này./.\n\nNơi nhận:\n- Như Điều 2;\n\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrương Cảnh Tuyên\n\nQUY ĐỊNH\nTIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC DÂN VẬN\n"
        "(Kèm theo Quyết định số 2579/QĐ-UBND ngày 21 tháng 11 năm 2025)\n\nChương III KHEN THƯỞNG\n\n"
        "Điều 8. Tiêu chuẩn xét khen thưởng\n\n"
        "1. Cơ quan, đơn vị, địa phương được đánh giá xếp loại hoàn thành xuất sắc nhiệm vụ và có số điểm từ cao xuống thấp.\n\n"
        "2. Trường hợp tổng số điểm bằng nhau thì do cơ quan có thẩm quyền đánh giá phân loại xem xét, quyết định./.\n",
        [
            (
                AWARD,
                None,
                "Cơ quan, đơn vị, địa phương được đánh giá xếp loại hoàn thành xuất sắc nhiệm vụ và có số điểm từ cao xuống thấp.",
            )
        ],
    ),
    # NEGATIVE trove 6e7f0a17, c22591f1: standards that reward no one (an administrative unit's, a civil servant's)
    (
        PREAMBLE + "II. TIÊU CHUẨN CỦA ĐƠN VỊ HÀNH CHÍNH\n\n1. Tiêu chuẩn của phường\n\n"
        "- Quy mô dân số từ 21.000 người trở lên.\n\n- Diện tích tự nhiên từ 5,5 km2 trở lên.\n",
        [],
    ),
    # NEGATIVE heldout h31 (an emulation drive): what the units compete on ("1. Tiêu chí thi đua") is no award
    # criterion, even under "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"; the forms of reward are bare forms
    (
        PREAMBLE + "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG\n\n1. Tiêu chí thi đua\n\na) Đối với tỉnh Nghệ An\n\n"
        "- Hoàn thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội năm 2025.\n\n"
        "- Đẩy mạnh cải cách hành chính, nâng cao hiệu quả quản trị.\n\n2. Hình thức khen thưởng\n\n"
        "- Bằng khen của Chủ tịch UBND tỉnh;\n\n- Giấy khen.\n",
        [],
    ),
    # heldout h98 (an HĐND resolution on an honorary title): an honour's "Điều kiện xét tặng" are its standards, one
    # per numbered item; the lead-in before them says whom they are for
    (
        "NGHỊ QUYẾT\n\nVề xét tặng danh hiệu “Công dân danh dự Thủ đô”\n\nQUYẾT NGHỊ:\n\n"
        "Điều 1. Thẩm quyền xét tặng\n\nChủ tịch Ủy ban nhân dân thành phố quyết định tặng danh hiệu.\n\n"
        "Điều 2. Điều kiện xét tặng\n\n"
        "Danh hiệu Công dân danh dự Thủ đô tặng cho cá nhân là người nước ngoài đủ các điều kiện sau:\n\n"
        "1. Tuân thủ Hiến pháp, luật pháp, các quy định của nước Cộng hòa xã hội chủ nghĩa Việt Nam.\n\n"
        "2. Có đóng góp đặc biệt trong xây dựng, phát triển, quản lý và bảo vệ Thủ đô.\n\n"
        "Điều 3. Hồ sơ đề nghị xét tặng\n\n1. Tờ trình đề nghị xét tặng.\n",
        [
            (AWARD, CA_NHAN, "Tuân thủ Hiến pháp, luật pháp, các quy định của nước Cộng hòa xã hội chủ nghĩa Việt Nam."),
            (AWARD, CA_NHAN, "Có đóng góp đặc biệt trong xây dựng, phát triển, quản lý và bảo vệ Thủ đô."),
        ],
    ),
    # review: a later intro that names no subject of its own starts again from the section's (none here), and an honour
    # "xét tặng cho cá nhân" is still an honour
    (
        "NGHỊ QUYẾT\n\nVề khen thưởng\n\nQUYẾT NGHỊ:\n\nĐiều 1. Điều kiện xét tặng\n\n"
        "- Giấy khen tặng cho tập thể đạt các tiêu chuẩn sau:\n\n+ Hoàn thành xuất sắc nhiệm vụ được giao trong năm.\n\n"
        "- Giấy khen tặng cho hộ gia đình, cá nhân và tập thể thôn đạt các tiêu chuẩn sau:\n\n"
        "+ Gương mẫu chấp hành chủ trương của Đảng.\n\n"
        "Điều 2. Điều kiện xét tặng cho cá nhân\n\n1. Có thành tích xuất sắc, đột xuất trong lao động, sản xuất, công tác, được cơ quan, đơn vị ghi nhận và biểu dương.\n",
        [
            (AWARD, TAP_THE, "Hoàn thành xuất sắc nhiệm vụ được giao trong năm."),
            (AWARD, None, "Gương mẫu chấp hành chủ trương của Đảng."),
            (
                AWARD,
                CA_NHAN,
                "Có thành tích xuất sắc, đột xuất trong lao động, sản xuất, công tác, được cơ quan, đơn vị ghi nhận và biểu dương.",
            ),
        ],
    ),
    # NEGATIVE trove (land-law pages): the conditions of a gift of land ("tặng cho" in civil law) reward no one
    (
        "QUYẾT ĐỊNH\n\nQuy định về đất đai\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Điều kiện tặng cho quyền sử dụng đất\n\n"
        "1. Có Giấy chứng nhận quyền sử dụng đất.\n\n2. Đất không có tranh chấp.\n",
        [],
    ),
    # NEGATIVE corpus 004: "Tiêu chí đánh giá, xếp loại" is an evaluation method, not award criteria
    (
        PREAMBLE
        + "III. PHƯƠNG ÁN TRIỂN KHAI\n\n3. Tiêu chí đánh giá, xếp loại\n\n- Kiểm tra, giám sát đánh giá trong quá trình triển khai các hoạt động thi đua;\n",
        [],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), DOC_ROWS)
def test_document_criteria(snippet, expected):
    x = extract_canonical(doc_from_text(snippet))
    assert [(c.kind, c.subject, c.text) for c in x.criteria] == expected
    for c in x.criteria:
        assert x.text[c.start : c.end] == c.text


@needs_shared
@pytest.mark.parametrize("stem", [p.name[:3] for p in SEED_TXT])
def test_seed_criteria_match_gold(stem, seed_extractions):
    """Every gold criterion is found (kind + similarity ≥ 0.8, as the scorer), with its subject."""
    gold = json.loads(next(GOLD.glob(f"{stem}_*.json")).read_text(encoding="utf-8"))
    got = seed_extractions[stem].criteria
    for g in gold["criteria"]:
        hits = [
            c
            for c in got
            if c.kind.value == g["kind"] and SequenceMatcher(None, g["text"].lower(), c.text.lower()).ratio() >= 0.8
        ]
        assert hits, g["text"]
        if g.get("subject"):
            assert any(c.subject and c.subject.value == g["subject"] for c in hits), g


@needs_shared
@pytest.mark.parametrize("path", sorted(CORPUS_DOCS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_invariants(path):
    """Spans in bounds and exact; no criterion is an intro line ending in ':'; nothing raises."""
    x = extract_canonical(read_canonical(path))
    for c in x.criteria:
        assert c.start is not None and c.end is not None
        assert 0 <= c.start < c.end <= len(x.text)
        assert x.text[c.start : c.end] == c.text
        assert not c.text.endswith(":")


def test_seed_invariants(seed_extractions):
    for x in seed_extractions.values():
        for c in x.criteria:
            assert x.text[c.start : c.end] == c.text
