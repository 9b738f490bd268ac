"""dbt's unit tests (`unit_tests:` in the models' ymls) against a temporary warehouse, never the user's.

Unit tests need their models' parents to exist, so the parents are built empty first (`--empty`), over a
warehouse holding only the raw schema. Builds skip unit tests (orchestration/assets/dbt.py); this runs them.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.warehouse import connect

pytestmark = pytest.mark.integration

UNIT_TESTED_MODELS = "+entities +int_file_events_ranked"


def run_dbt(arguments: list[str], db_path: Path) -> subprocess.CompletedProcess:
    dbt = str(Path(sys.executable).parent / "dbt")
    return subprocess.run(
        [dbt, *arguments, "--target-path", str(db_path.parent / "target"), "--log-path", str(db_path.parent)],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "DATELINE_DB": str(db_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_dbt_unit_tests_pass(tmp_path: Path) -> None:
    db_path = tmp_path / "dateline.duckdb"
    with connect(db_path):
        pass  # the raw schema, empty
    built = run_dbt(["run", "--select", UNIT_TESTED_MODELS, "--empty"], db_path)
    assert built.returncode == 0, built.stdout[-3000:]
    tested = run_dbt(["test", "--select", "test_type:unit"], db_path)
    assert tested.returncode == 0, tested.stdout[-3000:]
    assert "PASS=3 WARN=0 ERROR=0" in tested.stdout


def test_in_keys_writes_few_keys_out_and_keeps_the_query_for_many(tmp_path: Path) -> None:
    """macros/in_keys.sql: the keys as quoted literals up to its limit (a page's text is then read for those
    rows only), the query itself beyond it, `false` for none."""
    db_path = tmp_path / "dateline.duckdb"
    with connect(db_path):
        pass
    inline = (
        "select {{ in_keys('k', \"select 'o''brien' union all select 'o''brien' union all select 'b'\") }} as few, "
        "{{ in_keys('k', 'select range::varchar from range(5)', limit=3) }} as many, "
        "{{ in_keys('k', 'select 1 where false') }} as none"
    )
    compiled = run_dbt(["compile", "--quiet", "--inline", inline], db_path)
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    written_out = re.search(r"k in \((.*?)\) as few", compiled.stdout)
    assert written_out and sorted(written_out.group(1).split(", ")) == ["'b'", "'o''brien'"]
    assert "k in (select range::varchar from range(5)) as many" in compiled.stdout
    assert "false as none" in compiled.stdout
