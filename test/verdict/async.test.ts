// The async strategy in the verdict, on synthetic rounds: lightness, the race, the async classes.
import { describe, expect, it } from 'vitest'
import { FAKE_PYTHON_TRAITS } from '../../src/measure/fake-runtime.ts'
import { asyncSweep, chooseCoroutineTasks, MAX_ASYNC_CONCURRENCY } from '../../src/measure/plan.ts'
import { NODE_TRAITS } from '../../src/runtimes/node/adapter.ts'
import type { RuntimeTraits } from '../../src/types.ts'
import { summarize } from '../../src/stats/measurements.ts'
import type { StrategyRun } from '../../src/types.ts'
import { classify } from '../../src/verdict/classify.ts'
import { evaluateGate } from '../../src/verdict/gate.ts'
import { compareSides } from '../../src/verdict/regression.ts'
import type { Side } from '../../src/verdict/regression.ts'
import { decide } from '../../src/verdict/recommend.ts'
import { nextStep, retirements } from '../../src/verdict/stopping.ts'
import type { NextStep, RoundsState } from '../../src/verdict/stopping.ts'
import { workload } from '../helpers/results-factory.ts'
import { makeRuns, withOneWorkerStopped } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'

const MARGIN = 0.1
const NOISE = [0, 0.04, -0.03, 0.02, -0.04, 0.03, -0.02, 0.01]

/** Awaits a 30 ms timer: the loop overlaps the waits, pools of threads do too but cost more. */
const awaitsTimer: RunsShape = {
  serialCpuUse: 0.02,
  async: { speedups: { 1: 0.99, 2: 1.98, 4: 3.95, 8: 7.8, 12: 11.5 }, cpuUse: 0.05 },
  threads: { speedups: { 1: 0.98, 2: 1.96, 4: 3.9 }, cpuUse: 0.05 },
  processes: { speedups: { 1: 0.9, 2: 1.8, 4: 3.5 }, cpuUse: 0.1 }
}
/** An awaited timer behind a semaphore of 4: async gains up to 4x, whatever its limit above. */
const awaitsPool: RunsShape = {
  ...awaitsTimer,
  async: { speedups: { 1: 0.99, 2: 1.98, 4: 3.95, 8: 3.96, 12: 3.95 }, cpuUse: 0.05 }
}
/** time.sleep (or execSync) inside a coroutine: async stays at 1x, threads scale. */
const blocksByWaiting: RunsShape = {
  serialCpuUse: 0.02,
  async: { speedups: { 1: 0.99, 2: 0.99, 4: 0.98, 8: 0.99 }, cpuUse: 0.02 },
  threads: { speedups: { 1: 0.98, 2: 1.96, 4: 3.9 }, cpuUse: 0.05 },
  processes: { speedups: { 1: 0.9, 2: 1.8, 4: 3.5 }, cpuUse: 0.1 }
}
/** A CPU loop inside a coroutine, under the GIL: only processes scale. */
const computesUnderGil: RunsShape = {
  serialCpuUse: 1,
  async: { speedups: { 1: 1, 2: 0.99, 4: 0.99, 8: 0.98 }, cpuUse: 1 },
  threads: { speedups: { 1: 0.98, 2: 0.97, 4: 0.96 }, cpuUse: 1 },
  processes: { speedups: { 1: 0.95, 2: 1.9, 4: 1.85 }, cpuUse: 1.9 }
}
/** A CPU loop inside a Node async function: worker_threads run it in parallel. */
const computesInNode: RunsShape = {
  serialCpuUse: 1,
  async: { speedups: { 1: 1, 2: 0.99, 4: 0.99, 8: 0.98 }, cpuUse: 1 },
  threads: { speedups: { 1: 0.97, 2: 1.92, 4: 1.9 }, cpuUse: 1.9 },
  processes: { speedups: { 1: 0.9, 2: 1.8, 4: 1.75 }, cpuUse: 1.9 }
}
/** A coroutine that waits and whose loop overlaps it as well as threads do: async is lighter. */
const asyncTiesThreads: RunsShape = {
  serialCpuUse: 0.02,
  async: { speedups: { 1: 1, 2: 1.9, 4: 3.7 }, cpuUse: 0.05 },
  threads: { speedups: { 1: 0.98, 2: 1.95, 4: 3.9 }, cpuUse: 0.05 }
}

