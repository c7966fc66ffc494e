"""`kehoach show`: the evidence page (spaCy spans rendered by displacy, offline)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import seed
from helpers_extractor import MOTTO_KIND, motto_extractor

from kehoach.cli import app
from kehoach.extract import extract_file
from kehoach.present.highlight import align_tokens, blank_pipeline, build_doc, labels, render_html
from kehoach.schemas.contract import Citation

LABELS = labels()  # kind → label, as the extractors declare them


def _visible(html: str) -> str:
    """Text of the page with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_show_renders_seed_with_citation_label(tmp_path):
    out = tmp_path / "004.html"
    r = CliRunner().invoke(app, ["show", str(seed("004")), "--html", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page  # self-contained, no scripts
    assert "Bằng chứng trích xuất / Extraction evidence" in page
    # the citation's tokens sit inside a span drawn with the citation label
    flat = _visible(page)
    assert LABELS["citation"] in flat
    assert "Quyết định số 77/QĐ-UBND ngày 12/01/2024" in flat  # displayed as written, no spaces added
    body = page[page.find("<figure") :]
    i = body.find(LABELS["citation"])
    assert i > 0 and "Quyết" in body[max(0, i - 1500) : i]  # the label is drawn under the citation's first word
    assert LABELS["lead"] in page and LABELS["section"] in page


def test_show_escapes_markup_in_text(seed_extractions):
    """Normalization drops markup, but a text that still holds '<script>' must come out escaped."""
    text = "Căn cứ <script>alert(1)</script> Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện;"
    start = text.index("Quyết")
    cit = Citation(text=text[start:-1], number="77/QĐ-UBND", date="2024-01-12", start=start, end=len(text) - 1)
    x = seed_extractions["004"].model_copy(
        update={
            "text": text,
            "sections": [],
            "citations": [cit],
            "deadlines": [],
            "responsibilities": [],
            "criteria": [],
            "campaigns": [],
        }
    )
    page = render_html(x)
    assert "<script" not in page  # displacy draws each token escaped ("&lt;script", "&gt;", …)
    assert "&lt;script" in page and "&lt;/script&gt;" in page
    assert LABELS["citation"] in page[page.find("<figure") :]


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 77/QĐ-UBND  ngày 12/01/2024\n\n- Đài Truyền thanh – Truyền hình huyện",  # double space, blank line, dash
        "UBND huyện Hớn Quản\tban hành\n",  # tab and trailing newline
        "",  # NEGATIVE: empty text still gives a Doc
        "  \n ",  # NEGATIVE: only whitespace
    ],
)
def test_tokenizer_keeps_text(text):
    words, spaces = align_tokens(text)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True)) == text
    assert blank_pipeline()(text).text == text


def test_spans_are_labelled_and_aligned(seed_extractions):
    x = seed_extractions["004"]
    doc = build_doc(x)
    labels = {s.label_ for s in doc.spans["sc"]}
    assert {LABELS["citation"], LABELS["section"], LABELS["lead"], LABELS["criterion"]} <= labels
    c = x.citations[0]
    assert any(s.start_char <= c.start and s.end_char >= c.end and s.label_ == LABELS["citation"] for s in doc.spans["sc"])


def test_a_new_extractors_spans_show_in_its_declared_colour(tmp_path):
    """An extractor registered in the test only (its record, its function, its span kind: no edit of
    the show page): its spans are drawn under its label, in its colour, and its kind is in the legend."""
    out = tmp_path / "004.html"
    with motto_extractor():
        r = CliRunner().invoke(app, ["show", str(seed("004")), "--html", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    legend, body = page[: page.find("<figure")], page[page.find("<figure") :]
    assert f'<span style="background:{MOTTO_KIND.color};' in legend and MOTTO_KIND.label in legend
    i = body.find(MOTTO_KIND.label)
    drawn = body[max(0, i - 1500) : i]
    assert i > 0 and "Độc" in drawn and f"background: {MOTTO_KIND.color}" in drawn
    # NEGATIVE: once taken back, the kind is gone from the page
    again = render_html(extract_file(seed("004")))
    assert MOTTO_KIND.label not in again and MOTTO_KIND.color not in again
