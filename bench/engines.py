"""Which distributed engine carries the per-page work: the measurement behind orchestration/parallel.py.

    UV_COMPILE_BYTECODE=1 uv run --with "ray==2.60.0" python -m bench.engines --shared ../shared

(Ray is not a dependency of dateline; `--with` adds it for this run only, byte-compiled like the project.) For every engine and worker count,
in a fresh subprocess: start the engine's local cluster, recognise entities in the same generated pages
(chunks of 20, the entity step's size) with the recogniser loaded once per worker and kept across chunks,
shut the cluster down. Reported per engine (medians of `--runs`):

- `start_s`: creating the local cluster (processes up, nothing loaded yet): what a build with work pays
  before its first page;
- `first_result_s`: from the start to the first chunk's result (start + the workers' model load);
- `pages_per_s`: steady throughput, from the first result to the last;
- `one_page_s`: a separate run with one page: start, compute, shut down (what adding one page would cost
  if it went through the cluster);
- `tree_pss_gib`: the largest PSS sum over the process tree while working (sampled every 0.2 s).

Engines: `pool` (the hand-written fork pool this replaced: concurrent.futures over fork), `dask`
(orchestration/parallel.py's own dask_client: a LocalCluster, one thread per worker process, futures,
LOCAL_CLUSTER_CONFIG; BENCH_DASK_PROFILER=on runs it with Dask's defaults instead), `ray` (ray.init with one actor per
worker holding the model, ray.util.ActorPool). Results go to docs/bench_engines.json (`--merge` keeps the
rows of engines not run this time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.generate_corpus import compose_page, load_sources
from bench.run_benchmarks import PROJECT, TreeMemorySampler, machine

ENGINES = ("pool", "dask", "ray")
CHUNK = 20


# ------------------------------------------------------------------------------------- worker side

_recognizer = None


def recognize_chunk(texts: list[str]) -> int:
    """The entity step's work on one chunk, with the recogniser loaded once per process."""
    global _recognizer
    if _recognizer is None:
        from orchestration.extraction import new_recognizer

        _recognizer = new_recognizer()
    return sum(len(mentions) for mentions in _recognizer.recognize(texts))


class RecognizerActor:
    def work(self, texts: list[str]) -> int:
        return recognize_chunk(texts)


# ------------------------------------------------------------------------------------- engines


def _pool(workers: int, chunks: list[list[str]]) -> Iterator[tuple[str, float]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield "started", time.perf_counter() - started
        for _ in pool.map(recognize_chunk, chunks):
            yield "result", time.perf_counter() - started


def _dask(workers: int, chunks: list[list[str]]) -> Iterator[tuple[str, float]]:
    import orchestration.parallel as parallel

    if os.environ.get("BENCH_DASK_PROFILER") == "on":
        parallel.LOCAL_CLUSTER_CONFIG = {}  # Dask's own defaults, for comparison
    started = time.perf_counter()
    # the local cluster exactly as the build starts it
    with parallel.dask_client(parallel.Cluster(workers=workers)) as client:
        yield "started", time.perf_counter() - started
        pending: deque = deque()
        for chunk in chunks:
            pending.append(client.submit(recognize_chunk, chunk, pure=False))
            if len(pending) >= 3 * workers:
                pending.popleft().result()
                yield "result", time.perf_counter() - started
        while pending:
            pending.popleft().result()
            yield "result", time.perf_counter() - started


def _ray(workers: int, chunks: list[list[str]]) -> Iterator[tuple[str, float]]:
    import ray
    from ray.util import ActorPool

    started = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        actor = ray.remote(num_cpus=1)(RecognizerActor)
        pool = ActorPool([actor.remote() for _ in range(workers)])
        yield "started", time.perf_counter() - started
        for _ in pool.map(lambda a, chunk: a.work.remote(chunk), chunks):
            yield "result", time.perf_counter() - started
    finally:
        ray.shutdown()


RUNNERS: dict[str, Callable[[int, list[list[str]]], Iterator[tuple[str, float]]]] = {
    "pool": _pool,
    "dask": _dask,
    "ray": _ray,
}


def child(engine: str, workers: int, texts_file: Path, result: Path) -> None:
    # run as `-m bench.engines`, this module is __main__, whose functions cloudpickle sends by value (a fresh
    # copy of the module's globals, so a fresh recogniser, per task): use the importable module's instead.
    import bench.engines as engines

    texts = json.loads(texts_file.read_text())
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    sampler = TreeMemorySampler(os.getpid(), interval=0.2)
    sampler.start()
    began = time.perf_counter()
    events = list(engines.RUNNERS[engine](workers, chunks))
    total = time.perf_counter() - began
    _rss, pss = sampler.stop()
    started = next(t for kind, t in events if kind == "started")
    results = [t for kind, t in events if kind == "result"]
    steady_pages = len(texts) - len(chunks[0])
    result.write_text(
        json.dumps(
            {
                "start_s": started,
                "first_result_s": results[0],
                "last_result_s": results[-1],
                "total_s": total,
                "pages_per_s": steady_pages / (results[-1] - results[0]) if len(results) > 1 else None,
                "tree_pss_gib": pss / 2**30,
            }
        )
    )


# ------------------------------------------------------------------------------------- parent side


def run(engine: str, workers: int, texts: list[str], scratch: Path) -> dict:
    texts_file = scratch / f"texts-{len(texts)}.json"
    if not texts_file.exists():
        texts_file.write_text(json.dumps(texts))
    result = scratch / "result.json"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.engines",
            "--child",
            engine,
            str(workers),
            str(texts_file),
            str(result),
        ],
        cwd=PROJECT,
        check=True,
        stdout=subprocess.DEVNULL,
        env=os.environ | {"RAY_AUTH_MODE": "disabled"},
    )
    data = json.loads(result.read_text())
    data["process_s"] = time.perf_counter() - started
    return data


def median_of(runs: list[dict]) -> dict:
    return {
        key: statistics.median(run[key] for run in runs)
        for key in runs[0]
        if all(isinstance(run[key], int | float) for run in runs)
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--child":
        child(args[1], int(args[2]), Path(args[3]), Path(args[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "bench_engines.json")
    parser.add_argument("--merge", action="store_true", help="keep the other rows already in --out")
    options = parser.parse_args(args)
    sources = load_sources(options.shared)
    texts = [compose_page(sources, 7, index).text for index in range(options.pages)]
    report: dict = json.loads(options.out.read_text()) if options.merge and options.out.exists() else {}
    report |= {"machine": machine(), "pages": options.pages, "chunk": CHUNK, "runs": options.runs}
    with tempfile.TemporaryDirectory(prefix="dateline-engines-") as scratch_name:
        scratch = Path(scratch_name)
        for engine in options.engines:
            for workers in options.workers:
                runs = [run(engine, workers, texts, scratch) for _ in range(options.runs)]
                one_page = [run(engine, workers, texts[:1], scratch) for _ in range(options.runs)]
                row = median_of(runs) | {"one_page_s": statistics.median(r["total_s"] for r in one_page)}
                report[f"{engine}/{workers}"] = row
                print(engine, workers, json.dumps({k: round(v, 3) for k, v in row.items()}), flush=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
