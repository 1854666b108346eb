// The Python runtime: runs src/runtimes/python/harness.py (dist/harness.py once bundled) with the
// python3 on PATH or the one the user names, one harness process per strategy and worker count.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../../errors.ts'
import type { Fault, WorkloadSpec } from '../../types.ts'
import { runOnce } from '../run-once.ts'
import type {
  Runtime,
  RuntimeProbe,
  RuntimeTraits,
  SessionOutcome,
  SessionSpec,
  WorkloadCheck
} from '../runtime.ts'
import { openHarnessSession } from '../session.ts'

const PROBE_TIMEOUT_SECONDS = 30

const TRAITS: RuntimeTraits = {
  hasGil: true,
  strategyNames: {
    serial: 'a plain loop',
    threads: 'ThreadPoolExecutor',
    processes: 'ProcessPoolExecutor'
  },
  serializer: 'pickle'
}

/** The harness sits next to this module in src/, and next to the bundle in dist/. */
function harnessPath(): string {
  const path = fileURLToPath(new URL('./harness.py', import.meta.url))
  if (!existsSync(path)) throw new Error(`the Python harness is missing: ${path}`)
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
  const harness = harnessPath()
  return {
    id: 'python',
    traits: TRAITS,
    async probe(): Promise<RuntimeProbe> {
      const result = await runOnce(python, [harness, '--probe'], {
        cwd: options.cwd,
        timeoutSeconds: PROBE_TIMEOUT_SECONDS
      })
      if (result.exitCode !== 0) {
        const why =
          result.spawnError ?? (lastLine(result.stderr) || `exit code ${String(result.exitCode)}`)
        throw new UsageError(
          `${options.source}: python: cannot run ${JSON.stringify(python)}: ${why}`
        )
      }
      const parsed = JSON.parse(result.stdout) as {
        version: string
        executable: string
        defaultStartMethod: string
      }
      return {
        version: parsed.version,
        executable: parsed.executable,
        defaultStartMethod: parsed.defaultStartMethod
      }
    },
    async check(workloads: readonly WorkloadSpec[]): Promise<WorkloadCheck[]> {
      // One process per workload: a module that crashes the interpreter on import takes only itself down.
      const checks: WorkloadCheck[] = []
      for (const workload of workloads) {
        const input = JSON.stringify([
          { name: workload.name, modulePath: workload.modulePath, function: workload.function }
        ])
        const result = await runOnce(python, [harness, '--check'], {
          cwd: options.cwd,
          input,
          timeoutSeconds: workload.timeoutSeconds
        })
        checks.push(interpretCheck(workload, result.stdout, checkFault(result)))
      }
      return checks
    },
    openSession(spec: SessionSpec): Promise<SessionOutcome> {
      const { workload } = spec
      return openHarnessSession(
        { file: python, args: [harness], cwd: options.cwd },
        {
          type: 'init',
          modulePath: workload.modulePath,
          function: workload.function,
          args: workload.args,
          strategy: spec.strategy,
          workers: spec.workers,
          startMethod: workload.startMethod,
          memoryLimitBytes: workload.memoryBytes
        },
        { timeoutSeconds: workload.timeoutSeconds, memoryBytes: workload.memoryBytes },
        spec.signal
      )
    }
  }
}

function checkFault(result: Awaited<ReturnType<typeof runOnce>>): Fault | null {
  if (result.timedOut) return { kind: 'timeout', message: 'importing the module timed out' }
  if (result.signal !== undefined)
    return {
      kind: 'signal',
      message: `importing the module was killed by ${result.signal}`,
      signal: result.signal
    }
  if (result.exitCode !== 0) {
    const hint = lastLine(result.stderr)
    return {
      kind: 'exit',
      message: `importing the module exited with code ${String(result.exitCode)}${hint ? `: ${hint}` : ''}`,
      exitCode: result.exitCode ?? -1
    }
  }
  return null
}

function interpretCheck(
  workload: WorkloadSpec,
  stdout: string,
  fault: Fault | null
): WorkloadCheck {
  if (fault !== null) return { workload: workload.name, configError: null, fault }
  const [entry] = JSON.parse(stdout) as [{ configError: string | null; fault: Fault | null }]
  return { workload: workload.name, configError: entry.configError, fault: entry.fault }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? ''
}
