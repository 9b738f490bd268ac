"""Dagster resources, configured from Settings (orchestration/settings.py), which reads the environment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.ingestion import DEFAULT_MAX_FILE_BYTES
from orchestration.parallel import Cluster
from orchestration.settings import DEFAULT_FRESHNESS_HOURS, Settings
from orchestration.warehouse import (
    DEFAULT_LOCK_TIMEOUT_S,
    DEFAULT_MEMORY_LIMIT,
    connect,
    holding_the_build_lock,
)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the raw folder it is built from.

    A run that uses it holds the warehouse's build lock from its first step to its last (the in-process
    executor sets resources up once a run), so two builds take turns instead of interleaving their steps.
    """

    db_path: str
    raw_dir: str
    workers: int = 1  # local processes for the per-page text steps (orchestration.parallel)
    cluster: str | None = None  # or a Dask scheduler's address: the per-page steps run on that cluster
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    duckdb_memory: str = DEFAULT_MEMORY_LIMIT
    freshness_hours: float = DEFAULT_FRESHNESS_HOURS

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            db_path=str(settings.db_path),
            raw_dir=str(settings.raw_dir),
            workers=settings.workers,
            cluster=settings.cluster,
            max_file_bytes=settings.max_file_bytes,
            lock_timeout_s=settings.lock_timeout_s,
            duckdb_memory=settings.duckdb_memory,
            freshness_hours=settings.freshness_hours,
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        log = context.log.info if context.log else (lambda _message: None)
        with holding_the_build_lock(Path(self.db_path), timeout_s=self.lock_timeout_s, log=log):
            yield self

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(
            Path(self.db_path), timeout_s=self.lock_timeout_s, memory_limit=self.duckdb_memory
        ) as con:
            yield con

    def page_cluster(self) -> Cluster:
        """Where the per-page steps compute (orchestration/parallel.py)."""
        return Cluster(workers=self.workers, address=self.cluster)

    def dbt_environment(self) -> dict[str, str]:
        """What dbt's profile reads (dbt_project/profiles.yml): the warehouse file and DuckDB's memory cap."""
        return {"DATELINE_DB": self.db_path, "DATELINE_DUCKDB_MEMORY": self.duckdb_memory}
