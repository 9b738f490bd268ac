"""Benchmark the whole pipeline per corpus size: cold build, no-op rerun, add-one-page rerun, NER alone.

    python -m bench.run_benchmarks --sizes 1000 --runs 3 --out docs/bench_results.json --shared ../shared

Per size, in a temporary folder: a corpus from bench.generate_corpus (seed fixed), then `--runs` times:
a cold build into a fresh DuckDB file, a no-op rerun over the same folder, and a rerun after adding one new
unique page (page index size + run, never seen before). Every build writes the same warehouse path (as a
user's builds do: dbt's partial parsing keys on it), warmed once by a build over an empty folder. Every
build runs the real `build_warehouse` job (orchestration.eval.warehouse.build_warehouse: Dagster in-process
executor, dbt via dagster-dbt, DATELINE_WORKERS worker processes for the per-page steps) in a fresh Python
subprocess under `/usr/bin/time -v`, so each number includes what a `dagster asset materialize` would pay,
and the child's peak RSS is the kernel's. Separately, `--ner-runs` times, the entity-recognition step alone
(orchestration.extraction.recognize_pages over the same page texts read from disk, batches of 200, the same
worker processes, no Dagster, dbt or DuckDB) in a fresh subprocess: the natural floor of the pipeline.
Medians are reported.

Reported per stage (Dagster step stats): ingest (raw_documents), segmentation (page_segments), entities
(extracted_entity_mentions), timeline (extracted_timexes), dbt (dateline_dbt_models), serving (serving_copy);
`job` is build_warehouse's wall time (Dagster instance start, ~1.5 s, + execute_in_process), `process` the
subprocess wall time (imports and start-up included).
Peak memory: `max_rss` is /usr/bin/time's "Maximum resident set size" (the largest single process of the
tree, as wait4 reports it); `tree_pss` / `tree_rss` are the largest sums of PSS / RSS over the process tree,
sampled every 0.5 s from /proc/<pid>/smaps_rollup (forked workers share their parent's pages: the RSS sum
counts those pages once per process, the PSS sum once in all). `memory_at_peak` places the peak: when it
came (seconds from the build's start), each process's PSS at that moment, each process's own largest PSS,
and the tree's PSS every 30 s of the build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.generate_corpus import compose_page, load_sources, write_corpus

STAGES: dict[str, str] = {
    "raw_documents": "ingest",
    "page_segments": "segmentation",
    "extracted_entity_mentions": "entities",
    "extracted_timexes": "timeline",
    "dateline_dbt_models": "dbt",
    "serving_copy": "serving",
}
PROJECT = Path(__file__).resolve().parents[1]
TIME = "/usr/bin/time"
GIB = 1024**3
TIMELINE_STEP_S = 30  # the memory sampler's record of the tree's PSS over a build: one sample this often


# ------------------------------------------------------------------------------------------ child side


def child_build(raw: Path, db: Path, result: Path) -> None:
    started = time.perf_counter()
    from orchestration.eval.warehouse import build_warehouse

    if os.environ.get("DATELINE_BENCH_BUMP_TIMEXES"):  # bench.incremental: a new timex extractor version
        import orchestration.extraction

        orchestration.extraction.TIMEXES_VERSION = "bench-bumped"

    imported = time.perf_counter()
    built = build_warehouse(raw, db)
    result.write_text(
        json.dumps(
            {
                "import_seconds": imported - started,
                "job_seconds": built.seconds,
                "steps": {STAGES.get(k, k): v for k, v in built.step_seconds.items()},
            }
        )
    )


def child_ner(raw: Path, result: Path, batch_size: int = 200) -> None:
    started = time.perf_counter()
    import polars as pl

    from orchestration.extraction import recognize_pages
    from orchestration.parallel import Cluster, worker_count

    imported = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in sorted(raw.iterdir()) if p.is_file()]
    read = time.perf_counter()
    workers = worker_count(os.environ)
    frames = (pl.DataFrame({"text": texts[i : i + batch_size]}) for i in range(0, len(texts), batch_size))
    mentions, first_batch = 0, None
    for _rows, results in recognize_pages(frames, Cluster(workers)):
        mentions += sum(len(m) for m in results)
        first_batch = first_batch or time.perf_counter()
    done = time.perf_counter()
    result.write_text(
        json.dumps(
            {
                "import_seconds": imported - started,
                "read_seconds": read - imported,
                "first_batch_seconds": (first_batch or done) - read,
                "seconds": done - read,
                "workers": workers,
                "pages": len(texts),
                "mentions": mentions,
                "words": sum(len(t.split()) for t in texts),
            }
        )
    )


# ------------------------------------------------------------------------------------------ parent side


def _children(pid: int) -> list[int]:
    found, frontier = [], [pid]
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    while frontier:
        current = frontier.pop()
        found.append(current)
        frontier.extend(parents.get(current, []))
    return found


def _memory_bytes(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process. Forked workers share their parent's pages until they write them: RSS counts
    a shared page in every process, PSS splits it among them, so a sum of PSS is the tree's real footprint."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def _command(pid: int) -> str:
    """A process's command line, shortened: enough to tell the build, dbt, a Dask worker apart."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    return raw.strip()[:120]


