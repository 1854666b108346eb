// Every "enough rounds?" decision of the measuring loop, in one place: when the verdict has settled,
// when a comparison with a base checkout has settled, when the budget or the round limit ends the
// rounds, and which configurations the race stops measuring because they are clearly out of the
// running. The loop (measure/run.ts) asks `nextStep` after each round and does what it says; this
// module sees only the rounds, never a process or a clock.
//
// The race: a configuration stops when its paired rounds show, with one-sided confidence
// SETTLE_CONFIDENCE, that it cannot be part of the verdict: slower beyond the margin than the best
// worker count of its strategy or than the leading strategy, or no faster than a lighter worker count
// of its own strategy. Serial (every speedup's reference) and the best configuration of each strategy
// keep running until the verdict settles, so every comparison that decides the verdict has its full
// interval; a stopped configuration keeps the figures of the rounds it ran. With several interpreters
// in the same rounds, "its strategy" is its (interpreter, strategy); a GIL-forced twin (evidence,
// never a candidate) runs until its twin without the forced GIL stops.

import { formatSpeedup, strategyWithWorkers } from '../format.ts'
import { coverage, medianLowerBound } from '../stats/interval.ts'
import { interpretersOf, runsOn, serialRunOf, summarize, wallsOf } from '../stats/measurements.ts'
import { median, pairedRatios } from '../stats/summary.ts'
import type { Interval, Retirement, StopReason, Strategy, StrategyRun } from '../types.ts'
import { decide, isUsable } from './recommend.ts'
import type { Candidate, Decision } from './recommend.ts'
import { compareSides, isComparisonSettled } from './regression.ts'
import type { Side } from './regression.ts'

/** Coverage that intervals (two-sided) and bounds (one-sided) need before they count as clear. */
export const SETTLE_CONFIDENCE = 0.9
/** Fewest rounds whose (min, max) interval reaches SETTLE_CONFIDENCE: 5 (93.75%). */
export const MIN_SETTLED_ROUNDS = fewestValues((n) => coverage(n, 1))
/** Fewest paired rounds for a one-sided bound at SETTLE_CONFIDENCE: 4 (all four beyond: 93.75%). */
export const MIN_RACE_ROUNDS = fewestValues((n) => 1 - 0.5 ** n)
/** No verdict from fewer rounds than this, budget or not. */
export const MIN_ROUNDS = 2
export const MAX_ROUNDS = 30
/**
 * Rounds a one-worker pool runs before it stops. It does serial's work plus a hand-off, so it is no
 * candidate (verdict/recommend.ts); one round gives its start-up and overhead figures, and the point at
 * one worker for the scaling fit. `async` at concurrency 1 is treated alike: it awaits one call at a
 * time, as serial does.
 */
export const ONE_WORKER_ROUNDS = 1

/**
 * Rounds before an open verdict may be given up as futile. A projection from fewer rounds is too
 * rough: interval widths from order statistics jump as rounds are added.
 */
export const FUTILITY_MIN_ROUNDS = 2 * MIN_SETTLED_ROUNDS
/** A verdict is futile when the rounds it is projected to need exceed those left by this factor. */
export const FUTILITY_FACTOR = 1.5

/** What the rules need besides the rounds. */
export interface StoppingRules {
  /** The verdict's noise margin (0.1 = 10%). */
  readonly margin: number
  /** Set when a base checkout is measured in the same rounds: its comparison must settle too. */
  readonly comparison: {
    readonly uses: Strategy | null
    /** Slowdown tolerated, as a fraction. */
    readonly threshold: number
  } | null
  /** How retirement reasons name an interpreter (by its config name): "3.13t". Absent: by that name. */
  readonly labels?: ReadonlyMap<string, string>
}

/** The rounds so far, as the loop saw them after a round. */
export interface RoundsState {
  /** Measured rounds completed. */
  readonly rounds: number
  /** Calls per round (the same on both sides). */
  readonly tasks: number
  readonly head: readonly StrategyRun[]
  readonly base: readonly StrategyRun[] | null
  /** The workload's budget is spent. */
  readonly pastBudget: boolean
  /** Seconds of the workload's budget left (Infinity without one). */
  readonly budgetSecondsLeft: number
  /** Wall seconds the last round took. */
  readonly roundSeconds: number
  /** An interruption, or the whole run's deadline: nothing more may run. */
  readonly interrupted: boolean
}

