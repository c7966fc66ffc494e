"""The one home of each kind of text knowledge (kehoach/text): unit levels, document types and
their abbreviations, document numbers, bullets. Every extractor imports these; here each is
checked once, on real strings from the seeds, the corpus and Nghị định 30/2020."""

from __future__ import annotations

import re

import pytest
from conftest import SHARED, needs_shared

from kehoach.extractors.citations import resolve_issuer
from kehoach.extractors.sections import extract_sections
from kehoach.read.normalize import normalize_document
from kehoach.schemas.contract import DocType, Issuer, Level, Parent
from kehoach.schemas.document import Block, BlockKind, CanonicalDocument, RawDocument, SourceFormat
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLET_CHARS, BULLETS_RE, bullet_level
from kehoach.text.doc_types import (
    TYPE_LINE_RE,
    TYPE_NAMES,
    type_label,
    type_of_abbreviation,
    type_of_name,
    type_of_symbol,
    type_of_type_line,
)
from kehoach.text.numbers import NUMBER_LINE_RE, ends_with_doc_number, find_doc_numbers, has_doc_number, number_key
from kehoach.text.units import find_units, level_of

# ---------------------------------------------------------------- unit levels: "thành phố"


@pytest.mark.parametrize(
    ("word", "place", "year", "level"),
    [
        ("thành phố", "Hà Nội", None, Level.tinh),  # a centrally-run city
        ("Thành phố", "Hồ Chí Minh", 2025, Level.tinh),  # capitalized unit word (ND30 Phụ lục II: "Thành phố Hồ Chí Minh")
        ("thành phố", "ho chi minh", None, Level.tinh),  # unaccented input
        ("thành phố", "Cần Thơ", 2024, Level.tinh),
        ("thành phố", "Phan Thiết", 2024, Level.huyen),  # thành phố thuộc tỉnh (Bình Thuận)
        ("thành phố", "Thủ Dầu Một", None, Level.huyen),
        ("thành phố", None, None, Level.huyen),  # no name: most cities are thành phố thuộc tỉnh
        ("thành phố", "Huế", 2024, Level.huyen),  # before 2025: a city of tỉnh Thừa Thiên Huế
        ("thành phố", "Huế", 2025, Level.tinh),  # centrally-run since 1 January 2025
        ("thị xã", "Phú Mỹ", None, Level.huyen),
        ("đặc khu", "Phú Quốc", 2025, Level.xa),
        ("tỉnh", "Bình Thuận", None, Level.tinh),
    ],
)
def test_level_of_decides_thanh_pho(word, place, year, level):
    assert level_of(word, place, year) is level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", [(Level.tinh, "Hà Nội")]),  # a header's agency line
        ("Ủy ban nhân dân thành phố Phan Thiết", [(Level.huyen, "Phan Thiết")]),
        ("UBND Thành phố Thủ Đức và UBND huyện Hớn Quản", [(Level.huyen, "Thủ Đức"), (Level.huyen, "Hớn Quản")]),
    ],
)
def test_find_units_uses_the_one_level_rule(text, expected):
    assert [(u.level, u.place) for u in find_units(text)] == expected


def _header(level: Level, place: str, parent: Parent | None = None) -> Header:
    return Header(doc_type=DocType.ke_hoach, year=2025, body_end=10**6, issuer=Issuer(level=level, place=place), parent=parent)


@pytest.mark.parametrize(
    ("issuer", "header", "expected"),
    [
        # a plan of Hồ Chí Minh citing "của Ủy ban nhân dân Thành phố": the centrally-run city itself
        ("Ủy ban nhân dân Thành phố", _header(Level.tinh, "Hồ Chí Minh"), (Level.tinh, "Hồ Chí Minh")),
        # a department of tỉnh Bình Thuận citing "UBND thành phố": a city of the province, not the province
        ("UBND thành phố", _header(Level.tinh, "Bình Thuận"), (Level.huyen, None)),
        # a xã of thành phố Phan Thiết: its parent is the city
        (
            "UBND thành phố",
            _header(Level.xa, "Tiến Lợi", Parent(level=Level.huyen, place="Phan Thiết")),
            (Level.huyen, "Phan Thiết"),
        ),
        ("UBND huyện", _header(Level.xa, "Minh Tâm", Parent(level=Level.huyen, place="Hớn Quản")), (Level.huyen, "Hớn Quản")),
    ],
)
def test_bare_unit_word_in_a_citation_is_resolved_by_the_same_rule(issuer, header, expected):
    _, level, place = resolve_issuer(issuer, header)
    assert (level, place) == expected


