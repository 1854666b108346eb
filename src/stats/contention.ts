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
//
// Nor does every wait beyond the level cost the round: threads under a GIL beside a neighbour wait
// at every hand-off while the holder runs on, and run their one CPU-second per second as on a quiet
// machine (py-large-result's threads: 30 ms of wait in turns of 45 ms, as fast as its clean turns).
// So a turn the wait sets aside is judged again on the contender's pace, the most CPU per second
// its kept turns ran: the wait counts only as far as the tasks fell behind that pace, over what the
// pace could have had. Only a turn no longer than SLOWER_CPU_FACTOR times the longest kept one: at
// its pace and longer still, the same calls took more CPU, as they do beside a neighbour on the same
// core, which no counter shows.
//
// Some slowdowns show in none of those counters. On a VM, two busy vCPUs sometimes do one CPU's work
// for seconds at a time (the host runs something else on the same cores) while the guest records no
// wait and no steal: the pool's tasks "run" the whole turn and get half as far, so the same calls
// take about twice the CPU time. Serial, one busy vCPU, is never halved so (its speed moves by up to
// a quarter between runs, and once was seen to between turns: docs/noise.md). A pool's CPU
// time also rises by itself, though: its first turn in fresh workers (page faults, a JIT warming up),
// GIL-bound threads handing the lock over. So a pool turn's CPU time beyond its cheapest turn's counts
// as lost only where the slowdown shows as the host's would: beyond what the calls' own cost varies
// (read from serial, whose CPU per turn spreads as far as the calls do), and in the first round only
// where more pools rose than fresh workers ever took up.
// The host's slowdowns last from a fraction of a second (one pool's turn) to seconds (several pools'
// turns, or one pool's turns in round after round). A turn that mostly waits on I/O uses little CPU,
// so even a doubled CPU time stays a small share of its time.
//
// Memory can come slowly too, serial's included: on a VM that hands the memory its guest frees back
// to its host, a page fault sometimes costs several times its usual for a second or more. A turn's
// system time beyond what its faults cost at the contender's cheapest counts as lost where each cost
// FAULT_COST_FACTOR times that, never beyond the CPU time the turn ran over its least (slowMemory).

import type { RoundContention } from '../types.ts'

/**
 * Share of the CPU time a round could have had that it may lose to other processes and still count
 * as clean: about a 10 % slowdown for a CPU-bound round. Derived from measured rounds
 * (scripts/contention-rounds.ts, docs/noise.md): quiet rounds beyond it were 1 %, and the rounds
 * beside a busy neighbour that it kept ran at most 1.04x slower (p90).
 */
export const CONTENDED_SHARE = 0.1

/**
 * How far above its cheapest turn a pool turn's CPU time may rise, over the calls' own spread
 * (ContenderShape.callSpread), before it counts as run on slower CPUs. Derived from five noise runs
 * of the fixtures recorded turn by turn (docs/noise.md, "CPUs that ran slower"): in the host's
 * slowdowns the pools' turns rose to 1.56-1.87; of the 826 pool turns after the first round, 11 rose
 * beyond 1.5: 7 in those slowdowns, 2 of one round in pools that mostly wait (their CPU is a small
 * share of their time, so the turns are kept), 2 alone in their round (GIL-bound threads).
 */
export const SLOWER_CPU_FACTOR = 1.5

/**
 * Pools of one round (after the first) whose CPU time must have risen beyond SLOWER_CPU_FACTOR for
 * the round to count as run on slower CPUs: one. Two let one pool's slowed turn through, and the
 * host also slows a single turn of a third of a second (docs/noise.md, "CPUs that ran slower": 22
 * recorded runs of node-cpu, whose calls cost the same CPU every time, had 3 such turns alone in
 * their round, and the 2 runs that ended uncertain were the ones that had them); a pool's own
 * costlier turn (GIL-bound threads, 2 of 826 turns) is then set aside too and taken again.
 */
export const SLOWER_CPU_POOLS = 1

/**
 * Pools of the first round whose CPU time must have risen beyond SLOWER_CPU_FACTOR for that round to
 * count as run on slower CPUs: three. Fresh workers' first turns cost more CPU by themselves, but in
 * the recorded runs (docs/noise.md, "The first round, three pools") never more than two pools of a
 * round: 15 first rounds of 178 workload runs had one or two pools beyond 1.5 (py-large-result's
 * GIL-bound threads, node-large-buffer's threads ×4, node-cpu's threads in one quiet run), none three.
 * The host slows three: one of twenty node-cpu runs beside the neighbour had threads ×2, threads ×4
 * and processes ×2 at serial's pace in round 0 with 1.72-1.79x their CPU and no wait; kept, such a
 * round once widened node-cpu's comparisons to 13 rounds (20.1 s against 3.5-8.1 s).
 */