/** A configuration to stop measuring, and why. */
export interface RetireOrder {
  readonly variant: 'head' | 'base'
  readonly interpreter: string | null
  readonly gilForced: boolean
  readonly strategy: Strategy
  readonly workers: number
  readonly retirement: Retirement
}

export type NextStep =
  | { readonly kind: 'stop'; readonly reason: StopReason }
  | { readonly kind: 'continue'; readonly retire: readonly RetireOrder[] }

/** After a round: stop (and why), or go on with the configurations listed as retired. */
export function nextStep(state: RoundsState, rules: StoppingRules): NextStep {
  if (state.interrupted) return { kind: 'stop', reason: 'interrupted' }
  const anyRunning = [...state.head, ...(state.base ?? [])].some(isRunning)
  if (!anyRunning) return { kind: 'stop', reason: 'failed' }
  // Each variant's decision once per round: the settle rule, futility and the race all read it.
  const decisions: Decisions = {
    head: decide(state.head, rules.margin),
    base: state.base === null ? null : decide(state.base, rules.margin)
  }
  if (state.rounds >= MIN_SETTLED_ROUNDS && isSettled(state, decisions, rules))
    return { kind: 'stop', reason: 'settled' }
  if (state.rounds >= MAX_ROUNDS) return { kind: 'stop', reason: 'max-rounds' }
  if (state.rounds >= MIN_ROUNDS && state.pastBudget) return { kind: 'stop', reason: 'budget' }
  if (isFutile(state, decisions.head, rules.margin)) return { kind: 'stop', reason: 'futile' }
  return { kind: 'continue', retire: raceRetirements(state, decisions, rules) }
}

/** The verdict's decision on each variant's rounds so far. */
interface Decisions {
  readonly head: Decision
  readonly base: Decision | null
}

/** Whether a turn of round `round` (0-based) may start: past the budget, only until MIN_ROUNDS are in. */
export function mayTakeTurn(round: number, pastBudget: boolean): boolean {
  return round < MIN_ROUNDS || !pastBudget
}

/**
 * The verdict and, with a base, the comparison are clear: more rounds would not change them. Each
 * interpreter's comparison (its head against its base, its own serial the reference) must settle.
 */
function isSettled(state: RoundsState, decisions: Decisions, rules: StoppingRules): boolean {
  if (!isVerdictSettled(decisions.head, rules.margin)) return false
  const { base } = state
  const { comparison } = rules
  if (base === null || decisions.base === null || comparison === null) return true
  const interpreters = interpretersOf(state.head)
  return interpreters.every((interpreter) => {
    const head = runsOn(state.head, interpreter)
    const baseRuns = runsOn(base, interpreter)
    if (baseRuns.length === 0) return true
    const one = interpreters.length === 1
    return isComparisonSettled(
      compareSides(
        sideOf(head, one ? decisions.head : decide(head, rules.margin), state.tasks),
        sideOf(baseRuns, one ? decisions.base! : decide(baseRuns, rules.margin), state.tasks),
        comparison.uses,
        { paired: true, threshold: comparison.threshold, margin: rules.margin }
      )
    )
  })
}

/**
 * The verdict is settled when the fastest candidate has MIN_SETTLED_ROUNDS rounds, the chosen one is
 * clearly within the margin of it, and every lighter candidate is clearly beyond the margin.
 */
