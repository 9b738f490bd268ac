"""The raw schema that Dagster writes and dbt reads, defined once: each table's columns with their DuckDB
type and constraint. The DDL (`create table`, and `alter table … add column` for columns added after a
table was first released) and the polars schema of the frames the steps append are both derived from here.

Every table is append-only or keyed by content hash, so that a rerun adds nothing and a crash mid-way leaves
either a whole batch or none of it (each writer runs in one transaction). `raw.documents` holds one row per
version of a file in the raw folder; a file that disappears gets a tombstone row (is_deleted, no content)
so that the marts can drop it while the history stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import polars as pl

RAW_SCHEMA = "raw"

_POLARS_TYPES: Mapping[str, pl.DataType] = MappingProxyType(
    {
        "varchar": pl.String(),
        "bigint": pl.Int64(),
        "integer": pl.Int32(),
        "boolean": pl.Boolean(),
        "timestamp": pl.Datetime("us"),
        "date": pl.Date(),
        "time": pl.Time(),
        "varchar[]": pl.List(pl.String()),
    }
)


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str  # a DuckDB type, one of _POLARS_TYPES
    constraint: str = ""  # "not null" or "primary key"
    # Added after the table was first released: a warehouse built by an older dateline gets the column on its
    # next build (its rows keep null there until those pages are read again; see README "Upgrading").
    added: bool = False


@dataclass(frozen=True)
class RawTable:
    name: str
    columns: tuple[Column, ...]

    @property
    def create_sql(self) -> str:
        columns = ",\n".join(f"    {c.name} {c.sql_type} {c.constraint}".rstrip() for c in self.columns)
        return f"create table if not exists {RAW_SCHEMA}.{self.name} (\n{columns}\n)"

    @property
    def add_column_sql(self) -> list[str]:
        return [
            f"alter table {RAW_SCHEMA}.{self.name} add column if not exists {c.name} {c.sql_type}"
            for c in self.columns
            if c.added
        ]

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: _POLARS_TYPES[c.sql_type] for c in self.columns}

    def frame(self, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
        """Rows (dicts by column name; missing keys are null) as a frame typed for this table."""
        return pl.DataFrame(list(rows), schema=self.polars_schema)


def _found_in_text(index_name: str) -> tuple[Column, ...]:
    """The leading columns of a row found in a page's text: the page, the row's number, its offsets, its text."""
    return (
        Column("content_sha256", "varchar", "not null"),
        Column(index_name, "integer", "not null"),
        Column("start_char", "bigint", "not null"),
        Column("end_char", "bigint", "not null"),
        Column("text", "varchar", "not null"),
    )


# The sentence that holds a mention or an expression: its offsets and text.
_SENTENCE_COLUMNS = (
    Column("sentence_start", "bigint"),
    Column("sentence_end", "bigint"),
    Column("sentence", "varchar"),
)


# The version of the extractor that wrote a row (orchestration/extractor_versions.py); null on rows written
# before versions existed, which a build therefore re-extracts.
_EXTRACTION_COLUMNS = (Column("extractor_version", "varchar", added=True),)


def _processed_pages(name: str, count_name: str) -> RawTable:
    """A step's record of the pages it processed (even with no result), so a rerun skips them."""
    return RawTable(
        name,
        (
            Column("content_sha256", "varchar", "primary key"),
            Column(count_name, "integer", "not null"),
            Column("extracted_at", "timestamp", "not null"),
            *_EXTRACTION_COLUMNS,
            # the text it was extracted from (page_segments.text_sha256): a page read again into another
            # text is extracted again
            Column("text_sha256", "varchar", added=True),
        ),
    )


