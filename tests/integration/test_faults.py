"""Faults between processes: overlapping builds, a dbt-only run, an unreadable raw folder, a foreign lock.

Each reproduces the fault for real (separate processes through the `dagster` CLI, permissions that bind)
and checks the end state against a clean build of the same folder. See docs/reliability.md.
"""

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.ingestion import ingest_raw_folder
from orchestration.pages import segment_pending_pages
from orchestration.serving import serving_path
from orchestration.warehouse import connect
from tests.integration.conftest import REPO_ROOT, SAMPLE_PAGES, TempWarehouse
from tests.integration.test_reliability import BUILD_SCRIPT, mart_checksums

pytestmark = pytest.mark.integration

RAW_DOCUMENTS_DONE = 'Finished execution of step "raw_documents"'


def late_page(number: int) -> str:
    """An article page (the first sample, an article with a wire dateline) with a line of its own."""
    return SAMPLE_PAGES[0].read_text(encoding="utf-8") + f"\nLate update {number}: the talks resumed.\n"


def cli_env(wh: TempWarehouse) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_CRASH_AT", "DAGSTER_HOME")}
    return {**env, "DATELINE_RAW_DIR": str(wh.raw_dir), "DATELINE_DB": str(wh.db_path)}


def materialize(wh: TempWarehouse, selection: str) -> subprocess.CompletedProcess:
    """`dagster asset materialize` from its own process, as a second user or the sensor would run it."""
    dagster = str(Path(sys.executable).parent / "dagster")
    command = [dagster, "asset", "materialize", "-m", "orchestration.definitions", "--select", selection]
    return subprocess.run(
        command, cwd=REPO_ROOT, env=cli_env(wh), capture_output=True, text=True, timeout=600
    )


def add_pages(raw_dir: Path, count: int) -> None:
    """`count` distinct pages (sample pages with one line of their own), so each needs reading and NER."""
    for index in range(count):
        sample = SAMPLE_PAGES[index % len(SAMPLE_PAGES)].read_text(encoding="utf-8")
        (raw_dir / f"added {index:03d}.txt").write_text(
            sample + f"\nCorrection {index}: an earlier version of this story misspelled a name.\n",
            encoding="utf-8",
        )


def page_row(wh: TempWarehouse, name: str) -> list[tuple]:
    return wh.query(
        "select page_kind, page_date, published_date from documents where source_file = ?", [name]
    )


