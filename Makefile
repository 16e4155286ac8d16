# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= informes.duckdb
INFORMES := $(BIN)/informes

.PHONY: demo test lint bench scale profile contract clean producers producer-deps score-producers ocr-deps serve browser-deps screenshots

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (log: $(VENV)/install.log)"
	@$(PYTHON) -m venv $(VENV)
	@($(BIN)/pip install --upgrade pip && $(BIN)/pip install -e '.[dev]') > $(VENV)/install.log 2>&1 \
		|| (tail -30 $(VENV)/install.log; exit 1)
	@touch $(STAMP)

demo: $(STAMP)
	@rm -f $(DB) $(DB).wal
	$(INFORMES) ingest corpus/docs --db $(DB)
	$(INFORMES) query --db $(DB) "select count(*) as documents, count(distinct issuer) as institutes, sum(pages) as pages, (select count(*) from sessions) as sessions, (select count(*) from acuerdos) as acuerdos, (select count(*) from claims) as claims from documents"
	$(INFORMES) query --db $(DB) "select acuerdo_id, session_id, approved_on from acuerdos where acuerdo_id in ('IEPC/CG122/2021', 'IEPC/CG123/2021') order by acuerdo_id"
	$(INFORMES) check --db $(DB)
	$(INFORMES) summary --all --format md --out out --db $(DB)
	$(INFORMES) summary --all --format html --out out --db $(DB)

# Bytecode is cached even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# the tests start `informes` in subprocesses, and each compiled every module again.
test: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n auto --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check pipeline models tests bench corpus/tools
	$(BIN)/ruff format --check pipeline models tests bench corpus/tools
	$(BIN)/mypy

# The web interface over $(DB) at http://127.0.0.1:8000 (README, "Web interface")
serve: $(STAMP)
	$(INFORMES) serve --db $(DB)

# Chromium from the distribution and Playwright's Python client (a dev dependency), for
# tests/serve/test_browser.py. Playwright drives /usr/bin/chromium: `playwright install`
# (a browser download) is never needed.
browser-deps: $(STAMP)
	apt-get update && apt-get install -y chromium

# docs/img/serve-*.png, taken by the browser journey over the seed informe
screenshots: $(STAMP)
	@mkdir -p docs/img
	INFORMES_SCREENSHOTS=docs/img $(BIN)/python -m pytest tests/serve/test_browser.py -k journey -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/ingest.py

scale: $(STAMP)
	$(BIN)/python bench/scale.py

profile: $(STAMP)
	$(BIN)/python bench/hotspots.py

# OCR runs in-process (tesserocr, a Python dependency); the Spanish model is Debian's.
# Tests that need it are skipped, saying why, where it is missing (CI on a fresh machine).
ocr-deps:
	apt-get update && apt-get install -y --no-install-recommends tesseract-ocr-spa

# docs/contract.md is the schema as Markdown (tests/cli/test_docs.py fails when it is stale)
contract: $(STAMP)
	@(sed -n '1,4p' docs/contract.md; $(INFORMES) schema --format markdown) > docs/contract.md.new
	@mv docs/contract.md.new docs/contract.md

# The producer matrix (corpus/README.md): the same logical texts rendered to PDF by
# LibreOffice and Chromium. The PDFs are committed; only regenerating them needs these.
producer-deps: $(STAMP)
	apt-get update && apt-get install -y libreoffice-writer-nogui hyphen-es chromium fonts-dejavu poppler-utils
	$(BIN)/pip install playwright

producers: $(STAMP)
	$(BIN)/python corpus/tools/producers.py
	$(BIN)/python corpus/tools/producers.py --check

score-producers: $(STAMP)
	$(INFORMES) evaluate --producers corpus/producers --no-list
	$(INFORMES) evaluate corpus/real/gold --producers corpus/real/producers --no-list

clean:
	rm -rf $(VENV) out $(DB) $(DB).wal
