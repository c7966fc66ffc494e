"""The web app in a real Chromium (Playwright driving Debian's chromium; no browser download):
browse and facet, open a document, open a matrix cell, change a status with a note; re-ingest the
folder and find the correction still applied in the web page, the HTML report and the workbook;
the SQL page refuses file access; document text with <script> shows as text.

``KEHOACH_SCREENSHOTS=1`` also writes the screenshots of the main pages into ``docs/``."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEED_TXT, seed
from helpers_doc import FUNDED_PLAN
from helpers_extractor import MOTTO_KIND, MOTTO_RGB, motto_extractor
from openpyxl import load_workbook

from kehoach.present.labels import CORRECTED_MARK, STATUS_VI
from kehoach.present.workbook import SHEETS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")]

# a district letter whose title and body carry markup: shown as text, never run
HOSTILE = """ỦY BAN NHÂN DÂN
HUYỆN HỚN QUẢN

Số: 121/CV-UBND

Hớn Quản, ngày 15 tháng 3 năm 2024

V/v tuyên truyền <script>window.pwned=1</script> cải cách hành chính

Kính gửi: UBND các xã, thị trấn.

Đề nghị UBND các xã <img src=x onerror="window.pwned=2"> triển khai trước ngày 30/4/2024.

Nơi nhận:
- Lưu: VT.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seeds, a hostile letter and a corrupt PDF in a commune's folder, ingested; the app served
    by uvicorn on a free loopback port."""
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.ingest.run import ingest_folder

    tmp = tmp_path_factory.mktemp("web")
    raw = tmp / "raw"
    (raw / "xa-thanh-an").mkdir(parents=True)
    for p in SEED_TXT:
        shutil.copy(p, raw / p.name)
    (raw / "cong-van-121.txt").write_text(HOSTILE, encoding="utf-8")
    (raw / "xa-thanh-an" / "ke-hoach-cai-cach.pdf").write_bytes(b"%PDF-1.4\n%broken\n")
    data = tmp / "data"
    ingest_folder(raw, data)
    run_crosscheck(data)
    with serving(data) as url:
        yield {"url": url, "raw": raw, "data": data, "tmp": tmp}


@contextlib.contextmanager
def serving(data: Path) -> Iterator[str]:
    """The app over ``data`` served by uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    from kehoach.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(data), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
    pg = ctx.new_page()
    errors, requests = [], []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("dialog", lambda d: (errors.append(f"dialog {d.message}"), d.dismiss()))
    yield pg
    ctx.close()
    assert not errors, errors
    outside = [u for u in requests if not u.startswith((site["url"], "file://"))]
    assert not outside, outside  # nothing leaves the machine


def shot(pg, name: str) -> None:
    if os.environ.get("KEHOACH_SCREENSHOTS") == "1":
        pg.screenshot(path=str(ROOT / "docs" / f"{name}.png"), full_page=False)


def test_overview_lists_runs_and_unreadable_files(page, site):
    page.goto(site["url"] + "/")
    assert page.title().startswith("Tổng quan")
    assert page.locator("table.runs tbody tr").count() == 1
    rejected = page.locator("table.rejected tbody tr")
    assert rejected.count() == 1 and "ke-hoach-cai-cach.pdf" in rejected.inner_text()
    shot(page, "web-tong-quan")


def test_browse_facet_and_search(page, site):
    page.goto(site["url"] + "/van-ban")
    rows = page.locator("table.documents tbody tr")
    assert rows.count() == 6
    page.locator('ul[data-facet="doc_type"] a[data-value="ke_hoach"]').click()
    page.wait_for_url("**doc_type=ke_hoach**")
    assert rows.count() == 4 and all("Kế hoạch" in t for t in rows.locator("td:first-child").all_inner_texts())
    shot(page, "web-van-ban")
    page.locator('ul[data-facet="admin"] a[data-value="1"]').click()  # official documents only
    page.wait_for_url("**admin=1**")
    assert rows.count() == 4
    page.locator('ul[data-facet="issuer_level"] a[data-value="xa"]').click()
    page.wait_for_url("**issuer_level=xa**")
    assert rows.count() == 3
    page.locator('input[name="q"]').fill("minh tam")  # without tone marks
    page.locator('input[name="q"]').press("Enter")
    page.wait_for_url("**q=minh+tam**")
    assert rows.count() == 1 and "Minh Tâm" in rows.inner_text()


