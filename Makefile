# The only entry point: run, test, bench, openapi, lint, fmt.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench openapi lint fmt typecheck install migrate seed check-openapi test-api contract audit \
	web-install client test-web chromium
WEB_PORT ?= 5173
NPM_CI_STAMP := frontend/node_modules/.npm-ci-stamp

$(UV):
	python3 -m pip install --user --quiet uv || pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

migrate: install
	$(RUN) trellis migrate

# The web client's dev server and one webhook worker run in the background, and stop with it.
run: migrate web-install
	$(RUN) trellis seed-demo --if-empty
	@cd frontend && TRELLIS_API_URL=http://$(HOST):$(PORT) ./node_modules/.bin/vite \
		--host $(HOST) --port $(WEB_PORT) --strictPort --logLevel warn --clearScreen false & web=$$!; \
	$(RUN) trellis worker & worker=$$!; \
	trap 'kill $$web $$worker 2>/dev/null' EXIT INT TERM; \
	echo "API:        http://$(HOST):$(PORT)/api/v1   docs: http://$(HOST):$(PORT)/docs"; \
	echo "Web client: http://$(HOST):$(WEB_PORT)"; \
	$(RUN) trellis serve --host $(HOST) --port $(PORT)

lint: install
	$(RUN) ruff check api tests bench migrations
	$(RUN) ruff format --check api tests bench migrations
	$(RUN) lint-imports

typecheck: install
	$(RUN) mypy

check-openapi: install
	$(RUN) python -m api.openapi_export --check

# Two workers, one a core: one starts with the fuzzer's two runs while the other takes the
# short tests. Every worker has its own databases, ports and private cluster.
PYTEST_WORKERS ?= 2
test-api: install
	$(RUN) pytest -n $(PYTEST_WORKERS)

# OpenAPI drift is checked by the tests (tests/test_contract.py), as `check-openapi` does alone.
test: lint typecheck audit test-api test-web

# Schemathesis against a live server on both databases; part of `make test` too, and run
# alone here.
contract: install
	$(RUN) pytest -m fuzz tests/contract/test_schemathesis.py

# Web client (frontend/): npm ci once per lockfile change; never a downloaded browser.
$(NPM_CI_STAMP): frontend/package-lock.json
	cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

web-install: $(NPM_CI_STAMP)

# Debian's Chromium for the end-to-end tests; apt-get update only when the install needs it.
chromium:
	@test -x /usr/bin/chromium || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; }

# Regenerate src/api/gen from openapi.yaml alone (`make openapi` does both).
client: web-install
	cd frontend && npm run gen:api

# Type check, lint, unit tests, build (fails on a stale generated client or an over-budget
# bundle), then Playwright against a real API on a temporary database.
test-web: web-install chromium install
	cd frontend && npm run typecheck && npm run lint && npm run test:unit
	cd frontend && npm run build
	cd frontend && UV=$(UV) npm run test:e2e

# Known vulnerabilities in the locked dependencies, where the vulnerability databases answer:
# a quick probe of each first; without a route to one, its audit says so and passes.
PYPI_AUDIT_PROBE ?= https://pypi.org/pypi/pip/24.0/json
NPM_AUDIT_PROBE ?= https://registry.npmjs.org/-/npm/v1/security/advisories/bulk
audit: install
	@if curl -fsS -m 5 -o /dev/null $(PYPI_AUDIT_PROBE) 2>/dev/null; then \
		$(RUN) pip-audit --skip-editable --strict --progress-spinner off; \
	else echo "pip-audit skipped: registry unreachable"; fi
	@if curl -fsS -m 5 -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' \
		$(NPM_AUDIT_PROBE) 2>/dev/null; then \
		cd frontend && npm audit --audit-level=high; \
	else echo "npm audit skipped: registry unreachable"; fi

# The contract and the web client's generated code from it, together: one never goes stale.
openapi: install web-install
	$(RUN) python -m api.openapi_export
	cd frontend && npm run gen:api

fmt: install
	$(RUN) ruff format api tests bench migrations
	$(RUN) ruff check --fix api tests bench migrations

# Every area's budgets on the full scale dataset (built once, `bench.generate`), the
# integrations' (feed, export, webhooks, OneRoster), reads on a streaming standby, a database
# outage and kills, two API processes with two workers, then the web client's (built, against
# a real API, in Chromium); one table of every figure at the end.
bench: install web-install chromium
	$(RUN) python -m bench.summary --reset
	$(RUN) python -m bench.run; directory=$$?; \
	$(RUN) python -m bench.generate --if-missing --reuse-directory; generate=$$?; \
	$(RUN) python -m bench.partners; partners=$$?; \
	$(RUN) python -m bench.bulk; bulk=$$?; \
	$(RUN) python -m bench.goals; goals=$$?; $(RUN) python -m bench.mentoring; mentoring=$$?; \
	$(RUN) python -m bench.feed; feed=$$?; $(RUN) python -m bench.export; export=$$?; \
	$(RUN) python -m bench.webhooks; webhooks=$$?; $(RUN) python -m bench.oneroster; oneroster=$$?; \
	$(RUN) python -m bench.replica; replica=$$?; \
	$(RUN) python -m bench.outage; outage=$$?; $(RUN) python -m bench.processes; processes=$$?; \
	(cd frontend && npm run build && UV=$(UV) npm run bench); web=$$?; \
	$(RUN) python -m bench.summary; \
	exit $$((directory || generate || partners || bulk || goals || mentoring || feed || export \
		|| webhooks || oneroster || replica || outage || processes || web))
