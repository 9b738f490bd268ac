"""Opening the warehouse (waiting for the lock, bringing the raw schema up to date) and small typed helpers.

The raw tables themselves are defined in orchestration/raw_tables.py.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from orchestration.raw_tables import RAW_SCHEMA, raw_schema_ddl

# The tables of the contract (README "What you get"), built by dbt in the main schema.
MART_TABLES = (
    "documents",
    "articles",
    "headlines",
    "entity_mentions",
    "entities",
    "timeline",
    "rejected_files",
    # beyond the contract: lines each site repeats, and article bodies without them
    "repeated_lines",
    "article_bodies",
)

_DDL = raw_schema_ddl()


def main_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views in the warehouse's main schema (where dbt builds the marts)."""
    return {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_catalog = current_database()"
        ).fetchall()
    }


DEFAULT_LOCK_TIMEOUT_S = 1800.0  # DATELINE_LOCK_TIMEOUT_S (orchestration/settings.py)
# DuckDB caches what it reads up to 80 % of RAM by default: a build that streams every page through the
# pipeline would keep them all resident. Bounded (DATELINE_DUCKDB_MEMORY), DuckDB evicts or spills beyond it.
DEFAULT_MEMORY_LIMIT = "1GB"


def open_waiting_for_lock(
    db_path: Path,
    read_only: bool = False,
    timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting (bounded) while another process holds the file's lock.

    DuckDB lets one process write a file at a time. Two steps of one run (the multiprocess executor starts
    segmentation and entity extraction together) or two runs (the sensor and a manual build) would otherwise
    fail at once with "Could not set lock"; they take turns instead. The wait is bounded by timeout_s
    (DATELINE_LOCK_TIMEOUT_S, default 1800 s), after which DuckDB's error is raised.
    """
    waits = _backoff(timeout_s)
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only, config={"memory_limit": memory_limit})
        except duckdb.IOException as error:
            if "could not set lock" not in str(error).lower() or not next(waits, False):
                raise


def _backoff(timeout_s: float) -> Iterator[bool]:
    """Sleep before each retry of a lock (0.05 s, doubling up to 1 s) and yield True, until timeout_s has
    passed since the first call; then stop. Polling a lock, not synchronising on time."""
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while (remaining := deadline - time.monotonic()) > 0:
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, 1.0)
        yield True


def build_lock_path(db_path: Path) -> Path:
    """`warehouse/dateline.duckdb` -> `warehouse/.dateline.duckdb.build.lock` (hidden, beside the file)."""
    return db_path.with_name(f".{db_path.name}.build.lock")


@contextmanager
def holding_the_build_lock(
    db_path: Path,
    timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    log: Callable[[str], None] = lambda _message: None,
) -> Iterator[None]:
    """Hold the warehouse for a whole build: its Python steps, dbt and the serving copy.

    DuckDB's own lock is per connection, and a build opens and closes the file several times (each Python
    step, then the dbt process, then the serving copy). Between two of those, another build's ingestion could
    commit pages that this build's dbt run then finds unread. An exclusive `flock` on a file beside the
    warehouse, taken for the whole run, makes builds take turns. The kernel drops it when the process dies
    (kill -9 included), so a crashed build never leaves it held. Waits up to timeout_s.
    """
    path = build_lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        waits, announced = _backoff(timeout_s), False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    log(
                        f"lock: waiting for another build of {db_path} to finish ({_lock_holder(descriptor)})"
                    )
                    announced = True
                if not next(waits, False):
                    raise TimeoutError(
                        f"another build ({_lock_holder(descriptor)}) has held {db_path} for over "
                        f"{timeout_s:g} s (DATELINE_LOCK_TIMEOUT_S); try again when it has finished"
                    ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()}, since {time.strftime('%H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _lock_holder(descriptor: int) -> str:
    """What the build holding the lock wrote into the lock file (its pid and start time)."""
    return os.pread(descriptor, 200, 0).decode(errors="replace").strip() or "another process"


@contextmanager
def connect(
    db_path: Path,
    read_only: bool = False,
    timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse file (creating its folder and the raw schema when writing)."""
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_waiting_for_lock(db_path, read_only=read_only, timeout_s=timeout_s, memory_limit=memory_limit)
    try:
        if not read_only:
            for statement in _DDL:
                con.execute(statement)
        yield con
    finally:
        con.close()


# DuckDB prints a memory setting in binary units ("953.6 MiB"): current_setting gives no number of bytes.
_BINARY_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}


def memory_limit_bytes(con: duckdb.DuckDBPyConnection) -> int:
    """The connection's DuckDB memory limit in bytes (to the precision DuckDB prints it)."""
    number, unit = con.execute("select current_setting('memory_limit')").fetchall()[0][0].split()
    return int(float(number) * _BINARY_UNITS[unit])


@contextmanager
def memory_limit_at_most(con: duckdb.DuckDBPyConnection, limit_bytes: int) -> Iterator[None]:
    """Lower DuckDB's memory limit to limit_bytes for the block (a lower limit the user set is kept), then
    set back what it was (to the 0.1 unit DuckDB prints it with)."""
    before = memory_limit_bytes(con)
    if before <= limit_bytes:
        yield
        return
    con.execute(f"set memory_limit = '{limit_bytes} bytes'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{before} bytes'")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All writes inside commit together or not at all (a killed run leaves no half batch)."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert a polars frame into raw.<table> by column name; returns the rows written."""
    if frame.is_empty():
        return 0
    con.register("_incoming", frame.to_arrow())
    try:
        columns = ", ".join(f'"{name}"' for name in frame.columns)
        con.execute(f"insert into {RAW_SCHEMA}.{table} ({columns}) select {columns} from _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or None).pl()
