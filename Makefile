# Everything runs inside .venv, created from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

RAW ?= data/raw
OUT ?= data/processed

GOLD ?= tests/fixtures/gold/seed_turns.jsonl

.PHONY: run test lint evaluate serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kaigiroku run $(RAW) --out $(OUT)
	$(BIN)/kaigiroku topics --data $(OUT)

evaluate: $(STAMP)
	$(BIN)/kaigiroku evaluate --gold $(GOLD) --data $(OUT)

serve: $(STAMP)
	$(BIN)/kaigiroku serve --data $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) $(OUT)/*/ $(OUT)/search.sqlite .pytest_cache
