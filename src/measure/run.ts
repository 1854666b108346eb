// Runs one workload's plan through a runtime: calibrate on serial, start every strategy's pool (timed
// apart from the rounds), warm each up, then repeat interleaved rounds until the verdict settles or the
// budget runs out. Faults of the workload's code become data on the strategy they hit; the other
// strategies go on.

import type { Runtime, Session } from '../runtimes/runtime.ts'
import { MIN_SETTLED_ROUNDS } from '../stats/interval.ts'
import type {
  Fault,
  RoundSample,
  StopReason,
  StrategyRun,
  WorkloadRun,
  WorkloadSpec
} from '../types.ts'
import {
  CALIBRATION_SECONDS,
  chooseTasks,
  MAX_AUTO_TASKS,
  MAX_ROUNDS,
  MIN_ROUNDS,
  planConfigs,
  roundOrder,
  TARGET_ROUND_SECONDS,
  workerSweep
} from './plan.ts'
import type { Config } from './plan.ts'

/** Which checkout a strategy belongs to: the one under test, or the base it is compared with. */
export type Variant = 'head' | 'base'

/** What the measuring loop reports as it goes, for progress output. */
export type MeasureEvent =
  | { readonly kind: 'calibrated'; readonly tasks: number; readonly callSeconds: number | null }
  | {
      readonly kind: 'started'
      readonly variant: Variant
      readonly strategy: Config['strategy']
      readonly workers: number
      readonly startupSeconds: number | null
      readonly fault: Fault | null
    }
  | { readonly kind: 'round'; readonly round: number; readonly running: number }
  | {
      readonly kind: 'fault'
      readonly variant: Variant
      readonly strategy: Config['strategy']
      readonly workers: number
      readonly fault: Fault
    }

export interface MeasureOptions {
  readonly cpus: number
  readonly platform: NodeJS.Platform
  /** performance.now() after which no new round starts once MIN_ROUNDS are in (the workload's budget). */
  readonly softDeadline: number
  /** performance.now() after which nothing more runs at all (the whole run's budget). */
  readonly hardDeadline: number
  /** Asked after each round from MIN_SETTLED_ROUNDS on: are the verdict (and the comparison) clear? */
  readonly isSettled: (head: readonly StrategyRun[], base: readonly StrategyRun[] | null) => boolean
  readonly onEvent: (event: MeasureEvent) => void
  readonly signal?: AbortSignal
}

/** Mutable state of one strategy while its workload is measured. */
interface Live {
  readonly variant: Variant
  readonly spec: WorkloadSpec
  readonly config: Config
  session: Session | null
  startupSeconds: number | null
  startMethod: string | null
  readonly samples: (RoundSample | null)[]
  bytesToWorkersPerCall: number | null
  bytesFromWorkersPerCall: number | null
  fault: Fault | null
}

/** What to measure: a workload, and the same workload from the base checkout when comparing. */
export interface MeasureTarget {
  readonly spec: WorkloadSpec
  readonly base: WorkloadSpec | null
}

/**
 * Measures one workload (and its base, interleaved in the same rounds so that runner noise hits both
 * alike). Never throws for faults of the workload's code.
 */
