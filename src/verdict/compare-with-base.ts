// A workload compared with its base (a results file, or the same workload measured in another
// checkout in the same rounds), and what the results say they were compared with. The statistics
// and the decision are in regression.ts; which workloads have a base is measure/base-checkout.ts.
// With several interpreters, each is compared on its own (its head against its base, its own serial
// the reference; against a file, measurements matched by the interpreter's config name), and the
// workload's `comparison` is the first interpreter's.

import { againstOwnSerial, runsOn, summarize } from '../stats/measurements.ts'
import type {
  Baseline,
  BaselineInfo,
  Comparison,
  Measurement,
  WorkloadResult,
  WorkloadRun
} from '../types.ts'
import { decide } from './recommend.ts'
import { compareSides, effectiveThreshold } from './regression.ts'
import type { Side } from './regression.ts'

/**
 * The workload compared with its base, per interpreter where it has several: its `comparison` and
 * its interpreters' comparisons (each null when there is nothing to compare with).
 */
export function compareWithBase(
  head: WorkloadResult,
  run: WorkloadRun,
  baseline: Baseline | null,
  options: { readonly margin: number; readonly threshold: number }
): Pick<WorkloadResult, 'comparison' | 'interpreters'> {
  const none = { comparison: null, interpreters: head.interpreters }
  if (baseline === null || run.stopReason === 'skipped') return none
  const names = head.interpreters?.map((i) => i.python) ?? [null]
  const several = names.length > 1
  const baseFile =
    baseline.kind === 'file'
      ? baseline.results.workloads.find((w) => w.name === head.name)
      : undefined
  // A base measured on a busy runner is a best guess: a regression against it is unconfirmed.
  const baseBusy = baseFile?.contention?.busy === true
  const comparisons = names.map((name, index): Comparison | null => {
    const headSide = headSideOf(head, name, index, several)
    const baseSide =
      baseline.kind === 'file'
        ? fileSideOf(baseFile, name, index)
        : checkoutSideOf(run, name, options.margin)
    if (baseSide === null) return null
    const comparison = compareSides(headSide, baseSide, head.uses, {
      paired: baseline.kind === 'checkout',
      ...options
    })
    return baseBusy ? { ...comparison, baseBusy } : comparison
  })
  return {
    comparison: comparisons[0] ?? null,
    interpreters:
      head.interpreters?.map((entry, index) => ({
        ...entry,
        comparison: comparisons[index] ?? null
      })) ?? null
  }
}

/** Head's side for one interpreter: its measurements, against its own serial, and its own verdict. */
function headSideOf(
  head: WorkloadResult,
  name: string | null,
  index: number,
  several: boolean
): Side {
  const own = head.measurements.filter((m) => !m.gilForced && (!several || m.python === name))
  const verdict = several ? head.interpreters![index]! : head
  return {
    measurements: several ? againstOwnSerial(own) : own,
    tasks: head.tasks,
    recommendation: verdict.recommendation,
    workers: verdict.workers
  }
}

/**
 * A results file's side for one interpreter: its measurements of that interpreter (by config name),
 * or, in a file of one interpreter, all of them for the first interpreter.
 */
function fileSideOf(
  base: WorkloadResult | undefined,
  name: string | null,
  index: number
): Side | null {
  if (base === undefined || base.tasks <= 0) return null
  const kept = base.measurements.filter((m) => !m.gilForced)
  const several = new Set(kept.map((m) => m.python)).size > 1
  // One interpreter in the file (or a file from before several): the first interpreter's base,
  // whatever the config called it then.
  const measurements: Measurement[] = several
    ? kept.filter((m) => m.python === name)
    : index === 0
      ? kept
      : []
  if (measurements.length === 0) return null
  const verdict = several ? base.interpreters?.find((i) => i.python === name) : base
  return {
    measurements: several ? againstOwnSerial(measurements) : measurements,
    tasks: base.tasks,
    recommendation: verdict?.recommendation ?? null,
    workers: verdict?.workers ?? null
  }
}

/** The base checkout's side for one interpreter, measured in the same rounds. */
function checkoutSideOf(run: WorkloadRun, name: string | null, margin: number): Side | null {
  if (run.base === null) return null
  const runs = runsOn(run.base.runs, name)
  if (runs.length === 0) return null
  const decision = decide(runs, margin)
  return {
    measurements: summarize(runs),
    tasks: run.tasks,
    recommendation: decision.recommendation,
    workers: decision.workers
  }
}

/** What the results say they were compared with. */
export function baselineInfo(
  baseline: Baseline | null,
  threshold: number,
  strict = false
): BaselineInfo | null {
  if (baseline === null) return null
  const sha = baseline.kind === 'file' ? (baseline.results.context?.headSha ?? null) : baseline.sha
  return {
    kind: baseline.kind,
    source: baseline.source,
    threshold: effectiveThreshold(threshold, baseline.kind === 'checkout'),
    requestedThreshold: threshold,
    sha,
    ...(strict ? { strict } : {})
  }
}
