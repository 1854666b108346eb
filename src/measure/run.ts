// Runs one workload's race through a runtime, in five steps over one state: load every contender's
// harness at once (interpreter start-up and module import, untimed), calibrate on serial, start
// each contender's harness in turn (start-up timed apart from the rounds, then a warm-up of one call
// per worker), race interleaved rounds until verdict/stopping.ts says stop (settled, budget, round
// limit) while it retires contenders that are clearly out of the running, and finish into a
// WorkloadRun. Faults of the workload's code become data on the contender they hit; the others go on.
// A contender is a strategy at a worker count on one interpreter (several Python interpreters share
// the same rounds), or on a free-threaded interpreter with its GIL forced on (a twin, evidence only).

import { setTimeout as sleep } from 'node:timers/promises'
import type { ContenderName, MeasureEvent, Variant } from '../progress-events.ts'
import type { LoadedSession, Runtime, Session } from '../runtimes/runtime.ts'
import type {
  Fault,
  Retirement,
  RoundContention,
  RoundSample,
  RunInterpreter,
  SetAsideTurn,
  StopReason,
  StrategyRun,
  WorkloadRun,
  WorkloadSpec
} from '../types.ts'
import { MIN_ROUNDS, mayTakeTurn, nextStep } from '../verdict/stopping.ts'
import type { NextStep, RetireOrder, RoundsState } from '../verdict/stopping.ts'
import type { StoppingRules } from '../verdict/stopping.ts'
import {
  CALIBRATION_SECONDS,
  chooseCoroutineTasks,
  chooseTasks,
  MAX_AUTO_TASKS,
  nextCalibrationBatch,
  asyncSweep,
  planAsyncContenders,
  planContenders,
  roundOrder,
  TARGET_ROUND_SECONDS,
  workerSweep
} from './plan.ts'
import type { Contender } from './plan.ts'
import {
  contentionSummary,
  isBusyThroughout,
  setAsideContended,
  slowerCpuRoundsOf,
  withEveryTurn
} from './set-aside.ts'
import type { ContenderShape } from '../stats/contention.ts'
import { tooFewClean } from '../stats/measurements.ts'
import type { JudgedTurns } from './set-aside.ts'

export interface MeasureOptions {
  readonly cpus: number
  readonly platform: NodeJS.Platform
  /** performance.now() after which no new round starts once MIN_ROUNDS are in (the workload's budget). */
  readonly softDeadline: number
  /** performance.now() after which nothing more runs at all (the whole run's budget). */
  readonly hardDeadline: number
  /** What decides when to stop and whom to retire (verdict/stopping.ts). */
  readonly rules: StoppingRules
  readonly onEvent: (event: MeasureEvent) => void
  readonly signal?: AbortSignal
}

/** What to measure: a workload, and the same workload from the base checkout when comparing. */
export interface MeasureTarget {
  readonly spec: WorkloadSpec
  readonly base: WorkloadSpec | null
  /**
   * The runtime's interpreters, in its probe's order: each runs every contender, in the same rounds.
   * One whose `fault` is set (the module failed to load there) runs none: its serial keeps the fault.
   */
  readonly interpreters: readonly RunInterpreter[]
  /**
   * Also run the first interpreter's threads contenders with the GIL forced on: the twins of a
   * free-threaded interpreter given alone, whose GIL stayed on after the module's import.
   */
  readonly gilTwins: boolean
}

/** One interpreter of the race: an index into the runtime's interpreters, with the GIL forced on or not. */
interface Slot {
  readonly index: number
  readonly interpreter: RunInterpreter
  readonly gilForced: boolean
  /** For progress lines; null when the race has one slot. */
  readonly on: string | null
}

/** Mutable state of one contender while its workload is measured. */
interface Live {
  readonly variant: Variant
  readonly spec: WorkloadSpec
  readonly slot: Slot
  readonly contender: Contender
  /** Its harness, loaded and not yet started (step 0); null once started, or never loaded. */
  loaded: LoadedSession | null
  session: Session | null
  startupSeconds: number | null
  startMethod: string | null
  readonly samples: (RoundSample | null)[]
  /** Readings of its turns outside the rounds (warm-up, calibration): its own quiet level. */
  readonly untimed: RoundContention[]
  /** Rounds whose set-aside turn the progress output has told of. */
  readonly toldAside: Set<number>
  /** Turns set aside and taken again in the same round (retakeContended): kept for the results. */
  readonly retaken: SetAsideTurn[]
  bytesToWorkersPerCall: number | null
  bytesFromWorkersPerCall: number | null
  fault: Fault | null
  stopped: Retirement | null
  /** What its processes said of the GIL (null: nothing). */
  gilEnabled: boolean | null
  readonly gilEnabledBy: Set<string>
}