function verdict(shape: RunsShape, traits: RuntimeTraits = FAKE_PYTHON_TRAITS) {
  const runs = makeRuns({ jitter: NOISE, independent: true, ...shape })
  const decision = decide(runs, MARGIN)
  return {
    decision,
    ...classify({
      decision,
      measurements: summarize(runs),
      traits,
      margin: MARGIN,
      tasks: 12,
      rounds: 6
    })
  }
}

describe('async verdicts', () => {
  const cases: {
    name: string
    shape: RunsShape
    traits?: RuntimeTraits
    recommendation: string
    workers: number
    class: string
    reason: RegExp
  }[] = [
    {
      name: 'an awaited timer: the loop overlaps the waits',
      shape: awaitsTimer,
      recommendation: 'async',
      workers: 12,
      class: 'loop-overlaps-waits',
      reason:
        /^Waits that one event loop overlaps \(serial uses 0\.02 CPU\): async 11\.\d+x with 12 calls in flight on one thread using 0\.05 CPU; threads 3\.9\dx at 4 workers, processes 3\.\d+x at 4 workers\.$/
    },
    {
      name: 'async within the margin of threads: async, the lighter',
      shape: asyncTiesThreads,
      recommendation: 'async',
      workers: 4,
      class: 'loop-overlaps-waits',
      reason: /async 3\.\d+x with 4 calls in flight/
    },
    {
      name: 'time.sleep in a coroutine: threads, and the blocked loop named with the fix',
      shape: blocksByWaiting,
      recommendation: 'threads',
      workers: 4,
      class: 'blocks-event-loop',
      reason:
        /^The coroutine blocks its event loop: async stays at [01]\.\d\dx with \d calls? in flight while threads 3\.9\dx at 4 workers; something in it waits synchronously .*asyncio\.to_thread/
    },
    {
      name: 'execSync in a Node async function: the Node fix',
      shape: blocksByWaiting,
      traits: NODE_TRAITS,
      recommendation: 'threads',
      workers: 4,
      class: 'blocks-event-loop',
      reason: /waits synchronously .*instead of its Sync twin/
    },
    {
      name: 'a CPU loop in a coroutine under the GIL: processes, loop blocked by computing',
      shape: computesUnderGil,
      recommendation: 'processes',
      workers: 2,
      class: 'blocks-event-loop',
      reason: /while processes 1\.9\dx at 2 workers; it computes on the loop .*ProcessPoolExecutor/
    },
    {
      name: 'a CPU loop in a Node async function: worker_threads',
      shape: computesInNode,
      traits: NODE_TRAITS,
      recommendation: 'threads',
      workers: 2,
      class: 'blocks-event-loop',
      reason: /it computes on the loop .*worker_threads/
    }
  ]
  it.each(cases)('$name', (c) => {
    const v = verdict(c.shape, c.traits)
    expect([v.decision.recommendation, v.decision.workers, v.class]).toEqual([
      c.recommendation,
      c.workers,
      c.class
    ])
    expect(v.reason).toMatch(c.reason)
  })

  it('leaves a synchronous function to the ordinary classes', () => {
    const v = verdict({ serialCpuUse: 0.02, threads: blocksByWaiting.threads })
    expect(v.class).toBe('io-bound')
  })

  it('orders lightness serial < async < threads < processes', () => {
    const v = verdict(awaitsTimer)
    expect(v.decision.candidates.map((c) => c.strategy)).toEqual([
      'serial',
      'async',
      'threads',
      'processes'
    ])
  })

  it('never takes async at concurrency 1 as a candidate while a larger one works', () => {
    const v = verdict({ serialCpuUse: 0.02, async: { speedups: { 1: 1.3, 2: 1.0 } } })
    expect(v.decision.candidates.find((c) => c.strategy === 'async')?.run.workers).toBe(2)
  })
})

/** Rounds with the one-worker configurations retired after their first round, as the loop leaves them. */
function raced(shape: RunsShape, rounds: number): StrategyRun[] {
  return withOneWorkerStopped(makeRuns({ jitter: NOISE, independent: true, rounds, ...shape }))
}

