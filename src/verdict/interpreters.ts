// A workload measured on several interpreters in the same rounds (or on one free-threaded interpreter
// with GIL-forced twins): each interpreter's own view (its runs, its serial as the reference, its
// decision and the GIL's state), and the sentences that compare them: the cross-interpreter figures
// against the first interpreter's serial, and what a free-threaded build's freedom is worth.

import { formatSpeedup, serialRatioText, strategyWithWorkers } from '../format.ts'
import { runsOn, serialRunOf, summarize, wallsOf } from '../stats/measurements.ts'
import { median, pairedRatios } from '../stats/summary.ts'
import type {
  Measurement,
  RunInterpreter,
  RuntimeTraits,
  StrategyRun,
  WorkloadRun
} from '../types.ts'
import { GIL_ON, gilEnabledText, NO_GIL } from './gil.ts'
import type { GilFacts } from './gil.ts'
import { decide } from './recommend.ts'
import type { Decision } from './recommend.ts'

/** One interpreter's runs of a workload, judged on their own. */
export interface InterpreterView {
  readonly interpreter: RunInterpreter
  /** Its runs, the GIL-forced twins left out. */
  readonly runs: readonly StrategyRun[]
  /** Its measurements, speedups against its own serial. */
  readonly measurements: readonly Measurement[]
  readonly decision: Decision
  readonly gil: GilFacts
}

/** Each interpreter's view; `all` is the decision across them (it is every view's with one). */
export function interpreterViews(
  run: WorkloadRun,
  all: Decision,
  traits: RuntimeTraits,
  margin: number
): InterpreterView[] {
  const one = run.interpreters.length === 1
  return run.interpreters.map((interpreter) => {
    const runs = runsOn(run.runs, interpreter.name)
    return {
      interpreter,
      runs,
      measurements: summarize(runs),
      decision: one ? all : decide(runs, margin),
      gil: gilFactsOf(interpreter, runs, traits)
    }
  })
}

/**
 * What held the workload's threads on an interpreter: nothing (a runtime without a GIL), a build with
 * one, the environment (forced at start-up), a module's import (seen by the pre-flight check or by any
 * of its harness processes, lazily inside a call included), or nothing on a free-threaded build.
 */
export function gilFactsOf(
  interpreter: RunInterpreter,
  runs: readonly StrategyRun[],
  traits: RuntimeTraits
): GilFacts {
  if (!traits.hasGil) return NO_GIL
  if (!interpreter.freeThreaded) return GIL_ON
  if (interpreter.gilEnabledAtStart)
    return { state: 'forced', enabledBy: [], forcedBy: interpreter.gilForcedBy }
  const enabledBy = [
    ...new Set([...interpreter.checkGilEnabledBy, ...runs.flatMap((run) => run.gilEnabledBy)])
  ]
  const enabled =
    interpreter.checkGilEnabled === true ||
    runs.some((run) => run.gilEnabled === true) ||
    enabledBy.length > 0
  return enabled
    ? { state: 'module', enabledBy, forcedBy: null }
    : { state: 'off', enabledBy: [], forcedBy: null }
}

/**
 * An interpreter's serial wall time over the reference serial's (the first interpreter's), median of
 * the paired rounds: 1.25 runs one thread 25% slower. Null when either has no rounds.
 */
export function serialRatio(
  runs: readonly StrategyRun[],
  own: readonly StrategyRun[]
): number | null {
  const reference = serialRunOf(runs)
  const serial = serialRunOf(own)
  if (reference === undefined || serial === undefined) return null
  if (reference === serial) return serial.samples.some((s) => s !== null) ? 1 : null
  const ratios = pairedRatios(wallsOf(serial), wallsOf(reference))
  return ratios.length === 0 ? null : median(ratios)
}

/**
 * The cross-interpreter figures, every speedup against the first interpreter's serial: the
 * recommendation, then each other interpreter's own recommendation, each with its interpreter's
 * single-thread cost, e.g. "Against 3.14's serial, threads ×2 on 3.14t: 1.80x (its serial runs 1.25x
 * slower than 3.14's); processes ×2 on 3.14: 1.60x."
 */