/** The state the five steps share. */
interface Race {
  readonly target: MeasureTarget
  readonly runtime: Runtime
  readonly options: MeasureOptions
  /**
   * Per interpreter, serial first; `async` contenders join after calibration when the function is a
   * coroutine function. The first interpreter's come first.
   */
  readonly lives: Live[]
  /** The serial that calibrates: the first interpreter's whose module loaded. */
  readonly calibrator: Live
  /** Aborts the step in progress on an interruption or at the run's deadline. */
  readonly stop: AbortSignal | undefined
  /** Harnesses being closed (retired or faulted contenders). */
  readonly closing: Promise<void>[]
  /** Closes not yet done that no turn has waited for (letOthersFinish). */
  readonly closingNow: Set<Promise<void>>
  /** The session that took the last turn, warm-up and calibration included. */
  previous: Session | null
  /** Sessions that once stayed busy past IDLE_WAIT_SECONDS after a turn: not waited for again. */
  readonly restless: Set<Session>
  tasks: number
  rounds: number
  /**
   * CPU seconds one of serial's calls took once warm, where its calibration saw the calls warm up
   * (WARMING_PACE, warmCallCpu); null otherwise, and pools then get one warm-up call per worker
   * (warmUntilSteady).
   */
  warmCallCpuSeconds: number | null
  /** Serial's first call returned an awaitable; null until it completed. */
  coroutine: boolean | null
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
  const started = performance.now()
  const race = createRace(target, runtime, options)
  let stopReason: StopReason
  try {
    await loadContenders(race)
    await calibrate(race)
    await startContenders(race)
    stopReason = await runRounds(race)
  } finally {
    for (const live of race.lives) retire(race, live)
    await Promise.all(race.closing)
  }
  return finish(race, stopReason, started)
}

function createRace(target: MeasureTarget, runtime: Runtime, options: MeasureOptions): Race {
  const plan = planContenders(options.cpus, options.platform)
  const slots = slotsOf(target)
  const livesOf = (variant: Variant, spec: WorkloadSpec): Live[] =>
    slots.flatMap((slot) => {
      if (slot.gilForced && variant === 'base') return []
      if (slot.interpreter.fault !== null) {
        // Nothing runs there; its serial carries the import fault into the results.
        return newLives(variant, spec, slot, plan.slice(0, 1)).map((live) => ({
          ...live,
          fault: slot.interpreter.fault
        }))
      }
      return newLives(
        variant,
        spec,
        slot,
        slot.gilForced ? plan.filter((c) => c.strategy === 'threads') : plan
      )
    })
  const lives = [
    ...livesOf('head', target.spec),
    ...(target.base === null ? [] : livesOf('base', target.base))
  ]
  const calibrator = lives.find((live) => live.fault === null && !live.slot.gilForced) ?? lives[0]!
  return {
    target,
    runtime,
    options,
    lives,
    calibrator,
    stop: stopSignal(options.signal, options.hardDeadline),
    closing: [],
    closingNow: new Set(),
    previous: null,
    restless: new Set(),
    tasks: target.spec.tasks ?? chooseTasks(TARGET_ROUND_SECONDS / 4, workerSweep(options.cpus)),
    rounds: 0,
    warmCallCpuSeconds: null,
    coroutine: null
  }
}

/** The interpreters of the race in order, then the GIL-forced twin of the first. */
function slotsOf(target: MeasureTarget): Slot[] {
  const many = target.interpreters.length > 1 || target.gilTwins
  const slots = target.interpreters.map((interpreter, index): Slot => ({
    index,
    interpreter,
    gilForced: false,
    on: many ? interpreter.label : null
  }))
  const first = target.interpreters[0]
  if (target.gilTwins && first !== undefined) {
    slots.push({
      index: 0,
      interpreter: first,
      gilForced: true,
      on: `${first.label} with the GIL forced on`
    })
  }
  return slots
}

function newLives(
  variant: Variant,
  spec: WorkloadSpec,
  slot: Slot,
  plan: readonly Contender[]
): Live[] {
  return plan.map((contender) => ({
    variant,
    spec,
    slot,
    contender,
    loaded: null,
    session: null,
    startupSeconds: null,
    startMethod: null,
    samples: [],
    untimed: [],
    toldAside: new Set<number>(),
    retaken: [],
    bytesToWorkersPerCall: null,
    bytesFromWorkersPerCall: null,
    fault: null,
    stopped: null,
    gilEnabled: null,
    gilEnabledBy: new Set<string>()
  }))
}

/**
 * Step 0. Loads the harness of every contender that exists now and has no fault, all at once: most
 * of a harness's opening is its interpreter starting and the module's import (0.1-0.2 s each, untimed),
 * which overlap freely. Starting a pool is what `startupSeconds` times, and the warm-up follows it:
 * those stay one contender at a time (step 2), so that no start-up is timed beside another. A
 * harness goes on working for a moment after it says it has loaded (the Node harness's watch on its
 * parent is a worker thread, 10-25 ms of CPU to start): each is waited for until idle, one after
 * the other (they finish together), up to LOADED_IDLE_SECONDS; beside serial's calibration turns,
 * five of them ran up to 56 ms in a turn of 30 ms.
 */
