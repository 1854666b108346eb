"""Facts about the interpreter the harness runs on, for the probe and the `ready` reply.

Facts about the build belong here too: whether it is free-threaded (the `Py_GIL_DISABLED` config
variable), whether its GIL is on at start-up and what forced it on. Whether the GIL is on once the
workload is imported (`sys._is_gil_enabled()`, 3.13+), and which module turned it on, is gil_watch.py's.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from typing import TypedDict

from .gil_watch import gil_enabled


class Launch(TypedDict):
    """How this process was started, for the engine to start the harnesses on the interpreter itself
    rather than through a wrapper such as pyenv's shim (src/runtimes/python/direct-launch.ts)."""

    # The command line as the OS gave it (sys.orig_argv, Python 3.10+), or None.
    argv: list[str] | None
    # The environment the wrapper left, or None where a value is not text (undecodable bytes).
    environment: dict[str, str] | None
    cwd: str
    # The executable's file, (st_dev, st_ino) as text: the same path may name another file elsewhere
    # (a wrapper that runs the interpreter in a container).
    executableId: list[str] | None
    # CPUs this process may run on and its niceness, where the OS says.
    cpus: int | None
    niceness: int | None


class Probe(TypedDict):
    """The `--probe` reply (RuntimeProbe in src/runtimes/runtime.ts, and `launch`)."""

    version: str
    executable: str
    defaultStartMethod: str
    freeThreaded: bool
    gilEnabled: bool
    gilForcedBy: str | None
    launch: Launch


def version() -> str:
    """The interpreter's version as major.minor.micro, e.g. "3.12.1"."""
    return ".".join(str(part) for part in sys.version_info[:3])


def free_threaded() -> bool:
    """A build without the GIL (PEP 703). Truthiness, not `is not None`: Windows builds set 0."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_forced_by() -> str | None:
    """What turned the GIL on at start-up on a free-threaded build, when that is what did."""
    if not free_threaded() or not gil_enabled():
        return None
    if sys._xoptions.get("gil") == "1":  # pyright: ignore[reportPrivateUsage]
        return "-X gil=1"
    if os.environ.get("PYTHON_GIL") == "1":
        return "PYTHON_GIL=1"
    return None


def probe() -> Probe:
    """What the engine records of the interpreter before anything runs."""
    return {
        "version": version(),
        "executable": sys.executable,
        "defaultStartMethod": _default_start_method(),
        "freeThreaded": free_threaded(),
        "gilEnabled": gil_enabled(),
        "gilForcedBy": gil_forced_by(),
        "launch": launch(),
    }


def launch() -> Launch:
    """How this process was started (Launch)."""
    environment: dict[str, str] | None = dict(os.environ)
    try:
        for name, value in os.environ.items():
            name.encode("utf-8")
            value.encode("utf-8")
    except UnicodeEncodeError:  # surrogate-escaped bytes: JSON would not carry them back intact
        environment = None
    try:
        stat = os.stat(sys.executable)
        executable_id: list[str] | None = [str(stat.st_dev), str(stat.st_ino)]
    except OSError:
        executable_id = None
    affinity = getattr(os, "sched_getaffinity", None)
    getpriority = getattr(os, "getpriority", None)
    return {
        "argv": getattr(sys, "orig_argv", None),
        "environment": environment,
        "cwd": os.getcwd(),
        "executableId": executable_id,
        "cpus": len(affinity(0)) if affinity is not None else None,
        "niceness": getpriority(os.PRIO_PROCESS, 0) if getpriority is not None else None,
    }


def _default_start_method() -> str:
    """multiprocessing's start method, imported here alone: a session or a check would pay for
    multiprocessing at start (a twentieth of a second of CPU) where only the probe reads it."""
    import multiprocessing

    return multiprocessing.get_start_method()
