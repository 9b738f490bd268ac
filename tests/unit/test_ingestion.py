"""Ingestion against a real (temporary) DuckDB file: versions, reruns, rejections, deletions."""

import os
from pathlib import Path

import pytest

from orchestration.ingestion import ingest_raw_folder, scan_raw_folder
from orchestration.warehouse import connect


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
    files, skipped = scan_raw_folder(raw_dir)
    assert [f.source_file for f in files] == ["a.txt", "sub dir/b é.txt"]
    assert skipped == []


def test_scan_reports_symlinks_and_missing_folder(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "link.txt").symlink_to(raw_dir / "a.txt")
    _files, skipped = scan_raw_folder(raw_dir)
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
