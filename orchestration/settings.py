"""Every setting dateline reads from the environment, read here and only here (`settings_from_env`).

The code location builds its resources from one `Settings`; nothing else reads `DATELINE_*` variables (the
test-only fault hook `DATELINE_CRASH_AT` of orchestration/faults.py aside), and nothing writes the
environment. dbt gets the warehouse path and memory limit for the duration of its step (assets/dbt.py).

| variable | default | |
|---|---|---|
| DATELINE_RAW_DIR | raw/ | the folder of pages |
| DATELINE_DB | warehouse/dateline.duckdb | the warehouse file |
| DATELINE_WORKERS | the cores this process may use | local worker processes for the per-page steps |
| DATELINE_CLUSTER | unset | a Dask scheduler's address (tcp://host:8786): the per-page steps run on that cluster |
| DATELINE_MAX_FILE_MB | 2 | larger files are rejected unread |
| DATELINE_LOCK_TIMEOUT_S | 1800 | how long a build waits for another build or a process holding the file |
| DATELINE_DUCKDB_MEMORY | 1GB | DuckDB's cache in the build's process and in dbt's |
| DATELINE_FRESHNESS_HOURS | 24 | the raw folder's freshness check warns when no new page arrived for this long |
| DATELINE_SENSOR_INTERVAL_S | 15 | how often the raw-folder sensor scans the folder (one stat per file: ~0.8 s a tick at 100,000 files here) |

Paths are resolved against the current directory, like any command-line path, and made absolute so that
dbt (which runs with `dbt_project/` as its working directory) and Dagster agree on the same file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingestion import DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_MB, MAX_FILE_MB_ENV
from orchestration.parallel import cluster_address, worker_count
from orchestration.warehouse import DEFAULT_LOCK_TIMEOUT_S, DEFAULT_MEMORY_LIMIT

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_RAW_DIR = PROJECT_ROOT / "raw"
DEFAULT_DB_PATH = PROJECT_ROOT / "warehouse" / "dateline.duckdb"
DEFAULT_FRESHNESS_HOURS = 24.0
# A page waits half of this on average before its build starts; each tick stats every file of the folder.
DEFAULT_SENSOR_INTERVAL_S = 15


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    db_path: Path
    # Local processes for the per-page text steps (DATELINE_WORKERS, default the machine's cores); 1 =
    # in-process. Ignored when `cluster` (DATELINE_CLUSTER, a Dask scheduler address) is set.
    workers: int = 1
    cluster: str | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    duckdb_memory: str = DEFAULT_MEMORY_LIMIT
    # The raw folder's freshness check warns when its newest page is older (DATELINE_FRESHNESS_HOURS).
    freshness_hours: float = DEFAULT_FRESHNESS_HOURS
    # How often the raw-folder sensor looks at the folder (DATELINE_SENSOR_INTERVAL_S).
    sensor_interval_s: int = DEFAULT_SENSOR_INTERVAL_S


def number_from_env(env: Mapping[str, str], name: str, default: float, unit: str, allow_zero: bool) -> float:
    """A DATELINE_* number: positive (or zero, where allowed), with an error that names the setting."""
    value = env.get(name) or str(default)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not (number >= 0 if allow_zero else number > 0):
        raise ValueError(
            f"{name}={value!r} is not a number of {unit} ({'0 or more' if allow_zero else 'more than 0'})"
        )
    return number


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting; relative paths are taken relative to the current directory."""
    env = os.environ if environ is None else environ
    return Settings(
        raw_dir=Path(env.get("DATELINE_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve(),
        db_path=Path(env.get("DATELINE_DB") or DEFAULT_DB_PATH).expanduser().resolve(),
        workers=worker_count(env),
        cluster=cluster_address(env),
        max_file_bytes=int(
            number_from_env(env, MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB, "megabytes", False) * 2**20
        ),
        lock_timeout_s=number_from_env(
            env, "DATELINE_LOCK_TIMEOUT_S", DEFAULT_LOCK_TIMEOUT_S, "seconds", True
        ),
        duckdb_memory=env.get("DATELINE_DUCKDB_MEMORY") or DEFAULT_MEMORY_LIMIT,
        freshness_hours=number_from_env(
            env, "DATELINE_FRESHNESS_HOURS", DEFAULT_FRESHNESS_HOURS, "hours", False
        ),
        sensor_interval_s=max(
            1,
            round(
                number_from_env(
                    env, "DATELINE_SENSOR_INTERVAL_S", DEFAULT_SENSOR_INTERVAL_S, "seconds", False
                )
            ),
        ),
    )