export function isVerdictSettled(decision: Decision, margin: number): boolean {
  const { fastest, chosen } = decision
  if (fastest === null || chosen === null) return false
  const limit = 1 + margin
  const rounds = wallsOf(fastest.run).filter((wall) => wall !== null).length
  const lighter = decision.candidates.slice(0, decision.candidates.indexOf(chosen))
  return (
    rounds >= MIN_SETTLED_ROUNDS &&
    (chosen === fastest || (isClear(chosen.ratioInterval) && chosen.ratioInterval.high <= limit)) &&
    lighter.every(
      (candidate) => isClear(candidate.ratioInterval) && candidate.ratioInterval.low > limit
    )
  )
}

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
  const { fastest, chosen } = decision
  const chosenIndex = chosen === null ? -1 : decision.candidates.indexOf(chosen)
  if (fastest === null || chosenIndex < 0) return []
  const limit = 1 + margin
  return decision.candidates.flatMap((candidate, index) => {
    if (candidate === fastest || index > chosenIndex) return []
    const interval = candidate.ratioInterval
    const settled =
      index === chosenIndex
        ? isClear(interval) && interval.high <= limit
        : isClear(interval) && interval.low > limit
    return settled ? [] : [{ candidate, fastest, interval }]
  })
}

/**
 * The verdict is open, and the rounds it would need exceed what the budget and the round cap leave,
 * by FUTILITY_FACTOR. An interval's half-width shrinks about as 1/√n, so a comparison whose median
 * lies d beyond the margin, with the interval reaching h past the median towards the margin, needs
 * about n·(h/d)² rounds; a median on the margin never settles.
 */
function isFutile(state: RoundsState, decision: Decision, margin: number): boolean {
  if (state.rounds < FUTILITY_MIN_ROUNDS) return false
  if (isVerdictSettled(decision, margin)) return false
  const limit = 1 + margin
  const roundsLeft = Math.min(
    MAX_ROUNDS - state.rounds,
    state.roundSeconds > 0 ? Math.floor(state.budgetSecondsLeft / state.roundSeconds) : Infinity
  )
  const needed = openComparisons(decision, margin).map(({ interval, candidate }) => {
    const ratio = candidate.ratioToFastest
    if (interval === null) return Infinity
    const distance = Math.abs(ratio - limit)
    const reach = ratio > limit ? ratio - interval.low : interval.high - ratio
    return distance === 0 ? Infinity : state.rounds * (reach / distance) ** 2
  })
  return needed.length > 0 && Math.max(...needed) > FUTILITY_FACTOR * (state.rounds + roundsLeft)
}

function isClear(interval: Interval | null): interval is Interval {
  return interval !== null && interval.confidence >= SETTLE_CONFIDENCE
}

function isRunning(run: StrategyRun): boolean {
  return run.error === null && run.stopped === null
}

// Paired sides share the task count, so throughput ratios compare per-call times alike. The runs
// are one interpreter's: its own serial is the reference.
function sideOf(runs: readonly StrategyRun[], decision: Decision, tasks: number): Side {
  return {
    measurements: summarize(runs),
    tasks,
    recommendation: decision.recommendation,
    workers: decision.workers
  }
}

/**
 * The configurations to stop after this round. With a base measured alongside, head keeps the twins
 * of base's best configurations (the speedup comparison reads them) and base stops a configuration
 * only once head has stopped its twin. A GIL-forced twin stops once its twin without the forced GIL
 * has stopped.
 */
function raceRetirements(
  state: RoundsState,
  decisions: Decisions,
  rules: StoppingRules
): RetireOrder[] {
  const name = labeller(rules)
  const baseBests = decisions.base?.candidates.map((candidate) => candidate.run) ?? []
  const race = raceOf(state.head, decisions.head, rules.margin, baseBests, name)
  // A twin without the forced GIL that stopped or failed: nothing left to compare the forced one with.
  const ended = [...state.head.filter((r) => !isRunning(r)), ...race]
  const head = [
    ...race,
    ...twinRetirements(
      'head',
      state.head.filter((run) => run.gilForced),
      [],
      (run) => ended.some((r) => sameConfig(r, { ...run, gilForced: false })),
      name
    )
  ]
  if (state.base === null || decisions.base === null) return head
  const bests = decisions.base.candidates.map((candidate) => candidate.run)
  const headStopped = [...state.head.filter((r) => r.stopped !== null), ...head]
  return [
    ...head,
    ...twinRetirements(
      'base',
      state.base,
      bests,
      (run) => headStopped.some((r) => sameConfig(r, run)),
      name
    )
  ]
}

