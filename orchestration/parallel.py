"""Per-page text work on a Dask cluster, results in input order; the warehouse stays in the calling process.

Reading, entity recognition and timex extraction are CPU-bound pure functions of one page. The calling
process (the build, DuckDB's one writer) reads pages in batches, sends chunks of them to the cluster, and
writes each batch's results in one transaction while the cluster computes the next: workers never open the
warehouse, they only receive page rows and return results.

Where the work runs is configuration (`Cluster`, read by orchestration/settings.py), not code:

- `DATELINE_CLUSTER=tcp://host:8786`: the Dask scheduler of an existing cluster (`dask scheduler` and
  `dask worker`, the Dask Kubernetes operator, the dask Helm chart). Its workers need the same dateline
  installed (checked: their extractor versions must equal the build's, or the build stops before a page).
- otherwise `DATELINE_WORKERS` local processes (default: the cores): a Dask `LocalCluster` bound to
  127.0.0.1, started by a step only when it has enough pages to repay the start (`Cluster.for_work`), shut
  down when the step ends;
- `DATELINE_WORKERS=1`, no pending page, or too few pages for a local cluster: in the calling process, no
  cluster (a no-op build starts none; one new page waits for none).

The same functions run in every case; a worker process runs each step's `initializer` once (e.g. loading the
spaCy model) and keeps what it loaded for its lifetime, across chunks, batches and builds.

Why Dask, measured by bench/engines.py on this 2-core machine (docs/bench_engines.json; docs/scaling.md "Why
Dask"): its local cluster starts in 0.5 s against 6.7 s for Ray, and one page through it costs 3.1 s
against 16.7 s; with two workers it recognised 23.5-25.2 pages/s against 25.0 for the fork pool it
replaced and 23.5 for Ray, whose raylet, GCS and actor processes took 0.6 GiB more PSS. A 10k-page cold build
takes 1.04x the fork pool's time (0.95x before one malloc arena per worker), once its workers no longer start
with Dask's MALLOC_TRIM_THRESHOLD_ (LOCAL_CLUSTER_CONFIG; docs/benchmarks.md "Scaling out on Dask"). Dagster's own
executors (celery, k8s) start a process per step or partition and reload the model there, and need a broker
or a Kubernetes cluster even on a laptop.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from orchestration.extractor_versions import EXTRACTOR_VERSIONS
from orchestration.faults import pause_point

if TYPE_CHECKING:
    from distributed import Client

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

CONNECT_TIMEOUT_S = 30  # an existing cluster's scheduler must answer, and one worker join, within this
IN_FLIGHT_PER_WORKER = 3  # chunks submitted ahead per worker thread: keeps workers busy, memory flat
# The local cluster's configuration (an existing cluster keeps its own; docs/scaling.md recommends the same):
# - the statistical profiler off: it samples every worker thread's stack every 10 ms, which cost 6 % of entity
#   throughput on GIL-bound extraction (bench/engines.py: 23.6 -> 25.2 pages/s with 2 workers);
# - workers forked from a fork server (one clean process started once, with Dask preloaded) instead of
#   spawned: the build's __main__ (the Dagster CLI in a sensor's run) is not imported again in every worker;
# - Dask's health checks (event-loop ticks every 20 ms, memory every 100 ms, system monitor every 0.5 s) at
#   a slower pace: each wakes a thread that takes the GIL from the extraction (or from the build's writes,
#   for the scheduler, which runs in the build process).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    # The workers' environment as glibc's malloc reads it at process start (the nanny sets it before the
    # fork server starts): Dask's default less MALLOC_TRIM_THRESHOLD_=65536, plus one malloc arena.
    # - MALLOC_TRIM_THRESHOLD_ also turns off glibc's adaptive mmap threshold, so every large array spaCy
    #   allocates is mmap'ed, page-faulted and unmapped again; two recognisers running side by side, one
    #   with it, used 14-17 % more CPU for the same pages (the whole gap to the fork pool this replaced).
    # - A worker computes in a thread, whose allocations go to an arena of their own that glibc hardly ever
    #   trims: a recogniser in a thread stayed at 445-478 MB RSS between chunks after 2,000-3,000 pages, one
    #   with MALLOC_ARENA_MAX=1 at 295 MB, the model's own size (1.7-4 % more CPU, two pairs side by side).
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
        "MALLOC_ARENA_MAX": 1,
    },
    "distributed.worker.multiprocessing-method": "forkserver",
    # Dask keeps the last messages of every stream and the last task events for debugging (1000 each by
    # default): here a message that sends a chunk of pages holds their texts (~34 KB), so the build process
    # (client, scheduler) held ~80 MB of old pages once 20,000 had gone through, and each worker its recent
    # tasks' pages. No log: the main arena stayed at 38-40 MB over 10,000 pages instead of growing 41 -> 84 MB.
    "distributed.admin.low-level-log-length": 0,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def worker_count(environ: Mapping[str, str]) -> int:
    """DATELINE_WORKERS as a positive whole number; the machine's core count when unset."""
    raw = environ.get("DATELINE_WORKERS", "").strip()
    if not raw:
        # the cores this process may run on (a container or taskset can allow fewer than the machine has)
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        workers = int(raw)
    except ValueError:
        raise ValueError(f"DATELINE_WORKERS must be a whole number of processes, got {raw!r}") from None
    if workers < 1:
        raise ValueError(f"DATELINE_WORKERS must be at least 1, got {workers}")
    return workers


