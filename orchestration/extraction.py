"""Entity mentions and temporal expressions for every page that has none yet, stored in the raw schema.

Like segmentation, both steps are keyed by content hash and work in batches, each batch in one transaction:
a rerun or an added page only processes what is new, and a killed run keeps the batches it finished. The
pages of a batch are computed in worker processes (orchestration.parallel) while the previous batch is written.
`raw.entity_documents` / `raw.timex_documents` record that a page was processed (even with no result), so a
page with no mentions is not processed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from orchestration.pages import READ_TEXT_SQL, batches, pending_hashes, read_texts_for
from orchestration.parallel import PageChunk, map_pages, workers_for
from orchestration.text.entities import EntityRecognizer, Mention
from orchestration.text.timex import Timex, extract_timexes
from orchestration.warehouse import append_frame, query_frame, transaction


def _sentence(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


# A worker process loads one recognizer (about 2 s and 250 MB) when it starts and keeps it for its lifetime.
_worker_recognizer: EntityRecognizer | None = None


def _load_worker_recognizer() -> None:
    global _worker_recognizer
    _worker_recognizer = EntityRecognizer()


def _recognize_in_worker(chunk: PageChunk) -> list[list[Mention]]:
    assert _worker_recognizer is not None, "the pool's initializer loads the recognizer"
    return _worker_recognizer.recognize([row["text"] for row in chunk.rows])


def recognize_pages(
    frames: Iterable[pl.DataFrame],
    workers: int,
    make_recognizer: Callable[[], EntityRecognizer] = EntityRecognizer,
    chunk_size: int = 20,
) -> Iterator[tuple[list[dict[str, Any]], list[list[Mention]]]]:
    """Per frame of pages (a `text` column and any others): its rows and each row's mentions.

    With workers > 1 every worker process loads its own recognizer; make_recognizer is used in-process only.
    """
    if workers > 1:
        yield from map_pages(_recognize_in_worker, frames, workers, chunk_size, _load_worker_recognizer)
        return
    recognizer = make_recognizer()

    def recognize(chunk: PageChunk) -> list[list[Mention]]:
        return recognizer.recognize([row["text"] for row in chunk.rows])

    yield from map_pages(recognize, frames, 1, chunk_size)


def extract_pending_entities(
    con: duckdb.DuckDBPyConnection,
    make_recognizer: Callable[[], EntityRecognizer] = EntityRecognizer,
    log: Callable[[str], None] = lambda _message: None,
    batch_size: int = 200,
    workers: int = 1,
    chunk_size: int = 20,
) -> dict[str, int]:
    """Recognise and key the entity mentions of every current page not processed yet."""
    hashes = pending_hashes(con, "entity_documents", read_only=True)
    written = {"documents": 0, "mentions": 0}
    if not hashes:
        return written  # a no-op rerun does not even load the model
    frames = (read_texts_for(con, batch) for batch in batches(hashes, batch_size))
    workers = workers_for(len(hashes), chunk_size, workers)
    for rows, results in recognize_pages(frames, workers, make_recognizer, chunk_size):
        now = datetime.now(UTC).replace(tzinfo=None)
        mention_rows = [
            {
                "content_sha256": row["content_sha256"],
                "mention_index": index,
                "start_char": m.start,
                "end_char": m.end,
                "text": m.text,
                "label": m.label,
                "entity_key": m.entity_key,
                "canonical_name": m.canonical_name,
                "sentence_start": m.sentence_start,
                "sentence_end": m.sentence_end,
                "sentence": _sentence(row["text"], m.sentence_start, m.sentence_end),
            }
            for row, mentions in zip(rows, results, strict=True)
            for index, m in enumerate(mentions, start=1)
        ]
        document_rows = [
            {"content_sha256": row["content_sha256"], "mention_count": len(mentions), "extracted_at": now}
            for row, mentions in zip(rows, results, strict=True)
        ]
        with transaction(con):
            written["mentions"] += append_frame(
                con, "entity_mentions", pl.DataFrame(mention_rows, schema=_MENTION_SCHEMA)
            )
            written["documents"] += append_frame(
                con, "entity_documents", pl.DataFrame(document_rows, schema=_DONE_SCHEMA)
            )
        log(f"entities: {written['documents']}/{len(hashes)} pages, {written['mentions']} mentions")
    return written


_TIMEX_INPUTS_SQL = f"""
    with texts as (
        select documents.content_sha256, any_value({READ_TEXT_SQL}) as text, any_value(segments.page_date) as page_date
        from raw.documents as documents
        inner join raw.page_segments as segments using (content_sha256)
        where documents.content_sha256 in (select unnest($hashes)) and not documents.is_deleted
        group by documents.content_sha256
    )
    select texts.content_sha256, texts.text, texts.page_date,
           (select min(a.published_date) from raw.segmented_articles as a
            where a.content_sha256 = texts.content_sha256) as published_date
    from texts
    order by texts.content_sha256
