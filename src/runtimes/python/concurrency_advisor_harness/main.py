"""The harness's entry: keeps the protocol channel, then runs the mode the arguments name."""

from __future__ import annotations

import json
import os
import sys

from . import gil_watch, interpreter
from .child_cpu import add_tool_pid
from .faults import exception_fault
from .parent_watch import stop_watcher, watch_parent
from .protocol import open_channel


def main() -> None:
    """Runs the probe, the check or a session, and exits without interpreter teardown."""
    reply = open_channel()
    if "--probe" in sys.argv:
        reply(interpreter.probe())
        return
    # From here on the user's code runs: a module it imports may turn the GIL back on.
    gil_watch.install()
    # Importing a module runs its code too: the check is watched like a session.
    watcher = watch_parent()
    if watcher is not None:
        add_tool_pid(watcher)
    # Each mode imports its own modules: the strategies bring asyncio and concurrent.futures, a fifth of
    # a probe's or a check's time, and every run starts one of each per interpreter before measuring.
    if "--check" in sys.argv:
        from .check import check_workloads

        reply(check_workloads(json.load(sys.stdin)))
    else:
        try:
            from .session import run_session

            run_session(reply)
        except BaseException as error:  # the user's code may raise anything, SystemExit included
            reply({"type": "fault", "fault": exception_fault(error)})
    stop_watcher(watcher)
    # Skip interpreter teardown: a non-daemon thread that the user's code (or a module it imports)
    # started must not keep the harness alive.
    sys.stderr.flush()
    os._exit(0)
