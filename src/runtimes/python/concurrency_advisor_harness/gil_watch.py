"""The GIL on a free-threaded build (PEP 703): whether it is on, and which modules turned it on.

Importing an extension module that has not declared free-threading support (Py_mod_gil) turns the
GIL back on, with a RuntimeWarning from the import system: "The global interpreter lock (GIL) has been
enabled to load module 'legacy', ...". A module may be imported lazily inside a call, so the watch
lasts for the whole life of every harness process (pool workers included): a hook on
warnings.showwarning records the module's name and keeps that warning off the workload's stderr, and
a filter `always` for that message comes first, so that -W error or PYTHONWARNINGS cannot turn it into
an exception and the "default" action cannot hide a repeat. Every other warning passes through.
"""

from __future__ import annotations

import re
import sys
import threading
import warnings
from typing import Callable, TextIO, TypedDict

# The text CPython's import system warns with (Python/import.c, 3.13 and 3.14).
_MESSAGE = r"The global interpreter lock \(GIL\) has been enabled to load module '([^']+)'"
_PATTERN = re.compile(_MESSAGE)

_lock = threading.Lock()
_modules: list[str] = []
_installed = False


class GilReport(TypedDict):
    """The GIL fields of a reply (ReadyReply and RoundReply in src/runtimes/protocol.ts)."""

    gilEnabled: bool
    gilEnabledBy: list[str]


def gil_enabled() -> bool:
    """Whether this process runs with the GIL on: always before 3.13 and on builds with a GIL."""
    is_enabled: Callable[[], bool] | None = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


def install() -> None:
    """Starts watching for the warning in this process; idempotent (a forked worker inherits it)."""
    global _installed
    if _installed:
        return
    _installed = True
    warnings.filterwarnings("always", message=_MESSAGE, category=RuntimeWarning)
    previous = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        match = _PATTERN.match(str(message)) if issubclass(category, RuntimeWarning) else None
        if match is None:
            previous(message, category, filename, lineno, file, line)
            return
        with _lock:
            if match.group(1) not in _modules:
                _modules.append(match.group(1))

    warnings.showwarning = show


def enabled_by() -> list[str]:
    """The modules whose import turned the GIL on in this process so far, in order."""
    with _lock:
        return list(_modules)


def report(more: list[str] | None = None) -> GilReport:
    """This process's GIL state, with modules seen in other processes (pool workers) added."""
    modules = enabled_by()
    for name in more or []:
        if name not in modules:
            modules.append(name)
    return {"gilEnabled": gil_enabled() or bool(modules), "gilEnabledBy": modules}
