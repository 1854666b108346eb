"""The parent watch: no process outlives a run, even when the engine is killed with -9."""

from __future__ import annotations

import os
import select
import signal

# How often the watcher looks at the engine.
PARENT_WATCH_SECONDS = 0.5


def watch_parent() -> int | None:
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
    alive_r, _alive_w = os.pipe()
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


def engine_pid() -> int:
    """The engine's pid as it passed it (it may have died before this harness was up, when our
    parent is already init), or our parent's when started by other means."""
    try:
        return int(os.environ["CONCURRENCY_ADVISOR_ENGINE_PID"])
    except (KeyError, ValueError):
        return os.getppid()


def stop_watcher(pid: int | None) -> None:
    """Ends the watcher of a harness that is exiting normally, and reaps it (no zombie left)."""
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def process_alive(pid: int) -> bool:
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
