"""Per-page text work in worker processes, results in input order.

Segmentation, entity recognition and timex extraction are CPU-bound pure functions of one page, so they
scale with cores; the DuckDB file stays in the calling process, which reads inputs and writes results in
batches while the workers compute. `DATELINE_WORKERS` sets the number of processes (default: the machine's
cores; 1 runs everything in the calling process, as the tests do).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

import polars as pl

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def worker_count(environ: Mapping[str, str]) -> int:
    """DATELINE_WORKERS as a positive whole number; the machine's core count when unset."""
    raw = environ.get("DATELINE_WORKERS", "").strip()
    if not raw:
        # the cores this process may run on (a container or taskset can allow fewer than the machine has)
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        workers = int(raw)
    except ValueError:
        raise ValueError(f"DATELINE_WORKERS must be a whole number of processes, got {raw!r}") from None
    if workers < 1:
        raise ValueError(f"DATELINE_WORKERS must be at least 1, got {workers}")
    return workers


def _start_method() -> str:
    # fork starts a worker in milliseconds with the parent's imports; spawn would re-import the command's
    # whole __main__ (the dagster CLI) in every worker. Workers never touch DuckDB or Dagster state.
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def ordered_map(
    work: Callable[[Chunk], Result],
    chunks: Iterable[Chunk],
    workers: int,
    initializer: Callable[[], None] | None = None,
    in_flight_per_worker: int = 3,
) -> Iterator[tuple[Chunk, Result]]:
    """(chunk, work(chunk)) for every chunk, in input order.

    With workers > 1, `work` (and `initializer`, once per worker, e.g. to load a model) run in worker
    processes; at most `workers * in_flight_per_worker` chunks are submitted ahead of the consumer, so the
    inputs are read lazily and memory stays flat however many chunks there are. Both callables must be
    module-level functions (they are pickled by name).
    """
    if workers <= 1:
        if initializer is not None:
            initializer()
        for chunk in chunks:
            yield chunk, work(chunk)
        return
    context = multiprocessing.get_context(_start_method())
    # Forked workers share the parent's memory until they write to it; the cyclic GC writes to every object it
    # scans, so keep the parent's objects out of its reach while the workers live (Python's advice for fork).
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer) as pool:
            pending: deque[tuple[Chunk, Future[Result]]] = deque()
            for chunk in chunks:
                pending.append((chunk, pool.submit(work, chunk)))
                if len(pending) >= workers * in_flight_per_worker:
                    done, future = pending.popleft()
                    yield done, _result(future, work)
            while pending:
                done, future = pending.popleft()
                yield done, _result(future, work)
    finally:
        gc.unfreeze()


def _result(future: Future[Result], work: Callable[..., Any]) -> Result:
    try:
        return future.result()
    except BrokenProcessPool as error:
        raise RuntimeError(
            f"a worker process running {work.__name__} died (killed, or out of memory?); what earlier batches "
            "wrote is kept and the next run resumes there. DATELINE_WORKERS=1 runs the step in one process."
        ) from error


@dataclass(frozen=True)
class PageChunk:
    """A few pages (rows as read from the warehouse) sent to one worker; `last` closes a read batch."""

    rows: list[dict[str, Any]]
    last: bool


def map_pages(
    work: Callable[[PageChunk], list[Result]],
    frames: Iterable[pl.DataFrame],
    workers: int,
    chunk_size: int,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[list[dict[str, Any]], list[Result]]]:
    """For every frame of pages (one read batch): its rows and work's result per row, in row order.

    The frames are split into chunks of `chunk_size` pages that the workers compute while the caller writes
    the previous batch; results are regrouped per frame so that each batch is written in one transaction.
    """
    rows: list[dict[str, Any]] = []
    results: list[Result] = []
    for chunk, chunk_results in ordered_map(work, _chunks(frames, chunk_size), workers, initializer):
        if len(chunk_results) != len(chunk.rows):
            raise RuntimeError(
                f"{work.__name__} returned {len(chunk_results)} results for {len(chunk.rows)} pages"
            )
        rows.extend(chunk.rows)
        results.extend(chunk_results)
        if chunk.last:
            yield rows, results
            rows, results = [], []


def _chunks(frames: Iterable[pl.DataFrame], chunk_size: int) -> Iterator[PageChunk]:
    for frame in frames:
        rows = frame.to_dicts()
        for start in range(0, len(rows), chunk_size):
            yield PageChunk(rows[start : start + chunk_size], last=start + chunk_size >= len(rows))


def workers_for(pages: int, chunk_size: int, workers: int) -> int:
    """No more processes than chunks: one new page is processed in the calling process."""
    return max(1, min(workers, -(-pages // chunk_size)))
