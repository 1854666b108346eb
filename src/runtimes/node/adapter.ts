// The Node runtime's engine side (see README.md here for the three processes): runs
// harness/harness.ts (dist/node-harness.js once bundled) with the Node that runs the tool, one
// harness process per strategy and worker count. Worker threads run JavaScript in parallel (no
// GIL), so threads and processes differ in cost, not in what can scale.

import { waitForQuiet } from '../quiet.ts'
import { checkWithHarness, loadWithHarness, probeWithHarness } from '../harness-adapter.ts'
import type { HarnessLaunch } from '../session.ts'
import type { Runtime } from '../runtime.ts'
import type { RuntimeTraits } from '../../types.ts'
import { heapLimitFlags } from './shared/heap-limit.ts'
import { locateSibling } from './shared/locate.ts'

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
    interpreterCount: 1,
    // One interpreter, the Node that runs the tool: failing here is a broken install, not a user
    // error. The config cannot name it, and it has no GIL.
    probe: async () => [
      {
        name: null,
        ...(await probeWithHarness(
          launch,
          (why) => new Error(`cannot run the Node harness ${harness} with ${node}: ${why}`)
        ))
      }
    ],
    check: (workloads) => checkWithHarness(launch, workloads),
    // Serial calls run on the harness's own heap, so it gets the cap too.
    waitForQuiet,
    loadSession: (spec) =>
      loadWithHarness(
        { ...launch, args: [...heapLimitFlags(spec.workload.memoryBytes), harness] },
        spec
      )
  }
}
