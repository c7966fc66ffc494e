"""Web pages without a browser (FastAPI's test client): a header correction from the document
page, as an office writes the date, applied on the page and in documents_final."""

from __future__ import annotations

import shutil

import pytest
from conftest import seed
from fastapi.testclient import TestClient

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
