// The merge gates of --fail-on: a declared `uses` that a confident verdict contradicts, and a
// regression against the base. Uncertain verdicts and inconclusive comparisons never fail a gate:
// a gate that cries wolf on a noisy runner gets switched off. With several interpreters, `uses` is
// checked against the first interpreter's own verdict (the one the project runs today: a better answer
// on another build is advice, not a mismatch), and a regression on any interpreter fails the gate.

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
    const several = w.interpreters !== null && w.interpreters.length > 1
    // The verdict the project gets today: the first interpreter's own, when there are several.
    const first = several ? w.interpreters[0]! : w
    if (checkMismatch && w.mismatch && first.recommendation !== null) {
      const best = strategyWithWorkers(first.recommendation, first.workers)
      const where = several ? ` on ${w.interpreters[0]!.label} (the first interpreter)` : ''
      const line = `${w.name}: declares uses: ${w.uses}, but ${best} measured best${where}. ${first.reason}`
      if (first.uncertain) notes.push(`not failing on an uncertain verdict: ${line}`)
      else failures.push(`uses mismatch: ${line}`)
    }
    if (!checkRegression) continue
    const compared = several
      ? w.interpreters.map((i) => ({ on: ` on ${i.label}`, verdict: i, comparison: i.comparison }))
      : [{ on: '', verdict: w, comparison: w.comparison }]
    for (const { on, verdict, comparison } of compared) {
      if (comparison === null) continue
      if (comparison.regression) failures.push(`regression: ${w.name}${on}: ${comparison.summary}`)
      if (verdict.recommendation === null && comparison.baseRecommendation !== null) {
        failures.push(
          `regression: ${w.name}${on}: no strategy works any more (base: ${comparison.baseRecommendation}). ${verdict.reason}`
        )
      }
    }
  }
  if (checkRegression && !hasBaseline)
    notes.push('no baseline to compare with: regressions were not checked')
  return { failOn, failed: failures.length > 0, failures, notes }
}
