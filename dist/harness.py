#!/usr/bin/env python3
"""concurrency-advisor's Python harness: runs one workload under one strategy and times it.

It speaks the protocol of src/runtimes/protocol.ts, one JSON object per line: commands on stdin,
replies on stdout. User code must not write to the protocol channel, so the real stdout is kept on a
private file descriptor and fd 1 is pointed at stderr before the module is imported.

Modes:
  harness.py            a session: init -> ready, round -> round, exit
  harness.py --probe    print the interpreter's version and default start method
  harness.py --check    read [{name, modulePath, function}] on stdin, import each, say what is wrong

Standard library only: it runs under whatever python3 the user's CI has.
"""

import asyncio
import importlib
import inspect
import json
import multiprocessing
import os
import pickle
import select
import signal
import sys
import threading
import time
import traceback
from collections import namedtuple
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

try:
    import resource
except ImportError:  # Windows
    resource = None

# Set in each process-pool worker by _init_worker, so that tasks do not pickle the function every call.
_target = None
_startup_barrier = None

PARENT_WATCH_SECONDS = 0.5
# How long a broken pool may take to tell how its workers ended.
BROKEN_POOL_WAIT_SECONDS = 2
DETAIL_LINES = 12


# ---------------------------------------------------------------------------------------------------
# Loading the user's code


class ModuleClash(Exception):
    """The module's file name is already taken by another imported module (e.g. a file named json.py)."""


def load_module(module_path):
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


def _same_file(a, b):
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False


def resolve_function(module, function_name):
    fn = getattr(module, function_name, None)
    if fn is None:
        names = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
        return None, f"has no function {function_name!r} (it defines: {', '.join(names) or 'no functions'})"
    if not callable(fn):
        return None, f"{function_name!r} is a {type(fn).__name__}, not a function"
    return fn, None


# ---------------------------------------------------------------------------------------------------
# Measuring the process and its workers


def apply_memory_limit(limit_bytes):
    """Caps this process's data segment, so that a runaway allocation raises MemoryError in the
    process that made it. RLIMIT_DATA rather than RLIMIT_AS: thread stacks and malloc arenas reserve
    address space they never use. The engine enforces the sum over all processes separately."""
    if limit_bytes is None or resource is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))
    except (ValueError, OSError):
        pass


