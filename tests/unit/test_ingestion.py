"""Ingestion against a real (temporary) DuckDB file: versions, reruns, rejections, deletions."""

import os
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.ingestion import (
    RawFolderUnreadable,
    ingest_raw_folder,
    scan_raw_folder,
)
from orchestration.settings import settings_from_env
from orchestration.warehouse import connect

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "sub dir").mkdir(parents=True)
    (folder / "a.txt").write_text("Friday, December 5, 2025\n\nHello world.\n", encoding="utf-8")
    (folder / "sub dir" / "b é.txt").write_text("Second page.\n", encoding="utf-8")
    (folder / ".gitkeep").write_text("")
    return folder


def documents(con) -> list[tuple]:
    return con.execute(
        "select source_file, is_deleted, text from raw.documents order by loaded_at, source_file"
    ).fetchall()


def test_scan_is_recursive_sorted_and_skips_hidden(raw_dir: Path) -> None:
    scan = scan_raw_folder(raw_dir)
    files, skipped = scan.files, scan.skipped
    assert [f.source_file for f in files] == ["a.txt", "sub dir/b é.txt"]
    assert skipped == []


def test_scan_reports_symlinks_and_missing_folder(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "link.txt").symlink_to(raw_dir / "a.txt")
    skipped = scan_raw_folder(raw_dir).skipped
    assert [name for name, _ in skipped] == ["link.txt"]
    with pytest.raises(FileNotFoundError, match="DATELINE_RAW_DIR"):
        scan_raw_folder(tmp_path / "nope")


