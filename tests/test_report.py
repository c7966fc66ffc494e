"""The compliance report: HTML (checked in a real headless Chromium), Excel, document pages, the
`kehoach report` command and the report flow's tasks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SEED_TXT, seed
from openpyxl import load_workbook
from typer.testing import CliRunner

from kehoach.crosscheck.run import crosscheck
from kehoach.extract import extract_file
from kehoach.present.report import NO_PLAN, STATUS_VI, build_report, marked_text, parse_unit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A district plan whose title and body carry markup: it must show as text and never run.
# (Normalization eats "__", hence window.pwned rather than window.__pwned.)
HOSTILE = """ỦY BAN NHÂN DÂN
HUYỆN HỚN QUẢN

Số: 121/KH-UBND

Hớn Quản, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Tuyên truyền <script>window.pwned=1</script> cải cách hành chính năm 2024

I. NỘI DUNG
- Tuyên truyền <img src=x onerror="window.pwned=2"> thủ tục hành chính trên loa truyền thanh.

II. TỔ CHỨC THỰC HIỆN
1. UBND các xã, thị trấn
- Triển khai tuyên truyền cải cách hành chính <b onmouseover="window.pwned=3">đến nhân dân</b>.

Nơi nhận:
- Lưu: VT.
"""


@pytest.fixture(scope="module")
def report(seed_extractions, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    items = [*seed_extractions.items(), ("hostile", extract_file(hostile))]
    result = crosscheck(items)
    paths = build_report(items, result, tmp / "out", unit="huyện Hớn Quản")
    return paths, result, dict(items)


def test_report_files(report):
    paths, _, items = report
    assert paths.html.name == "bao-cao.html" and paths.xlsx.name == "bao-cao.xlsx"
    assert set(paths.doc_pages) == set(items)
    html = paths.html.read_text(encoding="utf-8")
    # self-contained: no script, no external asset
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "<link" not in html


def test_report_lists_minh_tam_and_the_units_without_plan(report):
    paths, result, _ = report
    html = paths.html.read_text(encoding="utf-8")
    block = html[html.index('data-doc="004"') : html.index("</table>", html.index('data-doc="004"'))]
    minh_tam = block[block.index('data-unit="Minh Tâm"') :].split("</tr>")[0]
    assert STATUS_VI["implemented"] in minh_tam and STATUS_VI["missing"] in minh_tam
    assert minh_tam.count('class="st ') == len([d for d in result.directives if d.directive_doc_id == "004"])
    assert block.count('class="no-plan"') == 12 and block.count(NO_PLAN) == 12
    assert "Đơn vị chưa có kế hoạch (12 / 13)" in html
    for name in ("Xã Thanh An", "Thị trấn Tân Khai", "Xã Đồng Nơ"):
        assert name in html


def test_document_text_is_escaped(report):
    paths, _, _ = report
    html = paths.html.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html  # the title, shown as text
    page = paths.doc_pages["hostile"].read_text(encoding="utf-8")
    assert "<img" not in page and "<b " not in page and "<script>window" not in page
    assert "&lt;img src=x onerror=&#34;window.pwned=2&#34;&gt;" in page


def test_evidence_anchors_exist_and_mark_the_exact_text(report):
    paths, result, _ = report
    page = paths.doc_pages["000"].read_text(encoding="utf-8")
    shown = [c for c in result.coverage if c.lower_doc_id == "000" and c.evidence_start is not None]
    assert shown
    for c in shown:
        anchor = f'id="ev-{c.directive_doc_id}-{c.item_id}"'
        assert anchor in page
        # the text from the anchor on, with tags removed, starts with the evidence
        after = re.sub(r"<[^>]+>", "", page[page.index(anchor) :].split(">", 1)[1])
        assert after.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&").startswith(c.evidence_text)


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        # one span
        ("abc", [(1, 2, "x", "ev")], 'a<span class="anchor" id="x"></span><mark class="ev">b</mark>c'),
        # overlapping spans are cut, never mis-nested
        (
            "abcd",
            [(0, 3, "x", "ev"), (2, 4, "y", "directive")],
            '<span class="anchor" id="x"></span><mark class="ev">ab</mark><span class="anchor" id="y"></span>'
            '<mark class="directive ev">c</mark><mark class="directive">d</mark>',
        ),
        # markup in the text is escaped inside and outside marks
        ("<b>x</b>", [(3, 4, "z", "ev")], '&lt;b&gt;<span class="anchor" id="z"></span><mark class="ev">x</mark>&lt;/b&gt;'),
        # spans out of range are clipped, empty ones dropped
        ("ab", [(1, 9, "x", "ev"), (1, 1, "e", "ev")], 'a<span class="anchor" id="x"></span><mark class="ev">b</mark>'),
        ("", [], ""),  # empty document
    ],
)
def test_marked_text(text, marks, expected):
    assert str(marked_text(text, marks)) == expected


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("huyện Hớn Quản", ("huyen", "Hớn Quản")),
        ("Thị trấn Tân Khai", ("xa", "Tân Khai")),
        ("tỉnh Khánh Hòa", ("tinh", "Khánh Hòa")),
        ("thành phố Hà Nội", ("tinh", "Hà Nội")),
        ("thành phố Bà Rịa", ("huyen", "Bà Rịa")),
        ("Hớn Quản", (None, "Hớn Quản")),
    ],
)
def test_parse_unit(arg, expected):
    assert parse_unit(arg) == expected


def test_report_for_a_commune_shows_its_own_row(report, tmp_path):
    _, result, items = report
    paths = build_report(list(items.items()), result, tmp_path, unit="xã Minh Tâm")
    html = paths.html.read_text(encoding="utf-8")
    block = html[html.index('data-doc="004"') : html.index("</table>", html.index('data-doc="004"'))]
    assert block.count("<tr class=") == 1 and 'data-unit="Minh Tâm"' in block and NO_PLAN not in block


def test_report_for_a_unit_without_documents(report, tmp_path):
    _, result, items = report
    paths = build_report(list(items.items()), result, tmp_path, unit="huyện Vạn Ninh")
    html = paths.html.read_text(encoding="utf-8")
    assert "Không có văn bản chỉ đạo nào của huyện Vạn Ninh" in html and 'class="matrix"' not in html


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The five seeds ingested into a real store (plain loop, no Prefect)."""
    from kehoach.ingest.run import ingest_folder

    tmp = tmp_path_factory.mktemp("store")
    raw = tmp / "raw"
    raw.mkdir()
    for p in SEED_TXT:
        shutil.copy(p, raw / p.name)
    ingest_folder(raw, tmp / "data")
    return tmp / "data"


