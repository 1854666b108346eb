// The evidence rule's parts on chosen numbers; its false-decision rate on simulated rounds is
// evidence-simulation.test.ts's.
import { describe, expect, it } from 'vitest'
import {
  EVIDENCE_SETTINGS,
  isClearlyAbove,
  isClearlyBelow,
  isClearlyWithin,
  mixtureHalfWidth,
  ratioEvidence,
  roundsToClear
} from '../../src/stats/evidence.ts'

describe('the normal-mixture confidence sequence', () => {
  it('has the closed form of Robbins (1970): sqrt((n + rho) log((n + rho) / (rho alpha^2))) / n', () => {
    // n = 2, rho = 1, alpha = 0.1: sqrt(3 * ln(300)) / 2 = 2.0711
    expect(mixtureHalfWidth(2, 1, 0.1, 1)).toBeCloseTo(Math.sqrt(3 * Math.log(300)) / 2, 12)
    expect(mixtureHalfWidth(2, 0.5, 0.1, 1)).toBeCloseTo(mixtureHalfWidth(2, 1, 0.1, 1) / 2, 12)
  })

  it('narrows as rounds are added, slower than 1/sqrt(n) (the price of looking after every round)', () => {
    const widths = [2, 5, 10, 30].map((n) => mixtureHalfWidth(n, 1, 0.1, 1))
    expect(widths).toEqual([...widths].sort((a, b) => b - a))
    const inStandardErrors = [2, 5, 10, 30].map(
      (n) => mixtureHalfWidth(n, 1, 0.1, 1) * Math.sqrt(n)
    )
    // About three standard errors at every look, where one fixed look would need 1.64.
    for (const z of inStandardErrors) expect(z).toBeGreaterThan(2.5)
  })
})

describe('ratioEvidence', () => {
  const quiet = { turnSigma: 0.01, df: 8 }
  const limit = 1.1

  it('settles a wide gap after two rounds: 1.66x against a limit of 1.1', () => {
    const evidence = ratioEvidence([1.65, 1.67], quiet)!
    expect(evidence.rounds).toBe(2)
    expect(evidence.ratio).toBeCloseTo(Math.sqrt(1.65 * 1.67), 12)
    expect(isClearlyAbove(evidence, limit)).toBe(true)
    expect(isClearlyBelow(evidence, limit)).toBe(false)
  })

  it('does not settle two rounds that agree just beyond the limit: the noise floor holds', () => {
    const evidence = ratioEvidence([1.15, 1.15], { turnSigma: 0, df: 8 })!
    expect(evidence.sigma).toBeCloseTo(EVIDENCE_SETTINGS.turnNoiseFloor * Math.SQRT2, 12)
    expect(isClearlyAbove(evidence, limit)).toBe(false)
  })

  it('does not settle a wide gap while the workload is noisy', () => {
    expect(isClearlyAbove(ratioEvidence([1.65, 1.67], { turnSigma: 0.3, df: 4 }), limit)).toBe(
      false
    )
    expect(isClearlyAbove(ratioEvidence([1.65, 1.67], { turnSigma: 0.3, df: 100 }), limit)).toBe(
      false
    )
  })

  it("widens with the comparison's own spread from the third round", () => {
    const tight = ratioEvidence([1.3, 1.3, 1.3], quiet)!
    const spread = ratioEvidence([1.0, 1.3, 1.69], quiet)!
    expect(tight.ratio).toBeCloseTo(spread.ratio, 12)
    expect(spread.sigma).toBeGreaterThan(tight.sigma)
    expect(isClearlyAbove(tight, limit)).toBe(true)
    expect(isClearlyAbove(spread, limit)).toBe(false)
  })

  it('settles a ratio near the limit only after many rounds', () => {
    const near = (n: number) =>
      ratioEvidence(
        Array.from({ length: n }, (_, i) => 1.04 * (i % 2 === 0 ? 1.01 : 1 / 1.01)),
        quiet
      )
    expect(isClearlyBelow(near(2), limit)).toBe(false)
    expect(isClearlyBelow(near(30), limit)).toBe(true)
  })

  it('is wider for a ratio of speedups (four turns per round) than for a ratio of two turns', () => {
    const two = ratioEvidence([0.8, 0.82], quiet)!
    const four = ratioEvidence([0.8, 0.82], quiet, { turns: 4 })!
    expect(four.sigma).toBeCloseTo(two.sigma * Math.SQRT2, 12)
    expect(four.interval.low).toBeLessThan(two.interval.low)
  })

  it('answers within for a regression check: an unchanged ratio, clearly inside 1 +- 10%', () => {
    const unchanged = ratioEvidence(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 1.01 : 0.99)),
      quiet
    )
    expect(isClearlyWithin(unchanged, 0.9, 1.1)).toBe(true)
    expect(isClearlyWithin(unchanged, 0.99, 1.01)).toBe(false)
  })

  it('gives no evidence from fewer than two rounds or from a ratio that is not positive', () => {
    expect(ratioEvidence([2], quiet)).toBeNull()
    expect(ratioEvidence([], quiet)).toBeNull()
    expect(ratioEvidence([1.2, 0], quiet)).toBeNull()
    expect(isClearlyAbove(null, 1)).toBe(false)
    expect(isClearlyBelow(null, 1)).toBe(false)
    expect(isClearlyWithin(null, 0, 2)).toBe(false)
  })

  it('states its confidence as 1 - alpha', () => {
    expect(ratioEvidence([1, 1.01], quiet)!.interval.confidence).toBeCloseTo(
      1 - EVIDENCE_SETTINGS.alpha,
      12
    )
  })
})

describe('roundsToClear', () => {
  const quiet = { turnSigma: 0.01, df: 8 }

  it('is the rounds at which the interval would clear the limit if the mean held', () => {
    const evidence = ratioEvidence([1.04, 1.05], quiet)!
    const rounds = roundsToClear(evidence, 1.1)
    expect(rounds).toBeGreaterThan(2)
    expect(rounds).toBeLessThan(30)
    const atThatMany = ratioEvidence(
      Array.from({ length: rounds }, () => evidence.ratio),
      quiet
    )!
    expect(atThatMany.interval.high).toBeLessThan(1.1)
    const oneFewer = ratioEvidence(
      Array.from({ length: rounds - 1 }, () => evidence.ratio),
      quiet
    )!
    expect(oneFewer.interval.high).toBeGreaterThanOrEqual(1.1)
  })

  it('is two for a gap already clear, and Infinity for a ratio on the limit', () => {
    expect(roundsToClear(ratioEvidence([1.65, 1.67], quiet)!, 1.1)).toBe(2)
    expect(roundsToClear(ratioEvidence([1.1, 1.1], quiet)!, 1.1)).toBe(Infinity)
  })
})
