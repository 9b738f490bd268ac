"""The raw-folder sensor's decisions, evaluated directly on a Dagster instance in memory (no daemon, no build).

Every change gets a run key of its own, also when the folder returns to an earlier state; an empty cursor
(the sensor switched on for the first time, or its cursor cleared) launches a run only when the last build
recorded in the instance may not have seen the folder as it is. The daemon itself: tests/integration/
test_sensor_daemon.py.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.sensors import (
    CHANGE_TAG,
    FINGERPRINT_TAG,
    SENSOR_NAME,
    build_raw_folder_sensor,
    format_cursor,
    raw_folder_fingerprint,
)

JOB = dg.define_asset_job("build_warehouse")


@dg.asset(name="raw_documents")
def fake_raw_documents() -> None:
    """Stands for the ingestion asset (only its materialization is looked at)."""


@dg.asset(name="serving_copy", deps=[fake_raw_documents])
def fake_serving_copy() -> None:
    """Stands for the last asset of a build, the publication of the marts."""


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    return raw


def evaluate(sensor: dg.SensorDefinition, instance: dg.DagsterInstance, cursor: str | None):
    """(the sensor's result, its new cursor)."""
    context = dg.build_sensor_context(instance=instance, cursor=cursor)
    result = sensor(context)
    return result, context.cursor


def age(*paths: Path, seconds: float = 600) -> None:
    """Set modification times in the past, as a folder that was last changed before a build."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


@dg.asset(name="dateline_dbt_models", deps=[fake_raw_documents])
def fake_failing_dbt() -> None:
    raise RuntimeError("a dbt test failed")


def record_build(
    instance: dg.DagsterInstance, tags: dict[str, str] | None = None, fail: bool = False
) -> None:
    """A run that loaded the folder and published the marts, or that failed after loading it (fail=True)."""
    assets = [fake_raw_documents, fake_failing_dbt] if fail else [fake_raw_documents, fake_serving_copy]
    result = dg.materialize(assets, instance=instance, tags=tags or {}, raise_on_error=False)
    assert result.success != fail


def test_every_change_gets_its_own_run_key_also_back_to_an_earlier_state(instance, raw_dir, tmp_path) -> None:
    sensor = build_raw_folder_sensor(JOB, raw_dir)
    page = tmp_path / "page.txt"
    page.write_text("A page.\n", encoding="utf-8")
    shutil.copy2(page, raw_dir / "page.txt")
    keys, cursor = [], None
    result, cursor = evaluate(sensor, instance, cursor)  # switched on over an unbuilt folder with a page
    assert isinstance(result, dg.RunRequest)
    keys.append(result.run_key)
    for _ in range(2):  # delete, re-add (same size and mtime: the folder's states repeat exactly)
        (raw_dir / "page.txt").unlink(missing_ok=True)
        result, cursor = evaluate(sensor, instance, cursor)
        assert isinstance(result, dg.RunRequest), "a deletion launched nothing"
        keys.append(result.run_key)
        shutil.copy2(page, raw_dir / "page.txt")
        result, cursor = evaluate(sensor, instance, cursor)
        assert isinstance(result, dg.RunRequest), "an addition launched nothing"
        keys.append(result.run_key)
        result, cursor = evaluate(sensor, instance, cursor)
        assert isinstance(result, dg.SkipReason)  # nothing changed since
    assert len(set(keys)) == len(keys) == 5, keys
    fingerprints = {key.split("-", 1)[1] for key in keys}
    assert len(fingerprints) == 2  # two folder states, five changes


def test_edit_launches_a_run(instance, raw_dir) -> None:
    sensor = build_raw_folder_sensor(JOB, raw_dir)
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    _, cursor = evaluate(sensor, instance, None)
    (raw_dir / "page.txt").write_text("A page, edited.\n", encoding="utf-8")
    result, _ = evaluate(sensor, instance, cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.tags[FINGERPRINT_TAG] == raw_folder_fingerprint(raw_dir)


def test_switched_on_over_an_empty_unbuilt_folder_launches_nothing(instance, raw_dir, tmp_path) -> None:
    result, cursor = evaluate(
        build_raw_folder_sensor(JOB, raw_dir, db_path=tmp_path / "w.duckdb"), instance, None
    )
    assert isinstance(result, dg.SkipReason), result
    assert cursor  # the folder's state is recorded: the next page is a change


def test_switched_on_over_an_empty_folder_with_a_warehouse_from_elsewhere_builds(
    instance, raw_dir, tmp_path
) -> None:
    (tmp_path / "w.duckdb").write_bytes(b"")  # built by another Dagster instance: its pages must leave
    result, _ = evaluate(build_raw_folder_sensor(JOB, raw_dir, db_path=tmp_path / "w.duckdb"), instance, None)
    assert isinstance(result, dg.RunRequest)


def test_switched_on_after_its_own_run_of_the_same_state_launches_nothing(instance, raw_dir) -> None:
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    fingerprint = raw_folder_fingerprint(raw_dir)
    record_build(
        instance, {FINGERPRINT_TAG: fingerprint, CHANGE_TAG: "7", "dagster/sensor_name": SENSOR_NAME}
    )
    sensor = build_raw_folder_sensor(JOB, raw_dir)
    result, cursor = evaluate(sensor, instance, None)
    assert isinstance(result, dg.SkipReason), result
    assert cursor == format_cursor(fingerprint, 7)
    (raw_dir / "other.txt").write_text("Another page.\n", encoding="utf-8")
    result, _ = evaluate(sensor, instance, cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.run_key.startswith("8-")  # numbering continues: no key of an earlier run comes back


def test_switched_on_after_its_own_run_of_another_state_builds(instance, raw_dir) -> None:
    record_build(instance, {FINGERPRINT_TAG: raw_folder_fingerprint(raw_dir), CHANGE_TAG: "3"})
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    result, _ = evaluate(build_raw_folder_sensor(JOB, raw_dir), instance, None)
    assert isinstance(result, dg.RunRequest)


def test_switched_on_after_make_build_launches_nothing_unless_the_folder_changed_since(
    instance, raw_dir
) -> None:
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    age(raw_dir / "page.txt", raw_dir)
    record_build(instance)  # no fingerprint tag: `make build`, or a run from the UI
    sensor = build_raw_folder_sensor(JOB, raw_dir)
    result, _ = evaluate(sensor, instance, None)
    assert isinstance(result, dg.SkipReason), result

    (raw_dir / "page.txt").unlink()  # deleted after the build: the folder's time says so
    result, _ = evaluate(sensor, instance, None)
    assert isinstance(result, dg.RunRequest)


def test_switched_on_after_make_build_sees_an_edit_in_a_sub_folder(instance, raw_dir) -> None:
    (raw_dir / "site").mkdir()
    (raw_dir / "site" / "page.txt").write_text("A page.\n", encoding="utf-8")
    age(raw_dir / "site" / "page.txt", raw_dir / "site", raw_dir)
    record_build(instance)
    (raw_dir / "site" / "page.txt").write_text("A page, edited.\n", encoding="utf-8")
    result, _ = evaluate(build_raw_folder_sensor(JOB, raw_dir), instance, None)
    assert isinstance(result, dg.RunRequest)


def test_switched_on_after_a_build_that_had_nothing_to_publish_launches_nothing(instance, raw_dir) -> None:
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    age(raw_dir / "page.txt", raw_dir)
    record_build(instance)
    # A rerun over the same folder: dbt has nothing to do, so the serving copy is not materialised.
    assert dg.materialize([fake_raw_documents], instance=instance).success
    result, _ = evaluate(build_raw_folder_sensor(JOB, raw_dir), instance, None)
    assert isinstance(result, dg.SkipReason), result


def test_switched_on_after_a_run_that_loaded_pages_and_then_failed_builds(instance, raw_dir) -> None:
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    age(raw_dir / "page.txt", raw_dir)
    record_build(instance)
    record_build(instance, fail=True)  # the pages were loaded, the marts were not rebuilt
    result, _ = evaluate(build_raw_folder_sensor(JOB, raw_dir), instance, None)
    assert isinstance(result, dg.RunRequest)


def test_a_cursor_of_the_earlier_sensor_is_read(instance, raw_dir) -> None:
    (raw_dir / "page.txt").write_text("A page.\n", encoding="utf-8")
    sensor = build_raw_folder_sensor(JOB, raw_dir)
    bare = raw_folder_fingerprint(raw_dir)  # what the sensor stored before it counted changes
    result, _ = evaluate(sensor, instance, bare)
    assert isinstance(result, dg.SkipReason)
    (raw_dir / "page.txt").unlink()
    result, _ = evaluate(sensor, instance, bare)
    assert isinstance(result, dg.RunRequest)
    assert result.run_key != raw_folder_fingerprint(raw_dir)


def test_a_missing_folder_is_skipped(instance, tmp_path) -> None:
    result, _ = evaluate(build_raw_folder_sensor(JOB, tmp_path / "nowhere"), instance, None)
    assert isinstance(result, dg.SkipReason)
