// The merge gates of --fail-on: a declared `uses` that a confident verdict contradicts, and a
// regression against the base. Uncertain verdicts and inconclusive comparisons never fail a gate:
// a gate that cries wolf on a noisy runner gets switched off.

import { strategyWithWorkers } from '../format.ts'
import type { FailOn, GateOutcome, WorkloadResult } from '../types.ts'

/** Decides the gate for `failOn` over the workloads' verdicts and comparisons. */
export function evaluateGate(
  workloads: readonly WorkloadResult[],
  failOn: FailOn,
  hasBaseline: boolean
): GateOutcome {
  const failures: string[] = []
  const notes: string[] = []
  const checkMismatch = failOn === 'mismatch' || failOn === 'any'
  const checkRegression = failOn === 'regression' || failOn === 'any'
  for (const w of workloads) {
    if (checkMismatch && w.mismatch && w.recommendation !== null) {
      const best = strategyWithWorkers(w.recommendation, w.workers)
      const line = `${w.name}: declares uses: ${w.uses}, but ${best} measured best. ${w.reason}`
      if (w.uncertain) notes.push(`not failing on an uncertain verdict: ${line}`)
      else failures.push(`uses mismatch: ${line}`)
    }
    if (checkRegression && w.comparison !== null) {
      if (w.comparison.regression) failures.push(`regression: ${w.name}: ${w.comparison.summary}`)
      if (w.recommendation === null && w.comparison.baseRecommendation !== null) {
        failures.push(
          `regression: ${w.name}: no strategy works any more (base: ${w.comparison.baseRecommendation}). ${w.reason}`
        )
      }
    }
  }
  if (checkRegression && !hasBaseline)
    notes.push('no baseline to compare with: regressions were not checked')
  return { failOn, failed: failures.length > 0, failures, notes }
}
