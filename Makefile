# The two commands of the README: `make build` and `make test`. Both set everything up from uv.lock first.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup build test lint ui clean

setup:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@mkdir -p "$(DAGSTER_HOME)"

# `make build REHASH=1` reads and hashes every raw file, also those whose size and mtime did not change.
REHASH_CONFIG = $(if $(filter 1 true yes,$(REHASH)),--config-json '{"ops": {"raw_documents": {"config": {"rehash_all": true}}}}',)

build: setup
	$(UV) run dagster asset materialize -m orchestration.definitions --select '*' $(REHASH_CONFIG)
	$(UV) run dateline summary

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	# the dbt templater compiles against an in-memory DuckDB, never the warehouse file
	cd dbt_project && DATELINE_DB=:memory: $(UV) run sqlfluff lint models tests

test: lint
	$(UV) run pytest

ui: setup
	$(UV) run dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs .dagster_home
