"""The entity and timex steps: mentions and temporal expressions of every read page that has none yet, in
raw.entity_mentions / raw.entity_documents and raw.timexes / raw.timex_documents.

Both work on the reader's text (an HTML page's visible text), so offsets point into `documents.text`. The
loop, batching and keying by content hash are orchestration/steps.py's; `*_documents` record that a page
was processed (even with no result), so a page with no mentions is not processed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl

from orchestration.extractor_versions import ENTITIES_VERSION, TIMEXES_VERSION
from orchestration.parallel import Cluster, PageChunk, map_pages
from orchestration.steps import READ_TEXT_SQL, PerDocumentStep, Rows, processed_rows, read_texts_for
from orchestration.text.timex import Timex, extract_timexes
from orchestration.warehouse import query_frame

if TYPE_CHECKING:
    from orchestration.text.entities import EntityRecognizer, Mention


def new_recognizer() -> EntityRecognizer:
    """A recognizer with spaCy's model loaded. spaCy is imported here, not with this module: a build with no
    new page (and the code location the UI loads) does not pay its 3 s import."""
    from orchestration.text.entities import EntityRecognizer

    return EntityRecognizer()


def _sentence(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


# A worker process loads one recognizer (about 2 s and 250 MB) for its first chunk and keeps it for its
# lifetime (every later chunk, batch and build it computes).
_worker_recognizer: EntityRecognizer | None = None


def _load_worker_recognizer() -> None:
    global _worker_recognizer
    _worker_recognizer = new_recognizer()


def _recognize_in_worker(chunk: PageChunk) -> list[list[Mention]]:
    assert _worker_recognizer is not None, "the worker's initializer loads the recognizer"
    return _worker_recognizer.recognize([row["text"] for row in chunk.rows])


def recognize_pages(
    frames: Iterable[pl.DataFrame],
    cluster: Cluster,
    make_recognizer: Callable[[], EntityRecognizer] = new_recognizer,
    chunk_size: int = 20,
) -> Iterator[tuple[list[dict[str, Any]], list[list[Mention]]]]:
    """Per frame of pages (a `text` column and any others): its rows and each row's mentions.

    On a cluster every worker process loads its own recognizer; make_recognizer is used in-process only.
    """
    if not cluster.in_process:
        yield from map_pages(_recognize_in_worker, frames, cluster, chunk_size, _load_worker_recognizer)
        return
    recognizer = make_recognizer()

    def recognize(chunk: PageChunk) -> list[list[Mention]]:
        return recognizer.recognize([row["text"] for row in chunk.rows])

    yield from map_pages(recognize, frames, cluster, chunk_size)


def _mention_rows(rows: Rows, results: list[list[Mention]], now: datetime) -> dict[str, Rows]:
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
    return {
        "entity_mentions": mention_rows,
        "entity_documents": processed_rows(rows, results, "mention_count", now),
    }


def entities_step(
    make_recognizer: Callable[[], EntityRecognizer] = new_recognizer,
    batch_size: int = 200,
    chunk_size: int = 20,
    cluster_min_pages: int = 100,  # ~35 ms a page: 100 pages on 2 workers save ~1.7 s
) -> PerDocumentStep:
    return PerDocumentStep(
        name="entities",
        version=ENTITIES_VERSION,
        tables=("entity_mentions", "entity_documents"),
        done_table="entity_documents",
        only_read_pages=True,
        read_batch=read_texts_for,
        compute=lambda frames, cluster: recognize_pages(frames, cluster, make_recognizer, chunk_size),
        to_rows=_mention_rows,
        progress=lambda w, pending: (
            f"{w['entity_documents']}/{pending} pages, {w['entity_mentions']} mentions"
        ),
        batch_size=batch_size,
        chunk_size=chunk_size,
        cluster_min_pages=cluster_min_pages,
    )


_TIMEX_INPUTS_SQL = f"""
    with texts as (
        select documents.content_sha256, any_value({READ_TEXT_SQL}) as text,
               any_value(segments.text_sha256) as text_sha256, any_value(segments.page_date) as page_date
        from raw.documents as documents
        inner join raw.page_segments as segments using (content_sha256)
        where documents.content_sha256 in (select unnest($hashes)) and not documents.is_deleted
        group by documents.content_sha256
    )
    select texts.content_sha256, texts.text, texts.text_sha256, texts.page_date,
           (select min(a.published_date) from raw.segmented_articles as a
            where a.content_sha256 = texts.content_sha256) as published_date
    from texts
    order by texts.content_sha256
"""


def _timexes_of_pages(chunk: PageChunk) -> list[list[Timex]]:
    return [extract_timexes(row["text"], row["page_date"], row["published_date"]) for row in chunk.rows]


def _timex_inputs(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> pl.DataFrame:
    return query_frame(con, _TIMEX_INPUTS_SQL, {"hashes": list(hashes)})


def _timex_rows(pages: Rows, results: list[list[Timex]], now: datetime) -> dict[str, Rows]:
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
    return {"timexes": timex_rows, "timex_documents": processed_rows(pages, results, "timex_count", now)}


def timexes_step(
    batch_size: int = 500,
    chunk_size: int = 50,
    cluster_min_pages: int = 2000,  # ~2 ms a page: 2,000 pages on 2 workers save ~2 s
) -> PerDocumentStep:
    """Each page is anchored on the date its text says it ran (an article's published_date) when there is
    one, else on its dateline's page_date, else left unanchored."""
    return PerDocumentStep(
        name="timeline",
        version=TIMEXES_VERSION,
        tables=("timexes", "timex_documents"),
        done_table="timex_documents",
        only_read_pages=True,
        read_batch=_timex_inputs,
        compute=lambda frames, cluster: map_pages(_timexes_of_pages, frames, cluster, chunk_size),
        to_rows=_timex_rows,
        progress=lambda w, pending: f"{w['timex_documents']}/{pending} pages, {w['timexes']} expressions",
        batch_size=batch_size,
        chunk_size=chunk_size,
        cluster_min_pages=cluster_min_pages,
    )


def _anchor_date(anchor: str, page_date, published_date):
    return {"published_date": published_date, "page_date": page_date}.get(anchor)
