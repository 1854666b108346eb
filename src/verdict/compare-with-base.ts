// The base side of a run: which workloads have a base (a results file, or the same workload in
// another checkout), and the comparison of each with it. The engine calls these; the statistics and
// the decision are in verdict/regression.ts.

import { baseSpecFor } from '../measure/base-checkout.ts'
import type { Runtime } from '../runtimes/runtime.ts'
import type {
  BaselineInfo,
  Comparison,
  Config,
  Results,
  RuntimeId,
  WorkloadResult,
  WorkloadRun,
  WorkloadSpec
} from '../types.ts'
import { judge } from './judge.ts'
import { compareSides, effectiveThreshold } from './regression.ts'
import type { Side } from './regression.ts'

/** What to compare the workloads with. */
export type Baseline =
  /** An earlier run's results file, e.g. the base branch's, kept as an artifact. */
  | { readonly kind: 'file'; readonly source: string; readonly results: Results }
  /** Another checkout of the repository, measured in the same interleaved rounds. */
  | {
      readonly kind: 'checkout'
      readonly source: string
      readonly dir: string
      readonly sha: string | null
    }

export const DEFAULT_THRESHOLD = 0.1

/** Base specs for the workloads whose modules exist in the base checkout and load there. */
export async function baseSpecs(
  config: Config,
  runtimes: ReadonlyMap<RuntimeId, Runtime>,
  dir: string
): Promise<Map<string, WorkloadSpec>> {
  const specs = new Map<string, WorkloadSpec>()
  for (const spec of config.workloads) {
    const base = baseSpecFor(spec, config.baseDir, dir)
    if (base === null) continue
    const [check] = await runtimes.get(spec.runtime)!.check([base])
    // Old code without the function, or that fails to load: nothing to compare with, not an error.
    if (check !== undefined && check.configError === null && check.fault === null)
      specs.set(spec.name, base)
  }
  return specs
}

/** The workload compared with its base, or null when there is no base to compare with. */
export function compareWithBase(
  head: WorkloadResult,
  run: WorkloadRun,
  baseline: Baseline | null,
  runtime: Runtime,
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
    runtime.traits,
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
