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
from orchestration.page_reading import reading_step
from orchestration.serving import serving_path
from orchestration.steps import run_pending
from orchestration.warehouse import connect
from tests.integration.conftest import REPO_ROOT, SAMPLE_PAGES, TempWarehouse
from tests.integration.test_reliability import BUILD_SCRIPT, mart_checksums

pytestmark = pytest.mark.integration


def late_page(number: int) -> str:
    """An article page (the first sample, an article with a wire dateline) with a line of its own."""
    return SAMPLE_PAGES[0].read_text(encoding="utf-8") + f"\nLate update {number}: the talks resumed.\n"


def cli_env(wh: TempWarehouse) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_CRASH_AT", "DAGSTER_HOME")}
    return {**env, "DATELINE_RAW_DIR": str(wh.raw_dir), "DATELINE_DB": str(wh.db_path)}


DAGSTER_MATERIALIZE = [
    str(Path(sys.executable).parent / "dagster"),
    *("asset", "materialize", "-m", "orchestration.definitions", "--select"),
]


def start_materialize(wh: TempWarehouse, selection: str) -> subprocess.Popen:
    """The same, started in the background, its log (stderr) readable line by line."""
    return subprocess.Popen(
        [*DAGSTER_MATERIALIZE, selection],
        cwd=REPO_ROOT,
        env=cli_env(wh),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_log_until(process: subprocess.Popen, marker: str) -> list[str]:
    """Lines of the process's log up to the first holding marker (all of them if none does)."""
    lines = []
    for line in process.stderr:  # ends when the process exits
        lines.append(line)
        if marker in line:
            break
    return lines


def materialize(wh: TempWarehouse, selection: str) -> subprocess.CompletedProcess:
    """`dagster asset materialize` from its own process, as a second user or the sensor would run it."""
    return subprocess.run(
        [*DAGSTER_MATERIALIZE, selection],
        cwd=REPO_ROOT,
        env=cli_env(wh),
        capture_output=True,
        text=True,
        timeout=600,
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
    add_pages(wh.raw_dir, 20)

    # 1. A full build pauses right after its ingestion committed (a test hook); a page lands and a second
    #    process runs the ingestion; once the second says it waits for the first, the first goes on.
    release = tmp_path / "release-the-first-build"
    first = subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(wh.raw_dir), str(wh.db_path)],
        cwd=REPO_ROOT,
        env={
            **cli_env(wh),
            "DATELINE_PAUSE_AT": "ingestion:after-commit",
            "DATELINE_PAUSE_UNTIL": str(release),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    second = None
    try:
        reached = Path(f"{release}.reached")
        deadline = time.monotonic() + 300
        while not reached.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # until the first build's ingestion has committed and it waits at the hook
        assert reached.exists(), "the first build never reached the end of its ingestion"
        (wh.raw_dir / "late one.txt").write_text(late_page(1), encoding="utf-8")
        second = start_materialize(wh, "raw_documents")
        # bounded: the second ends after the first, which the test releases
        log = read_log_until(second, "waiting for another build of")
        release.touch()  # the second build waits for the first one's whole run (or has ended): let it go on
        log.extend(second.stderr)
        assert second.wait(timeout=600) == 0, "".join(log)[-3000:]
        assert first.wait(timeout=600) == 0
    finally:
        release.touch()
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, 9) if process is first else process.kill()
    assert any("waiting for another build of" in line for line in log)  # the overlap really happened
    assert wh.query("select count(*) from raw.documents where source_file = 'late one.txt'") == [(1,)]
    assert page_row(wh, "late one.txt") == []  # ingested after the first build: not in its marts

    # 2. Pages read but not yet extracted (entities, timexes) stay out of the marts of a dbt-only run
    #    (`documents*`): the incremental entity_mentions and timeline would skip them from then on.
    (wh.raw_dir / "late two.txt").write_text(late_page(2), encoding="utf-8")
    with connect(wh.db_path) as con:
        assert ingest_raw_folder(con, wh.raw_dir, "ingest-and-read-only").new_versions == 1
        run_pending(con, reading_step())  # both late pages are read now; neither is extracted
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
    dbt_only = start_materialize(wh, "documents")
    try:
        assert holder.stdout.readline().strip() == "locked"
        log = read_log_until(dbt_only, DBT_STEP_STARTED)
        if log and DBT_STEP_STARTED in log[-1]:
            time.sleep(3)  # the dbt step is running and the file is locked by someone else
            holder.communicate("release\n", timeout=60)
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
