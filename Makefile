# Two commands for a fresh machine: `make run` and `make test`. Everything else is here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
FIXTURES := $(sort $(wildcard fixtures/*.json))
# The interface in the six UN languages: gettext catalogues, compiled whenever a .po
# changes. English is the source language: it has no catalogue.
LANGUAGES := fr es ru ar zh_Hans
CATALOGUES := $(foreach l,$(LANGUAGES),locale/$(l)/LC_MESSAGES/django.mo)

.PHONY: run test venv setup lint format serve bench messages compilemessages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "brsportal needs Python 3.12 or newer (pyenv reads .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed $(CATALOGUES)

# polib (pure Python, installed with the project) compiles, so a fresh machine needs no
# gettext; CI also checks every catalogue with msgfmt --check (.ci/run).
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python -c 'import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

compilemessages: $(CATALOGUES)

# After adding or changing marked strings (templates, gettext in Python): extract them into
# every catalogue, translate the new entries (msgstr "" or "#, fuzzy" in locale/*/), then
# `make test` (tests/i18n/test_catalogues.py fails while any entry is untranslated).
messages: venv
	$(MANAGE) makemessages $(foreach l,$(LANGUAGES),-l $(l)) --no-obsolete \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles --ignore=media

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
