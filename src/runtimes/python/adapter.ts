// The Python runtime: runs src/runtimes/python/harness.py (dist/harness.py once bundled), the launcher
// of the package beside it (concurrency_advisor_harness/), with the python3 on PATH or the one the
// user names, one harness process per strategy and worker count.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../../errors.ts'
import { waitForQuiet } from '../quiet.ts'
import { harnessEnvironment } from '../child-env.ts'
import { checkWithHarness, loadWithHarness, probeWithHarness } from '../harness-adapter.ts'
import type { HarnessLaunch } from '../session.ts'
import type { Runtime, RuntimeProbe } from '../runtime.ts'
import type { RuntimeTraits } from '../../types.ts'
import { directLaunch } from './direct-launch.ts'
import type { DirectLaunch } from './direct-launch.ts'

/**
 * What the verdict and the reports need to know of CPython. Whether its GIL was on is a fact of each
 * interpreter and workload (free-threaded builds, PEP 703), reported by the harness.
 */
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
  /** Interpreter commands or paths, the first the reference; `python3` on PATH when null. */
  readonly python: readonly string[] | null
  /** Where harnesses run: the config's directory. */
  readonly cwd: string
  /** Where the interpreter setting came from, for error messages (e.g. "--python"). */
  readonly source: string
}

/** The oldest Python the harness supports (README). */
const MINIMUM_VERSION = [3, 9] as const

/** Creates the Python runtime adapter over one interpreter or several. */
export function createPythonRuntime(options: PythonOptions): Runtime {
  const names = options.python ?? ['python3']
  const harness = harnessPath()
  const launchOf = (
    interpreter: number,
    env: Readonly<Record<string, string>> = {}
  ): HarnessLaunch => ({
    file: names[interpreter]!,
    args: [harness],
    cwd: options.cwd,
    env
  })
  // Per interpreter, once its probe has answered: how its sessions start without the command's
  // wrapper, where the probe shows that changes nothing (direct-launch.ts).
  const direct: (DirectLaunch | null)[] = names.map(() => null)
  const sessionLaunchOf = (
    interpreter: number,
    env: Readonly<Record<string, string>>
  ): HarnessLaunch => {
    const launch = launchOf(interpreter, env)
    const known = direct[interpreter]
    return known === null || known === undefined
      ? launch
      : { ...launch, file: known.file, baseEnv: known.env }
  }
  return {
    id: 'python',
    traits: PYTHON_TRAITS,
    interpreterCount: names.length,
    // Every interpreter at once: a missing or too old one is refused before anything runs, by name.
    probe: () =>
      Promise.all(
        names.map((name, index) =>
          probeOne(name, launchOf(0), options, (reply) => {
            direct[index] = directLaunch(reply, {
              args: [harness],
              cwd: options.cwd,
              env: harnessEnvironment(process.env)
            })
          })
        )
      ),
    // Checks start with the probes, before any reply: always through the command.
    check: (workloads, interpreter = 0) => checkWithHarness(launchOf(interpreter), workloads),
    waitForQuiet,
    // The same binary with its GIL forced on, for a free-threaded build's GIL-forced twin.
    loadSession: (spec) =>
      loadWithHarness(
        sessionLaunchOf(spec.interpreter ?? 0, spec.gilForced === true ? { PYTHON_GIL: '1' } : {}),
        spec
      )
  }
}

/** Probes one interpreter. Throws UsageError naming it when it does not run or is too old. */
async function probeOne(
  name: string,
  launch: HarnessLaunch,
  options: PythonOptions,
  onReply: (reply: Record<string, unknown>) => void
): Promise<RuntimeProbe> {
  const probe = await probeWithHarness(
    { ...launch, file: name },
    (why) => new UsageError(`${options.source}: cannot run ${JSON.stringify(name)}: ${why}`),
    onReply
  )
  const [major = 0, minor = 0] = probe.version.split('.').map(Number)
  const [needMajor, needMinor] = MINIMUM_VERSION
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    throw new UsageError(
      `${options.source}: ${JSON.stringify(name)} is Python ${probe.version}; Python workloads need ${needMajor}.${needMinor} or later`
    )
  }
  return { name, ...probe }
}
