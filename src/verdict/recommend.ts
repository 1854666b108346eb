// Picks serial, async, threads or processes. The fastest wins, except that a lighter strategy that is
// within the noise margin of the fastest wins instead (serial, then async, then threads, then
// processes: in-flight calls on one event loop cost almost nothing and share one thread, threads share
// memory and start in microseconds, processes cost start-up, memory and copying). All comparisons use
// per-round ratios of interleaved rounds; whether they are clear enough to stop is stopping.ts's call.
// With several interpreters measured in the same rounds, each (interpreter, strategy) has a candidate,
// ordered by interpreter (config order) and then by lightness: ties go to the first interpreter (the
// one the project runs today), then to the lighter model. GIL-forced twins are never candidates.

import { ratioEvidence } from '../stats/evidence.ts'
import type { Evidence } from '../stats/evidence.ts'
import { pooledNoise } from '../stats/pooled-noise.ts'
import type { Noise } from '../stats/pooled-noise.ts'
import {
  claimPairs,
  fasterRatios,
  interpretersOf,
  runsOn,
  serialRunOf,
  slowerRatios,
  steadyWallsOf,
  wallsOf
} from '../stats/measurements.ts'
import { median, pairedRatios } from '../stats/summary.ts'
import { STRATEGIES } from '../closed-sets.ts'
import type { Strategy, StrategyRun } from '../types.ts'

/** The best worker count of one strategy on one interpreter, as a candidate for the recommendation. */
export interface Candidate {
  /** The interpreter, as the config names it; null for a runtime with one (Node). */
  readonly interpreter: string | null
  readonly strategy: Strategy
  readonly run: StrategyRun
  /** This candidate's wall time over the fastest candidate's: the median of the paired rounds. */
  readonly ratioToFastest: number
  /**
   * What the clean paired rounds say of that ratio, with the evidence rule's always-valid interval
   * (stats/evidence.ts); null for the fastest and below 2 pairs.
   */
  readonly evidence: Evidence | null
  /**
   * What the clean pairs say for a claim on each side of a limit: the side the claim puts slower
   * read at its least (stats/measurements.ts leastWallsOf, claimPairs), null below 2 pairs and for
   * the fastest. Where no set-aside turn came in below a clean one of its round, both are
   * `evidence`.
   */
  readonly clean: CandidateEvidence
  /**
   * The same with the set-aside turns of one side as bounds, for a claim on each side of a limit;
   * null where that side has none to add (or below 2 pairs). `above` (the candidate slower by more
   * than a limit) pairs its clean rounds with the fastest's clean or set-aside ones, `below` its clean
   * or set-aside rounds with the fastest's clean ones: a set-aside turn only ever took longer than a
   * clean one would have (stats/measurements.ts boundedWallsOf). A claim either evidence makes is
   * made: the bounds add rounds the clean pairs lack, but a badly slowed bound drags its evidence
   * back, so it never replaces the clean pairs.
   */
  readonly bounded: CandidateEvidence
}

/** A candidate's evidence of its ratio to the fastest, for a claim on either side of a limit. */
export interface CandidateEvidence {
  readonly above: Evidence | null
  readonly below: Evidence | null
}

export interface Decision {
  /** null when no strategy completed a round. */
  readonly recommendation: Strategy | null
  /** The interpreter of the recommendation; null without one, or for a runtime with one (Node). */
  readonly interpreter: string | null
  /** Fewest workers within the margin of the strategy's best (1 for serial). */
  readonly workers: number | null
  /** The best config of each (interpreter, strategy) that worked: by interpreter, lightest first. */
  readonly candidates: readonly Candidate[]
  /** The candidate with the shortest rounds. */
  readonly fastest: Candidate | null
  /** The candidate recommended: the first within the margin of the fastest. */
  readonly chosen: Candidate | null
  /** The noise of the runs' clean turns, pooled over every configuration (the evidence rule's scale). */
  readonly noise: Noise | null
}

/** A strategy config the verdict may use: it never faulted and completed rounds. */
export function isUsable(run: StrategyRun): boolean {
  return run.error === null && run.samples.some((sample) => sample !== null)
}

/**
 * A configuration the race stopped as clearly behind another strategy by more than the margin
 * (verdict/stopping.ts raceOf): a comparison decided at that round, stricter than any settle bound
 * on the slow side, which its frozen rounds, paired with fewer and fewer of the leader's, must not
 * reopen. Never the one chosen.
 */
export function outOfTheRunning(run: StrategyRun): boolean {
  const { stopped } = run
  return (
    stopped !== null &&
    stopped.cause === 'behind' &&
    stopped.versus !== null &&
    stopped.versus.strategy !== run.strategy
  )
}

/**
 * Usable and still in the race. A configuration the race stopped was clearly out of the running; it
 * stands for its strategy only when no configuration of that strategy is left running.
 */
function inRace(runs: readonly StrategyRun[]): StrategyRun[] {
  const usable = runs.filter(isUsable)
  const running = usable.filter((run) => run.stopped === null)
  return running.length > 0 ? running : usable
}

/**
 * The worker count of a strategy that did best, scored by speedup over serial where serial worked.
 * A pool of one worker does the same work as serial plus a hand-off, so it only measures overhead:
 * it is a candidate only when every larger pool of its strategy failed. `async` at concurrency 1 (one
 * call awaited at a time, as serial does) is treated alike.
 */