/**
 * Configurations to stop because their twin stopped: base's configurations whose twin in the checkout
 * under test stopped (other than serial and base's own best of each strategy), and GIL-forced ones
 * whose twin without the forced GIL stopped.
 */
function twinRetirements(
  variant: 'head' | 'base',
  runs: readonly StrategyRun[],
  spare: readonly StrategyRun[],
  twinStopped: (run: StrategyRun) => boolean,
  name: Labeller
): RetireOrder[] {
  const serial = serialRunOf(runs)
  return runs
    .filter((run) => inTheRace(run) && !spare.includes(run) && twinStopped(run))
    .map((run) =>
      retireOrder(
        variant,
        run,
        serial,
        runs,
        {
          cause: run.workers === 1 ? 'one-worker' : 'twin',
          versus: null,
          ratio: null,
          bound: null
        },
        name
      )
    )
}

/**
 * The race within the checkout under test. `spare` lists configurations (by interpreter, strategy and
 * workers) that must keep running whatever their figures.
 */
function raceOf(
  runs: readonly StrategyRun[],
  decision: Decision,
  margin: number,
  spare: readonly StrategyRun[],
  name: Labeller
): RetireOrder[] {
  const key = (run: Setting): string => `${run.interpreter ?? ''}\n${run.strategy}`
  const bests = new Map(decision.candidates.map((c) => [key(c.run), c.run]))
  const leader = decision.fastest?.run ?? null
  const serial = serialRunOf(runs)
  const limit = 1 + margin
  const orders: RetireOrder[] = []
  for (const run of runs) {
    const best = bests.get(key(run))
    if (run.gilForced || !inTheRace(run) || best === run || spare.some((s) => sameConfig(s, run)))
      continue
    const retire = (retirement: Omit<Retirement, 'afterRounds' | 'reason'>): void => {
      orders.push(retireOrder('head', run, serial, runs, retirement, name))
    }
    if (run.workers === 1) {
      if (roundsOf(run) >= ONE_WORKER_ROUNDS)
        retire({ cause: 'one-worker', versus: null, ratio: null, bound: null })
      continue
    }
    if (best === undefined) continue
    const toBest = ratioBound(run, best)
    if (toBest !== null && toBest.bound > limit) {
      retire({ cause: 'behind', versus: configOf(best), ...toBest })
      continue
    }
    if (leader !== null && leader !== best) {
      const toLeader = ratioBound(run, leader)
      const bestBehind = ratioBound(best, leader)
      // A worker count below its strategy's best may still be the recommended one (the fewest within
      // the margin of the best) unless the strategy itself is clearly out of the running.
      if (
        toLeader !== null &&
        toLeader.bound > limit &&
        (run.workers > best.workers || (bestBehind !== null && bestBehind.bound > limit))
      ) {
        retire({ cause: 'behind', versus: configOf(leader), ...toLeader })
        continue
      }
    }
    if (run.workers > best.workers && toBest !== null && toBest.bound > 1 / limit) {
      retire({ cause: 'no-gain', versus: configOf(best), ...toBest })
    }
  }
  return orders
}

/** A configuration the race may stop: not serial, still running, with rounds measured. */
function inTheRace(run: StrategyRun): boolean {
  return run.strategy !== 'serial' && isRunning(run) && isUsable(run)
}

/** A configuration's identity: its interpreter (and whether its GIL is forced), strategy and workers. */
type Setting = Pick<StrategyRun, 'interpreter' | 'gilForced' | 'strategy' | 'workers'>

function sameConfig(a: Setting, b: Setting): boolean {
  return (
    a.interpreter === b.interpreter &&
    a.gilForced === b.gilForced &&
    a.strategy === b.strategy &&
    a.workers === b.workers
  )
}

/** How a reason names an interpreter. */
type Labeller = (interpreter: string | null) => string

