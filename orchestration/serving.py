"""Publish the marts to a read-only serving copy that readers (BI tools, notebooks) use while builds run.

DuckDB allows one read-write process *or* many read-only ones on a file, never both, so readers of the
warehouse file itself would block builds (and builds would lock readers out). Instead every successful build
writes a complete new file beside the warehouse and renames it over the previous serving copy:

1. ATTACH a new file under a temporary, hidden name in the same folder (`.dateline_serving.duckdb.<hex>.tmp`),
2. CREATE TABLE ... AS SELECT every mart into it, plus `serving_publication` (what was published, when),
3. DETACH it (DuckDB checkpoints on detach, so the file is complete and has no WAL), fsync it,
4. `os.replace()` it over `<stem>_serving.duckdb` and fsync the folder.

The rename is atomic: a reader that opens the path gets the old file or the new one, both complete. A reader
with a connection open keeps the old file (its inode) until it reconnects, so a build never breaks it and a
reader never blocks a build. Leftover temporary files of a killed publish are removed by the next one.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.faults import crash_point
from orchestration.warehouse import MART_TABLES

PUBLICATION_TABLE = "serving_publication"
_ALIAS = "dateline_serving_build"


def serving_path(db_path: Path) -> Path:
    """`warehouse/dateline.duckdb` -> `warehouse/dateline_serving.duckdb` (same folder, `<stem>_serving`)."""
    return db_path.with_name(f"{db_path.stem}_serving{db_path.suffix or '.duckdb'}")


def _temporary_pattern(target: Path) -> str:
    return f".{target.name}.*.tmp*"  # the file and any .wal DuckDB left beside it


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete temporary files left by a publish that was killed (safe: only one build writes at a time)."""
    removed = []
    for leftover in target.parent.glob(_temporary_pattern(target)):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_serving_copy(
    con: duckdb.DuckDBPyConnection, target: Path, tables: Sequence[str] = MART_TABLES
) -> dict[str, int]:
    """Copy `main.<table>` for every table into a new file and atomically rename it to `target`.

    `con` is the warehouse's read-write connection (which also guarantees that no other build publishes at
    the same time). Returns the row count of every published table. Raises when a mart does not exist yet.
    """
    existing = {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_catalog = current_database()"
        ).fetchall()
    }
    missing = [t for t in tables if t not in existing]
    if missing:
        raise RuntimeError(f"cannot publish: marts not built yet: {', '.join(missing)} (run the dbt models)")

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    published_at = datetime.now(UTC).replace(tzinfo=None)
    counts: dict[str, int] = {}
    # The path is a bound parameter; table names come from the constant list above, never from input.
    con.execute(f"attach ? as {_ALIAS}", [str(temporary)])
    attached = True
    try:
        for table in tables:
            name = _quote_identifier(table)
            con.execute(f"create table {_ALIAS}.main.{name} as select * from main.{name}")
            counts[table] = con.execute(f"select count(*) from {_ALIAS}.main.{name}").fetchall()[0][0]
        con.execute(
            f"create table {_ALIAS}.main.{PUBLICATION_TABLE} "
            "(table_name varchar not null, row_count bigint not null, published_at timestamp not null)"
        )
        con.executemany(
            f"insert into {_ALIAS}.main.{PUBLICATION_TABLE} values (?, ?, ?)",
            [(table, count, published_at) for table, count in counts.items()],
        )
        # Checkpoints: the file is complete and its WAL is gone. On a full disk the checkpoint fails, after
        # DuckDB has detached the file, so from here on there is nothing to detach, only files to remove.
        attached = False
        con.execute(f"detach {_ALIAS}")
        _fsync(temporary)
        os.chmod(temporary, 0o444)  # readers only; DuckDB opens a file without write permission read-only
        crash_point("serving:before-replace")
        # A WAL beside the serving copy can only come from someone writing to it; it must not be replayed
        # onto the new file.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(temporary, target)
    except BaseException:
        # Every failure (disk full, permissions, an interrupt) leaves the previous copy serving and no
        # temporary file behind: a leaked copy would keep the disk full and fail the next build earlier.
        if attached:
            with contextlib.suppress(duckdb.Error):
                con.execute(f"detach {_ALIAS}")
        remove_stale_temporaries(target)
        raise
    _fsync(target.parent, directory=True)
    return counts