def own_peak_rss_bytes():
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak if sys.platform == "darwin" else peak * 1024


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_cpu_seconds(pid):
    """User+system CPU of a process from /proc (Linux), or None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------------
# CPU of the processes the workload starts
#
# Code that drives another program (ffmpeg, a compiler, a service it starts once and feeds over a
# pipe) spends its CPU in child processes that the harness's own clock never sees. On Linux /proc
# gives every process's own CPU (utime+stime) and that of its children it has reaped (cutime+cstime).
# Summed over the tree, counting a measured process (the harness, a pool worker) by its reaped
# children only and any other process by both, the total only grows: a child reaped during a round
# moves from "live" to its parent's reaped share with nothing lost. The difference across a round is
# the CPU the workload's children spent in it, whether they are still alive or not.
#
# The tree is the harness's process group (the engine makes the harness lead one, so a child that was
# orphaned still counts) plus its descendants by parent pid (a child that left the group). The
# harness's helpers are not the workload's: the parent watcher, and multiprocessing's forkserver and
# resource tracker. Pool workers are counted as in-process CPU, never as children.
#
# Elsewhere: RUSAGE_CHILDREN of the harness (its reaped children, macOS), or nothing (Windows).

_tool_pids = set()


def _proc_stat(pid):
    """(ppid, pgrp, own CPU ticks, reaped children's CPU ticks) of a process, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
    except (OSError, IndexError, ValueError):
        return None


def _helper_pids():
    """multiprocessing's forkserver and resource tracker, where started (private attributes)."""
    pids = set(_tool_pids)
    try:
        from multiprocessing import forkserver, resource_tracker

        for pid in (getattr(forkserver._forkserver, "_forkserver_pid", None), getattr(resource_tracker._resource_tracker, "_pid", None)):
            if pid is not None:
                pids.add(pid)
    except (ImportError, AttributeError):
        pass
    return pids


def child_cpu_seconds(measured_pids):
    """Cumulative CPU seconds of the processes the workload started, alive or reaped, or None."""
    me = os.getpid()
    if not os.path.exists(f"/proc/{me}/stat"):
        if resource is None:
            return None
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _proc_stat(int(entry))
            if stat is not None:
                stats[int(entry)] = stat
    group = os.getpgrp() if os.getpgrp() == me else None
    children = {}
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
    return ticks / _CLOCK_TICKS


# ---------------------------------------------------------------------------------------------------
# Worker-side functions of the process pool (pickled by reference as __main__.<name>)


# ---------------------------------------------------------------------------------------------------
# Coroutine functions: outside the async strategy, each call's coroutine runs to completion on an
# event loop of the thread that made the call (serial's, each pool thread's, each worker process's).

_thread_loops = threading.local()


def settle(result):
    """Awaits a call's result on this thread's own event loop when it is awaitable (an `async def`
    function's coroutine), one call at a time; returns anything else as it is."""
    if not inspect.isawaitable(result):
        return result
    loop = getattr(_thread_loops, "loop", None)
    if loop is None:
        loop = _thread_loops.loop = asyncio.new_event_loop()
    return loop.run_until_complete(result)


def call_settled(fn, args):
    return settle(fn(*args))


def _init_worker(module_path, function_name, memory_limit, barrier):
    global _target, _startup_barrier
    apply_memory_limit(memory_limit)
    _target = getattr(load_module(module_path), function_name)
    _startup_barrier = barrier


def _ping_process():
    # Every worker waits for all the others, so the pool really starts all of them before timing stops.
    _startup_barrier.wait(timeout=120)
    return os.getpid()


def _call_in_process(args):
    result = settle(_target(*args))
    return result, os.getpid(), time.process_time(), own_peak_rss_bytes()


# ---------------------------------------------------------------------------------------------------
# Strategies


RoundResult = namedtuple("RoundResult", "wall_seconds cpu_seconds peak_rss_bytes first")
RoundResult.__doc__ = """One round's measurements: wall and CPU seconds (this harness and its pool workers; the
workload's child processes are added by the session), summed peak RSS in bytes, and the first result
(kept only when its serialized size is asked for, else None)."""


class Strategy:
    """One way of running the calls: started once, then timed round by round, then shut down."""

    def __init__(self, fn, args):
        self.fn, self.args = fn, args
        # Whether the calls returned awaitables, where this strategy sees them (serial, async): the
        # engine plans `async` only for coroutine functions. None where it cannot tell.
        self.awaited = None

    def start(self):
        """Starts the pool with all its workers; the session times this as start-up."""

    def round(self, tasks, keep_first):
        """Runs `tasks` calls and returns a RoundResult."""
        raise NotImplementedError

    def shutdown(self):
        pass

    def start_method(self):
        return None

    def pids(self):
        """The processes whose own CPU a round counts: this harness, and a pool's workers."""
        return [os.getpid()]


def _keep_first(results, keep_first):
    """Consumes a round's results as they come, keeping only the first when asked: results are
    dropped at once, so a round never holds more than one of them."""
    first = None
    for i, result in enumerate(results):
        if i == 0 and keep_first:
            first = result
    return first


class Serial(Strategy):
    def round(self, tasks, keep_first):
        # The first call says whether the function is a coroutine function; the rest run in a plain
        # loop: per-call bookkeeping would weigh on calls of a few hundred nanoseconds and inflate
        # every pool's speedup over serial.
        fn, args = self.fn, self.args
        first = None
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        if tasks > 0:
            result = fn(*args)
            self.awaited = inspect.isawaitable(result)
            if self.awaited:
                result = settle(result)
            if keep_first:
                first = result
            del result
            if self.awaited:
                for _ in range(tasks - 1):
                    settle(fn(*args))
            else:
                for _ in range(tasks - 1):
                    fn(*args)
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), first)


class AsyncLoop(Strategy):
    """Up to `workers` calls in flight together on one asyncio loop in this thread. A fixed set of
    lanes (worker coroutines) take call numbers from one shared iterator, so each lane starts the next
    call when its last one finishes; gather, not TaskGroup, keeps Python 3.9 supported."""

    def __init__(self, fn, args, workers):
        super().__init__(fn, args)
        self.workers = workers
        self.loop = None

    def start(self):
        self.loop = asyncio.new_event_loop()

    def round(self, tasks, keep_first):
        fn, args = self.fn, self.args
        calls = iter(range(tasks))
        kept = []

        async def lane():
            for i in calls:
                result = fn(*args)
                if i == 0:
                    self.awaited = inspect.isawaitable(result)
                if inspect.isawaitable(result):
                    result = await result
                if i == 0 and keep_first:
                    kept.append(result)
                del result

        async def all_lanes():
            await asyncio.gather(*(lane() for _ in range(min(self.workers, tasks))))

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        self.loop.run_until_complete(all_lanes())
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), kept[0] if kept else None)

    def shutdown(self):
        if self.loop is not None:
            self.loop.close()


