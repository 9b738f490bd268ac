"""Where dateline reads pages from and writes the warehouse to, taken from the environment.

`DATELINE_RAW_DIR` (default `raw/`) and `DATELINE_DB` (default `warehouse/dateline.duckdb`) are resolved
against the current directory, like any command-line path, and made absolute so that dbt (which runs with
`dbt_project/` as its working directory) and Dagster agree on the same file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.parallel import worker_count

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_RAW_DIR = PROJECT_ROOT / "raw"
DEFAULT_DB_PATH = PROJECT_ROOT / "warehouse" / "dateline.duckdb"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    db_path: Path
    # Processes for the per-page text steps (DATELINE_WORKERS, default the machine's cores); 1 = in-process.
    workers: int = 1


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """Read the two settings; relative paths are taken relative to the current directory."""
    env = os.environ if environ is None else environ
    raw_dir = Path(env.get("DATELINE_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve()
    db_path = Path(env.get("DATELINE_DB") or DEFAULT_DB_PATH).expanduser().resolve()
    return Settings(raw_dir=raw_dir, db_path=db_path, workers=worker_count(env))


def export_for_dbt(settings: Settings) -> None:
    """dbt's profile reads DATELINE_DB from the environment; give it the resolved absolute path."""
    os.environ["DATELINE_DB"] = str(settings.db_path)
    os.environ["DATELINE_RAW_DIR"] = str(settings.raw_dir)
