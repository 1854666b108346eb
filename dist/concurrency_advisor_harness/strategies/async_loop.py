"""Async: up to `workers` calls in flight together on one asyncio loop in the harness's thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Callable

from ..accounting import own_peak_rss_bytes
from ..coroutines import is_awaitable
from .base import RoundResult, Strategy


class AsyncLoop(Strategy):
    """A fixed set of lanes (worker coroutines) take call numbers from one shared iterator, so each
    lane starts the next call when its last one finishes; gather, not TaskGroup, keeps Python 3.9
    supported."""

    has_pool = False

    def __init__(self, fn: Callable[..., object], args: Sequence[object], workers: int) -> None:
        super().__init__(args)
        self.fn = fn
        self.workers = workers
        self.loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self.loop = asyncio.new_event_loop()

    def round(self, tasks: int, keep_first: bool) -> RoundResult:
        fn, args, loop = self.fn, self.args, self.loop
        assert loop is not None, "start() comes before the first round"
        calls = iter(range(tasks))
        kept: list[object] = []

        async def lane() -> None:
            for i in calls:
                result = fn(*args)
                if i == 0:
                    self.awaited = is_awaitable(result)
                if is_awaitable(result):
                    result = await result
                if i == 0 and keep_first:
                    kept.append(result)
                del result

        async def all_lanes() -> None:
            await asyncio.gather(*(lane() for _ in range(min(self.workers, tasks))))

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        loop.run_until_complete(all_lanes())
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), kept[0] if kept else None)

    def shutdown(self) -> None:
        if self.loop is not None:
            self.loop.close()
