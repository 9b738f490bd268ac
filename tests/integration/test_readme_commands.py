"""The README's commands work as written, in a fresh copy of the repository.

Every command of README.md's fenced `sh` blocks and every inline `uv run …` command is classified below: run,
or skipped with the reason. A command the table does not know fails the test (classify it when you add one to
the README). The commands run with `uv run` in a copy of the working tree (the files `git ls-files` lists,
tracked or new), against this environment's .venv without syncing it (UV_NO_SYNC; the copy's code first on
PYTHONPATH), with no DATELINE_* variable set, as in a user's shell. The build is the README's own command
(*Configuration*, with `/data/pages` read as the copy's `raw/` and `/data/pages.duckdb` as its
`warehouse/dateline.duckdb`, the defaults the other commands use); then the other commands, the `sql` blocks
(on the serving copy, read-only) and the `python` blocks (`/abs/path/to/` read as the copy's root).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.integration.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

README = REPO_ROOT / "README.md"
BUILD, RUN, RUN_IF_DUCKDB_CLI, SKIP = "build", "run", "run if the DuckDB CLI is installed", "skip"
MAKE_SKIP = (
    "a make recipe runs `uv sync --frozen` first, which would install this copy into the shared .venv; "
    "the build is run with the README's own build command instead"
)

# (pattern matched at the start of the command, what to do, why)
RULES: list[tuple[str, str, str]] = [
    (r"uv run dateline build\b", BUILD, ""),
    (
        r"DATELINE_RAW_DIR=/data/pages DATELINE_DB=/data/pages\.duckdb uv run dagster asset materialize ",
        BUILD,
        "",
    ),
    (r"(DATELINE_DB=/data/pages\.duckdb )?uv run dateline summary\b", RUN, ""),
    (r"uv run dbt ", RUN, ""),
    (r"uv run dateline chronology ", RUN, ""),
    (r"uv run python -c ", RUN, ""),
    (r"duckdb ", RUN_IF_DUCKDB_CLI, ""),
    (r"make (build|lint)\b", SKIP, MAKE_SKIP),
    (r"make test\b", SKIP, "the suite this test is part of"),
    (r"make ui\b", SKIP, "a server: tests/integration/test_make_ui.py starts and interrupts it"),
    (r"make dashboard\b", SKIP, "a server in its own environment: tests/integration/test_dashboard.py"),
    (r"uv run pytest\b", SKIP, "the suite this test is part of"),
    (
        r"uv run dateline eval ",
        SKIP,
        "needs a data set of ../shared/bench (tests may not) and builds over it",
    ),
    (
        r"uv run dagster asset materialize ",
        SKIP,
        "a second build (minutes of the suite); the first one is run",
    ),
    (r"uv run python -m bench\.", SKIP, "a benchmark (minutes)"),
]


@dataclass(frozen=True)
class Command:
    text: str
    action: str
    reason: str


def readme_commands(text: str) -> tuple[list[Command], list[str], list[str], list[str]]:
    """(the shell commands, classified; the unknown ones; the sql blocks; the python blocks)."""
    fence = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
    shell: list[str] = []
    sql: list[str] = []
    python: list[str] = []
    for match in fence.finditer(text):
        language, body = match[1], match[2]
        if language == "sh":
            shell += [line.strip() for line in body.splitlines() if line.strip() and not line.startswith("#")]
        elif language == "sql":
            sql.append(body)
        elif language == "python":
            python.append(body)
    prose = fence.sub("", text)
    shell += [" ".join(span.split()) for span in re.findall(r"`(uv run [^`]+)`", prose)]
    commands, unknown = [], []
    for line in shell:
        rule = next((r for r in RULES if re.match(r[0], line)), None)
        if rule is None:
            unknown.append(line)
        else:
            commands.append(Command(line, rule[1], rule[2]))
    return commands, unknown, sql, python


def copy_working_tree(destination: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():  # deleted in the working tree but not yet in the index: gone
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def user_environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DAGSTER_", "PYTEST_"))}
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    env["PATH"] = os.pathsep.join([str(Path(uv).parent), env.get("PATH", "")])
    env["UV_PROJECT_ENVIRONMENT"] = sys.prefix  # this environment, not a new .venv in the copy
    env["UV_NO_SYNC"] = "1"  # and leave it as it is (no install of the copy into it)
    env["PYTHONPATH"] = str(root)  # the copy's code before the editable install of this checkout's
    env.pop("VIRTUAL_ENV", None)
    return env


def as_run_here(command: str) -> str:
    """The Configuration section's example paths, read as the copy's defaults."""
    return command.replace("/data/pages.duckdb", "warehouse/dateline.duckdb").replace("/data/pages", "raw")


def run(command: str, cwd: Path, env: dict[str, str], timeout: int = 120) -> tuple[int, str]:
    """Run one command line with bash; on a timeout its whole process group is killed (uv, dbt, dagster)."""
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return -1, f"timed out after {timeout} s\n{output}"
    return process.returncode, output


def failure(command: str, code: int, output: str) -> str:
    return f"$ {command}\n(exit {code})\n{output[-2500:]}"


def test_readme_commands_as_written(tmp_path: Path) -> None:
    commands, unknown, sql_blocks, python_blocks = readme_commands(README.read_text(encoding="utf-8"))
    assert not unknown, f"README commands this test does not know (add them to RULES): {unknown}"
    root = tmp_path / "dateline"
    copy_working_tree(root)
    env = user_environment(root)
    assert not (root / "warehouse").exists()

    builds = [c for c in commands if c.action == BUILD]
    assert builds, "the README lost its build command"
    # The first build command builds the warehouse the others read; a second build of the same pages would
    # cost as much again and show no more.
    code, output = run(as_run_here(builds[0].text), root, env, timeout=300)
    assert code == 0, failure(builds[0].text, code, output)
    assert (root / "warehouse" / "dateline.duckdb").exists()
    print("README commands:", f"  built with: {builds[0].text}", sep="\n")
    for command in builds[1:]:
        print(f"  skipped: {command.text}  (a second build of the same pages)")
    for command in commands:
        if command.action == SKIP or (command.action == RUN_IF_DUCKDB_CLI and not shutil.which("duckdb")):
            print(f"  skipped: {command.text}  ({command.reason or 'the DuckDB CLI is not installed'})")

    failures: list[str] = []
    ran: list[str] = []
    for command in commands:
        if command.action == RUN or (command.action == RUN_IF_DUCKDB_CLI and shutil.which("duckdb")):
            code, output = run(as_run_here(command.text), root, env)
            ran.append(command.text)
            print(f"  ran: {command.text}  (exit {code})")
            if code != 0:
                failures.append(failure(command.text, code, output))
    assert any(c.startswith("uv run dbt docs generate") for c in ran), ran
    if not (root / "dbt_project" / "target" / "catalog.json").exists():
        failures.append("`dbt docs generate` wrote no dbt_project/target/catalog.json")
    # The same profile from inside dbt_project/ (no DATELINE_DB either): the repository's warehouse file.
    code, output = run("cd dbt_project && uv run dbt debug", root, env, timeout=120)
    if code != 0 or "OK connection ok" not in output:
        failures.append(failure("cd dbt_project && uv run dbt debug", code, output))

    serving = root / "warehouse" / "dateline_serving.duckdb"
    for block in sql_blocks:
        con = duckdb.connect(str(serving), read_only=True)
        try:
            con.execute(block).fetchall()
        except duckdb.Error as error:
            failures.append(f"```sql\n{block}```\n{error}")
        finally:
            con.close()
    for number, block in enumerate(python_blocks):
        script = tmp_path / f"readme_block_{number}.py"
        script.write_text(block.replace("/abs/path/to/", f"{root}/"), encoding="utf-8")
        code, output = run(f"uv run python {script}", root, env)
        if code != 0:
            failures.append(failure(f"```python\n{block}```", code, output))

    assert not failures, "\n\n".join(failures)
