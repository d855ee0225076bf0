# mkb-hulplijn: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SYNTHETIC := var/synthetic.parquet
REFERENCE := var/reference
REFERENCE_DATA := $(wildcard src/hulplijn/reference/data/*)
EXAMPLE := src/hulplijn/examples/voorbeeldbedrijf.json

.PHONY: run test lint bench reference calibration clean

run: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/hulplijn reference info
	$(BIN)/hulplijn assess $(EXAMPLE) --format text

test: lint $(REFERENCE)/manifest.json
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/python bench/run.py

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
