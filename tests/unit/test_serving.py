"""The serving copy: complete, atomic, read-only, proportional to change, and safe against readers and a
killed publish."""

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import MART_TABLES
from orchestration.serving import (
    MAX_PARTS,
    PER_DOCUMENT_TABLES,
    PUBLICATION_TABLE,
    PartFile,
    plan_parts,
    publish_serving_copy,
    serving_is_intact,
    serving_path,
    snapshot_folder,
)
from orchestration.warehouse import connect, open_waiting_for_lock

REPO_ROOT = Path(__file__).resolve().parents[2]
WHOLE_TABLES = [t for t in MART_TABLES if t not in PER_DOCUMENT_TABLES]


def make_marts_on(con, rows: int, changed_from: int | None = None, width: str = "") -> None:
    """Every mart with `rows` rows; per-document marts one row per document d<i>, whose updated_at moves for
    documents numbered changed_from and above (a re-extraction of those)."""
    moved = rows if changed_from is None else changed_from
    extra = f", {width} as h" if width else ""
    for table in MART_TABLES:
        if table in PER_DOCUMENT_TABLES:
            con.execute(
                f"create or replace table main.{table} as select 'd' || range as document_id, "
                f"timestamp '2026-01-01' + to_seconds(case when range >= {moved} then 60 else 0 end) as updated_at, "
                f"range as id{extra} from range({rows})"
            )
        else:
            con.execute(
                f"create or replace table main.{table} as select range as id{extra} from range({rows})"
            )


def make_marts(db: Path, rows: int, changed_from: int | None = None) -> None:
    with connect(db) as con:
        make_marts_on(con, rows, changed_from)


