"""What `make build` prints: the stages' own lines, one line per finished step, progress bars."""

import io
import logging
from types import SimpleNamespace

import pytest

from orchestration.build_run import build_run_config
from orchestration.console import ConsoleReporter, progress_bar, progress_of


def record(message: str, level: int = logging.INFO, step: str = "page_segments", event: str | None = None):
    entry = logging.LogRecord("dagster", level, __file__, 1, message, None, None)
    entry.dagster_meta = {
        "step_key": step,
        "orig_message": message,
        "dagster_event": SimpleNamespace(event_type_value=event) if event else None,
    }
    return entry


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_are_parsed_and_drawn() -> None:
    assert progress_of("entities: 400/1000 pages, 9120 mentions") == ("entities", 400, 1000)
    assert progress_of("ingestion: 3 files, 3 new versions") is None
    assert progress_bar(250, 1000, 10.0, width=8) == "[##......] 250/1,000 pages  25.0 pages/s  30 s left"
    assert progress_bar(1000, 1000, 10.0, width=4).endswith("100.0 pages/s")


def test_a_log_shows_stage_lines_quarters_and_step_times_but_not_dagster_chatter() -> None:
    out, clock = io.StringIO(), Clock()
    reporter = ConsoleReporter(stream=out, is_terminal=False, clock=clock)
    reporter.record(record("Started execution", logging.DEBUG, "extracted_entity_mentions", "STEP_START"))
    for done in range(100, 1001, 100):
        clock.now += 1.0
        reporter.record(
            record(f"entities: {done}/1000 pages, {done * 9} mentions", step="extracted_entity_mentions")
        )
    reporter.record(record("Copying partial_parse.msgpack to …", step="dateline_dbt_models"))  # dagster-dbt's
    reporter.record(record("Finished", logging.DEBUG, "extracted_entity_mentions", "STEP_SUCCESS"))
    reporter.record(record("Skipping", logging.DEBUG, "serving_copy", "STEP_SKIPPED"))
    reporter.finish()
    lines = out.getvalue().splitlines()
    assert lines == [
        "  entities     [#######.................] 300/1,000 pages  100.0 pages/s  7 s left",
        "  entities     [############............] 500/1,000 pages  100.0 pages/s  5 s left",
        "  entities     [###################.....] 800/1,000 pages  100.0 pages/s  2 s left",
        "  entities: 1000/1000 pages, 9000 mentions",
        "extracted_entity_mentions    done    10.0 s",
        "serving_copy                 skipped (nothing it depends on changed)",
    ]


def test_warnings_are_shown_up_to_a_limit_and_failures_with_their_message() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(stream=out, is_terminal=False)
    for i in range(15):
        reporter.record(
            record(f"rejected bad{i}.txt: empty file (0 bytes)", logging.WARNING, "raw_documents")
        )
    reporter.record(
        record("dbt test failed:\nnot_null_documents", logging.ERROR, "dateline_dbt_models", "STEP_FAILURE")
    )
    reporter.finish()
    text = out.getvalue()
    assert text.count("rejected bad") == 10
    assert "dateline_dbt_models          FAILED\n  dbt test failed:\n  not_null_documents" in text
    assert "... and 5 more warnings (in the log file)" in text
    assert reporter.failed_steps == ["dateline_dbt_models"]


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(stream=out, is_terminal=True, clock=Clock())
    reporter.record(record("segmentation: 1/2 pages segmented"))
    reporter.record(record("segmentation: 2/2 pages segmented"))
    assert out.getvalue().count("\r\033[K") == 3 and out.getvalue().endswith(
        "segmentation: 2/2 pages segmented\n"
    )


def test_build_options_become_the_jobs_run_config() -> None:
    assert build_run_config(True, ["extracted_timexes"]) == {
        "ops": {
            "raw_documents": {"config": {"rehash_all": True}},
            "extracted_timexes": {"config": {"reextract_all": True}},
        },
        "loggers": {"dateline": {}},
    }
    with pytest.raises(ValueError, match="cannot re-extract timexes"):
        build_run_config(False, ["timexes"])
