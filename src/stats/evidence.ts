// The evidence rule: when the clean paired rounds of a comparison have decided on which side of a
// limit its ratio lies, however many rounds that took. The loop asks after every round (2, 3, ..., 30),
// so the interval is an always-valid confidence sequence: the chance that it ever, at any of those
// looks, excludes the true ratio is at most alpha (EVIDENCE_SETTINGS) under its model, not at each look.
//
// The sequence is Robbins's normal mixture for the mean of the log ratios, with a noise scale that two
// rounds which happen to agree cannot shrink: the largest of
//   - a floor, the least noise real rounds show (from measured rounds: docs/noise.md),
//   - a pooled estimate over every contender of the workload in the same clean rounds (pooled-noise.ts:
//     many degrees of freedom after two rounds), raised to an upper confidence bound,
//   - the comparison's own spread, once it has three rounds or more.
// A wide gap decides after two rounds; a ratio near its limit takes as many as it needs. Simulation on
// heavy-tailed rounds (scripts/simulate-stopping.ts, test/stats/evidence-simulation.test.ts) checks
// the false-decision rate beyond the model; docs/noise.md has the figures.

import type { Interval } from '../types.ts'
import { noiseUpperBound } from './pooled-noise.ts'
import type { Noise } from './pooled-noise.ts'

/** The rule's settings; the simulation varies them, the engine uses EVIDENCE_SETTINGS. */
export interface EvidenceSettings {
  /** Chance that the interval ever misses the true ratio over all looks (two-sided), under its model. */
  readonly alpha: number
  /** The mixture's prior precision, in rounds: the sequence is tightest around a few times this. */
  readonly rho: number
  /**
   * Least per-turn noise assumed: the standard deviation of the log of one turn's wall time around
   * its contender's and its round's levels.
   */
  readonly turnNoiseFloor: number
  /** Confidence of the upper bound taken on a pooled noise estimate (0: the estimate itself). */
  readonly noiseBoundConfidence: number
  /** Rounds from which the comparison's own spread counts (Infinity: never). */
  readonly ownSpreadFrom: number
}

/** The settings the engine uses: docs/noise.md derives them. */
export const EVIDENCE_SETTINGS: EvidenceSettings = {
  alpha: 0.1,
  rho: 1,
  turnNoiseFloor: 0.02,
  noiseBoundConfidence: 0.9,
  ownSpreadFrom: 3
}
/** Fewest paired rounds evidence is given for. */
export const MIN_EVIDENCE_ROUNDS = 2

/** What the paired rounds of a comparison say of its ratio. */
export interface Evidence {
  /** Clean paired rounds. */
  readonly rounds: number
  /** Geometric mean of the per-round ratios. */
  readonly ratio: number
  /** Always-valid interval of the ratio, with confidence 1 - alpha. */
  readonly interval: Interval
  /** Standard deviation of one round's log ratio that the interval assumed. */
  readonly sigma: number
}

export interface EvidenceOptions {
  /**
   * Turns whose wall times each per-round value multiplies or divides: 2 for a ratio of two
   * configurations, 4 for a ratio of two speedups (head's over base's).
   */
  readonly turns?: number
  readonly settings?: EvidenceSettings
}

/**
 * The evidence of per-round ratios (clean pairs only), with the workload's pooled noise (null where
 * none could be estimated: the floor and the comparison's own spread remain); null below
 * MIN_EVIDENCE_ROUNDS.
 */
export function ratioEvidence(
  ratios: readonly number[],
  noise: Noise | null,
  options: EvidenceOptions = {}
): Evidence | null {
  const n = ratios.length
  if (n < MIN_EVIDENCE_ROUNDS || ratios.some((r) => !(r > 0))) return null
  const settings = options.settings ?? EVIDENCE_SETTINGS
  const logs = ratios.map(Math.log)
  const mean = logs.reduce((a, b) => a + b, 0) / n
  const pooled = noise === null ? 0 : noiseUpperBound(noise, settings.noiseBoundConfidence)
  const perTurn = Math.max(settings.turnNoiseFloor, pooled)
  const own =
    n >= settings.ownSpreadFrom
      ? Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1))
      : 0
  const sigma = Math.max(perTurn * Math.sqrt(options.turns ?? 2), own)
  const half = mixtureHalfWidth(n, sigma, settings.alpha, settings.rho)
  return {
    rounds: n,
    ratio: Math.exp(mean),
    interval: {
      low: Math.exp(mean - half),
      high: Math.exp(mean + half),
      confidence: 1 - settings.alpha
    },
    sigma
  }
}

/** The ratio is clearly above `limit`. */
export function isClearlyAbove(evidence: Evidence | null, limit: number): boolean {
  return evidence !== null && evidence.interval.low > limit
}

/** The ratio is clearly below `limit`. */
export function isClearlyBelow(evidence: Evidence | null, limit: number): boolean {
  return evidence !== null && evidence.interval.high < limit
}

/** The ratio is clearly between `low` and `high`. */
export function isClearlyWithin(evidence: Evidence | null, low: number, high: number): boolean {
  return evidence !== null && evidence.interval.low > low && evidence.interval.high < high
}

/**
 * Clean rounds the comparison would need in all for its interval to clear `limit`, if its mean ratio
 * and noise held: what a futility rule compares with the rounds left. Infinity for a ratio on the
 * limit or one that would need more than `cap` rounds.
 */
export function roundsToClear(
  evidence: Evidence,
  limit: number,
  cap = 1000,
  settings: EvidenceSettings = EVIDENCE_SETTINGS
): number {
  const distance = Math.abs(Math.log(evidence.ratio) - Math.log(limit))
  for (let n = MIN_EVIDENCE_ROUNDS; n <= cap; n++)
    if (mixtureHalfWidth(n, evidence.sigma, settings.alpha, settings.rho) < distance) return n
  return Infinity
}

/**
 * Half-width of Robbins's normal-mixture confidence sequence for the mean of n values with standard
 * deviation sigma: P(ever |mean - mu| > half-width, over all n) <= alpha for Gaussian values. The
 * mixing precision rho sets where it is tightest.
 */
export function mixtureHalfWidth(n: number, sigma: number, alpha: number, rho: number): number {
  return (sigma / n) * Math.sqrt((n + rho) * Math.log((n + rho) / (rho * alpha * alpha)))
}
