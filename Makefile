# claimcheck — the two set-up commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO_STORE ?= .demo-store
export ANONYMIZED_TELEMETRY := False
export CHROMA_TELEMETRY := False
export DISABLE_TQDM := 1

.PHONY: demo test install dev lint typecheck eval bench clean help

help:
	@echo "make demo   create .venv, install, ingest the demo corpus, check the demo article"
	@echo "make test   install dev extras and run the test suite"
	@echo "make lint   ruff + mypy;  make eval   quality evals;  make bench   speed benchmarks"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

install: $(STAMP)

dev: $(DEVSTAMP)

demo: $(STAMP)
	$(BIN)/claimcheck ingest examples/corpus --store $(DEMO_STORE)
	$(BIN)/claimcheck check examples/article.txt --store $(DEMO_STORE) --backend local

test: $(DEVSTAMP)
	$(BIN)/pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check claimcheck tests benchmarks scripts evals
	$(BIN)/mypy

eval: $(STAMP)  # the runs of evals/README.md's table, checked against evals/baselines.json
	$(BIN)/claimcheck eval seed --check
	$(BIN)/claimcheck eval scifact --limit 100 --check
	$(BIN)/claimcheck eval scifact --limit 100 --backend bm25-baseline --check
	$(BIN)/claimcheck eval climate-fever --limit 200 --check
	$(BIN)/claimcheck eval climate-fever --limit 200 --backend bm25-baseline --check
	$(BIN)/claimcheck eval extraction --check

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_STORE) build dist .pytest_cache .mypy_cache .ruff_cache
