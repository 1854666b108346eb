"""The strategies, one module each, and the one place that picks among them."""

from __future__ import annotations

from typing import Callable

from ..protocol import InitCommand
from .base import Strategy


def make_strategy(command: InitCommand, fn: Callable[..., object]) -> Strategy:
    """The strategy an `init` command names, not yet started. Each strategy's module is imported here,
    alone: asyncio, concurrent.futures and multiprocessing cost a harness a tenth of a second of CPU
    at start, and each harness runs one strategy."""
    args = tuple(command["args"])
    kind = command["strategy"]
    if kind == "serial":
        from .serial import Serial

        return Serial(fn, args)
    if kind == "async":
        from .async_loop import AsyncLoop

        return AsyncLoop(fn, args, command["workers"])
    if kind == "threads":
        from .threads import Threads

        return Threads(fn, args, command["workers"])
    from .processes import Processes

    return Processes(
        args,
        command["workers"],
        command["startMethod"],
        command["memoryLimitBytes"],
        command["modulePath"],
        command["function"],
    )
