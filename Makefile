PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
EVAL_DOCS ?= evals/cache

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: install run test test-slow bench eval lint report clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tencent-etl run --data-dir $(DATA_DIR)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/python -m evals --docs $(EVAL_DOCS)

lint: $(STAMP)
	$(BIN)/ruff check .

report: $(STAMP)
	$(BIN)/tencent-etl report --data-dir $(DATA_DIR)

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
