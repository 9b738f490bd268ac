"""A real Dask cluster on this machine: a scheduler and worker processes started with Dask's own command-line
programs (`python -m distributed.cli.dask_scheduler` / `dask_worker`), every port on 127.0.0.1.

It is what a multi-machine deployment runs, minus the network: the build reaches it only through its
address (DATELINE_CLUSTER), exactly as it would reach a scheduler on Kubernetes. Used by
tests/integration/test_cluster.py and bench/cluster_throughput.py; every process is stopped by its pid.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LoopbackCluster:
    address: str
    scheduler: subprocess.Popen
    logs: Path
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start_worker(self, name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """One worker process, one thread, no nanny (so its pid is the process that computes, and a kill is
        not undone by a restart)."""
        command = [
            sys.executable, "-m", "distributed.cli.dask_worker", self.address,
            "--name", name, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
            "--no-dashboard", "--local-directory", str(self.logs / name),
        ]  # fmt: skip
        with (self.logs / f"{name}.log").open("w") as log:
            worker = subprocess.Popen(
                command,
                cwd=PROJECT,
                env={**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False", **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.workers[name] = worker
        return worker

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=START_TIMEOUT_S)

    def stop_worker(self, name: str) -> None:
        _stop(self.workers.pop(name))

    def stop(self) -> None:
        for name in list(self.workers):
            self.stop_worker(name)
        _stop(self.scheduler)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # Dask's programs close cleanly on SIGINT
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def loopback_cluster(logs: Path) -> Iterator[LoopbackCluster]:
    """A scheduler on a free loopback port (no workers yet: `start_worker`); everything stopped on exit."""
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with (logs / "scheduler.log").open("w") as log:
        scheduler = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],  # fmt: skip
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    cluster = LoopbackCluster(f"tcp://127.0.0.1:{port}", scheduler, logs)
    try:
        yield cluster
    finally:
        cluster.stop()
