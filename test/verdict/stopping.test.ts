// The stopping policy on synthetic rounds: when the loop stops, and whom the race retires.
import { describe, expect, it } from 'vitest'
import { medianLowerBound, medianUpperBound } from '../../src/stats/interval.ts'
import { isClearlyAbove, MIN_EVIDENCE_ROUNDS } from '../../src/stats/evidence.ts'
import { turnSeconds } from '../../src/stats/measurements.ts'
import type { SetAsideTurn, StrategyRun } from '../../src/types.ts'
import {
  FUTILITY_MIN_ROUNDS,
  MAX_ROUNDS,
  MIN_ROUNDS,
  NO_CLEAN_PATIENCE_SECONDS,
  NO_CLEAN_ROUND_PATIENCE,
  ONE_ROUND_DISTORTION,
  SET_ASIDE_DISTORTION,
  TIED_PATIENCE,
  mayTakeTurn,
  nextStep,
  retirements,
  settleBounds
} from '../../src/verdict/stopping.ts'
import type { NextStep, RoundsState, StoppingRules } from '../../src/verdict/stopping.ts'
import { decide } from '../../src/verdict/recommend.ts'
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
const raceOf = (runs: StrategyRun[]): string[] =>
  retired({ kind: 'continue', retire: retirements(state(runs), RULES), join: [] })

/**
 * The runs with every turn of the given rounds (0-based) set aside: no sample for any rule, as
 * wallsOf shows a turn the contended-round predicate set aside.
 */
