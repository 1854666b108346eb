// Which wall times each side of a comparison may read: clean rounds, and set-aside turns as bounds.
import { describe, expect, it } from 'vitest'
import {
  boundedWallsOf,
  fasterRatios,
  slowerRatios,
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
