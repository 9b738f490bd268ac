"""Dagster resources, configured from the environment (DATELINE_RAW_DIR, DATELINE_DB, DATELINE_WORKERS)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.warehouse import connect


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the raw folder it is built from."""

    db_path: str
    raw_dir: str
    workers: int = 1  # processes for the per-page text steps (orchestration.parallel)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(Path(self.db_path)) as con:
            yield con
