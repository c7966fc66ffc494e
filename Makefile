# kehoach — common tasks. `make demo` sets up and runs the main job on the bundled samples;
# `make test` runs the whole test suite (CI runs exactly this through .ci/run).
PY := .venv/bin/python
KEHOACH := .venv/bin/kehoach

.PHONY: setup demo test test-fast lint format bench bench-ingest bench-hostile bench-scale schema golden eval eval-crosscheck clean

setup:
	bash scripts/setup.sh

demo: setup
	$(KEHOACH) ingest samples --out data/processed
	$(KEHOACH) report --data data/processed
	$(KEHOACH) query "select doc_type, count(*) as n from documents group by 1 order by 1" --data data/processed

# Two processes (pytest-xdist), each test file kept on one of them (its module fixtures built once).
test:
	$(PY) -m pytest -q -n 2 --dist loadfile --durations=20

test-fast:
	$(PY) -m pytest -q -n 2 --dist loadfile -m "not slow"

lint:
	$(PY) -m ruff check kehoach tests scripts
	$(PY) -m ruff format --check kehoach tests scripts

format:
	$(PY) -m ruff format kehoach tests scripts
	$(PY) -m ruff check --fix kehoach tests scripts

bench:
	$(KEHOACH) bench
	$(PY) scripts/bench_ingest.py --n 1000 --workers 1,2

bench-scale:
	nice -n 5 $(PY) scripts/bench_scale.py --work data/bench-scale

bench-ingest:
	$(PY) scripts/bench_ingest.py --n 1000 --workers 1,2

# issue 14's large inputs (time and peak memory): a one-line TXT of 20 MB, a DOCX paragraph of 5 MB,
# TXTs of 0.2, 1 and 5 million short lines, a plan repeated 300 times, a 3000 × 10 merged table
bench-hostile:
	nice -n 10 $(PY) scripts/bench_hostile.py

schema:
	$(PY) -m kehoach.schemas.jsonschema --write

golden:
	KEHOACH_REGEN_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py || true
	@echo "golden files rewritten: review with git diff tests/golden"

# The project's evaluation (needs ../shared or $$KEHOACH_SHARED; the trove is unpacked beside it on first use).
# Each set is compared with its previous run in eval-out/ (compare.md); TROVE_SAMPLE=N for a quick run.
SHARED ?= $(or $(KEHOACH_SHARED),../shared)
TROVE ?= $(SHARED)/../trove/trove
EVAL_OUT ?= eval-out
TROVE_SAMPLE ?=
EVAL = $(KEHOACH) eval -q
EVAL_SETS = seeds-txt seeds-docx seeds-pdf dev heldout trove

eval:
	@test -d $(SHARED) || { echo "make eval needs $(SHARED) beside the repo (corpus, gold answers)"; exit 2; }
	@test -d $(TROVE) || { echo "unpacking the trove into $(dir $(TROVE))"; mkdir -p $(dir $(TROVE)) && tar -xJf $(SHARED)/corpus/trove.tar.xz -C $(dir $(TROVE)); }
	$(EVAL) $(SHARED)/seeds --gold $(SHARED)/gold --out $(EVAL_OUT)/seeds-txt --compare $(EVAL_OUT)/seeds-txt
	$(EVAL) $(SHARED)/seeds/docx --gold $(SHARED)/gold --out $(EVAL_OUT)/seeds-docx --compare $(EVAL_OUT)/seeds-docx
	$(EVAL) $(SHARED)/seeds/pdf --gold $(SHARED)/gold --out $(EVAL_OUT)/seeds-pdf --compare $(EVAL_OUT)/seeds-pdf
	$(EVAL) $(SHARED)/corpus/dev --gold $(SHARED)/gold-dev --out $(EVAL_OUT)/dev --compare $(EVAL_OUT)/dev
	$(EVAL) eval/heldout/docs --gold eval/heldout/gold --out $(EVAL_OUT)/heldout --compare $(EVAL_OUT)/heldout
	nice -n 10 $(EVAL) $(TROVE) --silver $(SHARED)/corpus/trove-silver.jsonl --labels eval/trove-admin-labels.jsonl \
		$(if $(TROVE_SAMPLE),--sample $(TROVE_SAMPLE)) --out $(EVAL_OUT)/trove --compare $(EVAL_OUT)/trove
	@$(KEHOACH) eval --table $(addprefix $(EVAL_OUT)/,$(EVAL_SETS))
	@$(MAKE) --no-print-directory eval-crosscheck

# The cross-check against labelled coverage: ../shared/crosscheck-dev and the blind sets of eval/crosscheck-blind.
XC_SETS = $(SHARED)/crosscheck-dev eval/crosscheck-blind/a eval/crosscheck-blind/b eval/crosscheck-blind/c
eval-crosscheck:
	@test -d $(SHARED) || { echo "make eval-crosscheck needs $(SHARED) beside the repo (its scorer and crosscheck-dev)"; exit 2; }
	@mkdir -p $(EVAL_OUT); for d in $(XC_SETS); do \
		out=$(EVAL_OUT)/xc-$$(basename $$d); rm -rf $$out; \
		$(KEHOACH) ingest $$d --out $$out > $$out.log 2>&1 || { echo "ingest of $$d failed: see $$out.log"; exit 1; }; \
		printf '%-32s ' $$d; $(PY) $(SHARED)/eval/coverage_score.py --key $$d/key.json --data $$out --kehoach $(KEHOACH) | tail -1; \
	done

clean:
	rm -rf data/processed/* data/reports .pytest_cache .ruff_cache
