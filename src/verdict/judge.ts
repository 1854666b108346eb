// Statistics and verdict for one measured workload: the measurements, the recommendation, its class
// and reason, as the WorkloadResult that the reports and gates read. With several interpreters the
// recommendation is decided across them (every speedup against the first one's serial), and each
// interpreter also gets a verdict of its own; the `uses` gate reads the first interpreter's.

import { summarize } from '../stats/measurements.ts'
import type {
  InterpreterVerdict,
  RuntimeTraits,
  VerdictClass,
  WorkloadResult,
  WorkloadRun
} from '../types.ts'
import { classify } from './classify.ts'
import type { Classification } from './classification.ts'
import { crossInterpreterText, gilTwinText, interpreterViews, serialRatio } from './interpreters.ts'
import type { InterpreterView } from './interpreters.ts'
import { gilWasOn } from './gil.ts'
import { decide } from './recommend.ts'
import type { Decision } from './recommend.ts'
import { busyRunnerText, uncertaintyText } from './uncertainty.ts'
import { isVerdictSettled } from './stopping.ts'

/** Judges a workload's rounds (run.runs); the comparison with a base is added by the engine. */
export function judge(run: WorkloadRun, traits: RuntimeTraits, margin: number): WorkloadResult {
  const { spec } = run
  const measurements = summarize(run.runs)
  const decision = decide(run.runs, margin)
  const views = interpreterViews(run, decision, traits, margin)
  const several = views.length > 1
  const labelOf = (name: string | null): string | null =>
    several ? (views.find((v) => v.interpreter.name === name)?.interpreter.label ?? name) : null
  // A busy runner's verdict is a best guess from every round, whatever its intervals say.
  const busy = run.contention?.busy === true ? run.contention : null
  const uncertainty = (d: Decision): string =>
    busy !== null
      ? busyRunnerText(busy)
      : uncertaintyText(d, margin, run.stopReason, run.rounds, labelOf)
  const isUncertain = (d: Decision): boolean =>
    d.recommendation !== null && (busy !== null || !isVerdictSettled(d, margin))

  const own = views.map((view) => ownVerdict(run, view, traits, margin))
  const { class: verdictClass, reason } = workloadVerdict(run, decision, views, own, {
    traits,
    margin,
    measurements
  })
  const uncertain = isUncertain(decision)
  // The `uses` gate checks the first interpreter's own verdict: the one the project runs today.
  const first = views[0]?.decision ?? decision
  const serialWall =
    measurements.find((m) => m.strategy === 'serial' && !m.gilForced && m.wallSeconds !== null)
      ?.wallSeconds ?? null
  const fullReason = uncertain ? `${reason} ${uncertainty(decision)}` : reason
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
    recommendedPython: decision.interpreter,
    workers: decision.workers,
    class: verdictClass,
    reason: fullReason,
    mismatch:
      spec.uses !== null && first.recommendation !== null && spec.uses !== first.recommendation,
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
    comparison: null,
    contention: run.contention ?? null,
    interpreters:
      views.length > 0 && views.every((view) => view.interpreter.name !== null)
        ? views.map((view, index) => {
            const verdict = own[index]!
            const ownUncertain = isUncertain(view.decision)
            return {
              python: view.interpreter.name!,
              label: view.interpreter.label,
              version: view.interpreter.version,
              freeThreaded: view.interpreter.freeThreaded,
              gilEnabled: gilWasOn(view.gil),
              gilEnabledBy: view.gil.enabledBy,
              serialRatio: serialRatio(run.runs, view.runs),
              recommendation: view.decision.recommendation,
              workers: view.decision.workers,
              class: verdict.class,
              // With one interpreter, its verdict is the workload's.
              reason: several
                ? ownUncertain
                  ? `${verdict.reason} ${uncertainty(view.decision)}`
                  : verdict.reason
                : fullReason,
              uncertain: ownUncertain,
              comparison: null
            } satisfies InterpreterVerdict
          })
        : null
  }
}

interface VerdictContext {
  readonly traits: RuntimeTraits
  readonly margin: number
  readonly measurements: WorkloadResult['measurements']
}

/** An interpreter's verdict on its own runs, its own serial the reference. */
function ownVerdict(
  run: WorkloadRun,
  view: InterpreterView,
  traits: RuntimeTraits,
  margin: number
): Classification {
  const fault = view.interpreter.fault
  if (fault !== null && run.error === null)
    return {
      class: 'failed',
      reason: `The module failed to load on ${view.interpreter.label}: ${fault.message}.`
    }
  return classifyView(run, view, view.decision, traits, margin)
}

function classifyView(
  run: WorkloadRun,
  view: InterpreterView,
  decision: Decision,
  traits: RuntimeTraits,
  margin: number
): Classification {
  if (run.error !== null)
    return { class: 'failed', reason: `The module failed to load: ${run.error.message}.` }
  if (run.stopReason === 'skipped')
    return {
      class: 'not-measured',
      reason: 'Not measured: the run was stopped or its budget ran out first.'
    }
  return classify({
    decision,
    measurements: view.measurements,
    traits,
    gil: view.gil,
    margin,
    tasks: run.tasks,
    rounds: run.rounds
  })
}

/**
 * The workload's class and reason. With one interpreter, its own verdict (and, for a free-threaded
 * one with GIL-forced twins, what the build is worth). With several, the class of the recommended
 * interpreter's runs for the recommendation made across them (so that the class always agrees with
 * it), then the figures of every interpreter against the first one's serial.
 */
function workloadVerdict(
  run: WorkloadRun,
  decision: Decision,
  views: readonly InterpreterView[],
  own: readonly Classification[],
  context: VerdictContext
): { class: VerdictClass; reason: string } {
  const { traits, margin, measurements } = context
  const first = views[0]
  if (first === undefined) {
    // The run was interrupted before its interpreters were probed.
    return { class: 'not-measured', reason: 'Not measured: the run was stopped first.' }
  }
  if (views.length === 1) {
    const verdict = own[0]!
    const twin = run.runs.some((r) => r.gilForced) ? gilTwinText(first, measurements) : null
    return twin === null ? verdict : { ...verdict, reason: `${verdict.reason} ${twin}` }
  }
  const chosen = views.find((view) => view.interpreter.name === decision.interpreter)
  if (chosen === undefined || decision.recommendation === null) {
    if (run.error !== null || run.stopReason === 'skipped')
      return classifyView(run, first, first.decision, traits, margin)
    const faults = views.map((view, index) => `${view.interpreter.label}: ${own[index]!.reason}`)
    return { class: 'failed', reason: faults.join(' ') }
  }
  const verdict = classifyView(
    run,
    chosen,
    { ...chosen.decision, recommendation: decision.recommendation, workers: decision.workers },
    traits,
    margin
  )
  const cross = crossInterpreterText(views, decision, measurements, run.runs)
  return {
    class: verdict.class,
    reason: `On ${chosen.interpreter.label}: ${verdict.reason}${cross === '' ? '' : ` ${cross}`}`
  }
}
