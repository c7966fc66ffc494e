"""Shared test fixtures: the bundled samples (in the repo) and ../shared (beside the repo in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))
CORPUS_DOCS = SHARED / "corpus" / "docs"
CORPUS_FILES = SHARED / "corpus" / "files"
GOLD = SHARED / "gold"

# Small real documents shipped with the tests (tests/fixtures/README.md), for what must run without ../shared.
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_DOC = FIXTURES / "snv-to-trinh-doi-ten-hoi.doc"  # a real legacy Word file from a provincial office

SEED_TXT = sorted(SAMPLES.glob("*.txt"))
SEED_DOCX = sorted((SAMPLES / "docx").glob("*.docx"))
SEED_PDF = sorted((SAMPLES / "pdf").glob("*.pdf"))


def seed(stem_prefix: str, fmt: str = "txt") -> Path:
    """samples path of a seed by its number prefix: seed('004', 'pdf')."""
    base = SAMPLES if fmt == "txt" else SAMPLES / fmt
    return next(base.glob(f"{stem_prefix}_*.{fmt}"))


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repo (it always is in CI)")


@pytest.fixture(scope="session")
def seed_extractions():
    """Extraction of every seed .txt, computed once per test session."""
    from kehoach.extract import extract_file

    return {p.name[:3]: extract_file(p) for p in SEED_TXT}
