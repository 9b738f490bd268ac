"""Every DATELINE_* setting is read in one place, and building the definitions leaves the environment alone."""

import os
from pathlib import Path

import pytest

from orchestration.settings import Settings, settings_from_env


def test_every_setting_comes_from_the_environment(tmp_path: Path) -> None:
    settings = settings_from_env(
        {
            "DATELINE_RAW_DIR": str(tmp_path / "pages"),
            "DATELINE_DB": str(tmp_path / "w.duckdb"),
            "DATELINE_WORKERS": "3",
            "DATELINE_CLUSTER": "tcp://scheduler:8786",
            "DATELINE_MAX_FILE_MB": "0.5",
            "DATELINE_LOCK_TIMEOUT_S": "12",
            "DATELINE_DUCKDB_MEMORY": "2GB",
            "DATELINE_SENSOR_INTERVAL_S": "60",
        }
    )
    assert settings == Settings(
        raw_dir=tmp_path / "pages",
        db_path=tmp_path / "w.duckdb",
        workers=3,
        cluster="tcp://scheduler:8786",
        max_file_bytes=512 * 1024,
        lock_timeout_s=12.0,
        duckdb_memory="2GB",
        sensor_interval_s=60,
    )


def test_defaults_and_bad_values() -> None:
    settings = settings_from_env({"DATELINE_WORKERS": "1"})
    assert (settings.max_file_bytes, settings.lock_timeout_s, settings.duckdb_memory) == (
        2 * 1024 * 1024,
        1800.0,
        "1GB",
    )
    assert settings.db_path.name == "dateline.duckdb" and settings.db_path.is_absolute()
    assert settings.cluster is None  # no cluster address: local processes
    with pytest.raises(ValueError, match="DATELINE_LOCK_TIMEOUT_S"):
        settings_from_env({"DATELINE_LOCK_TIMEOUT_S": "soon"})
    assert settings.sensor_interval_s == 15
    with pytest.raises(ValueError, match="DATELINE_SENSOR_INTERVAL_S"):
        settings_from_env({"DATELINE_SENSOR_INTERVAL_S": "0"})


def test_building_the_definitions_changes_no_environment_variable(tmp_path: Path) -> None:
    from orchestration.definitions import build_definitions  # parses the dbt project if its manifest is stale

    before = dict(os.environ)
    defs = build_definitions(Settings(raw_dir=tmp_path / "raw", db_path=tmp_path / "w.duckdb"))
    assert defs.resolve_job_def("build_warehouse") is not None
    assert dict(os.environ) == before
