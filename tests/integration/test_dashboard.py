"""The dashboard for real: its queries on a built warehouse's serving copy, then Apache Superset serving it.

`make dashboard` runs as a user runs it (its own environment installed by dashboard/setup.sh when missing), on
a free port of 127.0.0.1, over a warehouse built here from the sample pages, the fixture pages and one file
that is rejected. Superset's chart-data API must return rows for every chart, the SQL it runs must give the
same rows through duckdb-engine, and headless Chromium must draw every chart with data.
"""

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool

from orchestration.serving import serving_path
from tests.integration.conftest import REPO_ROOT, TempWarehouse

pytestmark = pytest.mark.integration

DASHBOARD = REPO_ROOT / "dashboard"
BUNDLE = DASHBOARD / "bundle"
DASHBOARD_PYTHON = DASHBOARD / ".venv" / "bin" / "python"
FIXTURE_PAGES = sorted((REPO_ROOT / "tests" / "fixtures" / "pages").glob("*.txt"))
START_TIMEOUT_S = 300  # a first start migrates Superset's metadata database: half a minute here
TIMELINE_TABLE = "Entity timeline: dated expressions"


def load_serve_module():
    """dashboard/serve.py, whose top level needs only the standard library."""
    spec = importlib.util.spec_from_file_location("dashboard_serve", DASHBOARD / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundle_files(kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((BUNDLE / kind).rglob("*.yaml"))]


def read_only_engine(serving: Path) -> sa.Engine:
    """What Superset is given: duckdb-engine, absolute path, read-only, a new connection per query."""
    return sa.create_engine(f"duckdb:///{serving}?access_mode=read_only", poolclass=NullPool)


def run_sql(serving: Path, sql: str) -> tuple[list[str], list[tuple]]:
    with read_only_engine(serving).connect() as connection:
        result = connection.exec_driver_sql(sql)
        return list(result.keys()), [tuple(row) for row in result.fetchall()]


@pytest.fixture(scope="module")
def dashboard_setup() -> Iterator[subprocess.Popen]:
    """`dashboard/setup.sh --chromium` (Superset's environment, and Debian's chromium and chromium-driver for
    the screenshot), started before the warehouse builds so that the two overlap on a fresh machine."""
    process = subprocess.Popen(
        ["bash", str(DASHBOARD / "setup.sh"), "--chromium"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    yield process
    if process.poll() is None:  # the tests stopped before they needed it
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


@pytest.fixture(scope="module")
def warehouse(dashboard_setup: subprocess.Popen, tmp_path_factory: pytest.TempPathFactory) -> TempWarehouse:
    root = tmp_path_factory.mktemp("dashboard")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DATELINE_DB", str(root / "unused.duckdb"))
        monkeypatch.setenv("DATELINE_RAW_DIR", str(root / "unused"))
        wh = TempWarehouse(root)
        for page in FIXTURE_PAGES:
            shutil.copy2(page, wh.raw_dir / page.name)
        (wh.raw_dir / "broken.txt").write_bytes(b"\x1f\x8b\x08\x00binary")  # one row for "Rejected files"
        wh.build()
    return wh


@pytest.fixture(scope="module")
def serving(warehouse: TempWarehouse) -> Path:
    return serving_path(warehouse.db_path)


def test_serve_finds_the_serving_copy_where_the_build_writes_it(tmp_path: Path) -> None:
    serve = load_serve_module()
    for db_path in (tmp_path / "dateline.duckdb", tmp_path / "w" / "other.db", tmp_path / "nosuffix"):
        assert serve.serving_path(db_path) == serving_path(db_path)


def test_every_dataset_query_returns_rows_with_its_columns(serving: Path) -> None:
    datasets = bundle_files("datasets")
    assert {d["table_name"] for d in datasets} == {
        "totals",
        "pages_per_day",
        "top_entities",
        "entity_timeline",
        "rejected_files",
    }
    for dataset in datasets:
        columns, rows = run_sql(serving, dataset["sql"])
        assert columns == [c["column_name"] for c in dataset["columns"]], dataset["table_name"]
        assert rows, f"{dataset['table_name']} returned no rows"
    _, days = run_sql(serving, next(d["sql"] for d in datasets if d["table_name"] == "pages_per_day"))
    assert sum(pages for _, pages, _ in days) == run_sql(serving, "select count(*) from documents")[1][0][0]


@dataclass
class Superset:
    base: str
    state: Path
    log: Path

    @property
    def password(self) -> str:
        return (self.state / "admin_password").read_text(encoding="utf-8").strip()

    def api(self, path: str, token: str | None = None, body: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{path}: HTTP {error.code} {error.read()[:2000]!r}") from None

    def token(self) -> str:
        body = {"username": "admin", "password": self.password, "provider": "db", "refresh": False}
        return self.api("/api/v1/security/login", body=body)["access_token"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C to the whole group (make, the server, its worker), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def superset(
    dashboard_setup: subprocess.Popen, warehouse: TempWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Superset]:
    output, _ = dashboard_setup.communicate(timeout=900)
    assert dashboard_setup.returncode == 0, output
    print(output, end="")
    state = tmp_path_factory.mktemp("superset_state")
    log = state.parent / "superset.log"
    port = free_port()
    env = {
        **os.environ,
        "DATELINE_DB": str(warehouse.db_path),
        "DASHBOARD_STATE": str(state),
        "DASHBOARD_PORT": str(port),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "dashboard"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    server = Superset(f"http://127.0.0.1:{port}", state, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, (
                f"make dashboard exited:\n{log.read_text(errors='replace')[-4000:]}"
            )
            try:
                with urllib.request.urlopen(server.base + "/health", timeout=5) as response:
                    if response.read() == b"OK":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, (
                f"no /health in {START_TIMEOUT_S} s:\n{log.read_text()[-4000:]}"
            )
            time.sleep(1)
        yield server
    finally:
        stop(process)


def most_mentioned_timeline_entity(serving: Path) -> tuple[str, int]:
    timeline = next(d["sql"] for d in bundle_files("datasets") if d["table_name"] == "entity_timeline")
    _, rows = run_sql(
        serving,
        f"select entity, count(*) from ({timeline}) group by entity order by max(entity_mentions) desc, entity limit 1",
    )
    return rows[0]


def test_superset_returns_rows_for_every_chart_and_its_sql_runs_through_duckdb_engine(
    superset: Superset, serving: Path
) -> None:
    token = superset.token()
    charts = superset.api("/api/v1/dashboard/dateline/charts", token)["result"]
    assert sorted(c["slice_name"] for c in charts) == sorted(c["slice_name"] for c in bundle_files("charts"))
    database = superset.api(
        "/api/v1/database/?q=(filters:!((col:database_name,opr:eq,value:dateline)))", token
    )
    assert database["count"] == 1
    for chart in charts:
        data = superset.api(f"/api/v1/chart/{chart['id']}/data/", token)["result"][0]
        assert data["rowcount"] > 0, chart["slice_name"]
        sql = superset.api(f"/api/v1/chart/{chart['id']}/data/?type=query", token)["result"][0]["query"]
        _, rows = run_sql(serving, sql)
        assert len(rows) == data["rowcount"], (chart["slice_name"], sql)


def test_chromium_shows_every_chart_with_data(superset: Superset, serving: Path, tmp_path: Path) -> None:
    png = tmp_path / "dashboard.png"
    done = subprocess.run(
        [str(DASHBOARD_PYTHON), str(DASHBOARD / "screenshot.py"), superset.base, "--out", str(png)]
        + ["--password-file", str(superset.state / "admin_password"), "--timeout", "150"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    print(f"screenshot: {png}")
    charts = {c["title"]: c for c in report["charts"]}
    assert set(charts) == {c["slice_name"] for c in bundle_files("charts")}
    for title, chart in charts.items():
        assert chart["canvases"] or chart["table_rows"] or chart["number"], title
        assert not chart["error"], (title, chart["error"])
    # the Entity filter defaults to the most mentioned entity, and the timeline table shows its rows only
    entity, expressions = most_mentioned_timeline_entity(serving)
    assert report["entity_filter"] == entity
    assert charts[TIMELINE_TABLE]["table_rows"] == min(expressions, 500)
    assert charts["pages"]["number"].replace(",", "") == str(
        run_sql(serving, "select count(*) from documents")[1][0][0]
    )
    assert report["ink"] > 0.05  # not a blank page


def test_the_running_dashboard_shows_the_next_build(superset: Superset, warehouse: TempWarehouse) -> None:
    """Superset opens the serving copy for every query (no pool, no result cache): a build published while it
    runs is what its next query reads."""
    token = superset.token()
    chart_ids = {
        c["slice_name"]: c["id"] for c in superset.api("/api/v1/dashboard/dateline/charts", token)["result"]
    }

    def pages_shown() -> int:
        return superset.api(f"/api/v1/chart/{chart_ids['pages']}/data/", token)["result"][0]["data"][0][
            "pages"
        ]

    before = pages_shown()
    shutil.copy2(
        REPO_ROOT / "tests" / "fixtures" / "html" / "jsonld_newsarticle.html", warehouse.raw_dir / "new.html"
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DATELINE_DB", str(warehouse.db_path.parent / "unused.duckdb"))
        monkeypatch.setenv("DATELINE_RAW_DIR", str(warehouse.raw_dir.parent / "unused"))
        warehouse.build()
    assert pages_shown() == before + 1
