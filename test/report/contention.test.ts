// The set-aside line counts rounds, not turns: a round whose first attempt and retake were both set
// aside is one round set aside, and the line never says more rounds than ran.
import { describe, expect, it } from 'vitest'
import { setAsideText } from '../../src/report/contention.ts'
import { measurement, workload } from '../helpers/results-factory.ts'

const turn = (round: number, reason: string) => ({
  round,
  wallSeconds: 0.6,
  lostSeconds: 0.3,
  lostShare: 0.3,
  reason
})

describe('setAsideText', () => {
  it('counts a round once when its retake was set aside too', () => {
    const pool = measurement('processes', 2, 1.9)
    const walls = pool.wallSamples.slice(0, 4)
    const m = {
      ...pool,
      rounds: 4,
      // Round 1: both attempts set aside, no wall. Round 2: set aside, and its retake kept.
      wallSamples: walls.map((wall, k) => (k === 1 ? null : wall)),
      setAside: [
        turn(1, 'the workers waited 0.3 s for a CPU; other processes ran 0.4 s'),
        turn(1, 'the workers waited 0.2 s for a CPU; other processes ran 0.3 s'),
        turn(2, 'the workers waited 0.1 s for a CPU; other processes ran 0.2 s')
      ]
    }
    const text = setAsideText(workload({ measurements: [measurement('serial', 1, 1), m] }))
    expect(text).toBe(
      'Rounds set aside: processes ×2 2 of 4, 1 taken again (the workers waited 0.3 s for a CPU; other processes ran 0.4 s).'
    )
  })

  it('never says more rounds set aside than ran, on a busy runner', () => {
    const pool = measurement('processes', 2, 1.9)
    // A busy runner's best guess puts every turn back: each round kept a wall, two attempts each.
    const m = {
      ...pool,
      rounds: 3,
      wallSamples: pool.wallSamples.slice(0, 3),
      setAside: [0, 0, 1, 1, 2, 2].map((round) => turn(round, 'the workers waited'))
    }
    const text = setAsideText(
      workload({
        measurements: [measurement('serial', 1, 1), m],
        contention: { monitored: true, turns: 9, setAside: 6, lostSeconds: 1.8, busy: true }
      })
    )
    expect(text).toBe(
      'Rounds that other processes slowed, counted in the best guess for want of clean ones: processes ×2 3 of 3.'
    )
  })
})
