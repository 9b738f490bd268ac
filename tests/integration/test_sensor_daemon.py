"""The raw-folder sensor under the real Dagster daemon: every change to the folder reaches the serving copy.

`dagster-daemon run` evaluates the sensor and launches its runs (queued, then run in their own processes, as
under `dagster dev`) on a temporary DAGSTER_HOME, raw folder and warehouse. The folder starts empty and
unbuilt; switching the sensor on launches nothing; adding a page and then deleting it (which returns the
folder to a state it was in before) each launch a build, and the serving copy shows each. Other sequences
(re-adding, a cleared cursor, a warehouse built by `make build`) are in test_sensor_changes.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import dagster as dg
import duckdb
import pytest
from dagster._core.definitions.run_request import InstigatorType
from dagster._core.instance.ref import InstanceRef
from dagster._core.scheduler.instigation import TickStatus

from orchestration.serving import serving_path
from tests.integration.conftest import REPO_ROOT, SAMPLE_PAGES

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
# The code location under test: the real definitions, with a sensor that looks at the folder every second
# (the daemon evaluates sensors at most every 5 s anyway) instead of every 30 s.
LOCATION = """\
from orchestration.definitions import build_definitions
from orchestration.settings import settings_from_env

defs = build_definitions(settings_from_env(), sensor_interval_s=1)
"""
DAGSTER_YAML = """\
telemetry:
  enabled: false
run_coordinator:
  module: dagster._core.run_coordinator.queued_run_coordinator
  class: QueuedRunCoordinator
  config:
    dequeue_interval_seconds: 1
"""
# A sample page with rows in every per-document mart (an article, headlines, entities, dated sentences).
PAGE = SAMPLE_PAGES[0]
RUN_TIMEOUT_S = 100

T = TypeVar("T")


class Daemon:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "dagster_home"
        self.raw_dir = root / "raw"
        self.db_path = root / "warehouse" / "dateline.duckdb"
        self.location = root / "location.py"
        self.log = root / "daemon.log"
        self.home.mkdir()
        self.raw_dir.mkdir()
        (self.home / "dagster.yaml").write_text(DAGSTER_YAML, encoding="utf-8")
        self.location.write_text(LOCATION, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DAGSTER_"))}
        self.env = {
            **env,
            "DAGSTER_HOME": str(self.home),
            "DATELINE_RAW_DIR": str(self.raw_dir),
            "DATELINE_DB": str(self.db_path),
            "DATELINE_WORKERS": "1",
            # this checkout's code, in the daemon, its code server and the runs
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # Create the instance's storage first: processes that create it at the same time race on its schema.
        self.instance().dispose()
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "dagster-daemon"), "run", "-f", str(self.location)],
                cwd=self.root,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the code server and runs are stopped with it
            )

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # anything of the group still running
        self.process.wait(timeout=10)

    def start_sensor(self) -> None:
        result = subprocess.run(
            [str(BIN / "dagster"), "sensor", "start", "raw_folder_sensor", "-f", str(self.location)],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(self.home)))

    def ticks(self) -> list:
        with self.instance() as instance:
            states = [
                s
                for s in instance.all_instigator_state(instigator_type=InstigatorType.SENSOR)
                if s.instigator_name == "raw_folder_sensor"
            ]
            if not states:
                return []
            ticks = instance.get_ticks(states[0].instigator_origin_id, states[0].selector_id)
            return sorted(ticks, key=lambda t: t.timestamp)

    def runs(self, sensor_only: bool = False) -> list[dg.DagsterRun]:
        """Every run (those of other automation too), or only those the raw-folder sensor launched."""
        tags = {"dagster/sensor_name": "raw_folder_sensor"} if sensor_only else {}
        with self.instance() as instance:
            return list(instance.get_runs(filters=dg.RunsFilter(tags=tags)))

    def served_pages(self) -> set[str] | None:
        """source_file of every row of `documents` in the serving copy, None while there is none."""
        path = serving_path(self.db_path)
        if not path.exists():
            return None
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error:
            return None  # being replaced this moment
        try:
            return {row[0] for row in con.execute("select source_file from documents").fetchall()}
        finally:
            con.close()

    def wait_for(self, what: str, check: Callable[[], T | None], timeout_s: float = RUN_TIMEOUT_S) -> T:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.describe("daemon exited")
            value = check()
            if value:
                return value
            time.sleep(0.5)
        pytest.fail(self.describe(f"timed out after {timeout_s:.0f} s waiting for {what}"))

    def idle(self) -> bool:
        finished = (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)
        return all(run.status in finished for run in self.runs())

    def step_failures(self) -> list[str]:
        with self.instance() as instance:
            return [
                f"{event.step_key}: {event.dagster_event.event_specific_data.error.to_string()[-1500:]}"
                for run in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]))
                for event in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
            ]

    def describe(self, problem: str) -> str:
        runs = [(r.run_id[:8], r.status.value, r.tags.get("dagster/run_key")) for r in self.runs()]
        failures = "\n".join(self.step_failures())
        ticks = [(t.status.value, t.skip_reason, t.run_ids) for t in self.ticks()]
        log = self.log.read_text(errors="replace")[-3000:]
        return (
            f"{problem}\nruns: {runs}\nsensor ticks: {ticks}\nserved: {self.served_pages()}\n"
            f"failed steps:\n{failures}\ndaemon log:\n{log}"
        )


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    d = Daemon(tmp_path)
    try:
        yield d
    finally:
        d.stop()


def test_adding_and_deleting_a_page_each_reach_the_serving_copy(daemon: Daemon) -> None:
    daemon.start()
    daemon.start_sensor()
    first_tick = daemon.wait_for(
        "the sensor's first tick",
        lambda: [t for t in daemon.ticks()[:1] if t.status != TickStatus.STARTED],
        timeout_s=60,
    )[0]
    switched_on_runs = len(daemon.runs(sensor_only=True))

    shutil.copyfile(PAGE, daemon.raw_dir / "story.txt")
    daemon.wait_for("the added page in the serving copy", lambda: daemon.served_pages() == {"story.txt"})
    daemon.wait_for("the run to finish", daemon.idle)

    # The folder is back to how it was when the sensor was switched on (empty).
    (daemon.raw_dir / "story.txt").unlink()
    daemon.wait_for("the deleted page to leave the serving copy", lambda: daemon.served_pages() == set())
    daemon.wait_for("the run to finish", daemon.idle)

    assert first_tick.status == TickStatus.SKIPPED, daemon.describe(
        "switching the sensor on over an empty, unbuilt folder launched a run"
    )
    assert switched_on_runs == 0
    runs = daemon.runs(sensor_only=True)
    assert len(runs) == 2, daemon.describe("expected one run per change")
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs), daemon.describe("a run failed")
