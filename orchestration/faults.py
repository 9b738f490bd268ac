"""A test-only fault hook: make the build SIGKILL itself at a named point, to prove crash recovery.

Set `DATELINE_CRASH_AT` to one of `CRASH_POINTS` and the process that reaches that point kills itself with
SIGKILL (no cleanup, no atexit, no flush: the same as `kill -9` or the OOM killer). Unset (the default),
`crash_point` does nothing. Only tests/integration/test_crash_recovery.py sets it; see docs/reliability.md.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "DATELINE_CRASH_AT"
CRASH_POINTS = (
    "ingestion:before-commit",  # raw.documents rows inserted, transaction not committed
    "ingestion:after-commit",  # committed (in the WAL), not checkpointed into the database file
    "serving:before-replace",  # the new serving file is complete under its temporary name, not yet renamed
)


def crash_point(name: str) -> None:
    """SIGKILL this process when DATELINE_CRASH_AT names this point; otherwise a no-op."""
    if name not in CRASH_POINTS:
        raise ValueError(f"unknown crash point {name!r}")
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
