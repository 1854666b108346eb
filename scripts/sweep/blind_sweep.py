"""A blind sweep, as a user's own short script would measure a function: serial, then a
ThreadPoolExecutor and a ProcessPoolExecutor at 2 and 4 workers, 3 rounds of TASKS calls each.

It imports nothing of concurrency-advisor on purpose: `npm run bench -- --sweep` times this script's
whole run (interpreter start-up, import, pool start-ups, rounds) against the tool's on the same
workload, with the task count the tool chose, and the comparison is only fair if this stays what a
user would write. An `async def` function's coroutine is run to completion per call with asyncio.run.

    python3 scripts/sweep/blind_sweep.py MODULE FUNCTION ARGS_JSON TASKS [--workers 2,4] [--rounds 3]

Prints one JSON object: per configuration its rounds' wall times, or the error that stopped it.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Callable

Function = Callable[..., object]


def call(fn: Function, args: list[object]) -> object:
    result = fn(*args)
    return asyncio.run(result) if inspect.iscoroutine(result) else result


def load(module_path: str, name: str) -> Function:
    # By module name with its folder on sys.path, so that worker processes can unpickle the function.
    sys.path.insert(0, os.path.dirname(os.path.abspath(module_path)))
    module = importlib.import_module(os.path.splitext(os.path.basename(module_path))[0])
    return getattr(module, name)


def timed_rounds(fn: Function, args: list[object], tasks: int, rounds: int, pool: Executor | None) -> list[float]:
    walls: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        if pool is None:
            for _ in range(tasks):
                call(fn, args)
        else:
            for _ in pool.map(call, [fn] * tasks, [args] * tasks):
                pass
        walls.append(time.perf_counter() - started)
    return walls


def main() -> None:
    parser = argparse.ArgumentParser(description="A blind sweep of serial, threads and processes.")
    parser.add_argument("module")
    parser.add_argument("function")
    parser.add_argument("args", help="the call's positional arguments, a JSON list")
    parser.add_argument("tasks", type=int)
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    fn = load(options.module, options.function)
    args: list[object] = json.loads(options.args)
    tasks: int = options.tasks
    rounds: int = options.rounds
    workers = [int(n) for n in str(options.workers).split(",")]
    pools: list[tuple[str, int, Callable[[int], Executor] | None]] = [("serial", 1, None)]
    pools += [("threads", n, ThreadPoolExecutor) for n in workers]
    pools += [("processes", n, ProcessPoolExecutor) for n in workers]
    configurations: list[dict[str, object]] = []
    for strategy, count, make in pools:
        walls: list[float] = []
        error = None
        try:
            if make is None:
                walls = timed_rounds(fn, args, tasks, rounds, None)
            else:
                with make(count) as pool:
                    walls = timed_rounds(fn, args, tasks, rounds, pool)
        except Exception as failure:  # a configuration that fails is reported; the others still run
            error = f"{type(failure).__name__}: {failure}"
        configurations.append({"strategy": strategy, "workers": count, "walls": walls, "error": error})
    print(json.dumps({"tasks": tasks, "configurations": configurations}))


if __name__ == "__main__":
    main()
