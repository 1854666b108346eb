// Which `async` concurrency limits join the race late. A coroutine function starts with async at the
// top of its sweep alone (measure/plan.ts). The limits below matter only when async may be the
// verdict, where the fewest calls in flight within the margin of the best are recommended: so they
// join once serial's wall time over the top's is clearly beyond the settle zone's lower bound, and
// the verdict does not settle before each of them has two clean rounds. A coroutine that blocks its
// loop shows no gain at the top and never pays for them. Nor does a limit that cannot come within
// the margin of the top: a loop keeps at most L calls in flight, so L of them run at most about L
// times as fast as serial (a call does not get shorter for having company). With the settle zone's
// `within` allowed once for that "about" and once for the margin, a limit joins only if
// L * within * within reaches the low end of the top's gain: an awaited 30 ms timer gains 31x at 32
// in flight, no limit up to 16 could come within the margin, and none is measured.

import { isClearlyAbove, MIN_EVIDENCE_ROUNDS, ratioEvidence } from '../stats/evidence.ts'
import type { Noise } from '../stats/pooled-noise.ts'
import {
  cleanRoundsOf,
  interpretersOf,
  runsOn,
  serialRunOf,
  wallsOf
} from '../stats/measurements.ts'
import { pairedRatios } from '../stats/summary.ts'
import type { StrategyRun } from '../types.ts'
import { isUsable } from './recommend.ts'

/** An `async` contender to start now, at a concurrency limit between its sweep's ends. */
export interface JoinOrder {
  readonly variant: 'head' | 'base'
  readonly interpreter: string | null
  readonly strategy: 'async'
  readonly workers: number
}

/**
 * The limits of `sweep` (the whole async sweep; empty for a synchronous function) to start now, per
 * interpreter whose async top clearly beats its serial by more than `zone.beyond` in the checkout
 * under test, each limit that could come within the margin of the top (the header says how); with a
 * base, its twins join alongside so that the comparison stays paired.
 */
export function asyncJoins(
  head: readonly StrategyRun[],
  base: readonly StrategyRun[] | null,
  sweep: readonly number[],
  noise: Noise | null,
  zone: { readonly within: number; readonly beyond: number }
): JoinOrder[] {
  if (sweep.length === 0) return []
  return interpretersOf(head).flatMap((interpreter) => {
    const own = runsOn(head, interpreter)
    const asyncRuns = own.filter((run) => run.strategy === 'async')
    const serial = serialRunOf(own)
    if (asyncRuns.length === 0 || serial === undefined) return []
    const top = asyncRuns.reduce((a, b) => (b.workers > a.workers ? b : a))
    if (!isUsable(top)) return []
    const gain = ratioEvidence(pairedRatios(wallsOf(serial), wallsOf(top)), noise)
    if (gain === null || !isClearlyAbove(gain, zone.beyond)) return []
    const reach = zone.within * zone.within
    const missing = sweep.filter(
      (workers) =>
        workers > 1 &&
        workers < top.workers &&
        workers * reach >= gain.interval.low &&
        !asyncRuns.some((run) => run.workers === workers)
    )
    const variants =
      base !== null && runsOn(base, interpreter).length > 0
        ? (['head', 'base'] as const)
        : (['head'] as const)
    return variants.flatMap((variant) =>
      missing.map((workers): JoinOrder => ({ variant, interpreter, strategy: 'async', workers }))
    )
  })
}

/** An async contender that joined late and still lacks the clean rounds the verdict reads. */
export function awaitsRounds(runs: readonly StrategyRun[]): boolean {
  return runs.some(
    (run) =>
      run.strategy === 'async' &&
      run.workers > 1 &&
      run.error === null &&
      run.stopped === null &&
      cleanRoundsOf(run) < MIN_EVIDENCE_ROUNDS
  )
}
