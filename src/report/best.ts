// Which worker count stands for a strategy in the reports: the one the verdict would pick.

import type { Measurement, Strategy, WorkloadResult } from '../types.ts'

/**
 * The highest speedup of a strategy among its worker counts that did not fail (ties to fewer
 * workers). As in the verdict, a pool of one worker stands for its strategy only when no larger pool
 * worked: it does serial's work plus a hand-off, so it measures overhead, not parallelism.
 */
export function bestMeasurement(result: WorkloadResult, strategy: Strategy): Measurement | null {
  const working = result.measurements.filter(
    (m) =>
      m.strategy === strategy &&
      m.error === null &&
      m.speedup !== null &&
      Number.isFinite(m.speedup)
  )
  const pools = working.some((m) => m.workers > 1) ? working.filter((m) => m.workers > 1) : working
  let best: Measurement | null = null
  for (const m of pools) {
    if (best === null || m.speedup! > best.speedup!) best = m
  }
  return best
}
