"""Test-only fault hooks: make the build SIGKILL itself, or wait, at a named point.

Set `DATELINE_CRASH_AT` to one of `CRASH_POINTS` and the process that reaches that point kills itself with
SIGKILL (no cleanup, no atexit, no flush: the same as `kill -9` or the OOM killer). Set `DATELINE_PAUSE_AT`
to a point and `DATELINE_PAUSE_UNTIL` to a file path, and the process waits there until the file exists
(up to ten minutes; it creates `<that file>.reached` on arrival), so a test can make another process act
at exactly that moment. Unset (the default),
both do nothing. Only the reliability and fault tests set them; see docs/reliability.md.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

CRASH_ENV = "DATELINE_CRASH_AT"
PAUSE_ENV, PAUSE_UNTIL_ENV = "DATELINE_PAUSE_AT", "DATELINE_PAUSE_UNTIL"
_PAUSE_LIMIT_S = 600.0
CRASH_POINTS = (
    "ingestion:before-commit",  # raw.documents rows inserted, transaction not committed
    "ingestion:after-commit",  # committed (in the WAL), not checkpointed into the database file
    "serving:before-replace",  # the new serving file is complete under its temporary name, not yet renamed
    "steps:after-batch",  # a per-document step committed a batch (of several): a re-extraction killed halfway
    "parallel:in-worker",  # a cluster worker received a chunk of pages and has not computed it
)


def crash_point(name: str) -> None:
    """SIGKILL this process when DATELINE_CRASH_AT names this point; otherwise a no-op."""
    if name not in CRASH_POINTS:
        raise ValueError(f"unknown crash point {name!r}")
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def pause_point(name: str) -> None:
    """Wait, while DATELINE_PAUSE_AT names this point, until the file DATELINE_PAUSE_UNTIL exists."""
    if name not in CRASH_POINTS:
        raise ValueError(f"unknown pause point {name!r}")
    if os.environ.get(PAUSE_ENV) != name:
        return
    release = Path(os.environ[PAUSE_UNTIL_ENV])
    Path(f"{release}.reached").touch()  # tells the test that this process is here
    deadline = time.monotonic() + _PAUSE_LIMIT_S
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # a test hook: polling a file the test creates
