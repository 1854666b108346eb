// How a pool would do on a machine with more CPUs: a scaling law fitted to the measured worker sweep.
//
// The laws, both written as speedup over serial of a pool of n workers on n CPUs:
//   Amdahl   S(n) = γ / (s + (1 − s)/n)                      serial fraction s in [0, 1]
//   USL      S(n) = γ · n / (1 + σ(n − 1) + κ·n(n − 1))      contention σ in [0, 1], coherency κ ≥ 0
// γ is the speedup of a one-worker pool over serial. Gunther's USL scales by the throughput of one
// worker in the same way; without it every pool's hand-off cost (a one-worker process pool that moves
// large results runs at 0.5x) would be misread as a serial fraction and bend the whole curve. γ is not
// searched: for given s (or σ, κ) the best γ in the least-squares sense has a closed form.
//
// USL with κ = 0 is Amdahl with s = σ, so USL always fits at least as well. It is chosen only where
// contention shows: κ > 0 with at least three points, and the speedup falls after a peak, or Amdahl
// misses by more than measurement noise and USL halves its error. Otherwise Amdahl, with fewer
// parameters, extrapolates more safely.
//
// Which points are fitted: a prediction is for a machine with N CPUs running the pool at N workers. A
// sweep point with more workers than the usable CPUs measures oversubscription, not that: for work that
// keeps the CPUs busy it flattens or falls, which a fit would misread as contention. Such a point is
// kept only when the pool left most CPUs idle (its CPU use is at most half the usable CPUs): its
// workers wait rather than compute, as with I/O, and it still measures how the pool scales with
// workers. When that leaves fewer than two points (a one-CPU machine), every working point is fitted
// and the fit error says how well that went.

import type { Measurement, Prediction } from '../types.ts'

/** A pool whose CPU use is at most this share of the usable CPUs is waiting, not computing. */
export const WAITING_CPU_SHARE = 0.5

/** A fit whose RMS error exceeds this share of the mean measured speedup is reported as poor. */
export const POOR_FIT_SHARE = 0.1

/** Amdahl's misfit below this share of the largest speedup is measurement noise, not contention. */
const NOISE_SHARE = 0.03
/** A fall this far below the peak speedup is contention, not noise. */
const PEAK_FALL_SHARE = 0.05
const MAX_KAPPA = 1

type PoolStrategy = Prediction['strategy']

interface Point {
  readonly workers: number
  readonly speedup: number
}

interface Fit {
  readonly sigma: number
  readonly kappa: number
  readonly gamma: number
  /** Root-mean-square error on the fitted points (speedup). */
  readonly rmse: number
}

/**
 * Fits Amdahl's law and the Universal Scalability Law to each pool strategy's speedups and predicts
 * the speedup at each of `predictCpus`. Strategies with fewer than two working worker counts are left
 * out. `usableCpus` is the CPUs the sweep ran on.
 */
export function predictScaling(
  measurements: readonly Measurement[],
  predictCpus: readonly number[],
  usableCpus: number
): Prediction[] {
  const predictions: Prediction[] = []
  for (const strategy of ['threads', 'processes'] as const) {
    const working = workingPoints(measurements, strategy)
    // No one-worker pool is measured (measure/plan.ts): serial stands in for it, at speedup 1, so that
    // a 2-CPU runner still has a point at and below its CPU count. γ then carries the pools' hand-off
    // cost only as far as the larger pools show it. Results from before that change have the point.
    const standIn: Point[] =
      working.length > 0 && !working.some((m) => m.workers === 1)
        ? [{ workers: 1, speedup: 1 }]
        : []
    if (standIn.length + working.length < 2) continue
    const scaling = working.filter(
      (m) =>
        m.workers <= usableCpus || (m.cpuUse !== null && m.cpuUse <= WAITING_CPU_SHARE * usableCpus)
    )
    const toPoints = (ms: readonly Measurement[]): Point[] =>
      ms.map((m) => ({ workers: m.workers, speedup: m.speedup! }))
    const scalingPoints = [...standIn, ...toPoints(scaling)]
    const points = scalingPoints.length >= 2 ? scalingPoints : [...standIn, ...toPoints(working)]
    predictions.push(predictionOf(strategy, points, predictCpus))
  }
  return predictions
}

/**
 * Why a fit must be read with care. With two points, a law with a scale and one shape parameter
 * passes through both exactly: its error is zero whatever the truth, and a 2-CPU runner can only
 * ever give two. A fit that misses its own points by more than POOR_FIT_SHARE of their mean is poor.
 */
function caveatOf(points: readonly Point[], rmse: number): string | null {
  if (points.length <= 2) {
    return `fitted to ${points.length} worker counts (${points.map((p) => p.workers).join(', ')}): a fit through two points is exact whatever the law, so this is an extrapolation that nothing here checks`
  }
  const mean = points.reduce((sum, p) => sum + p.speedup, 0) / points.length
  return rmse > POOR_FIT_SHARE * mean
    ? 'poor fit: the law misses the measured speedups by more than 10%'
    : null
}

