# alliance-kg: `make serve` builds the graph and serves it; `make test` runs every test.
# Both create .venv on a fresh machine and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080
APT := env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: serve build test lint docs bench system-deps web clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

## Java (HermiT), Chromium (browser tests), Graphviz (DOT/SVG exports), npm (web bundles) and a CJK font
## (Chinese, Japanese, Korean names in PNG exports instead of boxes) and OpenLink Virtuoso (the remote-store
## tests start one on loopback) from Debian when missing.
system-deps:
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	[ -n "$$(fc-list :lang=zh 2>/dev/null)" ] || missing="$$missing fonts-noto-cjk"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO $(APT) update -q && $$SUDO $(APT) install -y -q $$missing; \
	fi

build: $(STAMP) system-deps
	$(BIN)/alliancekg build

serve: $(STAMP) system-deps web
	$(BIN)/alliancekg build
	$(BIN)/alliancekg serve --host $(HOST) --port $(PORT)

## `make test` runs every test, the docstring examples of every module (tests/test_doctests.py)
## and the layout check (alliancekg/devtools/layout.py, also run by `make lint`).

## Browser bundles of the web page (YASGUI, Cytoscape.js) and of /api/docs (Swagger UI) from the npm registry,
## copied where the server finds them; neither web/node_modules nor the copies are committed.
VENDOR := server/static/vendor
VENDOR_FILES := web/node_modules/@zazuko/yasgui/build/yasgui.min.js \
	web/node_modules/@zazuko/yasgui/build/yasgui.min.css \
	web/node_modules/cytoscape/dist/cytoscape.min.js \
	web/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	web/node_modules/swagger-ui-dist/swagger-ui.css

web: system-deps $(VENDOR)/.installed

$(VENDOR)/.installed: web/package.json web/package-lock.json
	cd web && (npm ci --no-audit --no-fund --ignore-scripts || npm install --no-audit --no-fund --ignore-scripts)
	mkdir -p $(VENDOR)
	cp $(VENDOR_FILES) $(VENDOR)/
	cp web/node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE
	cp web/node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui.LICENSE
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check alliancekg ontology graph queries loaders server tests benchmarks
	$(BIN)/python -m alliancekg.devtools.layout

## The documentation site (docs/, mkdocs.yml) in strict mode: a broken link, anchor or page fails the build.
## tests/test_docs.py builds it too, so `make test` fails on the same problems.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict --site-dir build/site

test: $(STAMP) system-deps web lint
	$(BIN)/python -m pytest

# The sizes issue 13's targets are set at (10^7: whole-network answers); BENCH_SIZES=1e5 for a quick run.
BENCH_SIZES ?= 1e5,1e6,1e7
# Shorter timed-run budgets than the defaults keep the three sizes within about 45 minutes on 2 cores.
BENCH_OPTIONS ?= --query-budget 5 --heavy-budget 15

bench: $(STAMP)
	BENCH_SIZES=$(BENCH_SIZES) $(BIN)/python -m benchmarks $(BENCH_OPTIONS)

clean:
	rm -rf $(VENV) build *.egg-info
