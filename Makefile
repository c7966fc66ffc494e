# kehoach — common tasks. `make demo` sets up and runs the main job on the bundled samples;
# `make test` runs the whole test suite (CI runs exactly this through .ci/run).
PY := .venv/bin/python
KEHOACH := .venv/bin/kehoach

.PHONY: setup demo test test-fast lint format bench bench-ingest schema golden clean

setup:
	bash scripts/setup.sh

demo: setup
	$(KEHOACH) ingest samples --out data/processed
	$(KEHOACH) report --data data/processed --out data/reports
	$(KEHOACH) query "select doc_type, count(*) as n from documents group by 1 order by 1" --data data/processed

test:
	$(PY) -m pytest -q

test-fast:
	$(PY) -m pytest -q -m "not slow"

lint:
	$(PY) -m ruff check kehoach tests scripts
	$(PY) -m ruff format --check kehoach tests scripts

format:
	$(PY) -m ruff format kehoach tests scripts
	$(PY) -m ruff check --fix kehoach tests scripts

bench:
	$(KEHOACH) bench
	$(PY) scripts/bench_ingest.py --n 1000 --workers 1,2

bench-ingest:
	$(PY) scripts/bench_ingest.py --n 1000 --workers 1,2

schema:
	$(PY) -m kehoach.schemas.jsonschema --write

golden:
	KEHOACH_REGEN_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py || true
	@echo "golden files rewritten: review with git diff tests/golden"

clean:
	rm -rf data/processed/* data/reports .pytest_cache .ruff_cache
