import { describe, expect, it } from 'vitest'
import { FAKE_PYTHON_TRAITS } from '../../src/measure/fake-runtime.ts'
import type { RuntimeTraits } from '../../src/types.ts'
import { summarize } from '../../src/stats/measurements.ts'
import type { WorkloadRun, WorkloadSpec } from '../../src/types.ts'
import { classify } from '../../src/verdict/classify.ts'
import { decide } from '../../src/verdict/recommend.ts'
import { makeRuns, runInterpreter } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'
import { NODE_TRAITS } from '../../src/runtimes/node/adapter.ts'

const spec = { name: 'w' } as WorkloadSpec

function verdictOf(shape: RunsShape, options: { traits?: RuntimeTraits; tasks?: number } = {}) {
  const runs = makeRuns(shape)
  const run: WorkloadRun = {
    spec,
    interpreters: [runInterpreter()],
    tasks: options.tasks ?? 100,
    rounds: 6,
    elapsedSeconds: 1,
    stopReason: 'settled',
    runs,
    coroutine: shape.async !== undefined,
    error: null,
    base: null
  }
  const decision = decide(runs, 0.1)
  return {
    decision,
    ...classify({
      decision,
      measurements: summarize(run.runs),
      traits: options.traits ?? FAKE_PYTHON_TRAITS,
      margin: 0.1,
      tasks: run.tasks,
      rounds: 6
    })
  }
}

const exception = {
  kind: 'exception',
  type: 'ValueError',
  message: 'ValueError: signal only works in main thread of the main interpreter'
} as const

const table: { name: string; shape: RunsShape; class: string; reason: RegExp }[] = [
  {
    name: 'pure-Python loop',
    shape: {
      threads: { speedups: { 1: 1, 2: 1.01, 4: 1.02 }, cpuUse: 1 },
      processes: { speedups: { 1: 0.97, 2: 1.9, 4: 1.85 }, cpuUse: 1.9 }
    },
    class: 'gil-bound',
    reason:
      /holds the GIL: threads 1\.02x at 4 workers using 1\.0 CPU; processes 1\.90x at 2 workers/
  },
  {
    name: 'sleep',
    shape: {
      serialCpuUse: 0.01,
      threads: { speedups: { 1: 1, 2: 2, 4: 3.95 }, cpuUse: 0.03 },
      processes: { speedups: { 1: 0.98, 2: 1.9, 4: 3.8 } }
    },
    class: 'io-bound',
    reason: /serial uses 0\.01 CPU\): threads 3\.95x at 4 workers/
  },
  {
    name: 'hashlib',
    shape: {
      threads: { speedups: { 1: 1, 2: 1.9, 4: 1.88 }, cpuUse: 1.9 },
      processes: { speedups: { 1: 0.95, 2: 1.85, 4: 1.8 } }
    },
    class: 'releases-gil',
    reason: /releases the GIL: threads 1\.90x at 2 workers using 1\.9 CPUs/
  },
  {
    name: 'trivial call',
    shape: {
      serialWallSeconds: 0.0001,
      threads: { speedups: { 1: 0.01, 2: 0.01 } },
      processes: { speedups: { 1: 0.001, 2: 0.001 } }
    },
    class: 'overhead-bound',
    reason: /Calls take 1\.0 µs each/
  },
  {
    name: 'large result',
    shape: {
      bytesPerCall: 8e6,
      threads: { speedups: { 1: 0.9, 2: 0.95 } },
      processes: { speedups: { 1: 0.1, 2: 0.2 } }
    },
    class: 'transfer-bound',
    reason: /moves 8\.0 MB that processes must copy \(pickle\)/
  },
  {
    name: 'a lock around long calls',
    shape: { threads: { speedups: { 1: 1, 2: 1 } }, processes: { speedups: { 1: 1, 2: 1.02 } } },
    class: 'does-not-scale',
    reason: /Neither threads nor processes beat serial by more than 10%/
  },
  {
    name: 'an API that only works on the main thread',
    shape: {
      threads: { speedups: { 1: 1, 2: 1 }, faults: { 1: exception, 2: exception } },
      processes: { speedups: { 1: 1, 2: 1.9 } }
    },
    class: 'unsupported-in-threads',
    reason:
      /Fails in ThreadPoolExecutor \(ValueError: signal only works in main thread.*\); processes 1\.90x at 2 workers/
  }
]

describe('classify', () => {
  it.each(table)('$name -> $class', ({ shape, class: expected, reason }) => {
    const verdict = verdictOf(shape)
    expect(verdict.class).toBe(expected)
    expect(verdict.reason).toMatch(reason)
  })

  it('names parallel worker_threads cpu-parallel where there is no GIL', () => {
    const verdict = verdictOf(
      { threads: { speedups: { 2: 1.9 }, cpuUse: 1.9 }, processes: { speedups: { 2: 1.85 } } },
      { traits: NODE_TRAITS }
    )
    expect(verdict.class).toBe('cpu-parallel')
    expect(verdict.reason).toMatch(
      /runs in parallel in worker_threads: 1\.90x at 2 workers using 1\.9 CPUs/
    )
  })

  it('names threads that do not scale without a GIL serialized-in-process', () => {
    const verdict = verdictOf(
      { threads: { speedups: { 2: 1 } }, processes: { speedups: { 2: 1.9 } } },
      { traits: NODE_TRAITS }
    )
    expect(verdict.class).toBe('serialized-in-process')
  })

  it('reports every fault when nothing worked', () => {
    const verdict = verdictOf({
      serialFault: exception,
      threads: { speedups: { 1: 1 }, faults: { 1: exception } },
      processes: { speedups: { 1: 1 }, faults: { 1: exception } }
    })
    expect(verdict.class).toBe('failed')
    expect(verdict.reason).toMatch(
      /^Every strategy failed: serial: ValueError.*; threads: .*; processes: /
    )
  })

  it('mentions processes that fail alongside the verdict', () => {
    const pickling = {
      kind: 'exception',
      type: 'PicklingError',
      message: "PicklingError: Can't pickle <function <lambda>>"
    } as const
    const verdict = verdictOf({
      serialCpuUse: 0.02,
      threads: { speedups: { 2: 2, 4: 3.9 } },
      processes: { speedups: { 2: 2 }, faults: { 2: pickling } }
    })
    expect(verdict.class).toBe('io-bound')
    expect(verdict.reason).toMatch(/ProcessPoolExecutor fail: PicklingError/)
  })

  it('quotes the recommended strategy at the worker count it recommends', () => {
    const verdict = verdictOf({
      threads: { speedups: { 2: 1.85, 4: 1.9 }, cpuUse: 1.9 },
      processes: { speedups: { 2: 1.8 } }
    })
    expect(verdict.decision).toMatchObject({ recommendation: 'threads', workers: 2 })
    expect(verdict.reason).toMatch(/threads 1\.85x at 2 workers using 1\.9 CPUs/)
  })
})
