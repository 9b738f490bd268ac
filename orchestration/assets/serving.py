"""The read-only serving copy of the marts, republished after every successful build (orchestration/serving.py)."""

from pathlib import Path

import dagster as dg

from orchestration.resources import WarehouseResource
from orchestration.serving import publish_serving_copy, serving_path
from orchestration.warehouse import MART_TABLES

# The dbt marts, keyed by model name (see DatelineDbtTranslator); the job runs this asset after all of them.
MART_ASSET_KEYS = [dg.AssetKey(table) for table in MART_TABLES]


@dg.asset(
    deps=MART_ASSET_KEYS,
    group_name="serving",
    kinds={"duckdb"},
    description="A read-only copy of every mart in <warehouse stem>_serving.duckdb, replaced atomically after "
    "each successful build, so BI tools and notebooks can read while the pipeline writes.",
)
def serving_copy(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    target = serving_path(Path(warehouse.db_path))
    with warehouse.connect() as con:
        counts = publish_serving_copy(con, target)
    context.log.info(f"published {len(counts)} tables to {target}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "tables": dg.MetadataValue.md("\n".join(f"- `{t}`: {n} rows" for t, n in counts.items())),
            **{f"{table}_rows": count for table, count in counts.items()},
        }
    )
