"""The per-page steps on a Dask cluster: same results as in-process, in order, regrouped per batch; where the
work goes is configuration; a dead worker or a wrong cluster fails with a reason."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import dask
import polars as pl
import pytest
from distributed import LocalCluster

import orchestration.parallel as parallel
from orchestration.extraction import entities_step, timexes_step
from orchestration.ingestion import ingest_raw_folder
from orchestration.page_reading import reading_step
from orchestration.parallel import Cluster, PageChunk, cluster_address, map_pages, ordered_map, worker_count
from orchestration.steps import run_pending
from orchestration.warehouse import connect

FIXTURE_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SEEDS = Path(__file__).resolve().parents[2] / "raw"

_offset = 0


def _set_offset() -> None:
    global _offset
    _offset += 100  # twice in one process would show as 200


def _add_offset(x: int) -> tuple[int, int]:
    return x + _offset, os.getpid()


def _lengths(chunk: PageChunk) -> list[int]:
    return [len(row["text"]) for row in chunk.rows]


def test_worker_count_and_cluster_address_come_from_the_environment() -> None:
    assert worker_count({}) == len(os.sched_getaffinity(0))
    assert worker_count({"DATELINE_WORKERS": " 3 "}) == 3
    with pytest.raises(ValueError, match="DATELINE_WORKERS must be a whole number"):
        worker_count({"DATELINE_WORKERS": "two"})
    with pytest.raises(ValueError, match="at least 1"):
        worker_count({"DATELINE_WORKERS": "0"})
    assert cluster_address({}) is None and cluster_address({"DATELINE_CLUSTER": " "}) is None
    assert cluster_address({"DATELINE_CLUSTER": "tcp://scheduler:8786"}) == "tcp://scheduler:8786"
    with pytest.raises(ValueError, match="DATELINE_CLUSTER must be a Dask scheduler address"):
        cluster_address({"DATELINE_CLUSTER": "yes"})


def test_a_local_cluster_only_for_work_worth_its_start() -> None:
    local = Cluster(workers=2)
    assert local.for_work(pages=1, chunk_size=20, min_pages=100).in_process  # one new page: no cluster
    assert local.for_work(pages=99, chunk_size=20, min_pages=100).in_process
    assert local.for_work(pages=100, chunk_size=20, min_pages=100) == Cluster(workers=2)
    assert Cluster(workers=8).for_work(pages=30, chunk_size=20, min_pages=0) == Cluster(workers=2)  # 2 chunks
    assert Cluster(workers=1).for_work(pages=10_000, chunk_size=20, min_pages=0).in_process
    remote = Cluster(workers=1, address="tcp://scheduler:8786")
    assert remote.for_work(pages=1, chunk_size=20, min_pages=100) == remote  # already up: any work
    assert "tcp://scheduler:8786" in remote.describe() and "2 worker processes" in local.describe()


def test_ordered_map_runs_in_workers_in_input_order() -> None:
    results = list(ordered_map(_add_offset, range(40), Cluster(workers=2), initializer=_set_offset))
    assert [chunk for chunk, _ in results] == list(range(40))
    # the initializer ran once in each worker process, before its first chunk, and its state stayed
    assert [value for _, (value, _pid) in results] == [x + 100 for x in range(40)]
    assert os.getpid() not in {pid for _, (_value, pid) in results}
    in_process = list(ordered_map(_add_offset, range(3), Cluster(workers=1)))
    assert {pid for _, (_value, pid) in in_process} == {os.getpid()}


def _malloc_environment(_chunk: int) -> tuple[str | None, str | None]:
    # the environment this process was started with (what glibc's malloc read), not today's os.environ
    start = dict(
        item.split("=", 1) for item in Path("/proc/self/environ").read_text().split("\0") if "=" in item
    )
    return start.get("MALLOC_TRIM_THRESHOLD_"), start.get("MALLOC_ARENA_MAX")


def test_local_workers_malloc_settings_reach_glibc() -> None:
    # Dask's default MALLOC_TRIM_THRESHOLD_ made recognition ~15 % dearer in CPU; without MALLOC_ARENA_MAX=1
    # a worker's compute thread keeps ~150 MB more between chunks (orchestration/parallel.py)
    before = dict(os.environ)
    found = {value for _, value in ordered_map(_malloc_environment, range(2), Cluster(workers=2))}
    assert found == {(None, "1")}
    # meant for the workers: the build's own environment (dbt's, later) is left as it was
    assert dict(os.environ) == before


def _page_count(chunk: list[str]) -> int:
    return len(chunk)


def _worker_task_log(dask_worker) -> int:  # noqa: ANN001 - distributed passes its Worker
    return len(dask_worker.state.stimulus_log)


def test_a_local_cluster_keeps_no_log_of_the_pages_it_was_sent() -> None:
    # Dask's debugging logs kept the last 1000 messages and task events, page texts and all: ~80 MB in the
    # build process by 20,000 pages (orchestration/parallel.py, LOCAL_CLUSTER_CONFIG)
    chunk = ["x" * 30_000] * 4
    with parallel.dask_client(Cluster(workers=2)) as client:
        assert client.gather([client.submit(_page_count, chunk, pure=False) for _ in range(20)]) == [4] * 20
        assert len(client.scheduler_comm.recent_message_log) == 0
        assert set(client.run(_worker_task_log).values()) == {0}


def test_map_pages_regroups_results_per_frame() -> None:
    frames = [pl.DataFrame({"text": ["a" * n for n in range(1, 8)]}), pl.DataFrame({"text": ["bb", "ccc"]})]
    grouped = list(map_pages(_lengths, frames, Cluster(workers=1), chunk_size=3))
    assert [len(rows) for rows, _ in grouped] == [7, 2]
    assert grouped[0][1] == list(range(1, 8))
    assert grouped[1][1] == [2, 3]
    empty = [pl.DataFrame({"text": []}, schema={"text": pl.String})]
    assert list(map_pages(_lengths, empty, Cluster(workers=1), 3)) == []


def _build_raw(tmp_path: Path, name: str, cluster: Cluster) -> dict[str, list[tuple]]:
    raw = tmp_path / f"raw_{name}"
    shutil.copytree(FIXTURE_PAGES, raw)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, raw / seed.name)
    tables = {}
    with connect(tmp_path / f"{name}.duckdb") as con:
        ingest_raw_folder(con, raw, "test-run")
        for step in (
            reading_step(8, 3, cluster_min_pages=0),
            timexes_step(8, 3, cluster_min_pages=0),
            entities_step(batch_size=8, chunk_size=3, cluster_min_pages=0),
        ):
            run_pending(con, step, cluster)
        for table, key in [
            ("segmented_headlines", "content_sha256, position"),
            ("segmented_articles", "content_sha256, article_index"),
            ("timexes", "content_sha256, timex_index"),
            ("entity_mentions", "content_sha256, mention_index"),
        ]:
            tables[table] = con.execute(f"select * from raw.{table} order by {key}").fetchall()
    return tables


def test_a_local_cluster_writes_what_one_process_writes(tmp_path: Path) -> None:
    in_process = _build_raw(tmp_path, "one", Cluster(workers=1))
    on_cluster = _build_raw(tmp_path, "two", Cluster(workers=2))
    assert len(in_process["entity_mentions"]) > 50 and len(in_process["timexes"]) > 10
    assert on_cluster == in_process


def _die(x: int) -> int:
    if x == 3:
        os._exit(1)  # a worker killed mid-chunk (the OOM killer, kill -9)
    return x


def test_a_chunk_that_kills_its_workers_fails_the_step_with_a_reason() -> None:
    # the scheduler retries a dead worker's chunk elsewhere `allowed-failures` times; none here, to be quick
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        pytest.raises(
            RuntimeError, match="_die: the same chunk of pages was running on every worker that died"
        ),
    ):
        list(ordered_map(_die, range(6), Cluster(workers=2)))


def test_an_unreachable_cluster_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT_S", 1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    with pytest.raises(RuntimeError, match=rf"DATELINE_CLUSTER=tcp://127.0.0.1:{port}: no Dask scheduler"):
        list(ordered_map(_add_offset, range(2), Cluster(address=f"tcp://127.0.0.1:{port}")))


def test_a_cluster_running_other_extractor_versions_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, scheduler_port=0
    ) as existing:
        on_it = Cluster(address=existing.scheduler_address)
        assert [value for _, (value, _pid) in ordered_map(_add_offset, range(3), on_it)] == [0, 1, 2]
        monkeypatch.setattr(
            parallel, "EXTRACTOR_VERSIONS", {**parallel.EXTRACTOR_VERSIONS, "entities": "next"}
        )
        with pytest.raises(RuntimeError, match="runs extractor versions .* install the same dateline"):
            list(ordered_map(_add_offset, range(3), on_it))
