"""The dbt project as Dagster assets: every model an asset, every dbt test an asset check."""

import importlib.metadata
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from packaging import version

from orchestration.assets.automation import follows_updates_outside_builds
from orchestration.dbt_changes import (
    forget_dbt_builds,
    last_dbt_build,
    plan_dbt_build,
    plan_since,
    record_dbt_build,
)
from orchestration.resources import WarehouseResource
from orchestration.serving import serving_is_intact, serving_path
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.warehouse import MART_TABLES

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def venv_dbt_executable() -> str:
    """This environment's `dbt` (beside the running Python), else whatever `dbt` is on PATH.

    dagster-dbt runs a bare `dbt`; a venv that is not activated (`.venv/bin/dagster dev …` instead of
    `uv run dagster dev …`) has its dbt beside its Python but not on PATH.
    """
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


_DBT_SOURCE_GLOBS = ("dbt_project.yml", "models/**/*", "macros/**/*", "tests/**/*", "selectors.yml")


def manifest_is_stale(project: DbtProject) -> bool:
    """Whether a model, macro, test or the project file changed after the manifest was written.

    The assets and checks Dagster shows are read from the manifest: one left from an older checkout names
    tests the project no longer has (a `git pull` then fails the build on an unknown test).
    """
    if not project.manifest_path.exists():
        return True
    written = project.manifest_path.stat().st_mtime
    root = Path(project.project_dir)
    return any(
        path.is_file() and path.stat().st_mtime > written
        for pattern in _DBT_SOURCE_GLOBS
        for path in root.glob(pattern)
    )


def ensure_manifest(project: DbtProject) -> None:
    """Parse the dbt project when there is no manifest yet or the project changed since it was written
    (with this environment's dbt; the definitions read the assets from the manifest)."""
    if manifest_is_stale(project):
        dbt = DatelineDbtCliResource(project_dir=project, dbt_executable=venv_dbt_executable())
        dbt.cli(["--quiet", "parse"], target_path=project.target_path).wait()


class DatelineDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        # Models are keyed by their name alone (documents, headlines, ...), as users and the contract call them.
        if dbt_resource_props["resource_type"] == "model":
            return dg.AssetKey(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_asset_check_spec(
        self,
        asset_spec: dg.AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=describe_test(manifest["nodes"][unique_id]))

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.AutomationCondition | None:
        # Declarative automation: a model follows when what it reads was materialised outside a build (a UI
        # materialisation of the raw tables, ...), once nothing upstream is still running
        # (orchestration/assets/automation.py; the sensor that evaluates it: orchestration/definitions.py).
        return follows_updates_outside_builds()

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # Group by dbt layer (staging / intermediate / marts) so the UI's graph reads left to right.
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "marts"


_TEST_MEANINGS = {
    "not_null": "fails on rows where `{column}` is null",
    "unique_in_table": "fails on keys `{column}` that occur more than once in the whole table",
    "accepted_values": "fails on rows whose `{column}` is not one of {values}",
    "relationships": "fails on rows whose `{column}` has no match in {to}.{field}",
    "matches_document_text": "fails on rows whose offsets do not cut `{column}` out of documents.text",
    "not_after": "fails on rows whose `{column}` is later than `{other_column}`",
}


def describe_test(test: Mapping[str, Any]) -> str:
    """An asset check's description from its dbt test: what fails it, and which rows it covers."""
    if test.get("description"):
        return test["description"]
    metadata = test.get("test_metadata") or {}
    kwargs = {k: v for k, v in (metadata.get("kwargs") or {}).items() if isinstance(v, str | list | int)}
    kwargs.setdefault("column", test.get("column_name") or "")
    template = _TEST_MEANINGS.get(metadata.get("name", ""), "dbt test `{name}`")
    try:
        meaning = template.format(name=metadata.get("name", test.get("name")), **kwargs)
    except (KeyError, IndexError):
        meaning = f"dbt test `{metadata.get('name', test.get('name'))}`"
    meaning = meaning.replace("ref('", "").replace("')", "").replace("{{ ", "").replace(" }}", "")
    where = (test.get("config") or {}).get("where")
    covered = (
        "the rows written since the last dbt build (all rows on a full build)"
        if where and "dbt_build_state" in where
        else "every row"
    )
    return f"{meaning[0].upper()}{meaning[1:]}; checks {covered}."


def warehouse_metadata(
    con: duckdb.DuckDBPyConnection, manifest: Mapping[str, Any], unique_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """`dagster/row_count` (tables) and `dagster/column_schema` (every relation, with the dbt column docs) of
    the given models, from the warehouse's catalog and one count per table: cheap after a build, unlike
    dagster-dbt's adapter-based fetch."""
    nodes = {uid: manifest["nodes"][uid] for uid in unique_ids if uid in manifest["nodes"]}
    if not nodes:
        return {}
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() order by table_schema, table_name, ordinal_position"
    ).fetchall():
        columns.setdefault((schema, table), []).append((column, data_type))
    tables = {
        uid: (node["schema"], node.get("alias") or node["name"])
        for uid, node in nodes.items()
        if node["config"].get("materialized") != "view"
        and (node["schema"], node.get("alias") or node["name"]) in columns
    }
    counts: dict[str, int] = {}
    if tables:
        union = " union all ".join(
            f'select {i} as i, count(*) as n from "{schema}"."{name}"'
            for i, (schema, name) in enumerate(tables.values())
        )
        by_index = dict(con.execute(union).fetchall())
        counts = {uid: by_index[i] for i, uid in enumerate(tables)}
    result: dict[str, dict[str, Any]] = {}
    for uid, node in nodes.items():
        relation = (node["schema"], node.get("alias") or node["name"])
        if relation not in columns:
            continue
        docs = node.get("columns", {})
        schema = dg.TableSchema(
            columns=[
                dg.TableColumn(name, data_type, description=(docs.get(name) or {}).get("description") or None)
                for name, data_type in columns[relation]
            ]
        )
        result[uid] = {"dagster/column_schema": dg.MetadataValue.table_schema(schema)}
        if uid in counts:
            result[uid]["dagster/row_count"] = dg.MetadataValue.int(counts[uid])
    return result


class DatelineDbtCliResource(DbtCliResource):
    """DbtCliResource without two fixed costs of every build that dateline does not need (5.6 s of a 15 s
    dbt step, profiled): dagster-dbt runs `dbt --version` in a subprocess to learn which dbt it is about to
    run, and opens a dbt adapter of its own, used only to fetch row counts and column metadata, which these
    assets do not ask for. When the `dbt` it runs is this environment's, its version is dbt-core's."""

    @cached_property
    def _cli_version(self) -> version.Version:
        executable = shutil.which(self.dbt_executable)
        if executable and Path(executable).parent == Path(sys.executable).parent:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


@contextmanager
def dbt_environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the moment dbt's process is started (it inherits them), then restore.

    dagster-dbt starts dbt with a copy of this process's environment and takes no other; dbt's profile reads
    the warehouse path and memory cap from it. Scoped to the call, so building definitions or loading the
    code location never changes the environment.
    """
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    """The dbt models as assets and their tests as asset checks, read from the project's manifest (parsed
    first if missing or stale): called when the definitions are built, not at import."""
    ensure_manifest(project)
    manifest = json.loads(project.manifest_path.read_text(encoding="utf-8"))

    @dbt_assets(
        manifest=manifest,
        project=project,
        dagster_dbt_translator=DatelineDbtTranslator(
            settings=DagsterDbtTranslatorSettings(
                enable_asset_checks=True, enable_duplicate_source_asset_keys=True
            )
        ),
    )
    def dateline_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        # The run holds the build lock (WarehouseResource), so no other build writes meanwhile; a process
        # outside dateline (a DuckDB shell on the warehouse) may still hold DuckDB's lock. Opening the file
        # here waits for it, bounded, as the Python steps do; the profile's connect retries cover the moment
        # between this and dbt's open.
        with warehouse.connect() as con:
            # the serving copy is current when it was published after the last dbt build (a build killed
            # in between left it behind: then this one publishes again, even with nothing new)
            intact = serving_is_intact(serving_path(Path(warehouse.db_path)), last_dbt_build(con))
            plan = plan_dbt_build(con, manifest, MART_TABLES, serving_intact=intact)
            if plan.full:
                forget_dbt_builds(con)  # every row is then new to the tests
        context.log.info(f"dbt: {plan.reason}")
        if not plan.run_dbt:
            return  # nothing materialised: the serving copy (after mart_row_counts) is skipped as well
        # dbt's unit tests check the SQL logic on fixed inputs: they run in `make test`
        # (tests/integration/test_dbt_unit_tests.py), not on every build, as dbt recommends for production.
        with dbt_environment(warehouse.dbt_environment()):
            invocation = dbt.cli(plan.dbt_args, context=context)
        # Held until dbt has finished (it holds the file meanwhile), then given row counts, column schemas
        # and what the checks covered; a dbt failure still reports what succeeded before it, then raises.
        events, failure = [], None
        try:
            events.extend(invocation.stream())
        except Exception as error:  # noqa: BLE001 - re-raised below, after the events that succeeded
            failure = error
        with warehouse.connect() as con:
            models = [
                e.metadata["unique_id"].value
                for e in events
                if isinstance(e, dg.Output) and "unique_id" in e.metadata
            ]
            extra = warehouse_metadata(con, manifest, models)
            if failure is None:
                record_dbt_build(con, plan, context.run.run_id)
        covered = "every row" if plan.full else f"rows written since {plan_since(plan)}"
        for event in events:
            if isinstance(event, dg.Output) and "unique_id" in event.metadata:
                event = event.with_metadata(
                    {**event.metadata, **extra.get(event.metadata["unique_id"].value, {})}
                )
            elif isinstance(event, dg.AssetCheckResult):
                event = event.with_metadata({**event.metadata, "covered": covered})
            yield event
        if failure is not None:
            raise failure
        # Every invocation writes its artifacts (about 4 MB) to its own folder under target/; once the run's
        # events are streamed they are not read again, so keep that folder only when the build failed (it
        # raises).
        target = Path(invocation.target_path)
        if not target.is_absolute():
            target = Path(project.project_dir) / target
        # dagster-dbt seeds each invocation with target/partial_parse.msgpack; hand this run's state back so
        # the next build parses incrementally instead of re-parsing the whole project (about 6 s a build).
        fresh_state = target / "partial_parse.msgpack"
        if fresh_state.exists():
            os.replace(fresh_state, target.parent / "partial_parse.msgpack")
        shutil.rmtree(target, ignore_errors=True)

    return dateline_dbt_models
