"""Throughput of the extraction stage on a loopback Dask cluster: one worker process against two.

    uv run python -m bench.cluster_throughput --pages 400 --runs 3 --shared ../shared

A warehouse of `--pages` generated pages is ingested and read in-process once. Then, per worker count, a
loopback cluster (bench/loopback_cluster.py: `dask scheduler` + `dask worker --nthreads 1 --no-nanny`
processes on 127.0.0.1) is started and warmed (each worker loads the recogniser on a few other pages, as a
long-lived cluster's workers have), and `--runs` times, on a fresh copy of that warehouse, the entity and
timex steps run through it (orchestration.steps.run_pending with DATELINE_CLUSTER's Cluster): the real
stage, reads and one-transaction-per-batch writes in this process included. Reported: pages per second of
the two steps together (medians) and the ratio two workers / one. Results: docs/bench_cluster.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.generate_corpus import compose_page, load_sources, write_corpus
from bench.loopback_cluster import PROJECT, loopback_cluster
from bench.run_benchmarks import machine


def prepare(raw: Path, db: Path) -> None:
    from orchestration.ingestion import ingest_raw_folder
    from orchestration.page_reading import reading_step
    from orchestration.steps import run_pending
    from orchestration.warehouse import connect

    with connect(db) as con:
        ingest_raw_folder(con, raw, "bench")
        run_pending(con, reading_step())


def extraction_seconds(db: Path, address: str) -> float:
    from orchestration.extraction import entities_step, timexes_step
    from orchestration.parallel import Cluster
    from orchestration.steps import run_pending
    from orchestration.warehouse import connect

    cluster = Cluster(address=address)
    with connect(db) as con:
        started = time.perf_counter()
        run_pending(con, entities_step(), cluster)
        run_pending(con, timexes_step(), cluster)
        return time.perf_counter() - started


def warm(address: str, sources, workers: int) -> None:
    """Each worker loads the recogniser once, on pages outside the measured corpus."""
    from orchestration.extraction import _load_worker_recognizer, _recognize_in_worker
    from orchestration.parallel import Cluster, PageChunk, ordered_map

    chunks = [PageChunk([{"text": compose_page(sources, 99, i).text}], last=True) for i in range(4 * workers)]
    for _ in ordered_map(_recognize_in_worker, chunks, Cluster(address=address), _load_worker_recognizer):
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "bench_cluster.json")
    options = parser.parse_args(argv)
    sources = load_sources(options.shared)
    report: dict = {"machine": machine(), "pages": options.pages, "runs": options.runs}
    with tempfile.TemporaryDirectory(prefix="dateline-cluster-") as scratch_name:
        scratch = Path(scratch_name)
        write_corpus(sources, scratch / "raw", options.pages, seed=3)
        base = scratch / "base.duckdb"
        prepare(scratch / "raw", base)
        for workers in (1, 2):
            with loopback_cluster(scratch / f"cluster_{workers}") as cluster:
                for index in range(workers):
                    cluster.start_worker(f"w{index + 1}")
                cluster.wait_for_workers(workers)
                warm(cluster.address, sources, workers)
                seconds = []
                for run in range(options.runs):
                    db = scratch / f"run_{workers}_{run}.duckdb"
                    shutil.copy(base, db)
                    seconds.append(extraction_seconds(db, cluster.address))
                    db.unlink()
            median = statistics.median(seconds)
            report[f"workers_{workers}"] = {
                "seconds": seconds,
                "median_seconds": median,
                "pages_per_second": options.pages / median,
            }
            print(f"{workers} worker(s): {seconds} -> {options.pages / median:.1f} pages/s", flush=True)
    report["two_over_one"] = report["workers_2"]["pages_per_second"] / report["workers_1"]["pages_per_second"]
    print(f"two workers / one: {report['two_over_one']:.2f}x")
    options.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