async function loadContenders(race: Race): Promise<void> {
  if (aborted(race) || pastHard(race)) return
  const waiting = race.lives.filter(
    (live) => live.fault === null && live.loaded === null && live.session === null
  )
  await Promise.all(waiting.map((live) => load(race, live)))
  const started = performance.now()
  for (const live of waiting) {
    const left = LOADED_IDLE_SECONDS - (performance.now() - started) / 1000
    if (live.loaded === null || left <= 0 || aborted(race)) continue
    await live.loaded.waitIdle(left, race.stop)
  }
}

/** Longest wait, in all, for loaded harnesses to go idle (loadContenders). */
const LOADED_IDLE_SECONDS = 0.5

/**
 * Step 1. The first serial call is its warm-up (imports, caches) and measures the bytes a call moves;
 * then, unless the config fixes `tasks`, batches grow until they are long enough to time, and go on
 * while each batch's calls ran faster than the last's by more than WARMING_PACE allows (a JIT still
 * compiling the function), up to TARGET_ROUND_SECONDS of batches. The base uses the head's task
 * count, so that their rounds pair up.
 */
async function calibrate(race: Race): Promise<void> {
  const serial = race.calibrator
  const { spec } = race.target
  await open(race, serial)
  let callSeconds: number | null = null
  if (serial.session !== null && !aborted(race)) {
    let batch = 1
    let sample = await turn(race, serial, batch, true, null)
    if (sample !== null) race.coroutine = sample.awaited === true
    if (sample === null && serial.fault?.kind === 'timeout')
      skipAfterSerialTimeout(race, serial.fault)
    let spent = 0
    let warmed = false
    let lastWall = 0
    while (sample !== null && spec.tasks === null && !pastHard(race)) {
      sample = await turn(race, serial, batch, false, null)
      if (sample === null) break
      const pace = sample.wallSeconds / batch
      spent += sample.wallSeconds
      // A batch shorter than this is mostly the turn's own round trip for calls of microseconds,
      // whose pace falls with the batch's size alone (py-tiny: 0.01 ms a call, then 0.002).
      const timed = lastWall >= CALIBRATION_SECONDS / 5
      const warming = callSeconds !== null && timed && pace < WARMING_PACE * callSeconds
      warmed ||= warming
      lastWall = sample.wallSeconds
      callSeconds = pace
      race.warmCallCpuSeconds = warmed ? warmCallCpu(sample, batch) : null
      const more = warming && spent < TARGET_ROUND_SECONDS
      if ((sample.wallSeconds >= CALIBRATION_SECONDS && !more) || batch >= MAX_AUTO_TASKS) break
      batch = nextCalibrationBatch(batch, sample.wallSeconds)
    }
  }
  const bytesPerCall = (serial.bytesToWorkersPerCall ?? 0) + (serial.bytesFromWorkersPerCall ?? 0)
  if (spec.tasks === null && callSeconds !== null) {
    const sweep = workerSweep(race.options.cpus)
    race.tasks = chooseTasks(callSeconds, sweep, bytesPerCall)
    if (race.coroutine === true) race.tasks = chooseCoroutineTasks(race.tasks, callSeconds, sweep)
  }
  if (race.coroutine === true) joinAsyncContenders(race)
  race.options.onEvent({ kind: 'calibrated', tasks: race.tasks, callSeconds })
}

/**
 * A calibration batch whose calls took less than this share of the last batch's pace calls for one
 * more: the rounds are sized by the pace of warm calls. marked's calls (bench/libraries) took 21.6,
 * 16.6, then 9 ms: calibration stopped at 16.6, chose 20 calls a round for 0.16 s of serial calls
 * where 0.25 s was meant, and the pools' turns of 10 calls a worker came out with twice the spread
 * (one call's share of the turn left over at its end), which held a tie between threads and
 * processes open for 10 rounds where the full rounds settled it in 5 (docs/cost.md, "Warm pools").
 */
const WARMING_PACE = 0.8

/**
 * A coroutine function gets `async` contenders, one per concurrency limit of the sweep (which needs
 * the calls per round), placed after each serial (of each variant and interpreter) so that lives stay
 * lightest first. A synchronous function gets none: an event loop has nothing of its to overlap.
 */
function joinAsyncContenders(race: Race): void {
  const plan = planAsyncContenders(race.tasks)
  const serials = race.lives.filter(
    (live) => live.contender.strategy === 'serial' && live.fault === null && !live.slot.gilForced
  )
  for (const serial of serials) {
    const index = race.lives.indexOf(serial)
    race.lives.splice(index + 1, 0, ...newLives(serial.variant, serial.spec, serial.slot, plan))
  }
}