class TreeMemorySampler(threading.Thread):
    """Largest sums of RSS and of PSS over a process and its descendants, sampled; at the PSS peak, what each
    process held (`at_peak`), every process's own largest PSS (`largest`) and the tree's PSS every
    TIMELINE_STEP_S (`timeline`), so a peak can be placed in the build's steps."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_rss, self.peak_pss = pid, interval, 0, 0
        self.started = time.perf_counter()
        self.at_peak: dict = {}
        self.largest: dict[int, tuple[int, str]] = {}
        self.timeline: list[tuple[float, int, int]] = []  # (seconds, tree PSS MiB, largest process MiB)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = _children(self.pid)
            sizes = [_memory_bytes(p) for p in pids]
            self.peak_rss = max(self.peak_rss, sum(r for r, _ in sizes))
            pss = sum(p for _, p in sizes)
            now = time.perf_counter() - self.started
            if not self.timeline or now - self.timeline[-1][0] >= TIMELINE_STEP_S:
                self.timeline.append((round(now, 1), pss >> 20, max((p for _, p in sizes), default=0) >> 20))
            for pid, (_, own) in zip(pids, sizes, strict=True):
                # a process's command line is read once, when it is first seen
                largest, command = self.largest.get(pid) or (0, _command(pid))
                self.largest[pid] = (max(own, largest), command)
            if pss > self.peak_pss:
                self.peak_pss = pss
                self.at_peak = {
                    "seconds": round(now, 1),
                    "processes": [
                        {"pss_bytes": own, "command": _command(pid)}
                        for pid, (_, own) in zip(pids, sizes, strict=True)
                    ],
                }
            self._stop_event.wait(self.interval)

    def stop(self) -> tuple[int, int]:
        self._stop_event.set()
        self.join()
        return self.peak_rss, self.peak_pss

    def report(self) -> dict:
        """Where the PSS peak was: its time from the start and its processes; each process's own largest."""
        largest = sorted(self.largest.values(), reverse=True)[:8]
        return {
            "at_peak": self.at_peak,
            "largest_per_process": [{"pss_bytes": b, "command": c} for b, c in largest],
            "timeline_seconds_tree_mib_largest_mib": self.timeline,
        }


def run_child(args: list[str], scratch: Path, label: str) -> dict:
    """Run `python -m bench.run_benchmarks <args>` under /usr/bin/time -v; its JSON + wall time + peak RSS."""
    result = scratch / f"{label}.json"
    timing = scratch / f"{label}.time"
    log = scratch / f"{label}.log"
    command = [sys.executable, "-m", "bench.run_benchmarks", *args, "--result", str(result)]
    if Path(TIME).exists():
        command = [TIME, "-v", "-o", str(timing), *command]
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        code = process.wait()
        tree_rss, tree_pss = sampler.stop()
    wall = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"{label} failed ({code}); see {log}:\n{log.read_text()[-3000:]}")
    data = json.loads(result.read_text())
    data["process_seconds"] = wall
    data["tree_rss_bytes"], data["tree_pss_bytes"] = tree_rss, tree_pss
    data["memory"] = sampler.report()
    if timing.exists():
        text = timing.read_text()
        if match := re.search(r"Maximum resident set size \(kbytes\): (\d+)", text):
            data["max_rss_bytes"] = int(match.group(1)) * 1024
    return data


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise_builds(builds: list[dict]) -> dict:
    stages = {stage: median([b["steps"].get(stage) for b in builds]) for stage in STAGES.values()}
    return {
        "runs": len(builds),
        "job_seconds": median([b["job_seconds"] for b in builds]),
        "process_seconds": median([b["process_seconds"] for b in builds]),
        "job_seconds_all": [round(b["job_seconds"], 2) for b in builds],
        "stages": stages,
        "max_rss_bytes": max((b.get("max_rss_bytes", 0) for b in builds), default=0),
        "tree_rss_bytes": max((b.get("tree_rss_bytes", 0) for b in builds), default=0),
        "tree_pss_bytes": max((b.get("tree_pss_bytes", 0) for b in builds), default=0),
        "memory_at_peak": max(builds, key=lambda b: b.get("tree_pss_bytes", 0), default={}).get("memory"),
    }


