"""`dateline summary`'s hint for a SQL shell, and where `dateline chronology` writes by default."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration import cli
from orchestration.serving import serving_path
from orchestration.settings import PROJECT_ROOT


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A warehouse file with a one-event timeline and one entity, and a serving copy beside it."""
    db_path = tmp_path / "warehouse" / "dateline.duckdb"
    db_path.parent.mkdir()
    con = duckdb.connect(str(db_path))
    con.execute(
        "create table entities as select 'e1' as entity_id, 'Kim Jong Un' as name, ['Kim Jong-un'] as aliases, "
        "3 as mention_count"
    )
    con.execute(
        "create table timeline as select date '2025-12-01' as date_start, date '2025-12-01' as date_end, "
        "'2025-12-01' as value, 'Monday' as text, 'Kim spoke on Monday.' as sentence, 'a.txt' as source_file, "
        "'DATE' as timex_type, ['e1'] as entity_ids, 0 as start_char"
    )
    con.close()
    con = duckdb.connect(str(serving_path(db_path)))
    con.execute("create table documents as select 'a.txt' as source_file")
    con.close()
    monkeypatch.setenv("DATELINE_DB", str(db_path))
    monkeypatch.setenv("DATELINE_RAW_DIR", str(tmp_path / "raw"))
    return db_path


def sql_hint(output: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith("SQL, BI:"))
    return line.removeprefix("SQL, BI:").split("   (the serving copy")[0].strip()


def test_summary_suggests_the_duckdb_cli_when_it_is_installed(warehouse, monkeypatch, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/duckdb" if name == "duckdb" else None)
    assert cli.main(["summary"]) == 0
    assert sql_hint(capsys.readouterr().out) == f"duckdb -readonly {serving_path(warehouse)}"


@pytest.mark.parametrize("where", ["repository", "elsewhere"])
def test_summary_suggests_a_python_one_liner_without_the_cli(warehouse, monkeypatch, capsys, where) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.chdir(PROJECT_ROOT if where == "repository" else warehouse.parent)
    assert cli.main(["summary"]) == 0
    hint = sql_hint(capsys.readouterr().out)
    assert "duckdb -readonly" not in hint
    words = shlex.split(hint)
    expected = ["uv", "run", "python", "-c"]
    if where == "elsewhere":  # uv finds the project from the current directory: name it
        expected = ["uv", "run", "--project", str(PROJECT_ROOT), "python", "-c"]
    assert words[:-1] == expected
    # The one-liner works with this project's Python (what `uv run python` runs).
    done = subprocess.run([sys.executable, "-c", words[-1]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "documents" in done.stdout


def test_summary_one_liner_survives_quotes_in_the_path(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    odd = tmp_path / 'it\'s a "folder"' / "dateline_serving.duckdb"
    odd.parent.mkdir()
    duckdb.connect(str(odd)).close()
    code = shlex.split(cli.sql_shell_hint(odd))[-1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_chronology_writes_beside_the_warehouse_by_default(warehouse, tmp_path, monkeypatch, capsys) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli.main(["chronology", "Kim Jong Un"]) == 0
    page = warehouse.parent / "chronology-kim-jong-un.html"
    assert "Kim spoke on Monday." in page.read_text(encoding="utf-8")
    assert f"wrote {page} (1 dated events)" in capsys.readouterr().out
    assert cli.main(["chronology"]) == 0
    assert (warehouse.parent / "chronology-all.html").exists()
    assert list(elsewhere.iterdir()) == []  # nothing in the current directory


def test_chronology_out_is_taken_from_the_current_directory_or_is_stdout(
    warehouse, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["chronology", "Kim Jong-un", "--out", "kim.html"]) == 0
    assert (tmp_path / "kim.html").exists()
    capsys.readouterr()
    assert cli.main(["chronology", "--out", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("<!doctype html>") and "Kim spoke on Monday." in captured.out
    assert "1 dated events" in captured.err


def test_chronology_of_an_unknown_entity_or_without_a_warehouse_fails(
    warehouse, tmp_path, monkeypatch, capsys
) -> None:
    assert cli.main(["chronology", "Nobody"]) == 1
    assert "no entity named 'Nobody'" in capsys.readouterr().err
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "none.duckdb"))
    assert cli.main(["chronology"]) == 1
    assert "run `make build` first" in capsys.readouterr().err