function setAside(runs: StrategyRun[], rounds: readonly number[]): StrategyRun[] {
  return runs.map((run) => ({
    ...run,
    samples: run.samples.map((sample, k) => (rounds.includes(k) ? null : sample))
  }))
}

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
      name: 'a clear verdict settles after two clean rounds',
      shape: { rounds: MIN_EVIDENCE_ROUNDS, ...gilBound },
      expected: 'settled'
    },
    {
      name: 'not from one round',
      shape: { rounds: MIN_EVIDENCE_ROUNDS - 1, ...gilBound },
      expected: 'continue'
    },
    {
      // 1.6x against the margin's 1.1x, but rounds this noisy (±25%) cannot show it in two.
      name: 'a clear gap in noisy rounds takes more than two',
      shape: {
        rounds: MIN_EVIDENCE_ROUNDS,
        jitter: [0, 0.25, -0.25, 0.2],
        independent: true,
        threads: { speedups: { 2: 1.6 } }
      },
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
      shape: { rounds: MIN_EVIDENCE_ROUNDS, ...gilBound },
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

  it('settles nothing from rounds that were all set aside', () => {
    const runs = makeRuns({ rounds: 4, jitter: NOISE, independent: true, ...gilBound })
    expect(nextStep(state(setAside(runs, [1, 2, 3])), RULES).kind).toBe('continue')
    expect(nextStep(state(setAside(runs, [1, 3])), RULES)).toEqual({
      kind: 'stop',
      reason: 'settled'
    })
  })

  /** GIL-bound runs whose processes ×4 lost every turn (and retake): no sample, only setAside. */
  const processesLost = (serialWallSeconds = 1): { runs: StrategyRun[]; lost: StrategyRun[] } => {
    const runs = makeRuns({
      rounds: 3,
      jitter: NOISE,
      independent: true,
      ...gilBound,
      serialWallSeconds
    })
    const lost = runs.map((run) =>
      run.strategy === 'processes' && run.workers === 4
        ? {
            ...run,
            samples: run.samples.map(() => null),
            setAside: run.samples.flatMap((sample, round) =>
              sample === null
                ? []
                : [{ round, sample, lostSeconds: 0.3, lostShare: 0.4, reason: 'a neighbour' }]
            )
          }
        : run
    )
    return { runs, lost }
  }

  it('holds the verdict back for a few rounds while a running configuration lost every turn', () => {
    const { runs, lost } = processesLost()
    expect(nextStep(state(runs), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    expect(nextStep(state(lost), RULES).kind).toBe('continue')
    expect(nextStep(state(lost, { rounds: NO_CLEAN_ROUND_PATIENCE - 1 }), RULES).kind).toBe(
      'continue'
    )
    expect(nextStep(state(lost, { rounds: NO_CLEAN_ROUND_PATIENCE }), RULES)).toEqual({
      kind: 'stop',
      reason: 'settled'
    })
    // One that stopped (the race, a fault) holds nothing back.
    const stopped = lost.map((run) =>
      run.strategy === 'processes' && run.workers === 4
        ? {
            ...run,
            stopped: {
              afterRounds: 3,
              cause: 'behind' as const,
              versus: null,
              ratio: null,
              bound: null,
              reason: 'stopped after 3 rounds'
            }
          }
        : run
    )
    expect(nextStep(state(stopped), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
  })

  it('holds it back for NO_CLEAN_PATIENCE_SECONDS of turns where the rounds are short', () => {
    // Rounds of 20 ms turns: five fit in one burst of a neighbour.
    const short = processesLost(0.02).lost
    expect(turnSeconds(short)).toBeLessThan(NO_CLEAN_PATIENCE_SECONDS)
    expect(nextStep(state(short, { rounds: NO_CLEAN_ROUND_PATIENCE }), RULES).kind).toBe('continue')
    // Past those seconds the configuration no longer holds the rounds hostage.
    const long = processesLost(1).lost
    expect(turnSeconds(long)).toBeGreaterThanOrEqual(NO_CLEAN_PATIENCE_SECONDS)
    expect(nextStep(state(long, { rounds: NO_CLEAN_ROUND_PATIENCE }), RULES)).toEqual({
      kind: 'stop',
      reason: 'settled'
    })
  })

  it("holds the verdict back for a few rounds while a pool ties with serial on twice serial's CPU", () => {
    // Processes at serial's pace: GIL-bound-like on one CPU's worth (no more CPU than serial), or
    // two workers busy all along on twice serial's CPU, as in the host's unseen slowdowns.
    const shape = (cpuUse: number): RunsShape => ({
      rounds: 3,
      threads: { speedups: { 2: 1, 4: 1 } },
      processes: { speedups: { 2: 1, 4: 1 }, cpuUse }
    })
    const oneCpu = makeRuns(shape(1))
    const twice = makeRuns(shape(2))
    expect(nextStep(state(oneCpu), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    expect(nextStep(state(twice), RULES).kind).toBe('continue')
    expect(nextStep(state(twice, { rounds: TIED_PATIENCE - 1 }), RULES).kind).toBe('continue')
    expect(nextStep(state(twice, { rounds: TIED_PATIENCE }), RULES)).toEqual({
      kind: 'stop',
      reason: 'settled'
    })
  })

  it('settles a lighter strategy within the margin of the fastest by the zone around it', () => {
    // Threads 1.66x and processes 1.77x (issue 19's js-pako-deflate): threads is 1.066x the
    // processes' wall time, 0.97x the limit; clearly below the zone's edge (1.155x) in two quiet rounds.
    const pako = {
      threads: { speedups: { 2: 1.66 } },
      processes: { speedups: { 2: 1.77 } }
    }
    const step = nextStep(state(makeRuns({ rounds: 2, jitter: [0, 0.01], ...pako })), RULES)
    expect(step).toEqual({ kind: 'stop', reason: 'settled' })
  })
})

/** Serial at 1 s a round, and threads whose per-round speedups over serial are `speedups`. */
function serialAndThreads(speedups: readonly (number | null)[]): StrategyRun[] {
  const run = (
    strategy: 'serial' | 'threads',
    workers: number,
    walls: (number | null)[]
  ): StrategyRun => ({
    interpreter: 'python3',
    gilForced: false,
    strategy,
    workers,
    startupSeconds: 0,
    startMethod: null,
    samples: walls.map((wallSeconds) =>
      wallSeconds === null
        ? null
        : {
            wallSeconds,
            cpuSeconds: wallSeconds,
            peakRssBytes: null,
            bytesToWorkersPerCall: null,
            bytesFromWorkersPerCall: null,
            childCpuSeconds: null
          }
    ),
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
      speedups.map((speedup) => (speedup === null ? null : 1 / speedup))
    )
  ]
}

describe('nextStep: futility', () => {
  // Serial's wall time over threads' 1.07x on average, near the margin, in rounds so noisy (±25%)
  // that settling it would take hundreds.
  const onTheEdge = Array.from({ length: FUTILITY_MIN_ROUNDS }, (_, k) =>
    k % 2 === 0 ? 0.85 : 1.35
  )
  // Mostly 30% ahead, with two slow rounds: open, but a few more rounds would settle it.
  const narrowing = [1.0, 1.3, 1.05, 1.28, 1.32, 1.25]
  it.each([
    ['a noisy mean near the margin, the budget short', onTheEdge, 10, 'futile'],
    [
      'a noisy mean near the margin, before FUTILITY_MIN_ROUNDS',
      onTheEdge.slice(1),
      10,
      'continue'
    ],
    [
      'a noisy mean near the margin with budget for the round cap: still futile',
      onTheEdge,
      Infinity,
      'futile'
    ],
    ['an open comparison that is narrowing', narrowing, 100, 'continue'],
    [
      'an open comparison whose rounds were mostly set aside',
      [...onTheEdge.slice(0, 3), null, null, null, null],
      10,
      'continue'
    ]
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
      // Threads, its best (×2) included, are clearly behind the leading processes ×2: the verdict's
      // comparison with them is decided. Processes ×4 is no faster than ×2.
      name: 'GIL-bound: the thread pools and the extra process pool stop',
      rounds: 4,
      shape: gilBound,
      retire: ['threads@2:behind', 'threads@4:behind', 'processes@4:no-gain']
    },
    {
      name: 'I/O-bound: the smaller pools stop, clearly behind their strategy’s best',
      rounds: MIN_EVIDENCE_ROUNDS,
      shape: ioBound,
      retire: ['threads@2:behind', 'processes@2:behind']
    },
    {
      name: 'overhead-bound: every pool stops, behind serial',
      rounds: MIN_EVIDENCE_ROUNDS,
      shape: overhead,
      retire: ['threads@2:behind', 'threads@4:behind', 'processes@2:behind', 'processes@4:behind']
    },
    {
      // Threads ×2 is within the margin of threads ×4 and the strategy is in the running: the
      // verdict may pick ×2 as the fewest workers within the margin of the best, so it stays.
      name: 'a smaller pool within the margin of its best stays while its strategy is in the running',
      rounds: 4,
      shape: {
        threads: { speedups: { 1: 0.98, 2: 1.9, 4: 1.95 } },
        processes: { speedups: { 1: 0.9, 2: 1.85, 4: 1.8 } }
      },
      retire: ['processes@4:no-gain']
    },
    {
      name: 'a pool that may beat its best by more than the margin stays',
      rounds: MIN_EVIDENCE_ROUNDS,
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
    expect(raceOf(runs).sort()).toEqual([...retire].sort())
  })

  it('retires nobody from one clean round and rounds set aside', () => {
    const runs = raced({ rounds: 4, ...gilBound })
    expect(raceOf(setAside(runs, [1, 2, 3]))).toEqual([])
    expect(raceOf(setAside(runs, [1, 2])).sort()).toEqual(['threads@2:behind', 'threads@4:behind'])
  })

  it('stops a GIL-forced twin once its twin without the forced GIL stopped', () => {
    const runs = raced({ rounds: 4, ...gilBound })
    const twins = runs
      .filter((run) => run.strategy === 'threads' && run.workers > 1)
      .map((run) => ({ ...run, gilForced: true }))
    const retire = retirements(state([...runs, ...twins]), RULES)
    const twinOrders = retire.filter((o) => o.gilForced)
    expect(twinOrders.map((o) => `${o.strategy}@${o.workers}:${o.retirement.cause}`)).toEqual([
      'threads@4:twin'
    ])
    expect(twinOrders[0]!.retirement.reason).toMatch(/its twin without the forced GIL stopped$/)
  })

  it('never stops serial, the leader or the declared strategy’s best, however far behind', () => {
    const runs = raced({ rounds: 12, ...overhead })
    const out = raceOf(runs)
    expect(out.some((r) => r.startsWith('serial'))).toBe(false)
    const declared = retirements(state(runs), { ...RULES, uses: 'processes' }).map(
      (o) => `${o.strategy}@${o.workers}`
    )
    expect(declared).toContain('threads@2')
    expect(declared).not.toContain('processes@2')
    expect(declared).toContain('processes@4')
    // The leader (processes ×2 in a GIL-bound workload) keeps running, as does async, whose lower
    // limits join by its top's figures.
    const blocking = raceOf(raced({ rounds: 12, ...gilBound, async: { speedups: { 32: 1 } } }))
    expect(blocking).not.toContain('processes@2:behind')
    expect(blocking).toContain('threads@2:behind')
    expect(blocking.some((r) => r.startsWith('async'))).toBe(false)
  })

  it('stops a strategy’s best only with the rest of its strategy', () => {
    // Processes ×4 kept one clean round, 3.3 times behind: not clear after one round, so processes ×2
    // (the best) stays too; stopped alone, ×4 would become the best and hold the verdict open in its
    // place.
    const behind = {
      threads: { speedups: { 1: 0.5, 2: 0.45, 4: 0.4 } },
      processes: { speedups: { 1: 0.3, 2: 0.35, 4: 0.3 } }
    }
    const runs = raced({ rounds: 4, ...behind }).map((run) =>
      run.strategy === 'processes' && run.workers === 4
        ? { ...run, samples: run.samples.map((sample, k) => (k === 0 ? sample : null)) }
        : run
    )
    const out = raceOf(runs)
    expect(out).toContain('threads@2:behind')
    expect(out.some((r) => r.startsWith('processes'))).toBe(false)
  })

  it('keeps every strategy’s best where it is compared across builds or with a base', () => {
    const runs = raced({ rounds: 12, ...overhead })
    const bests = (orders: readonly { strategy: string; workers: number }[]): string[] =>
      orders.filter((o) => o.workers === 2).map((o) => `${o.strategy}@${o.workers}`)
    // With a base checkout measured alongside.
    const comparison = { uses: null, threshold: 0.1 }
    expect(bests(retirements(state(runs, { base: runs }), { ...RULES, comparison }))).toEqual([])
    // With a GIL-forced twin.
    const twins = runs
      .filter((run) => run.strategy === 'threads' && run.workers > 1)
      .map((run) => ({ ...run, gilForced: true }))
    expect(bests(retirements(state([...runs, ...twins]), RULES))).toEqual([])
    // With two interpreters in the same rounds.
    const other = runs.map((run) => ({ ...run, interpreter: 'python3.13t' }))
    expect(
      bests(retirements(state([...runs, ...other]), RULES).filter((o) => !o.gilForced))
    ).toEqual([])
  })

  it('stops after one round what is more than ONE_ROUND_DISTORTION times the limit behind', () => {
    // 2,000 trivial calls: pools 50 to 500 times slower than serial after their first round.
    const retire = retirements(state(raced({ rounds: 1, ...overhead })), RULES)
    expect(retire.map((o) => `${o.strategy}@${o.workers}:${o.retirement.cause}`).sort()).toEqual([
      'processes@2:behind',
      'processes@4:behind',
      'threads@2:behind',
      'threads@4:behind'
    ])
    const threads2 = retire.find((o) => o.strategy === 'threads' && o.workers === 2)!
    expect(threads2.retirement.afterRounds).toBe(1)
    // The bound is the ratio over the distortion one round may carry.
    expect(threads2.retirement.bound! * ONE_ROUND_DISTORTION).toBeCloseTo(
      threads2.retirement.ratio!,
      9
    )
  })

  it('keeps after one round what is behind by less than that', () => {
    // 5 times behind serial: beyond the margin, within what one round may stray.
    const behind = {
      threads: { speedups: { 2: 0.2, 4: 0.2 } },
      processes: { speedups: { 2: 0.2, 4: 0.2 } }
    }
    expect(raceOf(raced({ rounds: 1, ...behind }))).toEqual([])
  })

  it('says why, with the figures', () => {
    const retire = retirements(state(raced({ rounds: MIN_EVIDENCE_ROUNDS, ...gilBound })), RULES)
    const threads4 = retire.find((o) => o.strategy === 'threads' && o.workers === 4)!
    expect(threads4.retirement).toMatchObject({
      afterRounds: MIN_EVIDENCE_ROUNDS,
      cause: 'behind',
      versus: { strategy: 'processes', workers: 2 }
    })
    expect(threads4.retirement.reason).toMatch(
      /^stopped after 2 rounds: 0\.9\dx, clearly behind processes ×2 at 1\.\d\dx$/
    )
    expect(threads4.retirement.bound).toBeGreaterThan(1.1)
  })

  it('keeps, with a base, head’s twins of base’s best and retires base only after head', () => {
    const head = raced({ rounds: 4, ...gilBound })
    // On base, threads ×4 did best of its threads: head must keep measuring its twin.
    const base = raced({
      rounds: 4,
      threads: { speedups: { 1: 0.97, 2: 0.9, 4: 0.99 } },
      processes: gilBound.processes
    })
    const retire = retirements(state(head, { base }), {
      margin: 0.1,
      comparison: { uses: null, threshold: 0.1 }
    })
    const orders = retire.map(
      (o) => `${o.variant}:${o.strategy}@${o.workers}:${o.retirement.cause}`
    )
    expect(orders).not.toContain('head:threads@4:behind')
    expect(orders).toContain('head:processes@4:no-gain')
    expect(orders).toContain('base:processes@4:twin')
    expect(orders.some((o) => o.startsWith('base:threads@4'))).toBe(false)
  })
})

/**
 * The runs with the given configurations' turns of the given rounds set aside as a contention
 * reading leaves them: no sample, the turn kept in setAside with its wall `slowed` times longer.
 */
function slowedAside(
  runs: StrategyRun[],
  which: (run: StrategyRun) => boolean,
  rounds: readonly number[],
  slowed: number,
  lostShare = 0.3
): StrategyRun[] {
  return runs.map((run) =>
    which(run)
      ? {
          ...run,
          samples: run.samples.map((sample, k) => (rounds.includes(k) ? null : sample)),
          setAside: run.samples.flatMap((sample, round) =>
            sample !== null && rounds.includes(round)
              ? [
                  {
                    round,
                    sample: { ...sample, wallSeconds: sample.wallSeconds * slowed },
                    lostSeconds: 0.1,
                    lostShare,
                    reason: 'the neighbour'
                  }
                ]
              : []
          )
        }
      : run
  )
}

describe('set-aside turns as bounds', () => {
  const isSerial = (run: StrategyRun): boolean => run.strategy === 'serial'
  const isPool = (run: StrategyRun): boolean => !isSerial(run) && run.workers > 1
  // Pools that copy more than they compute: serial is the verdict.
  const transferBound = {
    threads: { speedups: { 1: 0.9, 2: 0.55, 4: 0.5 } },
    processes: { speedups: { 1: 0.3, 2: 0.35, 4: 0.3 } }
  }

  it('settles serial on rounds where only serial or only the pools were set aside', () => {
    // The neighbour took serial's turns of rounds 1 and 2 and the pools' of rounds 0 and 3: no
    // round has both clean, but a pool's clean turn slower than serial's slowed one is slower still.
    const runs = raced({ rounds: 4, ...transferBound })
    const alternating = slowedAside(slowedAside(runs, isSerial, [1, 2], 1.3), isPool, [0, 3], 1.5)
    expect(nextStep(state(alternating), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    expect(decide(alternating, RULES.margin).recommendation).toBe('serial')
    // The same rounds as no sample at all decide nothing.
    const blind = alternating.map((run) => ({ ...run, setAside: [] }))
    expect(nextStep(state(blind), RULES).kind).toBe('continue')
  })

  it('settles serial after two rounds, one of them set aside, when every pool is clearly behind', () => {
    const runs = slowedAside(raced({ rounds: 2, ...transferBound }), isSerial, [1], 1.3)
    expect(nextStep(state(runs), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    // Not from one round, even where no rival is left to compare.
    const alone = makeRuns({
      rounds: 1,
      threads: { speedups: { 2: 1 }, faults: { 2: { kind: 'exit', message: 'exited' } } }
    })
    expect(nextStep(state(alone), RULES).kind).toBe('continue')
    // Not without the set-aside turn.
    const blind = runs.map((run) => ({ ...run, setAside: [] }))
    expect(nextStep(state(blind), RULES).kind).toBe('continue')
    // A lighter choice within the margin of a fastest with one clean round still waits for another.
    const close = raced({
      rounds: 4,
      threads: { speedups: { 1: 1, 2: 1.8, 4: 1.85 } },
      processes: { speedups: { 1: 1, 2: 1.9, 4: 1.95 } }
    })
    expect(nextStep(state(close), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    const within = slowedAside(
      close,
      (run) => run.strategy === 'processes' && run.workers === 4,
      [1, 2, 3],
      1.02
    )
    expect(decide(within, RULES.margin)).toMatchObject({ recommendation: 'threads', workers: 2 })
    expect(nextStep(state(within), RULES).kind).toBe('continue')
  })

  it("retires a pool behind another on the leader's set-aside rounds", () => {
    const runs = slowedAside(
      raced({ rounds: 3, ...gilBound }),
      (run) => run.strategy === 'processes',
      [1, 2],
      1.2
    )
    expect(raceOf(runs).sort()).toEqual(['threads@2:behind', 'threads@4:behind'])
    expect(raceOf(runs.map((run) => ({ ...run, setAside: [] })))).toEqual([])
  })

  it('never stands a set-aside turn in for a lost round on the side a claim puts slower', () => {
    // Threads lost rounds 1 to 3, slowed threefold: one clean round, not far enough behind.
    const runs = slowedAside(
      raced({ rounds: 4, ...gilBound }),
      (run) => run.strategy === 'threads',
      [1, 2, 3],
      3
    )
    // Processes ×4 stops on its clean rounds, as it would anyway; no thread pool does.
    expect(raceOf(runs)).toEqual(['processes@4:no-gain'])
    expect(nextStep(state(runs), RULES).kind).toBe('continue')
  })

  it('keeps what the clean pairs decided when a badly slowed bound drags the pairs back', () => {
    // Processes (the verdict) lost rounds 0 and 1 at serial's pace: as bounds those say serial is
    // barely slower, but the two clean rounds already show it clearly behind.
    const runs = slowedAside(
      makeRuns({ rounds: 4, jitter: NOISE, independent: true, ...gilBound }),
      (run) => run.strategy === 'processes',
      [0, 1],
      1.85
    )
    expect(nextStep(state(runs), RULES)).toEqual({ kind: 'stop', reason: 'settled' })
    const decision = decide(runs, RULES.margin)
    expect(decision.recommendation).toBe('processes')
    const serial = decision.candidates.find((candidate) => candidate.strategy === 'serial')!
    expect(isClearlyAbove(serial.bounded.above, settleBounds(RULES.margin).beyond)).toBe(false)
    expect(isClearlyAbove(serial.evidence, settleBounds(RULES.margin).beyond)).toBe(true)
  })
})

describe('set-aside turns faster than the clean turn of their round', () => {
  // Threads ×2 2.3 times as fast as serial in serial's clean turns; serial's turns set aside in the
  // same rounds came in at a fifth of its clean ones (node-large-buffer beside the neighbour: 0.06 s
  // set aside, 0.34 s and 0.26 s retaken clean).
  const shape = {
    rounds: 2,
    threads: { speedups: { 1: 0.95, 2: 2.3, 4: 1.5 } },
    processes: { speedups: { 1: 0.9, 2: 1.2, 4: 1.4 } }
  }
  const runs = raced(shape)
  const serial = runs.find((run) => run.strategy === 'serial')!
  const turn = (round: number, wallSeconds: number): SetAsideTurn => ({
    round,
    sample: { ...serial.samples[round]!, wallSeconds },
    lostSeconds: 0.04,
    lostShare: 0.4,
    reason: 'the neighbour'
  })
  const inverted = runs.map((run) =>
    run === serial ? { ...run, setAside: [turn(0, 0.18), turn(1, 0.25)] } : run
  )

  it('make no claim that serial is slower on its clean turns', () => {
    expect(nextStep(state(runs), RULES).kind).toBe('stop')
    expect(decide(inverted, RULES.margin)).toMatchObject({ recommendation: 'threads' })
    expect(nextStep(state(inverted), RULES).kind).toBe('continue')
  })

  it('leave the figures on the clean turns', () => {
    const [before, after] = [runs, inverted].map((r) => decide(r, RULES.margin).candidates)
    expect(after!.map((c) => c.ratioToFastest)).toEqual(before!.map((c) => c.ratioToFastest))
    expect(after!.map((c) => c.evidence)).toEqual(before!.map((c) => c.evidence))
  })

  it('retire no pool behind the leader on its clean turns alone', () => {
    // GIL-bound threads twice the processes' time in their clean turns, but set aside at the
    // processes' pace in the same rounds.
    const gil = raced({ rounds: 3, ...gilBound })
    const fast = gil.find((run) => run.strategy === 'processes' && run.workers === 2)!
    const quick = gil.map((run) =>
      run.strategy === 'threads' && run.workers > 1
        ? {
            ...run,
            setAside: [0, 1, 2].map((round) => ({
              ...turn(round, 0),
              sample: { ...fast.samples[round]! }
            }))
          }
        : run
    )
    expect(raceOf(gil)).toContain('threads@2:behind')
    expect(raceOf(quick).filter((order) => order.startsWith('threads'))).toEqual([])
  })

  it('a set-aside turn slower than the clean one changes nothing', () => {
    const slower = runs.map((run) =>
      run === serial ? { ...run, setAside: [turn(0, 1.5), turn(1, 2)] } : run
    )
    expect(nextStep(state(slower), RULES).kind).toBe('stop')
  })
})

describe('far behind in set-aside turns', () => {
  const isPool = (run: StrategyRun): boolean => run.strategy !== 'serial' && run.workers > 1
  // Trivial calls: the thread pools 67-83x serial's time, the process pools 333-500x, every turn set
  // aside at its usual wall time for waits off the critical path (the share lost overstates it).
  const unseen = slowedAside(raced({ rounds: 2, ...overhead }), isPool, [0, 1], 1, 0.95)

  it(`stops a configuration with no clean turn beyond ${ONE_ROUND_DISTORTION * SET_ASIDE_DISTORTION}x the limit behind the leader`, () => {
    expect(raceOf(unseen).sort()).toEqual(['processes@2:behind', 'processes@4:behind'])
    const step = nextStep(state(unseen), RULES)
    const order = step.kind === 'continue' ? step.retire[0]! : null
    expect(order?.retirement).toMatchObject({
      afterRounds: 2,
      cause: 'behind',
      versus: { strategy: 'serial', workers: 1 }
    })
    expect(order?.retirement.reason).toBe(
      'stopped after 2 rounds: every turn set aside, and even so 0.003x, clearly behind serial at 1x'
    )
  })

  it('stops none within the limit whose set-aside turns were slowed as much as any seen', () => {
    // GIL-bound threads at serial's pace, their turns slowed tenfold: 10.5x serial, far from 110x.
    const close = slowedAside(raced({ rounds: 2, ...gilBound }), isPool, [0, 1], 10)
    expect(raceOf(close)).toEqual([])
  })

  // A process pool copying large results back, about 25x serial's time (py-large-result).
  const copying = {
    threads: { speedups: { 1: 0.4, 2: 0.4, 4: 0.35 } },
    processes: { speedups: { 1: 0.04, 2: 0.04, 4: 0.04 } }
  }
  const isProcessPool = (run: StrategyRun): boolean => run.strategy === 'processes'

  it(`stops one whose turns, less the share they lost, ran beyond ${ONE_ROUND_DISTORTION}x the limit behind`, () => {
    // Twice as slow for the neighbour, half their CPU time lost: 50x raw, 25x less the share.
    const slowed = slowedAside(raced({ rounds: 1, ...copying }), isProcessPool, [0], 2, 0.5)
    expect(raceOf(slowed).sort()).toEqual(['processes@2:behind', 'processes@4:behind'])
    const step = nextStep(state(slowed), RULES)
    const order = step.kind === 'continue' ? step.retire[0]! : null
    expect(order?.retirement).toMatchObject({ afterRounds: 1, cause: 'behind' })
    expect(order?.retirement.bound).toBeCloseTo(2.5, 0)
  })

  it('stops none that neither figure puts beyond its allowance', () => {
    // 3.5 times as slow, nine tenths of it lost: 88x raw (under 110x), 9x less the share (under 11x).
    const slowed = slowedAside(raced({ rounds: 1, ...copying }), isProcessPool, [0], 3.5, 0.9)
    expect(raceOf(slowed)).toEqual([])
    // Within the margin of serial, less the share lost still as far off as any set-aside turn seen
    // (4.39 times its clean time), and twice that raw.
    const within = {
      threads: { speedups: { 1: 0.95, 2: 0.95, 4: 0.95 } },
      processes: { speedups: { 1: 0.95, 2: 0.95, 4: 0.95 } }
    }
    const stray = slowedAside(raced({ rounds: 1, ...within }), isPool, [0], 4.39 * 2, 0.5)
    expect(raceOf(stray)).toEqual([])
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
