"""Which dbt models and tests a build must run: only those downstream of raw tables with new rows.

Each source in dbt_project/models/staging/_sources.yml declares when its rows arrived (`loaded_at_field`, or
`loaded_at_query` for a table written in one transaction with its step's record of the page). Before dbt
starts, one query reads the newest such time of every source; compared with what the last successful dbt
build saw (raw.dbt_build_state), it gives the sources that are fresher. That is what `dbt build --select
source_status:fresher+ --state <previous>` computes, without the second dbt process (`dbt source freshness`,
about 3 s here) that dbt's own selector needs, and without running dbt at all when nothing is fresher:

- nothing fresher, same project: dbt does not run (a no-op build costs no dbt process);
- some sources fresher: what `dbt build --select source:raw.<t>+ …` would run, staging and intermediate
  views left out (their SQL did not change, so they need no re-creating);
- no state yet, the dbt project changed (a model, test, macro or dbt-core itself: the fingerprint below),
  or a mart is missing: the whole project with `--full-refresh`, and every row is tested.

Tests in models/marts check the rows written since the last build (`where: updated_at > watermark`,
dbt_project.yml); keys are checked for uniqueness against the whole table (tests/generic/unique_in_table.sql).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from orchestration.warehouse import main_tables, transaction

# Views that only rename and join raw tables: re-created only when the project changed.
_VIEW_LAYERS = ("staging", "intermediate")
# The model that reads every mart: the serving copy is published after it (orchestration/assets/serving.py).
SERVING_GATE = "mart_row_counts"


@dataclass(frozen=True)
class DbtSource:
    name: str  # the table name in the raw schema
    loaded_at_sql: str  # a query returning one timestamp: when its newest row arrived


@dataclass(frozen=True)
class DbtBuildPlan:
    """What a build asks of dbt, and the state it records once dbt succeeded."""

    run_dbt: bool
    full: bool  # the whole project, every row tested
    select: tuple[str, ...]  # dbt --select arguments (empty: everything)
    exclude: tuple[str, ...]  # dbt --exclude arguments
    reason: str  # one line for the log
    fingerprint: str
    source_loaded_at: Mapping[str, datetime | None] = field(default_factory=dict)
    previous_watermark: datetime | None = None  # what the tests' `where` compares with

    @property
    def dbt_args(self) -> list[str]:
        args = ["build", "--exclude-resource-type", "unit_test"]
        if self.full:
            # a new or changed project rebuilds the incremental marts from scratch, so that their columns are
            # the models' (an upgraded warehouse gets the new ones); incremental builds then skip dbt's
            # schema comparison (about 0.15 s a mart)
            args.append("--full-refresh")
        # one value each, space-separated, as dagster-dbt reads them (it merges them with the run's subset)
        if self.select:
            args += ["--select", " ".join(self.select)]
        if self.exclude:
            args += ["--exclude", " ".join(self.exclude)]
        return args

    @property
    def watermark(self) -> datetime | None:
        times = [t for t in self.source_loaded_at.values() if t is not None]
        return max(times) if times else None


def project_fingerprint(manifest: Mapping[str, Any]) -> str:
    """A hash of everything in the dbt project that decides what its models hold: each node's SQL and
    config, the project's macros, and dbt-core's version. Any change means a full build."""
    digest = hashlib.sha256(importlib.metadata.version("dbt-core").encode())
    for unique_id in sorted(manifest["nodes"]):
        node = manifest["nodes"][unique_id]
        digest.update(unique_id.encode())
        digest.update(node.get("checksum", {}).get("checksum", "").encode())
        digest.update(json.dumps(node.get("config", {}), sort_keys=True, default=str).encode())
    for unique_id in sorted(manifest.get("macros", {})):
        macro = manifest["macros"][unique_id]
        if macro.get("package_name") == manifest["metadata"].get("project_name"):
            digest.update(unique_id.encode())
            digest.update(macro.get("macro_sql", "").encode())
    for unique_id in sorted(manifest.get("sources", {})):
        digest.update(json.dumps(manifest["sources"][unique_id].get("config", {}), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def sources_of(manifest: Mapping[str, Any]) -> list[DbtSource]:
    """Every source table with its loaded-at query, from the manifest (as declared in _sources.yml)."""
    sources = []
    for source in manifest["sources"].values():
        config = source.get("config", {})
        query = config.get("loaded_at_query") or source.get("loaded_at_query")
        column = config.get("loaded_at_field") or source.get("loaded_at_field")
        relation = f"{source['schema']}.{source['identifier']}"
        if query:
            sql = query
        elif column:
            sql = f"select max({column}) from {relation}"
        else:
            raise ValueError(
                f"source {source['source_name']}.{source['name']} declares neither loaded_at_field nor "
                "loaded_at_query in dbt_project/models/staging/_sources.yml: a build cannot tell when it changed"
            )
        sources.append(DbtSource(name=f"{source['source_name']}.{source['name']}", loaded_at_sql=sql))
    return sorted(sources, key=lambda s: s.name)


def read_source_loaded_at(
    con: duckdb.DuckDBPyConnection, sources: Sequence[DbtSource]
) -> dict[str, datetime | None]:
    """The newest loaded-at time of every source, in one query."""
    if not sources:
        return {}
    columns = ",\n".join(f"({s.loaded_at_sql}) as c{i}" for i, s in enumerate(sources))
    row = con.execute(f"select {columns}").fetchall()[0]
    return {s.name: row[i] for i, s in enumerate(sources)}


def _previous_state(con: duckdb.DuckDBPyConnection) -> tuple[str, dict[str, datetime | None]] | None:
    rows = con.execute(
        "select project_fingerprint, source_loaded_at from raw.dbt_build_state order by built_at desc limit 1"
    ).fetchall()
    if not rows:
        return None
    row = rows[0]
    seen = {name: (datetime.fromisoformat(t) if t else None) for name, t in json.loads(row[1]).items()}
    return row[0], seen


def last_dbt_build(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the last successful dbt build finished (None before the first)."""
    return con.execute("select max(built_at) from raw.dbt_build_state").fetchall()[0][0]


