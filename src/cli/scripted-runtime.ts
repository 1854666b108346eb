// --debug-scripted-runtime, a hidden flag for the tool's own tests (as hyperfine's --debug-mode): every
// workload runs on the scripted runtime of measure/fake-runtime.ts instead of a real interpreter, so
// that a CLI test of the gates and reports gets the same verdict on every machine, in a second.
// A workload's script is read from `scripted-runtime.json` beside its module, keyed by workload name;
// a base checkout has its own file, so that head and base can differ:
//
//   { "wait": { "callSeconds": 0.02, "cpuUse": 0.02,
//               "threads": { "efficiency": 1 }, "processes": { "efficiency": 0.9, "maxWorkers": 2 } } }
//
// A pool of w workers runs 1 + (min(w, maxWorkers) - 1) * efficiency times faster than serial:
// efficiency 0 is a pool that cannot scale (threads under the GIL), 1 one that scales perfectly.

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UsageError } from '../errors.ts'
import { createFakeRuntime } from '../measure/fake-runtime.ts'
import type { FakeScript } from '../measure/fake-runtime.ts'
import { NODE_TRAITS } from '../runtimes/node/adapter.ts'
import { PYTHON_TRAITS } from '../runtimes/python/adapter.ts'
import type { Runtime } from '../runtimes/runtime.ts'
import type { RuntimeId, Strategy, WorkloadSpec } from '../types.ts'

export const SCRIPT_FILE = 'scripted-runtime.json'

interface PoolScript {
  readonly efficiency: number
  readonly maxWorkers: number
}

interface WorkloadScript {
  readonly callSeconds: number
  readonly cpuUse: number | null
  readonly threads: PoolScript
  readonly processes: PoolScript
}

/** The scripted runtime for `id`, reading each workload's script when the engine first needs it. */
export function createScriptedRuntime(id: RuntimeId): Runtime {
  const scripts = new Map<string, FakeScript>()
  const scriptOf = (workload: WorkloadSpec): FakeScript => {
    const file = join(dirname(workload.modulePath), SCRIPT_FILE)
    const key = `${file}\n${workload.name}`
    let script = scripts.get(key)
    if (script === undefined) {
      script = toFakeScript(readScript(file, workload.name))
      scripts.set(key, script)
    }
    return script
  }
  return createFakeRuntime(scriptOf, { id, traits: id === 'node' ? NODE_TRAITS : PYTHON_TRAITS })
}

function toFakeScript(script: WorkloadScript): FakeScript {
  const speedup = (strategy: Strategy, workers: number): number => {
    // Scripted workloads are synchronous functions, which get no async contenders.
    if (strategy === 'serial' || strategy === 'async') return 1
    const pool = script[strategy]
    return 1 + (Math.min(workers, pool.maxWorkers) - 1) * pool.efficiency
  }
  const { cpuUse } = script
  return {
    wallSeconds: (strategy, workers, tasks) =>
      (tasks * script.callSeconds) / speedup(strategy, workers),
    ...(cpuUse === null ? {} : { cpuUse: () => cpuUse })
  }
}

function readScript(file: string, name: string): WorkloadScript {
  let all: unknown
  try {
    all = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`--debug-scripted-runtime: ${file}: ${(error as Error).message}`)
  }
  const entry = isObject(all) ? all[name] : undefined
  const where = `--debug-scripted-runtime: ${file}: ${name}`
  if (!isObject(entry)) throw new UsageError(`${where}: no script for this workload`)
  const callSeconds = entry.callSeconds
  if (typeof callSeconds !== 'number' || !(callSeconds > 0))
    throw new UsageError(`${where}.callSeconds: needs a positive number of seconds`)
  const cpuUse = entry.cpuUse ?? null
  if (cpuUse !== null && (typeof cpuUse !== 'number' || !(cpuUse > 0)))
    throw new UsageError(`${where}.cpuUse: needs a positive number of CPUs`)
  return {
    callSeconds,
    cpuUse,
    threads: pool(entry.threads, `${where}.threads`),
    processes: pool(entry.processes, `${where}.processes`)
  }
}

function pool(value: unknown, where: string): PoolScript {
  if (!isObject(value)) throw new UsageError(`${where}: needs { "efficiency": 0..1 }`)
  const { efficiency, maxWorkers = Number.MAX_SAFE_INTEGER } = value
  if (typeof efficiency !== 'number' || efficiency < 0 || efficiency > 1)
    throw new UsageError(`${where}.efficiency: needs a number from 0 to 1`)
  if (typeof maxWorkers !== 'number' || !Number.isInteger(maxWorkers) || maxWorkers < 1)
    throw new UsageError(`${where}.maxWorkers: needs a whole number of at least 1`)
  return { efficiency, maxWorkers }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
