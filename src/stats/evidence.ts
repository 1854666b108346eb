// The evidence rule: when the clean paired rounds of a comparison have decided on which side of a
// limit its ratio lies, however many rounds that took. The loop asks after every round (2, 3, ..., 30),
// so the interval is an always-valid confidence sequence: the chance that it ever, at any of those
// looks, excludes the true ratio is at most alpha (EVIDENCE_SETTINGS) under its model, not at each look.
//
// The sequence is Robbins's normal mixture for the mean of the log ratios, with a noise scale that two
// rounds which happen to agree cannot shrink: the largest of
//   - a floor, the least noise real rounds show (from measured rounds: docs/noise.md),
//   - a pooled estimate over every contender of the workload in the same clean rounds (pooledNoise:
//     many degrees of freedom after two rounds), raised to an upper confidence bound,
//   - the comparison's own spread, once it has three rounds or more.
// A wide gap decides after two rounds; a ratio near its limit takes as many as it needs. Simulation on
// heavy-tailed rounds (scripts/simulate-stopping.ts, test/stats/evidence-simulation.test.ts) checks
// the false-decision rate beyond the model; docs/noise.md has the figures.

import type { Interval } from '../types.ts'

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

/** A noise estimate pooled over a workload's contenders. */
export interface Noise {
  /** Standard deviation of one turn's log wall time beyond its contender's and its round's levels. */
  readonly turnSigma: number
  /** Degrees of freedom of the estimate. */
  readonly df: number
}

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

/**
 * The noise of a workload's turns, pooled over its contenders: log wall times (rows: contenders,
 * columns: rounds; null for a turn not taken or set aside) fitted as contender level + round level,
 * the residuals' standard deviation with its degrees of freedom. The round level takes out what hit
 * every contender of a round alike, which pairing cancels too. Null with no degree of freedom.
 */
export function pooledNoise(walls: readonly (readonly (number | null)[])[]): Noise | null {
  const rows = walls.length
  const columns = Math.max(0, ...walls.map((row) => row.length))
  // y[r * columns + c]: log wall time, NaN where no turn counts.
  const y = new Float64Array(rows * columns).fill(Number.NaN)
  walls.forEach((row, r) =>
    row.forEach((wall, c) => {
      if (wall !== null && wall > 0) y[r * columns + c] = Math.log(wall)
    })
  )
  dropSingletons(y, rows, columns)
  let cells = 0
  const usedRows = new Set<number>()
  const usedColumns = new Set<number>()
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue
    cells++
    usedRows.add(Math.floor(i / columns))
    usedColumns.add(i % columns)
  }
  const df = cells - usedRows.size - usedColumns.size + 1
  if (cells === 0 || df < 1) return null
  const rowLevel = new Float64Array(rows)
  const columnLevel = new Float64Array(columns)
  // Alternating means: exact after one pass for a full table, a few passes with turns missing.
  for (let pass = 0; pass < 100; pass++) {
    const change = Math.max(
      fitLevels(y, rowLevel, columnLevel, rows, columns, columns, 1),
      fitLevels(y, columnLevel, rowLevel, columns, rows, 1, columns)
    )
    if (change < 1e-10) break
  }
  let squares = 0
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const v = y[r * columns + c]!
      if (!Number.isNaN(v)) squares += (v - rowLevel[r]! - columnLevel[c]!) ** 2
    }
  return { turnSigma: Math.sqrt(squares / df), df }
}

/**
 * Sets each level of one side to the mean of its cells less the other side's levels; returns the
 * largest change. `stride`/`step` walk the flat table along that side.
 */
function fitLevels(
  y: Float64Array,
  levels: Float64Array,
  others: Float64Array,
  count: number,
  length: number,
  stride: number,
  step: number
): number {
  let change = 0
  for (let i = 0; i < count; i++) {
    let sum = 0
    let n = 0
    for (let j = 0; j < length; j++) {
      const v = y[i * stride + j * step]!
      if (Number.isNaN(v)) continue
      sum += v - others[j]!
      n++
    }
    if (n === 0) continue
    change = Math.max(change, Math.abs(sum / n - levels[i]!))
    levels[i] = sum / n
  }
  return change
}

/** An upper confidence bound of a pooled standard deviation (chi-square on its df). */
export function noiseUpperBound(noise: Noise, confidence: number): number {
  if (confidence <= 0) return noise.turnSigma
  return noise.turnSigma * Math.sqrt(noise.df / chiSquareQuantile(1 - confidence, noise.df))
}

/**
 * The chi-square distribution's quantile: exact for 1 and 2 degrees of freedom, Wilson and
 * Hilferty's approximation above (within 2% of the tables from 3 degrees of freedom at p >= 0.05).
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (df === 1) return normalQuantile((1 + p) / 2) ** 2
  if (df === 2) return -2 * Math.log(1 - p)
  const k = 2 / (9 * df)
  return Math.max(1e-9, df * (1 - k + normalQuantile(p) * Math.sqrt(k)) ** 3)
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239
  ]
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572
  ]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    )
  }
  if (p > 1 - low) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  )
}

/** Clears (NaN) every cell alone in its row or column, until none is: it would fit exactly. */
function dropSingletons(y: Float64Array, rows: number, columns: number): void {
  for (let changed = true; changed;) {
    changed = false
    for (const [count, length, stride, step] of [
      [rows, columns, columns, 1],
      [columns, rows, 1, columns]
    ] as const) {
      for (let i = 0; i < count; i++) {
        let filled = -1
        let n = 0
        for (let j = 0; j < length; j++) {
          if (Number.isNaN(y[i * stride + j * step])) continue
          filled = i * stride + j * step
          n++
        }
        if (n === 1) {
          y[filled] = Number.NaN
          changed = true
        }
      }
    }
  }
}
