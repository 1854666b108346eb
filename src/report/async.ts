// What the reports say about the async strategy: its best figure, or why it was not measured. Only a
// coroutine function has async measurements; a synchronous one gets a sentence saying it does not
// apply. Pure.

import { formatSpeedup } from '../format.ts'
import type { WorkloadResult } from '../types.ts'
import { bestMeasurement } from '../stats/measurements.ts'

/** Some workload is a coroutine function: the verdict tables then show an async column. */
export function showsAsync(workloads: readonly WorkloadResult[]): boolean {
  return workloads.some((workload) => workload.coroutine === true)
}

/**
 * The async strategy's best figure, e.g. "7.98x (8 in flight)"; "n/a (sync)" for a synchronous
 * function; the fault's kind when every concurrency failed; "–" when serial never completed a call.
 */
export function asyncFigure(workload: WorkloadResult): string {
  if (workload.coroutine === false) return 'n/a (sync)'
  const best = bestMeasurement(workload.measurements, 'async')
  if (best === null) {
    const fault = workload.measurements.find((m) => m.strategy === 'async' && m.error !== null)
    return fault?.error === undefined || fault.error === null ? '–' : `❌ ${fault.error.kind}`
  }
  return `${formatSpeedup(best.speedup)} (${best.workers} in flight)`
}

/** Why a workload has no async measurement, in one sentence; null when it has them or it is unknown. */
export function asyncNotApplicable(workload: WorkloadResult): string | null {
  if (workload.coroutine !== false) return null
  const awaitable = workload.runtime === 'python' ? 'coroutine' : 'promise'
  return `async does not apply: ${workload.function} is synchronous (its calls return no ${awaitable}), so an event loop has nothing to overlap.`
}
