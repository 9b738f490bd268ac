"""`make build` (`dateline build`) prints a line per step and the steps' own reports, not Dagster's log: that
goes to a file it names. And the marts keep one name per entity apart from the name as a page writes it."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration import cli
from tests.integration.conftest import SAMPLE_PAGES

pytestmark = pytest.mark.integration


def test_the_build_prints_under_60_lines_and_logs_the_rest(tmp_path: Path, monkeypatch, capsys) -> None:
    raw, db, home = tmp_path / "raw", tmp_path / "warehouse" / "dateline.duckdb", tmp_path / "dagster_home"
    raw.mkdir()
    home.mkdir()
    for page in SAMPLE_PAGES:
        shutil.copy2(page, raw / page.name)
    monkeypatch.setenv("DATELINE_RAW_DIR", str(raw))
    monkeypatch.setenv("DATELINE_DB", str(db))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert cli.main(["build"]) == 0
    captured = capsys.readouterr()
    printed = (captured.out + captured.err).splitlines()
    assert len(printed) < 60, printed
    text = "\n".join(printed)
    assert "entities: 3/3 pages" in text and re.search(r"^dateline_dbt_models +done", text, re.M)
    assert "DEBUG" not in text and "Running with dbt" not in text  # Dagster's and dbt's logs are in the file
    (log_file,) = (db.parent / "logs").glob("build-*.log")
    assert str(log_file) in captured.err.splitlines()[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "STEP_SUCCESS" in logged and "Running with dbt" in logged
    assert "documents" in text and "rows" in text  # the summary

    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = {row[0] for row in con.execute("describe entity_mentions").fetchall()}
        # the per-page spelling says what it is; `entities.name` is the entity's one name
        assert "name_in_document" in columns and "canonical_name" not in columns
        spellings = con.execute(
            "select count(distinct name_in_document), count(distinct entities.name) from entity_mentions "
            "join entities using (entity_id) where entities.name = 'Kim Jong Un'"
        ).fetchall()[0]
    finally:
        con.close()
    assert spellings == (2, 1)  # "Kim Jong Un" and "Kim Jong-un" on the pages, one entity name
