// The stopping policy on synthetic rounds: when the loop stops, and whom the race retires.
import { describe, expect, it } from 'vitest'
import { medianLowerBound, medianUpperBound } from '../../src/stats/interval.ts'
import type { StrategyRun } from '../../src/types.ts'
import {
  FUTILITY_MIN_ROUNDS,
  MAX_ROUNDS,
  MIN_RACE_ROUNDS,
  MIN_ROUNDS,
  MIN_SETTLED_ROUNDS,
  mayTakeTurn,
  nextStep
} from '../../src/verdict/stopping.ts'
import type { NextStep, RoundsState, StoppingRules } from '../../src/verdict/stopping.ts'
import { makeRuns, withOneWorkerStopped } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'

const RULES: StoppingRules = { margin: 0.1, comparison: null }
const NOISE = [0, 0.04, -0.03, 0.02, -0.04, 0.03, -0.02, 0.01]

function state(head: StrategyRun[], more: Partial<RoundsState> = {}): RoundsState {
  const rounds = Math.max(...head.map((run) => run.samples.length))
  return {
    rounds,
    tasks: 8,
    head,
    base: null,
    pastBudget: false,
    budgetSecondsLeft: Infinity,
    roundSeconds: 1,
    interrupted: false,
    ...more
  }
}

/** Rounds with the one-worker pools already retired after their first round, as the loop leaves them. */
function raced(shape: RunsShape): StrategyRun[] {
  return withOneWorkerStopped(makeRuns({ jitter: NOISE, independent: true, ...shape }))
}

const retired = (step: NextStep): string[] =>
  step.kind === 'continue'
    ? step.retire.map((order) => `${order.strategy}@${order.workers}:${order.retirement.cause}`)
    : []

const gilBound = {
  threads: { speedups: { 1: 0.97, 2: 0.95, 4: 0.94 } },
  processes: { speedups: { 1: 0.96, 2: 1.9, 4: 1.85 } }
}
const ioBound = {
  threads: { speedups: { 1: 0.98, 2: 1.95, 4: 3.9 } },
  processes: { speedups: { 1: 0.9, 2: 1.8, 4: 3.5 } }
}
const overhead = {
  threads: { speedups: { 1: 0.02, 2: 0.015, 4: 0.012 } },
  processes: { speedups: { 1: 0.002, 2: 0.003, 4: 0.002 } }
}

describe('nextStep: stopping', () => {
  const cases: {
    name: string
    shape: RunsShape
    more?: Partial<RoundsState>
    expected: string
  }[] = [
    {
      name: 'a clear verdict settles at MIN_SETTLED_ROUNDS',
      shape: { rounds: MIN_SETTLED_ROUNDS, ...gilBound },
      expected: 'settled'
    },
    {
      name: 'not before: one round fewer goes on',
      shape: { rounds: MIN_SETTLED_ROUNDS - 1, ...gilBound },
      expected: 'continue'
    },
    {
      name: 'noise that straddles the margin goes on',
      shape: {
        rounds: FUTILITY_MIN_ROUNDS - 2,
        jitter: [0, 0.12, -0.1, 0.08, -0.06, 0.1, -0.12, 0.02],
        independent: true,
        threads: { speedups: { 2: 1.1 } }
      },
      expected: 'continue'
    },
    {
      name: 'the budget stops an open verdict once MIN_ROUNDS are in',
      shape: { rounds: MIN_ROUNDS, threads: { speedups: { 2: 1.1 } } },
      more: { pastBudget: true },
      expected: 'budget'
    },
    {
      name: 'the budget does not stop before MIN_ROUNDS',
      shape: { rounds: MIN_ROUNDS - 1, threads: { speedups: { 2: 1.1 } } },
      more: { pastBudget: true },
      expected: 'continue'
    },
    {
      name: 'a settled verdict wins over the budget',
      shape: { rounds: MIN_SETTLED_ROUNDS, ...gilBound },
      more: { pastBudget: true },
      expected: 'settled'
    },
    {
      name: 'the round cap stops an open verdict',
      shape: {
        rounds: MAX_ROUNDS,
        jitter: [0, 0.12, -0.1, 0.08, -0.06, 0.1, -0.12, 0.02],
        independent: true,
        threads: { speedups: { 2: 1.1 } }
      },
      expected: 'max-rounds'
    },
    {
      name: 'an interruption stops at once',
      shape: { rounds: 1, ...gilBound },
      more: { interrupted: true },
      expected: 'interrupted'
    },
    {
      name: 'nothing left running is a failure',
      shape: {
        rounds: 3,
        serialFault: { kind: 'exit', message: 'exited' },
        threads: { speedups: { 2: 1 }, faults: { 2: { kind: 'exit', message: 'exited' } } }
      },
      expected: 'failed'
    }
  ]
  it.each(cases)('$name', ({ shape, more, expected }) => {
    const step = nextStep(state(makeRuns(shape), more), RULES)
    expect(step.kind === 'stop' ? step.reason : step.kind).toBe(expected)
  })
})