export const FIRST_ROUND_SLOWER_CPU_POOLS = 3

/**
 * Minor page faults a turn must have taken for its system time per fault to count as what a fault
 * costs the contender: with fewer, a clock tick of system time (the kernel counts no finer) is ten
 * microseconds a fault or more, and the system time is mostly other calls into the kernel.
 */
export const FAULT_COST_MIN_FAULTS = 1000

/**
 * How many times the contender's cheapest cost a turn's page faults must have cost, each, before
 * their system time beyond that cost counts as lost: system time is also every other call into the
 * kernel (files, pipes, the pool's copies), which varies by itself. Over five recorded runs of the
 * fixtures (two quiet, three beside the neighbour, 2026-12-06), no turn of any other workload with a
 * thousand faults or more rose beyond 1.19 times its contender's cheapest cost; node-large-buffer's
 * turns reached 2.4-12 in the host's slow spells (44 of its 290 beyond 2).
 */
export const FAULT_COST_FACTOR = 2

/** What the predicate knows of the contender besides its readings. */
export interface ContenderShape {
  /** Tasks it keeps busy at once when CPU-bound: 1 for serial and async, the pool size otherwise. */
  readonly workers: number
  /** CPUs the tool may use. */
  readonly cpus: number
  /**
   * How much the same calls' CPU time varies by itself: serial's most expensive turn over its
   * cheapest, in the same rounds (every turn has the same calls). Null or absent where unknown (fewer
   * than two serial turns read, or the contender is serial), which leaves CPU time out of the
   * verdict.
   */
  readonly callSpread?: number | null
  /**
   * The rounds whose pools ran on slower CPUs (slowerCpuRounds): only there does CPU time beyond the
   * cheapest turn's count as lost. Absent: none.
   */
  readonly slowerCpuRounds?: ReadonlySet<number>
}

