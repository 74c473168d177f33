# Two commands for a fresh machine: `make run` and `make test`. Everything else is here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
FIXTURES := $(sort $(wildcard fixtures/*.json))

.PHONY: run test venv setup lint format serve bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "brsportal needs Python 3.12 or newer (pyenv reads .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

setup: venv
	$(MANAGE) migrate --no-input
	$(MANAGE) loaddata $(FIXTURES)
	$(MANAGE) seed_reports

run: setup
	@if [ -z "$$DATABASE_URL" ]; then PORT=$(PORT) $(MANAGE) demo_admin | sed "s/{port}/$(PORT)/"; fi
	@echo "brsportal: http://127.0.0.1:$(PORT)/  (admin at /admin/, API at /api/v1/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: venv
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: venv
	DJANGO_DEBUG=false $(MANAGE) collectstatic --no-input -v0
	DJANGO_DEBUG=false $(BIN)/gunicorn -c brsportal/gunicorn.conf.py

bench: venv
	$(BIN)/python -m bench.run
