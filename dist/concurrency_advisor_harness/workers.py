"""The worker side of the process pool.

A pool started with spawn or forkserver pickles these functions by reference and its workers import
them by name: so they live here, in a module of the package (whose unique name cannot clash with the
user's modules), not in __main__. Each worker imports the workload's function once, in its
initializer, so that tasks do not pickle it with every call.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Callable

from . import gil_watch
from .accounting import apply_memory_limit, own_peak_rss_bytes
from .coroutines import settle
from .loading import load_module

if TYPE_CHECKING:
    # Not imported at run time: it raises ImportError where the platform lacks sem_open.
    from multiprocessing.synchronize import Barrier

# Set in each worker by init_worker.
_target: Callable[..., object] | None = None
_startup_barrier: Barrier | None = None

# How long a worker waits for the others to start.
STARTUP_SECONDS = 120


def init_worker(module_path: str, function_name: str, memory_limit: int | None, barrier: Barrier) -> None:
    """The pool's initializer: caps the worker's memory and imports the workload's function."""
    global _target, _startup_barrier
    # A spawned or forkserver worker starts afresh: it watches its own imports (a forked one inherits).
    gil_watch.install()
    apply_memory_limit(memory_limit)
    _target = getattr(load_module(module_path), function_name)
    _startup_barrier = barrier


def ping() -> int:
    """Every worker waits for all the others, so the pool really starts all of them before timing stops."""
    assert _startup_barrier is not None, "init_worker has not run in this worker"
    _startup_barrier.wait(timeout=STARTUP_SECONDS)
    return os.getpid()


def call(args: Sequence[object]) -> tuple[object, int, float, int | None, tuple[str, ...]]:
    """One call: its result, and this worker's pid, CPU seconds so far, peak RSS, and the modules that
    turned its GIL on (almost always none: an empty tuple costs two bytes of pickle)."""
    assert _target is not None, "init_worker has not run in this worker"
    result = settle(_target(*args))
    return result, os.getpid(), time.process_time(), own_peak_rss_bytes(), tuple(gil_watch.enabled_by())
