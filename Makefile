PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
EVAL_DOCS ?= evals/cache
# Debian packages the browser check of the report needs (headless Chromium, and a font for Chinese text).
BROWSER_PACKAGES ?= chromium fonts-wqy-microhei

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: install browser run test test-slow bench eval lint report clean

install: $(STAMP) browser

# Installs the packages when they are missing and this is root with apt-get; never fails: without them
# the browser test of the report says that it skipped and why.
browser:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing$$missing (apt-get)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
			|| echo "could not install$$missing: the report's browser test will skip"; \
	else echo "not installed:$$missing (needs root and apt-get): the report's browser test will skip"; fi

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tencent-etl run --data-dir $(DATA_DIR)

test: $(STAMP) browser
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