export function bestRunOf(runs: readonly StrategyRun[], strategy: Strategy): StrategyRun | null {
  const serial = serialRunOf(runs)
  const serialWalls = serial !== undefined && isUsable(serial) ? wallsOf(serial) : null
  const usable = inRace(runs.filter((run) => run.strategy === strategy))
  const pools =
    strategy === 'serial' || usable.every((run) => run.workers === 1)
      ? usable
      : usable.filter((run) => run.workers > 1)
  let best: StrategyRun | null = null
  let bestScore = -Infinity
  for (const run of pools) {
    const walls = wallsOf(run).filter((wall) => wall !== null)
    const ratios = serialWalls === null ? [] : pairedRatios(serialWalls, wallsOf(run))
    const score = ratios.length > 0 ? median(ratios) : 1 / median(walls)
    // Ties go to fewer workers: the sweep is in ascending order and only a strictly better score wins.
    if (score > bestScore) {
      best = run
      bestScore = score
    }
  }
  return best
}

/**
 * Decides the recommendation from the raw rounds, across the interpreters they ran on. `margin` is
 * the noise margin (0.1 = 10%).
 */
export function decide(runs: readonly StrategyRun[], margin: number): Decision {
  const bests = interpretersOf(runs).flatMap((interpreter) => {
    // Each interpreter's best worker counts are scored against its own serial.
    const own = runsOn(runs, interpreter)
    return STRATEGIES.flatMap((strategy) => {
      const run = bestRunOf(own, strategy)
      return run === null ? [] : [{ interpreter, strategy, run }]
    })
  })
  if (bests.length === 0) {
    return {
      recommendation: null,
      interpreter: null,
      workers: null,
      candidates: [],
      fastest: null,
      chosen: null,
      noise: null
    }
  }

  const fastestBest = bests.reduce((a, b) => (relativeWall(b.run, a.run) < 1 ? b : a))
  const fastestWalls = wallsOf(fastestBest.run)
  const noise = runsNoise(runs)
  const candidates: Candidate[] = bests.map(({ interpreter, strategy, run }) => {
    const isFastest = run === fastestBest.run
    const ratios = isFastest ? [] : pairedRatios(wallsOf(run), fastestWalls)
    const above = isFastest ? null : claimEvidence(run, fastestBest.run, 'above', noise)
    const below = isFastest ? null : claimEvidence(run, fastestBest.run, 'below', noise)
    return {
      interpreter,
      strategy,
      run,
      ratioToFastest: isFastest ? 1 : median(ratios),
      evidence: isFastest ? null : ratioEvidence(ratios, noise),
      clean: { above: above?.clean ?? null, below: below?.clean ?? null },
      bounded: { above: above?.bounded ?? null, below: below?.bounded ?? null }
    }
  })
  const limit = 1 + margin
  const chosen =
    candidates.find(
      (candidate) => candidate.ratioToFastest <= limit && !outOfTheRunning(candidate.run)
    ) ?? candidates.at(-1)!

  return {
    recommendation: chosen.strategy,
    interpreter: chosen.interpreter,
    workers: fewestWorkers(runsOn(runs, chosen.interpreter), chosen.run, limit),
    candidates,
    fastest: candidates.find((candidate) => candidate.run === fastestBest.run)!,
    chosen,
    noise
  }
}

/** What a claim on one side of a limit may read of a's wall time over b's (claimEvidence). */
export interface ClaimEvidence {
  /** The clean pairs' ratios, the side the claim puts slower at its least (claimPairs). */
  readonly pairs: readonly number[]
  /** The evidence of those pairs; null below 2. */
  readonly clean: Evidence | null
  /**
   * The evidence with the set-aside turns of the side the claim puts faster as bounds; null where
   * those add no pair.
   */
  readonly bounded: Evidence | null
}

/**
 * The evidence for a claim that a's wall time over b's lies above a limit (a slower) or below it (a
 * faster or within), as the settle rule and the race read it: the clean pairs, and those with the
 * set-aside turns of the side the claim puts faster as bounds (Candidate.bounded says why both).
 */
export function claimEvidence(
  a: StrategyRun,
  b: StrategyRun,
  side: 'above' | 'below',
  noise: Noise | null
): ClaimEvidence {
  const pairs = claimPairs(a, b, side)
  const more = side === 'above' ? slowerRatios(a, b) : fasterRatios(a, b)
  return {
    pairs,
    clean: ratioEvidence(pairs, noise),
    // Only where the bounds add pairs: otherwise they are the clean pairs again.
    bounded: more.length === pairs.length ? null : ratioEvidence(more, noise)
  }
}

/**
 * The noise of a workload's clean turns, pooled over every configuration of the runs (GIL-forced
 * twins and every interpreter included: they ran in the same rounds). Set-aside turns are no sample
 * (wallsOf), so a contended turn never counts, nor does a pool's warming up (steadyWallsOf).
 */
export function runsNoise(runs: readonly StrategyRun[]): Noise | null {
  return pooledNoise(runs.map(steadyWallsOf))
}

/** Median per-round ratio of a's wall time over b's (below 1: a is faster). */
function relativeWall(a: StrategyRun, b: StrategyRun): number {
  const ratios = pairedRatios(wallsOf(a), wallsOf(b))
  if (ratios.length > 0) return median(ratios)
  const wallA = median(wallsOf(a).filter((wall) => wall !== null))
  const wallB = median(wallsOf(b).filter((wall) => wall !== null))
  return wallA / wallB
}

/** The fewest workers of the chosen strategy that are within the margin of its best worker count. */
function fewestWorkers(runs: readonly StrategyRun[], best: StrategyRun, limit: number): number {
  const options = inRace(runs.filter((run) => run.strategy === best.strategy)).sort(
    (a, b) => a.workers - b.workers
  )
  for (const run of options) {
    if (run === best || relativeWall(run, best) <= limit) return run.workers
  }
  return best.workers
}
