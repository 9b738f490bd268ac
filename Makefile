# The two commands of the README: `make build` and `make test`. Both set everything up from uv.lock first.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup build test lint ui clean

setup:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	# Byte-compile at install: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every process would
	# otherwise compile its ~3,000 modules again, about 10 s a build here.
	$(UV) sync --frozen --compile-bytecode
	@mkdir -p "$(DAGSTER_HOME)"

# `make build REHASH=1` reads and hashes every raw file, also those whose size and mtime did not change.
# `make build REEXTRACT=extracted_entity_mentions` (or page_segments, extracted_timexes; comma-separated)
# re-extracts every page with those steps, without reading the raw files again (README "Upgrading").
BUILD_CONFIG = $(shell python3 -c 'import json, sys; \
	ops = {"raw_documents": {"config": {"rehash_all": True}}} if sys.argv[1] in ("1", "true", "yes") else {}; \
	ops.update({s: {"config": {"reextract_all": True}} for s in sys.argv[2].split(",") if s}); \
	print("--config-json " + repr(json.dumps({"ops": ops})) if ops else "")' "$(REHASH)" "$(REEXTRACT)")

build: setup
	$(UV) run dagster asset materialize -m orchestration.definitions --select '*' $(BUILD_CONFIG)
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

