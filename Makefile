# Two entry points for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8050

.PHONY: run test lint system-deps basemap check-data bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# JavaScript the tests need (axe-core for accessibility checks), exact versions from the lock
# file. The devDependencies (plotly.js, esbuild) only rebuild the vendored plotly bundle:
# `npm ci` then `bash scripts/build_plotly_bundle.sh`.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error

## Serve the app on its built-in data at http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	PORT=$(PORT) $(PY) app.py

## Install test requirements (Python packages, Chromium, Noto fonts) and run the whole suite
test: $(VENV)/.test system-deps node_modules/.package-lock.json
	$(PY) -m ruff check .
	$(PY) -m corridor_map.registry check
	$(PY) -m pytest

system-deps:
	bash scripts/install_system_deps.sh

lint: $(VENV)/.test
	$(PY) -m ruff check .

## Rebuild data/basemap from ../shared/geodata
basemap: $(VENV)/.runtime
	$(PY) scripts/build_basemap.py

check-data: $(VENV)/.runtime
	$(PY) -m corridor_map.registry check

bench: $(VENV)/.test
	$(PY) -m bench

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
