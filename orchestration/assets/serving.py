"""The read-only serving copy of the marts, published after every build that changed one (orchestration/serving.py)."""

from pathlib import Path

import dagster as dg

from orchestration.assets.automation import follows_updates_outside_builds
from orchestration.dbt_changes import SERVING_GATE
from orchestration.resources import WarehouseResource
from orchestration.serving import PER_DOCUMENT_TABLES, publish_serving_copy, serving_path
from orchestration.warehouse import MART_TABLES

# The dbt model that reads every mart, so that dbt runs it last in every build it runs at all (its models are
# keyed by name, see DatelineDbtTranslator). The serving copy follows it: a build in which dbt did not run
# (nothing changed) skips this step, and publishes nothing.
AFTER_THE_MARTS = dg.AssetKey(SERVING_GATE)


def marts_rebuilt_in_run(context: dg.AssetExecutionContext, tables: tuple[str, ...]) -> list[str]:
    """The whole-table marts that dbt materialised in this run (the others kept their rows)."""
    rebuilt = []
    for table in tables:
        event = context.instance.get_latest_materialization_event(dg.AssetKey(table))
        if event is not None and event.run_id == context.run.run_id:
            rebuilt.append(table)
    return rebuilt


@dg.asset(
    deps=[AFTER_THE_MARTS],
    automation_condition=follows_updates_outside_builds(),
    group_name="serving",
    kinds={"duckdb", "parquet"},
    description="A read-only copy of every mart, `dateline_serving.duckdb` beside the warehouse file (named after "
    "it: `<stem>_serving.duckdb`): views over Parquet files, replaced atomically by each build that changed a mart, "
    "so BI tools and notebooks can read while the pipeline writes. A build writes the new and changed rows of "
    "the per-document marts and the whole-warehouse marts dbt rebuilt; nothing when nothing changed.",
)
def serving_copy(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    target = serving_path(Path(warehouse.db_path))
    whole_tables = tuple(t for t in MART_TABLES if t not in PER_DOCUMENT_TABLES)
    with warehouse.connect() as con:
        publication = publish_serving_copy(con, target, changed=marts_rebuilt_in_run(context, whole_tables))
    written = publication.written
    if publication.published:
        context.log.info(
            f"serving: published {target}: " + ", ".join(f"{t} ({how})" for t, how in written.items())
        )
    else:
        context.log.info(f"serving: {target} already holds every mart as it is: nothing published")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "published": publication.published,
            "tables_written": dg.MetadataValue.md(
                "\n".join(f"- `{t}`: {how}" for t, how in written.items()) or "none"
            ),
            "tables": dg.MetadataValue.md(
                "\n".join(f"- `{t}`: {n} rows" for t, n in publication.row_counts.items())
            ),
            **{f"{table}_rows": count for table, count in publication.row_counts.items()},
        }
    )
