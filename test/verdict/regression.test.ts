import { describe, expect, it } from 'vitest'
import { summarize } from '../../src/stats/measurements.ts'
import {
  changeVerdict,
  compareSides,
  effectiveThreshold,
  isComparisonSettled
} from '../../src/verdict/regression.ts'
import type { Side } from '../../src/verdict/regression.ts'
import { decide } from '../../src/verdict/recommend.ts'
import { makeRuns } from '../helpers/runs.ts'
import type { RunsShape } from '../helpers/runs.ts'

const options = { threshold: 0.1, margin: 0.1 }

function side(shape: RunsShape, tasks = 10): Side {
  const runs = makeRuns(shape)
  const decision = decide(runs, 0.1)
  return {
    measurements: summarize(runs),
    tasks,
    recommendation: decision.recommendation,
    workers: decision.workers
  }
}

const gil: RunsShape = {
  rounds: 8,
  jitter: [0, 0.02, -0.02, 0.01],
  threads: { speedups: { 2: 1, 4: 1 } },
  processes: { speedups: { 2: 1.9, 4: 1.8 } }
}

describe('changeVerdict', () => {
  it.each([
    [{ low: 0.4, high: 0.6 }, 'regression'],
    [{ low: 1.2, high: 1.4 }, 'improvement'],
    [{ low: 0.95, high: 1.05 }, 'unchanged'],
    [{ low: 0.85, high: 1.02 }, 'inconclusive'],
    [null, 'inconclusive']
  ] as const)('%j -> %s', (interval, verdict) => {
    expect(changeVerdict(interval === null ? null : { ...interval, confidence: 0.95 }, 0.1)).toBe(
      verdict
    )
  })
})

describe.each([true, false])('compareSides (paired: %s)', (paired) => {
  it('finds nothing between identical runs', () => {
    const comparison = compareSides(side(gil), side(gil), null, { paired, ...options })
    expect(comparison.regression).toBe(false)
    expect(comparison.throughput).toMatchObject({
      strategy: 'processes',
      workers: 2,
      verdict: 'unchanged'
    })
    expect(comparison.speedup).toMatchObject({
      strategy: 'processes',
      workers: 2,
      verdict: 'unchanged'
    })
    expect(isComparisonSettled(comparison)).toBe(true)
  })

  it('flags twice the work per call as a throughput regression, whatever the task counts', () => {
    // Head calibrated to half the tasks for calls twice as long: rounds take the same time.
    const comparison = compareSides(side(gil, 5), side(gil, 10), null, { paired, ...options })
    expect(comparison.throughput).toMatchObject({ verdict: 'regression' })
    expect(comparison.throughput!.ratio).toBeCloseTo(0.5, 5)
    expect(comparison.speedup).toMatchObject({ verdict: 'unchanged' })
    expect(comparison.regression).toBe(true)
    expect(comparison.summary).toMatch(
      /^processes ×2 throughput 18\.9 → 9\.45 calls\/s \(0\.50x \[0\.\d\d–0\.\d\d\]\): slower beyond (10|25)%/
    )
  })

  it('flags a lost speedup even when serial speed is unchanged (someone added a lock)', () => {
    const locked: RunsShape = { ...gil, processes: { speedups: { 2: 1.05, 4: 1 } } }
    const comparison = compareSides(side(locked), side(gil), 'serial', { paired, ...options })
    expect(comparison.throughput).toMatchObject({ strategy: 'serial', verdict: 'unchanged' })
    expect(comparison.speedup).toMatchObject({
      strategy: 'processes',
      workers: 2,
      verdict: 'regression'
    })
    expect(comparison.speedup!.head).toBeCloseTo(1.05, 5)
    expect(comparison.regression).toBe(true)
  })

  it('calls a parallel strategy that now fails a lost speedup', () => {
    const boom = { kind: 'exception', message: 'PicklingError: cannot pickle' } as const
    const broken: RunsShape = {
      ...gil,
      processes: { speedups: { 2: 1, 4: 1 }, faults: { 2: boom, 4: boom } }
    }
    const comparison = compareSides(side(broken), side(gil), null, { paired, ...options })
    expect(comparison.speedup).toMatchObject({ head: 0, ratio: 0, verdict: 'regression' })
  })
})

it('reads noise between two runs as inconclusive, not as a regression', () => {
  const noisy = (offset: number): RunsShape => ({
    ...gil,
    rounds: 6,
    jitter: [0.15, -0.15, 0.1, -0.1, 0.05, -0.05].map((j) => j + offset),
    independent: true
  })
  const comparison = compareSides(side(noisy(0.06)), side(noisy(0)), null, {
    paired: false,
    ...options
  })
  expect(comparison.regression).toBe(false)
  expect(comparison.throughput!.verdict).not.toBe('regression')
})

it('asks for at least 25% between separate runs, and for the threshold itself within one run', () => {
  // Head 20% slower on every round: beyond 10%, within 25%.
  const slower: RunsShape = { ...gil, serialWallSeconds: 1.25 }
  expect(effectiveThreshold(0.1, false)).toBe(0.25)
  expect(effectiveThreshold(0.3, false)).toBe(0.3)
  expect(
    compareSides(side(slower), side(gil), null, { paired: true, ...options }).throughput!.verdict
  ).toBe('regression')
  const unpaired = compareSides(side(slower), side(gil), null, { paired: false, ...options })
  expect(unpaired.throughput!.verdict).toBe('unchanged')
  expect(unpaired.summary).toMatch(/within 25%/)
})

it('skips the speedup check where base had no parallel gain', () => {
  const flat: RunsShape = { threads: { speedups: { 2: 0.5 } }, processes: { speedups: { 2: 0.1 } } }
  expect(
    compareSides(side(flat), side(flat), null, { paired: true, ...options }).speedup
  ).toBeNull()
})

describe('compareSides, paired: the evidence rule', () => {
  const twoRounds: RunsShape = { ...gil, rounds: 2 }

  it('settles a clear throughput regression and an unchanged speedup from two rounds', () => {
    const comparison = compareSides(side(twoRounds, 5), side(twoRounds, 10), null, {
      paired: true,
      ...options
    })
    expect(comparison.throughput).toMatchObject({ verdict: 'regression' })
    expect(comparison.throughput!.interval!.confidence).toBeCloseTo(0.9, 5)
    expect(isComparisonSettled(comparison)).toBe(true)
  })

  it('gives a speedup ratio (four turns a round) a wider interval than a throughput ratio (two)', () => {
    const comparison = compareSides(side(gil), side(gil), null, { paired: true, ...options })
    const width = (c: { interval: { low: number; high: number } | null }): number =>
      Math.log(c.interval!.high / c.interval!.low)
    expect(width(comparison.speedup!)).toBeGreaterThan(width(comparison.throughput!) * 1.3)
  })

  it('says nothing from one paired round', () => {
    const one = compareSides(
      side({ ...gil, rounds: 1 }, 5),
      side({ ...gil, rounds: 1 }, 10),
      null,
      {
        paired: true,
        ...options
      }
    )
    expect(one.throughput).toMatchObject({ verdict: 'inconclusive', interval: null })
    expect(isComparisonSettled(one)).toBe(false)
  })
})
