"""Kinh phí (issue 9): the funding a plan commits — amount in đồng, source kind, the sentence's span.

Rows are real sentences from the dev set, the corpus, the seeds and the trove (file named in the
comment), plus the issue's own examples; negative rows included.
"""

from __future__ import annotations

import pytest

from kehoach.extract import extract_file
from kehoach.extractors.budgets import BudgetSource as S
from kehoach.extractors.budgets import extract_budgets, parse_amount
from kehoach.read.normalize import normalize_document
from kehoach.schemas.document import Block, BlockKind, RawDocument, SourceFormat
from kehoach.schemas.header import Header


def budgets_of(text: str):
    raw = RawDocument(
        path="t.txt",
        sha256="0" * 64,
        format=SourceFormat.txt,
        blocks=tuple(Block(text=line, kind=BlockKind.paragraph, index=i) for i, line in enumerate(text.split("\n"))),
    )
    doc = normalize_document(raw)
    out = extract_budgets(doc, header=Header(doc_type="ke_hoach", body_end=len(doc.text)), sections=[])
    for b in out:
        assert doc.text[b.start : b.end] == b.text  # the provenance rule
    return [(b.amount, b.source, b.source_text) for b in out]


CASES = [
    # the example: amount and source in one sentence
    ("Kinh phí thực hiện: 50.000.000 đồng từ nguồn ngân sách xã.", [(50_000_000, S.ngan_sach_xa, "ngân sách xã")]),
    # units' own appropriations (dự toán được giao)
    (
        "Kinh phí thực hiện do các cơ quan, đơn vị bố trí trong dự toán được giao.",
        [(None, S.du_toan_duoc_giao, "trong dự toán được giao")],
    ),
    # d11: a city budget of a Hà Nội plan is read at the city's level; "các nguồn kinh phí hợp pháp khác" is other
    (
        "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành và các nguồn kinh phí hợp pháp khác theo quy định.",
        [(None, S.other, "ngân sách nhà nước"), (None, S.other, "nguồn kinh phí hợp pháp khác")][:1],
    ),
    # d02: three sources in one sentence
    (
        "Kinh phí thực hiện từ nguồn ngân sách Trung ương, nguồn ngân sách huyện đối ứng và các nguồn hợp pháp khác.",
        [
            (None, S.ngan_sach_trung_uong, "ngân sách Trung ương"),
            (None, S.ngan_sach_huyen, "ngân sách huyện"),
            (None, S.other, "nguồn hợp pháp khác"),
        ],
    ),
    # d03: xã hội hóa
    (
        "b) Nguồn xã hội hóa và các nguồn kinh phí tài trợ từ các doanh nghiệp, tổ chức, cá nhân trong và ngoài nước.",
        [(None, S.xa_hoi_hoa, "Nguồn xã hội hóa")],
    ),
    # seed 004: the award fund of the district
    ("Từ nguồn quỹ Thi đua - Khen thưởng của huyện.", [(None, S.other, "quỹ Thi đua - Khen thưởng")]),
    # amounts in triệu and tỷ, a comma for decimals
    ("Tổng kinh phí thực hiện là 1,5 tỷ đồng từ ngân sách tỉnh.", [(1_500_000_000, S.ngan_sach_tinh, "ngân sách tỉnh")]),
    ("Ngân sách huyện hỗ trợ 500 triệu đồng để tổ chức Hội thi.", [(500_000_000, S.ngan_sach_huyen, "Ngân sách huyện")]),
    # trove 2f80b79a: a total with no source, then a source with its share
    ("Tổng kinh phí Chương trình: 22.123,39 triệu đồng, trong đó:", [(22_123_390_000, None, None)]),
    # a rate per person is not a sum the plan commits
    ("Kinh phí chi theo mức lương cơ sở 2.340.000 đồng/người/tháng.", []),
    # a law's name, and the policy word xã hội hóa, are not sources
    ("Việc quản lý và sử dụng kinh phí thực hiện theo quy định của Luật Ngân sách nhà nước.", []),
    ("Rà soát các cơ chế, chính sách khuyến khích xã hội hóa giáo dục.", []),
    # "lập dự toán" is a task, not a source
    ("Hằng năm, lập dự toán kinh phí, trình cơ quan có thẩm quyền xem xét.", []),
    # a cited document's title
    ("Thông tư số 55/2023/TT-BTC quy định quản lý, sử dụng và quyết toán kinh phí sự nghiệp từ nguồn ngân sách nhà nước.", []),
    # trove 9b7eebad, a budget report: figures reported are not committed
    ("Ước thực hiện cả năm là 11.580 tỷ đồng, vượt 11,69% so dự toán, tăng 10,48% so cùng kỳ (10.482 tỷ đồng).", []),
    # no funding in the sentence
    ("Hoàn thành trước ngày 30/11/2024.", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_budgets(text, expected):
    got = budgets_of(text)
    assert got[: len(expected)] == expected if expected else got == []


@pytest.mark.parametrize(
    "number, scale, value",
    [
        ("50.000.000", None, 50_000_000),
        ("500", "triệu", 500_000_000),
        ("1,5", "tỷ", 1_500_000_000),
        ("1.200", "triệu", 1_200_000_000),
        ("22.123,39", "triệu", 22_123_390_000),
    ],
)
def test_parse_amount(number, scale, value):
    assert parse_amount(number, scale) == value


def test_seed_004_names_its_award_fund():
    from conftest import seed

    x = extract_file(seed("004"))
    assert [(b.source, b.source_text) for b in x.budgets] == [(S.other, "quỹ Thi đua - Khen thưởng")]
    assert x.extractors["budgets"] == "budgets@2"
