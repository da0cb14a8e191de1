# The only entry point: run, test, bench, openapi, lint, fmt.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench openapi lint fmt typecheck install migrate seed check-openapi test-api

$(UV):
	python3 -m pip install --user --quiet uv || pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

migrate: install
	$(RUN) trellis migrate

run: migrate
	$(RUN) trellis seed-demo --if-empty
	@echo "API:  http://$(HOST):$(PORT)/api/v1   docs: http://$(HOST):$(PORT)/docs"
	$(RUN) trellis serve --host $(HOST) --port $(PORT)

lint: install
	$(RUN) ruff check api tests bench migrations
	$(RUN) ruff format --check api tests bench migrations
	$(RUN) lint-imports

typecheck: install
	$(RUN) mypy

check-openapi: install
	$(RUN) python -m api.openapi_export --check

test-api: install
	$(RUN) pytest

test: lint typecheck check-openapi test-api

openapi: install
	$(RUN) python -m api.openapi_export

fmt: install
	$(RUN) ruff format api tests bench migrations
	$(RUN) ruff check --fix api tests bench migrations

bench: install
	$(RUN) python -m bench.run
