// What every harness-based runtime adapter does the same way: the probe through the harness's --probe
// mode, the pre-flight check through its --check mode (one process per workload, so a module that
// crashes its interpreter on import takes only itself down) and a session loaded with the workload's
// `init` command. An adapter supplies only how to start its harness.

import { availableParallelism } from 'node:os'
import type { Fault, WorkloadSpec } from '../types.ts'
import { gilFields, isRecord, parseFault, parseJson } from './protocol.ts'
import { runOnce } from './run-once.ts'
import type { OnceResult } from './run-once.ts'
import type { LoadSessionOutcome, RuntimeProbe, SessionSpec, WorkloadCheck } from './runtime.ts'
import { loadHarnessSession } from './session.ts'
import type { HarnessLaunch } from './session.ts'
import { lastLine } from './text.ts'

const PROBE_TIMEOUT_SECONDS = 30

/**
 * Asks the harness what runs it (--probe): the facts of the interpreter, less the name the config
 * gives it, which the adapter knows. `fail` turns why it could not say, in words, into the error to
 * throw: the user's interpreter failing is a usage error, the tool's own a broken install.
 */
export async function probeWithHarness(
  launch: HarnessLaunch,
  fail: (why: string) => Error,
  onReply?: (reply: Record<string, unknown>) => void
): Promise<Omit<RuntimeProbe, 'name'>> {
  const result = await runOnce(launch.file, [...launch.args, '--probe'], {
    cwd: launch.cwd,
    timeoutSeconds: PROBE_TIMEOUT_SECONDS
  })
  const parsed = result.exitCode === 0 ? parseJson(result.stdout) : null
  const reply = isRecord(parsed) ? parsed : null
  const probe = reply === null ? null : parseProbe(reply)
  if (reply === null || probe === null)
    // One line: execa's message repeats the command line before the cause.
    throw fail(
      result.spawnError !== null
        ? lastLine(result.spawnError)
        : lastLine(result.stderr) || `exit code ${String(result.exitCode)}`
    )
  onReply?.(reply)
  return probe
}

/**
 * The probe's reply. A runtime without a GIL (Node) and a Python too old for the harness (which
 * answers with its version alone, harness.py) leave out the build's facts: no free-threading, no GIL
 * said to be on.
 */
function parseProbe(value: Record<string, unknown>): Omit<RuntimeProbe, 'name'> | null {
  if (typeof value.version !== 'string' || typeof value.executable !== 'string') return null
  const method = typeof value.defaultStartMethod === 'string' ? value.defaultStartMethod : null
  return {
    version: value.version,
    executable: value.executable,
    defaultStartMethod: method,
    freeThreaded: value.freeThreaded === true,
    gilEnabled: value.gilEnabled === true,
    gilForcedBy: typeof value.gilForcedBy === 'string' ? value.gilForcedBy : null
  }
}

/**
 * Imports each workload's module in a throwaway harness and reports what is wrong: as many at once as
 * there are CPUs to use, since each is an interpreter's start and an import, and a config of a dozen
 * workloads checked one by one waited seconds for them.
 */
export async function checkWithHarness(
  launch: HarnessLaunch,
  workloads: readonly WorkloadSpec[]
): Promise<WorkloadCheck[]> {
  const checks: WorkloadCheck[] = []
  let next = 0
  const checker = async (): Promise<void> => {
    for (let index = next++; index < workloads.length; index = next++) {
      const workload = workloads[index]!
      const input = JSON.stringify([
        { name: workload.name, modulePath: workload.modulePath, function: workload.function }
      ])
      const result = await runOnce(launch.file, [...launch.args, '--check'], {
        cwd: launch.cwd,
        input,
        timeoutSeconds: workload.timeoutSeconds
      })
      checks[index] = interpretCheck(workload.name, result)
    }
  }
  const width = Math.min(workloads.length, availableParallelism())
  await Promise.all(Array.from({ length: width }, checker))
  return checks
}

/** Starts a harness for one strategy of one workload and sends it `init` (loads, does not start). */
export function loadWithHarness(
  launch: HarnessLaunch,
  spec: SessionSpec
): Promise<LoadSessionOutcome> {
  const { workload } = spec
  return loadHarnessSession(
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
