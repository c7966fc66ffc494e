"""Golden files per sample document: a readable outline (header fields + section tree) and every
extracted record (the extract JSON without the text and the local path), and format invariance.

Regenerate after an intended change with:  KEHOACH_REGEN_GOLDEN=1 pytest tests/test_golden.py
then review the diff (git diff tests/golden) and commit. The flag must never stay on: a test fails
while it is set, so CI cannot pass with golden files being rewritten instead of checked.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from conftest import SEED_DOCX, SEED_PDF, SEED_TXT
from golden_outline import outline

from kehoach.extract import extract_file
from kehoach.schemas.contract import Extraction

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("KEHOACH_REGEN_GOLDEN") == "1"
SAMPLES = SEED_TXT + SEED_DOCX + SEED_PDF


def test_regeneration_flag_is_off():
    assert not REGEN, "KEHOACH_REGEN_GOLDEN=1 rewrites golden files instead of checking them: unset it"


@cache
def _extraction(path: Path) -> Extraction:
    return extract_file(path)


def records(x: Extraction) -> str:
    """Every record of an extraction as indented JSON, stable across machines: no text (the outline
    and the spans stand for it), no local path; the extractor versions stay (a bump shows)."""
    d = json.loads(x.model_dump_json())
    d.pop("text")
    d["source"].pop("path")
    return json.dumps(d, ensure_ascii=False, indent=1) + "\n"


def _check(got: str, golden: Path) -> None:
    if REGEN:
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden.name}: run with KEHOACH_REGEN_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8"), f"{golden.name} differs: if intended, regenerate and review the diff"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.stem}.{p.suffix[1:]}")
def test_golden_outline(path):
    _check(outline(_extraction(path)), GOLDEN / f"{path.stem}.{path.suffix[1:]}.outline.txt")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.stem}.{p.suffix[1:]}")
def test_golden_records(path):
    _check(records(_extraction(path)), GOLDEN / f"{path.stem}.{path.suffix[1:]}.records.json")


HEADER_KEYS = ("doc_type", "number", "issued_date", "year", "title", "recipients")


@pytest.mark.parametrize("txt", SEED_TXT, ids=lambda p: p.stem[:3])
def test_format_does_not_change_the_header(txt):
    """The same document as TXT, DOCX and PDF gives the same metadata."""
    results = [_extraction(p) for p in (txt, txt.parent / "docx" / f"{txt.stem}.docx", txt.parent / "pdf" / f"{txt.stem}.pdf")]
    for key in HEADER_KEYS:
        assert len({repr(getattr(r, key)) for r in results}) == 1, key
    assert len({(r.issuer.level, r.issuer.place) for r in results}) == 1
    assert len({(r.parent.place if r.parent else None) for r in results}) == 1
    assert len({r.signer.name for r in results}) == 1
    assert len({tuple((s.number, s.heading) for s in r.sections) for r in results}) == 1
