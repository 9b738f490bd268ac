"""Publishing the serving copy one page at a time: the cost of each publish, and the files a table keeps.

    uv run python -m bench.serving_parts WAREHOUSE --publishes 40 --out docs/bench_serving_parts.json

On a copy of WAREHOUSE (a built warehouse, e.g. bench.incremental's 100k one; the original is not touched),
each round marks one more document as new in every per-document mart (a new `updated_at`, as a re-read page
gets) and publishes, timing `publish_serving_copy` alone (no Dagster, no dbt). Reports every publish's seconds
and the number of Parquet files of `entity_mentions` after it: with parts merged as in a log-structured store
(orchestration/serving.py, plan_parts) no publish rewrites a large table, where a policy of "rewrite a table
whole every N parts" shows a spike every N publishes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from bench.run_benchmarks import machine
from orchestration.serving import PER_DOCUMENT_TABLES, publish_serving_copy, serving_path, snapshot_folder


def publish_one_page_at_a_time(db: Path, publishes: int) -> list[dict]:
    con = duckdb.connect(str(db), config={"memory_limit": "1GB"})
    target = serving_path(db)
    try:
        publish_serving_copy(con, target)  # the copy as a build leaves it (its files under the copied path)
        documents = [
            row[0] for row in con.execute("select document_id from main.documents order by 1").fetchall()
        ]
        rounds = []
        for number in range(publishes):
            document = documents[number * 7919 % len(documents)]  # spread over the table, deterministic
            for table in PER_DOCUMENT_TABLES:
                con.execute(
                    f"update main.{table} set updated_at = updated_at + interval 1 second where document_id = ?",
                    [document],
                )
            started = time.perf_counter()
            publication = publish_serving_copy(con, target, changed=[])
            seconds = time.perf_counter() - started
            files = len(list(snapshot_folder(target).glob("*/entity_mentions.parquet")))
            rounds.append(
                {"seconds": round(seconds, 3), "entity_mentions_files": files, "written": publication.written}
            )
            print(f"publish {number}: {seconds:.2f} s, entity_mentions in {files} files", flush=True)
        return rounds
    finally:
        con.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--publishes", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("docs/bench_serving_parts.json"))
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dateline-serving-", dir=args.workdir) as scratch:
        db = Path(scratch) / "dateline.duckdb"
        shutil.copy2(args.warehouse, db)
        rounds = publish_one_page_at_a_time(db, args.publishes)
        documents = (
            duckdb.connect(str(db), read_only=True).execute("select count(*) from documents").fetchall()[0][0]
        )
    seconds = [r["seconds"] for r in rounds]
    result = {
        "machine": machine(),
        "documents": documents,
        "publishes": len(rounds),
        "median_seconds": statistics.median(seconds),
        "max_seconds": max(seconds),
        "max_entity_mentions_files": max(r["entity_mentions_files"] for r in rounds),
        "rounds": rounds,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}))


if __name__ == "__main__":
    main()
