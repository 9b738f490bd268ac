"""The dateline code location: ingestion and segmentation assets, the dbt models, a job, a sensor.

`dagster asset materialize -m orchestration.definitions --select '*'` builds everything;
`dagster dev -m orchestration.definitions` serves the UI on 127.0.0.1:3000.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.automation import BUILD_RUN_TAG
from orchestration.assets.checks import (
    raw_folder_freshness_job,
    raw_folder_freshness_schedule,
    raw_folder_is_fresh,
)
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
    tags={BUILD_RUN_TAG: "true"},  # declarative automation does not follow what a build left alone
)


def build_definitions(settings: Settings, sensor_interval_s: int | None = None) -> dg.Definitions:
    """The code location for one raw folder and warehouse file (tests build their own; `sensor_interval_s`
    overrides settings.sensor_interval_s, DATELINE_SENSOR_INTERVAL_S, so that they look more often)."""
    return dg.Definitions(
        assets=[
            raw_documents,
            page_segments,
            extracted_entity_mentions,
            extracted_timexes,
            build_dbt_assets(dbt_project),
            serving_copy,
        ],
        asset_checks=[raw_folder_is_fresh],
        jobs=[build_warehouse_job, raw_folder_freshness_job],
        schedules=[raw_folder_freshness_schedule],
        sensors=[
            # Declarative automation (orchestration/assets/automation.py, on every asset after raw_documents):
            # when the raw tables are materialised alone (the UI, a subset run), the steps and marts after
            # them follow; after a build, nothing does. On by default; the raw-folder sensor below is what
            # starts builds on its own.
            dg.AutomationConditionSensorDefinition(
                "marts_follow_raw_tables",
                target=dg.AssetSelection.all() - dg.AssetSelection.assets(raw_documents),
                default_status=dg.DefaultSensorStatus.RUNNING,
                minimum_interval_seconds=30,
                description="Materialises the steps, dbt models and serving copy after what they read changed.",
            ),
            build_raw_folder_sensor(
                build_warehouse_job,
                settings.raw_dir,
                db_path=settings.db_path,
                minimum_interval_seconds=sensor_interval_s or settings.sensor_interval_s,
            ),
        ],
        # Every step writes the one DuckDB file, which admits one writing process at a time: run the steps
        # one after another in the run's process instead of in parallel subprocesses that would queue on it.
        executor=dg.in_process_executor,
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "dbt": DatelineDbtCliResource(project_dir=dbt_project, dbt_executable=venv_dbt_executable()),
        },
    )


defs = build_definitions(settings_from_env())
