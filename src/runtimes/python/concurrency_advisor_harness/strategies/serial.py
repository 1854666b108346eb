"""Serial: every call in turn on the harness's own thread."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Callable

from ..accounting import own_peak_rss_bytes
from ..coroutines import is_awaitable, settle
from .base import RoundResult, Strategy


class Serial(Strategy):
    """The calls one after another in a plain loop: the reference every speedup is measured against."""

    has_pool = False

    def __init__(self, fn: Callable[..., object], args: Sequence[object]) -> None:
        super().__init__(args)
        self.fn = fn

    def round(self, tasks: int, keep_first: bool) -> RoundResult:
        # The first call says whether the function is a coroutine function; the rest run in a plain
        # loop: per-call bookkeeping would weigh on calls of a few hundred nanoseconds and inflate
        # every pool's speedup over serial.
        fn, args = self.fn, self.args
        first = None
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        if tasks > 0:
            result = fn(*args)
            self.awaited = is_awaitable(result)
            if self.awaited:
                result = settle(result)
            if keep_first:
                first = result
            # Each result stays bound until the next replaces it, as in a user's `for x in items: r = f(x)`
            # (processes.py says why that matters for large results).
            if self.awaited:
                for _ in range(tasks - 1):
                    result = settle(fn(*args))
            else:
                for _ in range(tasks - 1):
                    result = fn(*args)
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), first)