/**
 * Step 2. Loads, at once as in step 0, the contenders that joined since (async ones), then starts
 * each contender's harness, one at a time so that start-up is timed alone, and warms it up with one
 * call per worker: enough to import the module in every worker and fill its caches (the pools
 * already import it at start-up; docs/cost.md has the figures). Serial was warmed by step 1; async,
 * one loop on one thread, with one call (warmUpCalls).
 */
async function startContenders(race: Race): Promise<void> {
  const serial = race.calibrator
  await loadContenders(race)
  for (const live of race.lives) {
    if (aborted(race) || pastHard(race)) return
    if (live === serial || live.fault !== null) continue
    await startLive(race, live)
  }
}

async function startLive(race: Race, live: Live): Promise<void> {
  // The pool's start-up is timed: not beside the last turn's harness either.
  await letOthersFinish(race, null)
  await open(race, live)
  if (live.session !== null) {
    const calls = warmUpCalls(live.contender)
    await warmUntilSteady(race, live, await turn(race, live, calls, true, null), calls)
  }
  if (live.session !== null || live.fault !== null) {
    race.options.onEvent({
      kind: 'started',
      ...describe(live),
      startupSeconds: live.session === null ? null : live.startupSeconds,
      fault: live.fault
    })
  }
}

/**
 * Calls that warm a contender up: one per worker, so that every worker has imported and run the
 * function. An async contender's calls share one loop in one process, which one call warms; its limit's
 * worth would cost a whole serial round where the coroutine blocks the loop (32 calls of 30 ms).
 */
function warmUpCalls(contender: Contender): number {
  return contender.strategy === 'async' ? 1 : contender.workers
}

/**
 * A pool whose calls still cost more CPU than serial's once warm gets more warm-up turns before its
 * first round, where serial's calls warmed up too (warmCallCpu). A V8 worker compiles the function's
 * hot code over its first calls (on threads of its own, whose CPU counts with the pool's): after one
 * call per worker, the first timed round of marked's and js-yaml's pools (bench/libraries) took
 * 1.2-1.75 times the CPU of their second, a contender-by-round effect that the pooled noise
 * (stats/pooled-noise.ts) takes for noise, so that threads and processes tied at 1.8x took 5-8
 * rounds to settle where their warm rounds settled in 2-5 (docs/cost.md, "Warm pools"). Each
 * further turn doubles the calls per worker (1, 2, 4, ...) while a call's CPU time is above
 * WARM_FACTOR times serial's and still falls by more than WARM_GAIN a turn, and while the calls
 * each worker had stay within half a round's share: a pool whose calls cost more for a reason of
 * their own stops once the cost holds.
 */
async function warmUntilSteady(
  race: Race,
  live: Live,
  first: RoundSample | null,
  firstCalls: number
): Promise<void> {
  const steady = race.warmCallCpuSeconds
  const { workers, strategy } = live.contender
  if (steady === null || !(steady > 0) || strategy === 'async' || workers < 2) return
  const most = race.tasks / workers / 2
  let perWorker = firstCalls / workers
  let last = cpuPerCall(first, firstCalls)
  for (let batch = 1; perWorker + batch <= most; batch *= 2) {
    if (last === null || last <= WARM_FACTOR * steady || aborted(race) || pastHard(race)) return
    const calls = workers * batch
    const now = cpuPerCall(await turn(race, live, calls, false, null), calls)
    perWorker += batch
    if (now === null || now > last * (1 - WARM_GAIN)) return
    last = now
  }
}

/**
 * CPU seconds of one of serial's calls in its last calibration turn of `calls` calls, for a pool's
 * warm-up to compare with (warmUntilSteady): null for calls that mostly wait (a sleep, I/O: less than
 * half their time on a CPU), whose CPU a call in a pool is the pool's overhead and its noise, which
 * no warm-up settles. calibrate() asks only where its batches warmed up (WARMING_PACE): a first call
 * dearer than the rest alone (memory touched for the first time, a lazy import: numpy's 16 MiB array
 * took 11 times its later calls) is no sign that a pool's calls get cheaper with more of them, and a
 * pool whose calls cost more for a reason of their own (copying large results back) took two
 * needless warm-up turns each on that sign.
 */
function warmCallCpu(sample: RoundSample, calls: number): number | null {
  const mostlyWaits = sample.cpuSeconds !== null && sample.cpuSeconds < sample.wallSeconds / 2
  return mostlyWaits ? null : cpuPerCall(sample, calls)
}

/** A pool's warm-up goes on while a call costs more than this times serial's CPU (warmUntilSteady). */
const WARM_FACTOR = 1.25
/** ...and while a call's CPU time falls by more than this share from one warm-up turn to the next. */
const WARM_GAIN = 0.1

function cpuPerCall(sample: RoundSample | null, calls: number): number | null {
  return sample === null || sample.cpuSeconds === null ? null : sample.cpuSeconds / calls
}

