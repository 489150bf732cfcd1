# Everyday commands. Quick start: `make site`, then `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup site serve check test browser tex lint format golden clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# ESLint for the site's scripts, at the versions package-lock.json pins (Node 20+).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## Build the site from content/ into site/ (open it with `make serve`).
site: setup
	$(BIN)/papersite build
	@echo "The site is in site/. Run 'make serve' and open http://127.0.0.1:8000/"

## Serve the site on http://127.0.0.1:8000/, rebuilding when content/ changes.
serve: setup
	$(BIN)/papersite serve

## Validate every content file.
check: setup
	$(BIN)/papersite check

## Debian's Chromium drives the browser tests; install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

## LaTeX and BibTeX typeset the site's BibTeX entries in a test (about 120 MB installed);
## install them when missing.
tex:
	@{ command -v pdflatex && command -v bibtex; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) apt-get install -y -q --no-install-recommends texlive-latex-base texlive-binaries; }

## Run the whole test suite (unit, end-to-end, browser and LaTeX tests).
test: setup browser tex
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	node_modules/.bin/eslint --max-warnings 0 site_templates eslint.config.js

## Rebuild the golden seed site (tests/golden/seed/) after a change to generated pages;
## review its diff before committing it.
golden: setup
	$(BIN)/python -m tests.end_to_end.golden

format: setup
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

clean:
	rm -rf build site test-artifacts
