// An uncertain verdict says which comparison had not settled, with its interval.
import { describe, expect, it } from 'vitest'
import { decide } from '../../src/verdict/recommend.ts'
import { isVerdictSettled, openComparisons } from '../../src/verdict/stopping.ts'
import { uncertaintyText } from '../../src/verdict/uncertainty.ts'
import { makeRuns } from '../helpers/runs.ts'

describe('uncertaintyText', () => {
  it('names threads against processes when their ratio straddles the margin, not the settled serial', () => {
    // Processes 5% to 15% faster than threads, round by round: is it more than the 10% margin?
    // Serial is clearly slower than both (1.8x): that comparison settled.
    const runs = makeRuns({
      rounds: 8,
      threads: { speedups: { 2: 1.8 } },
      processes: { speedups: { 2: 1.8 } }
    }).map((run) =>
      run.strategy !== 'processes'
        ? run
        : {
            ...run,
            samples: run.samples.map((sample, k) =>
              sample === null
                ? null
                : { ...sample, wallSeconds: 1 / 1.8 / (k % 2 === 0 ? 1.05 : 1.15) }
            )
          }
    )
    const decision = decide(runs, 0.1)
    expect(isVerdictSettled(decision, 0.1)).toBe(false)
    const open = openComparisons(decision, 0.1)
    expect(open.map((c) => [c.candidate.strategy, c.fastest.strategy])).toEqual([
      ['threads', 'processes']
    ])
    expect(uncertaintyText(decision, 0.1, 'budget', 8)).toBe(
      'Uncertain after 8 rounds (the budget ran out): threads ×2 vs processes ×2 not settled: ' +
        'processes ×2 runs 1.04x–1.16x as fast (90% interval), against a 10% margin.'
    )
  })

  it('says when there were too few rounds for an interval', () => {
    const decision = decide(
      makeRuns({ rounds: 1, threads: { speedups: { 2: 1.9 } }, processes: { speedups: { 2: 1 } } }),
      0.1
    )
    expect(uncertaintyText(decision, 0.1, 'interrupted', 1)).toBe(
      'Uncertain after 1 round (the run was interrupted): serial vs threads ×2 not settled: ' +
        'too few rounds for an interval, against a 10% margin; processes ×2 vs threads ×2 not ' +
        'settled: too few rounds for an interval, against a 10% margin.'
    )
  })
})
