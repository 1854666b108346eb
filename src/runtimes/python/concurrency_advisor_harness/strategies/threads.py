"""Threads: a ThreadPoolExecutor in the harness's process."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from ..accounting import own_peak_rss_bytes
from ..coroutines import call_settled
from .base import RoundResult, Strategy, first_result, take

# How long the pool's threads wait for each other to start.
STARTUP_SECONDS = 120


class Threads(Strategy):
    """`workers` threads of one pool, each settling a coroutine on an event loop of its own."""

    def __init__(self, fn: Callable[..., object], args: Sequence[object], workers: int) -> None:
        super().__init__(args)
        self.fn = fn
        self.workers = workers
        self.pool: ThreadPoolExecutor | None = None

    def start(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        # Every thread waits for all the others, so the pool really starts all of them.
        barrier = threading.Barrier(self.workers)
        for f in [self.pool.submit(barrier.wait, STARTUP_SECONDS) for _ in range(self.workers)]:
            f.result()

    def round(self, tasks: int, keep_first: bool) -> RoundResult:
        fn, args, pool = self.fn, self.args, self.pool
        assert pool is not None, "start() comes before the first round"
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        futures: list[Future[object] | None] = [pool.submit(call_settled, fn, args) for _ in range(tasks)]
        first = first_result((take(futures, i) for i in range(tasks)), keep_first)
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), first)

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