RAW_TABLES: Mapping[str, RawTable] = MappingProxyType(
    {
        table.name: table
        for table in (
            RawTable(
                "documents",
                (
                    Column("source_file", "varchar", "not null"),
                    Column("content_sha256", "varchar"),
                    Column("size_bytes", "bigint"),
                    Column("modified_ns", "bigint"),
                    Column("encoding", "varchar"),
                    Column("text", "varchar"),
                    Column("content_type", "varchar", added=True),
                    Column("is_deleted", "boolean", "not null"),
                    Column("loaded_at", "timestamp", "not null"),
                    Column("run_id", "varchar"),
                ),
            ),
            RawTable(
                "rejected_files",
                (
                    Column("source_file", "varchar", "not null"),
                    Column("reason", "varchar", "not null"),
                    Column("content_sha256", "varchar"),
                    Column("size_bytes", "bigint"),
                    Column("modified_ns", "bigint"),
                    Column("seen_at", "timestamp", "not null"),
                    Column("run_id", "varchar"),
                ),
            ),
            RawTable(
                "page_segments",
                (
                    Column("content_sha256", "varchar", "primary key"),
                    Column("page_date", "date"),
                    Column("page_kind", "varchar", "not null"),
                    Column("section", "varchar"),
                    Column("boilerplate", "varchar[]"),
                    Column("segmented_at", "timestamp", "not null"),
                    Column("page_kind_reason", "varchar", added=True),
                    Column("reader", "varchar", added=True),
                    Column("visible_text", "varchar", added=True),
                    Column("site_name", "varchar", added=True),
                    Column("categories", "varchar[]", added=True),
                    *_EXTRACTION_COLUMNS,
                    # sha256 of the text the entity and timex steps work on (visible text, else the file)
                    Column("text_sha256", "varchar", added=True),
                ),
            ),
            RawTable(
                "segmented_headlines",
                (
                    Column("content_sha256", "varchar", "not null"),
                    Column("position", "integer", "not null"),
                    Column("text", "varchar", "not null"),
                    Column("summary", "varchar"),
                    Column("role", "varchar", "not null"),
                    Column("summary_truncated", "boolean", "not null"),
                    Column("photo_caption", "varchar"),
                    Column("article_index", "integer"),
                    *_EXTRACTION_COLUMNS,
                ),
            ),
            RawTable(
                "segmented_articles",
                (
                    Column("content_sha256", "varchar", "not null"),
                    Column("article_index", "integer", "not null"),
                    Column("title", "varchar"),
                    Column("section", "varchar"),
                    Column("byline", "varchar"),
                    Column("dateline_place", "varchar"),
                    Column("published_date", "date"),
                    Column("paragraphs", "varchar[]"),
                    Column("photo_captions", "varchar[]"),
                    Column("photo_credits", "varchar[]"),
                    Column("subtitle", "varchar", added=True),
                    Column("authors", "varchar[]", added=True),
                    Column("published_date_source", "varchar", added=True),
                    Column("published_time", "time", added=True),
                    Column("published_timezone", "varchar", added=True),
                    Column("published_utc_offset_minutes", "integer", added=True),
                    Column("published_at_utc", "timestamp", added=True),
                    Column("updated_date", "date", added=True),
                    Column("updated_time", "time", added=True),
                    Column("updated_timezone", "varchar", added=True),
                    Column("updated_utc_offset_minutes", "integer", added=True),
                    Column("updated_at_utc", "timestamp", added=True),
                    *_EXTRACTION_COLUMNS,
                ),
            ),
            RawTable(
                "entity_mentions",
                (
                    *_found_in_text("mention_index"),
                    Column("label", "varchar", "not null"),
                    Column("entity_key", "varchar", "not null"),
                    Column("canonical_name", "varchar", "not null"),
                    *_SENTENCE_COLUMNS,
                    *_EXTRACTION_COLUMNS,
                ),
            ),
            _processed_pages("entity_documents", "mention_count"),
            RawTable(
                "timexes",
                (
                    *_found_in_text("timex_index"),
                    Column("timex_type", "varchar", "not null"),
                    Column("value", "varchar", "not null"),
                    Column("date_start", "date"),
                    Column("date_end", "date"),
                    Column("granularity", "varchar"),
                    Column("anchor", "varchar", "not null"),
                    Column("anchor_date", "date"),
                    *_SENTENCE_COLUMNS,
                    *_EXTRACTION_COLUMNS,
                ),
            ),
            _processed_pages("timex_documents", "timex_count"),
            # What the last successful dbt build saw (orchestration/dbt_changes.py): one row, replaced by
            # each build; empty before the first, and emptied when the dbt project changed.
            RawTable(
                "dbt_build_state",
                (
                    Column("built_at", "timestamp", "not null"),
                    Column("run_id", "varchar"),
                    Column("project_fingerprint", "varchar", "not null"),
                    # the newest loaded-at time of every source (JSON: source name -> ISO time or null)
                    Column("source_loaded_at", "varchar", "not null"),
                    # the newest of them: rows newer than this are the next build's new rows
                    Column("watermark", "timestamp"),
                ),
            ),
        )
    }
)


def raw_schema_ddl() -> tuple[str, ...]:
    """Every statement that brings a warehouse's raw schema up to date (idempotent)."""
    statements = [f"create schema if not exists {RAW_SCHEMA}"]
    statements += [table.create_sql for table in RAW_TABLES.values()]
    statements += [sql for table in RAW_TABLES.values() for sql in table.add_column_sql]
    return tuple(statements)