/** Serial at 1 s a round, and threads whose per-round speedups over serial are `speedups`. */
function serialAndThreads(speedups: readonly number[]): StrategyRun[] {
  const run = (strategy: 'serial' | 'threads', workers: number, walls: number[]): StrategyRun => ({
    interpreter: 'python3',
    gilForced: false,
    strategy,
    workers,
    startupSeconds: 0,
    startMethod: null,
    samples: walls.map((wallSeconds) => ({
      wallSeconds,
      cpuSeconds: wallSeconds,
      peakRssBytes: null,
      bytesToWorkersPerCall: null,
      bytesFromWorkersPerCall: null,
      childCpuSeconds: null
    })),
    bytesToWorkersPerCall: null,
    bytesFromWorkersPerCall: null,
    error: null,
    stopped: null,
    gilEnabled: null,
    gilEnabledBy: []
  })
  return [
    run(
      'serial',
      1,
      speedups.map(() => 1)
    ),
    run(
      'threads',
      2,
      speedups.map((speedup) => 1 / speedup)
    )
  ]
}

describe('nextStep: futility', () => {
  const onTheMargin = Array.from({ length: FUTILITY_MIN_ROUNDS }, (_, k) =>
    k % 2 === 0 ? 1.04 : 1.16
  )
  // Mostly 30% ahead, with two slow rounds: open, but a few more rounds would settle it.
  const narrowing = [1.0, 1.3, 1.05, 1.28, 1.32, 1.25, 1.35, 1.3, 1.4, 1.45]
  it.each([
    ['a median on the margin, the budget short', onTheMargin, 10, 'futile'],
    ['a median on the margin, before FUTILITY_MIN_ROUNDS', onTheMargin.slice(1), 10, 'continue'],
    [
      'a median on the margin with budget for the round cap: still futile',
      onTheMargin,
      Infinity,
      'futile'
    ],
    ['an open comparison that is narrowing', narrowing, 100, 'continue']
  ] as const)('%s: %s', (_name, speedups, budgetSecondsLeft, expected) => {
    const head = serialAndThreads(speedups)
    const step = nextStep(state(head, { budgetSecondsLeft, roundSeconds: 1 }), RULES)
    expect(step.kind === 'stop' ? step.reason : step.kind).toBe(expected)
  })
})

