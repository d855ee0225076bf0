# mkb-hulplijn: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SYNTHETIC := var/synthetic.parquet
REFERENCE := var/reference
REFERENCE_DATA := $(wildcard src/hulplijn/reference/data/*)
EXAMPLE := src/hulplijn/examples/voorbeeldbedrijf.json

LOCALES := $(wildcard src/hulplijn/web/locale/*/LC_MESSAGES/django.po)
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint bench reference calibration example messages browser pdf-tools clean

run: $(STAMP) $(REFERENCE)/manifest.json messages
	$(MANAGE) migrate --noinput
	$(MANAGE) dev_admin
	$(MANAGE) runserver 127.0.0.1:8000

test: lint $(REFERENCE)/manifest.json messages browser pdf-tools
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

example: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/hulplijn assess $(EXAMPLE) --format text

messages: $(STAMP) $(LOCALES:.po=.mo)

%.mo: %.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	msgfmt --check-format -o $@ $<

# poppler's pdftoppm / pdftotext check the PDF report in the tests
pdf-tools:
	@command -v pdftoppm >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)

# Debian's Chromium for the browser tests (never a downloaded browser)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/pdf.py

reference: $(REFERENCE)/manifest.json

calibration: $(SYNTHETIC)
	$(BIN)/hulplijn reference calibration --from $(SYNTHETIC)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

$(SYNTHETIC): $(STAMP) $(REFERENCE_DATA) src/hulplijn/reference/synth.py
	$(BIN)/hulplijn reference synth --firms 250000 --seed 1 --out $@

$(REFERENCE)/manifest.json: $(SYNTHETIC) src/hulplijn/reference/build.py src/hulplijn/core/distribution.py
	$(BIN)/hulplijn reference build --from $(SYNTHETIC) --out $(REFERENCE)

clean:
	rm -rf var .pytest_cache .ruff_cache .hypothesis
