# localperf: `make run` to use it, `make test` to check it.
SHELL := /bin/bash
PYTHON := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
FRONTEND_SOURCES := $(shell find frontend -type f) package.json package-lock.json

.PHONY: install run serve worker backup restore test test-sqlite test-postgres bench lint format setup-db demo clean

install: .venv/.installed build/static/.built

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --frozen --python 3.11
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/static/.built: node_modules/.installed $(FRONTEND_SOURCES)
	npm run --silent build
	@touch $@

setup-db: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_reference
	@if $(PYTHON) manage.py help load_demo >/dev/null 2>&1; then $(PYTHON) manage.py load_demo; fi

# The demo is seen as at 30 November 2009, mid-agreement, so every status shows; set
# LOCALPERF_AS_AT= (empty) to judge on today's date.
AS_AT ?= 2009-11-30
run: setup-db
	LOCALPERF_AS_AT=$${LOCALPERF_AS_AT-$(AS_AT)} $(PYTHON) manage.py runserver $(HOST):$(PORT)

# The production profile: gunicorn and the task worker (README: "Running in production").
serve: install
	scripts/serve

# A task worker alone, to add capacity on another machine.
worker: install
	LOCALPERF_PROFILE=production $(PYTHON) manage.py worker

# A backup of the database in BACKUP (default backups/localperf-<time>.dump or .sqlite3);
# `make restore BACKUP=…` loads one into the database DATABASE_URL names (empty first).
backup: install
	$(PYTHON) manage.py backup $(if $(BACKUP),--to $(BACKUP),)

restore: install
	$(PYTHON) manage.py restore $(BACKUP)

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL is set.
test: install
	@scripts/ensure-chromium
	env -u DATABASE_URL $(PYTHON) -m pytest
	@if [ -n "$${DATABASE_URL:-}" ]; then \
		echo "Running the suite again on PostgreSQL ($${DATABASE_URL})"; \
		$(PYTHON) -m pytest; \
	fi

bench: install
	@for script in bench/bench_*.py; do $(PYTHON) $$script || exit 1; done

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

clean:
	rm -rf .venv node_modules build localperf.sqlite3*