/**
 * Async limits the stopping rules start mid-race (verdict/async-joins.ts), loaded, started and warmed
 * up one at a time (the race is running: nothing else may run beside a turn) as in step 2, and
 * placed before their sweep's top so that lives stay in sweep order.
 */
async function joinLate(
  race: Race,
  orders: Extract<NextStep, { kind: 'continue' }>['join']
): Promise<void> {
  for (const order of orders) {
    if (aborted(race) || pastHard(race)) return
    const serial = race.lives.find(
      (l) =>
        l.variant === order.variant &&
        l.contender.strategy === 'serial' &&
        !l.slot.gilForced &&
        l.slot.interpreter.name === order.interpreter
    )
    if (serial === undefined) continue
    const [live] = newLives(serial.variant, serial.spec, serial.slot, [order])
    const above = race.lives.findIndex(
      (l) =>
        l.slot === serial.slot &&
        l.variant === serial.variant &&
        l.contender.strategy === 'async' &&
        l.contender.workers > order.workers
    )
    race.lives.splice(above < 0 ? race.lives.indexOf(serial) + 1 : above, 0, live!)
    await startLive(race, live!)
  }
}

/** Step 3. Interleaved rounds, each giving every running contender one turn in a rotating order. */
async function runRounds(race: Race): Promise<StopReason> {
  const { options } = race
  const pastBudget = (): boolean => performance.now() > options.softDeadline
  for (;;) {
    const running = race.lives.filter((live) => live.session !== null)
    if (running.length === 0) return aborted(race) || pastHard(race) ? 'interrupted' : 'failed'
    const round = race.rounds
    const roundStarted = performance.now()
    for (const live of roundOrder(running, round)) {
      if (aborted(race) || pastHard(race) || !mayTakeTurn(round, pastBudget())) break
      await turn(race, live, race.tasks, false, round)
    }
    await retakeContended(race, running, round, roundStarted, pastBudget)
    if (!aborted(race)) {
      race.rounds = round + 1
      options.onEvent({ kind: 'round', round: race.rounds, running: running.length })
    }
    const state = roundsState(race, race.rounds, roundStarted, pastBudget())
    tellSetAside(race, state.head)
    // A runner busy throughout leaves too few clean rounds to decide: more rounds would only spend the
    // budget, so the verdict is the best guess from every round (finish), marked uncertain.
    if (!aborted(race) && isBusyThroughout(state.head, race.rounds)) return 'busy'
    const step = nextStep(state, options.rules)
    if (step.kind === 'stop') return step.reason
    for (const order of step.retire) {
      const live = race.lives.find((l) => isOrderFor(order, l))!
      live.stopped = order.retirement
      retire(race, live)
      options.onEvent({ kind: 'retired', ...describe(live), retirement: order.retirement })
    }
    await joinLate(race, step.join)
  }
}

/**
 * What the stopping rules read after the first `rounds` rounds, the last begun at `roundStarted`.
 */
function roundsState(
  race: Race,
  rounds: number,
  roundStarted: number,
  pastBudget: boolean
): RoundsState {
  const { options } = race
  return {
    rounds,
    tasks: race.tasks,
    head: snapshot(race, 'head', rounds),
    base: race.target.base === null ? null : snapshot(race, 'base', rounds),
    pastBudget,
    budgetSecondsLeft: Math.max(0, (options.softDeadline - performance.now()) / 1000),
    roundSeconds: (performance.now() - roundStarted) / 1000,
    interrupted: aborted(race) || pastHard(race),
    asyncSweep: race.coroutine === true ? asyncSweep(race.tasks) : []
  }
}

/** The order names this contender. */
function isOrderFor(order: RetireOrder, live: Live): boolean {
  return (
    live.variant === order.variant &&
    live.slot.interpreter.name === order.interpreter &&
    live.slot.gilForced === order.gilForced &&
    live.contender.strategy === order.strategy &&
    live.contender.workers === order.workers
  )
}

/**
 * Takes once more, at the end of its round, each turn of the round that other processes slowed. A
 * set-aside turn costs its contender that round's pairs (serial's costs every pair of the round), and
 * without a retake the loop pays a whole round of every contender to win them back; taken again in
 * the same round, the turn still pairs with the others' turns of that round. A neighbour's burst
 * lasts seconds, and retakes taken inside it were set aside again: so they wait first for a moment
 * when other processes leave the CPUs alone, up to RETAKE_QUIET_SECONDS and half the round's length
 * (beside the neighbour, waits of 1.5 s after rounds of 1 s cost node-cpu more than the rounds they
 * saved). Each contender gets one retake per round, and the first attempt stays in the results as set
 * aside. The turn is judged as every turn is, against its own level so far (set-aside.ts); a later
 * round may still set the retake aside. None is taken that no rule would read: the rules first
 * judge the round as it stands (beside the neighbour, py-large-result's process pools, 25 times
 * serial, were taken again at 0.4 s a turn in the round the race then stopped them on).
 */
