"""Benchmark the cost of a build in proportion to change (issue 14): no-op and add-one-page at several
warehouse sizes, re-extraction of one stage after a version bump, and the latency from a file landing in
the raw folder to its rows in the serving copy with the sensor on.

    uv run python -m bench.incremental --out docs/bench_incremental.json --shared ../shared

Sizes (one warehouse path, as a user has; every build the real job in a fresh subprocess, as
bench.run_benchmarks does, so each number includes Python start-up and imports):
- 1k: a cold build of 1,000 distinct generated pages (bench.generate_corpus), then `--runs` no-op builds
  and `--runs` builds that each add one new page.
- 10k: the same with 10,000 distinct pages; then the timex stage's version is bumped (the child sets
  orchestration.extraction.TIMEXES_VERSION) and one build re-extracts it, reported per page against the
  cold build's timeline stage.
- 100k: 90,000 files are added to the 10k folder, each a copy of one of its pages under another name (the
  warehouse then holds 100,000 documents and their marts; extraction is keyed by content, so the growth
  build extracts nothing: a cold build of 100k distinct pages would take about 1.5 h of NER here), then
  the no-op and add-one runs.
- no-op pairs: `--pair-runs` no-op builds of the smallest warehouse and of the 100k one in turn, for the
  ratio of the two in one stretch of time (this VM drifts).
- latency: at 100k, `dagster dev` with the raw-folder sensor on; `--latency-runs` times a new page is
  written and the serving copy polled (read-only, every 0.5 s) until its document is readable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import duckdb

from bench.generate_corpus import compose_page, load_sources, write_corpus
from bench.run_benchmarks import PROJECT, machine, run_child

BUMP_ENV = "DATELINE_BENCH_BUMP_TIMEXES"


def build(raw: Path, db: Path, scratch: Path, label: str, env: dict[str, str] | None = None) -> dict:
    previous = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        return run_child(["child-build", "--raw", str(raw), "--db", str(db)], scratch, label)
    finally:
        for k, v in previous.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def summary(runs: list[dict]) -> dict:
    return {
        "runs": len(runs),
        "process_seconds": statistics.median(r["process_seconds"] for r in runs),
        "job_seconds": statistics.median(r["job_seconds"] for r in runs),
        "process_seconds_all": [round(r["process_seconds"], 2) for r in runs],
        "job_seconds_all": [round(r["job_seconds"], 2) for r in runs],
        "stages": {
            stage: statistics.median(r["steps"].get(stage, 0.0) for r in runs) for stage in runs[0]["steps"]
        },
    }


def noop_and_add_one(
    raw: Path, db: Path, scratch: Path, sources, seed: int, runs: int, first_new: int, log, size: int
) -> dict:
    noop, add_one = [], []
    for run in range(runs):
        noop.append(build(raw, db, scratch, f"noop_{size}_{run}"))
        log(
            f"[{size}] no-op {run}: process {noop[-1]['process_seconds']:.1f} s, job {noop[-1]['job_seconds']:.1f} s {noop[-1]['steps']}"
        )
    for run in range(runs):
        page = compose_page(sources, seed, first_new + run)  # a page no build has seen
        (raw / page.name).write_text(page.text, encoding="utf-8")
        add_one.append(build(raw, db, scratch, f"add_{size}_{run}"))
        log(
            f"[{size}] add-one {run}: process {add_one[-1]['process_seconds']:.1f} s, job {add_one[-1]['job_seconds']:.1f} s {add_one[-1]['steps']}"
        )
    result = {"noop": summary(noop), "add_one": summary(add_one)}
    result["add_one_over_noop_process"] = (
        result["add_one"]["process_seconds"] / result["noop"]["process_seconds"]
    )
    result["add_one_over_noop_job"] = result["add_one"]["job_seconds"] / result["noop"]["job_seconds"]
    return result


def grow(raw: Path, copies: int, log) -> None:
    """Add `copies` files, each a copy of one of the folder's pages under a new name (hard links)."""
    originals = sorted(p for p in raw.iterdir() if p.is_file())
    for i in range(copies):
        source = originals[i % len(originals)]
        os.link(source, raw / f"copy_{i:07d}_{source.name}")
    log(f"added {copies} copies of {len(originals)} pages")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ui_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def document_is_served(serving: Path, source_file: str) -> bool:
    try:
        con = duckdb.connect(str(serving), read_only=True)
    except duckdb.Error:
        return False
    try:
        return bool(
            con.execute("select count(*) from documents where source_file = ?", [source_file]).fetchall()[0][
                0
            ]
        )
    except duckdb.Error:
        return False
    finally:
        con.close()