class Threads(Strategy):
    def __init__(self, fn, args, workers):
        super().__init__(fn, args)
        self.workers = workers
        self.pool = None

    def start(self):
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        barrier = threading.Barrier(self.workers)
        for f in [self.pool.submit(barrier.wait, 120) for _ in range(self.workers)]:
            f.result()

    def round(self, tasks, keep_first):
        fn, args, pool = self.fn, self.args, self.pool
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        futures = [pool.submit(call_settled, fn, args) for _ in range(tasks)]
        first = _keep_first((_take(futures, i) for i in range(tasks)), keep_first)
        wall = time.perf_counter() - t0
        return RoundResult(wall, time.process_time() - cpu0, own_peak_rss_bytes(), first)

    def shutdown(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _take(futures, i):
    """The result of future i, dropping the future so that it does not keep the result alive."""
    result = futures[i].result()
    futures[i] = None
    return result


class Processes(Strategy):
    """A ProcessPoolExecutor whose workers import the function themselves, by module path and name."""

    def __init__(self, args, workers, start_method, memory_limit, module_path, function_name):
        super().__init__(None, args)
        self.workers = workers
        self.context = multiprocessing.get_context(None if start_method == "default" else start_method)
        self.memory_limit = memory_limit
        self.module_path, self.function_name = module_path, function_name
        self.pool = None
        self.processes = []
        # Per worker pid: process_time at its last result, and its peak RSS.
        self.worker_cpu = {}
        self.worker_peak = {}

    def start(self):
        barrier = self.context.Barrier(self.workers)
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.module_path, self.function_name, self.memory_limit, barrier),
        )
        for f in [self.pool.submit(_ping_process) for _ in range(self.workers)]:
            f.result()
        # Kept so that a broken pool can say how its worker died; ProcessPoolExecutor never replaces workers.
        self.processes = list(self.pool._processes.values())

    def _workers_cpu(self):
        readings = [proc_cpu_seconds(p.pid) for p in self.processes]
        return None if any(r is None for r in readings) else sum(readings)

    def round(self, tasks, keep_first):
        pool, args = self.pool, self.args
        first = None
        before = self._workers_cpu()
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        futures = [pool.submit(_call_in_process, args) for _ in range(tasks)]
        in_call_cpu = 0.0
        for i in range(tasks):
            result, pid, cpu, peak = futures[i].result()
            futures[i] = None
            if i == 0 and keep_first:
                first = result
            del result
            in_call_cpu += cpu - self.worker_cpu.get(pid, cpu)
            self.worker_cpu[pid] = cpu
            if peak is not None:
                self.worker_peak[pid] = max(self.worker_peak.get(pid, 0), peak)
        wall = time.perf_counter() - t0
        own_cpu = time.process_time() - cpu0
        after = self._workers_cpu()
        # /proc counts all the workers' CPU, unpickling included; elsewhere fall back to the CPU the
        # workers reported between their results.
        workers_cpu = after - before if before is not None and after is not None else in_call_cpu
        own_peak = own_peak_rss_bytes()
        peak = None if own_peak is None else own_peak + sum(self.worker_peak.values())
        return RoundResult(wall, own_cpu + workers_cpu, peak, first)

    def broken_fault(self, error):
        """Turns a BrokenProcessPool into what happened to the worker that died.

        The executor's manager thread reaps the workers too, and whichever thread's waitpid loses sees
        no exit code until the other stores it: so wait until every code is known. Once one worker
        died, the executor sends SIGTERM to the others: the one that died otherwise is the culprit.
        """
        deadline = time.monotonic() + BROKEN_POOL_WAIT_SECONDS
        while any(p.exitcode is None for p in self.processes) and time.monotonic() < deadline:
            time.sleep(0.01)
        codes = [p.exitcode for p in self.processes]
        terminated = -signal.SIGTERM
        culprits = [c for c in codes if c not in (None, 0, terminated)] or [c for c in codes if c == terminated]
        if not culprits:
            return {"kind": "exit", "message": f"a worker process died: {error}"}
        code = culprits[0]
        if code < 0:
            name = signal_name(-code)
            return {"kind": "signal", "message": f"a worker process was killed by {name}", "signal": name}
        return {"kind": "exit", "message": f"a worker process exited with code {code}", "exitCode": code}

    def shutdown(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def start_method(self):
        return self.context.get_start_method()

    def pids(self):
        return [os.getpid()] + [p.pid for p in self.processes]


def make_strategy(command, fn):
    """The strategy an `init` command names, not yet started."""
    args = tuple(command["args"])
    kind = command["strategy"]
    if kind == "serial":
        return Serial(fn, args)
    if kind == "async":
        return AsyncLoop(fn, args, command["workers"])
    if kind == "threads":
        return Threads(fn, args, command["workers"])
    return Processes(
        args, command["workers"], command["startMethod"], command["memoryLimitBytes"], command["modulePath"], command["function"]
    )


# ---------------------------------------------------------------------------------------------------
# Faults as data


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def exception_fault(error):
    remote = error.__cause__
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    if remote is not None and type(remote).__name__ == "_RemoteTraceback":
        lines = [str(remote)]
    detail = "".join(lines).strip().splitlines()[-DETAIL_LINES:]
    message = f"{type(error).__name__}: {error}".strip().rstrip(":")
    fault = {"kind": "exception", "type": type(error).__name__, "message": message.splitlines()[0] if message else type(error).__name__, "detail": "\n".join(detail)}
    if isinstance(error, MemoryError):
        fault["kind"] = "memory"
    if isinstance(error, SystemExit):
        code = error.code if isinstance(error.code, int) else 1
        fault.update(kind="exit", message=f"called sys.exit({error.code!r})", exitCode=code)
    return fault


# ---------------------------------------------------------------------------------------------------
# Session


def watch_parent():
    """Kills this harness's process group, pool workers and whatever the user's code started, when
    the engine that started the harness is gone (killed with -9, say) or the harness itself has died,
    so that no process outlives a run. The engine put the harness in a group of its own.

    The watcher is a forked process, not a thread: user code that holds the GIL inside C (a regular
    expression that never ends) would starve a thread. It leaves the harness's group so that its
    memory is not counted as the workload's, and it learns of the harness's death at once from a
    pipe that only the harness (and its forked workers) hold open. Returns the watcher's pid."""
    if not hasattr(os, "fork") or not hasattr(os, "killpg"):
        return None
    engine, group = engine_pid(), os.getpgrp()
    alive_r, alive_w = os.pipe()
    pid = os.fork()
    if pid != 0:
        os.close(alive_r)
        return pid
    try:
        os.setpgid(0, 0)
        # Hold nothing of the harness's: an inherited stdout would keep the engine waiting for EOF.
        os.dup2(alive_r, 0)
        os.closerange(1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
        while True:
            harness_gone, _, _ = select.select([0], [], [], PARENT_WATCH_SECONDS)
            if harness_gone or not process_alive(engine):
                os.killpg(group, signal.SIGKILL)
                break
    except BaseException:
        pass
    finally:
        os._exit(0)


def engine_pid():
    """The engine's pid as it passed it (it may have died before this harness was up, when our
    parent is already init), or our parent's when started by other means."""
    try:
        return int(os.environ["CONCURRENCY_ADVISOR_ENGINE_PID"])
    except (KeyError, ValueError):
        return os.getppid()


def stop_watcher(pid):
    """Ends the watcher of a harness that is exiting normally, and reaps it (no zombie left)."""
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def process_alive(pid):
    """Whether a process exists and has not exited: a zombie (exited, not yet reaped) is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc (macOS): only a reaped engine is seen as gone


def serialized_size(value):
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return None


# Commands are checked field by field, as the Node harness does (src/runtimes/node/commands.ts): a
# malformed command is a harness bug, answered as a `protocol` fault, never as the workload's exception.

_STRATEGY_NAMES = ("serial", "async", "threads", "processes")
_START_METHODS = ("default", "fork", "spawn", "forkserver")


class ProtocolError(Exception):
    """A command that is not one of the protocol's, or one out of turn."""


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def parse_command(line):
    """One command line from the engine as a dict whose fields have been checked."""
    try:
        command = json.loads(line)
    except ValueError:
        raise ProtocolError(f"unreadable command: {line.strip()[:200]}") from None
    if not isinstance(command, dict):
        raise ProtocolError(f"unreadable command: {line.strip()[:200]}")
    kind = command.get("type")
    if kind == "exit":
        return command
    if kind == "round":
        if _is_count(command.get("tasks")) and isinstance(command.get("measureBytes"), bool):
            return command
        raise ProtocolError('a malformed "round" command')
    if kind == "init":
        memory = command.get("memoryLimitBytes")
        checks = [
            isinstance(command.get("modulePath"), str),
            isinstance(command.get("function"), str),
            isinstance(command.get("args"), list),
            command.get("strategy") in _STRATEGY_NAMES,
            _is_count(command.get("workers")) and command["workers"] >= 1,
            command.get("startMethod", "default") in _START_METHODS,
            memory is None or (_is_count(memory) and memory > 0),
        ]
        if all(checks):
            return dict(command, startMethod=command.get("startMethod", "default"), memoryLimitBytes=memory)
        raise ProtocolError('a malformed "init" command')
    raise ProtocolError(f"unknown command type {kind!r}")


def protocol_fault(message):
    return {"kind": "protocol", "message": f"harness: {message}"}


def run_session(reply):
    strategy = None
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = parse_command(line)
            if command["type"] == "init" and strategy is not None:
                raise ProtocolError('a second "init"')
            if command["type"] == "round" and strategy is None:
                raise ProtocolError('"round" before "init"')
        except ProtocolError as error:
            reply({"type": "fault", "fault": protocol_fault(str(error))})
            break
        kind = command["type"]
        if kind == "exit":
            break
        if kind == "init":
            strategy = start_strategy(command, reply)
            if strategy is None:
                return
        elif not run_round(strategy, command, reply):
            return
    if strategy is not None:
        strategy.shutdown()


def start_strategy(command, reply):
    """Imports the function and starts the strategy (timed); replies ready, or a fault and None."""
    apply_memory_limit(command["memoryLimitBytes"])
    module = load_module(command["modulePath"])
    fn, problem = resolve_function(module, command["function"])
    if fn is None:
        message = f"{command['modulePath']} {problem}"
        reply({"type": "fault", "fault": {"kind": "exception", "type": "AttributeError", "message": message}})
        return None
    strategy = make_strategy(command, fn)
    t0 = time.perf_counter()
    strategy.start()
    # Serial and async run on the harness's own thread: nothing to start.
    startup = time.perf_counter() - t0 if command["strategy"] not in ("serial", "async") else 0.0
    version = ".".join(str(v) for v in sys.version_info[:3])
    reply({"type": "ready", "startupSeconds": startup, "runtimeVersion": version, "startMethod": strategy.start_method()})
    return strategy


def run_round(strategy, command, reply):
    """Runs and replies one round; False after a fault, when the session must end."""
    measure = command["measureBytes"]
    # Read outside the timed section: a scan of /proc costs milliseconds.
    children_before = child_cpu_seconds(strategy.pids())
    try:
        result = strategy.round(command["tasks"], measure)
    except BrokenProcessPool as error:
        reply({"type": "fault", "fault": strategy.broken_fault(error)})
        return False
    children_after = child_cpu_seconds(strategy.pids())
    children = None
    if children_before is not None and children_after is not None:
        # A child that left the tree (orphaned, re-parented out of the group) takes its CPU with
        # it: never let that make the figure negative.
        children = max(0.0, children_after - children_before)
    reply({
        "type": "round",
        "wallSeconds": result.wall_seconds,
        "cpuSeconds": result.cpu_seconds + (children or 0.0),
        "childCpuSeconds": children,
        "peakRssBytes": result.peak_rss_bytes,
        "bytesToWorkersPerCall": serialized_size(strategy.args) if measure else None,
        "bytesFromWorkersPerCall": serialized_size(result.first) if measure else None,
        "awaited": strategy.awaited,
    })
    return True


def main():
    # Keep the real stdout for the protocol; everything the user's code prints goes to stderr.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    def reply(message):
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    if "--probe" in sys.argv:
        version = ".".join(str(v) for v in sys.version_info[:3])
        reply({"version": version, "executable": sys.executable, "defaultStartMethod": multiprocessing.get_start_method()})
        return
    # Importing a module runs its code too: the check is watched like a session.
    watcher = watch_parent()
    if watcher is not None:
        _tool_pids.add(watcher)
    if "--check" in sys.argv:
        reply(check_workloads(json.load(sys.stdin)))
    else:
        try:
            run_session(reply)
        except BaseException as error:  # the user's code may raise anything, SystemExit included
            reply({"type": "fault", "fault": exception_fault(error)})
        finally:
            protocol.flush()
    stop_watcher(watcher)
    # Skip interpreter teardown: a non-daemon thread that the user's code (or a module it imports)
    # started must not keep the harness alive.
    sys.stderr.flush()
    os._exit(0)


def check_workloads(workloads):
    """Imports each module and checks its function, before anything is measured."""
    results = []
    for w in workloads:
        entry = {"workload": w["name"], "configError": None, "fault": None}
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
        results.append(entry)
    return results


if __name__ == "__main__":
    main()
