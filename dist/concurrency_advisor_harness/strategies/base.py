"""What every strategy is: started once, then timed round by round, then shut down."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..faults import Fault


class RoundResult(NamedTuple):
    """One round's measurements."""

    # Wall seconds of the round.
    wall_seconds: float
    # CPU seconds of this harness and its pool workers; the workload's child processes are added by
    # the session.
    cpu_seconds: float
    # Summed peak RSS in bytes, or None where the platform does not say.
    peak_rss_bytes: int | None
    # The first call's result, kept only when its serialized size is asked for, else None.
    first: object


class Strategy:
    """One way of running the calls of a function with the same arguments."""

    # Whether start() starts workers, which the session times as start-up; serial and async run on
    # the harness's own thread.
    has_pool = True

    def __init__(self, args: Sequence[object]) -> None:
        self.args = tuple(args)
        # Whether the calls returned awaitables, where this strategy sees them (serial, async): the
        # engine plans `async` only for coroutine functions. None where it cannot tell.
        self.awaited: bool | None = None

    def start(self) -> None:
        """Starts the pool with all its workers; the session times this as start-up."""

    def round(self, tasks: int, keep_first: bool) -> RoundResult:
        """Runs `tasks` calls and returns a RoundResult."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stops what start() started."""

    def start_method(self) -> str | None:
        """The multiprocessing start method of a process pool; None for the others."""
        return None

    def round_fault(self, error: Exception) -> Fault | None:
        """The fault a round's exception means for the pool itself (a process pool that broke), or
        None where it is the workload's own, for the session to report as such."""
        return None

    def pids(self) -> list[int]:
        """The processes whose own CPU a round counts: this harness, and a pool's workers."""
        return [os.getpid()]

    def gil_enabled_by(self) -> list[str]:
        """Modules that turned the GIL on in the strategy's other processes (a pool's workers)."""
        return []


def first_result(results: Iterable[object], keep: bool) -> object:
    """Consumes a round's results as they come, keeping only the first when asked: results are
    dropped at once, so a round never holds more than one of them."""
    first = None
    for i, result in enumerate(results):
        if i == 0 and keep:
            first = result
    return first


def take(futures: list[Future[object] | None], i: int) -> object:
    """The result of future i, dropping the future so that it does not keep the result alive."""
    future = futures[i]
    assert future is not None, "each future is taken once"
    result = future.result()
    futures[i] = None
    return result