def test_report_command(ingested, tmp_path):
    from kehoach.cli import app
    from kehoach.store.read import connect_readonly

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["report", "--unit", "huyện Hớn Quản", "--data", str(ingested), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "bao-cao.html").is_file() and (out / "bao-cao.xlsx").is_file()
    assert "bao-cao.html" in res.output
    with connect_readonly(ingested) as con:  # the cross-check tables are stored beside the others
        links = con.execute("SELECT relation, status FROM links WHERE relation = 'same_basis'").fetchall()
        n_cov = con.execute("SELECT count(*) FROM coverage").fetchone()[0]
    assert links == [("same_basis", "resolved")] and n_cov >= 3
    html = (out / "bao-cao.html").read_text(encoding="utf-8")
    assert "Xã Minh Tâm" in html and html.count(NO_PLAN) >= 12


def test_report_command_without_data(tmp_path):
    from kehoach.cli import app

    res = CliRunner().invoke(app, ["report", "--data", str(tmp_path / "nothing")])
    assert res.exit_code == 2


def test_report_flow_tasks(ingested, tmp_path):
    from kehoach.flows.report import crosscheck_task, report_task

    result = crosscheck_task.fn(ingested)
    paths = report_task.fn(ingested, result, tmp_path, None)
    assert Path(paths["html"]).is_file() and int(paths["pages"]) == 5


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_report_in_a_real_browser(report):
    from playwright.sync_api import sync_playwright

    paths, result, _ = report
    n_items = len([d for d in result.directives if d.directive_doc_id == "004"])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests, errors, dialogs = [], [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(paths.html.as_uri())
            assert page.title().startswith("Báo cáo đối chiếu kế hoạch")

            matrix = page.locator('table.matrix[data-doc="004"]')
            assert matrix.is_visible()
            cells = matrix.locator('tr[data-unit="Minh Tâm"] td.st')
            assert cells.count() == n_items
            classes = set(" ".join(cells.evaluate_all("els => els.map(e => e.className)")).split())
            assert {"implemented", "missing"} <= classes
            no_plan = matrix.locator("tr.no-plan")
            assert no_plan.count() == 12
            assert all(t.strip() == NO_PLAN for t in no_plan.locator("td").all_inner_texts())
            # the green and red cells are really painted
            green = matrix.locator('tr[data-unit="Minh Tâm"] td.st.implemented').first
            assert green.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 239, 206)"

            # no script from document text ran; the hostile title shows as text
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.get_by_text("<script>window.pwned=1</script>", exact=False).count() >= 1

            # an evidence link lands on the highlighted quote in the plan
            link = matrix.locator('tr[data-unit="Minh Tâm"] td.st.implemented a').first
            href = link.get_attribute("href")
            link.click()
            page.wait_for_load_state()
            assert page.url.endswith(href)
            anchor = href.split("#", 1)[1]
            item = anchor.rsplit("-", 1)[1]
            (row,) = [c for c in result.coverage if c.lower_doc_id == "000" and c.item_id == item]
            marked = page.locator(f"#{anchor} + mark")
            assert marked.is_visible()
            assert row.evidence_text.startswith(marked.inner_text().strip()[:20])
            assert page.evaluate("location.hash") == f"#{anchor}"

            # the hostile document page: markup shown, nothing executed
            page.goto(paths.doc_pages["hostile"].as_uri())
            page.locator("div.text").hover()
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("div.text img").count() == 0
            assert 'onerror="window.pwned=2"' in page.locator("div.text").inner_text()

            assert not errors and not dialogs
            assert requests and all(u.startswith("file://") for u in requests)
        finally:
            browser.close()


