"""Checksums of every mart and raw table after a build of each given folder: for changes that must not
change output (a restructuring, a dependency bump). Run it before and after, then compare the JSON files.

    uv run python -m bench.mart_checksums before.json seeds=raw conll=../shared/bench/conll-dev/raw ...
    uv run python -m bench.mart_checksums after.json  seeds=raw conll=../shared/bench/conll-dev/raw ...
    python -c "import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); print(a==b)" before.json after.json

Each folder is built with the real job (orchestration.eval.warehouse.build_warehouse) into its own warehouse
under --workdir; per table, the row count and the sum of `hash(row(...))` over every column except the ones
that record when a row was written. (A folder copied into another checkout gets new file mtimes, which
`raw.documents.modified_ns` records.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import duckdb

from orchestration.eval.warehouse import build_warehouse

WRITE_TIME_COLUMNS = frozenset(
    {
        "loaded_at",
        "seen_at",
        "segmented_at",
        "extracted_at",
        "published_at",
        "run_id",
        # when a row was last written by a step (the marts' change-tracking columns)
        "updated_at",
        "read_at",
        "entities_extracted_at",
        "timexes_extracted_at",
    }
)
# Bookkeeping of builds, not data: what the last dbt build saw.
BOOKKEEPING_TABLES = frozenset({"raw.dbt_build_state"})


def table_checksums(db_path: Path) -> dict[str, list]:
    """{schema.table: [row count, sum of row hashes as text]} for every table of the main and raw schemas."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('main', 'raw') and table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        sums = {}
        for schema, table in tables:
            if f"{schema}.{table}" in BOOKKEEPING_TABLES:
                continue
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if row[0] not in WRITE_TIME_COLUMNS
            ]
            row_expr = ", ".join(f'"{c}"' for c in columns)  # names from the catalog, quoted
            count, total = con.execute(
                f'select count(*), coalesce(sum(hash(row({row_expr}))), 0)::varchar from "{schema}"."{table}"'
            ).fetchall()[0]
            sums[f"{schema}.{table}"] = [count, total]
        return sums
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON file to write")
    parser.add_argument("folders", nargs="+", help="NAME=RAW_DIR, one per folder to build")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where the warehouses go (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dateline-checksums-"))
    result = {}
    for spec in args.folders:
        name, raw_dir = spec.split("=", 1)
        target = workdir / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        built = build_warehouse(Path(raw_dir), target / "dateline.duckdb")
        result[name] = table_checksums(target / "dateline.duckdb")
        print(f"{name}: built in {built.seconds:.1f} s, {len(result[name])} tables", flush=True)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
