"""The dateline code location: ingestion and segmentation assets, the dbt models, a job, a sensor.

`dagster asset materialize -m orchestration.definitions --select '*'` builds everything;
`dagster dev -m orchestration.definitions` serves the UI on 127.0.0.1:3000.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import (
    DatelineDbtCliResource,
    build_dbt_assets,
    dbt_project,
    venv_dbt_executable,
)
from orchestration.assets.raw import (
    extracted_entity_mentions,
    extracted_timexes,
    page_segments,
    raw_documents,
)
from orchestration.assets.serving import serving_copy
from orchestration.resources import WarehouseResource
from orchestration.sensors import build_raw_folder_sensor
from orchestration.settings import Settings, settings_from_env

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Load new and changed raw files, segment them, and build every dbt model and test.",
)


def build_definitions(settings: Settings) -> dg.Definitions:
    """The code location for one raw folder and warehouse file (tests build their own)."""
    return dg.Definitions(
        assets=[
            raw_documents,
            page_segments,
            extracted_entity_mentions,
            extracted_timexes,
            build_dbt_assets(dbt_project),
            serving_copy,
        ],
        jobs=[build_warehouse_job],
        sensors=[build_raw_folder_sensor(build_warehouse_job, settings.raw_dir)],
        # Every step writes the one DuckDB file, which admits one writing process at a time: run the steps
        # one after another in the run's process instead of in parallel subprocesses that would queue on it.
        executor=dg.in_process_executor,
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "dbt": DatelineDbtCliResource(project_dir=dbt_project, dbt_executable=venv_dbt_executable()),
        },
    )


defs = build_definitions(settings_from_env())
