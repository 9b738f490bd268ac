"""A sensor on the raw folder: a run for every change (file added, edited or removed)."""

import hashlib
from pathlib import Path

import dagster as dg

from orchestration.ingestion import scan_raw_folder


def raw_folder_fingerprint(raw_dir: Path) -> str:
    """A hash of every file's path, size and modification time: it changes when anything in the folder does."""
    scan = scan_raw_folder(raw_dir)
    digest = hashlib.sha256()
    for f in scan.files:
        digest.update(f"{f.source_file}\0{f.size_bytes}\0{f.modified_ns}\n".encode())
    for name, _reason in scan.skipped:
        digest.update(f"{name}\0skipped\n".encode())
    for folder, _reason in scan.unlisted:
        digest.update(f"{folder}\0unlisted\n".encode())
    return digest.hexdigest()


def build_raw_folder_sensor(job, raw_dir: Path) -> dg.SensorDefinition:
    @dg.sensor(
        job=job,
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Launches the build when files in the raw folder are added, changed or removed.",
    )
    def raw_folder_sensor(context: dg.SensorEvaluationContext):
        if not raw_dir.is_dir():
            return dg.SkipReason(f"raw folder {raw_dir} does not exist")
        fingerprint = raw_folder_fingerprint(raw_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("no change in the raw folder")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return raw_folder_sensor
