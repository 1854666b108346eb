"""The pre-flight check (`--check`): import each workload's module before anything is measured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from . import gil_watch
from .faults import Fault, exception_fault
from .loading import ModuleClash, load_module, resolve_function


class Workload(TypedDict):
    """A workload to check, as the engine sends it."""

    name: str
    modulePath: str
    function: str


class CheckResult(TypedDict):
    """What is wrong with one workload: a config error (the user's to fix in the config), a fault
    (importing the module failed), or neither; and the GIL's state after the import, with the modules
    that turned it on (free-threaded builds)."""

    workload: str
    configError: str | None
    fault: Fault | None
    gilEnabled: bool
    gilEnabledBy: list[str]


def check_workloads(workloads: Sequence[Workload]) -> list[CheckResult]:
    """Imports each module and checks its function, before anything is measured."""
    results: list[CheckResult] = []
    for w in workloads:
        seen = len(gil_watch.enabled_by())
        entry: CheckResult = {
            "workload": w["name"],
            "configError": None,
            "fault": None,
            "gilEnabled": False,
            "gilEnabledBy": [],
        }
        try:
            module = load_module(w["modulePath"])
            _, problem = resolve_function(module, w["function"])
            if problem is not None:
                entry["configError"] = problem
        except ModuleClash as error:
            entry["configError"] = str(error)
        except BaseException as error:
            fault = exception_fault(error)
            fault["message"] = f"importing the module failed: {fault['message']}"
            entry["fault"] = fault
        # The engine checks one workload per process; in a longer list, each gets the modules its own
        # import named.
        entry["gilEnabled"] = gil_watch.gil_enabled()
        entry["gilEnabledBy"] = gil_watch.enabled_by()[seen:]
        results.append(entry)
    return results
