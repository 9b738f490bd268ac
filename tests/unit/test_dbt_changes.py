"""Which dbt models and tests a build runs: only what is downstream of raw tables with new rows."""

from datetime import datetime
from pathlib import Path

import pytest

from orchestration.dbt_changes import (
    nodes_to_skip,
    plan_dbt_build,
    project_fingerprint,
    record_dbt_build,
    sources_of,
)
from orchestration.warehouse import connect


def source(name: str, **config: str) -> dict:
    return {"source_name": "raw", "name": name, "schema": "raw", "identifier": name, "config": config}


def node(name: str, layer: str, materialized: str = "table", resource_type: str = "model") -> dict:
    return {
        "name": name,
        "resource_type": resource_type,
        "fqn": ["dateline", layer, name],
        "config": {"materialized": materialized},
        "checksum": {"checksum": name},
    }


# documents -> stg_docs (view) -> documents_mart -> test; rejected -> rejected_mart
MANIFEST = {
    "metadata": {"project_name": "dateline"},
    "sources": {
        "source.dateline.raw.documents": source("documents", loaded_at_field="loaded_at"),
        "source.dateline.raw.rejected_files": source(
            "rejected_files", loaded_at_query="select max(seen_at) from raw.rejected_files"
        ),
    },
    "nodes": {
        "model.dateline.stg_docs": node("stg_docs", "staging", "view"),
        "model.dateline.documents_mart": node("documents_mart", "marts"),
        "test.dateline.not_null_documents_mart": node(
            "not_null_documents_mart", "marts", resource_type="test"
        ),
        "model.dateline.rejected_mart": node("rejected_mart", "marts"),
    },
    "macros": {},
    "child_map": {
        "source.dateline.raw.documents": ["model.dateline.stg_docs"],
        "model.dateline.stg_docs": ["model.dateline.documents_mart"],
        "model.dateline.documents_mart": ["test.dateline.not_null_documents_mart"],
        "source.dateline.raw.rejected_files": ["model.dateline.rejected_mart"],
    },
}
MARTS = ("documents_mart", "rejected_mart")


@pytest.fixture
def con(tmp_path: Path):
    with connect(tmp_path / "dateline.duckdb") as connection:  # the raw schema, empty
        for mart in MARTS:
            connection.execute(f"create table main.{mart} (i int)")
        yield connection


def add_document(con, when: str) -> None:
    con.execute(
        "insert into raw.documents (source_file, is_deleted, loaded_at) values ('a.txt', false, ?)",
        [datetime.fromisoformat(when)],
    )


def test_loaded_at_queries_come_from_the_sources_declaration() -> None:
    assert {s.name: s.loaded_at_sql for s in sources_of(MANIFEST)} == {
        "raw.documents": "select max(loaded_at) from raw.documents",
        "raw.rejected_files": "select max(seen_at) from raw.rejected_files",
    }
    broken = {**MANIFEST, "sources": {"source.dateline.raw.x": source("x")}}
    with pytest.raises(ValueError, match="raw.x declares neither loaded_at_field nor loaded_at_query"):
        sources_of(broken)


def test_first_build_then_nothing_new_then_one_source_fresher(con) -> None:
    add_document(con, "2026-01-01 10:00")
    first = plan_dbt_build(con, MANIFEST, MARTS)
    assert first.run_dbt and first.full and "no dbt build recorded" in first.reason
    record_dbt_build(con, first, "run-1")

    nothing = plan_dbt_build(con, MANIFEST, MARTS)
    assert not nothing.run_dbt and nothing.dbt_args == ["build", "--exclude-resource-type", "unit_test"]

    con.execute(
        "insert into raw.rejected_files (source_file, reason, seen_at) values ('b.txt', 'empty', ?)",
        [datetime(2026, 1, 1, 11)],
    )
    rejected = plan_dbt_build(con, MANIFEST, MARTS)
    assert rejected.run_dbt and not rejected.full
    # what does not depend on rejected_files is left out, and the staging view is never re-created
    assert rejected.exclude == ("documents_mart", "not_null_documents_mart", "stg_docs")
    record_dbt_build(con, rejected, "run-2")

    add_document(con, "2026-01-01 12:00")
    documents = plan_dbt_build(con, MANIFEST, MARTS)
    assert documents.exclude == ("rejected_mart", "stg_docs")
    assert documents.watermark == datetime(2026, 1, 1, 12)


def test_a_changed_project_or_a_missing_mart_builds_everything(con) -> None:
    add_document(con, "2026-01-01 10:00")
    record_dbt_build(con, plan_dbt_build(con, MANIFEST, MARTS), "run-1")
    edited = {
        **MANIFEST,
        "nodes": {
            **MANIFEST["nodes"],
            "model.dateline.rejected_mart": node("rejected_mart", "marts", "incremental"),
        },
    }
    assert project_fingerprint(edited) != project_fingerprint(MANIFEST)
    plan = plan_dbt_build(con, edited, MARTS)
    assert plan.full and "project changed" in plan.reason
    con.execute("drop table main.rejected_mart")
    plan = plan_dbt_build(con, MANIFEST, MARTS)
    assert plan.full and "rejected_mart" in plan.reason


def test_nodes_to_skip_keeps_everything_downstream() -> None:
    assert nodes_to_skip(
        MANIFEST, ["source.dateline.raw.documents", "source.dateline.raw.rejected_files"]
    ) == ["stg_docs"]


def test_a_lost_serving_copy_is_published_again_when_nothing_changed(con) -> None:
    add_document(con, "2026-01-01 10:00")
    record_dbt_build(con, plan_dbt_build(con, MANIFEST, MARTS), "run-1")
    plan = plan_dbt_build(con, MANIFEST, MARTS, serving_intact=False)
    assert plan.run_dbt and not plan.full and "serving copy is missing" in plan.reason
    assert "mart_row_counts" not in plan.exclude  # the model the serving copy follows runs, nothing else
    assert set(plan.exclude) == {n["name"] for n in MANIFEST["nodes"].values()}