function labeller(rules: StoppingRules): Labeller {
  return (interpreter) =>
    interpreter === null ? '' : (rules.labels?.get(interpreter) ?? interpreter)
}

function retireOrder(
  variant: 'head' | 'base',
  run: StrategyRun,
  serial: StrategyRun | undefined,
  runs: readonly StrategyRun[],
  retirement: Omit<Retirement, 'afterRounds' | 'reason'>,
  name: Labeller
): RetireOrder {
  const rounds = roundsOf(run)
  return {
    variant,
    interpreter: run.interpreter,
    gilForced: run.gilForced,
    strategy: run.strategy,
    workers: run.workers,
    retirement: {
      afterRounds: rounds,
      ...retirement,
      reason: retirementReason(run, rounds, retirement, serial, runs, name)
    }
  }
}

/** Median and one-sided lower bound of a's wall time over b's, per paired round; null if too few rounds. */
function ratioBound(
  a: StrategyRun,
  b: StrategyRun
): { readonly ratio: number; readonly bound: number } | null {
  const ratios = pairedRatios(wallsOf(a), wallsOf(b))
  if (ratios.length < MIN_RACE_ROUNDS) return null
  const bound = medianLowerBound(ratios, SETTLE_CONFIDENCE)
  return bound === null ? null : { ratio: median(ratios), bound }
}

function roundsOf(run: StrategyRun): number {
  return run.samples.filter((sample) => sample !== null).length
}

function configOf(run: StrategyRun): NonNullable<Retirement['versus']> {
  return { strategy: run.strategy, workers: run.workers, python: run.interpreter }
}

/** The speedup over serial of a run, from the rounds both have, as text; null without serial. */
function speedupText(run: StrategyRun, serial: StrategyRun | undefined): string | null {
  if (run === serial) return '1x'
  if (serial === undefined) return null
  const ratios = pairedRatios(wallsOf(serial), wallsOf(run))
  return ratios.length === 0 ? null : formatSpeedup(median(ratios))
}

function retirementReason(
  run: StrategyRun,
  rounds: number,
  retirement: Omit<Retirement, 'afterRounds' | 'reason'>,
  serial: StrategyRun | undefined,
  runs: readonly StrategyRun[],
  name: Labeller
): string {
  const after = `stopped after ${rounds} round${rounds === 1 ? '' : 's'}`
  const own = speedupText(run, serial)
  const { versus } = retirement
  const versusRun =
    versus === null
      ? undefined
      : runs.find(
          (r) =>
            !r.gilForced &&
            r.interpreter === (versus.python ?? null) &&
            r.strategy === versus.strategy &&
            r.workers === versus.workers
        )
  const versusSpeedup = versusRun === undefined ? null : speedupText(versusRun, serial)
  // Another interpreter's configuration is named with its interpreter.
  const where =
    versus === null || (versus.python ?? null) === run.interpreter
      ? ''
      : ` on ${name(versus.python ?? null)}`
  const versusText =
    versus === null
      ? ''
      : `${strategyWithWorkers(versus.strategy, versus.workers)}${where}${
          versusSpeedup === null ? '' : ` at ${versusSpeedup}`
        }`
  const figure = own === null ? '' : `${own}, `
  switch (retirement.cause) {
    case 'one-worker':
      return run.strategy === 'async'
        ? `${after}: ${figure}one call in flight at a time awaits them one by one, as serial does, so it is no candidate`
        : `${after}: ${figure}a one-worker pool does serial's work plus a hand-off, so it is no candidate`
    case 'behind':
      return `${after}: ${figure}clearly behind ${versusText}`
    case 'twin':
      return run.gilForced
        ? `${after}: ${figure}its twin without the forced GIL stopped`
        : `${after}: ${figure}its twin in the checkout under test stopped`
    case 'no-gain':
      return `${after}: ${figure}more workers and no faster than ${versusText}`
  }
}

/** Smallest n ≥ 1 whose confidence reaches SETTLE_CONFIDENCE. */
function fewestValues(confidence: (n: number) => number): number {
  let n = 1
  while (confidence(n) < SETTLE_CONFIDENCE) n++
  return n
}