def test_open_a_document(page, site):
    page.goto(site["url"] + "/van-ban?q=hanh+minh")
    page.locator("table.documents tbody tr a").first.click()
    page.wait_for_url("**/van-ban/*")
    assert page.locator("div.text mark.k-deadline").count() >= 1
    assert page.locator("div.text mark.k-lead").count() >= 1
    shot(page, "web-van-ban-chi-tiet")
    # the values beside the text link to their spans
    link = page.locator("aside.values a[href^='#k-deadline-']").first
    anchor = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.locator(f"#{anchor} + mark").is_visible()
    assert page.locator("a.original").count() == 1


def test_script_in_a_document_shows_as_text(page, site):
    page.goto(site["url"] + "/van-ban?q=121")
    page.locator("table.documents tbody tr a").first.click()
    page.wait_for_url("**/van-ban/*")
    page.locator("div.text").hover()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "<script>window.pwned=1</script>" in page.locator("div.text").inner_text()
    assert page.locator("div.text img, div.text script").count() == 0


def test_sql_page_refuses_file_access(page, site):
    page.goto(site["url"] + "/sql")
    page.locator("textarea[name=q]").fill("SELECT * FROM read_csv('/etc/passwd')")
    page.get_by_role("button", name="Chạy / run").click()
    page.wait_for_load_state()
    assert page.locator("#sql-error").is_visible()
    assert "root:" not in page.content()
    page.locator("textarea[name=q]").fill("SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1")
    page.get_by_role("button", name="Chạy / run").click()
    page.wait_for_load_state()
    assert page.locator("table.result tbody tr").count() >= 2
    with page.expect_download() as dl:
        page.get_by_text("tải CSV").click()
    body = Path(dl.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbfdoc_type,n\r\n") and b"ke_hoach" in body
    with page.expect_download() as dl:
        page.get_by_text("tải Excel").click()
    ws = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes())).active
    assert ws.freeze_panes == "A3" and ws.cell(2, 1).value == "doc_type"
    shot(page, "web-sql")


def test_review_a_cell_and_keep_it_across_reingest(page, site):
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.ingest.run import ingest_folder
    from kehoach.present.report import report_from_store

    page.goto(site["url"] + "/ma-tran")
    page.locator("table.highers a", has_text="Kế hoạch").first.click()
    page.wait_for_url("**/ma-tran/*")
    row = page.locator('table.matrix tr[data-unit="Minh Tâm"]')
    assert page.locator("table.matrix tr.unreadable[data-unit='Thanh An']").count() == 1  # its PDF could not be read
    assert page.locator("table.matrix tr.no-plan").count() >= 10
    shot(page, "web-ma-tran")
    cell = row.locator('td.st[data-status="missing"]').first
    item = cell.get_attribute("data-item")
    cell.locator("a").click()
    page.wait_for_url(f"**/{item}")
    assert page.locator("blockquote.item-text").inner_text().strip()
    page.locator('input[name=status][value="implemented"]').check()
    page.locator("textarea[name=note]").fill("Có ở mục III.2 của kế hoạch xã (đã đọc bản giấy)")
    page.locator("input[name=author]").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Lưu").click()
    page.locator("#review .flash").wait_for()  # htmx swapped the review box in place
    assert STATUS_VI["implemented"] in page.locator("#review .st-now").inner_text()
    assert CORRECTED_MARK in page.locator("#review").inner_text() and "Nguyễn Thị Lan" in page.locator("#review").inner_text()
    shot(page, "web-duyet-o")

    # re-ingest the folder (a new file makes it a real run) and cross-check again
    shutil.copy(seed("003"), site["raw"] / "ban-sao-003.txt")
    ingest_folder(site["raw"], site["data"])
    run_crosscheck(site["data"])

    higher = page.url.split("/o/")[0].rsplit("/", 1)[1]
    page.goto(page.url.split("/o/")[0])
    again = page.locator(f'table.matrix tr[data-unit="Minh Tâm"] td.st[data-item="{item}"]')
    assert again.get_attribute("data-status") == "implemented" and CORRECTED_MARK in again.inner_text()

    out = site["tmp"] / "reports"
    paths = report_from_store(site["data"], out, pdf=False)
    html = paths.html.read_text(encoding="utf-8")
    block = html[html.index(f'class="matrix" data-doc="{higher}"') :]
    row_html = block[block.index('data-unit="Minh Tâm"') :].split("</tr>")[0]
    cell_html = row_html[row_html.index(f'data-item="{item}"') :].split("</td>")[0]
    assert 'data-status="implemented"' in cell_html and CORRECTED_MARK in cell_html
    wb = load_workbook(paths.xlsx)
    cells = []
    for ws in (wb[n] for n in wb.sheetnames if n.startswith(SHEETS["matrix"])):
        col = next((c.column for c in ws[2] if str(c.value).startswith(f"{item}. ")), None)
        cells += [r[col - 1] for r in ws.iter_rows(min_row=3) if col and r[0].value == "Xã Minh Tâm" and r[2].value]
    (corrected,) = [c for c in cells if c.comment]
    assert corrected.value == f"{STATUS_VI['implemented']} {CORRECTED_MARK}" and "đã đọc bản giấy" in corrected.comment.text

    page.goto(site["url"] + "/hieu-chinh")
    assert "đã đọc bản giấy" in page.locator("table.corrections").inner_text()
    shot(page, "web-hieu-chinh")