def cluster_address(environ: Mapping[str, str]) -> str | None:
    """DATELINE_CLUSTER: a Dask scheduler's address (tcp://host:port, tls://…); None when unset."""
    raw = environ.get("DATELINE_CLUSTER", "").strip()
    if not raw:
        return None
    if "://" not in raw and ":" not in raw:
        raise ValueError(
            f"DATELINE_CLUSTER must be a Dask scheduler address such as tcp://scheduler:8786, got {raw!r}"
        )
    return raw


@dataclass(frozen=True)
class Cluster:
    """Where the per-page work runs: the Dask scheduler at `address`, else `workers` local processes
    (1 = the calling process)."""

    workers: int = 1
    address: str | None = None

    @property
    def in_process(self) -> bool:
        return self.address is None and self.workers <= 1

    def for_work(self, pages: int, chunk_size: int, min_pages: int) -> Cluster:
        """Where `pages` pending pages go. An existing cluster takes any work (it is already up and its
        workers keep their models). A local cluster costs ~1.5 s to start, so it is started only for at
        least `min_pages` pages, with no more processes than chunks; fewer pages run in-process."""
        if self.address is not None:
            return self
        if pages < min_pages:
            return Cluster(1)
        return Cluster(max(1, min(self.workers, -(-pages // chunk_size))))

    def describe(self) -> str:
        if self.address is not None:
            return f"the Dask cluster at {self.address}"
        if self.workers > 1:
            return f"a local Dask cluster of {self.workers} worker processes"
        return "the build's process"


IN_PROCESS = Cluster()  # the calling process: no cluster


# ------------------------------------------------------------------------------- in a worker process

_initialized: set[str] = set()  # the initializers this worker process has run (e.g. a model loaded)
_worker_lock = threading.Lock()  # one chunk at a time per process, whatever the worker's thread count


def _call_in_worker(
    work: Callable[[Chunk], Result], initializer: Callable[[], None] | None, chunk: Chunk
) -> Result:
    # Extraction is GIL-bound and a recogniser is not meant to be shared by threads: a worker started with
    # several threads still computes one chunk at a time (processes, not threads, are the unit of scale).
    with _worker_lock:
        pause_point("parallel:in-worker")  # a test stops a worker here, then kills it
        if initializer is not None:
            key = f"{initializer.__module__}.{initializer.__qualname__}"
            if key not in _initialized:
                initializer()
                _initialized.add(key)
        return work(chunk)


def _worker_extractor_versions() -> dict[str, str]:
    return dict(EXTRACTOR_VERSIONS)


# ------------------------------------------------------------------------------- in the calling process


@contextmanager
def _environment_restored() -> Iterator[None]:
    """Undo what a Dask nanny writes into this process's os.environ before it starts a worker (the
    pre-spawn-environ above): meant for the workers, it would otherwise reach every later subprocess of the
    build, dbt and its DuckDB threads (one malloc arena) among them."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        for name in set(os.environ) - set(saved):
            del os.environ[name]
        for name, value in saved.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


@contextmanager
def dask_client(cluster: Cluster) -> Iterator[Client]:
    """A Dask client on `cluster`: a LocalCluster on 127.0.0.1 started (and stopped) here, or the
    scheduler at cluster.address, whose workers are checked to run this dateline's extractors."""
    # imported here: a build with nothing to compute, and the code location the UI loads, do not pay for it
    import dask
    from distributed import Client, LocalCluster

    if cluster.address is None:
        with (
            dask.config.set(LOCAL_CLUSTER_CONFIG),
            _environment_restored(),
            LocalCluster(
                n_workers=cluster.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                scheduler_port=0,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as local,
            Client(local, set_as_default=False) as client,
        ):
            yield client
        return
    try:
        # no debugging log of the messages this client sends (their page texts; LOCAL_CLUSTER_CONFIG)
        with dask.config.set({"distributed.admin.low-level-log-length": 0}):
            client = Client(cluster.address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise RuntimeError(
            f"DATELINE_CLUSTER={cluster.address}: no Dask scheduler answered within {CONNECT_TIMEOUT_S} s "
            f"({error}). Unset DATELINE_CLUSTER to run on this machine."
        ) from None
    with client:
        _check_workers(client, cluster.address)
        yield client


def _check_workers(client: Client, address: str) -> None:
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:
        raise RuntimeError(
            f"DATELINE_CLUSTER={address}: the scheduler answered but no worker joined within "
            f"{CONNECT_TIMEOUT_S} s"
        ) from None
    try:
        found = client.run(_worker_extractor_versions)
    except Exception as error:  # a worker without dateline installed cannot even unpickle the function
        raise RuntimeError(
            f"DATELINE_CLUSTER={address}: the workers cannot run dateline's code ({type(error).__name__}: "
            f"{error}); install the same dateline on them"
        ) from None
    for worker, versions in sorted(found.items()):
        if versions != dict(EXTRACTOR_VERSIONS):
            raise RuntimeError(
                f"DATELINE_CLUSTER={address}: worker {worker} runs extractor versions {versions}, this build "
                f"{dict(EXTRACTOR_VERSIONS)}; install the same dateline on the cluster"
            )


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def ordered_map(
    work: Callable[[Chunk], Result],
    chunks: Iterable[Chunk],
    cluster: Cluster,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[Chunk, Result]]:
    """(chunk, work(chunk)) for every chunk, in input order.

    On a cluster, `work` (and `initializer`, once per worker process) run in the workers, and at most
    IN_FLIGHT_PER_WORKER chunks per worker thread are submitted ahead of the consumer, so inputs are read
    lazily and memory stays flat however many chunks there are. Both must be module-level functions (the
    workers import them by name). A worker that dies mid-chunk costs only time: the scheduler gives its
    chunks to another worker; a chunk that kills every worker it meets fails the step.
    """
    if cluster.in_process:
        if initializer is not None:
            initializer()
        for chunk in chunks:
            yield chunk, work(chunk)
        return
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    with dask_client(cluster) as client:
        window = _threads(client) * IN_FLIGHT_PER_WORKER
        pending: deque[tuple[Chunk, Any]] = deque()

        def oldest() -> tuple[Chunk, Result]:
            done, future = pending.popleft()
            try:
                return done, future.result()
            except KilledWorker as error:
                raise RuntimeError(
                    f"{work.__name__}: the same chunk of pages was running on every worker that died "
                    f"(killed, or out of memory?) on {cluster.describe()}; what earlier batches wrote is "
                    "kept and the next run resumes there. DATELINE_WORKERS=1 runs the step in one process."
                ) from error
            except FutureCancelledError as error:  # the scheduler went away, or restarted, mid-step
                raise RuntimeError(
                    f"{work.__name__}: {cluster.describe()} dropped a chunk of pages ({error}); what earlier "
                    "batches wrote is kept and the next run resumes there."
                ) from error

        for chunk in chunks:
            pending.append((chunk, client.submit(_call_in_worker, work, initializer, chunk, pure=False)))
            if len(pending) >= window:
                yield oldest()
        while pending:
            yield oldest()


@dataclass(frozen=True)
class PageChunk:
    """A few pages (rows as read from the warehouse) sent to one worker; `last` closes a read batch."""

    rows: list[dict[str, Any]]
    last: bool


def map_pages(
    work: Callable[[PageChunk], list[Result]],
    frames: Iterable[pl.DataFrame],
    cluster: Cluster,
    chunk_size: int,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[list[dict[str, Any]], list[Result]]]:
    """For every frame of pages (one read batch): its rows and work's result per row, in row order.

    The frames are split into chunks of `chunk_size` pages that the cluster computes while the caller writes
    the previous batch; results are regrouped per frame so that each batch is written in one transaction.
    """
    rows: list[dict[str, Any]] = []
    results: list[Result] = []
    for chunk, chunk_results in ordered_map(work, _chunks(frames, chunk_size), cluster, initializer):
        if len(chunk_results) != len(chunk.rows):
            raise RuntimeError(
                f"{work.__name__} returned {len(chunk_results)} results for {len(chunk.rows)} pages"
            )
        rows.extend(chunk.rows)
        results.extend(chunk_results)
        if chunk.last:
            yield rows, results
            rows, results = [], []


def _chunks(frames: Iterable[pl.DataFrame], chunk_size: int) -> Iterator[PageChunk]:
    for frame in frames:
        rows = frame.to_dicts()
        for start in range(0, len(rows), chunk_size):
            yield PageChunk(rows[start : start + chunk_size], last=start + chunk_size >= len(rows))
