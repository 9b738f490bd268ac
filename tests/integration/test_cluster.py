"""A build through a real Dask cluster of separate processes on 127.0.0.1 (a scheduler and two workers),
configured by DATELINE_CLUSTER alone: its marts equal an in-process build's, and a worker killed with
SIGKILL mid-build costs time, not rows."""

from __future__ import annotations

import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from bench.loopback_cluster import START_TIMEOUT_S, LoopbackCluster, loopback_cluster
from bench.mart_checksums import table_checksums
from orchestration.definitions import build_definitions
from orchestration.faults import PAUSE_ENV, PAUSE_UNTIL_ENV
from orchestration.settings import Settings
from tests.integration.conftest import REPO_ROOT, SAMPLE_PAGES

pytestmark = pytest.mark.integration

FIXTURE_PAGES = REPO_ROOT / "tests" / "fixtures" / "pages"


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[LoopbackCluster]:
    with loopback_cluster(tmp_path / "cluster") as cluster:
        yield cluster


def _raw_folder(root: Path) -> Path:
    raw = root / "raw"
    shutil.copytree(FIXTURE_PAGES, raw)
    for page in SAMPLE_PAGES:
        shutil.copy2(page, raw / page.name)
    return raw


def _build(settings: Settings) -> dg.ExecuteInProcessResult:
    return (
        build_definitions(settings)
        .resolve_job_def("build_warehouse")
        .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    )


def _marts(db_path: Path) -> dict[str, list]:
    # document ids are keyed by path and content, so two folders with the same files give the same rows
    return {table: sums for table, sums in table_checksums(db_path).items() if table.startswith("main.")}


@pytest.fixture(scope="module")
def in_process_marts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list]]:
    """The reference: the same folder built with every step in the build's process."""
    root = tmp_path_factory.mktemp("reference")
    with pytest.MonkeyPatch.context() as monkeypatch:  # build_definitions exports DATELINE_DB for dbt
        monkeypatch.setenv("DATELINE_DB", str(root / "unused.duckdb"))
        raw = _raw_folder(root)
        db = root / "dateline.duckdb"
        result = _build(Settings(raw_dir=raw, db_path=db, workers=1))
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return raw, _marts(db)


def _initializers_run() -> list[str]:
    from orchestration import parallel

    return sorted(parallel._initialized)


def _clustered_settings(tmp_path: Path, reference_raw: Path, address: str) -> Settings:
    raw = tmp_path / "clustered" / "raw"
    shutil.copytree(reference_raw, raw)  # same names, bytes and times: the same document ids
    # DATELINE_WORKERS=1 and DATELINE_CLUSTER set: every page goes to the cluster, none is computed here
    return Settings(
        raw_dir=raw, db_path=tmp_path / "clustered" / "dateline.duckdb", workers=1, cluster=address
    )


def test_a_build_on_a_loopback_cluster_equals_an_in_process_build(
    tmp_path: Path, loopback: LoopbackCluster, in_process_marts, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference_raw, reference = in_process_marts
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "unused.duckdb"))
    for name in ("w1", "w2"):
        loopback.start_worker(name)
    loopback.wait_for_workers(2)
    settings = _clustered_settings(tmp_path, reference_raw, loopback.address)
    result = _build(settings)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    assert _marts(settings.db_path) == reference
    assert len(reference) >= 7 and reference["main.entity_mentions"][0] > 50
    # the recogniser was loaded in the cluster's worker processes, not in this one
    from distributed import Client

    with Client(loopback.address, set_as_default=False) as client:
        loaded = client.run(_initializers_run)
    assert any("_load_worker_recognizer" in " ".join(names) for names in loaded.values()), loaded
    from orchestration import parallel

    assert parallel._initialized == set()


def test_a_worker_killed_mid_build_loses_and_duplicates_nothing(
    tmp_path: Path, loopback: LoopbackCluster, in_process_marts, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference_raw, reference = in_process_marts
    release = tmp_path / "release"
    # w1 stops at its first chunk of pages and tells us; then it is killed as the OOM killer would
    doomed = loopback.start_worker("w1", env={PAUSE_ENV: "parallel:in-worker", PAUSE_UNTIL_ENV: str(release)})
    loopback.start_worker("w2")
    loopback.wait_for_workers(2)
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "unused.duckdb"))
    settings = _clustered_settings(tmp_path, reference_raw, loopback.address)

    def kill_when_reached() -> None:
        deadline = time.monotonic() + START_TIMEOUT_S * 2
        while not Path(f"{release}.reached").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        doomed.send_signal(signal.SIGKILL)

    killer = threading.Thread(target=kill_when_reached, daemon=True)
    killer.start()
    result = _build(settings)
    killer.join()
    assert Path(f"{release}.reached").exists(), "w1 never received a chunk"
    assert doomed.wait(timeout=10) == -signal.SIGKILL
    if not result.success:  # allowed: a clear error, and the next build heals
        messages = " ".join(e.message or "" for e in result.all_events if e.is_failure)
        assert "worker" in messages
        result = _build(settings)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    assert _marts(settings.db_path) == reference
