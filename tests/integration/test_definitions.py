"""The code location loads (the equivalent of `dagster definitions validate`) and is wired as documented."""

import re
from pathlib import Path

import dagster as dg
import pytest

from orchestration.assets.automation import BUILD_RUN_TAG
from orchestration.definitions import build_definitions
from orchestration.extractor_versions import ENTITIES_VERSION, READER_VERSION, TIMEXES_VERSION
from orchestration.sensors import raw_folder_fingerprint
from orchestration.settings import Settings
from orchestration.warehouse import MART_TABLES

pytestmark = pytest.mark.integration


@pytest.fixture
def defs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dg.Definitions:
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "w.duckdb"))
    (tmp_path / "raw").mkdir()
    return build_definitions(Settings(raw_dir=tmp_path / "raw", db_path=tmp_path / "w.duckdb"))


def test_module_definitions_load() -> None:
    from orchestration import definitions

    dg.Definitions.validate_loadable(definitions.defs)


def test_lineage_runs_from_raw_files_to_marts(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw_documents", "page_segments", "documents", "articles", "headlines", "rejected_files"} <= keys
    upstream_of_headlines = graph.get(dg.AssetKey("headlines")).parent_keys
    assert dg.AssetKey("documents") in upstream_of_headlines
    staging = graph.get(dg.AssetKey("stg_raw__documents")).parent_keys
    assert staging == {dg.AssetKey("raw_documents")}
    checks = {key.name for key in graph.asset_check_keys}
    assert any(name.startswith("unique_in_table_documents_document_id") for name in checks)
    assert any(name.startswith("accepted_values_headlines_role") for name in checks)
    # the serving copy follows the one model that reads every mart (skipped when dbt had nothing to do)
    assert graph.get(dg.AssetKey("serving_copy")).parent_keys == {dg.AssetKey("mart_row_counts")}
    assert graph.get(dg.AssetKey("mart_row_counts")).parent_keys >= {dg.AssetKey(t) for t in MART_TABLES}


def test_extraction_steps_carry_their_extractor_version(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    versions = {
        "page_segments": READER_VERSION,
        "extracted_entity_mentions": ENTITIES_VERSION,
        "extracted_timexes": TIMEXES_VERSION,
    }
    for key, version in versions.items():
        assert graph.get(dg.AssetKey(key)).code_version == version


def test_job_and_sensor(defs: dg.Definitions, tmp_path: Path) -> None:
    assert defs.resolve_job_def("build_warehouse") is not None
    sensor = defs.resolve_sensor_def("raw_folder_sensor")
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=raw_folder_fingerprint(tmp_path / "raw"))
        assert isinstance(sensor(context), dg.SkipReason)  # nothing changed since the cursor
        (tmp_path / "raw" / "page.txt").write_text("A page.\n", encoding="utf-8")
        context = dg.build_sensor_context(instance=instance, cursor=context.cursor)
        request = sensor(context)
        assert isinstance(request, dg.RunRequest)
        assert (
            request.run_key == f"1-{raw_folder_fingerprint(tmp_path / 'raw')}"
        )  # a key of its own per change


def test_marts_follow_by_declarative_automation_and_checks_say_what_they_cover(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    for key in ("page_segments", "extracted_timexes", "documents", "timeline", "serving_copy"):
        assert graph.get(dg.AssetKey(key)).automation_condition is not None, key
    assert graph.get(dg.AssetKey("raw_documents")).automation_condition is None  # the raw-folder sensor's
    # ... except what a build did or left alone (tests/unit/test_automation.py): its runs carry the tag
    assert defs.resolve_job_def("build_warehouse").run_tags.get(BUILD_RUN_TAG) == "true"
    sensor = defs.resolve_sensor_def("marts_follow_raw_tables")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    descriptions = {key.name: graph.get_check_spec(key).description for key in graph.asset_check_keys}
    assert all(descriptions.values()), [name for name, text in descriptions.items() if not text]
    unique = next(
        text
        for name, text in descriptions.items()
        if name.startswith("unique_in_table_documents_document_id")
    )
    assert "whole table" in unique and "rows written since the last dbt build" in unique
    assert "DATELINE_FRESHNESS_HOURS" in descriptions["raw_folder_is_fresh"]
    assert defs.resolve_schedule_def("raw_folder_freshness_schedule").cron_schedule == "0 * * * *"
    # Markdown in the UI: no bare <placeholder> that it would swallow as an HTML tag
    serving = graph.get(dg.AssetKey("serving_copy")).description
    assert not re.search(r"(?<!`)<[a-z ]+>(?!`)", serving) and "`<stem>_serving.duckdb`" in serving
