"""The incremental cross-check (stored per-document features, unchanged pairs reused) gives exactly the
tables of a full recompute from every extraction — after adding, changing and removing documents —
and its links grow with the corpus, not with its square."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED_TXT, SHARED, needs_shared

from kehoach.crosscheck import features as feat
from kehoach.crosscheck.run import StoreCorpus, crosscheck, run_crosscheck
from kehoach.ingest.run import ingest_folder
from kehoach.schemas.crosscheck import LinkRelation
from kehoach.store import read as store_read

CROSSCHECK_DEV = SHARED / "crosscheck-dev"


def comparable(tables: dict) -> dict:
    """The tables, with what each pair was computed from left out (a full recompute reuses nothing)."""
    return tables | {"coverage_pairs": [p.model_copy(update={"signature": ""}) for p in tables["coverage_pairs"]]}


def full_recompute(data: Path) -> dict:
    """Every table computed from every stored extraction, nothing reused."""
    return comparable(crosscheck(store_read.load_extractions(data)).tables())


def stored(data: Path) -> dict:
    return comparable(store_read.load_crosscheck(data).tables())


def incremental(data: Path) -> tuple[dict, StoreCorpus]:
    corpus = StoreCorpus(data)
    result = crosscheck(corpus)
    return comparable(result.tables()), corpus


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The coverage set and the seeds in one store, cross-checked once."""
    tmp = tmp_path_factory.mktemp("incr")
    raw, data = tmp / "raw", tmp / "data"
    raw.mkdir()
    for p in [*sorted(CROSSCHECK_DEV.glob("*.txt")), *SEED_TXT]:
        shutil.copy(p, raw / p.name)
    ingest_folder(raw, data, workers=1)
    run_crosscheck(data)
    return raw, data


@needs_shared
def test_features_are_stored_with_each_document(store):
    _, data = store
    docs = store_read.load_table(data, "documents", ["doc_id"]).column("doc_id").to_pylist()
    f = store_read.load_table(data, "doc_features").to_pylist()
    assert sorted(r["doc_id"] for r in f) == sorted(docs)
    assert {r["features_version"] for r in f} == {feat.FEATURES_VERSION}
    d = store_read.load_table(data, "doc_directives").to_pylist()
    assert d and {r["lower_level"] for r in d} >= {"xa"}


@needs_shared
def test_first_run_equals_full_recompute(store):
    _, data = store
    assert stored(data) == full_recompute(data)


@needs_shared
def test_unchanged_store_reuses_every_pair(store):
    _, data = store
    tables, corpus = incremental(data)
    assert tables == stored(data)
    assert corpus.computed_pairs == 0 and corpus.reused_pairs == len(tables["coverage_pairs"]) > 0
    assert corpus.recomputed_features == 0


@needs_shared
def test_add_change_remove_equals_full_recompute(store, tmp_path):
    raw0, data0 = store
    raw, data = tmp_path / "raw", tmp_path / "data"
    shutil.copytree(raw0, raw)
    shutil.copytree(data0, data)
    # changed: a commune plan with one more line; removed: another; added: a copy of the district
    # plan's commune implementation under a new name with a different closing line
    plan = next(raw.glob("xa_an_khuong*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8") + "\nUBND xã tổ chức sơ kết vào tháng 6.\n", encoding="utf-8")
    next(raw.glob("xa_tan_hung*.txt")).unlink()
    seed000 = next(raw.glob("000_*.txt"))
    (raw / "moi.txt").write_text(
        seed000.read_text(encoding="utf-8").replace("Minh Tâm", "Tân Hưng") + "\nThêm một dòng.\n", encoding="utf-8"
    )
    ingest_folder(raw, data, workers=1)
    tables, corpus = incremental(data)
    assert tables == full_recompute(data)
    assert corpus.reused_pairs > 0 and corpus.computed_pairs > 0  # only the pairs the change touched
    run_crosscheck(data)
    assert stored(data) == full_recompute(data)
    # the embeddings of the removed plan went with it
    embedded = set(store_read.load_table(data, "embeddings", ["doc_id"]).column("doc_id").to_pylist())
    assert embedded <= store_read.document_ids(data)


