"""Faults as data: a workload's exception, exit or signal becomes a record on the reply, never an exit
of the harness (Fault in src/types.ts)."""

from __future__ import annotations

import signal
import traceback
from typing import TypedDict

# How many lines of a traceback a fault keeps.
DETAIL_LINES = 12


class _FaultBase(TypedDict):
    kind: str
    message: str


class Fault(_FaultBase, total=False):
    """A fault record; the optional fields depend on its kind."""

    type: str
    detail: str
    exitCode: int
    signal: str


def signal_name(number: int) -> str:
    """SIGSEGV for 11, or "signal N" for a number the platform does not name."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def exception_fault(error: BaseException) -> Fault:
    """An exception (the workload's, or a worker's re-raised in the harness) as a fault record."""
    remote = error.__cause__
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    # A process pool re-raises a worker's exception with the worker's traceback as its cause.
    if remote is not None and type(remote).__name__ == "_RemoteTraceback":
        lines = [str(remote)]
    detail = "".join(lines).strip().splitlines()[-DETAIL_LINES:]
    message = f"{type(error).__name__}: {error}".strip().rstrip(":")
    fault: Fault = {
        "kind": "exception",
        "type": type(error).__name__,
        "message": message.splitlines()[0] if message else type(error).__name__,
        "detail": "\n".join(detail),
    }
    if isinstance(error, MemoryError):
        fault["kind"] = "memory"
    if isinstance(error, SystemExit):
        code = error.code if isinstance(error.code, int) else 1
        fault.update(kind="exit", message=f"called sys.exit({error.code!r})", exitCode=code)
    return fault
