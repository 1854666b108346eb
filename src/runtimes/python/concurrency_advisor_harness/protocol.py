"""The protocol channel and its commands (src/runtimes/protocol.ts is the engine's side).

User code must not write to the protocol channel, so the real stdout is kept on a private file
descriptor and fd 1 is pointed at stderr before the module is imported.

Commands are checked field by field, as the Node harness does (src/runtimes/node/harness/commands.ts):
a malformed command is a harness bug, answered as a `protocol` fault, never as the workload's exception.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any, Callable, Literal, TypedDict, Union, cast

from .faults import Fault

# Sends one reply (a JSON value) to the engine.
Reply = Callable[[object], None]

STRATEGY_NAMES = ("serial", "async", "threads", "processes")
START_METHODS = ("default", "fork", "spawn", "forkserver")


class InitCommand(TypedDict):
    """Loads the session: which function, with which arguments, under which strategy."""

    type: Literal["init"]
    modulePath: str
    function: str
    args: list[object]
    strategy: str
    workers: int
    startMethod: str
    memoryLimitBytes: int | None


class StartCommand(TypedDict):
    """Starts the strategy that `init` loaded (timed)."""

    type: Literal["start"]


class RoundCommand(TypedDict):
    """Runs `tasks` calls; measureBytes asks for the pickled size of the arguments and a result."""

    type: Literal["round"]
    tasks: int
    measureBytes: bool


class ExitCommand(TypedDict):
    """Ends the session."""

    type: Literal["exit"]


Command = Union[InitCommand, StartCommand, RoundCommand, ExitCommand]


class ProtocolError(Exception):
    """A command that is not one of the protocol's, or one out of turn."""


def open_channel() -> Reply:
    """Keeps the real stdout for the protocol and sends everything else printed to stderr; returns
    the function that writes a reply."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    def reply(message: object) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    return reply


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def parse_command(line: str) -> Command:
    """One command line from the engine, its fields checked."""
    try:
        command: Any = json.loads(line)
    except ValueError:
        raise ProtocolError(f"unreadable command: {line.strip()[:200]}") from None
    if not isinstance(command, dict):
        raise ProtocolError(f"unreadable command: {line.strip()[:200]}")
    fields = cast(Mapping[str, object], command)
    kind = fields.get("type")
    if kind == "exit":
        return cast(ExitCommand, fields)
    if kind == "start":
        return cast(StartCommand, fields)
    if kind == "round":
        if _is_count(fields.get("tasks")) and isinstance(fields.get("measureBytes"), bool):
            return cast(RoundCommand, fields)
        raise ProtocolError('a malformed "round" command')
    if kind == "init":
        memory = fields.get("memoryLimitBytes")
        workers = fields.get("workers")
        checks = [
            isinstance(fields.get("modulePath"), str),
            isinstance(fields.get("function"), str),
            isinstance(fields.get("args"), list),
            fields.get("strategy") in STRATEGY_NAMES,
            _is_count(workers) and cast(int, workers) >= 1,
            fields.get("startMethod", "default") in START_METHODS,
            memory is None or (_is_count(memory) and cast(int, memory) > 0),
        ]
        if all(checks):
            return cast(
                InitCommand, dict(fields, startMethod=fields.get("startMethod", "default"), memoryLimitBytes=memory)
            )
        raise ProtocolError('a malformed "init" command')
    raise ProtocolError(f"unknown command type {kind!r}")


def protocol_fault(message: str) -> Fault:
    """A harness-side protocol error as a fault record."""
    return {"kind": "protocol", "message": f"harness: {message}"}