@needs_shared
def test_embeddings_are_kept_in_the_store(store, tmp_path, monkeypatch):
    """The hybrid matcher's embeddings are stored per document (table embeddings, declared schema):
    a later run that computes every pair again (other cross-check code) embeds nothing and stores
    the same rows."""
    import pyarrow as pa

    from kehoach.crosscheck import run
    from kehoach.crosscheck.matching import get_matcher, semantic

    if not getattr(get_matcher(), "embeds", False):
        pytest.skip("the matcher in use ($KEHOACH_MATCHER) embeds nothing")
    _, data0 = store
    data = tmp_path / "data"
    shutil.copytree(data0, data)
    rows = store_read.load_table(data, "embeddings").to_pylist()
    assert rows and {r["doc_id"] for r in rows} <= store_read.document_ids(data)
    assert {r["role"] for r in rows} == {"query", "passage"} and {r["method"] for r in rows} == {semantic.METHOD}
    assert all(len(r["vector"]) == 4 * semantic.DIM for r in rows)
    assert store_read.arrow_schema("embeddings").field("vector").type == pa.binary()
    before = stored(data)

    monkeypatch.setattr(run, "code_version", lambda: "other code")  # every pair is computed again
    monkeypatch.setattr(semantic, "_cache", type(semantic._cache)())  # a new process: nothing in memory
    embedded: list[int] = []
    real = semantic.model()
    monkeypatch.setattr(semantic, "model", lambda: embedded.append(1) or real)
    corpus = StoreCorpus(data)
    result = crosscheck(corpus)
    assert corpus.computed_pairs == len(result.pairs) > 0 and corpus.reused_pairs == 0
    assert embedded == [] and corpus.embedding_rows() is None  # nothing embedded, nothing to store again
    assert comparable(result.tables()) == before


@needs_shared
def test_store_without_features_still_cross_checks(store, tmp_path):
    """A store written before features existed (or with an older version): computed at cross-check time."""
    import json

    _, data0 = store
    data = tmp_path / "data"
    shutil.copytree(data0, data)
    snap = store_read.snapshot(data)
    m = dict(snap.manifest)
    m["tables"] = {t: es for t, es in m["tables"].items() if t not in ("doc_features", "doc_directives", "coverage_pairs")}
    path = data / store_read.MANIFEST_DIR / store_read.manifest_name(snap.version + 1)
    path.write_text(json.dumps(m), encoding="utf-8")
    tables, corpus = incremental(data)
    assert corpus.recomputed_features == len(store_read.document_ids(data))
    assert tables == full_recompute(data)


@needs_shared
def test_same_basis_links_are_linear(store):
    """Communes carrying out QĐ 77 link to the district plan once each, never to each other."""
    _, data = store
    links = [x for x in stored(data)["links"] if x.relation == LinkRelation.same_basis]
    members = {x.from_doc_id for x in links} | {x.to_doc_id for x in links}
    assert links and len(links) < len(members)
    assert len({x.from_doc_id for x in links}) == len(links)  # one link per lower member


@needs_shared
def test_a_cross_check_stored_before_coverage_pairs_still_reads(store, tmp_path):
    """Reports and the web read a cross-check written by the previous kehoach (no coverage_pairs table);
    the next cross-check computes every pair and writes it."""
    import json

    _, data0 = store
    data = tmp_path / "data"
    shutil.copytree(data0, data)
    snap = store_read.snapshot(data)
    m = dict(snap.manifest)
    m["tables"] = {t: es for t, es in m["tables"].items() if t != "coverage_pairs"}
    (data / store_read.MANIFEST_DIR / store_read.manifest_name(snap.version + 1)).write_text(json.dumps(m), encoding="utf-8")
    old = store_read.load_crosscheck(data)
    assert old is not None and old.coverage and old.pairs == []
    tables, corpus = incremental(data)
    assert corpus.reused_pairs == 0 and corpus.computed_pairs == len(tables["coverage_pairs"]) > 0
    assert tables == full_recompute(data)
