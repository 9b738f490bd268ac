"""The serving copy: complete, atomic, read-only, and safe against readers and a killed publish."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import MART_TABLES
from orchestration.serving import PUBLICATION_TABLE, publish_serving_copy, serving_path
from orchestration.warehouse import connect, open_waiting_for_lock

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_marts(db: Path, rows: int) -> None:
    with connect(db) as con:
        for table in MART_TABLES:
            con.execute(f"create or replace table main.{table} as select range as id from range({rows})")


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute(f"select table_name, row_count from {PUBLICATION_TABLE}").fetchall())
    finally:
        con.close()


def test_serving_path_sits_beside_the_warehouse() -> None:
    assert serving_path(Path("/w/dateline.duckdb")) == Path("/w/dateline_serving.duckdb")
    assert serving_path(Path("/w/pages.db")) == Path("/w/pages_serving.db")


def test_publish_is_complete_read_only_and_leaves_no_temporaries(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    make_marts(db, 5)
    with connect(db) as con:
        assert publish_serving_copy(con, target) == dict.fromkeys(MART_TABLES, 5)
    assert counts(target) == dict.fromkeys(MART_TABLES, 5)
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name, target.name]
    assert oct(target.stat().st_mode & 0o777) == "0o444"
    reader = duckdb.connect(str(target), read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            reader.execute("create table intruder (i int)")
    finally:
        reader.close()


def test_a_reader_keeps_its_snapshot_and_a_new_reader_sees_the_new_copy(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    make_marts(db, 3)
    with connect(db) as con:
        publish_serving_copy(con, target)
    # a reader in another process holds the old file open across the publish
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
            "print(con.execute('select count(*) from documents').fetchall()[0][0], flush=True);"
            "sys.stdin.readline();"
            "print(con.execute('select count(*) from documents').fetchall()[0][0], flush=True)",
            str(target),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "3"  # it has the file open now
        make_marts(db, 7)  # the build was not blocked by the reader
        with connect(db) as con:
            publish_serving_copy(con, target)
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert out.strip() == "3"  # the open connection still reads its complete old copy
    assert counts(target)["documents"] == 7  # a new connection reads the new one


def test_publish_refuses_when_marts_are_missing(tmp_path: Path) -> None:
    with connect(tmp_path / "dateline.duckdb") as con, pytest.raises(RuntimeError, match="not built yet"):
        publish_serving_copy(con, tmp_path / "dateline_serving.duckdb")
    assert not (tmp_path / "dateline_serving.duckdb").exists()


PUBLISH_SCRIPT = """
import sys
from pathlib import Path
from orchestration.serving import publish_serving_copy
from orchestration.warehouse import connect
with connect(Path(sys.argv[1])) as con:
    publish_serving_copy(con, Path(sys.argv[2]))
"""


def test_kill_9_before_the_rename_keeps_the_old_copy_and_the_next_publish_cleans_up(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    make_marts(db, 3)
    with connect(db) as con:
        publish_serving_copy(con, target)
    make_marts(db, 9)
    killed = subprocess.run(
        [sys.executable, "-c", PUBLISH_SCRIPT, str(db), str(target)],
        env={**os.environ, "DATELINE_CRASH_AT": "serving:before-replace"},
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    leftovers = list(tmp_path.glob(".dateline_serving.duckdb.*.tmp"))
    assert len(leftovers) == 1  # complete but never renamed
    assert counts(target)["documents"] == 3  # readers still get the previous complete copy
    with connect(db) as con:
        publish_serving_copy(con, target)
    assert counts(target)["documents"] == 9
    assert not list(tmp_path.glob(".dateline_serving.duckdb.*"))


LOCK_HOLDER = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.readline()"
)


def test_a_second_writer_waits_for_the_lock_boundedly(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException, match="lock"):
            open_waiting_for_lock(db, timeout_s=0.5)  # gives up after the timeout, with DuckDB's error
        holder.communicate("release\n", timeout=60)
    finally:
        holder.kill()
    open_waiting_for_lock(db, timeout_s=30).close()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 7 MB tmpfs: a real full disk for the serving copy (needs root to mount; skipped otherwise)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=7m", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


def free_bytes(path: Path) -> int:
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


@pytest.mark.parametrize(
    ("rows", "failing_step"),
    [
        (4000, "CHECKPOINT during DETACH failed"),
        (12000, "Failed to commit"),
    ],  # the checkpoint, the copy itself
)
def test_a_publish_that_fills_the_disk_leaves_no_temporaries_and_the_old_copy_serving(
    tmp_path: Path, small_disk: Path, rows: int, failing_step: str
) -> None:
    db, target = tmp_path / "dateline.duckdb", small_disk / "dateline_serving.duckdb"
    make_marts(db, 3)
    with connect(db) as con:
        publish_serving_copy(con, target)
    free_before = free_bytes(small_disk)
    with connect(db) as con:
        for table in MART_TABLES:  # wide rows, so that the new copy cannot fit
            con.execute(
                f"create or replace table main.{table} as "
                f"select range as id, md5(range::varchar) || md5((range + 1)::varchar) as h from range({rows})"
            )
        with pytest.raises(duckdb.Error, match=failing_step):
            publish_serving_copy(con, target)
        assert sorted(p.name for p in small_disk.iterdir()) == [target.name]  # no .tmp, no .tmp.wal
        assert free_bytes(small_disk) == free_before  # the disk is not left full
        assert counts(target)["documents"] == 3  # the previous copy keeps serving
        # once there is room (here: fewer rows), the next publish succeeds
        make_marts_on(con, 10)
        publish_serving_copy(con, target)
    assert counts(target)["documents"] == 10


def make_marts_on(con, rows: int) -> None:
    for table in MART_TABLES:
        con.execute(f"create or replace table main.{table} as select range as id from range({rows})")
