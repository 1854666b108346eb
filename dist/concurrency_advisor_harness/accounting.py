"""Measuring a process: the memory cap, its peak RSS, and its CPU as /proc counts it."""

from __future__ import annotations

import contextlib
import os
import sys

try:
    import resource
except ImportError:  # Windows
    resource = None

# The unit of the CPU times in /proc/<pid>/stat.
CLOCK_TICKS: int = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def apply_memory_limit(limit_bytes: int | None) -> None:
    """Caps this process's data segment, so that a runaway allocation raises MemoryError in the
    process that made it. RLIMIT_DATA rather than RLIMIT_AS: thread stacks and malloc arenas reserve
    address space they never use. The engine enforces the sum over all processes separately."""
    if limit_bytes is None or resource is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))


def own_peak_rss_bytes() -> int | None:
    """This process's peak resident set size in bytes, or None where the platform has no rusage."""
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak if sys.platform == "darwin" else peak * 1024


def proc_stat(pid: int) -> tuple[int, int, int, int] | None:
    """(ppid, pgrp, own CPU ticks, reaped children's CPU ticks) of a process from /proc (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
    except (OSError, IndexError, ValueError):
        return None


def proc_cpu_seconds(pid: int) -> float | None:
    """User+system CPU of a process from /proc (Linux), or None elsewhere."""
    stat = proc_stat(pid)
    return None if stat is None else stat[2] / CLOCK_TICKS
