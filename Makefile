# The whole newcomer story is `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := portal

.PHONY: help run test prod-test setup build lock test-setup assets translations messages lint check-content db bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# `make run` is a council's copy for development: a sample council name and numbers from
# the range kept for drama (01632 960xxx, never a real line), unless set; set one empty
# to see the pages without it.
RUN_ENV = PORTAL_ENV="$${PORTAL_ENV:-development}" \
  PORTAL_AUTHORITY_NAME="$${PORTAL_AUTHORITY_NAME-Sample Borough Council}" \
  PORTAL_AUTHORITY_PHONE="$${PORTAL_AUTHORITY_PHONE-01632 960000}" \
  PORTAL_OUT_OF_HOURS_PHONE="$${PORTAL_OUT_OF_HOURS_PHONE-01632 960999}"
run: setup ## Set everything up and serve the portal on http://127.0.0.1:$(PORT)
	@# Demo plans on first run (never in production), and a family link with its passcode.
	$(RUN_ENV) $(BIN)/flask demo load --base-url http://127.0.0.1:$(PORT)
	$(RUN_ENV) $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The whole suite, slow tests included, on every core (pytest-xdist), with coverage.
PYTEST_WORKERS ?= auto
test: setup test-setup ## Set everything up, with the test tools, and run the whole suite
	$(MAKE) --no-print-directory prod-test
	$(BIN)/python -m pytest -m "" -n $(PYTEST_WORKERS) --cov --cov-report=term

# The portal as a council runs it (deploy/): PostgreSQL, Redis, two gunicorn instances and
# nginx with TLS, all on 127.0.0.1 and stopped at the end, then the failure drills
# (tests/production/drills.py). About two minutes.
prod-test: setup test-setup ## Run deploy/'s nginx + two gunicorns + PostgreSQL + Redis, and drill them
	timeout 900 $(BIN)/python -m tests.production.drills

setup: build db ## Install and build what the portal needs

# What a production install needs (docs/deploy.md): no database is made or migrated here.
build: $(VENV)/.installed static/build/manifest.json translations ## Install and build, without touching a database

# Exactly the versions in requirements.lock, each checked against its hash; the ranges
# stay in pyproject.toml, and `make lock` works the lock out again from them. Nothing
# else is downloaded: the venv's own pip is used as it is, the locked setuptools goes in
# first, and what is built from source (a package with no wheel, and the project itself)
# is built with it: build isolation would fetch the newest setuptools, unchecked.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	sed -n '/^setuptools==/,/^    #/p' requirements.lock | grep -v '^    #' > $(VENV)/setuptools.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/setuptools.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-build-isolation -r requirements.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e . 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $@

lock: ## Work out requirements.lock again from pyproject.toml's ranges (newest allowed)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 --upgrade --quiet -o requirements.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/manifest.json: node_modules/.installed $(wildcard static/src/*) content/pictures.json
	npm run --silent build
	$(BIN)/python -m whitenoise.compress --no-brotli static/build

assets: static/build/manifest.json ## Build the stylesheets and script

translations: $(VENV)/.installed ## Compile the interface translations
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel compile -d translations -D messages --statistics 2>&1 | tail -n 7; fi

messages: $(VENV)/.installed ## Extract interface strings and update every catalog
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output \
	  --project "Family plan portal" -o translations/messages.pot .
	@for lang in $$($(BIN)/python -c 'from portal.i18n import LANGUAGES; print(" ".join(c for c in LANGUAGES if c != "en"))'); do \
	  if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations -l $$lang; \
	  else \
	    $(BIN)/pybabel init -i translations/messages.pot -d translations -l $$lang; \
	  fi; \
	done
	$(MAKE) translations

db: $(VENV)/.installed ## Create or migrate the database (SQLite in instance/ by default)
	@if [ -d migrations ]; then $(BIN)/flask db upgrade; fi

# Browser tests drive Debian's Chromium (never a downloaded browser); Noto fonts render
# Bengali, Arabic and Urdu; PostgreSQL runs the storage tests a second time; nginx and
# Redis (with PostgreSQL) are the production stack `make prod-test` drills.
SYSTEM_PACKAGES := chromium fonts-noto-core postgresql wrk nginx redis-server
# The councils' CIN census validator, in its own environment (tests/exchange/cin-validator.in).
CIN_VENV := .venv-cin
$(CIN_VENV)/.installed: tests/exchange/cin-validator.lock
	test -x $(CIN_VENV)/bin/python || $(PYTHON) -m venv $(CIN_VENV)
	$(CIN_VENV)/bin/python -m pip install --quiet --require-hashes -r tests/exchange/cin-validator.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $@

test-setup: node_modules/.installed $(CIN_VENV)/.installed
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

check-content: setup ## Check content front matter, links, anchors and translations
	$(BIN)/flask content check

lint: $(VENV)/.installed ## Lint and check formatting
	$(BIN)/ruff check portal tests bench migrations deploy
	$(BIN)/ruff format --check portal tests bench migrations deploy

bench: setup ## Measure guide, plan and static pages under load (wrk + gunicorn), print ratios
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean: ## Remove everything the set-up made (keeps instance/ with its database)
	rm -rf $(VENV) $(CIN_VENV) node_modules static/build