# ---------------------------------------------------------------- document types


@needs_shared
def test_every_nd30_abbreviation_is_known():
    """Nghị định 30/2020, Phụ lục III, Mục I: each administrative type's abbreviation maps to its name's type."""
    text = (SHARED / "reference" / "nd30.txt").read_text(encoding="utf-8")
    table = text[text.index("I. BẢNG CHỮ VIẾT TẮT TÊN LOẠI") : text.index("II. MẪU TRÌNH BÀY VĂN BẢN HÀNH CHÍNH")]
    rows = re.findall(r"^ \| ([^|(]+?)(?: \(cá biệt\))? \| (\S+)$", table, re.M)
    assert len(rows) >= 27
    copies = {"SY", "TrS", "SL"}  # bản sao: not document types
    for name, abbr in rows:
        if abbr in copies:
            continue
        assert type_of_abbreviation(abbr) is not None, abbr
        assert type_of_abbreviation(abbr) == type_of_name(name.replace("uỷ", "ủy")), (name, abbr)


@pytest.mark.parametrize(
    ("symbol", "doc_type"),
    [
        ("KH-UBND", DocType.ke_hoach),  # "205/KH-UBND"
        ("QĐ-UBND", DocType.quyet_dinh),
        ("QD-UBND", DocType.quyet_dinh),  # typed without Đ
        ("TTr-SNV", DocType.to_trinh),  # ND30 writes TTr
        ("2020/NĐ-CP", DocType.other),  # the year is skipped: a nghị định
        ("UBND-NV", DocType.cong_van),  # no type abbreviation: a công văn (ND30 gives công văn none)
        ("CV-UBND", DocType.cong_van),
        ("HĐ-UBND", DocType.other),  # hợp đồng, not hướng dẫn (HD)
        ("HD-UBND", DocType.huong_dan),
        ("CTr-UBND", DocType.chuong_trinh),
    ],
)
def test_type_of_symbol(symbol, doc_type):
    assert type_of_symbol(symbol) == doc_type


def test_type_line_and_label():
    assert TYPE_LINE_RE.match("KẾ HOẠCH").group(1) == "KẾ HOẠCH"
    assert TYPE_LINE_RE.match("THÔNG TƯ LIÊN TỊCH").group(1) == "THÔNG TƯ LIÊN TỊCH"  # longest name first
    assert TYPE_LINE_RE.match("VĂN BẢN HỢP NHẤT") is None  # "văn bản" names a công văn only when cited
    assert type_of_type_line("QUYẾT ĐỊNH") == DocType.quyet_dinh and type_of_type_line("VĂN BẢN") is None
    assert type_of_name("văn bản") == DocType.cong_van
    assert [type_label(t) for t in ("ke_hoach", DocType.to_trinh, "other")] == ["Kế hoạch", "Tờ trình", "Văn bản"]
    assert all(type_label(t) for t in DocType)
    assert len({t.name.lower() for t in TYPE_NAMES}) == len(TYPE_NAMES)


# ---------------------------------------------------------------- document numbers


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Thực hiện Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện", ["77/QĐ-UBND"]),
        ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", ["30/2020/NĐ-CP"]),
        ("Chỉ thị số 41-CT/TW và Nghị quyết số 13-NQ/TU", ["41-CT/TW", "13-NQ/TU"]),  # Party numbers
        ("Công văn số 503/UBND-NV của UBND huyện", ["503/UBND-NV"]),  # no type abbreviation
        ("Nghị quyết số 197/2025/QH15 của Quốc hội", ["197/2025/QH15"]),
        ("Quyết định số 77/QĐ- UBND", ["77/QĐ- UBND"]),  # wrapped at the hyphen
        ("Thông báo số 16/CGC.BT.", ["16/CGC.BT"]),  # a dot joins groups, never ends the number
        ("triển khai Nghị quyết số 66.4/2025/NQ-CP ngày 21 tháng 9 năm 2025 của Chính phủ", ["66.4/2025/NQ-CP"]),  # sub-numbered
        ("Chỉ thị 41-CT của Ban Bí thư", []),  # no "/": not a number
        ("từ 1/3 đến 1/2 tổng số", []),  # fractions
        ("ngày 12/01/2024", []),  # a date
        # heldout h137, trove: a word of the sentence glued to the number by a scrape ends it
        ("tại Quyết định số 35/2025/QĐ-TTgcủa Thủ tướng", ["35/2025/QĐ-TTg"]),
        ("Nghị định 175/2024/NĐ-CPngày 30/12/2024 và 10/2024/TT-BTNMTvà", ["175/2024/NĐ-CP", "10/2024/TT-BTNMT"]),
    ],
)
def test_find_doc_numbers(text, numbers):
    assert [m.group(0) for m in find_doc_numbers(text)] == numbers
    assert has_doc_number(text) == bool(numbers)