"""


def _timexes_of_pages(chunk: PageChunk) -> list[list[Timex]]:
    return [extract_timexes(row["text"], row["page_date"], row["published_date"]) for row in chunk.rows]


def extract_pending_timexes(
    con: duckdb.DuckDBPyConnection,
    log: Callable[[str], None] = lambda _message: None,
    batch_size: int = 500,
    workers: int = 1,
    chunk_size: int = 50,
) -> dict[str, int]:
    """Find and normalise the temporal expressions of every current page not processed yet.

    Each page is anchored on the date its text says it ran (an article's published_date) when there is one,
    else on its dateline's page_date, else left unanchored.
    """
    hashes = pending_hashes(con, "timex_documents", read_only=True)
    written = {"documents": 0, "timexes": 0}
    frames = (query_frame(con, _TIMEX_INPUTS_SQL, {"hashes": list(b)}) for b in batches(hashes, batch_size))
    workers = workers_for(len(hashes), chunk_size, workers)
    for pages, results in map_pages(_timexes_of_pages, frames, workers, chunk_size):
        now = datetime.now(UTC).replace(tzinfo=None)
        document_rows = [
            {"content_sha256": page["content_sha256"], "timex_count": len(found), "extracted_at": now}
            for page, found in zip(pages, results, strict=True)
        ]
        timex_rows = [
            {
                "content_sha256": page["content_sha256"],
                "timex_index": index,
                "start_char": t.start,
                "end_char": t.end,
                "text": t.text,
                "timex_type": t.timex_type,
                "value": t.value,
                "date_start": t.date_start,
                "date_end": t.date_end,
                "granularity": t.granularity,
                "anchor": t.anchor,
                "anchor_date": _anchor_date(t.anchor, page["page_date"], page["published_date"]),
                "sentence_start": t.sentence_start,
                "sentence_end": t.sentence_end,
                "sentence": _sentence(page["text"], t.sentence_start, t.sentence_end),
            }
            for page, found in zip(pages, results, strict=True)
            for index, t in enumerate(found, start=1)
        ]
        with transaction(con):
            written["timexes"] += append_frame(con, "timexes", pl.DataFrame(timex_rows, schema=_TIMEX_SCHEMA))
            written["documents"] += append_frame(
                con, "timex_documents", pl.DataFrame(document_rows, schema=_TIMEX_DONE_SCHEMA)
            )
        log(f"timeline: {written['documents']}/{len(hashes)} pages, {written['timexes']} expressions")
    return written


def _anchor_date(anchor: str, page_date, published_date):
    return {"published_date": published_date, "page_date": page_date}.get(anchor)


_MENTION_SCHEMA = {
    "content_sha256": pl.String,
    "mention_index": pl.Int32,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "text": pl.String,
    "label": pl.String,
    "entity_key": pl.String,
    "canonical_name": pl.String,
    "sentence_start": pl.Int64,
    "sentence_end": pl.Int64,
    "sentence": pl.String,
}
_DONE_SCHEMA = {"content_sha256": pl.String, "mention_count": pl.Int32, "extracted_at": pl.Datetime("us")}
_TIMEX_SCHEMA = {
    "content_sha256": pl.String,
    "timex_index": pl.Int32,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "text": pl.String,
    "timex_type": pl.String,
    "value": pl.String,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "granularity": pl.String,
    "anchor": pl.String,
    "anchor_date": pl.Date,
    "sentence_start": pl.Int64,
    "sentence_end": pl.Int64,
    "sentence": pl.String,
}
_TIMEX_DONE_SCHEMA = {"content_sha256": pl.String, "timex_count": pl.Int32, "extracted_at": pl.Datetime("us")}
