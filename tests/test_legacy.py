"""Legacy inputs: TCVN3 (ABC, ``.VnTime``) and VNI text and Word runs, and ``.doc`` through LibreOffice.

The legacy versions of the seeds are generated here from the conversion tables (Unicode seed →
legacy bytes), written as .txt and as DOCX runs in ``.VnTime``/``.VnTimeH``/``VNI-Times`` with
python-docx, and must extract like the Unicode original.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import CORPUS_FILES, FIXTURE_DOC, SEED_TXT, seed

from kehoach.extract import extract_file, read_canonical
from kehoach.extractors.header import extract_header
from kehoach.read import read_document
from kehoach.read.legacy_encoding import (
    TCVN3,
    VNI,
    convert_font_text,
    convert_legacy_text,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_legacy,
    legacy_font,
    windows_text,
)
from kehoach.read.text import decode_text
from kehoach.schemas.errors import ErrorCode, ReadError


def mojibake(text: str, name: str) -> str:
    """What a legacy file looks like once its bytes are read through the Windows code page."""
    return windows_text(encode_legacy(text, name))


DETECTION_CASES = [
    # --- must convert
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3),  # the national motto typed in .VnTime
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI),  # the same in VNI-Times
    ("Thùc hiÖn C«ng v¨n sè 503/UBND-NV ngµy 07/02/2024", TCVN3),  # digits and codes inside TCVN3
    ("UÛy ban nhaân daân tænh Bình Thuaän", VNI),  # VNI capitals with a mark after them
    # --- must not convert
    ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),  # Unicode Vietnamese (NFC)
    (unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam"), None),  # Unicode Vietnamese (NFD)
    ("Tôi là ai, ở đâu?", None),  # short Unicode Vietnamese with Latin-1 letters only in part
    ("Hoá đơn, hoà giải, khoá học, toà án", None),  # old tone style: "oá" looks like VNI "ố"
    ("The quick brown fox © 2024 · ® ± ¶ µm", None),  # English with symbols from the TCVN3 range
    ("Müller für schön Bäume Größe Straße über ähnlich", None),  # German umlauts (VNI marks, TCVN3 letters)
    ("café résumé naïve coöperate señor niño", None),  # French/Spanish accents
    ("", None),  # empty
    ("B¶o Th¾ng", None),  # two legacy letters are not evidence enough
]


@pytest.mark.parametrize("text, expected", DETECTION_CASES)
def test_detect_legacy(text, expected):
    assert detect_legacy(text) == expected


@pytest.mark.parametrize(
    "legacy, name, unicode",
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"),  # TCVN3 lowercase + ASCII capitals
        (
            "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM",
            TCVN3,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),  # VN3 has no toned capitals: restored
        ("Sè: /KH - UBND", TCVN3, "Số: /KH - UBND"),  # a code in capitals does not make the line all-caps
        ("- ñy ban MTTQVN x·;", TCVN3, "- Ủy ban MTTQVN xã;"),  # a list item opens with a capital
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI, "Cộng hòa xã hội chủ nghĩa Việt Nam"),  # VNI
        ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", VNI, "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),  # VNI capitals
        ("Kyø hoïp thöù 5, ngaøy 15 thaùng 11", VNI, "Kỳ họp thứ 5, ngày 15 tháng 11"),  # y + tone, ư + tone
    ],
)
def test_decode_tables(legacy, name, unicode):
    assert (decode_tcvn3(legacy) if name == TCVN3 else decode_vni(legacy)) == unicode


@pytest.mark.parametrize("name", [TCVN3, VNI])
def test_every_vietnamese_letter_round_trips(name):
    """All 134 Vietnamese letters (67 lowercase, 67 capitals) survive Unicode → legacy → Unicode."""
    letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
    words = " ".join(letters)
    assert (decode_tcvn3 if name == TCVN3 else decode_vni)(mojibake(words, name)) == words
    if name == VNI:
        assert decode_vni(mojibake(words.upper(), VNI)) == words.upper()
    else:
        assert decode_tcvn3(mojibake(words, TCVN3), uppercase=True) == words.upper()


def test_unicode_text_passes_through_unchanged():
    for path in SEED_TXT:
        text = path.read_text(encoding="utf-8")
        assert convert_legacy_text(text) == (text, None)


def test_pasted_legacy_paragraph_in_unicode_page_is_converted_alone():
    page = "Cộng hòa xã hội chủ nghĩa Việt Nam\nKÕ ho¹ch tæ chøc thùc hiÖn c«ng t¸c c¶i c¸ch hµnh chÝnh\nĐộc lập - Tự do"
    text, name = convert_legacy_text(page)
    assert name == TCVN3
    assert text.splitlines() == [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Kế hoạch tổ chức thực hiện công tác cải cách hành chính",
        "Độc lập - Tự do",
    ]


@pytest.mark.parametrize(
    "font, expected",
    [
        (".VnTime", TCVN3),  # the ABC body font
        (".VnTimeH", TCVN3),  # its capitals font
        (".VnArial NarrowH", TCVN3),  # another ABC family
        ("VNI-Times", VNI),  # VNI body font
        ("Times New Roman", None),  # Unicode font
        ("VnTime", None),  # no leading dot: not the ABC naming
        (None, None),  # no font given
    ],
)
def test_legacy_font(font, expected):
    assert legacy_font(font) == expected


def test_font_conversion_leaves_unicode_runs_alone():
    assert convert_font_text("Cộng hòa", ".VnTime") is None  # retyped in Unicode, font kept
    assert convert_font_text("céng hoµ", ".VnTimeH") == "CỘNG HOÀ"
    assert convert_font_text("plain", "Arial") is None


# ------------------------------------------------------------------ whole seeds, TXT
def _header(doc) -> dict:
    """Header fields of a canonical document (the header extractor alone: the full pipeline is slower)."""
    h = extract_header(doc)
    return {
        "doc_type": h.doc_type,
        "number": h.number,
        "issuer": (h.issuer.level, h.issuer.place, h.issuer.name),
        "parent": (h.parent.level, h.parent.place) if h.parent else None,
        "issued_date": h.issued_date,
        "year": h.year,
        "title": (h.title or "").casefold(),
        "signer": h.signer.name,
    }


@pytest.mark.parametrize("name", [VNI, TCVN3])
@pytest.mark.parametrize("path", SEED_TXT, ids=lambda p: p.name[:3])
def test_legacy_txt_seed_extracts_like_unicode(path, name, tmp_path):
    """A seed saved by an old editor in TCVN3/VNI bytes: same normalized text, same header."""
    legacy = tmp_path / path.name
    legacy.write_bytes(encode_legacy(path.read_text(encoding="utf-8"), name))
    raw = read_document(legacy)
    assert f"W302 converted from {name} to Unicode" in raw.warnings
    original, converted = read_canonical(path), read_canonical(legacy)
    if name == VNI:
        assert converted.text == original.text
    else:  # VN3 cannot hold a toned capital inside a mixed-case line ("của Ủy ban"): compare case-folded
        assert converted.text.casefold() == original.text.casefold()
    assert _header(converted) == _header(original)


def test_nfd_text_is_normalized_to_nfc():
    """NFD input (macOS copies) is not taken for legacy text and comes out NFC after normalization."""
    nfc = seed("003").read_text(encoding="utf-8")
    data = unicodedata.normalize("NFD", nfc).encode("utf-8")
    _, warnings = decode_text(data)
    assert not any(w.startswith("W302") for w in warnings)
    from kehoach.read.normalize import normalize_document
    from kehoach.read.text import read_text

    doc = normalize_document(read_text(Path("nfd.txt"), data, hashlib.sha256(data).hexdigest()))
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    assert doc.text == read_canonical(seed("003")).text


# ------------------------------------------------------------------ whole seeds, DOCX runs in legacy fonts
def _legacy_runs(line: str, name: str | None) -> list[tuple[str, str]]:
    """(text, font) runs for one line, as a typist with that encoding would have produced them."""
    if name is None:
        return [(line, "Times New Roman")]
    if name == VNI:
        return [(mojibake(line, VNI), "VNI-Times")]
    runs: list[tuple[str, str]] = []
    for ch in line:  # a toned capital needs the H font; everything else is .VnTime
        font = (
            ".VnTimeH"
            if ch.isupper()
            and ch.lower() != ch
            and not ch.isascii()
            and ch.lower() in "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
            else ".VnTime"
        )
        text = mojibake(ch.lower() if font == ".VnTimeH" else ch, TCVN3)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + text, font)
        else:
            runs.append((text, font))
    return runs


def write_docx(text: str, path: Path, name: str | None, style_font: bool = False) -> Path:
    """A DOCX of ``text``, one paragraph per line, with runs in the fonts of ``name`` (None: Unicode)."""
    import docx

    document = docx.Document()
    if style_font:  # fonts from the Normal style only, runs carry none
        document.styles["Normal"].font.name = "VNI-Times"
    for line in text.splitlines():
        p = document.add_paragraph()
        for run_text, font in _legacy_runs(line, name):
            run = p.add_run(run_text)
            if not style_font:
                run.font.name = font
    document.save(path)
    return path


@pytest.mark.parametrize("name", [VNI, TCVN3])
@pytest.mark.parametrize("stem", ["000", "003"])
def test_legacy_font_docx_extracts_like_unicode(stem, name, tmp_path):
    """A seed typed in .VnTime/.VnTimeH or VNI-Times runs: same text and header as in Times New Roman."""
    text = seed(stem).read_text(encoding="utf-8")
    unicode_docx = write_docx(text, tmp_path / "unicode.docx", None)
    legacy_docx = write_docx(text, tmp_path / "legacy.docx", name)
    original, converted = read_canonical(unicode_docx), read_canonical(legacy_docx)
    assert converted.text == original.text
    assert _header(converted) == _header(original)


def test_legacy_font_from_paragraph_style(tmp_path):
    """Runs with no font of their own inherit VNI-Times from the Normal style: still converted."""
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"
    doc = read_document(write_docx(text, tmp_path / "style.docx", VNI, style_font=True))
    assert [b.text for b in doc.blocks if b.text] == text.splitlines()


# ------------------------------------------------------------------ .doc through LibreOffice
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice not installed"
)


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize(
    "path", [FIXTURE_DOC, *(p for p in sorted(CORPUS_FILES.glob("*.doc")) if p.name != FIXTURE_DOC.name)], ids=lambda p: p.name
)
def test_corpus_doc_files(path):
    """Real .doc files from provincial offices: read as DOCX with a W104 warning, header found."""
    doc = read_document(path)
    assert doc.format.value == "docx" and "W104 converted from .doc" in doc.warnings
    e = extract_file(path)
    assert e.issuer is not None and e.issuer.place
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in e.text.upper()


@needs_soffice
@pytest.mark.slow
def test_doc_with_vntime_fonts_round_trip(tmp_path):
    """A TCVN3 DOCX saved as .doc by LibreOffice keeps its .VnTime fonts and reads back as Unicode."""
    text = seed("003").read_text(encoding="utf-8")
    legacy_docx = write_docx(text, tmp_path / "legacy.docx", TCVN3)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(legacy_docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc_file = tmp_path / "doc" / "legacy.doc"
    assert read_canonical(doc_file).text == read_canonical(write_docx(text, tmp_path / "u.docx", None)).text


def test_doc_without_libreoffice_is_e104_with_install_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on PATH
    with pytest.raises(ReadError) as err:
        read_document(FIXTURE_DOC)
    assert err.value.code is ErrorCode.E104
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)


def test_tcvn3_u_horn_stored_as_soft_hyphen(tmp_path):
    """Regression: TCVN3 "ư" is byte 0xAD; Word/LibreOffice store it as <w:softHyphen/>, which python-docx drops."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    run = document.add_paragraph().add_run("ng")
    run.font.name = ".VnTime"
    run._r.append(OxmlElement("w:softHyphen"))
    tail = OxmlElement("w:t")
    tail.text = "êi d©n"
    run._r.append(tail)
    assert run._r.find(qn("w:softHyphen")) is not None
    document.save(tmp_path / "soft.docx")
    assert [b.text for b in read_document(tmp_path / "soft.docx").blocks if b.text] == ["người dân"]