describe('nextStep: the race', () => {
  const cases: { name: string; rounds: number; shape: RunsShape; retire: string[] }[] = [
    {
      name: 'one-worker pools stop after their first round',
      rounds: 1,
      shape: gilBound,
      retire: ['threads@1:one-worker', 'processes@1:one-worker']
    },
    {
      name: 'nobody else stops before MIN_RACE_ROUNDS paired rounds',
      rounds: MIN_RACE_ROUNDS - 1,
      shape: gilBound,
      retire: []
    },
    {
      // Threads' best (×2) stays: it is a candidate the verdict compares. ×4 is clearly behind the
      // leading processes ×2, and so is threads' best; processes ×4 is no faster than ×2.
      name: 'GIL-bound: the extra thread pool and the extra process pool stop',
      rounds: MIN_RACE_ROUNDS,
      shape: gilBound,
      retire: ['threads@4:behind', 'processes@4:no-gain']
    },
    {
      name: 'I/O-bound: the smaller pools stop, clearly behind their strategy’s best',
      rounds: MIN_RACE_ROUNDS,
      shape: ioBound,
      retire: ['threads@2:behind', 'processes@2:behind']
    },
    {
      name: 'overhead-bound: pools other than each strategy’s best stop, behind serial',
      rounds: MIN_RACE_ROUNDS,
      shape: overhead,
      retire: ['threads@4:behind', 'processes@4:behind']
    },
    {
      // Threads ×2 is within the margin of threads ×4 and the strategy is in the running: the
      // verdict may pick ×2 as the fewest workers within the margin of the best, so it stays.
      name: 'a smaller pool within the margin of its best stays while its strategy is in the running',
      rounds: MIN_RACE_ROUNDS,
      shape: {
        threads: { speedups: { 1: 0.98, 2: 1.9, 4: 1.95 } },
        processes: { speedups: { 1: 0.9, 2: 1.85, 4: 1.8 } }
      },
      retire: ['processes@4:no-gain']
    },
    {
      name: 'a pool that may beat its best by more than the margin stays',
      rounds: MIN_RACE_ROUNDS,
      shape: {
        jitter: [0, 0.12, -0.1, 0.08, -0.06, 0.1, -0.12, 0.02],
        threads: { speedups: { 1: 1, 2: 1.9, 4: 1.85 } }
      },
      retire: []
    }
  ]
  it.each(cases)('$name', ({ rounds, shape, retire }) => {
    const runs =
      rounds === 1
        ? makeRuns({ rounds, jitter: NOISE, independent: true, ...shape })
        : raced({ rounds, ...shape })
    expect(retired(nextStep(state(runs), RULES)).sort()).toEqual([...retire].sort())
  })

  it('never stops serial or the best of a strategy, however far behind', () => {
    const step = nextStep(state(raced({ rounds: 12, ...overhead })), RULES)
    expect(retired(step)).not.toContain('serial@1:behind')
    expect(retired(step).some((r) => r.startsWith('threads@2'))).toBe(false)
    expect(retired(step).some((r) => r.startsWith('processes@2'))).toBe(false)
  })

  it('says why, with the figures', () => {
    const step = nextStep(state(raced({ rounds: MIN_RACE_ROUNDS, ...gilBound })), RULES)
    if (step.kind !== 'continue') throw new Error('expected the race to go on')
    const threads4 = step.retire.find((o) => o.strategy === 'threads' && o.workers === 4)!
    expect(threads4.retirement).toMatchObject({
      afterRounds: MIN_RACE_ROUNDS,
      cause: 'behind',
      versus: { strategy: 'processes', workers: 2 }
    })
    expect(threads4.retirement.reason).toMatch(
      /^stopped after 4 rounds: 0\.9\dx, clearly behind processes ×2 at 1\.\d\dx$/
    )
    expect(threads4.retirement.bound).toBeGreaterThan(1.1)
  })

  it('keeps, with a base, head’s twins of base’s best and retires base only after head', () => {
    const head = raced({ rounds: MIN_RACE_ROUNDS, ...gilBound })
    // On base, threads ×4 did best of its threads: head must keep measuring its twin.
    const base = raced({
      rounds: MIN_RACE_ROUNDS,
      threads: { speedups: { 1: 0.97, 2: 0.9, 4: 0.99 } },
      processes: gilBound.processes
    })
    const step = nextStep(state(head, { base }), {
      margin: 0.1,
      comparison: { uses: null, threshold: 0.1 }
    })
    if (step.kind !== 'continue') throw new Error('expected the race to go on')
    const orders = step.retire.map(
      (o) => `${o.variant}:${o.strategy}@${o.workers}:${o.retirement.cause}`
    )
    expect(orders).not.toContain('head:threads@4:behind')
    expect(orders).toContain('head:processes@4:no-gain')
    expect(orders).toContain('base:processes@4:twin')
    expect(orders.some((o) => o.startsWith('base:threads@4'))).toBe(false)
  })
})

describe('mayTakeTurn', () => {
  it.each([
    [0, true, true],
    [MIN_ROUNDS - 1, true, true],
    [MIN_ROUNDS, true, false],
    [MIN_ROUNDS, false, true]
  ])('round %i, past the budget %s: %s', (round, pastBudget, allowed) => {
    expect(mayTakeTurn(round, pastBudget)).toBe(allowed)
  })
})

describe('one-sided bounds on a median', () => {
  it.each([
    [[1, 2, 3], 0.9, null],
    [[4, 1, 3, 2], 0.9, 1],
    [[5, 4, 3, 2, 1, 6, 7], 0.9, 2]
  ])('%j at %d: lower bound %s', (values, confidence, bound) => {
    expect(medianLowerBound(values, confidence)).toBe(bound)
  })

  it('mirrors the lower bound for the upper', () => {
    expect(medianUpperBound([4, 1, 3, 2], 0.9)).toBe(4)
    expect(medianUpperBound([1, 2, 3], 0.9)).toBeNull()
  })
})