def bench_size(
    size: int, runs: int, seed: int, sources, workdir: Path, log, ner_runs: int | None = None
) -> dict:
    base = workdir / f"size_{size}"
    corpus = base / "corpus"
    t0 = time.perf_counter()
    manifest = write_corpus(sources, corpus, size, seed)
    log(f"[{size}] corpus: {manifest} in {time.perf_counter() - t0:.1f} s")
    cold, noop, add_one, ner = [], [], [], []
    # One warehouse path for every build: dbt's partial parsing keys on the profile, which holds the path,
    # so a user's builds (always the same file) parse incrementally; a first build of that path warms it.
    db = workdir / "warehouse" / "dateline.duckdb"
    warm_raw = workdir / "warm_up_raw"
    if not warm_raw.exists():
        warm_raw.mkdir(parents=True)
        shutil.rmtree(db.parent, ignore_errors=True)
        db.parent.mkdir(parents=True)
        run_child(["child-build", "--raw", str(warm_raw), "--db", str(db)], base, "warm_up")
    for run in range(runs):
        raw = base / f"raw_{run}"
        shutil.rmtree(raw, ignore_errors=True)
        shutil.rmtree(db.parent, ignore_errors=True)
        db.parent.mkdir(parents=True)
        shutil.copytree(corpus, raw, copy_function=os.link)  # hard links: same files, no copying
        build = ["child-build", "--raw", str(raw), "--db", str(db)]
        cold.append(run_child(build, base, f"cold_{run}"))
        log(f"[{size}] run {run}: cold {cold[-1]['job_seconds']:.1f} s {cold[-1]['steps']}")
        noop.append(run_child(build, base, f"noop_{run}"))
        log(f"[{size}] run {run}: no-op {noop[-1]['job_seconds']:.1f} s {noop[-1]['steps']}")
        page = compose_page(sources, seed, size + run)  # a page index no build has seen
        (raw / page.name).write_text(page.text, encoding="utf-8")
        add_one.append(run_child(build, base, f"add_one_{run}"))
        log(f"[{size}] run {run}: add-one {add_one[-1]['job_seconds']:.1f} s {add_one[-1]['steps']}")
        shutil.rmtree(db.parent, ignore_errors=True)
        shutil.rmtree(raw, ignore_errors=True)
    for run in range(runs if ner_runs is None else ner_runs):
        ner.append(run_child(["child-ner", "--raw", str(corpus)], base, f"ner_{run}"))
        log(f"[{size}] run {run}: NER alone {ner[-1]['seconds']:.1f} s ({ner[-1]['workers']} workers)")
    result = {
        "pages": size,
        "corpus": manifest,
        "words": sum(len(f.read_text(encoding="utf-8").split()) for f in corpus.iterdir()),
        "cold": summarise_builds(cold),
        "noop": summarise_builds(noop),
        "add_one": summarise_builds(add_one),
        "ner_alone": None
        if not ner
        else {
            "runs": len(ner),
            "seconds": median([n["seconds"] for n in ner]),
            "first_batch_seconds": median([n["first_batch_seconds"] for n in ner]),
            "workers": ner[0]["workers"],
            "process_seconds": median([n["process_seconds"] for n in ner]),
            "seconds_all": [round(n["seconds"], 2) for n in ner],
            "max_rss_bytes": max((n.get("max_rss_bytes", 0) for n in ner), default=0),
            "tree_rss_bytes": max((n.get("tree_rss_bytes", 0) for n in ner), default=0),
            "tree_pss_bytes": max((n.get("tree_pss_bytes", 0) for n in ner), default=0),
            "mentions": ner[0]["mentions"] if ner else None,
        },
    }
    result["cold"]["job_seconds_per_page"] = result["cold"]["job_seconds"] / size
    result["ratios"] = ratios_for(result)
    shutil.rmtree(base, ignore_errors=True)
    return result