async function retakeContended(
  race: Race,
  running: readonly Live[],
  round: number,
  roundStarted: number,
  pastBudget: () => boolean
): Promise<void> {
  // Judged once: a contender's turns change only with its own retake.
  const judged = judgedTurns(race, round + 1)
  const firsts = running.flatMap((live) => {
    const first = judged(live).setAside.find((turn) => turn.round === round)
    return live.session === null || first === undefined ? [] : [{ live, first }]
  })
  if (firsts.length === 0 || aborted(race) || pastHard(race) || !mayTakeTurn(round, pastBudget()))
    return
  // Only turns that can still count: none once the verdict settles on the round as it stands with
  // every configuration's figures, and none of a configuration the race stops on it (a pool set
  // aside far behind serial, say). Any other stop (futility, the budget), and a verdict that would
  // be a busy runner's best guess for want of some configuration's clean turn, takes its retakes.
  const state = roundsState(race, round + 1, roundStarted, pastBudget())
  const step = nextStep(state, race.options.rules)
  const slowed =
    step.kind === 'continue'
      ? firsts.filter(({ live }) => !step.retire.some((order) => isOrderFor(order, live)))
      : step.reason === 'settled' && !tooFewClean([...state.head, ...(state.base ?? [])], 1)
        ? []
        : firsts
  if (slowed.length === 0) return
  const roundSeconds = (performance.now() - roundStarted) / 1000
  const budgetLeft = (race.options.softDeadline - performance.now()) / 1000
  const wait = Math.min(RETAKE_QUIET_SECONDS, roundSeconds * RETAKE_QUIET_SHARE, budgetLeft)
  await race.runtime.waitForQuiet?.(wait, race.stop)
  for (const { live, first } of slowed) {
    if (aborted(race) || pastHard(race) || !mayTakeTurn(round, pastBudget())) return
    if (live.session === null) continue
    // The first attempt moves to `retaken`; a retake that faults leaves the round without a sample.
    live.retaken.push(first)
    live.samples[round] = null
    await turn(race, live, race.tasks, false, round)
  }
}

/**
 * Longest wait for a quiet moment before a round's retakes: about a neighbour's typical burst. Set
 * against it, a round lost to the burst costs every contender's turn again (1 to 3 s on the fixtures),
 * so the wait is also held to this share of the round's length.
 */
const RETAKE_QUIET_SECONDS = 1.5
const RETAKE_QUIET_SHARE = 0.5

/** Step 4. The plain record of the race. */
function finish(race: Race, stopReason: StopReason, started: number): WorkloadRun {
  const { target } = race
  const reason = aborted(race) || (race.rounds === 0 && pastHard(race)) ? 'interrupted' : stopReason
  const head = snapshot(race, 'head')
  const base = target.base === null ? null : snapshot(race, 'base')
  // Clean rounds too few to decide: the best guess uses every round, and the verdict says so.
  const judged = contentionSummary(head)
  const contention = {
    ...judged,
    // A settled verdict stands on clean rounds, unless a configuration kept none: it has no figures,
    // and the decision could not weigh it. An open one is a best guess where a configuration kept too
    // few to decide.
    busy: reason === 'settled' ? tooFewClean(head, 1) : judged.busy || tooFewClean(head, MIN_ROUNDS)
  }
  const runsOf = (runs: StrategyRun[]): StrategyRun[] =>
    contention.busy ? runs.map(withEveryTurn) : runs
  return {
    spec: target.spec,
    interpreters: target.interpreters,
    tasks: race.tasks,
    rounds: race.rounds,
    elapsedSeconds: (performance.now() - started) / 1000,
    stopReason: reason,
    runs: runsOf(head),
    coroutine: race.coroutine,
    error: null,
    base: target.base === null || base === null ? null : { spec: target.base, runs: runsOf(base) },
    contention
  }
}

function aborted(race: Race): boolean {
  return race.options.signal?.aborted === true
}

function pastHard(race: Race): boolean {
  return performance.now() > race.options.hardDeadline
}

/** The deadline or an interruption stopped the step in progress: no fault of the workload. */
function stopped(race: Race): boolean {
  return race.stop?.aborted === true
}

function describe(live: Live): ContenderName {
  return {
    variant: live.variant,
    strategy: live.contender.strategy,
    workers: live.contender.workers,
    on: live.slot.on
  }
}

/**
 * Closes a contender's harness, started or only loaded, without waiting; measureWorkload waits for
 * every close before it returns.
 */
function retire(race: Race, live: Live): void {
  const closing = (close: Promise<void>): void => {
    race.closing.push(close)
    race.closingNow.add(close)
    const done = (): void => {
      race.closingNow.delete(close)
    }
    void close.then(done, done)
  }
  if (live.session !== null) closing(live.session.close())
  if (live.loaded !== null) closing(live.loaded.close())
  live.session = null
  live.loaded = null
}

function fail(race: Race, live: Live, fault: Fault): void {
  live.fault = fault
  retire(race, live)
  race.options.onEvent({ kind: 'fault', ...describe(live), fault })
}