const RULES = { margin: MARGIN, comparison: null }

function stateOf(runs: StrategyRun[], asyncSweep: readonly number[] = []): RoundsState {
  return {
    rounds: Math.max(...runs.map((run) => run.samples.length)),
    tasks: 12,
    head: runs,
    base: null,
    pastBudget: false,
    budgetSecondsLeft: Infinity,
    roundSeconds: 1,
    interrupted: false,
    asyncSweep
  }
}

function step(runs: StrategyRun[]): NextStep {
  return nextStep(stateOf(runs), RULES)
}

/** The race's orders alone, whether or not the verdict settled. */
function race(runs: StrategyRun[]): NextStep {
  return { kind: 'continue', retire: retirements(stateOf(runs), RULES), join: [] }
}

const retired = (next: NextStep): string[] =>
  next.kind === 'continue'
    ? next.retire.map((o) => `${o.strategy}@${o.workers}:${o.retirement.cause}`).sort()
    : []

describe('the race with async', () => {
  it('stops async at concurrency 1 after one round, as a one-worker pool, and says why', () => {
    const next = step(makeRuns({ rounds: 1, ...awaitsTimer }))
    expect(retired(next)).toEqual([
      'async@1:one-worker',
      'processes@1:one-worker',
      'threads@1:one-worker'
    ])
    if (next.kind !== 'continue') throw new Error('expected the race to go on')
    const order = next.retire.find((o) => o.strategy === 'async')!
    expect(order.retirement.reason).toMatch(/one call in flight at a time .* as serial does/)
  })

  it('retires the lower concurrency limits behind async’s best and keeps serial and async’s best', () => {
    const out = retired(race(raced(awaitsTimer, 2)))
    expect(out).toEqual(
      expect.arrayContaining(['async@2:behind', 'async@4:behind', 'async@8:behind'])
    )
    expect(out.some((r) => r.startsWith('async@12') || r.startsWith('serial'))).toBe(false)
  })

  it('keeps async’s best running while it is behind, when the loop is blocked', () => {
    const out = retired(race(raced(blocksByWaiting, 12)))
    const bestAsync = decide(raced(blocksByWaiting, 12), MARGIN).candidates.find(
      (c) => c.strategy === 'async'
    )!.run.workers
    expect(out.some((r) => r.startsWith(`async@${bestAsync}:`))).toBe(false)
  })

  it('settles on async for an awaited timer', () => {
    expect(step(raced(awaitsTimer, 2))).toEqual({ kind: 'stop', reason: 'settled' })
  })
})

describe('async limits joining late', () => {
  const ends = (runs: StrategyRun[], top = 12): StrategyRun[] =>
    runs.filter((run) => run.strategy !== 'async' || run.workers === 1 || run.workers === top)
  const withSweep = (runs: StrategyRun[], asyncSweep = [1, 2, 4, 8, 12]): NextStep =>
    nextStep(stateOf(runs, asyncSweep), RULES)

  const joined = (next: NextStep): string[] =>
    next.kind === 'continue'
      ? next.join.map((order) => `${order.variant}:${order.strategy}@${order.workers}`)
      : []

  it('starts the limits between once the top shows a gain, and does not settle before', () => {
    const next = withSweep(ends(raced(awaitsPool, 2)))
    expect(next.kind).toBe('continue')
    // The top gains ~4x: 2 in flight could not come within the margin of it (2 * 1.155^2 < 3.9).
    expect(joined(next)).toEqual(['head:async@4', 'head:async@8'])
  })

  it('starts no limit that could not come within the margin of the top', () => {
    // 12 in flight gain 11.5x: 2 and 4 in flight could not come within the margin; 8 might.
    expect(joined(withSweep(ends(raced(awaitsTimer, 2))))).toEqual(['head:async@8'])
    // With the top at 64 in flight and ~60x, none of 2 to 32 could.
    const wide: RunsShape = {
      ...awaitsTimer,
      async: { speedups: { 1: 0.99, 64: 60 }, cpuUse: 0.05 }
    }
    const sweep = [1, 2, 4, 8, 16, 32, 64]
    expect(joined(withSweep(raced(wide, 2), sweep))).toEqual([])
    expect(withSweep(raced(wide, 2), sweep)).toEqual({ kind: 'stop', reason: 'settled' })
  })

  it('waits for the joined limits’ clean rounds before it settles', () => {
    const runs = raced(awaitsTimer, 3).map((run) =>
      run.strategy === 'async' && run.workers > 1 && run.workers < 12
        ? { ...run, samples: run.samples.map((sample, k) => (k < 2 ? null : sample)) }
        : run
    )
    expect(withSweep(runs).kind).toBe('continue')
    expect(withSweep(raced(awaitsTimer, 3))).toEqual({ kind: 'stop', reason: 'settled' })
  })

  it('never starts them when the top shows no gain', () => {
    const runs = ends(raced(blocksByWaiting, 2), 8)
    expect(runs.filter((run) => run.strategy === 'async').map((run) => run.workers)).toEqual([1, 8])
    const next = withSweep(runs, [1, 2, 4, 8])
    expect(next.kind === 'continue' ? next.join : []).toEqual([])
  })
})

