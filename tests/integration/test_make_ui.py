"""`make ui` stops when make alone is sent SIGINT (GNU make passes on only SIGTERM to its recipe).

The UI runs for real (`dagster dev` on a free loopback port, a temporary DAGSTER_HOME and warehouse) in a
process group of its own, which the test removes whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

# SIGINT restored in case this process was started with it ignored (a background job of a script), which make
# would inherit and keep: then nothing could interrupt it.
MAKE_UI = ["env", "--default-signal=INT", "make", "--no-print-directory", "ui"]
STOP_WITHIN_S = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigint_to_make_stops_the_ui(tmp_path: Path) -> None:
    port = free_port()
    (tmp_path / "raw").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DAGSTER_"))}
    env |= {
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "DATELINE_RAW_DIR": str(tmp_path / "raw"),
        "DATELINE_DB": str(tmp_path / "warehouse" / "dateline.duckdb"),
    }
    log = tmp_path / "ui.log"
    with log.open("w") as out:
        make = subprocess.Popen(
            [*MAKE_UI, f"UI_PORT={port}"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, dagster dev and everything it starts: one group, removed below
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert make.poll() is None, f"make ui exited early:\n{log.read_text()[-3000:]}"
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2).close()
                break
            assert time.monotonic() < deadline, f"the UI did not come up:\n{log.read_text()[-3000:]}"
            time.sleep(1)

        os.kill(make.pid, signal.SIGINT)  # make's process only, not its group
        deadline = time.monotonic() + STOP_WITHIN_S
        while (make.poll() is None or group_alive(make.pid)) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = subprocess.run(["ps", "-o", "pid,args", "-g", str(make.pid)], capture_output=True, text=True)
        assert make.poll() is not None and not group_alive(make.pid), (
            f"{STOP_WITHIN_S} s after SIGINT to make, still running:\n{left.stdout}\n{log.read_text()[-2000:]}"
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)
        make.wait(timeout=10)
