// The merge gates of --fail-on: a declared `uses` that a confident verdict contradicts, and a
// regression against the base. Uncertain verdicts and inconclusive comparisons never fail a gate:
// a gate that cries wolf on a noisy runner gets switched off. With several interpreters, `uses` is
// checked against the first interpreter's own verdict (the one the project runs today: a better answer
// on another build is advice, not a mismatch), and a regression on any interpreter fails the gate.

import { strategyWithWorkers } from '../format.ts'
import type {
  BaselineInfo,
  FailOn,
  GateOutcome,
  InterpreterVerdict,
  WorkloadResult
} from '../types.ts'

/**
 * The verdict that `uses` is checked against: with several interpreters the first one's own (the one
 * the project runs today), with its label as `on`; else the workload's.
 */
export function gatedVerdict(w: WorkloadResult): Pick<
  InterpreterVerdict,
  'recommendation' | 'workers' | 'reason' | 'uncertain'
> & {
  readonly on: string | null
} {
  const first = w.interpreters !== null && w.interpreters.length > 1 ? w.interpreters[0]! : null
  return first === null ? { ...w, on: null } : { ...first, on: first.label }
}

/** Every comparison of a workload with its base: each interpreter's where it has several. */
export function comparisonsOf(w: WorkloadResult): {
  readonly on: string | null
  readonly verdict: Pick<WorkloadResult, 'recommendation' | 'reason'>
  readonly comparison: NonNullable<WorkloadResult['comparison']>
}[] {
  const several = w.interpreters !== null && w.interpreters.length > 1
  const all = several
    ? w.interpreters.map((i) => ({ on: i.label, verdict: i, comparison: i.comparison }))
    : [{ on: null, verdict: w, comparison: w.comparison }]
  return all.flatMap((c) => (c.comparison === null ? [] : [{ ...c, comparison: c.comparison }]))
}

/**
 * Decides the gate for `failOn` over the workloads' verdicts and comparisons against `baseline`. A
 * regression against a baseline file whose run of the workload was busy is a note (unconfirmed)
 * unless the baseline is strict (--strict-baseline).
 */
export function evaluateGate(
  workloads: readonly WorkloadResult[],
  failOn: FailOn,
  baseline: BaselineInfo | null
): GateOutcome {
  const failures: string[] = []
  const notes: string[] = []
  const checkMismatch = failOn === 'mismatch' || failOn === 'any'
  const checkRegression = failOn === 'regression' || failOn === 'any'
  for (const w of workloads) {
    const gated = gatedVerdict(w)
    if (checkMismatch && w.mismatch && gated.recommendation !== null) {
      const best = strategyWithWorkers(gated.recommendation, gated.workers)
      const where = gated.on === null ? '' : ` on ${gated.on} (the first interpreter)`
      const line = `${w.name}: declares uses: ${w.uses}, but ${best} measured best${where}. ${gated.reason}`
      if (gated.uncertain) notes.push(`not failing on an uncertain verdict: ${line}`)
      else failures.push(`uses mismatch: ${line}`)
    }
    if (!checkRegression) continue
    for (const { on, verdict, comparison } of comparisonsOf(w)) {
      const name = on === null ? w.name : `${w.name} on ${on}`
      if (comparison.regression && comparison.baseBusy === true && baseline?.strict !== true) {
        notes.push(
          `unconfirmed regression (the baseline's run of it was busy; --strict-baseline fails on it): ${name}: ${comparison.summary}`
        )
      } else if (comparison.regression) {
        failures.push(`regression: ${name}: ${comparison.summary}`)
      }
      if (verdict.recommendation === null && comparison.baseRecommendation !== null) {
        failures.push(
          `regression: ${name}: no strategy works any more (base: ${comparison.baseRecommendation}). ${verdict.reason}`
        )
      }
    }
  }
  if (checkRegression && baseline === null)
    notes.push('no baseline to compare with: regressions were not checked')
  return { failOn, failed: failures.length > 0, failures, notes }
}
