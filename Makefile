# CYPP: the README's commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
CYPP := $(BIN)/cypp
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
CHROMIUM ?= /usr/bin/chromium
GOVUK := node_modules/govuk-frontend/dist/govuk
STATIC := build/static/govuk

.PHONY: help install run serve test test-fast lint typecheck migrations-check bench eval static browser-deps pdf-deps demo clean fuzz

help: ## List the commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-18s %s\n", $$1, $$2}'

# --- set-up (each step is skipped when its inputs have not changed) -------------------
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend's compiled CSS, JS and assets, with asset URLs under /static/govuk/.
$(STATIC)/.built: node_modules/.installed
	rm -rf $(STATIC) && mkdir -p $(STATIC)
	cp -r $(GOVUK)/assets $(STATIC)/assets
	cp $(GOVUK)/govuk-frontend.min.js $(STATIC)/
	sed 's#url(/assets/#url(/static/govuk/assets/#g' $(GOVUK)/govuk-frontend.min.css > $(STATIC)/govuk-frontend.min.css
	@touch $@

install: $(VENV)/.synced node_modules/.installed $(STATIC)/.built pdf-deps ## Install Python and npm packages, build static files
	@mkdir -p var

static: $(STATIC)/.built ## Build the static files

browser-deps: ## Install Debian's Chromium and poppler-utils (pdfinfo, pdftotext, pdftoppm) for the tests
	@test -x $(CHROMIUM) && command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

pdf-deps: ## Install the fonts and libraries WeasyPrint needs to make PDFs (if missing)
	@fc-list 2>/dev/null | grep -q DejaVuSans && ldconfig -p | grep -q libpango-1.0 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

demo: install ## Migrate and load the demo partnership (idempotent)
	$(CYPP) migrate --noinput -v0
	$(CYPP) demo load

# The background worker (board packs) runs beside the web server and stops with it.
run: demo ## Set everything up and serve the app with the demo on http://127.0.0.1:$(PORT)
	@$(CYPP) report -v0 recover
	@$(CYPP) voice -v0 alerts
	@$(CYPP) db_worker --interval 1 -v0 & worker=$$!; $(CYPP) data refresh --due --every 300 -v0 & refresher=$$!; trap 'kill $$worker $$refresher 2>/dev/null' EXIT INT TERM; \
	$(CYPP) runserver 127.0.0.1:$(PORT)

# --- checks ----------------------------------------------------------------------------
# PYTEST_ARGS passes options on, e.g. PYTEST_ARGS='-m "not browser"' (CI's PostgreSQL run).
# The 25 slowest tests are listed at the end of every run: CI time is watched, not guessed.
# The longest files start first, in tests/plugins/slow_first.py's order (not xdist's).
test: install browser-deps ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -q --durations=25 $(PYTEST_ARGS)

lint: install ## Ruff (lint and format), import contracts, mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

migrations-check: install ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=cypp.config.settings.test $(CYPP) makemigrations --check --dry-run

fuzz: install ## Fuzz the importers, minutes extractor and plan loader: 10,000 cases each (CYPP_FUZZ_EXAMPLES)
	CYPP_FUZZ_EXAMPLES=$${CYPP_FUZZ_EXAMPLES:-10000} $(BIN)/pytest -q -p no:cacheprovider tests/fuzz

eval: install ## Score minutes extraction against ../shared/data/minutes-corpus (docs/minutes-extraction.md)
	$(BIN)/python benchmarks/eval_minutes.py

bench: install eval ## Performance measurements, ratios to baselines of the same run (docs/benchmarks.md)
	$(BIN)/python benchmarks/bench_stats.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_families.py
	$(BIN)/python benchmarks/bench_voice.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_board_pack.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_site.py
	CYPP_LOAD_SECONDS=$${CYPP_LOAD_SECONDS:-120} $(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_cli.py

clean: ## Remove the local database, virtual environment and built files
	rm -rf var build $(VENV) node_modules