def test_rerun_writes_nothing_and_changes_become_versions(raw_dir: Path, tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        first = ingest_raw_folder(con, raw_dir, "run-1")
        assert (first.files_seen, first.new_versions) == (2, 2)

        second = ingest_raw_folder(con, raw_dir, "run-2")
        assert (second.files_read, second.new_versions, second.unchanged) == (0, 0, 2)
        assert len(documents(con)) == 2

        # touched but identical: read again, nothing written
        os.utime(raw_dir / "a.txt", ns=(1, 1))
        touched = ingest_raw_folder(con, raw_dir, "run-3")
        assert (touched.files_read, touched.new_versions) == (1, 0)

        (raw_dir / "a.txt").write_text("Changed.\n", encoding="utf-8")
        changed = ingest_raw_folder(con, raw_dir, "run-4")
        assert changed.new_versions == 1
        assert documents(con)[-1] == ("a.txt", False, "Changed.\n")

        (raw_dir / "sub dir" / "b é.txt").unlink()
        removed = ingest_raw_folder(con, raw_dir, "run-5")
        assert removed.deleted == ["sub dir/b é.txt"]
        assert documents(con)[-1] == ("sub dir/b é.txt", True, None)
        assert ingest_raw_folder(con, raw_dir, "run-6").deleted == []


def test_bad_files_are_rejected_once_and_do_not_stop_the_others(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "empty.txt").write_bytes(b"")
    (raw_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with connect(tmp_path / "w.duckdb") as con:
        report = ingest_raw_folder(con, raw_dir, "run-1")
        assert report.new_versions == 2
        assert sorted(name for name, _ in report.rejected) == ["empty.txt", "image.txt"]
        assert ingest_raw_folder(con, raw_dir, "run-2").rejected == []
        rows = con.execute("select source_file, reason from raw.rejected_files order by 1").fetchall()
        assert [r[0] for r in rows] == ["empty.txt", "image.txt"]
        assert "PNG" in rows[1][1]

        # fixing the file clears it: the next version is loaded
        (raw_dir / "empty.txt").write_text("Now it has text.\n", encoding="utf-8")
        fixed = ingest_raw_folder(con, raw_dir, "run-3")
        assert fixed.new_versions == 1


def test_files_over_the_size_limit_are_rejected_unread(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "big.txt").write_bytes(b"word " * 300_000)  # 1.5 MB
    with connect(tmp_path / "w.duckdb") as con:
        report = ingest_raw_folder(con, raw_dir, "run-1", max_file_bytes=1024 * 1024)
        assert report.new_versions == 2 and report.files_read == 2  # big.txt was never read
        [(name, reason)] = report.rejected
        assert name == "big.txt"
        assert reason.startswith("larger than DATELINE_MAX_FILE_MB (1.4 MB > 1 MB, default 2 MB)")
        assert "raise DATELINE_MAX_FILE_MB" in reason
        # unchanged: not rejected again; a rejected file is retried, so raising the limit is enough
        assert ingest_raw_folder(con, raw_dir, "run-2", max_file_bytes=1024 * 1024).rejected == []
        assert ingest_raw_folder(con, raw_dir, "run-3", max_file_bytes=2 * 1024 * 1024).new_versions == 1


def test_size_limit_comes_from_the_environment(tmp_path: Path) -> None:
    assert settings_from_env({}).max_file_bytes == 2 * 1024 * 1024
    assert settings_from_env({"DATELINE_MAX_FILE_MB": "0.5"}).max_file_bytes == 512 * 1024
    for bad in ("0", "-1", "lots"):
        with pytest.raises(ValueError, match="DATELINE_MAX_FILE_MB"):
            settings_from_env({"DATELINE_MAX_FILE_MB": bad})


def test_undecodable_names_and_special_files_are_rejected_not_fatal(raw_dir: Path, tmp_path: Path) -> None:
    bad_name = os.path.join(os.fsencode(raw_dir), b"caf\xe9 page.txt")
    with open(bad_name, "wb") as handle:
        handle.write(b"A page with a Latin-1 file name.\n")
    os.mkfifo(raw_dir / "pipe.txt")  # reading it would block forever
    (raw_dir / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with connect(tmp_path / "w.duckdb") as con:
        report = ingest_raw_folder(con, raw_dir, "run-1")
        assert report.new_versions == 2
        reasons = dict(report.rejected)
        assert "not valid UTF-8" in reasons["caf\\xe9 page.txt"]
        assert "not a regular file" in reasons["pipe.txt"]
        assert "symbolic link" in reasons["dangling.txt"]
        assert ingest_raw_folder(con, raw_dir, "run-2").rejected == []  # recorded once


CRASH_SCRIPT = """
import sys
from pathlib import Path
from orchestration.ingestion import ingest_raw_folder
from orchestration.warehouse import connect
with connect(Path(sys.argv[2])) as con:
    ingest_raw_folder(con, Path(sys.argv[1]), "killed-run")
"""


@pytest.mark.parametrize(
    ("point", "rows_after_restart"), [("ingestion:before-commit", 0), ("ingestion:after-commit", 2)]
)
def test_kill_9_during_ingestion_loses_nothing_committed(
    raw_dir: Path, tmp_path: Path, point: str, rows_after_restart: int
) -> None:
    db = tmp_path / "w.duckdb"
    env = {**os.environ, "DATELINE_CRASH_AT": point}
    killed = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(raw_dir), str(db)], env=env, timeout=120, cwd=REPO_ROOT
    )
    assert killed.returncode == -signal.SIGKILL
    # nothing was checkpointed: the schema (and, after commit, the rows) are only in the write-ahead log,
    # which the next open replays; an uncommitted transaction is not in it
    assert Path(f"{db}.wal").exists()
    with connect(db) as con:
        assert documents_count(con) == rows_after_restart
        report = ingest_raw_folder(con, raw_dir, "next-run")
        assert report.new_versions == 2 - rows_after_restart
        assert documents_count(con) == 2
        assert con.execute("select count(distinct source_file) from raw.documents").fetchall() == [(2,)]


def documents_count(con) -> int:
    return con.execute("select count(*) from raw.documents").fetchall()[0][0]


def test_an_edit_that_keeps_size_and_mtime_is_seen_with_rehash_all(raw_dir: Path, tmp_path: Path) -> None:
    page = raw_dir / "a.txt"
    with connect(tmp_path / "w.duckdb") as con:
        ingest_raw_folder(con, raw_dir, "run-1")
        before = page.stat()
        page.write_text(page.read_text(encoding="utf-8").replace("Hello", "Jello"), encoding="utf-8")
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # like `touch -r` or `cp -p`
        assert ingest_raw_folder(con, raw_dir, "run-2").new_versions == 0  # trusted (size, mtime)
        report = ingest_raw_folder(con, raw_dir, "run-3", rehash_all=True)
        assert (report.new_versions, report.files_read, report.unchanged) == (1, 2, 1)
        assert "Jello" in documents(con)[-1][2]


# As root, permission bits bind only without the capabilities that override them; capsh drops those for the
# child. The fault is real: the child's open() and listdir() fail with EACCES.
INGEST_SCRIPT = """
import sys
from pathlib import Path
from orchestration.ingestion import ingest_raw_folder
from orchestration.warehouse import connect
with connect(Path(sys.argv[2])) as con:
    report = ingest_raw_folder(con, Path(sys.argv[1]), "restricted-run")
print(report.unlisted, report.deleted, report.rejected)
"""


def ingest_without_permission_overrides(raw_dir: Path, db: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", INGEST_SCRIPT, str(raw_dir), str(db)]
    if os.geteuid() == 0:
        capsh = shutil.which("capsh")
        if capsh is None:
            pytest.skip("running as root without capsh: permissions cannot be made to bind")
        command = [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", shlex.join(command)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)


def test_an_unreadable_raw_folder_fails_and_deletes_nothing(raw_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        ingest_raw_folder(con, raw_dir, "run-1")
    raw_dir.chmod(0o000)
    try:
        restricted = ingest_without_permission_overrides(raw_dir, db)
    finally:
        raw_dir.chmod(0o755)
    assert restricted.returncode != 0
    assert f"raw folder {raw_dir} cannot be listed (Permission denied)" in restricted.stderr
    assert RawFolderUnreadable.__name__ in restricted.stderr
    with connect(db) as con:
        assert [row[:2] for row in documents(con)] == [("a.txt", False), ("sub dir/b é.txt", False)]
        assert documents_count(con) == 2  # no tombstone, no rejection
        assert con.execute("select count(*) from raw.rejected_files").fetchall() == [(0,)]


def test_an_unreadable_sub_folder_keeps_its_pages_and_says_so(raw_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        ingest_raw_folder(con, raw_dir, "run-1")
    (raw_dir / "new.txt").write_text("A page that arrived meanwhile.\n", encoding="utf-8")
    (raw_dir / "sub dir").chmod(0o000)
    try:
        restricted = ingest_without_permission_overrides(raw_dir, db)
    finally:
        (raw_dir / "sub dir").chmod(0o755)
    assert restricted.returncode == 0, restricted.stderr
    assert "[('sub dir', 'Permission denied')] []" in restricted.stdout  # unlisted, nothing deleted
    with connect(db) as con:
        assert [row[:2] for row in documents(con)][-1] == ("new.txt", False)
        assert con.execute("select count(*) from raw.documents where is_deleted").fetchall() == [(0,)]
        [(folder, reason)] = con.execute("select source_file, reason from raw.rejected_files").fetchall()
        assert folder == "sub dir/" and reason.startswith("folder could not be listed (Permission denied)")
        # readable again: nothing new to load, the folder's rejection is cleared by a tombstone
        report = ingest_raw_folder(con, raw_dir, "run-3")
        assert (report.new_versions, report.deleted, report.rejected) == (0, ["sub dir/"], [])


def test_a_rejection_is_retried_after_a_fix_that_keeps_size_and_mtime(raw_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    page = raw_dir / "locked.txt"
    page.write_text("A page nobody may read yet.\n", encoding="utf-8")
    page.chmod(0o000)
    try:
        restricted = ingest_without_permission_overrides(raw_dir, db)
    finally:
        page.chmod(0o644)  # the fix: changes neither size nor mtime
    assert restricted.returncode == 0, restricted.stderr
    assert "('locked.txt', 'could not be read: Permission denied')" in restricted.stdout
    with connect(db) as con:
        report = ingest_raw_folder(con, raw_dir, "run-2")
        assert (report.new_versions, report.rejected) == (1, [])
        assert documents(con)[-1][:2] == ("locked.txt", False)
