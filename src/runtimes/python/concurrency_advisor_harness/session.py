"""A session: `init` loads one strategy (loaded), `start` starts it (ready), each `round` runs and
times calls, `exit` ends it."""

from __future__ import annotations

import pickle
import sys
import time

from . import gil_watch, interpreter
from .accounting import apply_memory_limit
from .child_cpu import child_cpu_seconds
from .loading import load_module, resolve_function
from .protocol import InitCommand, ProtocolError, Reply, RoundCommand, parse_command, protocol_fault
from .strategies import make_strategy
from .strategies.base import Strategy


def run_session(reply: Reply) -> None:
    """Answers the engine's commands on stdin until `exit`, end of input, or a fault."""
    loaded: Strategy | None = None
    started = False
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = parse_command(line)
            check_turn(command["type"], loaded is not None, started)
        except ProtocolError as error:
            reply({"type": "fault", "fault": protocol_fault(str(error))})
            break
        if command["type"] == "exit":
            break
        if command["type"] == "init":
            loaded = load_strategy(command, reply)
            if loaded is None:
                return
        elif command["type"] == "start" and loaded is not None:
            started = True
            start_strategy(loaded, reply)
        elif command["type"] == "round" and loaded is not None and not run_round(loaded, command, reply):
            return
    if loaded is not None and started:
        loaded.shutdown()


def check_turn(kind: str, loaded: bool, started: bool) -> None:
    """Raises ProtocolError for a command out of turn: init once, then start once, then rounds."""
    if kind == "init" and loaded:
        raise ProtocolError('a second "init"')
    if kind == "start" and not loaded:
        raise ProtocolError('"start" before "init"')
    if kind == "start" and started:
        raise ProtocolError('a second "start"')
    if kind == "round" and not started:
        raise ProtocolError('"round" before "start"')


def load_strategy(command: InitCommand, reply: Reply) -> Strategy | None:
    """Imports the function and makes its strategy, not started; replies loaded, or a fault and None.
    Untimed: the engine loads every contender's harness at once, then starts each alone."""
    apply_memory_limit(command["memoryLimitBytes"])
    module = load_module(command["modulePath"])
    fn, problem = resolve_function(module, command["function"])
    if fn is None:
        message = f"{command['modulePath']} {problem}"
        reply({"type": "fault", "fault": {"kind": "exception", "type": "AttributeError", "message": message}})
        return None
    strategy = make_strategy(command, fn)
    reply({"type": "loaded"})
    return strategy


def start_strategy(strategy: Strategy, reply: Reply) -> None:
    """Starts the strategy's pool (timed) and replies ready."""
    t0 = time.perf_counter()
    strategy.start()
    startup = time.perf_counter() - t0 if strategy.has_pool else 0.0
    reply(
        {
            "type": "ready",
            "startupSeconds": startup,
            "runtimeVersion": interpreter.version(),
            "startMethod": strategy.start_method(),
            **gil_watch.report(strategy.gil_enabled_by()),
        }
    )


def run_round(strategy: Strategy, command: RoundCommand, reply: Reply) -> bool:
    """Runs and replies one round; False after a fault, when the session must end."""
    measure = command["measureBytes"]
    # Read outside the timed section: a scan of /proc costs milliseconds.
    children_before = child_cpu_seconds(strategy.pids())
    try:
        result = strategy.round(command["tasks"], measure)
    except Exception as error:
        fault = strategy.round_fault(error)
        if fault is None:
            raise
        reply({"type": "fault", "fault": fault})
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
