// What an uncertain verdict says: why the rounds stopped, and which comparison had not settled, with
// its interval, so that a reader knows what more rounds would decide. The comparisons are read from
// the decision's candidates (each strategy's best against the fastest); the rule that stops the
// rounds is not here, only its reading for the sentence.

import { formatSeconds, formatSpeedup, strategyWithWorkers } from '../format.ts'
import type { ContentionSummary, StopReason } from '../types.ts'
import type { Decision } from './recommend.ts'
import { MIN_EVIDENCE_ROUNDS } from '../stats/evidence.ts'
import { openComparisons } from './stopping.ts'
import type { OpenComparison } from './stopping.ts'

/**
 * The sentence appended to an uncertain verdict's reason. `labelOf` names a candidate's interpreter
 * where a run had several ("3.13t"), and returns null where it had one.
 */
export function uncertaintyText(
  decision: Decision,
  margin: number,
  stopReason: StopReason,
  rounds: number,
  labelOf: (interpreter: string | null) => string | null = () => null
): string {
  const head = `Uncertain after ${rounds} round${rounds === 1 ? '' : 's'} (${stoppedBy(stopReason)})`
  const open = openComparisons(decision, margin).map((comparison) =>
    describeComparison(comparison, margin, labelOf)
  )
  if (open.length > 0) return `${head}: ${open.join('; ')}.`
  if (rounds < MIN_EVIDENCE_ROUNDS)
    return `${head}: a settled verdict needs at least ${MIN_EVIDENCE_ROUNDS} rounds.`
  return `${head}.`
}

/**
 * The sentence appended to the verdict of a workload whose runner was busy throughout: its clean
 * rounds could not decide, so the verdict is the best guess from every round.
 */
export function busyRunnerText(contention: ContentionSummary): string {
  return `Uncertain: the runner was busy: ${contention.setAside} of ${contention.turns} turns were set aside because other processes took their CPUs (${formatSeconds(contention.lostSeconds)} of CPU time lost), so this is the best guess from every round; run it again on a quieter runner to settle it.`
}

function describeComparison(
  { candidate, fastest, interval }: OpenComparison,
  margin: number,
  labelOf: (interpreter: string | null) => string | null
): string {
  const on = (interpreter: string | null): string => {
    const label = labelOf(interpreter)
    return label === null ? '' : ` on ${label}`
  }
  const name = `${strategyWithWorkers(candidate.strategy, candidate.run.workers)}${on(candidate.interpreter)}`
  const other = `${strategyWithWorkers(fastest.strategy, fastest.run.workers)}${on(fastest.interpreter)}`
  const range =
    // One or two rounds give an "interval" that covers the median by chance only.
    interval === null || interval.confidence < 0.5
      ? 'too few rounds for an interval'
      : `${other} runs ${formatSpeedup(interval.low)}–${formatSpeedup(interval.high)} as fast (${Math.floor(interval.confidence * 100)}% interval)`
  return `${name} vs ${other} not settled: ${range}, against a ${Math.round(margin * 100)}% margin`
}

function stoppedBy(stopReason: StopReason): string {
  switch (stopReason) {
    case 'interrupted':
    case 'skipped':
      return 'the run was interrupted'
    case 'budget':
      return 'the budget ran out'
    case 'max-rounds':
      return 'the most it measures'
    case 'busy':
      return 'the runner was busy: other processes took the CPUs in most of its rounds'
    case 'futile':
      return 'at the pace its intervals narrowed, the budget would not have settled it'
    case 'failed':
      return 'strategies failed'
    case 'settled':
      return 'stopped'
  }
}