/** True when the fit misses the measured speedups by more than POOR_FIT_SHARE of their mean. */
export function isPoorFit(prediction: Prediction, measurements: readonly Measurement[]): boolean {
  const speedups = workingPoints(measurements, prediction.strategy).map((m) => m.speedup!)
  if (speedups.length === 0) return true
  const mean = speedups.reduce((sum, value) => sum + value, 0) / speedups.length
  return prediction.fitError > POOR_FIT_SHARE * mean
}

/** Measurements of one strategy with a usable speedup, one per worker count, by worker count. */
function workingPoints(
  measurements: readonly Measurement[],
  strategy: PoolStrategy
): Measurement[] {
  const byWorkers = new Map<number, Measurement>()
  for (const m of measurements) {
    if (m.strategy !== strategy || m.error !== null || m.speedup === null) continue
    if (!Number.isFinite(m.speedup) || m.speedup <= 0 || byWorkers.has(m.workers)) continue
    byWorkers.set(m.workers, m)
  }
  return [...byWorkers.values()].sort((a, b) => a.workers - b.workers)
}

function predictionOf(
  strategy: PoolStrategy,
  points: readonly Point[],
  predictCpus: readonly number[]
): Prediction {
  const amdahl = fitLaw(points, false)
  const usl = points.length >= 3 ? fitLaw(points, true) : null
  const chooseUsl = usl !== null && usl.kappa > 0 && showsContention(points, amdahl, usl)
  const fit = chooseUsl ? usl : amdahl
  return {
    strategy,
    model: chooseUsl ? 'usl' : 'amdahl',
    parameters: chooseUsl
      ? { sigma: round(fit.sigma), kappa: round(fit.kappa), oneWorkerSpeedup: round(fit.gamma) }
      : { serialFraction: round(fit.sigma), oneWorkerSpeedup: round(fit.gamma) },
    fitError: Math.round(fit.rmse * 1e4) / 1e4,
    fittedWorkers: points.map((p) => p.workers),
    caveat: caveatOf(points, fit.rmse),
    points: predictCpus.map((cpus) => ({ cpus, speedup: round(speedupAt(fit, cpus)) }))
  }
}

function showsContention(points: readonly Point[], amdahl: Fit, usl: Fit): boolean {
  const speedups = points.map((p) => p.speedup)
  const peak = Math.max(...speedups)
  const fallsAfterPeak = speedups.at(-1)! < peak * (1 - PEAK_FALL_SHARE)
  const beyondNoise = amdahl.rmse > NOISE_SHARE * peak && usl.rmse <= amdahl.rmse / 2
  return fallsAfterPeak || beyondNoise
}

/** The law's shape at n workers, before the scale γ. */
function shape(n: number, sigma: number, kappa: number): number {
  return n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
}

function speedupAt(fit: Fit, cpus: number): number {
  return fit.gamma * shape(cpus, fit.sigma, fit.kappa)
}

/** Least squares for given σ and κ, with γ at its closed-form best. */
function evaluate(points: readonly Point[], sigma: number, kappa: number): Fit {
  let yf = 0
  let ff = 0
  for (const p of points) {
    const f = shape(p.workers, sigma, kappa)
    yf += p.speedup * f
    ff += f * f
  }
  const gamma = yf / ff
  let sse = 0
  for (const p of points) sse += (p.speedup - gamma * shape(p.workers, sigma, kappa)) ** 2
  return { sigma, kappa, gamma, rmse: Math.sqrt(sse / points.length) }
}

/**
 * A deterministic search: a grid over σ in [0, 1] (and κ on a log scale from 1e-6 to 1 plus 0), then
 * repeated finer grids around the best cell. No gradients, no randomness, no dependency.
 */
function fitLaw(points: readonly Point[], withKappa: boolean): Fit {
  const kappaLogs = withKappa ? range(-6, 0, 60) : []
  let best = evaluate(points, 0, 0)
  const consider = (sigma: number, kappa: number): void => {
    const candidate = evaluate(points, sigma, kappa)
    if (candidate.rmse < best.rmse) best = candidate
  }
  for (const sigma of range(0, 1, 100)) {
    consider(sigma, 0)
    for (const log of kappaLogs) consider(sigma, 10 ** log)
  }
  let sigmaStep = 0.01
  let logStep = 0.1
  for (let pass = 0; pass < 30; pass++) {
    const centre = best
    const centreLog = centre.kappa > 0 ? Math.log10(centre.kappa) : null
    for (const sigma of range(centre.sigma - sigmaStep, centre.sigma + sigmaStep, 8)) {
      const clamped = Math.min(1, Math.max(0, sigma))
      consider(clamped, centre.kappa)
      if (!withKappa) continue
      const logs = centreLog === null ? [-6] : range(centreLog - logStep, centreLog + logStep, 8)
      for (const log of logs) consider(clamped, Math.min(MAX_KAPPA, 10 ** log))
    }
    sigmaStep /= 2
    logStep /= 2
  }
  return best
}

/** `steps + 1` evenly spaced values from `from` to `to`. */
function range(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps)
}

/** Four significant figures: enough for a prediction, short in the JSON. */
function round(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(4))
}
