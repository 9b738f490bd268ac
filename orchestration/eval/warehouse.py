"""Build a warehouse over a gold data set's raw folder with the real pipeline, and score its marts.

    dateline eval entities ../shared/bench/conll-dev
    dateline eval timex ../shared/bench/timebank [--db /tmp/timebank.duckdb]

A data set is a folder `raw/*.txt` plus `gold.jsonl` (formats in the bench README of the shared data sets). Line 1 of each file is a synthetic
dateline that anchors the document and is not scored, on either side.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.eval.entities import format_scores, score_entities
from orchestration.eval.timex import format_table, score_timexes
from orchestration.settings import settings_from_env


@dataclass(frozen=True)
class BuiltWarehouse:
    db_path: Path
    seconds: float
    step_seconds: dict[str, float]


def build_warehouse(raw_dir: Path, db_path: Path) -> BuiltWarehouse:
    """Run the build_warehouse job in-process over raw_dir into db_path; fail loudly if any step fails."""
    from orchestration.definitions import build_definitions  # imports dbt and Dagster: only when building

    # the user's settings (workers, memory, limits), with this data set's folder and a warehouse of its own
    settings = replace(settings_from_env(), raw_dir=raw_dir.resolve(), db_path=db_path.resolve())
    defs = build_definitions(settings)
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            instance=instance, raise_on_error=False
        )
        if not result.success:
            failures = [event.message for event in result.all_events if event.is_failure]
            raise RuntimeError(f"building the warehouse over {raw_dir} failed: {failures}")
        step_seconds = {
            stats.step_key: stats.end_time - stats.start_time
            for stats in instance.get_run_step_stats(result.run_id)
            if stats.end_time and stats.start_time
        }
    return BuiltWarehouse(db_path=db_path, seconds=time.perf_counter() - started, step_seconds=step_seconds)


def read_rows(db_path: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def load_gold(dataset_dir: Path) -> list[dict]:
    lines = (dataset_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def first_line_ends(db_path: Path) -> dict[str, int]:
    rows = read_rows(db_path, "select source_file, text from documents")
    return {r["source_file"]: (r["text"].find("\n") if "\n" in r["text"] else len(r["text"])) for r in rows}


def evaluate(task: str, dataset_dir: Path, db_path: Path | None = None) -> str:
    """Build over dataset_dir/raw, score task ("entities" or "timex") against dataset_dir/gold.jsonl."""
    with tempfile.TemporaryDirectory(prefix="dateline-eval-") as scratch:
        target = db_path or Path(scratch) / "eval.duckdb"
        built = build_warehouse(dataset_dir / "raw", target)
        gold = load_gold(dataset_dir)
        line_ends = first_line_ends(target)
        words = read_rows(
            target, "select sum(len(string_split_regex(trim(text), '\\s+'))) as n from documents"
        )[0]["n"]
        if task == "entities":
            predicted = read_rows(
                target,
                "select source_file as doc, start_char as start, end_char as end, text, label from entity_mentions",
            )
            table = format_scores(score_entities(gold, predicted, line_ends))
        else:
            predicted = read_rows(
                target,
                "select source_file as doc, start_char as start, end_char as end, text, timex_type as type, value "
                "from timeline",
            )
            table = format_table(
                {
                    "all": score_timexes(gold, predicted, first_line_ends=line_ends),
                    "DATE": score_timexes(gold, predicted, only_type="DATE", first_line_ends=line_ends),
                }
            )
    steps = ", ".join(f"{key} {seconds:.1f} s" for key, seconds in built.step_seconds.items())
    return f"{table}\n\n{len(line_ends)} documents, {words} words; full build {built.seconds:.1f} s ({steps})"
