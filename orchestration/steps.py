"""The per-document steps' common loop: find the pages a step has not processed, compute them in batches
(worker processes, orchestration.parallel), write each batch's rows in one transaction.

A step is keyed by content hash: the same bytes under two names, or a renamed file, are processed once. Its
`done_table` records that a page was processed (even with no result), so a rerun or an added page only
processes what is new, a killed run keeps the batches it finished, and memory stays flat however many pages
are pending. The steps themselves (reading, entities, timexes) are orchestration/page_reading.py and
orchestration/extraction.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from orchestration.parallel import workers_for
from orchestration.raw_tables import RAW_TABLES
from orchestration.warehouse import append_frame, query_frame, transaction

# Content hashes of the current version of every file, whatever other versions exist. Texts are not read
# here: a no-op rerun only compares hashes.
CURRENT_HASHES_SQL = """
    select distinct content_sha256
    from raw.documents
    where not is_deleted
      and (source_file, loaded_at) in (
          select (source_file, max(loaded_at)) from raw.documents group by source_file
      )
"""

# The text entities and timexes are found in (and documents.text holds): an HTML page's visible text, as
# the page reader rendered it, else the decoded file itself.
READ_TEXT_SQL = "coalesce(segments.visible_text, documents.text)"

Rows = list[dict[str, Any]]
# (rows of a batch, one result per row), batch after batch
BatchResults = Iterator[tuple[Rows, list[Any]]]


def pending_hashes(con: duckdb.DuckDBPyConnection, done_table: str, read_only: bool = False) -> list[str]:
    """Content hashes of current documents that have no row in raw.<done_table> yet, in a stable order.

    With ``read_only``, only pages the page reader has read (their text is what the step works on).
    """
    frame = query_frame(
        con,
        f"""
        with current_versions as ({CURRENT_HASHES_SQL})
        select content_sha256 from current_versions
        where content_sha256 not in (select content_sha256 from raw.{done_table})
        {"and content_sha256 in (select content_sha256 from raw.page_segments)" if read_only else ""}
        order by content_sha256
        """,
    )
    return frame["content_sha256"].to_list()


def read_texts_for(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> pl.DataFrame:
    """(content_sha256, text) of read pages: the text offsets point into (see READ_TEXT_SQL)."""
    return query_frame(
        con,
        f"""
        select documents.content_sha256, any_value({READ_TEXT_SQL}) as text
        from raw.documents as documents
        inner join raw.page_segments as segments using (content_sha256)
        where documents.content_sha256 in (select unnest($hashes)) and not documents.is_deleted
        group by documents.content_sha256 order by documents.content_sha256
        """,
        {"hashes": list(hashes)},
    )


def batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def processed_rows(rows: Rows, results: list[Any], count_column: str, now: datetime) -> Rows:
    """A step's done-table rows: one per page it processed, with how many results it found (even none)."""
    return [
        {"content_sha256": row["content_sha256"], count_column: len(found), "extracted_at": now}
        for row, found in zip(rows, results, strict=True)
    ]


@dataclass(frozen=True)
class PerDocumentStep:
    """What makes one per-document step: where its inputs come from, how a batch is computed, what is written."""

    name: str  # in progress lines: "entities: 400/1000 pages ..."
    tables: tuple[str, ...]  # the raw tables it writes
    done_table: str  # the one of them with a row per processed page
    only_read_pages: bool  # works on the reader's text, so only pages the reader has read
    read_batch: Callable[[duckdb.DuckDBPyConnection, Sequence[str]], pl.DataFrame]
    # frames of pages and the worker count -> each frame's rows and one result per row
    compute: Callable[[Iterator[pl.DataFrame], int], BatchResults]
    # a batch's rows and results, and the time -> rows per raw table
    to_rows: Callable[[Rows, list[Any], datetime], Mapping[str, Rows]]
    # counts written so far (by raw table) and pages pending -> the progress line after the name
    progress: Callable[[Mapping[str, int], int], str]
    batch_size: int
    chunk_size: int


def run_pending(
    con: duckdb.DuckDBPyConnection,
    step: PerDocumentStep,
    workers: int = 1,
    log: Callable[[str], None] = lambda _message: None,
) -> dict[str, int]:
    """Run `step` on every current page it has not processed; returns the rows written per raw table."""
    hashes = pending_hashes(con, step.done_table, read_only=step.only_read_pages)
    written = dict.fromkeys(step.tables, 0)
    if not hashes:
        return written  # a no-op rerun starts no worker and loads no model
    frames = (step.read_batch(con, batch) for batch in batches(hashes, step.batch_size))
    for rows, results in step.compute(frames, workers_for(len(hashes), step.chunk_size, workers)):
        tables = step.to_rows(rows, results, datetime.now(UTC).replace(tzinfo=None))
        with transaction(con):
            for table, table_rows in tables.items():
                written[table] += append_frame(con, table, RAW_TABLES[table].frame(table_rows))
        log(f"{step.name}: {step.progress(written, len(hashes))}")
    return written
