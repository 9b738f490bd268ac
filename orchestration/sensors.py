"""A sensor on the raw folder: a run for every change (file added, edited or removed).

The cursor holds the folder's fingerprint and a change counter, ``{"fingerprint": …, "change": n}``. Every
time the fingerprint differs from the cursor's the counter goes up and the run key is ``<n>-<fingerprint>``:
unique per change, so a folder that returns to an earlier state (a page added, then deleted) still gets its
run, which Dagster would skip for a run key it has used before. Re-evaluating a tick whose cursor was not
saved (a daemon killed in between) yields the same key, so that run is not launched twice.

When the sensor is switched on for the first time (an empty cursor) it launches a run only if the folder may
not be what the warehouse last loaded: it looks at the last run in this Dagster instance that loaded the raw
folder, which must have succeeded (the fingerprint tag of a run this sensor launched; for a `make build` or a
UI run, whether anything in the folder changed after that run started). It never opens the warehouse file (a
reader would block a build). Stopping and starting the sensor keeps its cursor, so a switch-on with nothing new
launches nothing either.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.ingestion import RawFolderUnreadable, scan_raw_folder
from orchestration.settings import DEFAULT_SENSOR_INTERVAL_S

# Tags of every run the sensor launches: the folder state it was launched for, and the change's number.
FINGERPRINT_TAG = "dateline/raw_fingerprint"
CHANGE_TAG = "dateline/raw_change"
SENSOR_NAME = "raw_folder_sensor"
# The asset that loads the raw folder, and the one that publishes the marts (skipped when nothing changed).
_INGESTION_KEY = dg.AssetKey("raw_documents")
_PUBLICATION_KEY = dg.AssetKey("serving_copy")
# File systems with coarse timestamps round modification times down: count a change this close to a run's
# start as made after it.
_MTIME_SLACK_NS = 2_000_000_000


def raw_folder_fingerprint(raw_dir: Path) -> str:
    """A hash of every file's path, size and modification time: it changes when anything in the folder does."""
    scan = scan_raw_folder(raw_dir)
    digest = hashlib.sha256()
    lines = scan.frame.select(
        pl.concat_str(["source_file", "size_bytes", "modified_ns"], separator="\0") + "\n"
    ).to_series()
    digest.update("".join(lines.to_list()).encode())
    for name, _reason in scan.skipped:
        digest.update(f"{name}\0skipped\n".encode())
    for folder, _reason in scan.unlisted:
        digest.update(f"{folder}\0unlisted\n".encode())
    return digest.hexdigest()


def empty_folder_fingerprint() -> str:
    return hashlib.sha256().hexdigest()


def newest_change_ns(raw_dir: Path) -> int:
    """The latest modification time in the folder: of a file (an edit) or of a folder (a file added,
    removed or renamed in it), hidden entries left out as the build leaves them out."""
    newest = raw_dir.stat().st_mtime_ns
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in [*dirnames, *filenames]:
            if name.startswith("."):
                continue
            try:
                newest = max(newest, os.lstat(os.path.join(dirpath, name)).st_mtime_ns)
            except OSError:
                continue  # gone since it was listed: its folder's time says so
    return newest


def parse_cursor(cursor: str | None) -> tuple[str, int] | None:
    """(fingerprint, change) from the cursor; an earlier dateline's cursor was the bare fingerprint."""
    if not cursor:
        return None
    try:
        data = json.loads(cursor)
        return str(data["fingerprint"]), int(data["change"])
    except (ValueError, TypeError, KeyError):
        return cursor.strip(), 0


def format_cursor(fingerprint: str, change: int) -> str:
    return json.dumps({"fingerprint": fingerprint, "change": change}, sort_keys=True)


def _last_change_number(instance: dg.DagsterInstance) -> int:
    """The change number of the latest run this sensor launched (0 if none): a cleared cursor continues from
    it, so its run keys do not repeat earlier ones."""
    runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/sensor_name": SENSOR_NAME}), limit=1)
    try:
        return int(runs[0].tags.get(CHANGE_TAG, 0)) if runs else 0
    except ValueError:
        return 0


def warehouse_reflects(
    instance: dg.DagsterInstance, raw_dir: Path, db_path: Path | None, fingerprint: str
) -> str:
    """Why the warehouse already reflects the folder as it is now, or '' if it may not (then a run is needed),
    judged from the last ingestion recorded in this Dagster instance; never opens the warehouse file."""
    ingested = instance.get_latest_materialization_event(_INGESTION_KEY)
    if ingested is None:
        if fingerprint == empty_folder_fingerprint() and not (db_path and db_path.exists()):
            return "the raw folder is empty and nothing was built yet"
        return ""  # built by another Dagster instance, or never: build
    records = instance.get_run_records(filters=dg.RunsFilter(run_ids=[ingested.run_id]), limit=1)
    if not records or records[0].dagster_run.status != dg.DagsterRunStatus.SUCCESS:
        return ""  # the run that loaded the pages failed after them (the marts may lack them), or still runs
    record = records[0]
    run = record.dagster_run
    if run.asset_selection and _PUBLICATION_KEY not in run.asset_selection:
        # The raw tables alone (a subset from the UI): the marts follow only if a later run published them.
        published = instance.get_latest_materialization_event(_PUBLICATION_KEY)
        if published is None or published.timestamp < ingested.timestamp:
            return ""
    tagged = run.tags.get(FINGERPRINT_TAG)
    if tagged is not None:
        return (
            f"the last build (run {run.run_id}) loaded the folder as it is" if tagged == fingerprint else ""
        )
    # A run the sensor did not launch (`make build`, the UI): it scanned the folder after it started, so it saw
    # every change made before then.
    if (
        record.start_time is not None
        and newest_change_ns(raw_dir) < record.start_time * 1e9 - _MTIME_SLACK_NS
    ):
        return f"nothing in the raw folder changed since the last build (run {run.run_id}) started"
    return ""


def build_raw_folder_sensor(
    job,
    raw_dir: Path,
    db_path: Path | None = None,
    minimum_interval_seconds: int = DEFAULT_SENSOR_INTERVAL_S,
) -> dg.SensorDefinition:
    @dg.sensor(
        name=SENSOR_NAME,
        job=job,
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Launches the build when files in the raw folder are added, changed or removed.",
    )
    def raw_folder_sensor(context: dg.SensorEvaluationContext):
        if not raw_dir.is_dir():
            return dg.SkipReason(f"raw folder {raw_dir} does not exist")
        try:
            fingerprint = raw_folder_fingerprint(raw_dir)
        except RawFolderUnreadable as error:
            return dg.SkipReason(str(error))
        cursor = parse_cursor(context.cursor)
        if cursor is not None and cursor[0] == fingerprint:
            return dg.SkipReason("no change in the raw folder")
        # A cleared cursor (or an earlier dateline's) continues from the last run's change number.
        change = cursor[1] if cursor and cursor[1] else _last_change_number(context.instance)
        if cursor is None:
            reason = warehouse_reflects(context.instance, raw_dir, db_path, fingerprint)
            if reason:
                context.update_cursor(format_cursor(fingerprint, change))
                return dg.SkipReason(f"switched on with nothing new: {reason}")
        change += 1
        context.update_cursor(format_cursor(fingerprint, change))
        return dg.RunRequest(
            run_key=f"{change}-{fingerprint}",
            tags={FINGERPRINT_TAG: fingerprint, CHANGE_TAG: str(change)},
        )

    return raw_folder_sensor
