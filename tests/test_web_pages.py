"""Web pages without a browser (FastAPI's test client): a header correction from the document
page, as an office writes the date, applied on the page and in documents_final."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import seed
from fastapi.testclient import TestClient
from helpers_doc import FUNDED_PLAN
from helpers_extractor import MOTTO_KIND, motto_extractor

from kehoach.web.app import create_app
from kehoach.web.pages.review import iso_day


@pytest.fixture
def client(tmp_path):
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.ingest.run import ingest_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    for n in ("000", "004"):
        shutil.copy(seed(n), raw / seed(n).name)
    ingest_folder(raw, tmp_path / "data")
    run_crosscheck(tmp_path / "data")
    return TestClient(create_app(tmp_path / "data")), tmp_path / "data"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20/03/2024", "2024-03-20"),  # as offices write it
        ("5-3-2024", "2024-03-05"),  # dashes, no leading zeros
        ("2024-03-20", "2024-03-20"),  # ISO stays ISO
        ("30/02/2024", "30/02/2024"),  # not a day: left for the correction's own check to refuse
    ],
)
def test_iso_day(typed, expected):
    assert iso_day(typed) == expected


def test_correct_a_header_from_the_document_page(client):
    c, data = client
    page = c.get("/van-ban", params={"q": "minh tam"}).text
    doc_id = page.split('data-doc="', 1)[1].split('"', 1)[0]
    r = c.post(
        f"/hieu-chinh/van-ban/{doc_id}",
        data={"field": "issued_date", "new_value": "20/03/2024", "note": "ngày trên bản có chữ ký"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = c.get(f"/van-ban/{doc_id}").text
    assert "20/03/2024" in page and "ngày trên bản có chữ ký" in page
    from kehoach.store.read import connect_readonly

    with connect_readonly(data) as con:
        (day, fields) = con.execute(
            "SELECT issued_date, corrected_fields FROM documents_final WHERE doc_id = ?", [doc_id]
        ).fetchone()
    assert str(day) == "2024-03-20" and fields == ["issued_date"]
    bad = c.post(f"/hieu-chinh/van-ban/{doc_id}", data={"field": "issued_date", "new_value": "30/02/2024", "note": "x"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.text


def test_a_new_extractors_spans_show_on_the_document_page(tmp_path, monkeypatch):
    """An extractor registered in the test only: the documents ingested with it show its spans on the
    document page, listed beside the text under its label, in the colour it declares (no template edit)."""
    from kehoach.ingest import process
    from kehoach.ingest.run import ingest_folder

    monkeypatch.setattr(process, "START_METHOD", "fork")  # the workers inherit the registration

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(seed("004"), raw / seed("004").name)
    with motto_extractor():
        ingest_folder(raw, tmp_path / "data")
        c = TestClient(create_app(tmp_path / "data"))
        listing = c.get("/van-ban").text
        doc_id = listing.split('data-doc="', 1)[1].split('"', 1)[0]
        page = c.get(f"/van-ban/{doc_id}").text
    assert f"mark.k-motto {{ background: {MOTTO_KIND.color}; }}" in page
    assert '<mark class="k-motto">Tiêu ngữ / Motto</mark>' in page  # the legend
    assert '<a href="#k-motto-0">Độc lập - Tự do - Hạnh phúc</a>' in page  # listed beside the text
    assert re.search(r'<mark class="[^"]*\bk-motto\b[^"]*">Độc lập', page)  # … and marked in it


def test_a_shorter_span_keeps_its_colour_inside_a_longer_one(tmp_path):
    """A citation inside a funding sentence: both kinds mark the same words, and the citation's style
    rule comes after the budget's (the later rule colours the text), whatever the registry order."""
    from kehoach.ingest.run import ingest_folder
    from kehoach.store.read import load_rows

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ke-hoach-12.txt").write_text(FUNDED_PLAN, encoding="utf-8")
    ingest_folder(raw, tmp_path / "data")
    (budget,) = load_rows(tmp_path / "data", "budgets")
    page = TestClient(create_app(tmp_path / "data")).get(f"/van-ban/{budget['doc_id']}").text
    assert re.search(r'<mark class="k-budget k-citation">Nghị quyết số 05/NQ-HĐND', page)
    style = page[page.index("<style>mark.k-") :]
    assert style.index("mark.k-budget {") < style.index("mark.k-citation {")