def plan_dbt_build(
    con: duckdb.DuckDBPyConnection,
    manifest: Mapping[str, Any],
    marts: Sequence[str],
    serving_intact: bool = True,
) -> DbtBuildPlan:
    """Compare the sources' newest rows and the project with what the last dbt build saw."""
    fingerprint = project_fingerprint(manifest)
    loaded_at = read_source_loaded_at(con, sources_of(manifest))
    previous = _previous_state(con)
    present = main_tables(con)
    missing = [m for m in marts if m not in present]

    def full(reason: str) -> DbtBuildPlan:
        return DbtBuildPlan(True, True, (), (), reason, fingerprint, loaded_at)

    if previous is None:
        return full("no dbt build recorded in this warehouse yet: building every model")
    if previous[0] != fingerprint:
        return full("the dbt project changed since the last build: building every model, testing every row")
    if missing:
        return full(f"marts missing ({', '.join(missing)}): building every model")
    seen = previous[1]
    since = max((t for t in seen.values() if t is not None), default=None)
    fresher = [
        name
        for name, newest in loaded_at.items()
        if newest is not None
        and (seen.get(name) is None or newest > seen[name])
        or (newest is None and seen.get(name) is not None)  # a table emptied by hand
    ]
    if not fresher and serving_intact:
        return DbtBuildPlan(
            False, False, (), (), "no raw table changed since the last dbt build", fingerprint, loaded_at
        )
    if not fresher:
        # the marts are current but their serving copy is gone or lost files (a moved or cleaned folder):
        # run only the model the serving copy follows, so that it is published again
        return DbtBuildPlan(
            run_dbt=True,
            full=False,
            select=(),
            exclude=tuple(n for n in nodes_to_skip(manifest, []) if n != SERVING_GATE),
            reason="no raw table changed, but the serving copy is missing or incomplete: publishing it again",
            fingerprint=fingerprint,
            source_loaded_at=loaded_at,
            previous_watermark=since,
        )
    skipped = nodes_to_skip(manifest, [f"source.{_project(manifest)}.{name}" for name in fresher])
    return DbtBuildPlan(
        run_dbt=True,
        full=False,
        select=(),
        exclude=tuple(skipped),
        reason=(
            f"new rows in {', '.join(n.split('.', 1)[1] for n in fresher)}: building what depends on them "
            f"({len(skipped)} unaffected models, views and tests skipped)"
        ),
        fingerprint=fingerprint,
        source_loaded_at=loaded_at,
        previous_watermark=since,
    )


def _project(manifest: Mapping[str, Any]) -> str:
    return manifest["metadata"].get("project_name", "dateline")


def nodes_to_skip(manifest: Mapping[str, Any], fresher_sources: Sequence[str]) -> list[str]:
    """The models and tests a build can leave out: those not downstream of a fresher source, and the staging
    and intermediate views (their SQL did not change: the project's fingerprint is the same).

    Given to dbt as `--exclude`, not as `--select`: dagster-dbt adds the run's own selection (all models,
    or the subset a user picked in the UI) as `--select`, which dbt would union with ours; an exclusion
    narrows either to what changed.
    """
    downstream: set[str] = set()
    frontier = list(fresher_sources)
    while frontier:
        for child in manifest["child_map"].get(frontier.pop(), []):
            if child not in downstream:
                downstream.add(child)
                frontier.append(child)
    skipped = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] not in ("model", "test"):
            continue
        is_layer_view = (
            node["resource_type"] == "model"
            and node["config"].get("materialized") == "view"
            and (node.get("fqn", [None, None])[1] in _VIEW_LAYERS)
        )
        if unique_id not in downstream or is_layer_view:
            skipped.append(node["name"])
    return sorted(skipped)


def plan_since(plan: DbtBuildPlan) -> str:
    """When the rows a build's tests check were written after (the last dbt build's watermark)."""
    return (
        plan.previous_watermark.isoformat(sep=" ", timespec="seconds") if plan.previous_watermark else "ever"
    )


def forget_dbt_builds(con: duckdb.DuckDBPyConnection) -> None:
    """Before a full build: tests then check every row (their `where` reads the watermark from here)."""
    con.execute("delete from raw.dbt_build_state")


def record_dbt_build(con: duckdb.DuckDBPyConnection, plan: DbtBuildPlan, run_id: str | None) -> None:
    """After dbt succeeded: what it saw, so the next build runs only what changes after it."""
    seen = {name: (t.isoformat() if t else None) for name, t in plan.source_loaded_at.items()}
    with transaction(con):
        con.execute("delete from raw.dbt_build_state")
        con.execute(
            "insert into raw.dbt_build_state values (?, ?, ?, ?, ?)",
            [
                datetime.now(UTC).replace(tzinfo=None),
                run_id,
                plan.fingerprint,
                json.dumps(seen),
                plan.watermark,
            ],
        )
