"""Dagster resources, configured from the environment (DATELINE_RAW_DIR, DATELINE_DB, DATELINE_WORKERS)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.warehouse import connect, holding_the_build_lock


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the raw folder it is built from.

    A run that uses it holds the warehouse's build lock from its first step to its last (the in-process
    executor sets resources up once a run), so two builds take turns instead of interleaving their steps.
    """

    db_path: str
    raw_dir: str
    workers: int = 1  # processes for the per-page text steps (orchestration.parallel)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        log = context.log.info if context.log else (lambda _message: None)
        with holding_the_build_lock(Path(self.db_path), log=log):
            yield self

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(Path(self.db_path)) as con:
            yield con
