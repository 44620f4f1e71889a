# The two set-up commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install system-packages messages lint benchmark

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

system-packages:
	@bash scripts/system-packages.sh $(SYSTEM_PACKAGES)

messages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity=0

# 1. Start the app with the demo town on SQLite, tasks in process, at http://127.0.0.1:8000
run: system-packages messages
	$(MANAGE) migrate --no-input --verbosity=0
	$(MANAGE) collectstatic --no-input --verbosity=0
	$(MANAGE) load_demo_town
	$(MANAGE) create_demo_accounts
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .

# 2. Run the whole test suite: lint, migrations up to date, translations compile, pytest.
test: SYSTEM_PACKAGES = test
test: system-packages messages lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Speed figures on the demo town (the quarterly reports' benchmark with real workers needs
# DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis: manage.py benchmark_quarterly_reports).
benchmark: messages
	$(MANAGE) migrate --no-input --verbosity=0
	$(MANAGE) load_demo_town
	$(MANAGE) benchmark_documents
	$(MANAGE) benchmark_registry
	$(MANAGE) benchmark_incentives
	$(MANAGE) benchmark_assessments
	$(MANAGE) benchmark_figures
	$(MANAGE) benchmark_dashboards
	$(MANAGE) benchmark_worklists
	$(MANAGE) benchmark_exports
	$(MANAGE) benchmark_boards
	$(MANAGE) benchmark_summary
