"""The dbt project as Dagster assets: every model an asset, every dbt test an asset check."""

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from packaging import version

from orchestration.resources import WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.warehouse import open_waiting_for_lock

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def put_venv_dbt_on_path() -> None:
    """dagster-dbt runs a bare `dbt` (the manifest preparer and DbtCliResource): make it this venv's when the
    venv is not activated (e.g. `.venv/bin/dagster dev …` instead of `uv run dagster dev …`)."""
    venv_bin = str(Path(sys.executable).parent)
    if (Path(venv_bin) / "dbt").exists() and venv_bin not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = venv_bin + os.pathsep + os.environ.get("PATH", "")


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
    """Parse the dbt project when there is no manifest yet or the project changed since it was written."""
    if manifest_is_stale(project):
        project.preparer.prepare(project)
    else:
        project.prepare_if_dev()


class DatelineDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        # Models are keyed by their name alone (documents, headlines, ...), as users and the contract call them.
        if dbt_resource_props["resource_type"] == "model":
            return dg.AssetKey(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # Group by dbt layer (staging / intermediate / marts) so the UI's graph reads left to right.
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "marts"


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


put_venv_dbt_on_path()
ensure_manifest(dbt_project)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=DatelineDbtTranslator(
        settings=DagsterDbtTranslatorSettings(
            enable_asset_checks=True, enable_duplicate_source_asset_keys=True
        )
    ),
)
def dateline_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # The run holds the build lock (WarehouseResource), so no other build writes meanwhile; a process outside
    # dateline (a DuckDB shell on the warehouse) may still hold DuckDB's lock. Wait for it here, bounded, as
    # the Python steps do; the profile's connect retries cover the moment between this check and dbt's open.
    open_waiting_for_lock(Path(warehouse.db_path)).close()
    invocation = dbt.cli(["build"], context=context)
    yield from invocation.stream()
    # Every invocation writes its artifacts (about 4 MB) to its own folder under target/; once the run's
    # events are streamed they are not read again, so keep that folder only when the build failed (it raises).
    target = Path(invocation.target_path)
    if not target.is_absolute():
        target = DBT_PROJECT_DIR / target
    # dagster-dbt seeds each invocation with target/partial_parse.msgpack; hand this run's state back so the
    # next build parses incrementally instead of re-parsing the whole project (about 6 s a build).
    fresh_state = target / "partial_parse.msgpack"
    if fresh_state.exists():
        os.replace(fresh_state, target.parent / "partial_parse.msgpack")
    shutil.rmtree(target, ignore_errors=True)
