"""The strategies, one module each, and the one place that picks among them."""

from __future__ import annotations

from typing import Callable

from ..protocol import InitCommand
from .async_loop import AsyncLoop
from .base import Strategy
from .processes import Processes
from .serial import Serial
from .threads import Threads


def make_strategy(command: InitCommand, fn: Callable[..., object]) -> Strategy:
    """The strategy an `init` command names, not yet started."""
    args = tuple(command["args"])
    kind = command["strategy"]
    if kind == "serial":
        return Serial(fn, args)
    if kind == "async":
        return AsyncLoop(fn, args, command["workers"])
    if kind == "threads":
        return Threads(fn, args, command["workers"])
    return Processes(
        args,
        command["workers"],
        command["startMethod"],
        command["memoryLimitBytes"],
        command["modulePath"],
        command["function"],
    )
