"""One A4 PDF per lower unit with a plan, printed by Chromium: it exists for every such unit of the
bundled samples (as `make demo` ingests them) and prints the whole matrix row — every item, its
status — and the line for the signer."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import SAMPLES

from kehoach.crosscheck.run import run_crosscheck
from kehoach.ingest.run import ingest_folder
from kehoach.present.labels import STATUS_VI
from kehoach.present.report import report_from_store
from kehoach.present.unit_pages import find_chromium, unit_slug
from kehoach.store.read import load_crosscheck

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not find_chromium() or not shutil.which("pdftotext"), reason="needs chromium and pdftotext"),
]


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_every_unit_with_a_plan_gets_its_pdf(tmp_path):
    data = tmp_path / "data"
    ingest_folder(SAMPLES, data)  # TXT, DOCX and PDF of the five seeds, as make demo does
    run_crosscheck(data)
    paths = report_from_store(data, tmp_path / "reports")
    result = load_crosscheck(data)
    with_plan = {unit_slug(u.unit_name) for u in result.unit_plans if u.has_plan}
    assert with_plan and with_plan <= set(paths.unit_pdfs)
    for slug in with_plan:
        pdf = paths.unit_pdfs[slug]
        assert pdf.read_bytes()[:5] == b"%PDF-"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info
        text = _squash(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        units = [u for u in result.unit_plans if u.has_plan and unit_slug(u.unit_name) == slug]
        for u in units:
            items = [d for d in result.directives if d.directive_doc_id == u.directive_doc_id]
            statuses = [c.status.value for c in result.coverage if c.lower_doc_id in u.lower_doc_ids]
            assert len(items) > 5
            for d in items:  # the whole row: every item, with its text
                assert re.search(rf"\b{d.item_id}\b", text), d.item_id
                assert _squash(d.item_text)[:25] in text.replace("- ", ""), d.item_text[:40]
            for s in set(statuses):
                assert STATUS_VI[s] in text
        assert "NGƯỜI KIỂM TRA" in text and "Ký, ghi rõ họ tên" in text
    report = paths.html.read_text(encoding="utf-8")
    assert all(f'href="don-vi/{slug}.pdf"' in report for slug in with_plan)  # the report links each sheet
