"""The raw schema that Dagster writes and dbt reads: DDL and small typed helpers around DuckDB.

Every table here is append-only or keyed by content hash, so that a rerun adds nothing and a crash mid-way
leaves either the whole batch or none of it (each writer runs in one transaction).
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

RAW_SCHEMA = "raw"

# The tables of the contract (DESIGN.md), built by dbt in the main schema.
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

# One row per version of a file in the raw folder. A file that disappears gets a tombstone row
# (is_deleted, no content) so that the marts can drop it while the history stays.
_DDL = (
    f"create schema if not exists {RAW_SCHEMA}",
    f"""
    create table if not exists {RAW_SCHEMA}.documents (
        source_file varchar not null,
        content_sha256 varchar,
        size_bytes bigint,
        modified_ns bigint,
        encoding varchar,
        text varchar,
        content_type varchar,
        is_deleted boolean not null,
        loaded_at timestamp not null,
        run_id varchar
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.rejected_files (
        source_file varchar not null,
        reason varchar not null,
        content_sha256 varchar,
        size_bytes bigint,
        modified_ns bigint,
        seen_at timestamp not null,
        run_id varchar
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.page_segments (
        content_sha256 varchar primary key,
        page_date date,
        page_kind varchar not null,
        section varchar,
        boilerplate varchar[],
        segmented_at timestamp not null,
        page_kind_reason varchar,
        reader varchar,
        visible_text varchar,
        site_name varchar,
        categories varchar[]
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.segmented_headlines (
        content_sha256 varchar not null,
        position integer not null,
        text varchar not null,
        summary varchar,
        role varchar not null,
        summary_truncated boolean not null,
        photo_caption varchar,
        article_index integer
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.segmented_articles (
        content_sha256 varchar not null,
        article_index integer not null,
        title varchar,
        section varchar,
        byline varchar,
        dateline_place varchar,
        published_date date,
        paragraphs varchar[],
        photo_captions varchar[],
        photo_credits varchar[],
        subtitle varchar,
        authors varchar[],
        published_date_source varchar,
        published_time time,
        published_timezone varchar,
        published_utc_offset_minutes integer,
        published_at_utc timestamp,
        updated_date date,
        updated_time time,
        updated_timezone varchar,
        updated_utc_offset_minutes integer,
        updated_at_utc timestamp
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.entity_mentions (
        content_sha256 varchar not null,
        mention_index integer not null,
        start_char bigint not null,
        end_char bigint not null,
        text varchar not null,
        label varchar not null,
        entity_key varchar not null,
        canonical_name varchar not null,
        sentence_start bigint,
        sentence_end bigint,
        sentence varchar
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.entity_documents (
        content_sha256 varchar primary key,
        mention_count integer not null,
        extracted_at timestamp not null
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.timexes (
        content_sha256 varchar not null,
        timex_index integer not null,
        start_char bigint not null,
        end_char bigint not null,
        text varchar not null,
        timex_type varchar not null,
        value varchar not null,
        date_start date,
        date_end date,
        granularity varchar,
        anchor varchar not null,
        anchor_date date,
        sentence_start bigint,
        sentence_end bigint,
        sentence varchar
    )""",
    f"""
    create table if not exists {RAW_SCHEMA}.timex_documents (
        content_sha256 varchar primary key,
        timex_count integer not null,
        extracted_at timestamp not null
    )""",
)

# Columns added after a table was first released: a warehouse built by an older dateline gets them on its
# next build (its rows keep null there until those pages are read again; see README "Upgrading").
_ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("documents", "content_type", "varchar"),
    ("page_segments", "page_kind_reason", "varchar"),
    ("page_segments", "reader", "varchar"),
    ("page_segments", "visible_text", "varchar"),
    ("page_segments", "site_name", "varchar"),
    ("page_segments", "categories", "varchar[]"),
    ("segmented_articles", "subtitle", "varchar"),
    ("segmented_articles", "authors", "varchar[]"),
    ("segmented_articles", "published_date_source", "varchar"),
    ("segmented_articles", "published_time", "time"),
    ("segmented_articles", "published_timezone", "varchar"),
    ("segmented_articles", "published_utc_offset_minutes", "integer"),
    ("segmented_articles", "published_at_utc", "timestamp"),
    ("segmented_articles", "updated_date", "date"),
    ("segmented_articles", "updated_time", "time"),
    ("segmented_articles", "updated_timezone", "varchar"),
    ("segmented_articles", "updated_utc_offset_minutes", "integer"),
    ("segmented_articles", "updated_at_utc", "timestamp"),
)
_DDL = _DDL + tuple(
    f"alter table {RAW_SCHEMA}.{table} add column if not exists {column} {kind}"
    for table, column, kind in _ADDED_COLUMNS
)


LOCK_TIMEOUT_ENV = "DATELINE_LOCK_TIMEOUT_S"
DEFAULT_LOCK_TIMEOUT_S = 1800.0
MEMORY_LIMIT_ENV = "DATELINE_DUCKDB_MEMORY"
DEFAULT_MEMORY_LIMIT = "1GB"


def _duckdb_config() -> dict[str, str]:
    # DuckDB caches what it reads up to 80 % of RAM by default: a build that streams every page through the
    # pipeline would keep them all resident. Bound it (DATELINE_DUCKDB_MEMORY, default 1GB); DuckDB evicts
    # or spills beyond that.
    return {"memory_limit": os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT}


def open_waiting_for_lock(
    db_path: Path, read_only: bool = False, timeout_s: float | None = None
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting (bounded) while another process holds the file's lock.

    DuckDB lets one process write a file at a time. Two steps of one run (the multiprocess executor starts
    segmentation and entity extraction together) or two runs (the sensor and a manual build) would otherwise
    fail at once with "Could not set lock"; they take turns instead. The wait is bounded by
    DATELINE_LOCK_TIMEOUT_S (default 1800 s), after which DuckDB's error is raised.
    """
    if timeout_s is None:
        timeout_s = float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT_S)
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only, config=_duckdb_config())
        except duckdb.IOException as error:
            remaining = deadline - time.monotonic()
            if "could not set lock" not in str(error).lower() or remaining <= 0:
                raise
            time.sleep(min(delay, remaining))  # back off: polling a lock, not synchronising on time
            delay = min(delay * 2, 1.0)


def build_lock_path(db_path: Path) -> Path:
    """`warehouse/dateline.duckdb` -> `warehouse/.dateline.duckdb.build.lock` (hidden, beside the file)."""
    return db_path.with_name(f".{db_path.name}.build.lock")


@contextmanager
def holding_the_build_lock(
    db_path: Path, timeout_s: float | None = None, log: Callable[[str], None] = lambda _message: None
) -> Iterator[None]:
    """Hold the warehouse for a whole build: its Python steps, dbt and the serving copy.

    DuckDB's own lock is per connection, and a build opens and closes the file several times (each Python
    step, then the dbt process, then the serving copy). Between two of those, another build's ingestion could
    commit pages that this build's dbt run then finds unread. An exclusive `flock` on a file beside the
    warehouse, taken for the whole run, makes builds take turns. The kernel drops it when the process dies
    (kill -9 included), so a crashed build never leaves it held. Waits up to DATELINE_LOCK_TIMEOUT_S.
    """
    if timeout_s is None:
        timeout_s = float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT_S)
    path = build_lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        delay, announced = 0.05, False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                holder = os.pread(descriptor, 200, 0).decode(errors="replace").strip() or "another process"
                if remaining <= 0:
                    raise TimeoutError(
                        f"another build ({holder}) has held {db_path} for over {timeout_s:g} s "
                        f"({LOCK_TIMEOUT_ENV}); try again when it has finished"
                    ) from None
                if not announced:
                    log(f"waiting for another build of {db_path} to finish ({holder})")
                    announced = True
                time.sleep(min(delay, remaining))
                delay = min(delay * 2, 1.0)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()}, since {time.strftime('%H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


@contextmanager
def connect(db_path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse file (creating its folder and the raw schema when writing)."""
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_waiting_for_lock(db_path, read_only=read_only)
    try:
        if not read_only:
            for statement in _DDL:
                con.execute(statement)
        yield con
    finally:
        con.close()


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
