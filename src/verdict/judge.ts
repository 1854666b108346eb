// Statistics and verdict for one measured workload: the measurements, the recommendation, its class
// and reason, as the WorkloadResult that the reports and gates read.

import { summarize } from '../stats/measurements.ts'
import type { RuntimeTraits, WorkloadResult, WorkloadRun } from '../types.ts'
import { classify } from './classify.ts'
import { decide } from './recommend.ts'
import { uncertaintyText } from './uncertainty.ts'
import { isVerdictSettled } from './stopping.ts'

/** Judges a workload's rounds (run.runs); the comparison with a base is added by the engine. */
export function judge(run: WorkloadRun, traits: RuntimeTraits, margin: number): WorkloadResult {
  const { spec } = run
  const measurements = summarize(run.runs)
  const decision = decide(run.runs, margin)
  const { class: verdictClass, reason } =
    run.error !== null
      ? { class: 'failed' as const, reason: `The module failed to load: ${run.error.message}.` }
      : run.stopReason === 'skipped'
        ? {
            class: 'not-measured' as const,
            reason: 'Not measured: the run was stopped or its budget ran out first.'
          }
        : classify({ decision, measurements, traits, margin, tasks: run.tasks, rounds: run.rounds })
  const uncertain = decision.recommendation !== null && !isVerdictSettled(decision, margin)
  const serialWall = measurements.find((m) => m.strategy === 'serial')?.wallSeconds ?? null
  return {
    name: spec.name,
    runtime: spec.runtime,
    module: spec.module,
    function: spec.function,
    line: spec.line,
    tasks: run.tasks,
    callSeconds: serialWall !== null && run.tasks > 0 ? serialWall / run.tasks : null,
    uses: spec.uses,
    coroutine: run.coroutine,
    recommendation: decision.recommendation,
    workers: decision.workers,
    class: verdictClass,
    reason: uncertain
      ? `${reason} ${uncertaintyText(decision, margin, run.stopReason, run.rounds)}`
      : reason,
    mismatch:
      spec.uses !== null &&
      decision.recommendation !== null &&
      spec.uses !== decision.recommendation,
    uncertain,
    rounds: run.rounds,
    stopReason: run.stopReason,
    elapsedSeconds: run.elapsedSeconds,
    startMethod:
      run.runs.find((r) => r.strategy === 'processes' && r.startMethod !== null)?.startMethod ??
      null,
    measurements,
    error: run.error,
    predictions: [],
    comparison: null
  }
}
