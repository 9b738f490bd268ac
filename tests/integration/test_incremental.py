"""Work in proportion to change, through the real job: a build with nothing new runs no dbt model and
publishes nothing; a new page runs what depends on it and tests its rows; a new extractor version
re-extracts exactly its stage, and the marts equal a clean build's."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import orchestration.extraction
from bench.mart_checksums import table_checksums
from orchestration.serving import serving_path
from orchestration.warehouse import MART_TABLES
from tests.integration.conftest import REPO_ROOT, TempWarehouse

pytestmark = pytest.mark.integration


def materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def rows_written(result: dg.ExecuteInProcessResult, asset: str, table: str) -> int:
    (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == asset]
    return event.step_materialization_data.materialization.metadata[f"{table}_written"].value


def checks_run(result: dg.ExecuteInProcessResult) -> int:
    """The dbt tests that ran (the raw folder's freshness check runs in every build)."""
    return sum(
        1
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
        and event.event_specific_data.asset_check_key.name != "raw_folder_is_fresh"
    )


def test_no_op_add_one_and_a_version_bump(temp_warehouse: TempWarehouse, tmp_path: Path, monkeypatch) -> None:
    wh = temp_warehouse
    first = wh.build()
    assert {"documents", "serving_copy"} <= materialized(first)
    full_checks = checks_run(first)
    # each model's materialisation carries its row count and column schema (with the dbt column docs)
    (documents,) = [
        e for e in first.get_asset_materialization_events() if e.asset_key.to_user_string() == "documents"
    ]
    metadata = documents.step_materialization_data.materialization.metadata
    assert metadata["dagster/row_count"].value == 3
    columns = {c.name: c for c in metadata["dagster/column_schema"].value.columns}
    assert columns["document_id"].type == "VARCHAR" and columns["document_id"].description
    serving = serving_path(wh.db_path)
    published = serving.stat().st_ino
    recorded = wh.query("select built_at from raw.dbt_build_state")

    # nothing new: no dbt model, no test, no publish
    again = wh.build()
    assert materialized(again) & {*MART_TABLES, "serving_copy", "mart_row_counts"} == set()
    assert checks_run(again) == 0
    assert serving.stat().st_ino == published
    assert wh.query("select built_at from raw.dbt_build_state") == recorded  # dbt did not run

    # one new page, and one deleted (entities lose mentions, some all of them): the marts that depend on
    # them, their tests on the new rows, a partial publish
    shutil.copy2(REPO_ROOT / "tests/fixtures/pages/author_line.txt", wh.raw_dir / "author_line.txt")
    deleted = sorted(wh.raw_dir.glob("*.txt"))[0].name
    (wh.raw_dir / deleted).unlink()
    entities_before = wh.query("select count(*) from entities")[0][0]
    added = wh.build()
    assert wh.query("select count(*) from entity_mentions where source_file = ?", [deleted]) == [(0,)]
    assert wh.query("select count(*) from entities")[0][0] != entities_before
    assert {"documents", "articles", "entity_mentions", "timeline", "serving_copy"} <= materialized(added)
    assert 0 < checks_run(added) <= full_checks
    assert serving.stat().st_ino != published
    reader = duckdb.connect(str(serving), read_only=True)
    try:
        assert reader.execute(
            "select count(*) from documents where source_file = 'author_line.txt'"
        ).fetchall() == [(1,)]
    finally:
        reader.close()

    # a new timex extractor: only the timeline stage runs again, and what reads it
    monkeypatch.setattr(orchestration.extraction, "TIMEXES_VERSION", "test-bumped")
    bumped = wh.build()
    assert {"extracted_timexes", "timeline", "documents"} <= materialized(bumped)
    assert rows_written(bumped, "page_segments", "page_segments") == 0  # nothing read again
    assert rows_written(bumped, "extracted_entity_mentions", "entity_documents") == 0
    assert rows_written(bumped, "extracted_timexes", "timex_documents") == 3  # every current page, once
    # dbt runs the models downstream of documents, which find no row of theirs changed: their serving
    # files are kept, the timeline's rows are written again
    reader = duckdb.connect(str(serving), read_only=True)
    try:
        written = dict(reader.execute("select table_name, written from serving_publication").fetchall())
    finally:
        reader.close()
    # every page's timeline rows (and so its documents row) are new: the old files hold only rows out of date,
    # so those tables are written as one file each
    assert written["timeline"] == "whole" and written["documents"] == "whole"
    assert written["articles"] == written["headlines"] == written["entity_mentions"] == "keep"
    # every current page's rows (the deleted page's stay as they were: it is not current)
    assert wh.query(
        "select distinct extractor_version from raw.timexes semi join main.documents using (content_sha256)"
    ) == [("test-bumped",)]
    assert wh.query("select distinct extractor_version from timeline") == [("test-bumped",)]

    # the same folder built from scratch with the same extractors gives the same marts
    clean = TempWarehouse(tmp_path / "clean")
    shutil.copy2(REPO_ROOT / "tests/fixtures/pages/author_line.txt", clean.raw_dir / "author_line.txt")
    (clean.raw_dir / deleted).unlink()
    clean.build()
    ours, theirs = table_checksums(wh.db_path), table_checksums(clean.db_path)
    assert {k: v for k, v in ours.items() if k.startswith("main.")} == {
        k: v for k, v in theirs.items() if k.startswith("main.")
    }