def test_overlapping_builds_and_subset_runs_end_in_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "unused.duckdb"))
    monkeypatch.setenv("DATELINE_RAW_DIR", str(tmp_path / "unused"))
    wh = TempWarehouse(tmp_path / "overlapped")
    add_pages(wh.raw_dir, 60)  # the build is still busy for ~30 s when the second process starts (~10 s)

    # 1. A full build; as soon as its ingestion is done, a page lands and a second process ingests it.
    first = subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(wh.raw_dir), str(wh.db_path)],
        cwd=REPO_ROOT,
        env=cli_env(wh),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        for line in first.stderr:  # ends when the child exits, so this is bounded by the build
            if RAW_DOCUMENTS_DONE in line:
                break
        (wh.raw_dir / "late one.txt").write_text(late_page(1), encoding="utf-8")
        second = materialize(wh, "raw_documents")
        first.stderr.read()
        assert first.wait(timeout=600) == 0
    finally:
        if first.poll() is None:
            os.killpg(first.pid, 9)
    assert second.returncode == 0, second.stderr[-3000:]
    # the second build waited for the first one's whole run, not only for DuckDB's per-connection lock
    assert "waiting for another build of" in second.stderr
    assert wh.query("select count(*) from raw.documents where source_file = 'late one.txt'") == [(1,)]
    assert page_row(wh, "late one.txt") == []  # ingested after the first build: not in its marts

    # 2. Pages read but not yet extracted (entities, timexes) stay out of the marts of a dbt-only run
    #    (`documents*`): the incremental entity_mentions and timeline would skip them from then on.
    (wh.raw_dir / "late two.txt").write_text(late_page(2), encoding="utf-8")
    with connect(wh.db_path) as con:
        assert ingest_raw_folder(con, wh.raw_dir, "ingest-and-read-only").new_versions == 1
        segment_pending_pages(con)  # both late pages are read now; neither is extracted
    dbt_run = materialize(wh, "documents*")
    assert dbt_run.returncode == 0, dbt_run.stderr[-3000:]
    assert page_row(wh, "late one.txt") == [] and page_row(wh, "late two.txt") == []

    # 3. One more full build, and the tables are exactly a clean build's.
    wh.build()
    # read like the sample it copies: same kind and page date (a page dbt took unread had neither)
    assert page_row(wh, "late one.txt") == page_row(wh, SAMPLE_PAGES[0].name)
    assert page_row(wh, "late one.txt")[0][0] == "article" and page_row(wh, "late one.txt")[0][1] is not None
    clean = TempWarehouse(tmp_path / "clean")
    shutil.rmtree(clean.raw_dir)
    shutil.copytree(wh.raw_dir, clean.raw_dir)
    clean.build()
    expected = mart_checksums(clean.db_path)
    assert mart_checksums(wh.db_path) == expected
    assert mart_checksums(serving_path(wh.db_path)) == expected

    # 4. An unreadable raw folder fails the build, naming it; nothing is tombstoned, the copy keeps serving.
    if os.geteuid() == 0 and shutil.which("capsh") is None:
        pytest.skip("running as root without capsh: permissions cannot be made to bind")
    published = mart_checksums(serving_path(wh.db_path), exclude=frozenset())
    raw_rows = wh.query("select count(*) from raw.documents")
    wh.raw_dir.chmod(0o000)
    try:
        command = [sys.executable, "-c", BUILD_SCRIPT, str(wh.raw_dir), str(wh.db_path)]
        if os.geteuid() == 0:  # root: drop the capabilities that override permission bits
            command = [
                "capsh",
                "--drop=cap_dac_override,cap_dac_read_search",
                "--",
                "-c",
                shlex.join(command),
            ]
        unreadable = subprocess.run(
            command, cwd=REPO_ROOT, env=cli_env(wh), capture_output=True, text=True, timeout=600
        )
    finally:
        wh.raw_dir.chmod(0o755)
    assert unreadable.returncode == 1
    assert f"raw folder {wh.raw_dir} cannot be listed (Permission denied)" in unreadable.stderr
    assert wh.query("select count(*) from raw.documents") == raw_rows
    assert mart_checksums(wh.db_path) == expected
    assert mart_checksums(serving_path(wh.db_path), exclude=frozenset()) == published

    # 5. dbt waits for a lock held outside dateline (a DuckDB shell on the warehouse) instead of failing.
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(wh.db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    dagster = str(Path(sys.executable).parent / "dagster")
    dbt_only = subprocess.Popen(
        [dagster, "asset", "materialize", "-m", "orchestration.definitions", "--select", "documents"],
        cwd=REPO_ROOT,
        env=cli_env(wh),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        log = []
        for line in dbt_only.stderr:
            log.append(line)
            if DBT_STEP_STARTED in line:
                time.sleep(3)  # the dbt step is running and the file is locked by someone else
                holder.communicate("release\n", timeout=60)
                break
        log.extend(dbt_only.stderr)
        assert dbt_only.wait(timeout=600) == 0, "".join(log)[-3000:]
    finally:
        for process in (holder, dbt_only):
            if process.poll() is None:
                process.kill()
                process.wait(timeout=60)
    assert holder.returncode == 0  # it held the lock until told to release it
    assert mart_checksums(wh.db_path) == expected


DBT_STEP_STARTED = 'Started execution of step "dateline_dbt_models"'
LOCK_HOLDER = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
    "sys.stdin.readline(); con.close()"
)
