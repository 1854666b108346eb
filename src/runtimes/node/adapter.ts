// The Node runtime's engine side (see README.md here for the three processes): runs
// harness/harness.ts (dist/node-harness.js once bundled) with the Node that runs the tool, one
// harness process per strategy and worker count. Worker threads run JavaScript in parallel (no
// GIL), so threads and processes differ in cost, not in what can scale.

import { checkWithHarness, openWithHarness, parseJson } from '../harness-adapter.ts'
import { lastLine } from '../text.ts'
import { isRecord } from '../protocol.ts'
import { runOnce } from '../run-once.ts'
import type { HarnessLaunch } from '../session.ts'
import type { Runtime, RuntimeProbe } from '../runtime.ts'
import type { RuntimeTraits } from '../../types.ts'
import { heapLimitFlags } from './shared/heap-limit.ts'
import { locateSibling } from './shared/locate.ts'

const PROBE_TIMEOUT_SECONDS = 30

/** What the verdict and the reports need to know of Node. */
export const NODE_TRAITS: RuntimeTraits = {
  hasGil: false,
  strategyNames: {
    serial: 'the main thread',
    async: 'promises on the main thread',
    threads: 'worker_threads',
    processes: 'child_process.fork'
  },
  serializer: 'structured clone',
  unblockWait:
    'await the asynchronous API instead of its Sync twin (fs.promises, child_process.execFile, timers/promises)',
  unblockCompute: 'move the computation off the main thread with worker_threads'
}

export interface NodeOptions {
  /** Where harnesses run: the config's directory. */
  readonly cwd: string
}

/** Creates the Node runtime adapter. */
export function createNodeRuntime(options: NodeOptions): Runtime {
  const node = process.execPath
  const harness = locateSibling(import.meta.url, ['harness/harness.ts', 'node-harness.js'])
  const launch: HarnessLaunch = { file: node, args: [harness], cwd: options.cwd }
  return {
    id: 'node',
    traits: NODE_TRAITS,
    async probe(): Promise<RuntimeProbe[]> {
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
      return [probe]
    },
    // One interpreter: the Node that runs the tool.
    check: (workloads) => checkWithHarness(launch, workloads),
    // Serial calls run on the harness's own heap, so it gets the cap too.
    openSession: (spec) =>
      openWithHarness(
        { ...launch, args: [...heapLimitFlags(spec.workload.memoryBytes), harness] },
        spec
      )
  }
}

function parseProbe(stdout: string): RuntimeProbe | null {
  const value = parseJson(stdout)
  if (!isRecord(value) || typeof value.version !== 'string' || typeof value.executable !== 'string')
    return null
  return {
    name: null,
    version: value.version,
    executable: value.executable,
    defaultStartMethod: null,
    freeThreaded: false,
    gilEnabled: false,
    gilForcedBy: null
  }
}