export function crossInterpreterText(
  views: readonly InterpreterView[],
  decision: Decision,
  measurements: readonly Measurement[],
  runs: readonly StrategyRun[]
): string {
  const reference = serialRunOf(runs)
  const referenceView =
    views.find((view) => reference !== undefined && view.runs.includes(reference)) ?? views[0]!
  const refLabel = referenceView.interpreter.label
  const chosenView = views.find((view) => view.interpreter.name === decision.interpreter)
  const figure = (view: InterpreterView, strategy: Measurement['strategy'], workers: number) => {
    const m = measurements.find(
      (x) =>
        !x.gilForced &&
        x.python === view.interpreter.name &&
        x.strategy === strategy &&
        x.workers === workers
    )
    const ratio = view === referenceView ? null : serialRatio(runs, view.runs)
    const notes = [
      ...(ratio === null ? [] : [`its serial runs ${serialCostText(ratio, refLabel)}`]),
      // The module is named wherever it turned a GIL on, even on an interpreter not recommended.
      ...(view !== chosenView && view.gil.state === 'module'
        ? [`the GIL there was ${gilEnabledText(view.gil)}`]
        : [])
    ]
    const note = notes.length === 0 ? '' : ` (${notes.join('; ')})`
    return `${strategyWithWorkers(strategy, workers)} on ${view.interpreter.label}: ${formatSpeedup(m?.speedup ?? null)}${note}`
  }
  const parts: string[] = []
  const { recommendation, workers } = decision
  // Serial on the reference is 1x by definition: nothing to say.
  const trivial = chosenView === referenceView && recommendation === 'serial'
  if (chosenView !== undefined && recommendation !== null && workers !== null && !trivial)
    parts.push(figure(chosenView, recommendation, workers))
  for (const view of views) {
    if (view === chosenView) continue
    const own = view.decision
    if (view.interpreter.fault !== null)
      parts.push(`on ${view.interpreter.label} the module failed to load`)
    else if (own.recommendation === null || own.workers === null)
      parts.push(`on ${view.interpreter.label} no strategy worked`)
    else parts.push(figure(view, own.recommendation, own.workers))
  }
  return parts.length === 0 ? '' : `Against ${refLabel}'s serial, ${parts.join('; ')}.`
}

/** "1.32x slower than 3.13's", "as fast as 3.13's" */
function serialCostText(ratio: number, refLabel: string): string {
  const text = serialRatioText(ratio)
  return text === 'as fast' ? `as fast as ${refLabel}'s` : `${text} than ${refLabel}'s`
}

/**
 * What the free-threaded build's freedom is worth: the best threads configuration against its twin
 * run with the GIL forced on, e.g. "Threads 1.95x without the GIL, 1.05x with it forced on
 * (PYTHON_GIL=1), at 2 workers." Null without twins or figures.
 */
export function gilTwinText(
  view: InterpreterView,
  measurements: readonly Measurement[]
): string | null {
  const threads = view.decision.candidates.find((c) => c.strategy === 'threads')
  if (threads === undefined) return null
  // The recommended worker count when threads are the recommendation, as the sentence before says.
  const { decision } = view
  const workers =
    decision.recommendation === 'threads' && decision.workers !== null
      ? decision.workers
      : threads.run.workers
  const pick = (forced: boolean) =>
    measurements.find(
      (m) =>
        m.gilForced === forced &&
        m.python === view.interpreter.name &&
        m.strategy === 'threads' &&
        m.workers === workers
    )
  const free = pick(false)
  const forced = pick(true)
  if (free === undefined || forced === undefined) return null
  const at = `at ${workers} worker${workers === 1 ? '' : 's'}`
  if (forced.error !== null)
    return `With the GIL forced on (PYTHON_GIL=1), threads ${at} failed: ${forced.error.message}.`
  if (free.speedup === null || forced.speedup === null) return null
  return `Threads ${formatSpeedup(free.speedup)} without the GIL, ${formatSpeedup(forced.speedup)} with it forced on (PYTHON_GIL=1), ${at}.`
}