def test_number_before_and_key():
    assert ends_with_doc_number("Quyết định số 77/QĐ-UBND, ")
    assert not ends_with_doc_number("Quyết định số 77/QĐ-UBND của UBND ")
    assert number_key("77/QĐ- UBND") == number_key("77/QD-UBND") == "77/QD-UBND"
    assert number_key("12/KH–UBND") == "12/KH-UBND"


@pytest.mark.parametrize(
    ("line", "num", "sym"),
    [
        ("Số: 205/KH-UBND", "205", "KH-UBND"),
        ("Số: /KH - UBND", None, "KH - UBND"),  # blank number (a draft)
        ("Số: 30/2020/NĐ-CP", "30", "2020/NĐ-CP"),
        ("Số và ký hiệu: 12/TB-UBND", "12", "TB-UBND"),
    ],
)
def test_number_line(line, num, sym):
    m = NUMBER_LINE_RE.search(line)
    assert (m.group("num"), m.group("sym")) == (num, sym)


# ---------------------------------------------------------------- bullets


def _docx_like(*paragraphs: str) -> CanonicalDocument:
    """A document read from Word paragraphs (no markdown: a leading "*" stays a bullet)."""
    blocks = tuple(Block(text=t, kind=BlockKind.paragraph, index=i) for i, t in enumerate(paragraphs))
    return normalize_document(RawDocument(path="x.docx", sha256="0" * 64, format=SourceFormat.docx, blocks=blocks))


@pytest.mark.parametrize("mark", list(BULLET_CHARS))
def test_every_bullet_makes_a_section_item(mark):
    """Each bullet of the one set is an item of its section (coverage and criteria read the same set)."""
    doc = _docx_like("I. NỘI DUNG", f"{mark} Tổ chức tuyên truyền cải cách hành chính đến cán bộ, công chức.")
    header = Header(doc_type=DocType.ke_hoach, body_end=len(doc.text))
    (section,) = extract_sections(doc, header)
    assert [it.text for it in section.items] == ["Tổ chức tuyên truyền cải cách hành chính đến cán bộ, công chức."]


def test_bullets_nest():
    assert BULLETS_RE.match("- + Đối với tập thể").group(0) == "- + "
    assert bullet_level("-+") == 2 and bullet_level("▪") == 1
    assert BULLETS_RE.match("Tổ chức") is None


@pytest.mark.parametrize(
    ("word", "level"),
    [("Thành phố", "tinh"), ("thành phố", "huyen"), ("tỉnh", "tinh"), ("huyện", "huyen"), ("phường", "xa")],
)
def test_own_level_of_a_body_named_without_a_name(word, level):
    # "UBND Thành phố yêu cầu …" (a centrally-run city's own letter) against "thành phố" of a province
    from kehoach.text.units import own_level

    assert own_level(word).value == level


def test_the_bundled_province_names_are_the_packages():
    # kehoach/data/province_names.csv (read by normalization without loading numpy) holds exactly the short province
    # names of vietnamadminunits' two maps: a new release of the package that renames a province fails here
    from vietnamadminunits.database import query

    from kehoach.text.place_names import province_names

    for table, map_ in (("admin_units", "2025"), ("admin_units_legacy", "legacy")):
        package = {r["provinceShort"] for r in query(f"SELECT DISTINCT provinceShort FROM [{table}]")}
        assert {name for m, name in province_names() if m == map_} == package
    assert len([n for m, n in province_names() if m == "2025"]) == 34
