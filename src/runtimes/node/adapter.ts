// The Node runtime: runs src/runtimes/node/harness.ts (dist/node-harness.js once bundled) with the
// Node that runs the tool, one harness process per strategy and worker count. Worker threads run
// JavaScript in parallel (no GIL), so threads and processes differ in cost, not in what can scale.

import type { Fault, WorkloadSpec } from '../../types.ts'
import { runOnce } from '../run-once.ts'
import type { OnceResult } from '../run-once.ts'
import type {
  Runtime,
  RuntimeProbe,
  RuntimeTraits,
  SessionOutcome,
  SessionSpec,
  WorkloadCheck
} from '../runtime.ts'
import { openHarnessSession } from '../session.ts'
import { heapLimitFlags } from './heap-limit.ts'
import { locateSibling } from './locate.ts'
import { isRecord, parseFault } from './protocol.ts'

const PROBE_TIMEOUT_SECONDS = 30

const TRAITS: RuntimeTraits = {
  hasGil: false,
  strategyNames: {
    serial: 'the main thread',
    threads: 'worker_threads',
    processes: 'child_process.fork'
  },
  serializer: 'structured clone'
}

export interface NodeOptions {
  /** Where harnesses run: the config's directory. */
  readonly cwd: string
}

/** Creates the Node runtime adapter. */
export function createNodeRuntime(options: NodeOptions): Runtime {
  const node = process.execPath
  const harness = locateSibling(import.meta.url, ['harness.ts', 'node-harness.js'])
  return {
    id: 'node',
    traits: TRAITS,
    async probe(): Promise<RuntimeProbe> {
      const result = await runOnce(node, [harness, '--probe'], {
        cwd: options.cwd,
        timeoutSeconds: PROBE_TIMEOUT_SECONDS
      })
      const probe = result.exitCode === 0 ? parseProbe(result.stdout) : null
      if (probe === null) {
        // The tool runs on this very Node: failing here is a broken install, not a user error.
        const why =
          result.spawnError ?? (lastLine(result.stderr) || `exit code ${String(result.exitCode)}`)
        throw new Error(`cannot run the Node harness ${harness} with ${node}: ${why}`)
      }
      return probe
    },
    async check(workloads: readonly WorkloadSpec[]): Promise<WorkloadCheck[]> {
      // One process per workload: a module that crashes Node on import takes only itself down.
      const checks: WorkloadCheck[] = []
      for (const workload of workloads) {
        const input = JSON.stringify([
          { name: workload.name, modulePath: workload.modulePath, function: workload.function }
        ])
        const result = await runOnce(node, [harness, '--check'], {
          cwd: options.cwd,
          input,
          timeoutSeconds: workload.timeoutSeconds
        })
        checks.push(interpretCheck(workload, result))
      }
      return checks
    },
    openSession(spec: SessionSpec): Promise<SessionOutcome> {
      const { workload } = spec
      return openHarnessSession(
        // Serial calls run on the harness's own heap, so it gets the cap too.
        { file: node, args: [...heapLimitFlags(workload.memoryBytes), harness], cwd: options.cwd },
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

function parseProbe(stdout: string): RuntimeProbe | null {
  const value = parseJson(stdout)
  if (!isRecord(value) || typeof value.version !== 'string' || typeof value.executable !== 'string')
    return null
  return { version: value.version, executable: value.executable, defaultStartMethod: null }
}

function interpretCheck(workload: WorkloadSpec, result: OnceResult): WorkloadCheck {
  const name = workload.name
  const died = deathFault(result)
  if (died !== null) return { workload: name, configError: null, fault: died }
  const output = parseJson(result.stdout)
  const entry: unknown = Array.isArray(output) ? (output as unknown[])[0] : undefined
  if (!isRecord(entry)) {
    const fault: Fault = { kind: 'protocol', message: 'the Node harness gave no check result' }
    return { workload: name, configError: null, fault }
  }
  const configError = typeof entry.configError === 'string' ? entry.configError : null
  return { workload: name, configError, fault: parseFault(entry.fault) }
}

function deathFault(result: OnceResult): Fault | null {
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? ''
}
