"""Integration fixtures: a temporary raw folder and warehouse, built by the real Dagster job and dbt."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PAGES = sorted((REPO_ROOT / "raw").glob("*.txt"))


class TempWarehouse:
    """A raw folder and DuckDB file under tmp_path, never the user's."""

    def __init__(self, root: Path) -> None:
        self.raw_dir = root / "raw"
        self.db_path = root / "warehouse" / "dateline.duckdb"
        self.raw_dir.mkdir(parents=True)
        for page in SAMPLE_PAGES:
            shutil.copy2(page, self.raw_dir / page.name)

    def build(self) -> dg.ExecuteInProcessResult:
        defs = build_definitions(Settings(raw_dir=self.raw_dir, db_path=self.db_path))
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        return result

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.db_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def table_checksums(self, tables: tuple[str, ...]) -> dict[str, tuple]:
        """Row count and an order-independent hash of every row (ids and loaded_at included)."""
        return {
            table: self.query(f"select count(*), sum(hash(t)) from main.{table} as t")[0] for table in tables
        }


@pytest.fixture
def temp_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TempWarehouse:
    # build_definitions exports DATELINE_DB for dbt; monkeypatch restores the environment afterwards.
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "unused.duckdb"))
    monkeypatch.setenv("DATELINE_RAW_DIR", str(tmp_path / "unused"))
    return TempWarehouse(tmp_path)
