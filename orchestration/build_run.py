"""`dateline build` (what `make build` runs): the build_warehouse job in this process, on the Dagster instance of
DAGSTER_HOME (so the run shows in the UI's history), printing what orchestration/console.py shows and writing
Dagster's whole log (DEBUG included) to `<warehouse folder>/logs/build-<time>.log`."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import dagster as dg

from orchestration.console import ConsoleReporter, ReporterHandler
from orchestration.settings import Settings

EXTRACTION_STEPS = ("page_segments", "extracted_entity_mentions", "extracted_timexes")
KEPT_LOGS = 20


def build_run_config(rehash: bool, reextract: Sequence[str]) -> dict[str, Any]:
    """The job's run config for `--rehash` and `--reextract STEP,...` (asset configs in assets/raw.py)."""
    unknown = [step for step in reextract if step not in EXTRACTION_STEPS]
    if unknown:
        raise ValueError(
            f"cannot re-extract {', '.join(unknown)}: the steps are {', '.join(EXTRACTION_STEPS)}"
        )
    ops: dict[str, Any] = {}
    if rehash:
        ops["raw_documents"] = {"config": {"rehash_all": True}}
    for step in reextract:
        ops[step] = {"config": {"reextract_all": True}}
    return {"ops": ops, "loggers": {"dateline": {}}}


def new_log_file(db_path: Path, now: datetime) -> Path:
    """A new log file beside the warehouse; the oldest beyond the last KEPT_LOGS are deleted."""
    folder = db_path.parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    for old in sorted(folder.glob("build-*.log"))[: -KEPT_LOGS + 1]:
        old.unlink(missing_ok=True)
    return folder / f"build-{now:%Y%m%d-%H%M%S}.log"


def run_build(
    settings: Settings, rehash: bool = False, reextract: Sequence[str] = (), stream: TextIO | None = None
) -> bool:
    """Build the warehouse, printing to `stream` (standard error, looked up when called); True when every step
    succeeded."""
    stream = stream if stream is not None else sys.stderr
    from orchestration.definitions import build_definitions  # Dagster and dbt: only when building

    run_config = build_run_config(rehash, reextract)
    log_file = new_log_file(settings.db_path, datetime.now())
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    reporter = ConsoleReporter(stream=stream, is_terminal=stream.isatty())

    @dg.logger(description="dateline's console: a line per stage, progress bars; everything in the log file")
    def dateline_console(_init_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.Logger("dateline", level=logging.DEBUG)
        logger.addHandler(file_handler)
        logger.addHandler(ReporterHandler(reporter))
        return logger

    def warning_to_file(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
        file_handler.stream.write(warnings.formatwarning(message, category, filename, lineno, line))

    stream.write(f"building {settings.db_path} from {settings.raw_dir}  (log: {log_file})\n")
    stream.flush()
    shown = warnings.showwarning
    warnings.showwarning = warning_to_file  # Dagster's beta and deprecation notices: the log, not the screen
    try:
        job = build_definitions(settings).resolve_job_def("build_warehouse")
        job = job.with_logger_defs({**job.loggers, "dateline": dateline_console})
        home = os.environ.get("DAGSTER_HOME")
        instance = (
            dg.DagsterInstance.get() if home and Path(home).is_dir() else dg.DagsterInstance.ephemeral()
        )
        # dagster-dbt echoes every dbt log line to stdout: into the log file with the rest
        with (
            instance,
            log_file.open("a", encoding="utf-8", buffering=1) as dbt_output,
            contextlib.redirect_stdout(dbt_output),
        ):
            result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    finally:
        warnings.showwarning = shown
        reporter.finish()
        file_handler.close()
    if not result.success:
        failed = ", ".join(reporter.failed_steps) or "the run"
        stream.write(f"build FAILED in {failed}; the whole log: {log_file}\n")
    return result.success
