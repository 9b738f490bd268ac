"""The per-document steps' common loop: find the pages a step has not processed, compute them in batches
(on a Dask cluster or in-process, orchestration.parallel), write each batch's rows in one transaction.

A step is keyed by content hash: the same bytes under two names, or a renamed file, are processed once. Its
`done_table` records that a page was processed (even with no result), so a rerun or an added page only
processes what is new, a killed run keeps the batches it finished, and memory stays flat however many pages
are pending. The steps themselves (reading, entities, timexes) are orchestration/page_reading.py and
orchestration/extraction.py.

Each step has a version (orchestration/extractor_versions.py) written to every row: a page whose done row
carries another version, or whose text changed since (for the steps that work on the reader's text), is
pending again, and its old rows are replaced in the transaction that writes its new ones. So a re-extraction
is an ordinary run: batched, resumable after a kill, never reading a raw file again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from orchestration.faults import crash_point
from orchestration.parallel import IN_PROCESS, Cluster
from orchestration.raw_tables import RAW_TABLES
from orchestration.warehouse import append_frame, memory_limit_at_most, query_frame, transaction

# DuckDB's memory limit while a per-document step runs. A step writes one batch of rows at a time, but with
# room DuckDB keeps more of what its checkpoints compress and write: resuming the entity step over a 100k-page
# warehouse (4,000 pages pending, 2 workers), the build process's PSS had a median of 428 MB and a max of 537
# MB at the 1 GB default, against 402 and 428 MB at 256 MiB, in the same time (130 and 134 s). The steps
# run beside the workers, so this is where a build's memory peaks (docs/benchmarks.md).
STEP_MEMORY_LIMIT_BYTES = 256 * 2**20

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


@dataclass(frozen=True)
class PendingPages:
    """The content hashes a step must (re)process, in a stable order; `stale` are those it processed before
    with another extractor version or on another text, whose old rows it replaces."""

    hashes: list[str]
    stale: frozenset[str]


def pending_pages(
    con: duckdb.DuckDBPyConnection, done_table: str, version: str, on_read_text: bool = False
) -> PendingPages:
    """Current documents with no row in raw.<done_table> at this extractor version.

    With ``on_read_text``, only pages the page reader has read (their text is what the step works on), and
    also those whose text changed since the step last ran on them (`text_sha256`).
    """
    text_changed = "or done.text_sha256 is distinct from segments.text_sha256" if on_read_text else ""
    frame = query_frame(
        con,
        f"""
        with current_versions as ({CURRENT_HASHES_SQL})
        select current_versions.content_sha256, done.content_sha256 is not null as is_stale
        from current_versions
        {"inner join raw.page_segments as segments using (content_sha256)" if on_read_text else ""}
        left join raw.{done_table} as done using (content_sha256)
        where done.content_sha256 is null
            or done.extractor_version is distinct from $version
            {text_changed}
        order by current_versions.content_sha256
        """,
        {"version": version},
    )
    return PendingPages(
        hashes=frame["content_sha256"].to_list(),
        stale=frozenset(frame.filter(pl.col("is_stale"))["content_sha256"].to_list()),
    )


def mark_all_stale(con: duckdb.DuckDBPyConnection, done_table: str) -> int:
    """Forget the extractor version of every page a step processed: the next run re-extracts them all, and
    a run killed halfway leaves the rest marked, so the run after it finishes them. Returns the pages marked."""
    with transaction(con):
        marked = con.execute(
            f"update raw.{done_table} set extractor_version = null where extractor_version is not null"
        ).fetchall()
    return int(marked[0][0]) if marked else 0


def read_texts_for(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> pl.DataFrame:
    """(content_sha256, text, text_sha256) of read pages: the text offsets point into (see READ_TEXT_SQL)."""
    return query_frame(
        con,
        f"""
        select documents.content_sha256, any_value({READ_TEXT_SQL}) as text,
               any_value(segments.text_sha256) as text_sha256
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
    """A step's done-table rows: one per page it processed, with how many results it found (even none) and
    the text it worked on."""
    return [
        {
            "content_sha256": row["content_sha256"],
            count_column: len(found),
            "extracted_at": now,
            "text_sha256": row.get("text_sha256"),
        }
        for row, found in zip(rows, results, strict=True)
    ]


