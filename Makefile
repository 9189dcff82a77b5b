# Two commands a newcomer needs: `make run` (site with demo content on SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format check migrations-check clean messages compile-messages prod prod-stop

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_regulations
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_services
	$(PY) manage.py update_index
	$(PY) manage.py ensure_admin

run: demo compile-messages
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Translations: locale/en (the public site in English) and locale/id (what Wagtail's
# Indonesian lacks). The compiled .mo files are committed; they are rebuilt here when a
# .po changed and GNU gettext's msgfmt is installed (.ci/run installs it), and
# tests/config/test_messages.py fails when a .mo is older than its .po.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po
	@if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; \
	else echo "msgfmt not found (apt-get install gettext): keeping the committed $@"; fi

compile-messages: $(MO_FILES)

# New or changed interface strings into locale/en/LC_MESSAGES/django.po (translate the
# public ones there), then compile.
messages: install
	$(PY) manage.py makemessages -l en --add-location=file --ignore=tests --ignore=bench \
		--ignore=.venv --ignore=var --ignore=static --ignore=media
	$(MAKE) compile-messages

test: install compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)
	@# The PostgreSQL-only tests, when a PostgreSQL server is configured but the run above was not on it.
	@if [ -n "$(POSTGRES_TEST_URL)" ] && ! printf '%s' "$(DATABASE_URL)" | grep -q '^postgres'; then \
		echo "PostgreSQL-only tests on $(POSTGRES_TEST_URL)"; \
		DATABASE_URL="$(POSTGRES_TEST_URL)" $(PY) -m pytest -m postgres $(PYTEST_ARGS); \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run --noinput

check: lint migrations-check
	$(PY) manage.py check

# The production stack on this machine (gunicorn + task worker behind Varnish, on
# PostgreSQL with the demo content): http://127.0.0.1:8080/ . deploy/prod.sh says how.
prod:
	bash deploy/prod.sh start

prod-stop:
	bash deploy/prod.sh stop

clean:
	rm -rf $(VENV) db.sqlite3 var static