describe('asyncSweep', () => {
  it.each([
    [1, [1]],
    [3, [1, 2, 3]],
    [12, [1, 2, 4, 8, 12]],
    [64, [1, 2, 4, 8, 16, 32, 64]],
    [2000, [1, 2, 4, 8, 16, 32, 64]]
  ])('%i calls per round: %j', (tasks, sweep) => {
    expect(asyncSweep(tasks)).toEqual(sweep)
    expect(Math.max(...asyncSweep(tasks))).toBeLessThanOrEqual(MAX_ASYNC_CONCURRENCY)
  })
})

describe('regressions and gates on the async strategy', () => {
  const side = (shape: RunsShape): Side => {
    const runs = makeRuns({ rounds: 8, jitter: [0, 0.02, -0.02, 0.01], ...shape })
    const decision = decide(runs, MARGIN)
    return {
      measurements: summarize(runs),
      tasks: 12,
      recommendation: decision.recommendation,
      workers: decision.workers
    }
  }
  const overlapping: RunsShape = {
    serialCpuUse: 0.02,
    async: { speedups: { 2: 1.98, 8: 7.8 }, cpuUse: 0.05 },
    threads: { speedups: { 2: 1.96, 4: 3.9 }, cpuUse: 0.05 }
  }
  // A time.sleep crept into the coroutine: the loop no longer overlaps the calls.
  const blocked: RunsShape = {
    serialCpuUse: 0.02,
    async: { speedups: { 2: 1, 8: 1 }, cpuUse: 0.02 },
    threads: { speedups: { 2: 1.96, 4: 3.9 }, cpuUse: 0.05 }
  }

  it('flags a coroutine that lost its loop’s overlap as a regression of async’s speedup and throughput', () => {
    const comparison = compareSides(side(blocked), side(overlapping), 'async', {
      paired: true,
      threshold: 0.1,
      margin: MARGIN
    })
    expect(comparison.speedup).toMatchObject({
      strategy: 'async',
      workers: 8,
      verdict: 'regression'
    })
    expect(comparison.throughput).toMatchObject({ strategy: 'async', verdict: 'regression' })
    expect(comparison.regression).toBe(true)
  })

  it('fails the mismatch gate on a confident uses: async that measured worse', () => {
    const gate = evaluateGate(
      [
        workload({
          name: 'blocked',
          uses: 'async',
          recommendation: 'threads',
          workers: 4,
          mismatch: true
        })
      ],
      'mismatch',
      null
    )
    expect(gate.failed).toBe(true)
    expect(gate.failures[0]).toMatch(
      /^uses mismatch: blocked: declares uses: async, but threads ×4 measured best/
    )
  })
})

describe('chooseCoroutineTasks', () => {
  it.each([
    ['30 ms calls: 32 per round (serial about 1 s)', 12, 0.03, 32],
    ['64 ms calls: as many as 2 s of serial allow, a multiple of 4', 4, 0.064, 28],
    ['half-second calls: the serial choice stands', 4, 0.5, 4],
    ['tiny calls already have more', 2000, 1e-6, 2000]
  ])('%s', (_name, tasks, callSeconds, expected) => {
    expect(chooseCoroutineTasks(tasks, callSeconds, [1, 2, 4])).toBe(expected)
  })
})
