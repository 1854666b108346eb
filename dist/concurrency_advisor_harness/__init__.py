"""concurrency-advisor's Python harness: runs one workload under one strategy and times it.

The engine starts it through the launcher beside this package (``harness.py``; see there why not
``python -m``) and speaks the protocol of src/runtimes/protocol.ts with it, one JSON object per line:
commands on stdin, replies on stdout.

Modes:
  harness.py            a session: init -> ready, round -> round, exit
  harness.py --probe    print the interpreter's facts (interpreter.py)
  harness.py --check    read [{name, modulePath, function}] on stdin, import each, say what is wrong

Modules, by concern:
  main           the entry: keeps the protocol channel, picks the mode
  protocol       the channel and the commands, checked field by field
  session        init -> ready, round -> round: the strategy's start-up and rounds, timed
  check          the pre-flight import of each workload
  strategies/    serial, async, threads, processes: one class each on one base
  workers        the process pool's worker side (imported by name in spawn and forkserver workers)
  coroutines     each thread's event loop for `async def` functions outside the async strategy
  loading        importing the user's module by name
  accounting     the memory cap, peak RSS and a process's CPU
  child_cpu      CPU of the processes the workload starts
  parent_watch   the forked watcher that kills the process group when the engine is gone
  faults         exceptions and signals as fault records
  interpreter    facts about the interpreter: version, executable, default start method, build, GIL
  gil_watch      whether the GIL is on, and the modules whose import turned it back on

Standard library only, Python 3.9 or later: it runs under whatever python3 the user's CI has. Every
module says ``from __future__ import annotations`` so that its annotations may use the newer syntax
that pyright checks (``npm run lint:python``) without being evaluated on 3.9.
"""