def test_matrix_prints_on_one_page_width(page, site):
    """The report's print stylesheet keeps the whole matrix inside an A4 landscape page."""
    from kehoach.present.report import report_from_store

    paths = report_from_store(site["data"], site["tmp"] / "print", pdf=False)
    page.goto(paths.html.as_uri())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape minus 10 mm margins, at 96 dpi
    widths = page.locator("table.matrix").evaluate_all("ts => ts.map(t => [t.scrollWidth, document.body.clientWidth])")
    assert widths and all(w <= body + 1 for w, body in widths), widths


def test_a_new_extractors_spans_are_drawn_in_its_colour(browser, tmp_path, monkeypatch):
    """An extractor registered in the test only (no template or stylesheet edit): on the document
    page Chromium paints its spans, and its legend entry, in the colour its declaration names; a
    citation inside a funding sentence keeps the citation's colour."""
    from kehoach.ingest import process
    from kehoach.ingest.run import ingest_folder
    from kehoach.store.read import load_rows

    monkeypatch.setattr(process, "START_METHOD", "fork")  # the ingest workers inherit the registration
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(seed("004"), raw / seed("004").name)
    (raw / "ke-hoach-12.txt").write_text(FUNDED_PLAN, encoding="utf-8")
    color = "m => getComputedStyle(m).backgroundColor"
    with motto_extractor():
        ingest_folder(raw, tmp_path / "data")
        seed_id = next(r["doc_id"] for r in load_rows(tmp_path / "data", "files") if r["source_path"].endswith(seed("004").name))
        (budget,) = [b for b in load_rows(tmp_path / "data", "budgets") if b["amount"] == 50_000_000]
        with serving(tmp_path / "data") as url:
            ctx = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
            pg = ctx.new_page()
            errors, requests = [], []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.on("request", lambda r: requests.append(r.url))
            pg.goto(f"{url}/van-ban/{seed_id}")
            marked = pg.locator("div.text mark.k-motto")
            assert marked.count() == 1 and marked.inner_text() == "Độc lập - Tự do - Hạnh phúc"
            assert marked.evaluate(color) == MOTTO_RGB
            legend = pg.locator("p.legend mark.k-motto")
            assert legend.inner_text() == MOTTO_KIND.label and legend.evaluate(color) == MOTTO_RGB
            pg.locator("aside.values a[href='#k-motto-0']").click()
            assert pg.evaluate("location.hash") == "#k-motto-0"
            pg.goto(f"{url}/van-ban/{budget['doc_id']}")
            inside = pg.locator("div.text mark.k-budget.k-citation").first
            assert inside.inner_text().startswith("Nghị quyết số 05/NQ-HĐND")
            assert inside.evaluate(color) == "rgb(158, 202, 225)"  # the citation's #9ecae1
            assert pg.locator("div.text mark.k-budget:not(.k-citation)").first.evaluate(color) == "rgb(255, 224, 138)"
            ctx.close()
    assert not errors, errors
    assert all(u.startswith(url) for u in requests), requests  # nothing leaves the machine