export async function measureWorkload(
  target: MeasureTarget,
  runtime: Runtime,
  options: MeasureOptions
): Promise<WorkloadRun> {
  const { spec } = target
  const started = performance.now()
  const plan = planConfigs(options.cpus, options.platform)
  const livesOf = (variant: Variant, variantSpec: WorkloadSpec): Live[] =>
    plan.map((config) => ({
      variant,
      spec: variantSpec,
      config,
      session: null,
      startupSeconds: null,
      startMethod: null,
      samples: [],
      bytesToWorkersPerCall: null,
      bytesFromWorkersPerCall: null,
      fault: null
    }))
  const lives = [
    ...livesOf('head', spec),
    ...(target.base === null ? [] : livesOf('base', target.base))
  ]
  const aborted = (): boolean => options.signal?.aborted === true
  const pastHard = (): boolean => performance.now() > options.hardDeadline
  // Kills the step in progress, not only the next one, on an interruption or at the run's deadline.
  const stop = stopSignal(options.signal, options.hardDeadline)
  const stopped = (): boolean => stop?.aborted === true
  const sweep = workerSweep(options.cpus)
  let tasks = spec.tasks ?? chooseTasks(TARGET_ROUND_SECONDS / 4, sweep)
  let rounds = 0
  let stopReason: StopReason = 'max-rounds'
  const describe = (live: Live) => ({
    variant: live.variant,
    strategy: live.config.strategy,
    workers: live.config.workers
  })

  const fail = (live: Live, fault: Fault): void => {
    live.fault = fault
    void live.session?.close()
    live.session = null
    options.onEvent({ kind: 'fault', ...describe(live), fault })
  }

  const open = async (live: Live): Promise<void> => {
    const outcome = await runtime.openSession({
      workload: live.spec,
      strategy: live.config.strategy,
      workers: live.config.workers,
      ...(stop === undefined ? {} : { signal: stop })
    })
    if (aborted() || stopped()) {
      if (outcome.ok) await outcome.session.close()
      return
    }
    if (!outcome.ok) {
      fail(live, outcome.fault)
      return
    }
    live.session = outcome.session
    live.startupSeconds = outcome.session.startupSeconds
    live.startMethod = outcome.session.startMethod
  }

  /** One round on one strategy; records the sample at `index`, or the fault. */
  const turn = async (
    live: Live,
    count: number,
    measureBytes: boolean,
    index: number | null
  ): Promise<RoundSample | null> => {
    const session = live.session
    if (session === null) return null
    const outcome = await session.runRound(count, measureBytes)
    if (aborted()) return null
    if (!outcome.ok) {
      // A step the deadline stopped is no fault of the workload.
      if (stopped()) return null
      fail(live, outcome.fault)
      return null
    }
    if (index !== null) live.samples[index] = outcome.sample
    if (measureBytes) {
      live.bytesToWorkersPerCall = outcome.sample.bytesToWorkersPerCall
      live.bytesFromWorkersPerCall = outcome.sample.bytesFromWorkersPerCall
    }
    return outcome.sample
  }

  /**
   * One call outlasted the step timeout in serial. Every other strategy's warm-up is a fresh process
   * that must finish at least one such call (a pool cannot make one call faster) within the same
   * timeout: it would time out too. Record that instead of spending a timeout on each of them.
   */
  const skipAfterSerialTimeout = (fault: Fault): void => {
    for (const live of lives) {
      if (live === lives[0] || live.variant !== 'head') continue
      fail(live, {
        ...fault,
        message: `${fault.message} (not started: one call outlasted the timeout in serial)`
      })
    }
  }

  try {
    const serial = lives[0]!
    await open(serial)
    // Calibration: the first call is a warm-up (imports, caches); then batches grow until they are
    // long enough to time. The base uses the head's task count, so that their rounds compare.
    let callSeconds: number | null = null
    if (serial.session !== null && !aborted()) {
      let batch = 1
      let sample = await turn(serial, batch, true, null)
      if (sample === null && serial.fault?.kind === 'timeout') skipAfterSerialTimeout(serial.fault)
      while (sample !== null && spec.tasks === null && !pastHard()) {
        sample = await turn(serial, batch, false, null)
        if (sample === null) break
        callSeconds = sample.wallSeconds / batch
        if (sample.wallSeconds >= CALIBRATION_SECONDS || batch >= MAX_AUTO_TASKS) break
        batch = Math.min(batch * 4, MAX_AUTO_TASKS)
      }
    }
    const bytesPerCall = (serial.bytesToWorkersPerCall ?? 0) + (serial.bytesFromWorkersPerCall ?? 0)
    if (spec.tasks === null && callSeconds !== null) {
      tasks = chooseTasks(callSeconds, sweep, bytesPerCall)
    }
    options.onEvent({ kind: 'calibrated', tasks, callSeconds })

    // Start-up and a discarded warm-up round per strategy, one at a time so that start-up is timed alone.
    for (const live of lives) {
      if (aborted() || pastHard()) break
      if (live.fault !== null) continue
      if (live !== serial) await open(live)
      if (live.session === null) {
        if (live.fault !== null)
          options.onEvent({
            kind: 'started',
            ...describe(live),
            startupSeconds: null,
            fault: live.fault
          })
        continue
      }
      await turn(live, tasks, true, null)
      if (live !== serial && live.session !== null) {
        options.onEvent({
          kind: 'started',
          ...describe(live),
          startupSeconds: live.startupSeconds,
          fault: null
        })
      }
    }

    // Interleaved rounds: each round gives every live strategy one turn, in a rotating order.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const running = lives.filter((live) => live.session !== null)
      if (running.length === 0) {
        stopReason = 'failed'
        break
      }
      const pastSoft = (): boolean =>
        round >= MIN_ROUNDS && performance.now() > options.softDeadline
      for (const live of roundOrder(running, round)) {
        if (aborted() || pastHard() || pastSoft()) break
        await turn(live, tasks, false, round)
      }
      if (aborted()) {
        stopReason = 'interrupted'
        break
      }
      rounds = round + 1
      options.onEvent({ kind: 'round', round: rounds, running: running.length })
      if (pastHard()) {
        stopReason = 'interrupted'
        break
      }
      const settled =
        rounds >= MIN_SETTLED_ROUNDS &&
        options.isSettled(
          freeze(lives, 'head', rounds),
          target.base === null ? null : freeze(lives, 'base', rounds)
        )
      if (settled) {
        stopReason = 'settled'
        break
      }
      if (rounds >= MIN_ROUNDS && performance.now() > options.softDeadline) {
        stopReason = 'budget'
        break
      }
    }
    if (aborted() || (rounds === 0 && pastHard())) stopReason = 'interrupted'
  } finally {
    await Promise.all(lives.map((live) => live.session?.close() ?? Promise.resolve()))
  }

  return {
    spec,
    tasks,
    rounds,
    elapsedSeconds: (performance.now() - started) / 1000,
    stopReason,
    runs: freeze(lives, 'head', rounds),
    error: null,
    base: target.base === null ? null : { spec: target.base, runs: freeze(lives, 'base', rounds) }
  }
}

/** A signal that aborts with `signal` or at `deadline` (performance.now() time), if either is set. */
function stopSignal(signal: AbortSignal | undefined, deadline: number): AbortSignal | undefined {
  const signals = signal === undefined ? [] : [signal]
  if (Number.isFinite(deadline))
    signals.push(AbortSignal.timeout(Math.max(0, Math.ceil(deadline - performance.now()))))
  return signals.length === 0 ? undefined : AbortSignal.any(signals)
}

/** Snapshot of one variant's live state as plain records, every sample list padded to `rounds`. */
function freeze(lives: readonly Live[], variant: Variant, rounds: number): StrategyRun[] {
  return lives
    .filter((live) => live.variant === variant)
    .map((live) => ({
      strategy: live.config.strategy,
      workers: live.config.workers,
      startupSeconds: live.startupSeconds,
      startMethod: live.startMethod,
      samples: Array.from(
        { length: Math.max(rounds, live.samples.length) },
        (_, k) => live.samples[k] ?? null
      ),
      bytesToWorkersPerCall: live.bytesToWorkersPerCall,
      bytesFromWorkersPerCall: live.bytesFromWorkersPerCall,
      error: live.fault
    }))
}
