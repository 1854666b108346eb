"""Loading the user's code: the module by its name, then the function by its name."""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType
from typing import Callable


class ModuleClash(Exception):
    """The module's file name is already taken by another imported module (e.g. a file named json.py)."""


def load_module(module_path: str) -> ModuleType:
    """Imports the module by its file stem with its folder on sys.path.

    Importing by name, not from a file spec, is what lets pickle find `module.function` again in
    worker processes started with spawn or forkserver: they rebuild sys.path and import the name.
    """
    directory = os.path.dirname(os.path.abspath(module_path))
    name = os.path.splitext(os.path.basename(module_path))[0]
    existing = sys.modules.get(name)
    if existing is not None and not _same_file(getattr(existing, "__file__", None), module_path):
        raise ModuleClash(
            f"the module name {name!r} is already taken by {getattr(existing, '__file__', 'a built-in module')}; "
            f"rename {os.path.basename(module_path)}"
        )
    if directory not in sys.path:
        sys.path.insert(0, directory)
    return importlib.import_module(name)


def _same_file(a: str | None, b: str) -> bool:
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False


def resolve_function(module: ModuleType, function_name: str) -> tuple[Callable[..., object] | None, str | None]:
    """The named callable of the module, or None and what is wrong, in words."""
    fn: object = getattr(module, function_name, None)
    if fn is None:
        names = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
        return None, f"has no function {function_name!r} (it defines: {', '.join(names) or 'no functions'})"
    if not callable(fn):
        return None, f"{function_name!r} is a {type(fn).__name__}, not a function"
    return fn, None
