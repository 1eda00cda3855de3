# Juryrum: `make run` to try it, `make test` to test it. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in one process per core (pytest-xdist); each process has a database of its own.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

# The first Python 3.12+ found: PYTHON=..., python3.13, python3.12, python3, then pyenv's.
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v "$$p"; break; fi; done)
endif

.PHONY: help python install migrate demo run test test-fast test-postgres lint format messages check-deploy bench clean

help:
	@echo "make run     set up (venv, install, migrate, demo data) and serve on http://$(HOST):$(PORT)"
	@echo "make test    set up and run the whole test suite on SQLite (about 3 minutes)"
	@echo "make test-fast  the suite without the browser journeys"
	@echo "make test-postgres  the whole suite on PostgreSQL"
	@echo "make lint    ruff, import contracts, migrations and translations up to date"
	@echo "make messages  update and compile the Swedish translations"
	@echo "make bench   page throughput against /healthz (wrk), then the deadline rush and the gala minute (locust)"

python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Juryrum needs Python 3.12 or newer, and none was found (tried python3.13, python3.12,"; \
		echo "python3 and pyenv's versions). Install one, e.g. 'pyenv install 3.13', or name it:"; \
		echo "  make run PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(PYTHON) is Python $$("$(PYTHON)" -c 'import platform; print(platform.python_version())'); Juryrum needs 3.12 or newer."; \
		exit 1; }

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory python
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Replacing $(VENV), made with an older Python"; rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON)"; "$(PYTHON)" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# The demo's own mails (receipts, invitations) are not printed: the logins stay in sight.
demo: migrate
	EMAIL_URL=$${EMAIL_URL:-locmem:} $(PY) manage.py seed_demo

# Links in mails point at the address the server is served on (make run PORT=8080).
run: demo
	@echo "Juryrum on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PYTEST) $(PYTEST_ARGS)

test-fast: install
	$(PYTEST) --ignore=tests/browser $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/juryrum} $(PYTEST) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'tests/*' --ignore 'benchmarks/*'
	$(PY) manage.py compilemessages --locale sv --ignore '.venv/*'

bench: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(PY) benchmarks/throughput.py $(THROUGHPUT_ARGS)
	$(PY) benchmarks/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
