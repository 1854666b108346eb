// A workload compared with its base (a results file, or the same workload measured in another
// checkout in the same rounds), and what the results say they were compared with. The statistics
// and the decision are in regression.ts; which workloads have a base is measure/base-checkout.ts.

import type {
  Baseline,
  BaselineInfo,
  Comparison,
  RuntimeTraits,
  WorkloadResult,
  WorkloadRun
} from '../types.ts'
import { judge } from './judge.ts'
import { compareSides, effectiveThreshold } from './regression.ts'
import type { Side } from './regression.ts'

/** The workload compared with its base, or null when there is no base to compare with. */
export function compareWithBase(
  head: WorkloadResult,
  run: WorkloadRun,
  baseline: Baseline | null,
  traits: RuntimeTraits,
  options: { readonly margin: number; readonly threshold: number }
): Comparison | null {
  if (baseline === null || run.stopReason === 'skipped') return null
  const sideOf = (w: WorkloadResult): Side => ({
    measurements: w.measurements,
    tasks: w.tasks,
    recommendation: w.recommendation,
    workers: w.workers
  })
  if (baseline.kind === 'file') {
    const base = baseline.results.workloads.find((w) => w.name === head.name)
    if (base === undefined || base.tasks <= 0) return null
    return compareSides(sideOf(head), sideOf(base), head.uses, { paired: false, ...options })
  }
  if (run.base === null) return null
  const base = judge(
    { ...run, spec: run.base.spec, runs: run.base.runs, base: null },
    traits,
    options.margin
  )
  return compareSides(sideOf(head), sideOf(base), head.uses, { paired: true, ...options })
}

/** What the results say they were compared with. */
export function baselineInfo(baseline: Baseline | null, threshold: number): BaselineInfo | null {
  if (baseline === null) return null
  const sha = baseline.kind === 'file' ? (baseline.results.context?.headSha ?? null) : baseline.sha
  return {
    kind: baseline.kind,
    source: baseline.source,
    threshold: effectiveThreshold(threshold, baseline.kind === 'checkout'),
    requestedThreshold: threshold,
    sha
  }
}
