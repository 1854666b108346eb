"""Coroutine functions outside the async strategy: each call's coroutine runs to completion on an event
loop of the thread that made the call (serial's, each pool thread's, each worker process's)."""

from __future__ import annotations

import threading
import types
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import asyncio

    from typing_extensions import TypeGuard  # typing's own from Python 3.10

# inspect.CO_ITERABLE_COROUTINE: a generator made awaitable by @types.coroutine.
_CO_ITERABLE_COROUTINE = 0x100


def is_awaitable(value: object) -> TypeGuard[Awaitable[object]]:
    """inspect.isawaitable, without importing inspect: asyncio (which this module imports only for an
    awaitable) and inspect cost a harness a tenth of a second of CPU at start, five harnesses per
    workload, where most functions return plain values."""
    if isinstance(value, types.GeneratorType):
        return bool(value.gi_code.co_flags & _CO_ITERABLE_COROUTINE)
    return isinstance(value, Awaitable)


class _ThreadLoop(threading.local):
    loop: asyncio.AbstractEventLoop | None = None


_thread_loops = _ThreadLoop()


def settle(result: object) -> object:
    """Awaits a call's result on this thread's own event loop when it is awaitable (an `async def`
    function's coroutine), one call at a time; returns anything else as it is."""
    if not is_awaitable(result):
        return result
    loop = _thread_loops.loop
    if loop is None:
        import asyncio

        loop = _thread_loops.loop = asyncio.new_event_loop()
    return loop.run_until_complete(result)


def call_settled(fn: Callable[..., object], args: Sequence[object]) -> object:
    """One call of the workload's function, its coroutine (if any) run to completion."""
    return settle(fn(*args))
