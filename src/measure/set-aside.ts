// Which turns other processes slowed, and what that leaves of a workload's rounds. A contender's turns
// are judged afresh after every round (stats/contention.ts): its own level of run-queue wait only
// falls as readings come in, so a turn kept earlier may be set aside later. The slower-CPU rule's
// allowance grows with serial's spread, so a turn it set aside may come back once serial's calls
// turn out to vary as much by themselves. A set-aside turn leaves `samples` (the rules read walls
// through it) for `setAside`, so that no interval, pair, race, settle rule or gate counts it.

import { cpuInflation, judgeRounds, slowerCpuRounds } from '../stats/contention.ts'
import { turnSeconds } from '../stats/measurements.ts'
import type { ContenderShape } from '../stats/contention.ts'
import type {
  ContentionSummary,
  RoundContention,
  RoundSample,
  SetAsideTurn,
  StrategyRun
} from '../types.ts'

/**
 * Share of a workload's monitored turns beyond which the runner counts as busy throughout: its clean
 * rounds are too few to decide, so the rounds stop and the verdict is the best guess from every round,
 * marked uncertain. Three quarters: beside a neighbour that burns a CPU half of the time, about 30 %
 * of the turns are set aside (docs/noise.md), its pools' turns about half, and a long burst over the
 * first rounds sets aside more; those runs must still decide on their clean rounds. On a machine
 * that other sessions' test runs kept at a load of 5 to 8, a workload's share was 0.6 to 0.9.
 */
export const BUSY_SHARE = 3 / 4

/**
 * Rounds taken before a busy runner stops the rounds: enough that a neighbour's burst (seconds)
 * does not pass for it, since a round of five contenders takes one to two seconds.
 */
export const BUSY_MIN_ROUNDS = 8

/**
 * Seconds of turns, every contender's and set-aside ones included, taken before a busy runner stops
 * the rounds: what BUSY_MIN_ROUNDS meant with rounds of a second or two. Once the race has stopped
 * the slow pools a round can take 0.1 s, and eight of them fit in one burst of a neighbour that
 * burns a CPU 1 to 4 s at a time: beside it, py-large-result's rounds of serial and its thread
 * pools (0.1 s) lost three quarters of their turns over 3 s and gave a busy runner's uncertain best
 * guess, where the same workload settled after 14 rounds in another run (issue 19's ninth phase,
 * 2026-12-05).
 */
export const BUSY_MIN_SECONDS = 8

/** A contender's turns split into those every rule counts and those set aside. */
export interface JudgedTurns {
  readonly samples: (RoundSample | null)[]
  readonly setAside: SetAsideTurn[]
}

/**
 * Sets aside a contender's contended turns. `untimed` are the readings of its turns outside the
 * rounds (warm-up, calibration): they only lower its own level.
 */
export function setAsideContended(
  samples: readonly (RoundSample | null)[],
  untimed: readonly RoundContention[],
  shape: ContenderShape
): JudgedTurns {
  const verdicts = judgeRounds(
    samples.map((sample) =>
      sample?.contention === null || sample?.contention === undefined
        ? null
        : { ...sample.contention, timedSeconds: sample.wallSeconds }
    ),
    shape,
    untimed
  )
  const kept: (RoundSample | null)[] = []
  const setAside: SetAsideTurn[] = []
  samples.forEach((sample, round) => {
    const verdict = verdicts[round]
    if (sample === null || verdict === null || verdict === undefined || !verdict.contended) {
      kept.push(sample)
      return
    }
    kept.push(null)
    setAside.push({
      round,
      sample,
      lostSeconds: verdict.lostSeconds,
      lostShare: verdict.lostShare,
      reason: verdict.reason ?? 'other processes took its CPUs'
    })
  })
  return { samples: kept, setAside }
}

/** A contender's turns, indexed by round, and what the predicate knows of it. */
export interface ContenderTurns {
  readonly samples: readonly (RoundSample | null)[]
  readonly shape: ContenderShape
}

/**
 * The rounds in which a workload's pools ran on slower CPUs (stats/contention.ts), from every
 * contender's turns in them: the shape each contender is then judged with takes them.
 */
export function slowerCpuRoundsOf(contenders: readonly ContenderTurns[]): ReadonlySet<number> {
  return slowerCpuRounds(
    contenders.map(({ samples, shape }) =>
      cpuInflation(
        samples.map((sample) => sample?.contention ?? null),
        shape
      )
    )
  )
}

/**
 * How a workload's judged runs fared: its turns (kept and set aside), whether any was read, and
 * whether most were set aside (`busy`).
 */
export function contentionSummary(runs: readonly StrategyRun[]): ContentionSummary {
  let turns = 0
  let monitored = false
  let setAside = 0
  let lostSeconds = 0
  for (const run of runs) {
    for (const sample of run.samples) {
      if (sample === null) continue
      turns++
      if (sample.contention !== null && sample.contention !== undefined) monitored = true
    }
    for (const turn of run.setAside ?? []) {
      turns++
      setAside++
      lostSeconds += turn.lostSeconds
      monitored = true
    }
  }
  return { monitored, turns, setAside, lostSeconds, busy: isBusy(turns, setAside) }
}

function isBusy(turns: number, setAside: number): boolean {
  return turns > 0 && setAside > BUSY_SHARE * turns
}

/**
 * Whether the rounds stop for a runner busy throughout: BUSY_MIN_ROUNDS rounds and BUSY_MIN_SECONDS
 * of turns taken, and most of the turns set aside (contentionSummary's `busy`).
 */
export function isBusyThroughout(runs: readonly StrategyRun[], rounds: number): boolean {
  if (rounds < BUSY_MIN_ROUNDS) return false
  return turnSeconds(runs) >= BUSY_MIN_SECONDS && contentionSummary(runs).busy
}

/**
 * The contender's runs with their set-aside turns put back: the best guess of a busy runner. A round
 * whose turn was taken again (measure/run.ts) keeps its retake.
 */
export function withEveryTurn(run: StrategyRun): StrategyRun {
  const samples = [...run.samples]
  for (const turn of run.setAside ?? []) samples[turn.round] ??= turn.sample
  return { ...run, samples }
}
