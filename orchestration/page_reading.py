"""The reading step: every page not read yet goes through the page reader (orchestration.text.page_reader),
and its structure (kind, headlines, the article, captions, boilerplate, an HTML page's visible text) is
stored in raw.page_segments, raw.segmented_headlines and raw.segmented_articles.

Reading works on the decoded file (raw.documents.text, an HTML page's markup included); the loop, batching
and keying by content hash are orchestration/steps.py's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import duckdb
import polars as pl

from orchestration.extractor_versions import READER_VERSION
from orchestration.parallel import Cluster, PageChunk, map_pages
from orchestration.steps import BatchResults, PerDocumentStep, Rows
from orchestration.text.page_reader import read_page
from orchestration.text.segmentation import Page
from orchestration.text.timestamps import PageTime
from orchestration.warehouse import query_frame


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


def _time_columns(prefix: str, when: PageTime | None) -> dict[str, object]:
    """A PageTime as columns: local clock time and zone as printed, the UTC offset, and the UTC instant."""
    aware = when.aware() if when else None
    return {
        f"{prefix}_time": when.time if when else None,
        f"{prefix}_timezone": when.zone if when else None,
        f"{prefix}_utc_offset_minutes": when.utc_offset_minutes if when else None,
        f"{prefix}_at_utc": aware.astimezone(UTC).replace(tzinfo=None) if aware else None,
    }


def segments_to_rows(rows: Rows, pages: Sequence[Page], segmented_at: datetime) -> dict[str, Rows]:
    """Flatten read pages into the three raw tables' rows."""
    hashes = [row["content_sha256"] for row in rows]
    page_rows, headline_rows, article_rows = [], [], []
    for row, sha, page in zip(rows, hashes, pages, strict=True):
        # what the entity and timex steps will work on (steps.READ_TEXT_SQL): the visible text, else the file
        read_text = page.text if page.text is not None else row["text"]
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
                "text_sha256": hashlib.sha256(read_text.encode("utf-8")).hexdigest(),
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
    return {
        "page_segments": page_rows,
        "segmented_headlines": headline_rows,
        "segmented_articles": article_rows,
    }


def _read_pages(chunk: PageChunk) -> list[Page]:
    return [read_page(row["text"]) for row in chunk.rows]


def _read_batches(frames: Iterator[pl.DataFrame], cluster: Cluster, chunk_size: int) -> BatchResults:
    return map_pages(_read_pages, frames, cluster, chunk_size)


def reading_step(
    batch_size: int = 500,
    chunk_size: int = 50,
    # ~1 ms a text page, ~50 ms an HTML page (trafilatura): 500 pages on 2 workers save 0.25-12 s
    cluster_min_pages: int = 500,
) -> PerDocumentStep:
    return PerDocumentStep(
        name="segmentation",
        version=READER_VERSION,
        tables=("page_segments", "segmented_headlines", "segmented_articles"),
        done_table="page_segments",
        only_read_pages=False,
        read_batch=texts_for,
        compute=lambda frames, cluster: _read_batches(frames, cluster, chunk_size),
        to_rows=segments_to_rows,
        progress=lambda written, pending: f"{written['page_segments']}/{pending} pages segmented",
        batch_size=batch_size,
        chunk_size=chunk_size,
        cluster_min_pages=cluster_min_pages,
    )
