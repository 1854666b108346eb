"""Facts about the interpreter the harness runs on, for the probe and the `ready` reply.

Facts about the build belong here too: whether it is free-threaded (the `Py_GIL_DISABLED` config
variable), and whether the GIL is on once the workload is imported (`sys._is_gil_enabled()`, 3.13+).
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import TypedDict


class Probe(TypedDict):
    """The `--probe` reply (RuntimeProbe in src/runtimes/runtime.ts)."""

    version: str
    executable: str
    defaultStartMethod: str


def version() -> str:
    """The interpreter's version as major.minor.micro, e.g. "3.12.1"."""
    return ".".join(str(part) for part in sys.version_info[:3])


def probe() -> Probe:
    """What the engine records of the interpreter before anything runs."""
    return {
        "version": version(),
        "executable": sys.executable,
        "defaultStartMethod": multiprocessing.get_start_method(),
    }
