# Two commands: `make run` starts the portal on a bare machine, `make test` runs every test.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1

# `make run` starts one task worker (imports run in the background) beside the development server; Ctrl-C stops both.
.PHONY: run worker test install install-dev migrate lint audit messages backup restore benchmark clean

$(VENV)/.installed-runtime: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

run: install
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_policy
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo ""
	@echo "  Portal: http://$(HOST):$(PORT)/   (log in as bureau, leader, admin or a township: jinluo, zhike …)"
	@echo "  One background worker runs the spreadsheet imports (make worker starts another)."
	@echo ""
	$(DEV_ENV) sh -c '$(PY) manage.py db_worker --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; $(PY) manage.py runserver $(HOST):$(PORT)'

# A task worker on its own (on a server: deploy/zhongyang-worker.service, see docs/deployment.md).
worker: install
	$(DEV_ENV) $(PY) manage.py db_worker

# Two processes on this 2-core machine (pytest-xdist); PYTEST_ARGS="-n 0 tests/visits" for one worker and one folder.
PYTEST_ARGS ?= -n auto
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

audit: install-dev
	$(PY) .ci/audit_dependencies.py

# Style (ruff) and the layers of docs/architecture.md (import-linter contracts in pyproject.toml).
lint: install-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

migrations-check: install-dev
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

messages: install-dev
	$(DEV_ENV) $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=var --no-obsolete
	$(DEV_ENV) $(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

# Nightly on the server: deploy/zhongyang-backup.timer. By hand: `make backup` (or FILE=path),
# `make restore FILE=var/backups/zhongyang-….dump`. The environment (DATABASE_URL …) comes from the caller.
backup: install
	$(PY) manage.py backup $(if $(FILE),--out $(FILE))

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 1; }
	$(PY) manage.py restore $(FILE)

# Whole pages at 1 and 10 synthetic counties, one table (docs/performance.md); the databases are built once and kept.
# PostgreSQL when DATABASE_URL is set (<name>_bench_1, <name>_bench_10), SQLite in var/ otherwise.
benchmark: install
	$(DEV_ENV) $(PY) benchmarks/run.py $(BENCHMARK_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
