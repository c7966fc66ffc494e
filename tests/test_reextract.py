"""Re-extraction from the stored raw document: a new extractor version re-runs without reading
(or OCR'ing) the file again, and gives what a fresh extraction gives."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SEED_PDF, SEED_TXT

from kehoach.extract import canonical_of, extract_file, reextract
from kehoach.extractors import REGISTRY, affected, stale, versions_key
from kehoach.read import read_document
from kehoach.schemas.document import CANONICAL_VERSION, RawDocument
from kehoach.schemas.tables import extraction_rows

SAMPLES = [SEED_TXT[0], SEED_TXT[2], SEED_PDF[1]]


def _json(ex) -> dict:
    return json.loads(ex.model_dump_json())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.stem[:3]}.{p.suffix[1:]}")
def test_stored_raw_document_rebuilds_the_same_extraction(path):
    raw = read_document(path)
    stored = RawDocument.model_validate_json(raw.model_dump_json())
    doc = canonical_of(stored)
    assert doc.text == canonical_of(raw).text and doc.lines == canonical_of(raw).lines
    assert _json(reextract(raw.model_dump_json())) == _json(extract_file(path))


@pytest.mark.parametrize("path", SAMPLES[:2], ids=lambda p: p.stem[:3])
def test_only_the_changed_extractors_and_their_dependents_run(path):
    raw_json = read_document(path).model_dump_json()
    full = extract_file(path)
    # a previous extraction whose criteria and reform areas differ: they are kept as they were when
    # only deadlines changed; deadlines, and campaigns which read them, are computed again
    previous = full.model_copy(update={"criteria": [], "reform_areas": [], "deadlines": [], "campaigns": []})
    again = reextract(raw_json, only={"deadlines"}, previous_json=previous.model_dump_json())
    assert again.criteria == [] and again.reform_areas == []
    assert again.deadlines == full.deadlines and again.campaigns == full.campaigns
    assert again.text == full.text and again.number == full.number and again.sections == full.sections


def test_what_a_version_bump_re_runs():
    assert affected({"deadlines"}) == {"deadlines", "campaigns"}
    assert affected({"sections"}) >= {"sections", "responsibilities", "criteria", "campaigns", "reform_areas", "deadlines"}
    assert stale(versions_key()) == set()
    older = versions_key().replace(REGISTRY["citations"].tag, "citations@0")
    assert stale(older) == {"citations"}
    assert stale(",".join(t for t in versions_key().split(",") if not t.startswith("reform_areas@"))) == {"reform_areas"}


def test_raw_document_row():
    path = SEED_TXT[0]
    doc = canonical_of(read_document(path))
    ex = extract_file(path)
    rows = extraction_rows("d" * 16, str(path), ex, versions_key(), dt.datetime(2025, 1, 1, tzinfo=dt.UTC), raw=doc.source)
    (row,) = rows["raw_documents"]
    assert row["canonical_version"] == CANONICAL_VERSION
    assert canonical_of(RawDocument.model_validate_json(row["raw_json"])).text == ex.text
    assert extraction_rows("d" * 16, str(path), ex, versions_key(), dt.datetime(2025, 1, 1, tzinfo=dt.UTC))["raw_documents"] == []
