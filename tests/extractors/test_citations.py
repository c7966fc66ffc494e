"""Citations: tables of real sentences (seeds and corpus) with inline spans, documents, invariants."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, SEED_TXT
from helpers_doc import doc_from_text

from kehoach.extract import read_canonical
from kehoach.extractors.citations import extract_citations
from kehoach.extractors.header import extract_header
from kehoach.schemas.contract import DocType, Issuer, Level, Parent
from kehoach.schemas.header import Header
from kehoach.text.numbers import number_key

MARK_RE = re.compile(r"<(\d+)>(.*?)</\1>", re.S)
QD, KH, CV, BC, CT, NQ, OTHER = (
    DocType.quyet_dinh,
    DocType.ke_hoach,
    DocType.cong_van,
    DocType.bao_cao,
    DocType.chi_thi,
    DocType.nghi_quyet,
    DocType.other,
)
# The headers the seed sentences come from.
MINH_TAM = Header(
    doc_type=DocType.ke_hoach,
    year=2024,
    body_end=10**6,
    issuer=Issuer(level=Level.xa, place="Minh Tâm"),
    parent=Parent(level=Level.huyen, place="Hớn Quản"),
)
DAI_LANH = Header(
    doc_type=DocType.cong_van,
    year=2024,
    body_end=10**6,
    issuer=Issuer(level=Level.xa, place="Đại Lãnh"),
    parent=Parent(level=Level.huyen, place="Vạn Ninh"),
)
HO_CHI_MINH = Header(doc_type=DocType.cong_van, year=2025, body_end=10**6, issuer=Issuer(level=Level.tinh, place="Hồ Chí Minh"))


def unmark(s: str) -> tuple[str, list[str]]:
    return MARK_RE.sub(lambda m: m.group(2), s), [m.group(2) for m in MARK_RE.finditer(s)]


def squash(s: str) -> str:
    return " ".join(s.split())


def run(sentence: str, header: Header = MINH_TAM):
    plain, spans = unmark(sentence)
    doc = doc_from_text(plain)
    found = extract_citations(doc, header)
    for c in found:
        assert doc.text[c.start : c.end] == c.text
    return found, spans


# (sentence with expected spans, header, expected (number, doc_type, date, issuer_level, issuer_place) per span)
ROWS = [
    # seed 000: "của UBND huyện" resolved from the document's parent
    (
        "Thực hiện <0>Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện</0> về việc ban hành kế hoạch cải cách hành chính nhà nước năm 2024 trên địa bàn huyện Hớn Quản;",
        MINH_TAM,
        [("77/QĐ-UBND", QD, "2024-01-12", Level.huyen, "Hớn Quản")],
    ),
    # seed 001: a named issuer
    (
        "Thực hiện <0>Kế hoạch số 205/KH-UBND ngày 05/3/2024 của UBND huyện Vĩnh Cửu</0> về việc phát động đề xuất, nhân rộng sáng kiến, giải pháp, mô hình cải cách hành chính;",
        MINH_TAM,
        [("205/KH-UBND", KH, "2024-03-05", Level.huyen, "Vĩnh Cửu")],
    ),
    # seed 003: a province department
    (
        "Căn cứ <0>Báo cáo số 4569/BC-SNV ngày 22/12/2023 của Sở Nội vụ tỉnh Khánh Hòa</0> về kết quả triển khai cuộc thi “Mô hình, sáng kiến cải cách hành chính của công chức, viên chức trẻ” lần thứ 6 - năm 2023;",
        DAI_LANH,
        [("4569/BC-SNV", BC, "2023-12-22", Level.tinh, "Khánh Hòa")],
    ),
    # seed 003: a công văn number has no type abbreviation
    (
        "Thực hiện <0>Công văn số 503/UBND-NV ngày 07/02/2024 của Ủy ban nhân dân huyện Vạn Ninh</0> về việc tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính trong năm 2024.",
        DAI_LANH,
        [("503/UBND-NV", CV, "2024-02-07", Level.huyen, "Vạn Ninh")],
    ),
    # corpus 001: Party documents, central issuers, a number with no date
    (
        "b) Tiếp tục quán triệt sâu sắc tư tưởng về thi đua yêu nước của Chủ tịch Hồ Chí Minh; <0>Chỉ thị số 41-CT/TW ngày 26/12/2024 của Bộ Chính trị</0> về tăng cường sự lãnh đạo của Đảng; <1>Kết luận số 01-KL/TW ngày 15/8/2021 của Bộ Chính trị khóa XIII</1> về tiếp tục thực hiện <2>Chỉ thị số 05-CT/TW</2> về đẩy mạnh học tập.",
        MINH_TAM,
        [
            ("41-CT/TW", CT, "2024-12-26", Level.trung_uong, None),
            ("01-KL/TW", OTHER, "2021-08-15", Level.trung_uong, None),
            ("05-CT/TW", CT, None, Level.trung_uong, None),
        ],
    ),
    # corpus 014: Party resolution of a province ("Của" capitalized)
    (
        "Triển khai thực hiện <0>Nghị quyết số 13-NQ/TU ngày 06/9/2023 Của Ban Thường vụ Tỉnh ủy khóa XX</0> về Chuyển đổi số tỉnh Quảng Ngãi",
        MINH_TAM,
        [("13-NQ/TU", NQ, "2023-09-06", Level.tinh, None)],
    ),
    # corpus 021: a decree number with a year; doc_type other
    (
        "Thực hiện quy định của Chính phủ tại <0>Nghị định số 63/2010/NĐ-CP ngày 08/6/2010</0> về kiểm soát thủ tục hành chính;",
        MINH_TAM,
        [("63/2010/NĐ-CP", OTHER, "2010-06-08", Level.trung_uong, None)],
    ),
    # corpus 011: a spelled date
    (
        "Căn cứ <0>Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ</0> sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính;",
        MINH_TAM,
        [("92/2017/NĐ-CP", OTHER, "2017-08-07", Level.trung_uong, None)],
    ),
    # corpus 001: a number on the line after "Quyết định số"
    (
        "Thực hiện <0>Quyết định số\n2437/QĐ-TTg ngày 04/11/2025 của Thủ tướng Chính phủ</0> ban hành Kế hoạch triển khai Đợt thi đua lập thành tích chào mừng Đại hội lần thứ XIV của Đảng.",
        MINH_TAM,
        [("2437/QĐ-TTg", QD, "2025-11-04", Level.trung_uong, None)],
    ),
    # seed 004: a number wrapped after its hyphen
    (
        "- Triển khai thực hiện có hiệu quả các nhiệm vụ cải cách hành chính được UBND huyện giao tại <0>Quyết định số 77/QĐ-\nUBND ngày 12/01/2024</0> ban hành Kế hoạch cải cách hành chính nhà nước năm 2024 trên địa bàn huyện.",
        MINH_TAM,
        [("77/QĐ-UBND", QD, "2024-01-12", None, None)],
    ),
    # corpus 002: the typo "so" for "số"
    (
        "- Tổ chức quán triệt, triển khai thực hiện <0>Chỉ thị so 41-CT/TW ngày 26/12/2024 của Bộ Chính trị</0>, về tăng cường sự lãnh đạo của Đảng.",
        MINH_TAM,
        [("41-CT/TW", CT, "2024-12-26", Level.trung_uong, None)],
    ),
    # corpus 007: a Party "Quy định" shares QĐ with Quyết định
    (
        "thực hiện <0>Quy định số 178-QĐ/TW ngày 27/6/2024 của Bộ Chính trị</0> về kiểm soát quyền lực;",
        MINH_TAM,
        [("178-QĐ/TW", OTHER, "2024-06-27", Level.trung_uong, None)],
    ),
    # corpus 010: a law's name between the type word and the number
    (
        "Căn cứ <0>Luật Tổ chức chính quyền địa phương số 72/2025/QH ngày 16 tháng 6 năm 2025 của Quốc hội</0>;",
        MINH_TAM,
        [("72/2025/QH", OTHER, "2025-06-16", Level.trung_uong, None)],
    ),
    # corpus 008: date and issuer before the number
    (
        "<0>Ngày 28 tháng 10 năm 2025, Chủ tịch Ủy ban nhân dân Thành phố đã ban hành Công văn số 3280/UBND-VX</0> về việc triển khai cập nhật cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức.",
        HO_CHI_MINH,
        [("3280/UBND-VX", CV, "2025-10-28", Level.tinh, "Hồ Chí Minh")],
    ),
    # heldout h19: "thông qua" a law, its title between the type word and the number
    (
        "<0>Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương số 72/2025/QH15</0> với những quy định mới.",
        HO_CHI_MINH,
        [("72/2025/QH15", OTHER, "2025-06-16", Level.trung_uong, None)],
    ),
    # corpus 008: the issuer before the type word
    (
        "Theo đề nghị của Giám đốc Sở Nội vụ tại <0>Tờ trình số 9807/TTr-SNV ngày 25 tháng 11 năm 2025</0>;",
        HO_CHI_MINH,
        [("9807/TTr-SNV", DocType.to_trinh, "2025-11-25", Level.tinh, "Hồ Chí Minh")],
    ),
    # corpus 019: "số:" and a comma before the date
    (
        "Căn cứ <0>Nghị quyết số: 41/NQ-ĐU, ngày 25/12/2018</0> Nghị quyết của Ban chấp hành Đảng ủy về nhiệm vụ kinh tế - xã hội",
        MINH_TAM,
        [("41/NQ-ĐU", NQ, "2018-12-25", None, None)],
    ),
    # corpus 021: a list number glued to the type word
    (
        "- 2<0>Thông tư 167/2012/TT-BTC</0> quy định việc lập dự toán, quản lý và sử dụng kinh phí thực hiện hoạt động kiểm soát thủ tục hành chính",
        MINH_TAM,
        [("167/2012/TT-BTC", OTHER, None, Level.trung_uong, None)],  # "-BTC": Bộ Tài chính, a central issuer
    ),
    # files/snv-binhthuan-3367-TTr.pdf: a dot between the groups of a symbol
    (
        "(1) Hội Cựu giáo chức tỉnh có <0>Văn bản số 16/CGC.BT ngày 19/8/2024</0> báo cáo về tổ chức đại hội nhiệm kỳ",
        MINH_TAM,
        [("16/CGC.BT", CV, "2024-08-19", None, None)],
    ),
    # files/snv-binhthuan-519-cv.pdf: a footnote mark glued to the number; "QH15" keeps its digits
    (
        "Sau khi rà soát hồ sơ và căn cứ <0>Nghị định số 126/2024/NĐ-CP</0>1 , Sở Nội vụ báo cáo theo <1>Nghị quyết số 197/2025/QH15 của Quốc hội</1>.",
        MINH_TAM,
        [("126/2024/NĐ-CP", OTHER, None, Level.trung_uong, None), ("197/2025/QH15", NQ, None, Level.trung_uong, None)],
    ),
    # heldout h40 (files/snv-binhthuan-2114-TTr.pdf): "K5" (an association's fifth term) is a group of its own, not a footnote
    (
        "Sở Nội vụ nhận được <0>Văn bản số 01/BC-HHDN-K5 ngày 28/6/2025 của Hiệp hội Doanh nghiệp tỉnh</0> về việc báo cáo kết quả Đại hội.",
        MINH_TAM,
        [("01/BC-HHDN-K5", DocType.bao_cao, "2025-06-28", Level.tinh, None)],
    ),
    # heldout h135, h127: a letter's ký hiệu names a numbered division ("QLDN1", "KTr2"); only a number with its year
    # carries a footnote mark, so the date after it is read
    (
        "Cục Thuế nhận được <0>công văn số 5581/BNl-QLDN1 ngày 14/10/2025 của Thuế tỉnh Bắc Ninh</0> về chính sách thuế.",
        MINH_TAM,
        [("5581/BNl-QLDN1", CV, "2025-10-14", Level.tinh, "Bắc Ninh")],
    ),
    # heldout h63: a Quốc hội committee's term ("UBDNGS15") is part of its ký hiệu, not a footnote mark
    (
        "Bộ nhận được <0>Văn bản số 1691/UBDNGS15 ngày 28/10/2025 của Ủy ban Dân nguyện</0> và Giám sát.",
        MINH_TAM,
        [("1691/UBDNGS15", CV, "2025-10-28", None, None)],
    ),
    # NEGATIVE corpus 021: the "Số:" line of a header is the document's own number
    ("Số: 23/KH-UBND Quảng Ngãi, ngày 31 tháng 01 năm 2024", MINH_TAM, []),
    # dev d08 (a ministry's công văn): a space after the hyphen of a Party document's number
    (
        "Thực hiện ý kiến của Ban Tổ chức Trung ương tại <0>Văn bản số 9151- CV/BTCTW ngày 29/7/2025</0> về triển khai các kết luận;",
        HO_CHI_MINH,
        [("9151-CV/BTCTW", DocType.cong_van, "2025-07-29", Level.trung_uong, None)],
    ),
    # dev d11: a space before the hyphen
    (
        "Kế hoạch thực hiện <0>Nghị quyết số 71/NQ -CP ngày 01/4/2025 của Chính phủ</0> và Kế hoạch hành động;",
        HO_CHI_MINH,
        [("71/NQ-CP", DocType.nghi_quyet, "2025-04-01", Level.trung_uong, None)],
    ),
    # heldout h116, h118: a space before the slash, and a hyphen spaced on both sides before a group in capitals
    (
        "Theo đề nghị của Giám đốc Sở Dân tộc và Tôn giáo tại <0>Tờ trình số 33 /TTr- SDTTG ngày 11/11/2025</0>; Cục Thống kê "
        "đã có <1>công văn số 2273/CTK - CSCL ngày 15/10/2025</1> phúc đáp.",
        HO_CHI_MINH,
        [
            ("33/TTr-SDTTG", DocType.to_trinh, "2025-11-11", Level.tinh, "Hồ Chí Minh"),
            ("2273/CTK-CSCL", DocType.cong_van, "2025-10-15", None, None),
        ],
    ),
    # dev d07, d10: departments joined by "&" in the ký hiệu (also with a space after it)
    (
        "theo đề xuất của Sở Xây dựng tại <0>Công văn số 15972/SXD-QLN& TTBĐS ngày 14 tháng 11 năm 2025</0> về rà soát; trên cơ sở <1>Kế hoạch số 515/KH-BCA-BNN&MT ngày 31 tháng 8 năm 2025 của Bộ Công an</1>",
        HO_CHI_MINH,
        [
            ("15972/SXD-QLN&TTBĐS", DocType.cong_van, "2025-11-14", Level.tinh, "Hồ Chí Minh"),  # "của Sở Xây dựng" before
            ("515/KH-BCA-BNN&MT", DocType.ke_hoach, "2025-08-31", Level.trung_uong, None),
        ],
    ),
    # dev d12: one date after a list of numbers is each one's
    (
        "Thực hiện Công điện: số <0>007/CĐ-UBND ngày 17/11/2025</0>, số <1>008/CĐ-UBND</1> và số <2>009/CĐ-UBND ngày 19/11/2025</2>;",
        HO_CHI_MINH,
        [
            ("007/CĐ-UBND", DocType.other, "2025-11-17", None, None),
            ("008/CĐ-UBND", DocType.other, "2025-11-19", None, None),
            ("009/CĐ-UBND", DocType.other, "2025-11-19", None, None),
        ],
    ),
    # NEGATIVE corpus 002: a dash with spaces on both sides ends the number
    ("<0>Văn bản số 12/UBND</0> - Văn phòng đã gửi các đơn vị.", HO_CHI_MINH, [("12/UBND", DocType.cong_van, None, None, None)]),
    # NEGATIVE seed 002: a standard is not a document number
    (
        "-Tổ chức triển khai áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 tại cơ quan, đơn vị, địa phương",
        MINH_TAM,
        [],
    ),
    # heldout h111: the date written before the document, with "tại" ("Ngày 22/10/2025, tại Thông báo số …")
    (
        "Ngày 22/10/2025, tại <0>Thông báo số 569/TB-VPCP của Văn phòng Chính phủ</0>, Phó Thủ tướng đã chỉ đạo các bộ rà soát.",
        HO_CHI_MINH,
        [("569/TB-VPCP", DocType.thong_bao, "2025-10-22", Level.trung_uong, None)],
    ),
    # review (trove 288051b3): a date from which a rule applies is not the date of the document after it
    (
        "Kể từ ngày 01/6/2025, theo <0>Công điện 72/CĐ-CT</0> năm 2025 của Cục Thuế, các chi cục thực hiện.",
        HO_CHI_MINH,
        [("72/CĐ-CT", DocType.other, None, None, None)],
    ),
    # NEGATIVE heldout h107, trove 72d08272: a form's code is not a cited document
    (
        "a) Đơn đề nghị xác định trước mã số theo mẫu số 01/XĐTMS/TXNK Phụ lục VI; b) Văn bản đề nghị theo mẫu số 01/BK-ĐCTT.",
        HO_CHI_MINH,
        [],
    ),
    # NEGATIVE seed 002: dates are not numbers
    ("Thời gian thực hiện kế hoạch phát động phong trào thi đua ngay từ đầu năm 2024 đến ngày 15/11/2024.", MINH_TAM, []),
    # NEGATIVE seed 001: a filing mark
    ("- Lưu: VT. Mai/2024/CCHC/KH", MINH_TAM, []),
    # NEGATIVE corpus 002: a document named without a number
    (
        "Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; Luật Thi đua, khen thưởng ngày 15/6/2022;",
        MINH_TAM,
        [],
    ),
]


@pytest.mark.parametrize(("sentence", "header", "expected"), ROWS)
def test_citation_sentences(sentence, header, expected):
    found, spans = run(sentence, header)
    assert [squash(c.text) for c in found] == [squash(s) for s in spans]
    assert [(c.number, c.doc_type, c.date, c.issuer_level, c.issuer_place) for c in found] == expected


def test_issuer_name_is_completed_from_context():
    # seed 000: "UBND huyện" becomes "UBND huyện Hớn Quản"
    found, _ = run("Thực hiện Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện về việc ban hành kế hoạch;")
    assert found[0].issuer == "UBND huyện Hớn Quản"


def test_own_number_is_not_a_citation():
    # NEGATIVE corpus 004: the appendix names the plan itself
    header = Header(doc_type=DocType.ke_hoach, number="157/KH-UBND", year=2025, body_end=10**6)
    doc = doc_from_text(
        "PHỤ LỤC THANG ĐIỂM THI ĐUA (Kèm theo Kế hoạch số 157/KH-UBND ngày 18 tháng 11 năm 2025 của Ủy ban nhân dân thành phố)"
    )
    assert extract_citations(doc, header) == []


def test_number_key_ignores_spaces_and_d():
    assert number_key("77/QĐ- UBND") == number_key("77/QD-UBND")


def test_repeated_citation_is_one_with_mentions():
    # seed 004 cites 77/QĐ-UBND four times: one citation, dated, counted
    doc = read_canonical(next(p for p in SEED_TXT if p.name.startswith("004")))
    found = extract_citations(doc, extract_header(doc))
    assert [(c.number, c.date, c.mentions, c.issuer) for c in found] == [("77/QĐ-UBND", "2024-01-12", 4, "UBND huyện Hớn Quản")]


def test_date_in_the_year_its_number_carries():
    """dev d04: "Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025" early on, "ngày 27/11/2024" in a
    footnote: the number says 2024, so the mention dated 2024 gives the date; a number without a
    year keeps its first dated mention."""
    text = (
        "Thực hiện Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025 phê duyệt chủ trương đầu tư.\n"
        "Căn cứ Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện.\n"
        "[1] Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội.\n"
        "Quyết định số 77/QĐ-UBND ngày 15/02/2025.\n"
    )
    doc = doc_from_text(text)
    found = {c.number: c.date for c in extract_citations(doc, extract_header(doc))}
    assert found == {"163/2024/QH15": "2024-11-27", "77/QĐ-UBND": "2024-01-12"}


GOLD_NUMBERS = {
    "000": {"77/QĐ-UBND"},
    "001": {"205/KH-UBND"},
    "002": set(),
    "003": {"4569/BC-SNV", "503/UBND-NV"},
    "004": {"77/QĐ-UBND"},
}


@pytest.mark.parametrize("path", SEED_TXT, ids=lambda p: p.name[:3])
def test_seed_numbers(path):
    doc = read_canonical(path)
    assert {c.number for c in extract_citations(doc, extract_header(doc))} == GOLD_NUMBERS[path.name[:3]]


CORPUS = sorted(CORPUS_DOCS.glob("*.txt")) if CORPUS_DOCS.is_dir() else []


@pytest.mark.parametrize("path", SEED_TXT + CORPUS, ids=lambda p: p.name)  # the corpus when ../shared is there
def test_invariants(path):
    doc = read_canonical(path)
    header = extract_header(doc)
    found = extract_citations(doc, header)
    keys = [number_key(c.number) for c in found]
    assert len(keys) == len(set(keys))  # one entry per cited document
    for c in found:
        assert 0 <= c.start < c.end <= len(doc.text)
        assert doc.text[c.start : c.end] == c.text
        assert c.mentions >= 1
        assert header.number is None or number_key(c.number) != number_key(header.number)