def read(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counts(path: Path) -> dict[str, int]:
    return dict(read(path, f"select table_name, row_count from {PUBLICATION_TABLE}"))


def parquet_files(target: Path) -> list[str]:
    return sorted(
        str(p.relative_to(snapshot_folder(target))) for p in snapshot_folder(target).rglob("*.parquet")
    )


def test_serving_path_sits_beside_the_warehouse() -> None:
    assert serving_path(Path("/w/dateline.duckdb")) == Path("/w/dateline_serving.duckdb")
    assert serving_path(Path("/w/pages.db")) == Path("/w/pages_serving.db")


def test_publish_is_complete_read_only_and_leaves_no_temporaries(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    make_marts(db, 5)
    with connect(db) as con:
        publication = publish_serving_copy(con, target)
    assert publication.published and publication.row_counts == dict.fromkeys(MART_TABLES, 5)
    assert publication.written == dict.fromkeys(MART_TABLES, "whole")
    assert counts(target) == dict.fromkeys(MART_TABLES, 5)
    for table in MART_TABLES:  # the views read what the marts hold
        assert read(target, f"select count(*), sum(id) from {table}") == [(5, 10)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name, snapshot_folder(target).name, target.name]
    catalogs = list(snapshot_folder(target).glob("*.duckdb"))
    assert len(catalogs) == 1 and catalogs[0].samefile(target)  # the served file is the current catalog
    assert len(parquet_files(target)) == len(MART_TABLES)
    assert not list(tmp_path.rglob("*.tmp*"))
    assert oct(target.stat().st_mode & 0o777) == "0o444"
    reader = duckdb.connect(str(target), read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            reader.execute("create table intruder (i int)")
    finally:
        reader.close()


def test_a_publish_writes_only_what_changed(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    with connect(db) as con:
        make_marts_on(con, 10)
        publish_serving_copy(con, target)
        first = target.stat().st_ino
        # nothing changed: nothing is written, the same catalog keeps serving
        unchanged = publish_serving_copy(con, target, changed=[])
        assert not unchanged.published and target.stat().st_ino == first
        # two documents re-extracted and one added; dbt rebuilt only `entities` of the whole-table marts
        make_marts_on(con, 11, changed_from=8)
        added = publish_serving_copy(con, target, changed=["entities"])
        assert added.written == {**dict.fromkeys(PER_DOCUMENT_TABLES, "part"), "entities": "whole"}
        part = snapshot_folder(target).glob("*/documents.parquet")
        newest = max(part, key=lambda p: p.parent.name)
        assert duckdb.sql(f"select count(*) from read_parquet('{newest}')").fetchall() == [(3,)]
        # a document deleted: its rows leave the views, no file is written for it
        make_marts_on(con, 10, changed_from=8)
        removed = publish_serving_copy(con, target, changed=[])
        assert removed.written == dict.fromkeys(PER_DOCUMENT_TABLES, "relist")
    for table in PER_DOCUMENT_TABLES:
        assert read(target, f"select count(*), sum(id), count(distinct document_id) from {table}") == [
            (10, 45, 10)
        ]
    assert read(target, "select count(*) from entities") == [(11,)]  # as rebuilt when it last changed
    # files nothing lists any more are gone: two parts per per-document table, one file per whole table
    assert len(parquet_files(target)) == 2 * len(PER_DOCUMENT_TABLES) + len(WHOLE_TABLES)


def simulate_add_one(publishes: int, base: int = 0) -> tuple[int, int, list[PartFile]]:
    """`publishes` publishes of one new document each, after a first one of `base` documents, planned by
    plan_parts: (documents written in all, most files a table had, the files at the end)."""
    files = [PartFile("base", base, base)] if base else []
    written, most = 0, len(files)
    for number in range(publishes):
        merged = plan_parts(1, files)
        assert merged is not None  # nothing was deleted
        new = PartFile(f"p{number}", 1 + sum(f.live for f in files if f.path in merged), 0)
        new = PartFile(new.path, new.written, new.written)
        files = [f for f in files if f.path not in merged] + [new]
        written += new.written
        most = max(most, len(files))
    return written, most, files


def test_parts_merge_like_a_log_structured_store() -> None:
    # one page at a time: each document is rewritten O(log n) times, and a table has O(log n) files
    for publishes in (10, 100, 1000):
        written, most, files = simulate_add_one(publishes)
        assert sum(f.live for f in files) == publishes
        assert written <= publishes * (math.log2(publishes) + 2)
        assert most <= math.log2(publishes) + 2
    # a large file is left alone while the pages after it are few: adding one page never rewrites it
    written, most, files = simulate_add_one(200, base=100_000)
    assert "base" in {f.path for f in files} and written < 200 * 10 and most <= MAX_PARTS


def test_parts_are_merged_only_when_something_is_written_and_rewritten_whole_when_mostly_dead() -> None:
    files = [PartFile("a", 100, 100), PartFile("b", 1, 1)]
    assert plan_parts(0, files) == frozenset()  # only relisting: no file is written, none merged
    assert plan_parts(1, files) == {"b"}
    # more than a quarter of what the files hold is no longer current (re-extracted, deleted): one file
    assert plan_parts(1, [PartFile("a", 100, 70), PartFile("b", 10, 10)]) is None
    assert plan_parts(1, [PartFile("a", 100, 80), PartFile("b", 10, 10)]) == frozenset()
    # never more than MAX_PARTS files: beyond that the smallest are merged whatever their size
    many = [PartFile(f"f{i}", 10**i, 10**i) for i in range(MAX_PARTS + 3)]
    merged = plan_parts(1, many)
    assert merged is not None and len(many) - len(merged) + 1 <= MAX_PARTS


def test_a_table_grown_one_document_at_a_time_keeps_few_files_and_its_large_one(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    with connect(db) as con:
        make_marts_on(con, 200)
        publish_serving_copy(con, target, changed=[])
        (base,) = [f for f in parquet_files(target) if f.endswith("/documents.parquet")]
        for rows in range(201, 201 + 3 * MAX_PARTS):  # one document more each time
            make_marts_on(con, rows)
            publication = publish_serving_copy(con, target, changed=[])
            assert publication.written["documents"] == "part"
            files = [f for f in parquet_files(target) if f.endswith("/documents.parquet")]
            assert base in files and len(files) <= math.log2(rows - 200) + 2
        # a re-extraction of most documents: the table is rewritten as one file
        make_marts_on(con, rows, changed_from=100)
        assert publish_serving_copy(con, target, changed=[]).written["documents"] == "whole"
    assert read(target, "select count(*), count(distinct document_id) from documents") == [(rows, rows)]
    assert sum(1 for f in parquet_files(target) if f.endswith("/documents.parquet")) == 1


def test_an_older_whole_copy_is_replaced_by_a_full_publish(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    old = duckdb.connect(str(target))
    old.execute("create table documents as select 1 as id")  # what an earlier dateline published
    old.close()
    make_marts(db, 4)
    with connect(db) as con:
        assert publish_serving_copy(con, target, changed=[]).written == dict.fromkeys(MART_TABLES, "whole")
    assert counts(target) == dict.fromkeys(MART_TABLES, 4)


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
            make_marts_on(con, 7, changed_from=0)  # every row again: the reader's files are no longer current
            publish_serving_copy(con, target)
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert out.strip() == "3"  # the open connection still reads its complete old copy
    assert counts(target)["documents"] == 7  # a new connection reads the new one
    # the reader is gone: the next publish deletes the snapshot only it held
    make_marts(db, 8)
    with connect(db) as con:
        publish_serving_copy(con, target)
    assert len(list(snapshot_folder(target).glob("*.duckdb"))) == 1
    assert len(parquet_files(target)) == len(MART_TABLES)  # every row changed again: one file each


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
    assert not list(tmp_path.rglob("*.tmp*"))
    # the killed publish's catalog and files are gone with the first one's: only the current snapshot is left
    # (its new parts took in the first publish's smaller files: one file a table)
    assert len(list(snapshot_folder(target).glob("*.duckdb"))) == 1
    assert len(parquet_files(target)) == len(MART_TABLES)


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


def test_a_publish_that_fills_the_disk_leaves_nothing_behind_and_the_old_copy_serving(
    tmp_path: Path, small_disk: Path
) -> None:
    db, target = tmp_path / "dateline.duckdb", small_disk / "dateline_serving.duckdb"
    make_marts(db, 3)
    with connect(db) as con:
        publish_serving_copy(con, target)
    before = sorted(str(p) for p in small_disk.rglob("*"))
    free_before = free_bytes(small_disk)
    with connect(db) as con:
        # wide rows that do not compress, so that the new files cannot fit
        make_marts_on(con, 20000, changed_from=0, width="md5(range::varchar) || md5((range + 1)::varchar)")
        with pytest.raises(duckdb.Error, match="(?i)no space|disk|write"):
            publish_serving_copy(con, target)
        assert sorted(str(p) for p in small_disk.rglob("*")) == before  # no temporary, no partial file
        assert free_bytes(small_disk) == free_before  # the disk is not left full
        assert counts(target)["documents"] == 3  # the previous copy keeps serving
        # once there is room (here: fewer rows), the next publish succeeds
        make_marts_on(con, 10)
        publish_serving_copy(con, target)
    assert counts(target)["documents"] == 10


def test_a_serving_copy_whose_files_are_gone_is_not_intact(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    assert not serving_is_intact(target)
    make_marts(db, 3)
    with connect(db) as con:
        publish_serving_copy(con, target)
    assert serving_is_intact(target)
    next(snapshot_folder(target).glob("*/articles.parquet")).unlink()  # a cleaned or moved folder
    assert not serving_is_intact(target)
    with connect(db) as con:  # the next publish rewrites what is missing, even with nothing changed
        assert publish_serving_copy(con, target, changed=[]).written == {"articles": "whole"}
    assert serving_is_intact(target)


def test_a_table_whose_last_document_left_is_published_empty(tmp_path: Path) -> None:
    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    with connect(db) as con:
        make_marts_on(con, 2)
        publish_serving_copy(con, target)
        make_marts_on(con, 0)  # every page deleted from the raw folder
        assert publish_serving_copy(con, target, changed=[]).written["documents"] == "whole"
    assert read(target, "select count(*) from documents") == [(0,)]
    assert [row[0] for row in read(target, "describe documents")] == ["document_id", "updated_at", "id"]


def test_a_copy_published_before_the_last_dbt_build_is_not_current(tmp_path: Path) -> None:
    """A build killed after dbt recorded its state but before the publish: the next build must publish."""
    from datetime import datetime

    db, target = tmp_path / "dateline.duckdb", tmp_path / "dateline_serving.duckdb"
    make_marts(db, 3)
    with connect(db) as con:
        con.execute("insert into raw.dbt_build_state values ('2026-01-01 10:00', 'r1', 'f', '{}', null)")
        publish_serving_copy(con, target)
    assert serving_is_intact(target, datetime(2026, 1, 1, 10, 0))
    assert not serving_is_intact(target, datetime(2026, 1, 1, 11, 0))  # dbt ran again, nothing published
