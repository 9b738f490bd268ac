"""`dateline` command line: what the warehouse holds, and scoring against gold sets.

dateline build              build the warehouse (what `make build` runs)
dateline summary            row counts of every mart, and how to open the UI
dateline chronology [NAME]  an HTML timeline of the dated events (around one entity)
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
from pathlib import Path

import duckdb

from orchestration.serving import serving_path
from orchestration.settings import PROJECT_ROOT, settings_from_env
from orchestration.warehouse import MART_TABLES


def mart_row_counts(db_path: Path) -> dict[str, int | None]:
    """Rows per mart table (None where the table does not exist yet), read-only."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        existing = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        }
        counts: dict[str, int | None] = {}
        for table in MART_TABLES:
            # table names come from the constant above, never from input
            counts[table] = (
                con.execute(f"select count(*) from main.{table}").fetchall()[0][0]
                if table in existing
                else None
            )
        return counts
    finally:
        con.close()


def summary(_args: argparse.Namespace) -> int:
    settings = settings_from_env()
    if not settings.db_path.exists():
        print(f"no warehouse at {settings.db_path}: run `make build` first", file=sys.stderr)
        return 1
    print(f"warehouse: {settings.db_path}")
    print(f"raw folder: {settings.raw_dir}")
    for table, count in mart_row_counts(settings.db_path).items():
        print(f"  {table:<16} {'(not built)' if count is None else f'{count:>8} rows'}")
    print("Dagster UI:  make ui   (then open http://127.0.0.1:3000)")
    print(f"SQL, BI:     {sql_shell_hint(serving_path(settings.db_path))}   (the serving copy; see README)")
    return 0


def sql_shell_hint(serving: Path) -> str:
    """How to query the serving copy from a shell: the DuckDB CLI when it is installed, else this project's
    Python (duckdb is one of its dependencies), through uv from anywhere."""
    if shutil.which("duckdb"):
        return f"duckdb -readonly {shlex.quote(str(serving))}"
    code = f"import duckdb; print(duckdb.connect({str(serving)!r}, read_only=True).sql('show tables'))"
    project = (
        ""
        if Path.cwd().resolve().is_relative_to(PROJECT_ROOT)
        else f"--project {shlex.quote(str(PROJECT_ROOT))} "
    )
    # double quotes read best (the code's own strings are in single ones); shlex's quoting where the path
    # holds what a double-quoted shell word would expand or end on
    quoted = f'"{code}"' if not set(code) & set('"$`\\!') else shlex.quote(code)
    return f"uv run {project}python -c {quoted}"


def build(args: argparse.Namespace) -> int:
    from orchestration.build_run import run_build

    settings = settings_from_env()
    reextract = [step for step in (args.reextract or "").split(",") if step]
    try:
        succeeded = run_build(settings, rehash=args.rehash, reextract=reextract)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if not succeeded:
        return 1
    return summary(args)


def evaluate(args: argparse.Namespace) -> int:
    if args.task == "pages":
        from orchestration.eval.pages import evaluate_pages  # heavy imports only for eval

        print(evaluate_pages(args.dataset_dir, args.db_dir, per_page=args.per_page))
        return 0
    if args.task == "titles":
        from orchestration.eval.pages import evaluate_titles

        print(evaluate_titles(args.dataset_dir, args.db))
        return 0
    from orchestration.eval.warehouse import evaluate as run_evaluation

    print(run_evaluation(args.task, args.dataset_dir, args.db))
    return 0


def chronology(args: argparse.Namespace) -> int:
    from orchestration.chronology import chronology_page, default_output_path, write_chronology

    db_path = settings_from_env().db_path
    if not db_path.exists():
        print(f"no warehouse at {db_path}: run `make build` first", file=sys.stderr)
        return 1
    try:
        if args.out == "-":  # the page on standard output, what it holds on standard error
            page, count = chronology_page(db_path, args.entity)
            sys.stdout.write(page)
            print(f"{count} dated events", file=sys.stderr)
            return 0
        out = Path(args.out) if args.out else default_output_path(db_path, args.entity)
        count = write_chronology(db_path, args.entity, out)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {out} ({count} dated events)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("summary", help="row counts of the marts and how to open the UI").set_defaults(
        run=summary
    )
    building = commands.add_parser(
        "build",
        help="build the warehouse from the raw folder (what `make build` runs): progress on the terminal, "
        "Dagster's whole log in <warehouse folder>/logs/",
    )
    building.add_argument(
        "--rehash",
        action="store_true",
        help="read and hash every raw file, also those whose size and mtime match",
    )
    building.add_argument(
        "--reextract",
        metavar="STEP[,STEP]",
        help="re-extract every page with these steps: page_segments, extracted_entity_mentions, extracted_timexes",
    )
    building.set_defaults(run=build)
    scoring = commands.add_parser(
        "eval",
        help="build a warehouse over DATASET_DIR/raw with the real pipeline and score it against gold.jsonl",
        description="entities, timex: DATASET_DIR/raw + gold.jsonl; titles: raw + docs.jsonl; "
        "pages: raw_text + raw_html + gold.jsonl (article bodies, one warehouse each)",
    )
    scoring.add_argument("task", choices=["entities", "timex", "pages", "titles"])
    scoring.add_argument("dataset_dir", type=Path, help="folder holding the data set (see above)")
    scoring.add_argument("--db", type=Path, help="keep the warehouse in this file (default: a temporary one)")
    scoring.add_argument(
        "--db-dir", type=Path, help="pages: keep raw_text.duckdb and raw_html.duckdb in this folder"
    )
    scoring.add_argument("--per-page", action="store_true", help="pages: each page's P/R for every system")
    scoring.set_defaults(run=evaluate)
    timeline = commands.add_parser("chronology", help="write an HTML timeline of the events around an entity")
    timeline.add_argument("entity", nargs="?", help="entity name or alias (default: every dated event)")
    timeline.add_argument(
        "--out",
        help="HTML file to write, - for standard output (default: chronology-<entity>.html beside the "
        "warehouse file, e.g. warehouse/chronology-kim-jong-un.html)",
    )
    timeline.set_defaults(run=chronology)
    args = parser.parse_args(argv)
    if args.command == "eval" and (args.db_dir or args.per_page) and args.task != "pages":
        parser.error("--db-dir and --per-page go with `eval pages`")
    if args.command == "eval" and args.db and args.task == "pages":
        parser.error("`eval pages` builds two warehouses: keep them with --db-dir")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
