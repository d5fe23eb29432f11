# Pembinaan ASN: the commands the README gives.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCALE ?= full

.PHONY: run test test-fast bench load lint install install-dev browser clean-data

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, demo data, web + Celery worker + beat (+ embedded PostgreSQL and Redis).
run: install
	$(PY) manage.py runstack

## make test: the whole suite (unit, integration on real PostgreSQL/Redis/Celery, browser tests).
test: install-dev
	$(PY) -m pytest

test-fast: install-dev
	$(PY) -m pytest -m "not e2e"

## make bench [SCALE=small] [BAGIAN=pembinaan,jp]: benchmarks on generated data; writes bench-results.json.
bench: install-dev
	$(PY) -m tests.bench.run --scale $(SCALE) $(if $(BAGIAN),--bagian $(BAGIAN))

## make load [DURASI=5m] [PENGGUNA=300] [SCALE=small] [PAKAI_DATA=1 reuses the last complete build]: a Monday morning through gunicorn with locust (not in make test).
load: install-dev
	$(PY) -m tests.load.run --durasi $(or $(DURASI),5m) --pengguna $(or $(PENGGUNA),300) --scale $(if $(filter small,$(SCALE)),small,full)$(if $(PAKAI_DATA), --pakai-data)

## make lint: ruff (style, complexity <= 12) and import-linter (apps depend one way; contract in pyproject.toml).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

## Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

clean-data:
	$(PY) -c "from pembinaan import embedded; embedded.stop_all()" || true
	rm -rf .data