/** Loads a contender's harness (step 0), or records why it could not be. */
async function load(race: Race, live: Live): Promise<void> {
  const outcome = await race.runtime.loadSession({
    workload: live.spec,
    interpreter: live.slot.index,
    gilForced: live.slot.gilForced,
    strategy: live.contender.strategy,
    workers: live.contender.workers,
    ...(race.stop === undefined ? {} : { signal: race.stop })
  })
  if (aborted(race) || stopped(race)) {
    if (outcome.ok) await outcome.loaded.close()
    return
  }
  if (!outcome.ok) fail(race, live, outcome.fault)
  else live.loaded = outcome.loaded
}

/** Starts a contender's harness, loading it first where step 0 did not. */
async function open(race: Race, live: Live): Promise<void> {
  if (live.loaded === null) await load(race, live)
  const loaded = live.loaded
  if (loaded === null) return
  live.loaded = null
  const outcome = await loaded.start()
  if (aborted(race) || stopped(race)) {
    if (outcome.ok) await outcome.session.close()
    return
  }
  if (!outcome.ok) {
    fail(race, live, outcome.fault)
    return
  }
  live.session = outcome.session
  live.startupSeconds = outcome.session.startupSeconds
  live.startMethod = outcome.session.startMethod
  noteGil(live, outcome.session.gilEnabled, outcome.session.gilEnabledBy)
}

/** What a harness said of the GIL: on in any of the contender's processes counts. */
function noteGil(
  live: Live,
  enabled: boolean | null | undefined,
  by: readonly string[] | undefined
): void {
  if (enabled !== null && enabled !== undefined)
    live.gilEnabled = live.gilEnabled === true || enabled
  for (const module of by ?? []) live.gilEnabledBy.add(module)
}

/** One turn of `count` calls on one contender; records the sample at `index`, or the fault. */
async function turn(
  race: Race,
  live: Live,
  count: number,
  measureBytes: boolean,
  index: number | null
): Promise<RoundSample | null> {
  const session = live.session
  if (session === null) return null
  await letOthersFinish(race, session)
  race.previous = session
  const outcome = await session.runRound(count, measureBytes)
  if (aborted(race)) return null
  if (!outcome.ok) {
    if (stopped(race)) return null
    fail(race, live, outcome.fault)
    return null
  }
  race.options.onEvent({
    kind: 'turn',
    ...describe(live),
    round: index,
    calls: count,
    sample: outcome.sample
  })
  if (index !== null) live.samples[index] = outcome.sample
  else if (outcome.sample.contention !== null && outcome.sample.contention !== undefined)
    live.untimed.push(outcome.sample.contention)
  noteGil(live, outcome.sample.gilEnabled, outcome.sample.gilEnabledBy)
  if (measureBytes) {
    live.bytesToWorkersPerCall = outcome.sample.bytesToWorkersPerCall
    live.bytesFromWorkersPerCall = outcome.sample.bytesFromWorkersPerCall
  }
  return outcome.sample
}

/**
 * Before a turn or a pool's start-up, the harnesses that ran just before it finish what they were
 * doing: the one that took the last turn (another contender's), which keeps working for a moment
 * after it answers (a process pool's harness freeing the buffers its workers sent back, V8's
 * collector: up to 25 ms of CPU after node-large-buffer's turns), and those being closed (a retired
 * pool's processes exiting). Beside the turn, their CPU time read as another process's, and the turn
 * was set aside for it. A harness still busy after IDLE_WAIT_SECONDS (a thread the workload left
 * running) is its own load, not waited for again; a close is waited for at most CLOSE_WAIT_SECONDS,
 * once.
 */
async function letOthersFinish(race: Race, next: Session | null): Promise<void> {
  const previous = race.previous
  if (previous !== null && previous !== next && !race.restless.has(previous)) {
    const idle = await previous.waitIdle(IDLE_WAIT_SECONDS, race.stop)
    if (!idle) race.restless.add(previous)
  }
  if (race.closingNow.size === 0) return
  const closes = [...race.closingNow]
  race.closingNow.clear()
  const timer = new AbortController()
  await Promise.race([
    Promise.allSettled(closes),
    sleep(CLOSE_WAIT_SECONDS * 1000, undefined, { signal: timer.signal }).catch(() => undefined)
  ])
  timer.abort()
}

/** Longest wait for the last turn's harness to go idle (letOthersFinish). */
const IDLE_WAIT_SECONDS = 0.2
/** Longest wait for retired harnesses to exit (letOthersFinish). */
const CLOSE_WAIT_SECONDS = 0.5

/**
 * One call outlasted the step timeout in serial. Every other contender's warm-up is a fresh process
 * that must finish at least one such call (a pool cannot make one call faster) within the same
 * timeout: it would time out too. Record that instead of spending a timeout on each of them.
 */
