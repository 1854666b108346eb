// What every harness-based runtime adapter does the same way: the pre-flight check through the
// harness's --check mode (one process per workload, so a module that crashes its interpreter on
// import takes only itself down) and a session opened with the workload's `init` command. An adapter
// supplies only how to start its harness.

import type { Fault, WorkloadSpec } from '../types.ts'
import { gilFields, isRecord, parseFault } from './protocol.ts'
import { runOnce } from './run-once.ts'
import type { OnceResult } from './run-once.ts'
import type { SessionOutcome, SessionSpec, WorkloadCheck } from './runtime.ts'
import { openHarnessSession } from './session.ts'
import type { HarnessLaunch } from './session.ts'
import { lastLine } from './text.ts'

/** Imports each workload's module in a throwaway harness and reports what is wrong. */
export async function checkWithHarness(
  launch: HarnessLaunch,
  workloads: readonly WorkloadSpec[]
): Promise<WorkloadCheck[]> {
  const checks: WorkloadCheck[] = []
  for (const workload of workloads) {
    const input = JSON.stringify([
      { name: workload.name, modulePath: workload.modulePath, function: workload.function }
    ])
    const result = await runOnce(launch.file, [...launch.args, '--check'], {
      cwd: launch.cwd,
      input,
      timeoutSeconds: workload.timeoutSeconds
    })
    checks.push(interpretCheck(workload.name, result))
  }
  return checks
}

/** Starts a harness for one strategy of one workload and sends it `init`. */
export function openWithHarness(launch: HarnessLaunch, spec: SessionSpec): Promise<SessionOutcome> {
  const { workload } = spec
  return openHarnessSession(
    launch,
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

/** Parses JSON output, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function interpretCheck(workload: string, result: OnceResult): WorkloadCheck {
  const noGil = { gilEnabled: null, gilEnabledBy: [] }
  const died = importDeathFault(result)
  if (died !== null) return { workload, configError: null, fault: died, ...noGil }
  const output = parseJson(result.stdout)
  const entry: unknown = Array.isArray(output) ? (output as unknown[])[0] : undefined
  const gil = isRecord(entry) ? gilFields(entry) : null
  if (!isRecord(entry) || gil === null) {
    const fault: Fault = { kind: 'protocol', message: 'the harness gave no check result' }
    return { workload, configError: null, fault, ...noGil }
  }
  const configError = typeof entry.configError === 'string' ? entry.configError : null
  return {
    workload,
    configError,
    fault: parseFault(entry.fault),
    gilEnabled: gil.gilEnabled ?? null,
    gilEnabledBy: gil.gilEnabledBy ?? []
  }
}

/** How a --check process died while importing the module, or null when it exited normally. */
function importDeathFault(result: OnceResult): Fault | null {
  if (result.timedOut) return { kind: 'timeout', message: 'importing the module timed out' }
  if (result.signal !== undefined) {
    return {
      kind: 'signal',
      message: `importing the module was killed by ${result.signal}`,
      signal: result.signal
    }
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
