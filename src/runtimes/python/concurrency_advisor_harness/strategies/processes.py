"""Processes: a ProcessPoolExecutor whose workers import the function themselves (workers.py)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess

from .. import workers as worker_side
from ..accounting import own_peak_rss_bytes, proc_cpu_seconds
from ..faults import Fault, signal_name
from .base import RoundResult, Strategy

# How long a broken pool may take to tell how its workers ended.
BROKEN_POOL_WAIT_SECONDS = 2


class Processes(Strategy):
    """`workers` processes of one pool, started with the given start method ("default": the
    interpreter's own)."""

    def __init__(
        self,
        args: Sequence[object],
        workers: int,
        start_method: str,
        memory_limit: int | None,
        module_path: str,
        function_name: str,
    ) -> None:
        super().__init__(args)
        self.workers = workers
        self.context = multiprocessing.get_context(None if start_method == "default" else start_method)
        self.memory_limit = memory_limit
        self.module_path, self.function_name = module_path, function_name
        self.pool: ProcessPoolExecutor | None = None
        self.processes: list[BaseProcess] = []
        # Per worker pid: process_time at its last result, and its peak RSS.
        self.worker_cpu: dict[int, float] = {}
        self.worker_peak: dict[int, int] = {}
        # Modules that turned the GIL on in a worker, as the workers report them.
        self.worker_gil: list[str] = []

    def start(self) -> None:
        barrier = self.context.Barrier(self.workers)
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=worker_side.init_worker,
            initargs=(self.module_path, self.function_name, self.memory_limit, barrier),
        )
        for f in [self.pool.submit(worker_side.ping) for _ in range(self.workers)]:
            f.result()
        # Kept so that a broken pool can say how its worker died; ProcessPoolExecutor never replaces
        # workers. The executor keeps them in a private attribute.
        self.processes = list(self.pool._processes.values())  # pyright: ignore[reportPrivateUsage]

    def _workers_cpu(self) -> float | None:
        readings = [proc_cpu_seconds(p.pid) for p in self.processes if p.pid is not None]
        if len(readings) < len(self.processes):
            return None
        total = 0.0
        for reading in readings:
            if reading is None:
                return None
            total += reading
        return total

    def round(self, tasks: int, keep_first: bool) -> RoundResult:
        pool, args = self.pool, self.args
        assert pool is not None, "start() comes before the first round"
        first = None
        before = self._workers_cpu()
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        futures: list[Future[tuple[object, int, float, int | None, tuple[str, ...]]] | None] = [
            pool.submit(worker_side.call, args) for _ in range(tasks)
        ]
        in_call_cpu = 0.0
        for i in range(tasks):
            future = futures[i]
            assert future is not None, "each future is taken once"
            result, pid, cpu, peak, gil = future.result()
            futures[i] = None
            for module in gil:
                if module not in self.worker_gil:
                    self.worker_gil.append(module)
            if i == 0 and keep_first:
                first = result
            # `result` stays bound until the next one replaces it, as in a user's `for r in pool.map(...)`:
            # freeing each before the next arrives lets malloc hand a large result's pages back to the OS
            # and fault them in again for the next (docs/cost.md: 8 MB results took 1.5x as long).
            in_call_cpu += cpu - self.worker_cpu.get(pid, cpu)
            self.worker_cpu[pid] = cpu
            if peak is not None:
                self.worker_peak[pid] = max(self.worker_peak.get(pid, 0), peak)
        wall = time.perf_counter() - t0
        own_cpu = time.process_time() - cpu0
        after = self._workers_cpu()
        # /proc counts all the workers' CPU, unpickling included; elsewhere fall back to the CPU the
        # workers reported between their results.
        workers_cpu = after - before if before is not None and after is not None else in_call_cpu
        own_peak = own_peak_rss_bytes()
        peak = None if own_peak is None else own_peak + sum(self.worker_peak.values())
        return RoundResult(wall, own_cpu + workers_cpu, peak, first)

    def round_fault(self, error: Exception) -> Fault | None:
        return self.broken_fault(error) if isinstance(error, BrokenProcessPool) else None

    def broken_fault(self, error: BrokenProcessPool) -> Fault:
        """Turns a BrokenProcessPool into what happened to the worker that died.

        The executor's manager thread reaps the workers too, and whichever thread's waitpid loses sees
        no exit code until the other stores it: so wait until every code is known. Once one worker
        died, the executor sends SIGTERM to the others: the one that died otherwise is the culprit.
        """
        deadline = time.monotonic() + BROKEN_POOL_WAIT_SECONDS
        while any(p.exitcode is None for p in self.processes) and time.monotonic() < deadline:
            time.sleep(0.01)
        codes = [p.exitcode for p in self.processes]
        terminated = -signal.SIGTERM
        culprits = [c for c in codes if c not in (None, 0, terminated)] or [c for c in codes if c == terminated]
        code = culprits[0] if culprits else None
        if code is None:
            return {"kind": "exit", "message": f"a worker process died: {error}"}
        if code < 0:
            name = signal_name(-code)
            return {"kind": "signal", "message": f"a worker process was killed by {name}", "signal": name}
        return {"kind": "exit", "message": f"a worker process exited with code {code}", "exitCode": code}

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def start_method(self) -> str | None:
        return self.context.get_start_method()

    def pids(self) -> list[int]:
        return [os.getpid()] + [p.pid for p in self.processes if p.pid is not None]

    def gil_enabled_by(self) -> list[str]:
        return list(self.worker_gil)
