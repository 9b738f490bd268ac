"""Worker processes for the per-page steps: same results as in-process, in order, regrouped per batch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from orchestration.extraction import entities_step, timexes_step
from orchestration.ingestion import ingest_raw_folder
from orchestration.page_reading import reading_step
from orchestration.parallel import PageChunk, map_pages, ordered_map, worker_count, workers_for
from orchestration.steps import run_pending
from orchestration.warehouse import connect

FIXTURE_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SEEDS = Path(__file__).resolve().parents[2] / "raw"

_offset = 0


def _set_offset() -> None:
    global _offset
    _offset = 100


def _add_offset(x: int) -> tuple[int, int]:
    return x + _offset, os.getpid()


def _lengths(chunk: PageChunk) -> list[int]:
    return [len(row["text"]) for row in chunk.rows]


def test_worker_count_reads_the_environment() -> None:
    assert worker_count({}) == len(os.sched_getaffinity(0))
    assert worker_count({"DATELINE_WORKERS": " 3 "}) == 3
    with pytest.raises(ValueError, match="DATELINE_WORKERS must be a whole number"):
        worker_count({"DATELINE_WORKERS": "two"})
    with pytest.raises(ValueError, match="at least 1"):
        worker_count({"DATELINE_WORKERS": "0"})


def test_workers_never_exceed_the_chunks() -> None:
    assert workers_for(pages=1, chunk_size=20, workers=2) == 1  # one new page stays in-process
    assert workers_for(pages=21, chunk_size=20, workers=2) == 2
    assert workers_for(pages=1000, chunk_size=20, workers=8) == 8
    assert workers_for(pages=0, chunk_size=20, workers=2) == 1


def test_ordered_map_runs_in_workers_in_input_order() -> None:
    results = list(
        ordered_map(_add_offset, range(40), workers=2, initializer=_set_offset, in_flight_per_worker=2)
    )
    assert [chunk for chunk, _ in results] == list(range(40))
    assert [value for _, (value, _pid) in results] == [x + 100 for x in range(40)]  # initializer ran there
    assert os.getpid() not in {pid for _, (_value, pid) in results}
    in_process = list(ordered_map(_add_offset, range(3), workers=1))
    assert {pid for _, (_value, pid) in in_process} == {os.getpid()}


def test_map_pages_regroups_results_per_frame() -> None:
    frames = [pl.DataFrame({"text": ["a" * n for n in range(1, 8)]}), pl.DataFrame({"text": ["bb", "ccc"]})]
    grouped = list(map_pages(_lengths, frames, workers=2, chunk_size=3))
    assert [len(rows) for rows, _ in grouped] == [7, 2]
    assert grouped[0][1] == list(range(1, 8))
    assert grouped[1][1] == [2, 3]
    assert list(map_pages(_lengths, [pl.DataFrame({"text": []}, schema={"text": pl.String})], 2, 3)) == []


def _build_raw(tmp_path: Path, name: str, workers: int) -> dict[str, list[tuple]]:
    raw = tmp_path / f"raw_{name}"
    shutil.copytree(FIXTURE_PAGES, raw)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw / seed.name)
    tables = {}
    with connect(tmp_path / f"{name}.duckdb") as con:
        ingest_raw_folder(con, raw, "test-run")
        for step in (reading_step(8, 3), timexes_step(8, 3), entities_step(batch_size=8, chunk_size=3)):
            run_pending(con, step, workers)
        for table, key in [
            ("segmented_headlines", "content_sha256, position"),
            ("segmented_articles", "content_sha256, article_index"),
            ("timexes", "content_sha256, timex_index"),
            ("entity_mentions", "content_sha256, mention_index"),
        ]:
            columns = "* exclude (segmented_at)" if table == "page_segments" else "*"
            tables[table] = con.execute(f"select {columns} from raw.{table} order by {key}").fetchall()
    return tables


def test_worker_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    in_process = _build_raw(tmp_path, "one", workers=1)
    with_workers = _build_raw(tmp_path, "two", workers=2)
    assert len(in_process["entity_mentions"]) > 50 and len(in_process["timexes"]) > 10
    assert with_workers == in_process


def _die(x: int) -> int:
    if x == 3:
        os._exit(1)  # a worker killed mid-chunk (the OOM killer, kill -9)
    return x


def test_a_dead_worker_fails_the_step_with_a_reason() -> None:
    with pytest.raises(RuntimeError, match="worker process running _die died"):
        list(ordered_map(_die, range(6), workers=2))
