// Which wall times each side of a comparison may read: clean rounds, and set-aside turns as bounds.
import { describe, expect, it } from 'vitest'
import {
  boundedWallsOf,
  claimPairs,
  fasterRatios,
  leastWallsOf,
  slowerRatios,
  steadyWallsOf,
  wallsOf
} from '../../src/stats/measurements.ts'
import type { RoundSample, SetAsideTurn, StrategyRun } from '../../src/types.ts'
import { makeRuns } from '../helpers/runs.ts'

const [serial, pool] = makeRuns({ rounds: 4, threads: { speedups: { 2: 0.5 } } }) as [
  StrategyRun,
  StrategyRun
]

function aside(round: number, wallSeconds: number): SetAsideTurn {
  const sample: RoundSample = { ...serial.samples[0]!, wallSeconds }
  return { round, sample, lostSeconds: 0.2, lostShare: 0.3, reason: 'the neighbour' }
}

/** Serial as the loop leaves it after the neighbour took round 1 (turn and retake) and round 2's first turn. */
const slowed: StrategyRun = {
  ...serial,
  samples: [serial.samples[0]!, null, serial.samples[2]!, null],
  setAside: [aside(1, 1.6), aside(1, 1.3), aside(2, 1.9)]
}

describe('boundedWallsOf', () => {
  it("stands a round's first set-aside turn in where it kept no clean one", () => {
    expect(wallsOf(slowed)).toEqual([1, null, 1, null])
    // Round 2's retake was clean and stays; round 3 was never taken.
    expect(boundedWallsOf(slowed)).toEqual([1, 1.6, 1, null])
  })

  it('is wallsOf where nothing was set aside', () => {
    expect(boundedWallsOf(serial)).toEqual(wallsOf(serial))
  })
})

describe('slowerRatios and fasterRatios', () => {
  it('bound only the side a claim puts faster', () => {
    // The pool (2 s a round) is slower than serial: serial's set-aside round 1 may stand in, since
    // it can only make the pool look less slow.
    expect(slowerRatios(pool, slowed)).toEqual([2, 2 / 1.6, 2])
    // Serial is faster than the pool: its slowed turn can only make it look less fast.
    expect(fasterRatios(slowed, pool)).toEqual([0.5, 1.6 / 2, 0.5])
    // The other way round a set-aside turn would make the claim for it: never counted.
    expect(slowerRatios(slowed, pool)).toEqual([0.5, 0.5])
    expect(fasterRatios(pool, slowed)).toEqual([2, 2])
  })
})

describe('leastWallsOf', () => {
  // Serial's round 0 turn was set aside at 0.2 s, its retake kept clean at 1 s; round 1's set-aside
  // turn took longer than its clean retake, as contention leaves it.
  const varied: StrategyRun = { ...serial, setAside: [aside(0, 0.2), aside(1, 1.4)] }

  it('lowers a clean round to a set-aside turn of it that came in faster, and no other', () => {
    expect(leastWallsOf(varied)).toEqual([0.2, 1, 1, 1])
    expect(leastWallsOf(slowed)).toEqual(wallsOf(slowed))
  })

  it('serves the side a claim puts slower, in the clean pairs and with bounds', () => {
    // Serial slower than the pool (2 s): round 0 reads 0.2 s.
    expect(claimPairs(varied, pool, 'above')).toEqual([0.1, 0.5, 0.5, 0.5])
    expect(slowerRatios(varied, pool)).toEqual([0.1, 0.5, 0.5, 0.5])
    // The pool faster than serial: serial is the slower side, read at its least.
    expect(claimPairs(pool, varied, 'below')).toEqual([10, 2, 2, 2])
    expect(fasterRatios(pool, varied)).toEqual([10, 2, 2, 2])
    // Where serial is claimed faster, or the pool slower, serial keeps its clean turns.
    expect(claimPairs(varied, pool, 'below')).toEqual([0.5, 0.5, 0.5, 0.5])
    expect(claimPairs(pool, varied, 'above')).toEqual([2, 2, 2, 2])
  })
})

/** A pool's turns as walls and CPU times (null: no clean turn, or CPU unknown where a wall is given). */
function turns(walls: readonly (number | null)[], cpus: readonly (number | null)[]): StrategyRun {
  return {
    ...pool,
    samples: walls.map((wallSeconds, k) =>
      wallSeconds === null ? null : { ...pool.samples[0]!, wallSeconds, cpuSeconds: cpus[k]! }
    )
  }
}

describe('steadyWallsOf', () => {
  it("leaves out a pool's leading turns while each took more CPU than its later turns", () => {
    // lib-marked's threads ×2 (2026-12-06): V8 warming up in fresh workers over two turns.
    const marked = turns(
      [0.22, 0.148, 0.117, 0.111, 0.111, 0.112],
      [0.387, 0.276, 0.215, 0.211, 0.215, 0.21]
    )
    expect(steadyWallsOf(marked)).toEqual([null, null, 0.117, 0.111, 0.111, 0.112])
    expect(wallsOf(marked)).toEqual([0.22, 0.148, 0.117, 0.111, 0.111, 0.112])
  })

  it('keeps a turn that took longer for the same CPU time, as other processes make it', () => {
    const slowedByOthers = turns([0.3, 0.11, 0.11, 0.11], [0.22, 0.22, 0.22, 0.22])
    expect(steadyWallsOf(slowedByOthers)).toEqual(wallsOf(slowedByOthers))
  })

  it('judges a turn against two later clean turns at least', () => {
    // The second turn has one clean turn after it (round 3 set aside): it stays, however dear.
    const short = turns([0.4, 0.3, 0.2, null], [0.8, 0.6, 0.4, null])
    expect(steadyWallsOf(short)).toEqual([null, 0.3, 0.2, null])
    expect(steadyWallsOf(turns([0.4, 0.2], [0.8, 0.4]))).toEqual([0.4, 0.2])
  })

  it('stops at the first warm turn: a dear turn later on is noise', () => {
    const later = turns([0.2, 0.2, 0.4, 0.2, 0.2], [0.4, 0.4, 0.8, 0.4, 0.4])
    expect(steadyWallsOf(later)).toEqual(wallsOf(later))
  })

  it('skips rounds without a clean turn', () => {
    const gap = turns([null, 0.3, 0.2, 0.2, 0.2], [null, 0.6, 0.4, 0.4, 0.4])
    expect(steadyWallsOf(gap)).toEqual([null, null, 0.2, 0.2, 0.2])
  })

  it('counts no warm-up for calls that mostly wait, nor where the CPU time is unknown', () => {
    // Twice the CPU time, but 2 ms more in a turn of 100 ms.
    const waits = turns([0.1, 0.1, 0.1, 0.1], [0.004, 0.002, 0.002, 0.002])
    expect(steadyWallsOf(waits)).toEqual(wallsOf(waits))
    const unknown = turns([0.4, 0.2, 0.2, 0.2], [null, null, null, null])
    expect(steadyWallsOf(unknown)).toEqual(wallsOf(unknown))
  })
})
