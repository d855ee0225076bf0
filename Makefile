# mkb-hulplijn: `make run` and `make test` do all set-up on a fresh machine.
# `make check` is the everyday loop: `make lint` and the fast tier of the tests, under a minute;
# `make test` runs every test (CI). The tiers: docs/decisions/0016-test-tiers.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SYNTHETIC := var/synthetic.parquet
REFERENCE := var/reference
REFERENCE_DATA := $(wildcard src/hulplijn/reference/data/*)
EXAMPLE := src/hulplijn/examples/voorbeeldbedrijf.json
# a current round beside the report's (docs/decisions/0024-periods.md): the same synthetic
# population, labelled with these years and moment, calibrated to the report (no newer aggregates)
CURRENT_YEARS := 2024,2025
CURRENT_MOMENTS := 2025-06
CURRENT_SYNTHETIC := var/synthetic-2024-2025.parquet
CURRENT := $(REFERENCE)/periods/2024-2025

LOCALES := $(wildcard src/hulplijn/web/locale/*/LC_MESSAGES/django.po src/hulplijn/web/locale_allauth/*/LC_MESSAGES/django.po)
MANAGE := $(BIN)/python manage.py

.PHONY: run serve openapi check test lint bench reference calibration example messages browser pdf-tools oidc-provider clean

# the site and, beside it, the worker of the background jobs (adviser batches; decision 0028),
# stopped together
run: $(STAMP) reference messages
	$(MANAGE) migrate --noinput
	$(MANAGE) reference_rounds
	$(MANAGE) dev_admin
	$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

# production settings and gunicorn on 127.0.0.1:8000, over plain HTTP (so without the HTTPS redirect
# and secure-only cookies that production behind a TLS load balancer has); docs/deploy.md
SECRET_FILE := var/secret_key
SERVE_ENV = DJANGO_SETTINGS_MODULE=hulplijn.web.conf.production \
	HULPLIJN_SECRET_KEY="$${HULPLIJN_SECRET_KEY:-$$(cat $(SECRET_FILE))}" \
	HULPLIJN_ALLOWED_HOSTS="$${HULPLIJN_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	HULPLIJN_SSL_REDIRECT=0 HULPLIJN_SECURE_COOKIES=0 HULPLIJN_BIND=127.0.0.1:8000 \
	HULPLIJN_URL_SCHEME=http \
	HULPLIJN_EMAIL_BACKEND="$${HULPLIJN_EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"

serve: $(STAMP) $(REFERENCE)/manifest.json messages $(SECRET_FILE)
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(SERVE_ENV) $(BIN)/gunicorn -c python:hulplijn.web.gunicorn_conf hulplijn.web.wsgi

$(SECRET_FILE):
	mkdir -p var
	(umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@)

# the fast tier: no browser, fuzz, load or slow tests (tests/conftest.py marks them), without
# the pytest plugins only those use, with the rewritten test modules kept between runs, in one
# pytest-xdist worker per core, each handed whole test files (CHECK_WORKERS=0: one process)
FAST_TIER := not browser and not fuzz and not load and not slow
FAST_PLUGINS := -p no:schemathesis -p no:locust -p no:anyio -p no:simple_certmanager \
	-p no:faker -p no:respx
CHECK_WORKERS ?= auto

check: lint messages
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -m "$(FAST_TIER)" $(FAST_PLUGINS) \
		-n $(CHECK_WORKERS) --dist loadfile

test: lint $(REFERENCE)/manifest.json messages browser pdf-tools oidc-provider
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

# the API's OpenAPI document (committed; tests/web/api/test_openapi.py fails when it is stale)
openapi: $(STAMP)
	$(MANAGE) openapi --out docs/openapi.json

example: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/hulplijn assess $(EXAMPLE) --format text

messages: $(STAMP) $(LOCALES:.po=.mo)

%.mo: %.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	msgfmt --check-format -o $@ $<

# poppler's pdftoppm / pdftotext check the PDF report in the tests
pdf-tools:
	@command -v pdftoppm >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)

# panva's oidc-provider (npm, exact versions in its package-lock.json): the real OpenID Connect
# provider the iDIN tests log in at (tests/support/oidc-provider); needs Node.js and npm
OIDC_PROVIDER := tests/support/oidc-provider
oidc-provider: $(OIDC_PROVIDER)/node_modules/.installed

$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Debian's Chromium for the browser tests (never a downloaded browser)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# ruff, the import contracts, no import cycle anywhere (scripts/import_cycles.py), and strict
# mypy on the packages [tool.mypy] lists in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/import_cycles.py
	$(BIN)/mypy

bench: $(STAMP) $(REFERENCE)/manifest.json
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dashboard.py --parts
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/aggregates.py
	$(BIN)/python bench/api_create.py
	$(BIN)/python bench/batch_jobs.py
	$(BIN)/python bench/national_build.py

reference: $(REFERENCE)/manifest.json $(CURRENT)/manifest.json

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

$(CURRENT_SYNTHETIC): $(STAMP) $(REFERENCE_DATA) src/hulplijn/reference/synth.py
	$(BIN)/hulplijn reference synth --firms 250000 --seed 1 --years $(CURRENT_YEARS) \
		--moments $(CURRENT_MOMENTS) --out $@

$(CURRENT)/manifest.json: $(CURRENT_SYNTHETIC) src/hulplijn/reference/build.py src/hulplijn/core/distribution.py
	$(BIN)/hulplijn reference build --from $(CURRENT_SYNTHETIC) --out $(CURRENT)

clean:
	rm -rf var .pytest_cache .ruff_cache .hypothesis
