"""Invariants over every sample, every corpus document and a list of nasty strings.

For every document that can be read: the text is NFC and normalization is idempotent on it,
every span is in bounds and quotes the text exactly (the provenance rule), sections nest.
Every document that cannot be read raises ReadError with a code — never anything else.
"""

from __future__ import annotations

import unicodedata

import pytest
from conftest import CORPUS_DOCS, CORPUS_FILES, SEED_DOCX, SEED_PDF, SEED_TXT, needs_shared
from helpers_doc import doc_from_text

from kehoach.extract import extract_canonical, extract_file
from kehoach.read.normalize import normalize_text
from kehoach.schemas.contract import Extraction, Section
from kehoach.schemas.errors import ReadError

CORPUS = (
    [
        pytest.param(p, marks=pytest.mark.slow) if p.name.startswith("scan-") else p  # OCR: ~10 s each
        for p in sorted(CORPUS_DOCS.glob("*.txt"))
        + sorted(p for p in CORPUS_FILES.glob("*") if p.suffix in {".pdf", ".docx", ".doc"})
    ]
    if CORPUS_DOCS.is_dir()
    else []
)


def walk(sections: list[Section], parent: Section | None = None):
    for s in sections:
        yield s, parent
        yield from walk(s.children, s)


def check_invariants(x: Extraction) -> None:
    text = x.text
    assert unicodedata.is_normalized("NFC", text)
    assert normalize_text(text) == text
    assert "\r" not in text and "\u00a0" not in text
    for key in ("citations", "deadlines", "responsibilities"):
        for item in getattr(x, key):
            assert 0 <= item.start <= item.end <= len(text), key
            assert text[item.start : item.end] == item.text, key
    for c in x.criteria:
        if c.start is not None:
            assert text[c.start : c.end] == c.text
    for s, parent in walk(x.sections):
        assert 0 <= s.start <= s.heading_start <= s.heading_end <= s.end <= len(text)
        assert text[s.heading_start : s.heading_end] == s.heading
        assert s.level == (parent.level + 1 if parent else 1)
        if parent:
            assert parent.start <= s.start and s.end <= parent.end
        for it in s.items:
            assert text[it.start : it.end] == it.text
    for span in (x.issuer.evidence, x.parent.evidence if x.parent else None):
        if span is not None:
            assert text[span.start : span.end] == span.text
    for value in (x.number, x.title, x.issued_date, x.signer.name):
        assert value != ""  # unknown is None, never ""
    # the JSON round-trips
    assert Extraction.model_validate_json(x.model_dump_json()) == x


@pytest.mark.parametrize("path", SEED_TXT + SEED_DOCX + SEED_PDF, ids=lambda p: f"{p.stem[:3]}.{p.suffix[1:]}")
def test_samples(path):
    check_invariants(extract_file(path))


@needs_shared
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: getattr(p, "name", str(p)))
def test_corpus(path):
    try:
        x = extract_file(path)
    except ReadError as e:  # scans without OCR, .doc without LibreOffice: coded, never a crash
        assert str(e)[:4] in {"E104", "E203", "E205"}, str(e)
        return
    check_invariants(x)


NASTY = {
    "nfd": unicodedata.normalize(
        "NFD", "KẾ HOẠCH\nPhát động phong trào thi đua xã Hành Minh năm 2024\nThực hiện Kế hoạch số 205/KH-UBND ngày 05/3/2024."
    ),
    "nbsp": "KẾ\u00a0HOẠCH\nThực\u00a0hiện Quyết định số\u00a077/QĐ-UBND ngày\u00a012/01/2024 của UBND huyện.",
    "tcvn3_mojibake": "KÕ ho¹ch ph¸t ®éng phong trµo thi ®ua n¨m 2024",
    "only_markup": "**\n|\n-------\n## \n| |\n***",
    "numbers_only": "1.\n2.\nI.\na)\n-\n+",
    "huge_line": "Cải cách hành chính " * 3000,
    "zero_width": "Kế\u200bhoạch\u200d số\ufeff 12/KH-UBND",
    "control_chars": "KẾ HOẠCH\x0b\x0cThực hiện\x1f",
    "rtl_and_emoji": "KẾ HOẠCH 🎉 \u202eThực hiện\u202c",
    "lone_surrogate_like": "Kế hoạch \ufffd\ufffe số 1/KH",
    "deep_numbering": "\n".join(f"{i}. Mục {i}\n" + "\n".join(f"{i}.{j}. Tiểu mục" for j in range(1, 5)) for i in range(1, 60)),
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_strings(name):
    try:
        doc = doc_from_text(NASTY[name])
    except ReadError as e:  # refusing is fine when coded ("control characters: binary data")
        assert e.code.value.startswith("E3")
        return
    check_invariants(extract_canonical(doc))


def test_one_megabyte_text(tmp_path):
    block = open(SEED_TXT[1], encoding="utf-8").read()
    p = tmp_path / "big.txt"
    p.write_text(block * (1_000_000 // len(block.encode("utf-8")) + 1), encoding="utf-8")
    x = extract_file(p)
    check_invariants(x)
    assert len(x.text) > 500_000
