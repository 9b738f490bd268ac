"""Extractor versions: a step re-extracts exactly the pages an older version (or another text) produced,
batch by batch, and a run killed halfway is finished by the next one, with nothing lost or duplicated."""

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.extraction import timexes_step
from orchestration.ingestion import ingest_raw_folder
from orchestration.page_reading import reading_step
from orchestration.steps import STEP_MEMORY_LIMIT_BYTES, mark_all_stale, pending_pages, run_pending
from orchestration.warehouse import connect, memory_limit_at_most, memory_limit_bytes

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGES = 6


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Six read pages with their timexes extracted at the step's current version."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(PAGES):
        (raw / f"page_{i}.txt").write_text(
            f"SEOUL, March {i + 1} (Yonhap) -- Talks resume on Monday, {i + 2} days after they stalled.\n"
            f"Officials said a deal could come by April {i + 10}.\n",
            encoding="utf-8",
        )
    db = tmp_path / "dateline.duckdb"
    with connect(db) as con:
        ingest_raw_folder(con, raw, "test-run")
        run_pending(con, reading_step())
        run_pending(con, timexes_step())
    return db


def rows_by_version(db: Path) -> dict:
    with connect(db) as con:
        done = dict(
            con.execute("select extractor_version, count(*) from raw.timex_documents group by 1").fetchall()
        )
        duplicates = con.execute(
            "select count(*) from (select content_sha256, timex_index from raw.timexes group by 1, 2 "
            "having count(*) > 1)"
        ).fetchall()[0][0]
        versions = dict(
            con.execute("select extractor_version, count(*) from raw.timexes group by 1").fetchall()
        )
    return {"done": done, "timex_rows": versions, "duplicates": duplicates}


def test_a_new_version_re_extracts_exactly_the_older_pages(warehouse: Path) -> None:
    step = timexes_step()
    with connect(warehouse) as con:
        assert pending_pages(con, step.done_table, step.version, on_read_text=True).hashes == []
        bumped = pending_pages(con, step.done_table, "next", on_read_text=True)
        assert len(bumped.hashes) == PAGES and bumped.stale == frozenset(bumped.hashes)
        expressions = con.execute("select count(*) from raw.timexes").fetchall()[0][0]
        written = run_pending(con, dataclasses.replace(step, version="next"))
        assert written["timex_documents"] == PAGES
        # replaced, not added to
        assert con.execute("select count(*) from raw.timexes").fetchall()[0][0] == expressions
        assert pending_pages(con, step.done_table, "next", on_read_text=True).hashes == []
    assert rows_by_version(warehouse) == {
        "done": {"next": PAGES},
        "timex_rows": {"next": expressions},
        "duplicates": 0,
    }


def test_a_page_whose_text_changed_is_extracted_again(warehouse: Path) -> None:
    step = timexes_step()
    with connect(warehouse) as con:
        changed = con.execute("select min(content_sha256) from raw.page_segments").fetchall()[0][0]
        # the reader read it again into another text (a new reader version)
        con.execute("update raw.page_segments set text_sha256 = 'other' where content_sha256 = ?", [changed])
        assert pending_pages(con, step.done_table, step.version, on_read_text=True).hashes == [changed]
        # the reader's own pages are keyed on its version alone
        reader = reading_step()
        assert pending_pages(con, reader.done_table, reader.version).hashes == []


KILLED_RUN = """
import dataclasses, sys
from pathlib import Path
from orchestration.extraction import timexes_step
from orchestration.steps import run_pending
from orchestration.warehouse import connect
with connect(Path(sys.argv[1])) as con:
    run_pending(con, dataclasses.replace(timexes_step(batch_size=2), version=sys.argv[2]))
"""


def run_killed_after_a_batch(db: Path, version: str) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(db), version],
        env={**os.environ, "DATELINE_CRASH_AT": "steps:after-batch"},
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL


def test_a_re_extraction_killed_halfway_is_finished_by_the_next_run(warehouse: Path) -> None:
    with connect(warehouse) as con:
        expressions = con.execute("select count(*) from raw.timexes").fetchall()[0][0]
    run_killed_after_a_batch(warehouse, "next")
    half = rows_by_version(warehouse)
    assert half["done"] == {"1": PAGES - 2, "next": 2}  # the first batch of two committed, the rest not
    assert half["duplicates"] == 0
    with connect(warehouse) as con:
        step = dataclasses.replace(timexes_step(), version="next")
        assert run_pending(con, step)["timex_documents"] == PAGES - 2  # only what was left
    assert rows_by_version(warehouse) == {
        "done": {"next": PAGES},
        "timex_rows": {"next": expressions},
        "duplicates": 0,
    }


def test_re_extracting_everything_on_request_survives_a_kill(warehouse: Path) -> None:
    with connect(warehouse) as con:
        assert mark_all_stale(con, "timex_documents") == PAGES
    # the same version: a user asked to re-extract (ExtractionConfig.reextract_all), then the run died
    run_killed_after_a_batch(warehouse, "1")
    assert rows_by_version(warehouse)["done"] == {"1": 2, None: PAGES - 2}
    with connect(warehouse) as con:
        assert run_pending(con, timexes_step())["timex_documents"] == PAGES - 2
    assert rows_by_version(warehouse)["done"] == {"1": PAGES}


def test_an_older_warehouse_without_versions_is_re_extracted(warehouse: Path) -> None:
    with connect(warehouse) as con:
        con.execute("update raw.timex_documents set extractor_version = null")  # rows of an older dateline
        assert (
            len(pending_pages(con, "timex_documents", timexes_step().version, on_read_text=True).hashes)
            == PAGES
        )
    assert isinstance(duckdb.__version__, str)


def test_a_step_runs_under_a_lower_duckdb_memory_limit_and_gives_the_connection_back_as_it_was(
    warehouse: Path,
) -> None:
    step = timexes_step()
    limits_seen: list[int] = []

    def reading_and_noting_the_limit(con: duckdb.DuckDBPyConnection, hashes):
        limits_seen.append(memory_limit_bytes(con))
        return step.read_batch(con, hashes)

    with connect(warehouse, memory_limit="1GB") as con:
        before = memory_limit_bytes(con)
        run_pending(con, dataclasses.replace(step, version="next", read_batch=reading_and_noting_the_limit))
        assert limits_seen and set(limits_seen) == {STEP_MEMORY_LIMIT_BYTES}
        assert abs(memory_limit_bytes(con) - before) < 2**20  # DuckDB rounds a limit to 256 KiB
    # a user's limit below the step's is kept
    with connect(warehouse, memory_limit="100MB") as con:
        user_limit = memory_limit_bytes(con)
        with memory_limit_at_most(con, STEP_MEMORY_LIMIT_BYTES):
            assert memory_limit_bytes(con) == user_limit < STEP_MEMORY_LIMIT_BYTES
