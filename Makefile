# Basisbaan: `make run` serves the app with demo data, `make test` runs the test suite.
# Both install what they need (Python venv, npm assets, a private PostgreSQL if
# DATABASE_URL is not set) from the lock files first.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# Each recipe line that needs the database runs with this prefix: the application's (runtime)
# role, and the owner role that `manage.py migrate` and the test set-up switch to. Separate
# assignments, so that a failing scripts/db.sh stops the recipe with its message (a failure
# inside `VAR="$$(..)" command` would be swallowed). The owner first: it reads DATABASE_URL.
WITH_DB = db_owner_url="$$(scripts/db.sh owner-url)"; db_url="$$(scripts/db.sh start)"; \
	DATABASE_OWNER_URL="$$db_owner_url" DATABASE_URL="$$db_url"

.PHONY: backup restore bench makemessages help setup python-check venv assets messages db db-stop migrate seed run test ci lint format check-migrations e2e clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { \
	  echo "Python 3.12 or newer is needed (Django 6 requires it); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv: 'pyenv install 3.13.0' (the .python-version file selects it)."; \
	  echo "Or run: make run PYTHON=/path/to/python3.13"; exit 1; }

$(VENV)/.installed: requirements-dev.lock | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

venv: $(VENV)/.installed ## create .venv from the lock file

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.installed: node_modules/.package-lock.json
	@mkdir -p static/vendor/utrecht static/vendor/htmx static/vendor/axe
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css
	cp node_modules/@utrecht/design-tokens/dist/theme.css static/vendor/utrecht/design-tokens.css
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js
	cp node_modules/axe-core/axe.min.js static/vendor/axe/axe.min.js
	@touch $@

assets: static/vendor/.installed ## install npm assets into static/vendor/

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

%.mo: %.po
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES) ## compile the translations (gettext's msgfmt)

makemessages: setup ## collect the UI strings into locale/en (then translate the new ones)
	$(WITH_DB) $(MANAGE) makemessages -l en --no-location --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=.postgres

setup: venv assets messages

db: ## start the database if needed and print its DATABASE_URL
	@scripts/db.sh start

db-stop: ## stop the private PostgreSQL cluster
	@scripts/db.sh stop

migrate: setup
	$(WITH_DB) $(MANAGE) migrate --noinput

seed: migrate
	$(WITH_DB) $(MANAGE) seed_demo

run: seed ## install, migrate, load demo data and serve on http://127.0.0.1:8000 (another port: make run PORT=8080)
	@$(WITH_DB) $(MANAGE) demo_logins --address $(HOST):$(PORT)
	$(WITH_DB) $(MANAGE) runserver $(HOST):$(PORT)

test: setup ## run the whole test suite (pass pytest arguments with ARGS="...")
	$(WITH_DB) $(PY) -m pytest $(ARGS)

bench: migrate ## speed of every page against a trivial view (BENCH_ARGS="--repeat 20 --json bench.json")
	$(WITH_DB) $(MANAGE) bench $(BENCH_ARGS)

BACKUP_DIR ?= backups
KEEP ?= 0

backup: setup ## back up the database and the documents into BACKUP_DIR (default backups/; KEEP=N rotates)
	$(WITH_DB) $(MANAGE) backup --output "$(BACKUP_DIR)" --keep $(KEEP)

restore: setup ## restore BACKUP=backups/basisbaan-<time> into an empty database (e.g. BASISBAAN_DB_NAME=basisbaan_restored)
	@test -n "$(BACKUP)" || { echo "Name the backup: make restore BACKUP=backups/basisbaan-<time> BASISBAAN_DB_NAME=basisbaan_restored"; exit 1; }
	$(WITH_DB) $(MANAGE) restore --input "$(BACKUP)"

lint: venv ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: setup
	$(WITH_DB) $(MANAGE) makemigrations --check --dry-run

ci: lint check-migrations ## lint, migration check and all tests, browser tests included
	$(WITH_DB) $(PY) -m pytest $(ARGS)

clean: db-stop ## remove everything the targets installed (keeps nothing of the private database)
	rm -rf $(VENV) node_modules static/vendor staticfiles .postgres "$$(scripts/db.sh dir)"
