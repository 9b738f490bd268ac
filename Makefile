# The two commands of the README: `make build` and `make test`. Both set everything up from uv.lock first.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup build test lint ui clean

setup:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# Byte-compile at install: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every process would
	@# otherwise compile its ~3,000 modules again, about 10 s a build here.
	@$(UV) sync --frozen --compile-bytecode --quiet
	@mkdir -p "$(DAGSTER_HOME)"
	@# an instance file, so that Dagster does not warn about its absence on every command; no telemetry
	@test -f "$(DAGSTER_HOME)/dagster.yaml" || printf 'telemetry:\n  enabled: false\n' > "$(DAGSTER_HOME)/dagster.yaml"

# `make build REHASH=1` reads and hashes every raw file, also those whose size and mtime did not change.
# `make build REEXTRACT=extracted_entity_mentions` (or page_segments, extracted_timexes; comma-separated)
# re-extracts every page with those steps, without reading the raw files again (README "Upgrading").
build: setup
	$(UV) run dateline build $(if $(filter 1 true yes,$(REHASH)),--rehash,) $(if $(REEXTRACT),--reextract $(REEXTRACT),)

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	# the dbt templater compiles against an in-memory DuckDB, never the warehouse file
	cd dbt_project && DATELINE_DB=:memory: $(UV) run sqlfluff lint models tests

test: lint
	$(UV) run pytest

# `make ui` serves the UI on 127.0.0.1:$(UI_PORT) until it is interrupted. Ctrl-C interrupts every process of
# the job; but GNU make passes on only SIGTERM to its recipe, so a SIGINT sent to make alone (`kill -INT <make>`)
# would leave the UI running and make waiting for it. The recipe's shell therefore runs `dagster dev` in the
# background (with SIGINT restored, which `&` ignores), watches make (Linux: /proc/<pid>/status shows when make
# stops catching SIGINT, which it does on receiving one) and interrupts the UI then, or on a SIGTERM or SIGHUP;
# dagster dev stops its webserver, daemon and code servers on SIGINT. make's exit status is the UI's.
UI_PORT ?= 3000
ui: setup
	@env --default-signal=INT $(UV) run dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(UI_PORT) & ui=$$!; \
	catches_int() { mask=$$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$$PPID/status 2>/dev/null); \
	  [ -z "$$mask" ] || [ $$(( 0x$$mask & 2 )) -ne 0 ]; }; \
	watch=; if catches_int; then watch=1; fi; stopped=; \
	stop() { [ -n "$$stopped" ] || kill -INT $$ui 2>/dev/null; stopped=1; }; \
	trap stop TERM HUP; trap 'stopped=1' INT; \
	while kill -0 $$ui 2>/dev/null; do \
	  if [ -n "$$watch" ] && ! catches_int; then stop; fi; \
	  sleep 1; \
	done; \
	wait $$ui

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs .dagster_home

# Apache Superset on 127.0.0.1:$(DASHBOARD_PORT) with the dateline dashboard, reading the serving copy of
# $DATELINE_DB (default warehouse/dateline.duckdb: `make build` first). Superset has its own environment,
# dashboard/.venv, installed by dashboard-setup when missing; its logins and metadata live in dashboard/.state/
# (DASHBOARD_STATE). Ctrl-C stops it.
DASHBOARD_PORT ?= 8088
.PHONY: dashboard dashboard-setup

dashboard-setup:
	@UV="$(UV)" bash dashboard/setup.sh

dashboard: dashboard-setup
	dashboard/.venv/bin/python dashboard/serve.py --port $(DASHBOARD_PORT)
