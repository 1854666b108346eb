// The Python runtime: runs src/runtimes/python/harness.py (dist/harness.py once bundled), the launcher
// of the package beside it (concurrency_advisor_harness/), with the python3 on PATH or the one the
// user names, one harness process per strategy and worker count.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../../errors.ts'
import { checkWithHarness, openWithHarness, probeWithHarness } from '../harness-adapter.ts'
import type { HarnessLaunch } from '../session.ts'
import type { Runtime } from '../runtime.ts'
import type { RuntimeTraits } from '../../types.ts'

/** What the verdict and the reports need to know of CPython. */
export const PYTHON_TRAITS: RuntimeTraits = {
  hasGil: true,
  strategyNames: {
    serial: 'a plain loop',
    async: 'asyncio',
    threads: 'ThreadPoolExecutor',
    processes: 'ProcessPoolExecutor'
  },
  serializer: 'pickle',
  unblockWait:
    'await an asyncio API instead (asyncio.sleep, asyncio.create_subprocess_exec, an async client), or move the blocking call off the loop with asyncio.to_thread or loop.run_in_executor',
  unblockCompute:
    'move the computation off the loop with loop.run_in_executor and a ProcessPoolExecutor'
}

/**
 * The harness's launcher sits next to this module in src/, and next to the bundle in dist/; the
 * package it imports sits beside it (without it every run would fail as if the interpreter did).
 */
function harnessPath(): string {
  const path = fileURLToPath(new URL('./harness.py', import.meta.url))
  const files = [
    path,
    fileURLToPath(new URL('./concurrency_advisor_harness/main.py', import.meta.url))
  ]
  const missing = files.find((file) => !existsSync(file))
  if (missing !== undefined) throw new Error(`the Python harness is missing: ${missing}`)
  return path
}

export interface PythonOptions {
  /** Interpreter command or path; `python3` on PATH when null. */
  readonly python: string | null
  /** Where harnesses run: the config's directory. */
  readonly cwd: string
  /** Where the interpreter setting came from, for error messages (e.g. "--python"). */
  readonly source: string
}

/** Creates the Python runtime adapter. */
export function createPythonRuntime(options: PythonOptions): Runtime {
  const python = options.python ?? 'python3'
  const launch: HarnessLaunch = { file: python, args: [harnessPath()], cwd: options.cwd }
  return {
    id: 'python',
    traits: PYTHON_TRAITS,
    probe: () =>
      probeWithHarness(
        launch,
        (why) =>
          new UsageError(`${options.source}: python: cannot run ${JSON.stringify(python)}: ${why}`)
      ),
    check: (workloads) => checkWithHarness(launch, workloads),
    openSession: (spec) => openWithHarness(launch, spec)
  }
}
