import { describe, expect, it } from 'vitest'
import { decide } from '../../src/verdict/recommend.ts'
import { isVerdictSettled } from '../../src/verdict/stopping.ts'
import { makeRuns } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'
import type { StrategyRun } from '../../src/types.ts'

const MARGIN = 0.1
const boom = { kind: 'exception', message: 'ValueError: boom', type: 'ValueError' } as const

const cases: {
  name: string
  shape: RunsShape
  recommendation: string | null
  workers: number | null
  settled: boolean
}[] = [
  {
    name: 'GIL-bound: processes win, at the fewest workers within the margin of their best',
    shape: {
      threads: { speedups: { 1: 0.98, 2: 0.97, 4: 0.96 } },
      processes: { speedups: { 1: 0.95, 2: 1.9, 4: 1.92 } }
    },
    recommendation: 'processes',
    workers: 2,
    settled: true
  },
  {
    name: 'I/O-bound: threads and processes tie at the top, threads are lighter',
    shape: {
      threads: { speedups: { 1: 1, 2: 2, 4: 3.9 } },
      processes: { speedups: { 1: 0.97, 2: 1.95, 4: 3.95 } }
    },
    recommendation: 'threads',
    workers: 4,
    settled: true
  },
  {
    name: 'serial wins a near-tie with threads (within the margin)',
    shape: {
      threads: { speedups: { 1: 0.99, 2: 1.05 } },
      processes: { speedups: { 1: 0.5, 2: 0.8 } }
    },
    recommendation: 'serial',
    workers: 1,
    settled: true
  },
  {
    name: 'overhead-bound: everything parallel is slower',
    shape: {
      threads: { speedups: { 1: 0.2, 2: 0.3 } },
      processes: { speedups: { 1: 0.01, 2: 0.02 } }
    },
    recommendation: 'serial',
    workers: 1,
    settled: true
  },
  {
    name: 'threads fail: the best strategy that works',
    shape: {
      threads: { speedups: { 1: 1, 2: 1 }, faults: { 1: boom, 2: boom } },
      processes: { speedups: { 1: 0.95, 2: 1.8 } }
    },
    recommendation: 'processes',
    workers: 2,
    settled: true
  },
  {
    name: 'one round: a recommendation, but not settled',
    shape: {
      rounds: 1,
      threads: { speedups: { 1: 1, 2: 1 } },
      processes: { speedups: { 1: 1, 2: 1.9 } }
    },
    recommendation: 'processes',
    workers: 2,
    settled: false
  }
]

describe('decide', () => {
  it.each(cases)('$name', ({ shape, recommendation, workers, settled }) => {
    const decision = decide(makeRuns(shape), MARGIN)
    expect(decision.recommendation).toBe(recommendation)
    expect(decision.workers).toBe(workers)
    expect(isVerdictSettled(decision, MARGIN)).toBe(settled)
  })

  it('does not settle while noise straddles the margin', () => {
    const runs = makeRuns({
      rounds: 8,
      jitter: [0, 0.12, -0.1, 0.08, -0.06, 0.1, -0.12, 0.02],
      independent: true,
      threads: { speedups: { 1: 1.1, 2: 1.1 } },
      processes: { speedups: { 1: 0.5 } }
    })
    const decision = decide(runs, MARGIN)
    expect(['serial', 'threads']).toContain(decision.recommendation)
    expect(isVerdictSettled(decision, MARGIN)).toBe(false)
  })

  it('never chooses a strategy the race stopped as clearly behind another', () => {
    // Threads ×2 within the margin of processes ×2: the lighter strategy, chosen while it runs.
    const runs = makeRuns({
      threads: { speedups: { 2: 1.85 } },
      processes: { speedups: { 2: 1.9 } }
    })
    expect(decide(runs, MARGIN).recommendation).toBe('threads')
    // Stopped as clearly behind processes (rounds that the leader's later ones no longer pair with
    // alike): its comparison is decided, and it is never the one chosen.
    const stopped = runs.map((run) =>
      run.strategy === 'threads'
        ? {
            ...run,
            stopped: {
              afterRounds: 2,
              cause: 'behind' as const,
              versus: { strategy: 'processes' as const, workers: 2, python: null },
              ratio: 1.2,
              bound: 1.12,
              reason: 'stopped after 2 rounds'
            }
          }
        : run
    )
    const decision = decide(stopped, MARGIN)
    expect(decision.recommendation).toBe('processes')
    expect(isVerdictSettled(decision, MARGIN)).toBe(true)
  })

  it("settles a tie on the pools' warm rounds: warming up is no noise, a slowdown by others is", () => {
    // Threads and processes alike at 1.8x; the pools' first turns took longer (×2 one round,
    // ×4 two rounds more) for their calls cost more CPU while fresh workers warmed up, as V8's do.
    const steady = makeRuns({
      rounds: 4,
      serialWallSeconds: 0.2,
      jitter: [0, 0.02, -0.015, 0.01, -0.02, 0.015, -0.01],
      independent: true,
      threads: { speedups: { 2: 1.8, 4: 1.7 }, cpuUse: 2 },
      processes: { speedups: { 2: 1.8, 4: 1.65 }, cpuUse: 2 }
    })
    const slower: Record<number, readonly number[]> = { 2: [1.45, 1.12], 4: [1.6, 1.3, 1.1] }
    const slowed = (cpuRises: boolean): StrategyRun[] =>
      steady.map((run) => ({
        ...run,
        samples: run.samples.map((sample, k) => {
          const factor = run.strategy === 'serial' ? 1 : (slower[run.workers]![k] ?? 1)
          return {
            ...sample!,
            wallSeconds: sample!.wallSeconds * factor,
            cpuSeconds: sample!.cpuSeconds! * (cpuRises ? factor : 1)
          }
        })
      }))
    const warming = decide(slowed(true), MARGIN)
    expect(warming.recommendation).toBe('threads')
    expect(isVerdictSettled(warming, MARGIN)).toBe(true)
    // The same wall times for the same CPU time: other processes slowed those turns, unseen by the
    // monitor, and the noise they add keeps the tie open.
    const contended = decide(slowed(false), MARGIN)
    expect(contended.recommendation).toBe('threads')
    expect(isVerdictSettled(contended, MARGIN)).toBe(false)
    expect(contended.noise!.turnSigma).toBeGreaterThan(2 * warming.noise!.turnSigma)
  })

  it('gives no recommendation when every strategy failed', () => {
    const runs = makeRuns({
      serialFault: boom,
      threads: { speedups: { 1: 1 }, faults: { 1: boom } },
      processes: { speedups: { 1: 1 }, faults: { 1: boom } }
    })
    expect(decide(runs, MARGIN)).toMatchObject({
      recommendation: null,
      workers: null
    })
  })

  it('still compares the strategies that work when serial failed', () => {
    const runs = makeRuns({
      serialFault: boom,
      threads: { speedups: { 1: 1, 2: 1 } },
      processes: { speedups: { 1: 1, 2: 2 } }
    })
    expect(decide(runs, MARGIN).recommendation).toBe('processes')
  })

  it('lists candidates lightest first with their ratio to the fastest', () => {
    const decision = decide(
      makeRuns({ threads: { speedups: { 2: 2 } }, processes: { speedups: { 2: 1 } } }),
      MARGIN
    )
    expect(decision.fastest?.strategy).toBe('threads')
    expect(
      decision.candidates.map((c) => [c.strategy, Number(c.ratioToFastest.toFixed(2))])
    ).toEqual([
      ['serial', 2],
      ['threads', 1],
      ['processes', 2]
    ])
  })
})
