// Which rounds other processes slowed: the contended-round predicate. A round is contended when its
// tasks lost to other processes or to the hypervisor more than CONTENDED_SHARE of the CPU time they
// could have had during it (its busy tasks, at most one per CPU, times its length); its pair then
// leaves every comparison (docs/noise.md has the derivation).
//
// What a round lost is not its raw run-queue wait: much of that is self-inflicted. Four busy workers
// on two CPUs wait about as long as they run on a perfectly quiet machine, threads under a GIL sleep
// instead of waiting, and serial hardly waits at all. So the wait counted is the wait beyond the
// contender's own level, per CPU-second it ran:
//   - the level its oversubscription explains, k busy tasks on C CPUs: max(0, k - C) / min(k, C);
//   - its own lowest level across its readings (its warm-up included), which is lower for a pool whose
//     workers are not all busy all the time (GIL-bound threads, I/O);
// the lower of the two, so that neither a workload that keeps fewer tasks busy than it has workers nor
// one with more busy tasks than workers (a harness's helper threads) hides contention behind a high
// allowance. And a round cannot have lost more CPU to others than others used: the excess is capped
// by the CPU time the rest of the machine ran on our CPUs meanwhile (its busy time minus ours), so a
// wait with nobody else running is self-inflicted whatever the model says. Stolen time (a hypervisor
// running other guests) never shows as wait, so the round's share of it is added.

import type { RoundContention } from '../types.ts'

/**
 * Share of the CPU time a round could have had that it may lose to other processes and still count
 * as clean: about a 10 % slowdown for a CPU-bound round. Derived from measured rounds
 * (scripts/contention-rounds.ts, docs/noise.md): quiet rounds beyond it were 1 %, and the rounds
 * beside a busy neighbour that it kept ran at most 1.04x slower (p90).
 */
export const CONTENDED_SHARE = 0.1

/** What the predicate knows of the contender besides its readings. */
export interface ContenderShape {
  /** Tasks it keeps busy at once when CPU-bound: 1 for serial and async, the pool size otherwise. */
  readonly workers: number
  /** CPUs the tool may use. */
  readonly cpus: number
}

/** The verdict on one round. */
export interface RoundCleanliness {
  readonly contended: boolean
  /** CPU seconds the round's tasks lost to others: their wait beyond their own level, capped by what others ran, plus their share of steal. */
  readonly lostSeconds: number
  /**
   * lostSeconds over the CPU time the round could have had (min(workers, CPUs) × its length, at least
   * lostSeconds + its run time): about 1 - 1/slowdown for a CPU-bound round, less for one that waits.
   */
  readonly lostShare: number
  /** CPU seconds other processes ran on our CPUs during the round; null where unknown. */
  readonly othersSeconds: number | null
  /** CPU seconds stolen by the hypervisor that fall to the round's tasks; 0 where unknown. */
  readonly stealSeconds: number
  /** One line with the figures, for a contended round; null for a clean one. */
  readonly reason: string | null
}

/**
 * The level of run-queue wait per CPU-second run that a contender's own busy tasks explain on a quiet
 * machine: k busy tasks on C CPUs run min(k, C) at a time and keep max(0, k - C) waiting.
 */
export function selfInflictedWaitRate(workers: number, cpus: number): number {
  return Math.max(0, workers - cpus) / Math.max(1, Math.min(workers, cpus))
}

/**
 * Judges each round of one contender from its readings (null: unmonitored, never contended).
 * `untimed` are the readings of its turns outside the rounds (warm-up, calibration): they only lower
 * the contender's own level.
 */
export function judgeRounds(
  readings: readonly (RoundContention | null)[],
  shape: ContenderShape,
  untimed: readonly RoundContention[] = [],
  share = CONTENDED_SHARE
): (RoundCleanliness | null)[] {
  const rates = [...readings, ...untimed]
    .filter((r): r is RoundContention => r !== null && r.runSeconds > 0)
    .map((r) => r.waitSeconds / r.runSeconds)
  const ownLevel = rates.length === 0 ? Infinity : Math.min(...rates)
  const level = Math.min(selfInflictedWaitRate(shape.workers, shape.cpus), ownLevel)
  return readings.map((reading) =>
    reading === null ? null : judgeRound(reading, level, shape, share)
  )
}

function judgeRound(
  reading: RoundContention,
  level: number,
  shape: ContenderShape,
  share: number
): RoundCleanliness {
  const excess = Math.max(0, reading.waitSeconds - level * reading.runSeconds)
  const others =
    reading.machineBusySeconds === null
      ? null
      : Math.max(0, reading.machineBusySeconds - reading.runSeconds)
  const displaced = others === null ? excess : Math.min(excess, others)
  // Steal is spread over the CPUs read; the round's tasks ran on at most min(k, C) of them.
  const stealSeconds =
    reading.stealSeconds === null
      ? 0
      : (reading.stealSeconds * Math.min(shape.workers, shape.cpus)) /
        Math.max(1, reading.machineCpus ?? shape.cpus)
  const lostSeconds = displaced + stealSeconds
  // Over the CPU time the turn's busy tasks could have had in it, not over the CPU it used: a turn
  // that mostly waits on I/O or timers loses little of its wall time when its few CPU-seconds wait.
  const couldHave = Math.max(
    Math.min(shape.workers, shape.cpus) * reading.windowSeconds,
    lostSeconds + reading.runSeconds
  )
  const lostShare = couldHave > 0 ? lostSeconds / couldHave : 0
  const contended = lostShare > share
  return {
    contended,
    lostSeconds,
    lostShare,
    othersSeconds: others,
    stealSeconds,
    reason: contended ? contentionReason(shape.workers, displaced, others, stealSeconds) : null
  }
}

/** "the workers waited 0.6 s for a CPU; other processes ran 0.9 s" (and/or the steal). */
function contentionReason(
  workers: number,
  displaced: number,
  others: number | null,
  steal: number
): string {
  const parts: string[] = []
  if (displaced > 0) {
    const who =
      others === null ? 'another process was running' : `other processes ran ${seconds(others)}`
    const waited = workers === 1 ? 'the process waited' : 'the workers waited'
    parts.push(`${waited} ${seconds(displaced)} for a CPU; ${who}`)
  }
  if (steal > 0) parts.push(`the hypervisor took ${seconds(steal)} of their CPUs`)
  return parts.join('; ')
}

function seconds(value: number): string {
  return value >= 0.1 ? `${value.toFixed(1)} s` : `${(value * 1000).toFixed(0)} ms`
}
