"""Coroutine functions outside the async strategy: each call's coroutine runs to completion on an event
loop of the thread that made the call (serial's, each pool thread's, each worker process's)."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Sequence
from typing import Callable, cast


class _ThreadLoop(threading.local):
    loop: asyncio.AbstractEventLoop | None = None


_thread_loops = _ThreadLoop()


def settle(result: object) -> object:
    """Awaits a call's result on this thread's own event loop when it is awaitable (an `async def`
    function's coroutine), one call at a time; returns anything else as it is."""
    if not inspect.isawaitable(result):
        return result
    loop = _thread_loops.loop
    if loop is None:
        loop = _thread_loops.loop = asyncio.new_event_loop()
    return loop.run_until_complete(cast(Awaitable[object], result))


def call_settled(fn: Callable[..., object], args: Sequence[object]) -> object:
    """One call of the workload's function, its coroutine (if any) run to completion."""
    return settle(fn(*args))
