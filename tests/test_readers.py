"""Per-reader tests on real fixtures: the seeds in TXT/MD, DOCX (header tables) and PDF."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, seed

from kehoach.extract import extract_file
from kehoach.read import read_document
from kehoach.schemas.document import BlockKind, SourceFormat
from kehoach.schemas.errors import ErrorCode, ReadError


def test_text_reader_marks_markdown_blocks():
    # seed 002 is a web scrape: `**bold**` header, `##` headings whose levels lie
    raw = read_document(seed("002"))
    assert raw.format is SourceFormat.txt
    kinds = {b.kind for b in raw.blocks}
    assert {BlockKind.blank, BlockKind.heading, BlockKind.line} <= kinds
    heading = next(b for b in raw.blocks if b.kind is BlockKind.heading)
    assert heading.text.startswith("## **KẾ HOẠCH") and heading.heading_level == 2 and heading.bold


def test_text_reader_table_cells_and_rules(tmp_path):
    # the header of corpus scrapes: `|` cells and `-------` rules
    p = tmp_path / "scrape.md"
    p.write_text("|\n**ỦY BAN NHÂN DÂN**\nTỈNH ĐẮK LẮK\n-------\n|\nSố: 0124/KH-UBND\n", encoding="utf-8")
    raw = read_document(p)
    assert raw.format is SourceFormat.md
    assert [b.kind for b in raw.blocks][:5] == [BlockKind.blank, BlockKind.line, BlockKind.line, BlockKind.rule, BlockKind.blank]


@pytest.mark.parametrize(
    "data",
    [
        "Kế hoạch số 205/KH-UBND".encode(),  # plain UTF-8
        b"\xef\xbb\xbf" + "Kế hoạch số 205/KH-UBND".encode(),  # UTF-8 with BOM (Notepad)
        "Kế hoạch số 205/KH-UBND".encode("utf-16"),  # UTF-16 with BOM (Word "Unicode text")
        "Kế hoạch số 205/KH-UBND\r\n".encode(),  # CRLF line ends
    ],
)
def test_text_reader_encodings(tmp_path, data):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    raw = read_document(p)
    assert raw.blocks[0].text == "Kế hoạch số 205/KH-UBND"


SEED_000 = extract_file(seed("000"))
WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
BOM = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("encoding", WIDE)
def test_utf16_and_utf32_with_and_without_bom(tmp_path, encoding, bom):
    """Issue 14: UTF-32 was read as garbage, UTF-16 without a BOM refused as binary. A real plan (seed 000,
    all of it: Vietnamese letters with every mark, CRLF) in each wide encoding extracts exactly like UTF-8."""
    text = seed("000").read_text(encoding="utf-8")
    p = tmp_path / f"ke-hoach-{encoding}.txt"
    p.write_bytes((BOM[encoding] if bom else b"") + text.replace("\n", "\r\n").encode(encoding))
    assert [b.text for b in read_document(p).blocks] == [b.text for b in read_document(seed("000")).blocks]
    x = extract_file(p)
    assert (x.number, x.title, x.text) == (SEED_000.number, SEED_000.title, SEED_000.text)


@pytest.mark.parametrize("encoding", WIDE)
def test_wide_text_cut_inside_its_last_letter(tmp_path, encoding):
    data = "Kế hoạch số 205/KH-UBND\nỦy ban nhân dân xã".encode(encoding)
    p = tmp_path / "dang-chep.txt"
    p.write_bytes(data[:-1])
    raw = read_document(p)
    assert raw.blocks[-1].text == "Ủy ban nhân dân x" and any(w.startswith("W303") for w in raw.warnings)


def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    p = tmp_path / "anh.txt"
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ReadError) as e:
        read_document(p)
    assert e.value.code is ErrorCode.E302


def test_docx_reader_reads_header_table_in_body_order():
    raw = read_document(seed("004", "docx"))
    assert raw.format is SourceFormat.docx
    texts = [b.text for b in raw.blocks if b.text]
    # the two-column header table comes first, cell by cell, then the type line
    assert texts[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN HỚN QUẢN"]
    assert texts.index("KẾ HOẠCH") > texts.index("Hớn Quản, ngày tháng năm 2024")
    cell = raw.blocks[0]
    assert cell.kind is BlockKind.table_cell and cell.table == (0, 0, 0) and cell.bold
    title = next(b for b in raw.blocks if b.text == "KẾ HOẠCH")
    assert title.bold and title.centered and title.table is None


def test_pdf_reader_keeps_pages_and_bold():
    raw = read_document(seed("004", "pdf"))
    assert raw.format is SourceFormat.pdf and raw.pages and raw.pages >= 2
    assert {b.page for b in raw.blocks} == set(range(1, raw.pages + 1))
    assert not any("\r" in b.text or "\ufffe" in b.text for b in raw.blocks)
    heading = next(b for b in raw.blocks if b.text.startswith("I. MỤC ĐÍCH"))
    body = next(b for b in raw.blocks if b.text.startswith("Đẩy mạnh công tác cải cách"))
    assert heading.bold is True and body.bold is False


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", ErrorCode.E003),  # zero bytes
        ("blank.md", b"  \n\n \t\n", ErrorCode.E003),  # only whitespace
        ("table.xlsx", b"PK\x03\x04", ErrorCode.E002),  # unsupported extension
        ("random.pdf", bytes(range(256)) * 8, ErrorCode.E201),  # random bytes named .pdf
        ("random.docx", bytes(range(256)) * 8, ErrorCode.E102),  # random bytes named .docx
        ("binary.txt", b"\x00\x01\x02\x03" * 100, ErrorCode.E302),  # binary data named .txt
    ],
)
def test_unreadable_files_get_a_coded_reason(tmp_path, name, data, code):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(p)
    assert err.value.code is code
    assert str(err.value).startswith(code.value)
    assert " / " in str(err.value)  # Vietnamese / English


def test_missing_file(tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "không-có.txt")
    assert err.value.code is ErrorCode.E001


def test_samples_are_bundled():
    assert len(list(SAMPLES.glob("*.txt"))) == 5
    assert len(list((SAMPLES / "docx").glob("*.docx"))) == 5
    assert len(list((SAMPLES / "pdf").glob("*.pdf"))) == 5
