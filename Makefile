# The two commands of README.md: `make run` and `make test`. Each prepares what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM := npm --prefix pwa --no-audit --no-fund

.PHONY: run test venv deps dev-deps pwa chromium oidc-provider lint typecheck pytest

run: deps pwa
	$(BIN)/python -m backend migrate
	$(BIN)/python -m backend load-demo
	$(BIN)/python -m backend serve --host 127.0.0.1 --port 8000

test: dev-deps pwa chromium oidc-provider lint typecheck pytest

venv:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)

deps: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .

dev-deps: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'

pwa:
	$(NPM) ci
	$(NPM) run build

# The OpenID Connect provider that tests/test_oidc.py runs with Node (oidc-provider from npm).
oidc-provider:
	npm --prefix tests/oidc_provider --no-audit --no-fund ci

# Browser tests use Debian's Chromium: downloading a browser is impossible on these machines.
chromium:
	@command -v chromium >/dev/null || { \
		echo "Installing Chromium from Debian's packages…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint:
	$(BIN)/ruff check backend tests bench notifications
	$(BIN)/ruff format --check backend tests bench notifications

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest
