// Compares a workload with its base on two metrics, each a ratio head/base with an interval:
//   throughput: calls per second of the strategy the code uses (or else the recommended one), the
//     speed users feel;
//   speedup: what the parallel strategy that did best on base still gains over serial, the
//     "someone added a lock" case, which serial speed alone never shows.
// A change counts only when its whole interval lies beyond the threshold, so runner noise that
// merely widens the interval reads as inconclusive, not as a regression. Paired (a base checkout
// measured in the same rounds), the interval is the evidence rule's (stats/evidence.ts): always
// valid, so the loop may ask after every round, from the clean rounds both sides have, with the noise
// pooled over both sides' configurations; a speedup ratio multiplies four turns' noise. Between two separate runs
// the machine itself may have changed (other jobs, a busier host), which the rounds of either run
// cannot show: against a baseline file the threshold is at least UNPAIRED_MIN_THRESHOLD.

import { formatSpeedup, strategyWithWorkers } from '../format.ts'
import { bootstrapRatio } from '../stats/compare.ts'
import type { RatioEstimate } from '../stats/compare.ts'
import { ratioEvidence } from '../stats/evidence.ts'
import { pooledNoise } from '../stats/pooled-noise.ts'
import type { Noise } from '../stats/pooled-noise.ts'
import { pairedRatios } from '../stats/summary.ts'
import { bestMeasurement } from '../stats/measurements.ts'
import type {
  Change,
  ChangeVerdict,
  Comparison,
  Interval,
  Measurement,
  Strategy
} from '../types.ts'

/** One side of a comparison: what a run measured of a workload. */
export interface Side {
  readonly measurements: readonly Measurement[]
  /** Calls per round. */
  readonly tasks: number
  readonly recommendation: Strategy | null
  readonly workers: number | null
}

/** Smallest threshold applied between two separate runs (see the header). */
export const UNPAIRED_MIN_THRESHOLD = 0.25

/** The threshold applied: as asked when paired, at least UNPAIRED_MIN_THRESHOLD otherwise. */
export function effectiveThreshold(threshold: number, paired: boolean): number {
  return paired ? threshold : Math.max(threshold, UNPAIRED_MIN_THRESHOLD)
}

export interface CompareOptions {
  /** Rounds of both sides come from the same interleaved run. */
  readonly paired: boolean
  /** Slowdown tolerated, as a fraction (0.1 = 10%). */
  readonly threshold: number
  /** The verdict's noise margin: a base speedup within it is no parallel gain to lose. */
  readonly margin: number
}

/** The options with the threshold applied and, paired, both sides' pooled noise. */
interface ResolvedOptions extends CompareOptions {
  readonly noise: Noise | null
}

/** Compares head with base; `uses` is the model head's code declares. */
export function compareSides(
  head: Side,
  base: Side,
  uses: Strategy | null,
  requested: CompareOptions
): Comparison {
  const options: ResolvedOptions = {
    ...requested,
    threshold: effectiveThreshold(requested.threshold, requested.paired),
    noise: requested.paired
      ? pooledNoise([...head.measurements, ...base.measurements].map((m) => m.wallSamples))
      : null
  }
  const throughput = throughputChange(head, base, uses, options)
  const speedup = speedupChange(head, base, options)
  const regression = throughput?.verdict === 'regression' || speedup?.verdict === 'regression'
  return {
    method: options.paired ? 'paired' : 'bootstrap',
    throughput,
    speedup,
    baseRecommendation: base.recommendation,
    baseWorkers: base.workers,
    regression,
    summary: comparisonSummary(throughput, speedup, options.threshold)
  }
}

/** Neither metric is still inconclusive: more rounds would not change the comparison's outcome. */
export function isComparisonSettled(comparison: Comparison): boolean {
  return [comparison.throughput, comparison.speedup].every(
    (change) => change === null || change.verdict !== 'inconclusive'
  )
}

/** The ratio's verdict against the threshold, from where its interval lies. */
export function changeVerdict(interval: Interval | null, threshold: number): ChangeVerdict {
  if (interval === null) return 'inconclusive'
  if (interval.high < 1 - threshold) return 'regression'
  if (interval.low > 1 + threshold) return 'improvement'
  if (interval.low >= 1 - threshold && interval.high <= 1 + threshold) return 'unchanged'
  return 'inconclusive'
}

function throughputChange(
  head: Side,
  base: Side,
  uses: Strategy | null,
  options: ResolvedOptions
): Change | null {
  const strategy = uses ?? head.recommendation
  if (strategy === null) return null
  const headM =
    strategy === head.recommendation && head.workers !== null
      ? find(head.measurements, strategy, head.workers)
      : bestMeasurement(head.measurements, strategy)
  if (headM === null || headM.error !== null) return null
  const baseM = find(base.measurements, strategy, headM.workers)
  if (baseM === null || baseM.error !== null) return null
  // Calls per second: the task counts of the two sides may differ (each run calibrates its own).
  const perCall = (m: Measurement, tasks: number): (number | null)[] =>
    m.wallSamples.map((wall) => (wall === null ? null : wall / tasks))
  const headCalls = perCall(headM, head.tasks)
  const baseCalls = perCall(baseM, base.tasks)
  // Throughput head/base = per-call time base/head.
  const estimate = ratioOf(baseCalls, headCalls, options, 2)
  if (estimate === null || headM.wallSeconds === null || baseM.wallSeconds === null) return null
  return change(
    strategy,
    headM.workers,
    base.tasks / baseM.wallSeconds,
    head.tasks / headM.wallSeconds,
    estimate,
    options.threshold
  )
}

