"""Segment the pages that have not been segmented yet, and store the results in the raw schema.

Segmentation is keyed by content hash: the same bytes under two names, or a file renamed, are segmented
once. Work is done in batches, each written in its own transaction, so a killed run keeps what it finished
and memory stays flat however many pages are pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from orchestration.parallel import PageChunk, map_pages, workers_for
from orchestration.text.page_reader import read_page
from orchestration.text.segmentation import Page
from orchestration.text.timestamps import PageTime
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


@dataclass(frozen=True)
class SegmentFrames:
    pages: pl.DataFrame
    headlines: pl.DataFrame
    articles: pl.DataFrame


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


# The text entities and timexes are found in (and documents.text holds): an HTML page's visible text, as
# the page reader rendered it, else the decoded file itself.
READ_TEXT_SQL = "coalesce(segments.visible_text, documents.text)"


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


def texts_for(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> pl.DataFrame:
    """(content_sha256, text) for the given hashes: the decoded files as loaded."""
    return query_frame(
        con,
        """
        select content_sha256, any_value(text) as text from raw.documents
        where content_sha256 in (select unnest($hashes)) and not is_deleted
        group by content_sha256 order by content_sha256
        """,
        {"hashes": list(hashes)},
    )


def batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _time_columns(prefix: str, when: PageTime | None) -> dict[str, object]:
    """A PageTime as columns: local clock time and zone as printed, the UTC offset, and the UTC instant."""
    aware = when.aware() if when else None
    return {
        f"{prefix}_time": when.time if when else None,
        f"{prefix}_timezone": when.zone if when else None,
        f"{prefix}_utc_offset_minutes": when.utc_offset_minutes if when else None,
        f"{prefix}_at_utc": aware.astimezone(UTC).replace(tzinfo=None) if aware else None,
    }


def segments_to_frames(hashes: Sequence[str], pages: Sequence[Page], segmented_at: datetime) -> SegmentFrames:
    """Flatten read pages into the three raw tables' rows."""
    page_rows, headline_rows, article_rows = [], [], []
    for sha, page in zip(hashes, pages, strict=True):
        page_rows.append(
            {
                "content_sha256": sha,
                "page_date": page.page_date,
                "page_kind": page.page_kind,
                "section": page.section,
                "boilerplate": list(page.boilerplate),
                "segmented_at": segmented_at,
                "page_kind_reason": page.page_kind_reason,
                "reader": page.reader,
                "visible_text": page.text,
                "site_name": page.site_name,
                "categories": list(page.categories),
            }
        )
        headline_rows.extend(
            {
                "content_sha256": sha,
                "position": h.position,
                "text": h.text,
                "summary": h.summary,
                "role": h.role,
                "summary_truncated": h.summary_truncated,
                "photo_caption": h.photo_caption,
                "article_index": h.article_index,
            }
            for h in page.headlines
        )
        article_rows.extend(
            {
                "content_sha256": sha,
                "article_index": index,
                "title": a.title,
                "section": a.section,
                "byline": a.byline,
                "dateline_place": a.dateline_place,
                "published_date": a.published_date,
                "paragraphs": list(a.paragraphs),
                "photo_captions": list(a.photo_captions),
                "photo_credits": list(a.photo_credits),
                "subtitle": a.subtitle,
                "authors": list(a.authors),
                "published_date_source": a.published_date_source,
                **_time_columns("published", a.published),
                "updated_date": a.updated.date if a.updated else None,
                **_time_columns("updated", a.updated),
            }
            for index, a in enumerate(page.articles)
        )
    return SegmentFrames(
        pages=pl.DataFrame(page_rows, schema=_PAGE_SCHEMA),
        headlines=pl.DataFrame(headline_rows, schema=_HEADLINE_SCHEMA),
        articles=pl.DataFrame(article_rows, schema=_ARTICLE_SCHEMA),
    )


def _read_pages(chunk: PageChunk) -> list[Page]:
    return [read_page(row["text"]) for row in chunk.rows]


def segment_pending_pages(
    con: duckdb.DuckDBPyConnection,
    log: Callable[[str], None] = lambda _message: None,
    batch_size: int = 500,
    workers: int = 1,
    chunk_size: int = 50,
) -> dict[str, int]:
    """Segment every current page not segmented yet; returns row counts written per table."""
    hashes = pending_hashes(con, "page_segments")
    written = {"pages": 0, "headlines": 0, "articles": 0}
    frames = (texts_for(con, batch) for batch in batches(hashes, batch_size))
    workers = workers_for(len(hashes), chunk_size, workers)
    for rows, pages in map_pages(_read_pages, frames, workers, chunk_size):
        frames_out = segments_to_frames(
            [row["content_sha256"] for row in rows], pages, datetime.now(UTC).replace(tzinfo=None)
        )
        with transaction(con):
            written["pages"] += append_frame(con, "page_segments", frames_out.pages)
            written["headlines"] += append_frame(con, "segmented_headlines", frames_out.headlines)
            written["articles"] += append_frame(con, "segmented_articles", frames_out.articles)
        log(f"segmentation: {written['pages']}/{len(hashes)} pages segmented")
    return written


_PAGE_SCHEMA = {
    "content_sha256": pl.String,
    "page_date": pl.Date,
    "page_kind": pl.String,
    "section": pl.String,
    "boilerplate": pl.List(pl.String),
    "segmented_at": pl.Datetime("us"),
    "page_kind_reason": pl.String,
    "reader": pl.String,
    "visible_text": pl.String,
    "site_name": pl.String,
    "categories": pl.List(pl.String),
}
_HEADLINE_SCHEMA = {
    "content_sha256": pl.String,
    "position": pl.Int32,
    "text": pl.String,
    "summary": pl.String,
    "role": pl.String,
    "summary_truncated": pl.Boolean,
    "photo_caption": pl.String,
    "article_index": pl.Int32,
}
_ARTICLE_SCHEMA = {
    "content_sha256": pl.String,
    "article_index": pl.Int32,
    "title": pl.String,
    "section": pl.String,
    "byline": pl.String,
    "dateline_place": pl.String,
    "published_date": pl.Date,
    "paragraphs": pl.List(pl.String),
    "photo_captions": pl.List(pl.String),
    "photo_credits": pl.List(pl.String),
    "subtitle": pl.String,
    "authors": pl.List(pl.String),
    "published_date_source": pl.String,
    "published_time": pl.Time,
    "published_timezone": pl.String,
    "published_utc_offset_minutes": pl.Int32,
    "published_at_utc": pl.Datetime("us"),
    "updated_date": pl.Date,
    "updated_time": pl.Time,
    "updated_timezone": pl.String,
    "updated_utc_offset_minutes": pl.Int32,
    "updated_at_utc": pl.Datetime("us"),
}
