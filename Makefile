# The two commands: `make run` serves the site, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Local runs only; production sets its own SECRET_KEY and leaves DEBUG off.
DEV_ENV := DEBUG=true
TEST_ENV := SECRET_KEY=test-only-not-secret
# The browser journeys (tests/browser/) use Debian's chromium; without it they skip.
CHROMIUM := /usr/bin/chromium
# `make run PORT=8102` serves on another port.
PORT ?= 8000

# The offline validators (Nu HTML Checker, axe-core), pinned in tools/validators/.
VALIDATORS := tools/validators
VALIDATORS_STAMP := $(VALIDATORS)/node_modules/.installed

# The translations (README, Languages): catalogues in locale/, compiled here, never committed.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: install run setup test lint format clean soak fuzz bench bench-corpus screenshots validators messages makemessages

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

# GNU gettext's msgfmt, as Django's compilemessages uses; .ci/run and the Dockerfile install it.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null \
		|| { echo "msgfmt is needed to build the translations (apt-get install -y gettext)"; exit 1; }
	msgfmt --check-format -o $@ $<

messages: $(COMPILED)

# After changing a translatable string: refresh the catalogues, translate, then `make messages`.
makemessages: install
	$(DEV_ENV) $(PY) manage.py makemessages --all --no-obsolete --no-location \
		--ignore=.venv --ignore=tools --ignore=bench --ignore=tests --ignore=docs

# npm ci installs exactly the lock file's versions into tools/validators/node_modules;
# --ignore-scripts: vnu-jar's jar is in the package, its postinstall would fetch a Java.
$(VALIDATORS_STAMP): $(VALIDATORS)/package.json $(VALIDATORS)/package-lock.json
	@command -v npm >/dev/null \
		|| { echo "npm is needed for the HTML and accessibility validators (apt-get install -y npm)"; exit 1; }
	cd $(VALIDATORS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(VALIDATORS_STAMP)

validators: $(VALIDATORS_STAMP)

setup: install messages
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_fixtures

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/"
	@# Curators (issue 5): how to get into the admin.
	@# The hint carries DEBUG=true: without it settings refuse to start (no SECRET_KEY).
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/ (create a login: $(DEV_ENV) $(PY) manage.py createcurator NAME)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint validators messages
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	@test -x $(CHROMIUM) \
		&& echo "Browser journeys: running with $(CHROMIUM)" \
		|| echo "Browser journeys: SKIPPED, $(CHROMIUM) is missing (apt-get install -y chromium; .ci/run installs it)"
	@# The slowest tests are listed at the end: CI must stay under half an hour.
	$(TEST_ENV) $(VENV)/bin/pytest --durations=25 $(PYTEST_ARGS)

# Refresh the journey screenshots the README shows (docs/screenshots/).
screenshots: install messages
	SCREENSHOTS_DIR=docs/screenshots $(TEST_ENV) $(VENV)/bin/pytest tests/browser -q

# The address-bar fuzz with 2,000 examples a route instead of `make test`'s 25 (an hour or so).
fuzz: install
	FUZZ_EXAMPLES=2000 $(TEST_ENV) $(VENV)/bin/pytest tests/prod/test_fuzz.py -q

# Two minutes of gunicorn under 64 connections on a private PostgreSQL, killed mid-run.
soak: install
	$(PY) bench/soak.py

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 $(VALIDATORS)/node_modules

# The benchmark (bench/README.md): corpora in databases of their own, then gunicorn under load.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/coop_bench
BENCH_PG_SMALL ?= postgres://postgres@127.0.0.1:5432/coop_bench_small
BENCH_SQLITE ?= $(CURDIR)/bench/.corpus.sqlite3
BENCH_ARGS ?=

bench-corpus: install
	$(PY) bench/corpus.py --scale 1 $(BENCH_PG)
	$(PY) bench/corpus.py --scale 0.01 $(BENCH_PG_SMALL)
	$(PY) bench/corpus.py --scale 1 sqlite://$(BENCH_SQLITE)

bench: install
	$(PY) bench/run.py --target pg=$(BENCH_PG) --target pg-0.01=$(BENCH_PG_SMALL) \
		--target sqlite=sqlite://$(BENCH_SQLITE) --page-cache both --write-load $(BENCH_ARGS)