function speedupChange(head: Side, base: Side, options: ResolvedOptions): Change | null {
  // Async counts as a concurrent strategy: a coroutine function that lost its loop's overlap regressed.
  const candidates = (['async', 'threads', 'processes'] as const)
    .map((strategy) => bestMeasurement(base.measurements, strategy))
    .filter((m): m is Measurement => m !== null)
  const baseBest = candidates.reduce<Measurement | null>(
    (a, b) => (a === null || b.speedup! > a.speedup! ? b : a),
    null
  )
  if (baseBest === null || baseBest.speedup === null || baseBest.speedup <= 1 + options.margin)
    return null
  const headM = find(head.measurements, baseBest.strategy, baseBest.workers)
  const headSerial = find(head.measurements, 'serial', 1)
  const baseSerial = find(base.measurements, 'serial', 1)
  if (headM === null || headSerial === null || baseSerial === null) return null
  if (headM.error !== null) {
    // The parallel strategy that worked on base now fails: all of its speedup is lost.
    return {
      strategy: baseBest.strategy,
      workers: baseBest.workers,
      base: baseBest.speedup,
      head: 0,
      ratio: 0,
      interval: { low: 0, high: 0, confidence: 1 },
      verdict: 'regression'
    }
  }
  const speedups = (serial: Measurement, m: Measurement): (number | null)[] =>
    m.wallSamples.map((wall, k) => {
      const serialWall = serial.wallSamples[k]
      return wall === null || serialWall === null || serialWall === undefined
        ? null
        : serialWall / wall
    })
  const estimate = ratioOf(speedups(headSerial, headM), speedups(baseSerial, baseBest), options, 4)
  if (estimate === null || headM.speedup === null) return null
  return change(
    baseBest.strategy,
    baseBest.workers,
    baseBest.speedup,
    headM.speedup,
    estimate,
    options.threshold
  )
}

/** `turns`: the turns whose wall times each per-round value multiplies or divides. */
function ratioOf(
  numerator: readonly (number | null)[],
  denominator: readonly (number | null)[],
  options: ResolvedOptions,
  turns: number
): RatioEstimate | null {
  if (options.paired) {
    const ratios = pairedRatios(numerator, denominator)
    if (ratios.length === 0) return null
    const evidence = ratioEvidence(ratios, options.noise, { turns })
    return evidence === null
      ? { ratio: ratios[0]!, interval: null, method: 'paired' }
      : { ratio: evidence.ratio, interval: evidence.interval, method: 'paired' }
  }
  const present = (values: readonly (number | null)[]): number[] =>
    values.filter((v): v is number => v !== null)
  return bootstrapRatio(present(numerator), present(denominator))
}

function change(
  strategy: Strategy,
  workers: number,
  base: number,
  head: number,
  estimate: RatioEstimate,
  threshold: number
): Change {
  return {
    strategy,
    workers,
    base,
    head,
    ratio: estimate.ratio,
    interval: estimate.interval,
    verdict: changeVerdict(estimate.interval, threshold)
  }
}

function find(
  measurements: readonly Measurement[],
  strategy: Strategy,
  workers: number
): Measurement | null {
  return measurements.find((m) => m.strategy === strategy && m.workers === workers) ?? null
}

function comparisonSummary(
  throughput: Change | null,
  speedup: Change | null,
  threshold: number
): string {
  const parts: string[] = []
  const label = (c: Change): string => strategyWithWorkers(c.strategy, c.workers)
  const range = (c: Change): string =>
    c.interval === null ? '' : ` [${c.interval.low.toFixed(2)}–${c.interval.high.toFixed(2)}]`
  if (throughput !== null) {
    parts.push(
      `${label(throughput)} throughput ${formatRate(throughput.base)} → ${formatRate(throughput.head)} calls/s (${throughput.ratio.toFixed(2)}x${range(throughput)}): ${describe(throughput.verdict, threshold)}`
    )
  }
  if (speedup !== null) {
    parts.push(
      `${label(speedup)} speedup ${formatSpeedup(speedup.base)} → ${formatSpeedup(speedup.head)} (${speedup.ratio.toFixed(2)}x${range(speedup)}): ${describe(speedup.verdict, threshold)}`
    )
  }
  return parts.length === 0
    ? 'Nothing to compare: no strategy worked on both sides.'
    : `${parts.join('; ')}.`
}

function describe(verdict: ChangeVerdict, threshold: number): string {
  const pct = `${Math.round(threshold * 100)}%`
  switch (verdict) {
    case 'regression':
      return `slower beyond ${pct}`
    case 'improvement':
      return `faster beyond ${pct}`
    case 'unchanged':
      return `within ${pct}`
    case 'inconclusive':
      return `inconclusive at ${pct}`
  }
}

function formatRate(callsPerSecond: number): string {
  if (callsPerSecond >= 1000) return callsPerSecond.toFixed(0)
  if (callsPerSecond >= 10) return callsPerSecond.toFixed(1)
  return callsPerSecond.toFixed(2)
}
