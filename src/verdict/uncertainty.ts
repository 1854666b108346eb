// What an uncertain verdict says: why the rounds stopped, and which comparison had not settled, with
// its interval, so that a reader knows what more rounds would decide. The comparisons are read from
// the decision's candidates (each strategy's best against the fastest); the rule that stops the
// rounds is not here, only its reading for the sentence.

import { formatSpeedup, formatStrategy } from '../format.ts'
import { MIN_SETTLED_ROUNDS, SETTLE_CONFIDENCE } from '../stats/interval.ts'
import type { Interval, StopReason } from '../types.ts'
import type { Candidate, Decision } from './recommend.ts'

/** A comparison with the fastest candidate whose interval did not settle on one side of the margin. */
export interface OpenComparison {
  readonly candidate: Candidate
  readonly fastest: Candidate
  /** Candidate's wall time over the fastest's: its interval, or null with too few rounds for one. */
  readonly interval: Interval | null
}

/**
 * The comparisons still open: the recommendation not yet clearly within the margin of the fastest,
 * and each lighter strategy not yet clearly slower than the fastest by more than the margin.
 */
export function openComparisons(decision: Decision, margin: number): OpenComparison[] {
  const fastest = decision.candidates.find((c) => c.strategy === decision.fastest)
  const chosenIndex = decision.candidates.findIndex((c) => c.strategy === decision.recommendation)
  if (fastest === undefined || chosenIndex < 0) return []
  const limit = 1 + margin
  const clear = (interval: Interval | null): interval is Interval =>
    interval !== null && interval.confidence >= SETTLE_CONFIDENCE
  return decision.candidates.flatMap((candidate, index) => {
    if (candidate === fastest || index > chosenIndex) return []
    const interval = candidate.ratioInterval
    const settled =
      index === chosenIndex
        ? clear(interval) && interval.high <= limit
        : clear(interval) && interval.low > limit
    return settled ? [] : [{ candidate, fastest, interval }]
  })
}

/** The sentence appended to an uncertain verdict's reason. */
export function uncertaintyText(
  decision: Decision,
  margin: number,
  stopReason: StopReason,
  rounds: number
): string {
  const head = `Uncertain after ${rounds} round${rounds === 1 ? '' : 's'} (${stoppedBy(stopReason)})`
  const open = openComparisons(decision, margin).map((comparison) =>
    describeComparison(comparison, margin)
  )
  if (open.length > 0) return `${head}: ${open.join('; ')}.`
  if (rounds < MIN_SETTLED_ROUNDS)
    return `${head}: a settled verdict needs at least ${MIN_SETTLED_ROUNDS} rounds.`
  return `${head}.`
}

function describeComparison(
  { candidate, fastest, interval }: OpenComparison,
  margin: number
): string {
  const name = formatStrategy(candidate.strategy, candidate.run.workers)
  const other = formatStrategy(fastest.strategy, fastest.run.workers)
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
    case 'failed':
      return 'strategies failed'
    case 'settled':
      return 'stopped'
  }
}
