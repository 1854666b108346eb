"""A session: `init` starts one strategy (ready), each `round` runs and times calls, `exit` ends it."""

from __future__ import annotations

import pickle
import sys
import time
from concurrent.futures.process import BrokenProcessPool

from . import gil_watch, interpreter
from .accounting import apply_memory_limit
from .child_cpu import child_cpu_seconds
from .loading import load_module, resolve_function
from .protocol import InitCommand, ProtocolError, Reply, RoundCommand, parse_command, protocol_fault
from .strategies import make_strategy
from .strategies.base import Strategy
from .strategies.processes import Processes


def run_session(reply: Reply) -> None:
    """Answers the engine's commands on stdin until `exit`, end of input, or a fault."""
    strategy: Strategy | None = None
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = parse_command(line)
            if command["type"] == "init" and strategy is not None:
                raise ProtocolError('a second "init"')
            if command["type"] == "round" and strategy is None:
                raise ProtocolError('"round" before "init"')
        except ProtocolError as error:
            reply({"type": "fault", "fault": protocol_fault(str(error))})
            break
        if command["type"] == "exit":
            break
        if command["type"] == "init":
            strategy = start_strategy(command, reply)
            if strategy is None:
                return
        elif strategy is not None and not run_round(strategy, command, reply):
            return
    if strategy is not None:
        strategy.shutdown()


def start_strategy(command: InitCommand, reply: Reply) -> Strategy | None:
    """Imports the function and starts the strategy (timed); replies ready, or a fault and None."""
    apply_memory_limit(command["memoryLimitBytes"])
    module = load_module(command["modulePath"])
    fn, problem = resolve_function(module, command["function"])
    if fn is None:
        message = f"{command['modulePath']} {problem}"
        reply({"type": "fault", "fault": {"kind": "exception", "type": "AttributeError", "message": message}})
        return None
    strategy = make_strategy(command, fn)
    t0 = time.perf_counter()
    strategy.start()
    # Serial and async run on the harness's own thread: nothing to start.
    startup = time.perf_counter() - t0 if command["strategy"] not in ("serial", "async") else 0.0
    reply(
        {
            "type": "ready",
            "startupSeconds": startup,
            "runtimeVersion": interpreter.version(),
            "startMethod": strategy.start_method(),
            **gil_watch.report(strategy.gil_enabled_by()),
        }
    )
    return strategy


def run_round(strategy: Strategy, command: RoundCommand, reply: Reply) -> bool:
    """Runs and replies one round; False after a fault, when the session must end."""
    measure = command["measureBytes"]
    # Read outside the timed section: a scan of /proc costs milliseconds.
    children_before = child_cpu_seconds(strategy.pids())
    try:
        result = strategy.round(command["tasks"], measure)
    except BrokenProcessPool as error:
        assert isinstance(strategy, Processes), "only a process pool breaks"
        reply({"type": "fault", "fault": strategy.broken_fault(error)})
        return False
    children_after = child_cpu_seconds(strategy.pids())
    children = None
    if children_before is not None and children_after is not None:
        # A child that left the tree (orphaned, re-parented out of the group) takes its CPU with
        # it: never let that make the figure negative.
        children = max(0.0, children_after - children_before)
    reply(
        {
            "type": "round",
            "wallSeconds": result.wall_seconds,
            "cpuSeconds": result.cpu_seconds + (children or 0.0),
            "childCpuSeconds": children,
            "peakRssBytes": result.peak_rss_bytes,
            "bytesToWorkersPerCall": serialized_size(strategy.args) if measure else None,
            "bytesFromWorkersPerCall": serialized_size(result.first) if measure else None,
            "awaited": strategy.awaited,
            **gil_watch.report(strategy.gil_enabled_by()),
        }
    )
    return True


def serialized_size(value: object) -> int | None:
    """The pickled size of a value in bytes, as a process pool would send it; None if it cannot be."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return None