def test_report_unit_typed_without_tone_marks(ingested, tmp_path):
    from kehoach.cli import app

    res = CliRunner().invoke(
        app, ["report", "--unit", "xa minh tam", "--data", str(ingested), "--out", str(tmp_path), "--no-pdf"]
    )
    assert res.exit_code == 0, res.output
    html = (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    block = html[html.index('class="matrix"') : html.index("</table>", html.index('class="matrix"'))]
    assert block.count("<tr class=") == 1 and 'data-unit="Minh Tâm"' in block


def test_report_unknown_unit_suggests_the_closest(ingested, tmp_path):
    from kehoach.cli import app

    res = CliRunner().invoke(app, ["report", "--unit", "xã Minh Tân", "--data", str(ingested), "--out", str(tmp_path)])
    assert res.exit_code == 2
    assert "Xã Minh Tâm" in res.output and not (tmp_path / "bao-cao.html").exists()


def test_report_default_folder_is_beside_the_tables(ingested):
    from kehoach.cli import app

    res = CliRunner().invoke(app, ["report", "--data", str(ingested), "--no-pdf"])
    assert res.exit_code == 0, res.output
    assert (ingested.parent / "reports" / "bao-cao.html").is_file()


def test_run_markdown_for_prefect():
    from kehoach.present.run_summary import run_markdown

    md = run_markdown(
        {
            "input_dir": "/drop",
            "found": 3,
            "processed": 2,
            "unchanged": 0,
            "rejected": 1,
            "removed": 0,
            "seconds": 1.5,
            "crosscheck": "ok",
            "rejections": [{"code": "E201", "file": "/drop/a|b\x07.pdf", "reason_vi": "PDF hỏng", "reason_en": "PDF corrupt"}],
        },
        {"plan": 0.1, "extract": 1.2},
    )
    assert "| Bị từ chối / rejected | 1 |" in md and "| E201 | `/drop/a\\|b.pdf` | PDF hỏng / PDF corrupt |" in md
    assert "| Trích xuất / extract | 1.20 |" in md and "\x07" not in md


@pytest.mark.parametrize(
    ("starts", "expected"),
    [
        ([], []),  # no page information (TXT, DOCX, or an older extraction)
        ([0], [(1, 0, 10)]),  # one page
        ([0, 4], [(1, 0, 4), (2, 4, 10)]),  # two pages, the last one runs to the end of the text
    ],
)
def test_pages_of(seed_extractions, starts, expected):
    from kehoach.present.model import pages_of

    ex = seed_extractions["000"].model_copy(update={"text": "x" * 10})
    ex = ex.model_copy(update={"source": ex.source.model_copy(update={"page_starts": starts})})
    assert pages_of(ex) == expected


def test_bel_in_a_title_does_not_crash_kehoach_report(tmp_path):
    """Issue 14 item 8: a BEL (\\x07) in a title crashed `kehoach report` after the HTML was written."""
    from kehoach.cli import app
    from kehoach.ingest.run import ingest_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    text = seed("004").read_text(encoding="utf-8").replace("Phát động phong trào", "Phát động\x07 phong trào", 1)
    (raw / "004-bel.txt").write_text(text, encoding="utf-8")
    shutil.copy(seed("000"), raw / seed("000").name)
    ingest_folder(raw, tmp_path / "data")
    res = CliRunner().invoke(app, ["report", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "out" / "bao-cao.xlsx")
    assert wb.sheetnames and "\x07" not in (tmp_path / "out" / "bao-cao.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_pdf_page_starts_match_the_pages():
    """source.page_starts: each page of a PDF starts where pdftotext's page starts (the page of a quote)."""
    import subprocess

    from kehoach.extract import extract_file

    pdf = seed("000", "pdf")
    ex = extract_file(pdf)
    assert len(ex.source.page_starts) == ex.source.pages > 1 and ex.source.page_starts[0] == 0
    for page, start in enumerate(ex.source.page_starts, start=1):
        printed = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True)
        first = " ".join(printed.stdout.split())[:25]
        assert " ".join(ex.text[start:].split())[:25] == first, page


def test_evidence_in_a_pdf_plan_has_its_page(tmp_path):
    from kehoach.extract import extract_file

    items = [(n, extract_file(seed(n, "pdf"))) for n in ("000", "004")]
    result = crosscheck(items)
    paths = build_report(items, result, tmp_path)
    ws = load_workbook(paths.xlsx)["Minh chứng"]
    header = [c.value for c in ws[2]]
    quoted = {c.item_id for c in result.coverage if c.lower_doc_id == "000" and c.evidence_start is not None}
    pages = [r[header.index("Trang")].value for r in ws.iter_rows(min_row=3) if r[header.index("Mục")].value in quoted]
    assert len(pages) == len(quoted) >= 2 and all(isinstance(p, int) and p >= 1 for p in pages)
    assert len(set(pages)) > 1  # quotes from several pages
    assert "· tr. " in paths.html.read_text(encoding="utf-8")


def test_report_shows_official_documents_not_the_pages_about_them(tmp_path):
    """A crawl mixes official documents with pages about them (news, Q&A, encyclopedia): those stay
    in the tables, but the report reads and shows only what it reports on."""
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.ingest.run import ingest_folder
    from kehoach.present.report import load_sources, report_from_store
    from kehoach.store.read import connect_readonly

    raw = tmp_path / "raw"
    raw.mkdir()
    for p in SEED_TXT:
        shutil.copy(p, raw / p.name)
    pages = Path(__file__).parent / "fixtures" / "eval"
    others = ["7480ee101303784b.md", "0e0c535eaf689d95.md", "ee5207c0e4a00e00.md"]  # encyclopedia, news, Q&A
    for name in others:
        shutil.copy(pages / name, raw / name)
    ingest_folder(raw, tmp_path / "data")
    run_crosscheck(tmp_path / "data")
    with connect_readonly(tmp_path / "data") as con:
        stored = dict(con.execute("SELECT source_path, administrative FROM documents").fetchall())
    not_docs = {Path(p).name for p, admin in stored.items() if admin is False}
    assert not_docs == set(others) and len(stored) == len(SEED_TXT) + len(others)

    src = load_sources(tmp_path / "data")
    shown = {Path(ex.source.path).name for _, ex in src.items}
    assert shown == {p.name for p in SEED_TXT}
    paths = report_from_store(tmp_path / "data", tmp_path / "out", pdf=False)
    assert len(paths.doc_pages) == len(SEED_TXT)
    assert "Xã Minh Tâm" in paths.html.read_text(encoding="utf-8")
