"""CPU of the processes the workload starts (src/runtimes/child-cpu.ts does the same for Node).

Code that drives another program (ffmpeg, a compiler, a service it starts once and feeds over a
pipe) spends its CPU in child processes that the harness's own clock never sees. On Linux /proc
gives every process's own CPU (utime+stime) and that of its children it has reaped (cutime+cstime).
Summed over the tree, counting a measured process (the harness, a pool worker) by its reaped
children only and any other process by both, the total only grows: a child reaped during a round
moves from "live" to its parent's reaped share with nothing lost. The difference across a round is
the CPU the workload's children spent in it, whether they are still alive or not.

The tree is the harness's process group (the engine makes the harness lead one, so a child that was
orphaned still counts) plus its descendants by parent pid (a child that left the group). The
harness's helpers are not the workload's: the parent watcher, and multiprocessing's forkserver and
resource tracker. Pool workers are counted as in-process CPU, never as children.

Elsewhere: RUSAGE_CHILDREN of the harness (its reaped children, macOS), or nothing (Windows).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from .accounting import CLOCK_TICKS, proc_stat, resource

# Processes the harness started for itself (the parent watcher), never counted as the workload's.
_tool_pids: set[int] = set()


def add_tool_pid(pid: int) -> None:
    """Marks a process the harness started for itself, so that its CPU is not the workload's."""
    _tool_pids.add(pid)


def _helper_pids() -> set[int]:
    """multiprocessing's forkserver and resource tracker, where started (private attributes). Only a
    process that imported them can have started them: looked up, never imported, since importing
    multiprocessing costs a harness that never uses it a twentieth of a second of CPU."""
    pids = set(_tool_pids)
    forkserver = sys.modules.get("multiprocessing.forkserver")
    resource_tracker = sys.modules.get("multiprocessing.resource_tracker")
    for pid in (
        getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None),
        getattr(getattr(resource_tracker, "_resource_tracker", None), "_pid", None),
    ):
        if isinstance(pid, int):
            pids.add(pid)
    return pids


def child_cpu_seconds(measured_pids: Iterable[int]) -> float | None:
    """Cumulative CPU seconds of the processes the workload started, alive or reaped, or None."""
    me = os.getpid()
    if not os.path.exists(f"/proc/{me}/stat"):
        if resource is None:
            return None
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    if _started_none(me):
        return 0.0
    stats: dict[int, tuple[int, int, int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat is not None:
                stats[int(entry)] = stat
    group = os.getpgrp() if os.getpgrp() == me else None
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    members = {pid for pid, stat in stats.items() if group is not None and stat[1] == group}
    stack = [me]
    while stack:
        pid = stack.pop()
        members.add(pid)
        stack.extend(child for child in children.get(pid, []) if child not in members)
    measured, helpers = set(measured_pids), _helper_pids()
    ticks = 0
    for pid in members - helpers:
        stat = stats.get(pid)
        if stat is not None:
            ticks += stat[3] if pid in measured else stat[2] + stat[3]
    return ticks / CLOCK_TICKS


def _started_none(me: int) -> bool:
    """True while the harness has started no process but its own watcher: none has ended (nothing
    reaped) and no thread of it has a child. Then the tree holds no CPU of the workload's, and the
    scan of every process in /proc (milliseconds, twice a round) is skipped. A process orphaned into
    the group needs a parent that ended, which shows as a reaped child (or a zombie, still a child).
    A harness started through a wrapper that ran programs before it exec'd the interpreter (pyenv's
    shim) inherits their reaped figures and always scans."""
    if resource is None:
        return False
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Every process that ran faulted in pages; a reaped child's show here even when its CPU rounds to 0.
    if reaped.ru_minflt > 0 or reaped.ru_utime + reaped.ru_stime > 0:
        return False
    try:
        for tid in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{tid}/children") as f:
                if any(int(pid) not in _tool_pids for pid in f.read().split()):
                    return False
    except (OSError, ValueError):
        return False
    return True