function skipAfterSerialTimeout(race: Race, fault: Fault): void {
  for (const live of race.lives) {
    if (live === race.calibrator || live.variant !== 'head' || live.fault !== null) continue
    fail(race, live, {
      ...fault,
      message: `${fault.message} (not started: one call outlasted the timeout in serial)`
    })
  }
}

/** A signal that aborts with `signal` or at `deadline` (performance.now() time), if either is set. */
function stopSignal(signal: AbortSignal | undefined, deadline: number): AbortSignal | undefined {
  const signals = signal === undefined ? [] : [signal]
  if (Number.isFinite(deadline))
    signals.push(AbortSignal.timeout(Math.max(0, Math.ceil(deadline - performance.now()))))
  return signals.length === 0 ? undefined : AbortSignal.any(signals)
}

/**
 * One variant's live state as plain records, every sample list padded to the rounds so far, its
 * contended turns set aside (set-aside.ts).
 */
function snapshot(race: Race, variant: Variant, rounds = race.rounds): StrategyRun[] {
  const judgedOf = judgedTurns(race, rounds)
  return livesOf(race, variant).map((live) => {
    const judged = judgedOf(live)
    return {
      interpreter: live.slot.interpreter.name,
      gilForced: live.slot.gilForced,
      strategy: live.contender.strategy,
      workers: live.contender.workers,
      startupSeconds: live.startupSeconds,
      startMethod: live.startMethod,
      samples: judged.samples,
      setAside: [...live.retaken, ...judged.setAside].sort((a, b) => a.round - b.round),
      bytesToWorkersPerCall: live.bytesToWorkersPerCall,
      bytesFromWorkersPerCall: live.bytesFromWorkersPerCall,
      error: live.fault,
      stopped: live.stopped,
      gilEnabled: live.gilEnabled,
      gilEnabledBy: [...live.gilEnabledBy]
    }
  })
}

/**
 * Each contender's turns of the first `rounds` rounds, its contended ones set aside (set-aside.ts):
 * the contenders' shapes and the rounds run on slower CPUs are worked out once for all of them.
 */
function judgedTurns(race: Race, rounds: number): (live: Live) => JudgedTurns {
  const contenders = race.lives.map((live) => ({
    samples: turnsOf(live, rounds),
    shape: shapeOf(race, live, rounds)
  }))
  // The host's slowdowns hit every contender of a round, whichever checkout or interpreter it runs.
  const slowerCpuRounds = slowerCpuRoundsOf(contenders)
  return (live) => {
    const own = contenders[race.lives.indexOf(live)]!
    return setAsideContended(own.samples, live.untimed, { ...own.shape, slowerCpuRounds })
  }
}

/** A contender's samples of its first `rounds` rounds, indexed by round (null: no turn). */
function turnsOf(live: Live, rounds: number): (RoundSample | null)[] {
  return Array.from(
    { length: Math.max(rounds, live.samples.length) },
    (_, k) => live.samples[k] ?? null
  )
}

/** What the contention predicate knows of a contender besides its readings. */
function shapeOf(race: Race, live: Live, rounds: number): ContenderShape {
  return {
    workers:
      live.contender.strategy === 'serial' || live.contender.strategy === 'async'
        ? 1
        : live.contender.workers,
    cpus: race.options.cpus,
    callSpread: callSpread(race, live, rounds)
  }
}

/**
 * How much the calls' CPU time varied by themselves in the first `rounds` rounds: the serial turns
 * on the same interpreter (a GIL-forced twin has no serial of its own) and checkout, most expensive
 * over cheapest (stats/contention.ts judges a pool's CPU time against it). Null where fewer than two
 * were read.
 */
function callSpread(race: Race, live: Live, rounds: number): number | null {
  const serial = race.lives.find(
    (other) =>
      other.contender.strategy === 'serial' &&
      other.slot.interpreter === live.slot.interpreter &&
      other.variant === live.variant
  )
  if (serial === undefined || serial === live) return null
  const runs = serial.samples.slice(0, rounds).flatMap((sample) => {
    const run = sample?.contention?.runSeconds ?? 0
    return run > 0 ? [run] : []
  })
  return runs.length < 2 ? null : Math.max(...runs) / Math.min(...runs)
}

function livesOf(race: Race, variant: Variant): Live[] {
  return race.lives.filter((live) => live.variant === variant)
}

/** A progress line for each turn newly set aside (a turn is told of once). */
function tellSetAside(race: Race, head: readonly StrategyRun[]): void {
  livesOf(race, 'head').forEach((live, index) => {
    for (const turn of head[index]?.setAside ?? []) {
      if (live.toldAside.has(turn.round)) continue
      live.toldAside.add(turn.round)
      race.options.onEvent({
        kind: 'set-aside',
        ...describe(live),
        round: turn.round + 1,
        reason: turn.reason,
        retaken: live.retaken.some((first) => first.round === turn.round)
      })
    }
  })
}