def sensor_latency(
    raw: Path, db: Path, scratch: Path, sources, seed: int, first_new: int, runs: int, log
) -> dict:
    home = scratch / "dagster_home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "DAGSTER_HOME": str(home), "DATELINE_RAW_DIR": str(raw), "DATELINE_DB": str(db)}
    port = free_port()
    ui = subprocess.Popen(
        [
            "env",
            "--default-signal=INT",
            sys.executable,
            "-m",
            "dagster",
            "dev",
            "-m",
            "orchestration.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=PROJECT,
        env=env,
        stdout=(scratch / "dagster_dev.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    latencies = []
    try:
        deadline = time.monotonic() + 180
        # The UI first: `dagster sensor start` against a fresh DAGSTER_HOME while `dagster dev` creates its
        # storage races it ("table runs already exists") and kills `dagster dev`.
        while not ui_answers(port):
            if ui.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dagster dev did not start; see {scratch / 'dagster_dev.log'}")
            time.sleep(1)
        while True:
            started = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dagster",
                    "sensor",
                    "start",
                    "raw_folder_sensor",
                    "-m",
                    "orchestration.definitions",
                ],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
            )
            if started.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(2)
        log(
            f"sensor start: {started.returncode} {started.stdout.strip()[-200:]} {started.stderr.strip()[-300:]}"
        )
        time.sleep(40)  # let a first tick see the folder as it is
        serving = db.with_name(f"{db.stem}_serving.duckdb")
        for run in range(runs):
            page = compose_page(sources, seed, first_new + run)
            landed = time.monotonic()
            (raw / page.name).write_text(page.text, encoding="utf-8")
            while not document_is_served(serving, page.name):
                if time.monotonic() - landed > 600:
                    raise RuntimeError(
                        f"{page.name} not served after 600 s; see {scratch / 'dagster_dev.log'}"
                    )
                time.sleep(0.5)
            latencies.append(time.monotonic() - landed)
            log(f"latency {run}: {latencies[-1]:.1f} s")
            time.sleep(5)
    finally:
        os.killpg(ui.pid, signal.SIGINT)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
    return {
        "runs": len(latencies),
        "seconds": statistics.median(latencies),
        "seconds_all": [round(x, 1) for x in latencies],
    }


def noop_pairs(scratch: Path, small: int, raw: Path, db: Path, runs: int, log) -> dict:
    """No-op builds of the small warehouse and the 100k one in turn (small, 100k, small, 100k, ...): this VM's
    speed drifts by 10-15 % over minutes, so a ratio of medians taken minutes apart is mostly that drift."""
    small_raw, small_db = scratch / f"raw_{small}", scratch / f"w_{small}" / "dateline.duckdb"
    pairs = []
    for run in range(runs):
        a = build(small_raw, small_db, scratch, f"pair_small_{run}")["process_seconds"]
        b = build(raw, db, scratch, f"pair_100k_{run}")["process_seconds"]
        pairs.append((a, b))
        log(f"no-op pair {run}: {small} pages {a:.2f} s, 100k {b:.2f} s, {b / a:.2f}x")
    return {
        "small_pages": small,
        "runs": runs,
        "small_process_seconds": statistics.median(a for a, _ in pairs),
        "large_process_seconds": statistics.median(b for _, b in pairs),
        "ratio_median_of_pairs": statistics.median(b / a for a, b in pairs),
        "pairs": [[round(a, 2), round(b, 2)] for a, b in pairs],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/bench_incremental.json"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--samples", type=Path, default=Path("raw"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-runs", type=int, default=3)
    parser.add_argument(
        "--pair-runs", type=int, default=5, help="interleaved no-op builds, smallest size against 100k"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    sources = load_sources(args.shared, args.samples)
    results: dict = {"machine": machine(), "command": " ".join(sys.argv), "sizes": {}}

    def save() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")

    with tempfile.TemporaryDirectory(prefix="dateline-incremental-", dir=args.workdir) as scratch_dir:
        scratch = Path(scratch_dir)
        new_page = 10_000_000  # indices of added pages: never in a corpus
        small = [s for s in args.sizes if s < 100_000]
        for size in small:
            raw, db = scratch / f"raw_{size}", scratch / f"w_{size}" / "dateline.duckdb"
            db.parent.mkdir(parents=True)
            write_corpus(sources, raw, size, args.seed)
            cold = build(raw, db, scratch, f"cold_{size}")
            log(f"[{size}] cold: process {cold['process_seconds']:.1f} s {cold['steps']}")
            entry = {"cold": summary([cold])}
            entry.update(
                noop_and_add_one(raw, db, scratch, sources, args.seed, args.runs, new_page, log, size)
            )
            new_page += args.runs
            if size == max(small):
                pages = size + args.runs
                bumped = build(raw, db, scratch, f"reextract_{size}", {BUMP_ENV: "1"})
                log(
                    f"[{size}] timex re-extraction: process {bumped['process_seconds']:.1f} s {bumped['steps']}"
                )
                entry["reextract_timexes"] = {
                    **summary([bumped]),
                    "pages": pages,
                    "stage_ms_per_page": 1000 * bumped["steps"]["timeline"] / pages,
                    "cold_stage_ms_per_page": 1000 * cold["steps"]["timeline"] / size,
                }
            results["sizes"][str(size)] = entry
            save()
            keep_for_pairs = size == min(small) and 100_000 in args.sizes and args.pair_runs
            if (size != max(small) or 100_000 not in args.sizes) and not keep_for_pairs:
                shutil.rmtree(raw)
                shutil.rmtree(db.parent)
        if 100_000 in args.sizes:
            base = max(small)
            raw, db = scratch / f"raw_{base}", scratch / f"w_{base}" / "dateline.duckdb"
            grow(raw, 100_000 - sum(1 for _ in raw.iterdir()), log)
            growth = build(raw, db, scratch, "grow_100k")
            log(f"[100k] growth build: process {growth['process_seconds']:.1f} s {growth['steps']}")
            entry = {"growth_build": summary([growth])}
            entry.update(
                noop_and_add_one(raw, db, scratch, sources, args.seed, args.runs, new_page, log, 100_000)
            )
            new_page += args.runs
            results["sizes"]["100000"] = entry
            save()
            if args.pair_runs:
                results["noop_pairs"] = noop_pairs(scratch, min(small), raw, db, args.pair_runs, log)
                save()
            if args.latency_runs:
                results["sizes"]["100000"]["sensor_latency"] = sensor_latency(
                    raw, db, scratch, sources, args.seed, new_page, args.latency_runs, log
                )
                save()
    sizes = results["sizes"]
    if "1000" in sizes and "100000" in sizes:
        results["noop_100k_over_noop_1k_process"] = (
            sizes["100000"]["noop"]["process_seconds"] / sizes["1000"]["noop"]["process_seconds"]
        )
    save()
    print(json.dumps({k: v for k, v in results.items() if k != "machine"}, indent=1))


if __name__ == "__main__":
    main()
