"""What `dateline build` (`make build`) prints: a line per stage as it finishes, a progress bar while a per-page
step runs (pages done / total, rate, time left; on a terminal it redraws in place, otherwise a line at every
quarter), the steps' own one-line reports and warnings, and the summary. Dagster's full log goes to a file.

The stages report through `context.log` as `<stage>: <message>`; a step's progress is `<stage>: <done>/<total>
pages…` (orchestration/steps.py). Only lines of the known stages are shown: the file has everything else.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

STAGES = ("ingestion", "segmentation", "entities", "timeline", "dbt", "serving", "lock")
_PROGRESS = re.compile(r"^(?P<stage>\w+): (?P<done>\d+)/(?P<total>\d+) pages")
# Warnings shown on the console before the rest go to the log file only.
MAX_WARNINGS = 10


def progress_of(message: str) -> tuple[str, int, int] | None:
    """(stage, done, total) of a step's progress line, else None."""
    match = _PROGRESS.match(message)
    if not match:
        return None
    return match["stage"], int(match["done"]), int(match["total"])


def progress_bar(done: int, total: int, seconds: float, width: int = 24) -> str:
    """`[#########...............]  400/1,000 pages  12.5 pages/s  48 s left`."""
    share = done / total if total else 1.0
    filled = round(width * share)
    rate = done / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    eta = "" if left is None or done >= total else f"  {_duration(left)} left"
    return f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} pages  {rate:,.1f} pages/s{eta}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class ConsoleReporter:
    """Turns the run's log records into the few lines a person reads."""

    stream: TextIO
    is_terminal: bool
    clock: Callable[[], float] = time.monotonic
    started: dict[str, float] = field(default_factory=dict)
    progress_started: dict[str, float] = field(default_factory=dict)
    quarters_shown: dict[str, int] = field(default_factory=dict)
    warnings_shown: int = 0
    warnings_hidden: int = 0
    bar_open: bool = False
    failed_steps: list[str] = field(default_factory=list)

    def _print(self, line: str) -> None:
        if self.bar_open:
            self.stream.write("\r\033[K")
            self.bar_open = False
        self.stream.write(line + "\n")
        self.stream.flush()

    def record(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        message = str(meta.get("orig_message") or record.getMessage())
        if event is not None:
            self._event(event.event_type_value, step, message)
            return
        if record.levelno < logging.INFO:
            return
        stage = message.split(":", 1)[0]
        if stage not in STAGES:
            if record.levelno >= logging.WARNING and step:
                self._warning(f"  {step}: {message}")
            return
        progress = progress_of(message)
        if progress is not None:
            self._progress(*progress, message, since=self.started.get(step))
        elif record.levelno >= logging.WARNING:
            self._warning(f"  ! {message}")
        else:
            self._print(f"  {message}")

    def _warning(self, line: str) -> None:
        if self.warnings_shown < MAX_WARNINGS:
            self.warnings_shown += 1
            self._print(line)
        else:
            self.warnings_hidden += 1

    def _progress(self, stage: str, done: int, total: int, message: str, since: float | None) -> None:
        now = self.clock()
        # the rate over the step so far (its model loading included), else since its first report
        first = since if since is not None else self.progress_started.setdefault(stage, now)
        bar = f"  {stage:<13}{progress_bar(done, total, now - first)}"
        if self.is_terminal:
            self.stream.write("\r\033[K" + bar)
            self.stream.flush()
            self.bar_open = True
            if done >= total:
                self._print(f"  {message}")
            return
        quarter = 4 * done // total if total else 4
        if quarter > self.quarters_shown.get(stage, -1) and (quarter > 0 or done >= total):
            self.quarters_shown[stage] = quarter
            self._print(bar if done < total else f"  {message}")

    def _event(self, kind: str, step: str, message: str) -> None:
        now = self.clock()
        if kind == "STEP_START":
            self.started[step] = now
        elif kind == "STEP_SUCCESS":
            seconds = now - self.started.get(step, now)
            self._print(f"{step:<28} done  {seconds:6.1f} s")
        elif kind == "STEP_SKIPPED":
            self._print(f"{step:<28} skipped (nothing it depends on changed)")
        elif kind == "STEP_FAILURE":
            self.failed_steps.append(step)
            self._print(f"{step:<28} FAILED")
            self._print("  " + message.strip().replace("\n", "\n  ")[:2000])

    def finish(self) -> None:
        if self.warnings_hidden:
            self._print(f"  ... and {self.warnings_hidden} more warnings (in the log file)")
        if self.bar_open:
            self.stream.write("\n")
            self.bar_open = False


class ReporterHandler(logging.Handler):
    def __init__(self, reporter: ConsoleReporter) -> None:
        super().__init__(level=logging.DEBUG)  # Dagster's step events are DEBUG records
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.reporter.record(record)
        except Exception:  # noqa: BLE001 - the console must never fail the build
            self.handleError(record)