/** The verdict on one round. */
export interface RoundCleanliness {
  readonly contended: boolean
  /**
   * CPU seconds the round's tasks lost to others: their wait beyond their own level, capped by what
   * others ran (and, judged on its pace, by how far they fell behind it), plus their share of steal,
   * plus, where the CPUs ran slower, the CPU time beyond the contender's cheapest turn.
   */
  readonly lostSeconds: number
  /**
   * lostSeconds over the CPU time the round could have had (min(workers, CPUs) × its length, or its
   * pace × its length when judged on its pace; at least lostSeconds + its run time): about
   * 1 - 1/slowdown for a CPU-bound round, less for one that waits.
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
 * A turn's reading, with the timed part it was read around where known: the reading's window also
 * spans the command's round trip, a few milliseconds of the harness's own work.
 */
export type TurnReading = RoundContention & { readonly timedSeconds?: number }

/**
 * Judges each round of one contender from its readings (null: unmonitored, never contended).
 * `untimed` are the readings of its turns outside the rounds (warm-up, calibration): they only lower
 * the contender's own level.
 */
export function judgeRounds(
  readings: readonly (TurnReading | null)[],
  shape: ContenderShape,
  untimed: readonly RoundContention[] = [],
  share = CONTENDED_SHARE
): (RoundCleanliness | null)[] {
  const rates = [...readings, ...untimed]
    .filter((r): r is RoundContention => r !== null && r.runSeconds > 0)
    .map((r) => r.waitSeconds / r.runSeconds)
  const ownLevel = rates.length === 0 ? Infinity : Math.min(...rates)
  const level = Math.min(selfInflictedWaitRate(shape.workers, shape.cpus), ownLevel)
  const cheapest = cheapestRun(readings, shape)
  const inflations = cpuInflation(readings, shape)
  const faultCost = cheapestFaultCost([...readings, ...untimed])
  const leastRun = leastTimedRun(readings)
  const hosts = readings.map((reading, round): HostLoss => {
    if (reading === null) return NO_HOST_LOSS
    // The CPU beyond the cheapest turn's is what the slower CPUs took, in their rounds.
    const slowerCpu =
      cheapest !== null &&
      shape.slowerCpuRounds?.has(round) === true &&
      (inflations[round] ?? 0) > SLOWER_CPU_FACTOR
        ? reading.runSeconds - cheapest
        : 0
    return {
      slowerCpu,
      slowMemory: slowMemory(reading, faultCost, leastRun),
      faultCost,
      first: round === 0
    }
  })
  const onWait = readings.map((reading, round) =>
    reading === null
      ? null
      : judgeRound(reading, level, hosts[round]!, cheapest, shape, share, null)
  )
  const kept = keptPace(readings, onWait)
  if (kept === null) return onWait
  // Only a turn the wait set aside is judged again (one it keeps set the pace), and only one no
  // longer than SLOWER_CPU_FACTOR times the longest it keeps: a turn that ran at its pace and still
  // took that much longer spent that much more CPU on the same calls, which a neighbour on the same
  // core does and no counter shows; less than that, the slower-CPU rule keeps a pool turn too.
  return onWait.map((verdict, round) => {
    const reading = readings[round]
    if (verdict?.contended !== true || reading === null || reading === undefined) return verdict
    if (lengthOf(reading) > kept.longest * SLOWER_CPU_FACTOR) return verdict
    return judgeRound(reading, level, hosts[round]!, cheapest, shape, share, kept.pace)
  })
}

/** A turn's length: its timed part where known, else its reading's window. */
function lengthOf(reading: TurnReading): number {
  return reading.timedSeconds ?? reading.windowSeconds
}

/**
 * Of the turns the wait alone keeps: the most CPU per second of its window that the contender's
 * tasks ran, together, in one (its pace where nothing held it back), and the longest. Null where
 * no turn is kept.
 */
function keptPace(
  readings: readonly (TurnReading | null)[],
  verdicts: readonly (RoundCleanliness | null)[]
): { readonly pace: number; readonly longest: number } | null {
  let kept: { pace: number; longest: number } | null = null
  readings.forEach((reading, round) => {
    if (reading === null || verdicts[round]?.contended !== false) return
    if (reading.windowSeconds <= 0) return
    const pace = reading.runSeconds / reading.windowSeconds
    kept = {
      pace: Math.max(kept?.pace ?? 0, pace),
      longest: Math.max(kept?.longest ?? 0, lengthOf(reading))
    }
  })
  return kept
}

/**
 * Each timed turn's CPU time over the contender's cheapest turn's, over the calls' own spread: above
 * SLOWER_CPU_FACTOR it may have run on slower CPUs. Null where CPU time is not judged: serial and
 * async (one busy task), one CPU, the calls' spread unknown, fewer than two turns read.
 */
export function cpuInflation(
  readings: readonly (RoundContention | null)[],
  shape: ContenderShape
): (number | null)[] {
  const cheapest = cheapestRun(readings, shape)
  return readings.map((reading) =>
    cheapest === null || reading === null || reading.runSeconds <= 0
      ? null
      : reading.runSeconds / cheapest / Math.max(1, shape.callSpread ?? 1)
  )
}

/**
 * The rounds in which at least SLOWER_CPU_POOLS pools' CPU time rose beyond SLOWER_CPU_FACTOR
 * (cpuInflation of each pool of a workload, indexed by round); in the first round, at least
 * FIRST_ROUND_SLOWER_CPU_POOLS.
 */
export function slowerCpuRounds(inflations: readonly (readonly (number | null)[])[]): Set<number> {
  const counts = new Map<number, number>()
  for (const pool of inflations)
    pool.forEach((inflation, round) => {
      if (inflation !== null && inflation > SLOWER_CPU_FACTOR)
        counts.set(round, (counts.get(round) ?? 0) + 1)
    })
  const needed = (round: number): number =>
    round === 0 ? FIRST_ROUND_SLOWER_CPU_POOLS : SLOWER_CPU_POOLS
  return new Set([...counts].filter(([round, pools]) => pools >= needed(round)).map(([r]) => r))
}

/**
 * The CPU time of the contender's cheapest timed turn, where its CPU time is judged at all: a pool
 * that keeps two CPUs or more busy, with the calls' own spread known. Untimed turns run other
 * numbers of calls, so they do not count.
 */
function cheapestRun(
  readings: readonly (RoundContention | null)[],
  shape: ContenderShape
): number | null {
  if (Math.min(shape.workers, shape.cpus) < 2 || (shape.callSpread ?? null) === null) return null
  const runs = timedRuns(readings)
  return runs.length < 2 ? null : Math.min(...runs)
}

/** What the host took from a turn besides its CPUs' time (steal). */
interface HostLoss {
  /** CPU seconds beyond the contender's cheapest turn, in a round run on slower CPUs. */
  readonly slowerCpu: number
  /** System seconds its page faults took beyond what they cost at their cheapest (slowMemory). */
  readonly slowMemory: number
  /** The contender's cheapest system seconds per page fault; null where unknown. */
  readonly faultCost: number | null
  /**
   * The turn is of the first round, whose dearer CPU time may be fresh workers warming up as much
   * as slower CPUs: the reason names both (hostReason).
   */
  readonly first: boolean
}

const NO_HOST_LOSS: HostLoss = { slowerCpu: 0, slowMemory: 0, faultCost: null, first: false }

/**
 * The least system seconds per minor page fault of the contender's turns that took enough faults to
 * tell (FAULT_COST_MIN_FAULTS), counting each turn's system time at the most it may have been (its
 * ticks' slack), so that the figure errs high and the time a turn is said to have lost errs low.
 * Untimed turns count: a fault costs the same whatever the number of calls. Null where no turn
 * tells.
 */
function cheapestFaultCost(readings: readonly (RoundContention | null)[]): number | null {
  const costs = readings.flatMap((reading) =>
    reading === null ||
    reading.faults === null ||
    reading.systemSeconds === null ||
    reading.faults < FAULT_COST_MIN_FAULTS
      ? []
      : [(reading.systemSeconds + (reading.systemSlackSeconds ?? 0)) / reading.faults]
  )
  return costs.length === 0 ? null : Math.min(...costs)
}

/** The CPU times of the contender's timed turns that were read. */
function timedRuns(readings: readonly (RoundContention | null)[]): number[] {
  return readings.flatMap((reading) =>
    reading !== null && reading.runSeconds > 0 ? [reading.runSeconds] : []
  )
}

/** The least CPU time of the contender's timed turns; null where none was read. */
function leastTimedRun(readings: readonly (RoundContention | null)[]): number | null {
  const runs = timedRuns(readings)
  return runs.length === 0 ? null : Math.min(...runs)
}

/**
 * The system seconds a turn's page faults took beyond what the same number of faults cost in the
 * contender's cheapest turn (its slack taken off), where each cost FAULT_COST_FACTOR times that or
 * more (with FAULT_COST_MIN_FAULTS of them at least), and never more than the CPU time the turn ran
 * beyond its least: a turn that ran no more CPU than its cheapest lost nothing, however its faults
 * were counted (huge pages make fewer and costlier ones, for less time in all). On a VM whose host
 * takes back the memory its guest frees (free page reporting, a balloon), a fault on a page the
 * host must hand back costs several times a plain one, for seconds at a time: node-large-buffer's
 * serial turns, 16 buffers of 16 MiB, took 0.05 s at 1-2.5 µs a fault and 0.2-0.4 s at 9-12 µs,
 * every contender of the workload in the same rounds (docs/noise.md, "Memory that came slowly").
 */
function slowMemory(
  reading: RoundContention,
  faultCost: number | null,
  leastRun: number | null
): number {
  if (faultCost === null || leastRun === null) return 0
  if (reading.faults === null || reading.systemSeconds === null) return 0
  if (reading.faults < FAULT_COST_MIN_FAULTS) return 0
  const least = reading.systemSeconds - (reading.systemSlackSeconds ?? 0)
  if (least <= FAULT_COST_FACTOR * faultCost * reading.faults) return 0
  const beyondCost = least - reading.faults * faultCost
  return Math.min(beyondCost, Math.max(0, reading.runSeconds - leastRun))
}

function judgeRound(
  reading: TurnReading,
  level: number,
  host: HostLoss,
  cheapest: number | null,
  shape: ContenderShape,
  share: number,
  ownPace: number | null
): RoundCleanliness {
  const excess = Math.max(0, reading.waitSeconds - level * reading.runSeconds)
  // What others ran at the least it may have been: the machine's count is whole ticks per CPU, and
  // in a turn of 50 ms the ticks alone made room for the wait of a serial whose own threads (V8's
  // collector) kept it waiting: node-large-buffer's, set aside on a quiet machine for "other
  // processes" that every other task's counter put at 0-4 ms.
  const others =
    reading.machineBusySeconds === null
      ? null
      : Math.max(
          0,
          reading.machineBusySeconds - reading.runSeconds - (reading.machineBusySlackSeconds ?? 0)
        )
  // Only what fell inside the timed part slowed the turn, and no more than its tasks' wall time: a
  // turn of 50 µs read over 7 ms cannot have waited 4 ms while it ran.
  const timed = reading.timedSeconds ?? Infinity
  // A wait cost the turn only the CPU its tasks did not run: at its own pace over the window, less
  // what they ran. Threads under a GIL beside a neighbour wait at every hand-off while the holder
  // runs on, and run their one CPU-second per second as on a quiet machine.
  const behindPace =
    ownPace === null ? Infinity : Math.max(0, ownPace * reading.windowSeconds - reading.runSeconds)
  const displaced = Math.min(
    others === null ? excess : Math.min(excess, others),
    behindPace,
    shape.workers * timed
  )
  // Steal is spread over the CPUs read; the round's tasks ran on at most min(k, C) of them.
  const stealSeconds =
    reading.stealSeconds === null
      ? 0
      : Math.min(
          (reading.stealSeconds * Math.min(shape.workers, shape.cpus)) /
            Math.max(1, reading.machineCpus ?? shape.cpus),
          Math.min(shape.workers, shape.cpus) * timed
        )
  // Both are CPU time run beyond the cheapest turn's: the larger counts, never the two added.
  const hostSeconds = Math.max(host.slowerCpu, host.slowMemory)
  const lostSeconds = displaced + stealSeconds + hostSeconds
  // Over the CPU time the turn's busy tasks could have had in it, not over the CPU it used: a turn
  // that mostly waits on I/O or timers loses little of its wall time when its few CPU-seconds wait.
  // CPU time lost to the host is part of the time the tasks ran, so it is not added again. Judged
  // on its pace, the turn could have had its pace: a pool that keeps one CPU busy (a GIL, a harness
  // copying results) and fell a tenth behind it ran a tenth slower, not a twentieth.
  const couldHave = Math.max(
    (ownPace ?? Math.min(shape.workers, shape.cpus)) * reading.windowSeconds,
    displaced + stealSeconds + reading.runSeconds
  )
  const lostShare = couldHave > 0 ? lostSeconds / couldHave : 0
  const contended = lostShare > share
  return {
    contended,
    lostSeconds,
    lostShare,
    othersSeconds: others,
    stealSeconds,
    reason: contended
      ? contentionReason(
          shape.workers,
          displaced,
          others,
          stealSeconds,
          hostReason(reading, host, cheapest)
        )
      : null
  }
}

/** What the host took, in words, where it took anything: the larger of its two ways counts. */
function hostReason(reading: TurnReading, host: HostLoss, cheapest: number | null): string | null {
  if (host.slowMemory > 0 && host.slowMemory >= host.slowerCpu && reading.faults !== null) {
    const each = micros((reading.systemSeconds ?? 0) / reading.faults)
    const cheapestEach = micros(host.faultCost ?? 0)
    return (
      `memory came slowly: its page faults took ${seconds(host.slowMemory)} more system time ` +
      `than at their cheapest (${each} each against at most ${cheapestEach})`
    )
  }
  if (host.slowerCpu > 0 && cheapest !== null) {
    const factor = (reading.runSeconds / cheapest).toFixed(1)
    // In the first round every pool of a workload that warms up rises at once (V8 compiling a
    // library in each fresh worker: lib-marked's pools at 1.7-1.9 times their cheapest turn on a
    // quiet machine), which is what the rule reads as slower CPUs; nothing tells the two apart.
    return host.first
      ? `its first round took ${factor}x the CPU time of its cheapest turn for the same calls: its fresh workers still warming up, or slower CPUs`
      : `the CPUs ran slower: the same calls took ${factor}x the CPU time of its cheapest turn`
  }
  return null
}

/** "the workers waited 0.6 s for a CPU; other processes ran 0.9 s" (and/or the steal, the host). */
function contentionReason(
  workers: number,
  displaced: number,
  others: number | null,
  steal: number,
  host: string | null
): string {
  const parts: string[] = []
  if (displaced > 0) {
    const who =
      others === null ? 'another process was running' : `other processes ran ${seconds(others)}`
    const waited = workers === 1 ? 'the process waited' : 'the workers waited'
    parts.push(`${waited} ${seconds(displaced)} for a CPU; ${who}`)
  }
  if (steal > 0) parts.push(`the hypervisor took ${seconds(steal)} of their CPUs`)
  if (host !== null) parts.push(host)
  return parts.join('; ')
}

function micros(value: number): string {
  return `${(value * 1e6).toFixed(1)} µs`
}

function seconds(value: number): string {
  return value >= 0.1 ? `${value.toFixed(1)} s` : `${(value * 1000).toFixed(0)} ms`
}