def ratios_for(r: dict) -> dict:
    ner = r["ner_alone"] or {"seconds": float("nan")}
    return {
        "cold_over_ner": r["cold"]["job_seconds"] / ner["seconds"],
        "cold_over_ner_target": 1.3,
        "entities_step_over_ner": (r["cold"]["stages"]["entities"] or 0) / ner["seconds"],
        "add_one_over_noop": r["add_one"]["job_seconds"] / r["noop"]["job_seconds"],
        "add_one_over_noop_target": 1.2,
        "peak_rss_gib_largest_process": r["cold"]["max_rss_bytes"] / GIB,
        "peak_pss_gib_process_tree": r["cold"].get("tree_pss_bytes", 0) / GIB,
        "peak_rss_gib_process_tree_sum": r["cold"]["tree_rss_bytes"] / GIB,
    }


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    import duckdb

    from orchestration.parallel import worker_count

    return {
        "cpu": cpu,
        "workers": worker_count(os.environ),
        "cores": os.cpu_count(),
        "memory_gib": round(memory / GIB, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def markdown(results: dict) -> str:
    rows = sorted(results["sizes"], key=lambda r: r["pages"])
    lines = [
        "| pages | words | cold build (job) | per page | ingest | segmentation | entities | timeline | dbt | serving "
        "| process wall | no-op | add one page | NER alone (first batch) | peak memory: largest process RSS / tree PSS "
        "/ tree RSS sum |",
        "|" + "---|" * 15,
    ]
    for r in rows:
        c, s = r["cold"], r["cold"]["stages"]
        ner = r["ner_alone"] or {"seconds": float("nan"), "first_batch_seconds": float("nan")}
        lines.append(
            f"| {r['pages']:,} | {r['words']:,} | {c['job_seconds']:.1f} s | {1000 * c['job_seconds_per_page']:.0f} ms "
            f"| {s['ingest']:.2f} s | {s['segmentation']:.2f} s | {s['entities']:.1f} s | {s['timeline']:.2f} s "
            f"| {s['dbt']:.1f} s | {s['serving']:.2f} s | {c['process_seconds']:.1f} s "
            f"| {r['noop']['job_seconds']:.1f} s | {r['add_one']['job_seconds']:.1f} s "
            f"| {ner['seconds']:.1f} s ({ner['first_batch_seconds']:.1f} s) "
            f"| {c['max_rss_bytes'] / 2**20:,.0f} / {c.get('tree_pss_bytes', 0) / 2**20:,.0f} "
            f"/ {c['tree_rss_bytes'] / 2**20:,.0f} MiB |"
        )
    lines += [
        "",
        "| pages | cold / NER alone (<= 1.3) | entities step / NER alone | add-one / no-op (<= 1.2) |",
        "|---|---|---|---|",
    ]
    for r in rows:
        q = r["ratios"]
        lines.append(
            f"| {r['pages']:,} | {q['cold_over_ner']:.2f} | {q['entities_step_over_ner']:.2f} "
            f"| {q['add_one_over_noop']:.2f} |"
        )
    by_size = {r["pages"]: r for r in rows}
    if 1000 in by_size and 10000 in by_size:
        ratio = by_size[10000]["cold"]["job_seconds_per_page"] / by_size[1000]["cold"]["job_seconds_per_page"]
        lines += ["", f"cost/page 10k over 1k: {ratio:.2f} (target <= 1.15)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("child-build", "child-ner"):
        child = argparse.ArgumentParser()
        child.add_argument("--raw", type=Path, required=True)
        child.add_argument("--db", type=Path)
        child.add_argument("--result", type=Path, required=True)
        a = child.parse_args(argv[1:])
        if argv[0] == "child-build":
            child_build(a.raw, a.db, a.result)
        else:
            child_ner(a.raw, a.result)
        return
    parser = argparse.ArgumentParser(description="Benchmark the dateline pipeline per corpus size.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("docs/bench_results.json"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--samples", type=Path, default=Path("raw"))
    parser.add_argument(
        "--ner-runs", type=int, default=None, help="runs of NER alone (default: --runs; 0 skips)"
    )
    parser.add_argument("--merge", action="store_true", help="keep the sizes already in --out (other sizes)")
    parser.add_argument("--workdir", type=Path, default=None, help="scratch folder (default: a temp dir)")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    sources = load_sources(args.shared, args.samples)
    results = {
        "machine": machine(),
        "seed": args.seed,
        "runs": args.runs,
        "command": " ".join(sys.argv),
        "sizes": [],
    }
    if args.merge and args.out.exists():
        previous = json.loads(args.out.read_text())
        results["sizes"] = [r for r in previous.get("sizes", []) if r["pages"] not in args.sizes]
        results["earlier_commands"] = [*previous.get("earlier_commands", []), previous.get("command")]
    with tempfile.TemporaryDirectory(prefix="dateline-bench-", dir=args.workdir) as scratch:
        for size in args.sizes:
            result = bench_size(size, args.runs, args.seed, sources, Path(scratch), log, args.ner_runs)
            results["sizes"].append(result)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            # written after every size, so a long run keeps what it finished
            args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))


if __name__ == "__main__":
    main()
