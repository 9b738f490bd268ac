"""A BI-tool stand-in for tests: reads the serving copy through duckdb-engine/SQLAlchemy until told to stop.

    python -m tests.integration.bi_reader SERVING_FILE STOP_FILE fresh|held

`fresh` opens a new connection for every observation (NullPool: what a dashboard refresh does); `held` keeps
one connection open from start to end (a notebook that never reconnects). Prints one JSON line per
observation, {"ok": true, "counts": {table: rows}, "write_refused": bool}; errors are printed, not raised.
Once the first line is out the reader has opened the file, so the caller knows reading has begun.
It stops after the first observation that starts once STOP_FILE exists, or after MAX_OBSERVATIONS.

The two modes must run in separate processes: DuckDB shares one database instance per file and process,
so while a process holds any connection to the file, its new connections see that same (old) file too.
"""

import json
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from orchestration.warehouse import MART_TABLES

MAX_OBSERVATIONS = 20_000
PACE_S = 0.02  # rate limit only (leave CPU to the build on a small machine); not used to synchronise


def url_for(path: Path) -> str:
    """The documented URL: duckdb-engine, absolute path, read-only."""
    return f"duckdb:///{path.resolve()}?access_mode=read_only"


def row_counts(connection: sa.Connection) -> dict[str, int]:
    # table names come from the constant list, never from input
    return {t: connection.execute(sa.text(f"select count(*) from {t}")).scalar_one() for t in MART_TABLES}


def write_is_refused(connection: sa.Connection) -> bool:
    try:
        connection.execute(sa.text("create table intruder (i integer)"))
    except sa.exc.DBAPIError:
        connection.rollback()
        return True
    return False


def main() -> int:
    serving, stop, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    engine = sa.create_engine(url_for(serving), poolclass=NullPool)
    held = engine.connect() if mode == "held" else None
    for _ in range(MAX_OBSERVATIONS):
        stopping = stop.exists()
        try:
            if held is not None:
                observation = {
                    "ok": True,
                    "counts": row_counts(held),
                    "write_refused": write_is_refused(held),
                }
            else:
                with engine.connect() as connection:
                    observation = {
                        "ok": True,
                        "counts": row_counts(connection),
                        "write_refused": write_is_refused(connection),
                    }
        except Exception as error:  # report every failure to the test instead of dying
            observation = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(observation), flush=True)
        if stopping:
            break
        time.sleep(PACE_S)
    if held is not None:
        held.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