@dataclass(frozen=True)
class PerDocumentStep:
    """What makes one per-document step: where its inputs come from, how a batch is computed, what is written."""

    name: str  # in progress lines: "entities: 400/1000 pages ..."
    version: str  # orchestration/extractor_versions.py: written to every row, compared to find stale pages
    tables: tuple[str, ...]  # the raw tables it writes
    done_table: str  # the one of them with a row per processed page
    only_read_pages: bool  # works on the reader's text, so only pages the reader has read
    read_batch: Callable[[duckdb.DuckDBPyConnection, Sequence[str]], pl.DataFrame]
    # frames of pages and where to compute them -> each frame's rows and one result per row
    compute: Callable[[Iterator[pl.DataFrame], Cluster], BatchResults]
    # a batch's rows and results, and the time -> rows per raw table
    to_rows: Callable[[Rows, list[Any], datetime], Mapping[str, Rows]]
    # counts written so far (by raw table) and pages pending -> the progress line after the name
    progress: Callable[[Mapping[str, int], int], str]
    batch_size: int
    chunk_size: int
    # the fewest pending pages worth starting a local cluster for (~1.5 s with its workers' imports): fewer
    # run in the build's process. An existing cluster (DATELINE_CLUSTER) takes any number.
    cluster_min_pages: int


def run_pending(
    con: duckdb.DuckDBPyConnection,
    step: PerDocumentStep,
    cluster: Cluster = IN_PROCESS,
    log: Callable[[str], None] = lambda _message: None,
) -> dict[str, int]:
    """Run `step` on every current page it has not processed at its version; returns the rows written per
    raw table. A page processed before (older version, or its text changed) has its old rows replaced in
    the same transaction as the new ones are written."""
    with memory_limit_at_most(con, STEP_MEMORY_LIMIT_BYTES):
        return _run_pending(con, step, cluster, log)


def _run_pending(
    con: duckdb.DuckDBPyConnection, step: PerDocumentStep, cluster: Cluster, log: Callable[[str], None]
) -> dict[str, int]:
    pending = pending_pages(con, step.done_table, step.version, on_read_text=step.only_read_pages)
    hashes = pending.hashes
    written = dict.fromkeys(step.tables, 0)
    if not hashes:
        return written  # a no-op rerun starts no worker and loads no model
    if pending.stale:
        log(
            f"{step.name}: {len(pending.stale)} of {len(hashes)} pages to re-extract at version {step.version}"
        )
    where = cluster.for_work(len(hashes), step.chunk_size, step.cluster_min_pages)
    if not where.in_process:
        log(f"{step.name}: {len(hashes)} pages on {where.describe()}")
    frames = (step.read_batch(con, batch) for batch in batches(hashes, step.batch_size))
    for rows, results in step.compute(frames, where):
        tables = step.to_rows(rows, results, datetime.now(UTC).replace(tzinfo=None))
        replaced = [row["content_sha256"] for row in rows if row["content_sha256"] in pending.stale]
        with transaction(con):
            if replaced:
                for table in step.tables:
                    con.execute(
                        f"delete from raw.{table} where content_sha256 in (select unnest($hashes))",
                        {"hashes": replaced},
                    )
            for table, table_rows in tables.items():
                versioned = [{**row, "extractor_version": step.version} for row in table_rows]
                written[table] += append_frame(con, table, RAW_TABLES[table].frame(versioned))
        log(f"{step.name}: {step.progress(written, len(hashes))}")
        crash_point("steps:after-batch")
    return written
