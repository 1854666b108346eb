// Every "enough rounds?" decision of the measuring loop, in one place: when the verdict has settled,
// when a comparison with a base checkout has settled, when the budget or the round limit ends the
// rounds, and which configurations the race stops measuring because they are clearly out of the
// running. The loop (measure/run.ts) asks `nextStep` after each round and does what it says; this
// module sees only the rounds, never a process or a clock.
//
// "Clearly" is the evidence rule's (stats/evidence.ts): an always-valid interval of a paired ratio
// over the rounds, with the workload's noise pooled over all its configurations' clean turns as the
// least noise assumed. The side the claim puts slower counts its clean rounds only (a turn set
// aside as contended is no sample: wallsOf), each at its least where a set-aside turn of the round
// came in faster (leastWallsOf); the other side's set-aside turns stand in where it has no clean
// one, since they only took longer (boundedWallsOf); recommend.ts claimEvidence reads both. No fixed
// round count: a wide gap decides after two rounds, a ratio near its limit takes as many as it
// needs, and set-aside turns alone show no configuration slower (but for one far behind in every
// turn: farBehindSetAside). docs/noise.md has the simulated false-decision rates of the rules as
// wired here.
//
// The race: a configuration stops when its paired rounds show clearly that it cannot be part of
// the verdict: slower beyond the margin than the best worker count of its strategy or than the
// leading strategy, or no faster than a lighter worker count of its own strategy. A strategy's best
// stops too once clearly behind the leader (raceOf says where it does not); serial (every speedup's
// reference), the leader and the chosen candidate keep running until the verdict settles. A stopped
// configuration keeps the figures of the rounds it ran. With several interpreters in the same rounds,
// "its strategy" is its (interpreter, strategy); a GIL-forced twin (evidence, never a candidate) runs
// until its twin without the forced GIL stops.

import { formatSpeedup, strategyWithWorkers } from '../format.ts'
import {
  isClearlyAbove,
  isClearlyBelow,
  MIN_EVIDENCE_ROUNDS,
  roundsToClear
} from '../stats/evidence.ts'
import type { Evidence } from '../stats/evidence.ts'
import { tiedOnMoreCpu } from '../stats/host-slowdown.ts'
import type { Noise } from '../stats/pooled-noise.ts'
import {
  boundedWallsOf,
  cleanRoundsOf,
  interpretersOf,
  runsOn,
  serialRunOf,
  summarize,
  tooFewClean,
  turnSeconds,
  wallsOf
} from '../stats/measurements.ts'
import { median, pairedRatios } from '../stats/summary.ts'
import type { Interval, Retirement, StopReason, Strategy, StrategyRun } from '../types.ts'
import { asyncJoins, awaitsRounds } from './async-joins.ts'
import type { JoinOrder } from './async-joins.ts'
import { claimEvidence, decide, isUsable, outOfTheRunning } from './recommend.ts'
import type { Candidate, ClaimEvidence, Decision } from './recommend.ts'
import { compareSides, isComparisonSettled } from './regression.ts'
import type { Side } from './regression.ts'

/** No verdict from fewer rounds than this, budget or not. */
export const MIN_ROUNDS = 2
/**
 * The settle rule's indifference zone, as a share of the margin. "Is this candidate within the
 * margin of the fastest?" has no answer in a few rounds for a ratio on the margin, and little rides
 * on it there: so a candidate settles as within the margin once its ratio to the fastest is clearly
 * below (1 + margin)·(1 + margin·SETTLE_ZONE), and as beyond it once clearly above
 * (1 + margin) / (1 + margin·SETTLE_ZONE). A ratio inside that zone may settle on either side; one
 * outside it settles on the wrong side at the evidence rule's rate (docs/noise.md, the simulation).
 * The race's retirements have no zone: retiring a configuration that may be the verdict is worse.
 */
export const SETTLE_ZONE = 0.5
export const MAX_ROUNDS = 30
/**
 * Rounds a one-worker pool runs before it stops. It does serial's work plus a hand-off, so it is no
 * candidate (verdict/recommend.ts); one round gives its start-up and overhead figures, and the point at
 * one worker for the scaling fit. `async` at concurrency 1 is treated alike: it awaits one call at a
 * time, as serial does.
 */
export const ONE_WORKER_ROUNDS = 1

/**
 * Clean paired rounds an open comparison needs before it may be given up as futile: the projection
 * assumes the mean ratio holds, and the mean of fewer rounds is too rough for that.
 */
export const FUTILITY_MIN_ROUNDS = 6
/** A verdict is futile when the rounds it is projected to need exceed those left by this factor. */
export const FUTILITY_FACTOR = 1.5

/**
 * Rounds for which a running configuration that lost every turn so far to other processes holds the
 * verdict back. Without a clean round it has no figures, so the settle rule cannot weigh it: settling
 * without it gave a busy runner's best guess from every round (measure/run.ts), uncertain, where a
 * neighbour's burst had covered the first two rounds of node-worker-unsafe's process pools (issue 19's
 * sixth phase). A burst lasts seconds and a round one or two, so a few more rounds find it clean;
 * past them, a configuration the runner never leaves alone does not hold the rounds hostage.
 */
export const NO_CLEAN_ROUND_PATIENCE = 5
/**
 * Seconds of turns for which the same configuration holds the verdict back, however many rounds
 * they took: the longest burst of the issue's neighbour (1 to 4 s). Once the slow pools stop, a
 * round can take 0.3 s and five fit in one burst: beside it, py-large-result's threads ×2 lost every
 * turn of five such rounds, and the verdict settled without it as a busy runner's best guess,
 * uncertain, in two of five runs (issue 19's tenth phase).
 */
export const NO_CLEAN_PATIENCE_SECONDS = 4

/**
 * Rounds for which a pool that tied with serial on twice serial's CPU in every round so far holds the
 * verdict back (stats/host-slowdown.ts): the host's slowdowns last seconds, a round one or two, so a
 * few more rounds show the pool at its own speed; one whose calls really cost twice as much in
 * parallel stays tied, and the verdict then settles as the rules say.
 */
export const TIED_PATIENCE = 5

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
  /**
   * The strategy the workload's code declares it uses: its best configuration runs until the verdict
   * settles, since the regression gate reads its throughput. Absent: none declared.
   */
  readonly uses?: Strategy | null
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
  /**
   * A coroutine function's whole async sweep (measure/plan.ts asyncSweep), whose limits between the
   * ends join once the top shows a gain (async-joins.ts); absent or empty: none join.
   */
  readonly asyncSweep?: readonly number[]
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
  | {
      readonly kind: 'continue'
      readonly retire: readonly RetireOrder[]
      /** Contenders to start before the next round. */
      readonly join: readonly JoinOrder[]
    }

/**
 * After a round: stop (and why), or go on with the configurations listed as retired and those to
 * start. No verdict settles while async limits are still to join or lack their clean rounds, nor, for
 * a few rounds, while a running configuration lost every turn so far or a pool tied with serial on
 * twice its CPU in every round so far.
 */
export function nextStep(state: RoundsState, rules: StoppingRules): NextStep {
  if (state.interrupted) return { kind: 'stop', reason: 'interrupted' }
  const anyRunning = [...state.head, ...(state.base ?? [])].some(isRunning)
  if (!anyRunning) return { kind: 'stop', reason: 'failed' }
  // Each variant's decision once per round: the settle rule, futility and the race all read it.
  const decisions = decisionsOf(state, rules)
  const join = asyncJoins(
    state.head,
    state.base,
    state.asyncSweep ?? [],
    decisions.head.noise,
    settleBounds(rules.margin)
  )
  const runs = [...state.head, ...(state.base ?? [])]
  const waiting =
    join.length > 0 ||
    awaitsRounds(runs) ||
    (tooFewClean(runs, 1) &&
      (state.rounds < NO_CLEAN_ROUND_PATIENCE || turnSeconds(runs) < NO_CLEAN_PATIENCE_SECONDS)) ||
    (state.rounds < TIED_PATIENCE && anyTiedOnMoreCpu(state))
  if (!waiting && isSettled(state, decisions, rules)) return { kind: 'stop', reason: 'settled' }
  if (state.rounds >= MAX_ROUNDS) return { kind: 'stop', reason: 'max-rounds' }
  if (state.rounds >= MIN_ROUNDS && state.pastBudget) return { kind: 'stop', reason: 'budget' }
  if (isFutile(state, decisions.head, rules.margin)) return { kind: 'stop', reason: 'futile' }
  return { kind: 'continue', retire: raceRetirements(state, decisions, rules), join }
}

/** Some pool of either checkout, on any interpreter, tied with its serial on twice its CPU. */
function anyTiedOnMoreCpu(state: RoundsState): boolean {
  return [state.head, state.base ?? []].some((runs) =>
    interpretersOf(runs).some((interpreter) => {
      const own = runsOn(runs, interpreter)
      const serial = serialRunOf(own)
      return serial !== undefined && tiedOnMoreCpu(serial, own).length > 0
    })
  )
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

/** The bounds a candidate's ratio to the fastest must clear for the settle rule (SETTLE_ZONE). */
export function settleBounds(margin: number): { readonly within: number; readonly beyond: number } {
  const limit = 1 + margin
  const zone = 1 + margin * SETTLE_ZONE
  return { within: limit * zone, beyond: limit / zone }
}

/**
 * The verdict is settled when the fastest candidate has rounds, and every comparison of the verdict
 * is clear (openComparisons): the chosen one clearly within the margin of the fastest, every lighter
 * candidate clearly beyond it, and, for a verdict on the fastest, every heavier one clearly not faster
 * beyond the margin. The fastest needs MIN_EVIDENCE_ROUNDS rounds, one clean at least (its figures)
 * and the rest clean or set aside: a claim that another is slower than it puts it on the faster side,
 * where its set-aside turns bound it (boundedWallsOf), and the one claim that needs its clean rounds
 * (a lighter choice within the margin of it) waits for them as before. Beside the neighbour, once the
 * race had stopped node-large-buffer's pools behind serial, rounds of serial alone took 0.1 s, a
 * burst set aside twelve of them in a row, and the runner counted as busy, the verdict uncertain,
 * for want of serial's second clean round.
 */
export function isVerdictSettled(decision: Decision, margin: number): boolean {
  const { fastest, chosen } = decision
  if (fastest === null || chosen === null) return false
  const rounds = boundedWallsOf(fastest.run).filter((wall) => wall !== null).length
  return (
    cleanRoundsOf(fastest.run) >= 1 &&
    rounds >= MIN_EVIDENCE_ROUNDS &&
    openComparisons(decision, margin).length === 0
  )
}

/** A comparison with the fastest candidate whose interval did not settle on one side of the margin. */
export interface OpenComparison {
  readonly candidate: Candidate
  readonly fastest: Candidate
  /** Candidate's wall time over the fastest's: its interval, or null with too few rounds for one. */
  readonly interval: Interval | null
  /** The bound the interval must clear, and on which side, for the comparison to settle. */
  readonly bound: number
  readonly side: 'above' | 'below'
}

/**
 * The comparisons still open: the recommendation not yet clearly within the margin of the fastest,
 * each lighter strategy not yet clearly slower than the fastest by more than the margin, and, where
 * the fastest is the recommendation, each heavier one not yet clearly no faster than it beyond the
 * margin (two noisy rounds can put the wrong candidate first).
 */
export function openComparisons(decision: Decision, margin: number): OpenComparison[] {
  const { fastest, chosen } = decision
  const chosenIndex = chosen === null ? -1 : decision.candidates.indexOf(chosen)
  if (fastest === null || chosenIndex < 0) return []
  const { within, beyond } = settleBounds(margin)
  return decision.candidates.flatMap((candidate, index): OpenComparison[] => {
    // A heavier candidate matters only to a verdict for the fastest, which it might beat.
    if (candidate === fastest || (index > chosenIndex && chosen !== fastest)) return []
    const [bound, side] =
      index < chosenIndex
        ? ([beyond, 'above'] as const)
        : index === chosenIndex
          ? ([within, 'below'] as const)
          : ([1 / within, 'above'] as const)
    const clean = candidate.clean[side]
    const bounded = candidate.bounded[side]
    const clear =
      side === 'above'
        ? isClearlyAbove(clean, bound) ||
          isClearlyAbove(bounded, bound) ||
          outOfTheRunning(candidate.run)
        : isClearlyBelow(clean, bound) || isClearlyBelow(bounded, bound)
    return clear
      ? []
      : [{ candidate, fastest, interval: candidate.evidence?.interval ?? null, bound, side }]
  })
}

/**
 * The verdict is open, and some open comparison would need, if its mean ratio held, more clean rounds
 * than the budget and the round cap leave, by FUTILITY_FACTOR (stats/evidence.ts roundsToClear). A
 * comparison with fewer than FUTILITY_MIN_ROUNDS clean pairs is not judged: set-aside rounds are no
 * sign that a workload is borderline.
 */
function isFutile(state: RoundsState, decision: Decision, margin: number): boolean {
  if (isVerdictSettled(decision, margin)) return false
  const roundsLeft = Math.min(
    MAX_ROUNDS - state.rounds,
    state.roundSeconds > 0 ? Math.floor(state.budgetSecondsLeft / state.roundSeconds) : Infinity
  )
  return openComparisons(decision, margin).some(({ candidate, bound }) => {
    const { evidence } = candidate
    if (evidence === null || evidence.rounds < FUTILITY_MIN_ROUNDS) return false
    return roundsToClear(evidence, bound) > FUTILITY_FACTOR * (evidence.rounds + roundsLeft)
  })
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
 * The race's orders alone, whatever the settle rule says: what nextStep retires when it goes on.
 */
export function retirements(state: RoundsState, rules: StoppingRules): RetireOrder[] {
  return raceRetirements(state, decisionsOf(state, rules), rules)
}

function decisionsOf(state: RoundsState, rules: StoppingRules): Decisions {
  return {
    head: decide(state.head, rules.margin),
    base: state.base === null ? null : decide(state.base, rules.margin)
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
  const race = raceOf(
    state.head,
    decisions.head,
    rules.margin,
    baseBests,
    name,
    mayRetireBests(state, rules) ? (rules.uses ?? null) : undefined
  )
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
 * Whether the race may stop a strategy's best configuration (raceOf): only where the verdict is the
 * one comparison left to read it. A base compares its figures round by round, several interpreters
 * and GIL-forced twins compare each strategy across builds, and stay as they were.
 */
function mayRetireBests(state: RoundsState, rules: StoppingRules): boolean {
  return (
    state.base === null &&
    rules.comparison === null &&
    interpretersOf(state.head).length <= 1 &&
    !state.head.some((run) => run.gilForced)
  )
}

/**
 * The race within the checkout under test. `spare` lists configurations (by interpreter, strategy and
 * workers) that must keep running whatever their figures. With `bestsOf` given (the declared
 * strategy, or null), a strategy's best configuration stops too once it is clearly behind the leading
 * strategy by more than the margin: the verdict's comparison with it is decided (beyond the settle
 * zone's bound, the same always-valid interval), and its turns, often the round's longest (a process
 * pool copying large results), would only narrow a figure no decision reads. Serial (every speedup's
 * reference), the leader, the chosen candidate, `async` (whose limits join by the top's figures) and
 * the declared strategy keep running.
 */
function raceOf(
  runs: readonly StrategyRun[],
  decision: Decision,
  margin: number,
  spare: readonly StrategyRun[],
  name: Labeller,
  bestsOf?: Strategy | null
): RetireOrder[] {
  const key = (run: Setting): string => `${run.interpreter ?? ''}\n${run.strategy}`
  const bests = new Map(decision.candidates.map((c) => [key(c.run), c.run]))
  const leader = decision.fastest?.run ?? null
  const serial = serialRunOf(runs)
  const limit = 1 + margin
  const orders: RetireOrder[] = []
  for (const run of runs) {
    const best = bests.get(key(run))
    if (run.gilForced || spare.some((s) => sameConfig(s, run))) continue
    const retire = (retirement: Omit<Retirement, 'afterRounds' | 'reason'>): void => {
      orders.push(retireOrder('head', run, serial, runs, retirement, name))
    }
    if (isUnseen(run)) {
      const far =
        leader === null || run.strategy === 'async' ? null : farBehindSetAside(run, leader, limit)
      if (far !== null) retire({ cause: 'behind', versus: configOf(leader!), ...far })
      continue
    }
    if (!inTheRace(run)) continue
    if (best === run) {
      const toLeader =
        bestsOf === undefined ||
        leader === null ||
        run === leader ||
        run === decision.chosen?.run ||
        run.strategy === 'async' ||
        run.strategy === bestsOf
          ? null
          : clearlyAbove(gapOf(run, leader, decision.noise), limit)
      // With the rest of its strategy, never before: a worker count left running would become the
      // strategy's best, and its own comparison would then keep the verdict open.
      const rest = runs.filter(
        (other) => other !== run && key(other) === key(run) && !other.gilForced && inTheRace(other)
      )
      if (
        toLeader !== null &&
        rest.every((other) => clearlyAbove(gapOf(other, leader!, decision.noise), limit) !== null)
      )
        retire({ cause: 'behind', versus: configOf(leader!), ...toLeader })
      continue
    }
    if (run.workers === 1) {
      if (cleanRoundsOf(run) >= ONE_WORKER_ROUNDS)
        retire({ cause: 'one-worker', versus: null, ratio: null, bound: null })
      continue
    }
    if (best === undefined) continue
    const toBest = gapOf(run, best, decision.noise)
    const behindBest = clearlyAbove(toBest, limit)
    if (behindBest !== null) {
      retire({ cause: 'behind', versus: configOf(best), ...behindBest })
      continue
    }
    if (leader !== null && leader !== best) {
      const toLeader = clearlyAbove(gapOf(run, leader, decision.noise), limit)
      // A worker count below its strategy's best may still be the recommended one (the fewest within
      // the margin of the best) unless the strategy itself is clearly out of the running.
      if (
        toLeader !== null &&
        (run.workers > best.workers ||
          clearlyAbove(gapOf(best, leader, decision.noise), limit) !== null)
      ) {
        retire({ cause: 'behind', versus: configOf(leader), ...toLeader })
        continue
      }
    }
    const noGain = run.workers > best.workers ? clearlyAbove(toBest, 1 / limit) : null
    if (noGain !== null) retire({ cause: 'no-gain', versus: configOf(best), ...noGain })
  }
  return orders
}

/**
 * A configuration other than serial still running whose every turn so far was set aside (tooFewClean's
 * case): it has no figures, and the evidence rule cannot weigh it (nor can the settle rule, which waits
 * for it: NO_CLEAN_ROUND_PATIENCE).
 */
function isUnseen(run: StrategyRun): boolean {
  return run.strategy !== 'serial' && tooFewClean([run], 1)
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
  // One whose every turn was set aside counts the rounds it took part in.
  const rounds = isUsable(run)
    ? cleanRoundsOf(run)
    : new Set(run.setAside?.map((t) => t.round)).size
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

/**
 * How far one clean round's ratio may stray from the configurations' true ratio, either way, for all
 * the contention monitor sets aside: the race acts on a single round only beyond this times its
 * limit. Over the clean rounds of five noise runs of the fixtures recorded turn by turn (docs/noise.md,
 * "Far behind after one round"), one round's ratio strayed from its comparison's median by at most
 * 4.3 times (node-large-buffer: a serial turn that V8's collector slowed; py-large-result's pools, 4.1),
 * so a configuration ten times the limit behind after one round is out of the running: 2,000
 * trivial calls handed to a pool, a process pool copying large results back.
 */
export const ONE_ROUND_DISTORTION = 10

/** What the race reads of a's wall time over b's for its one question: is a clearly slower? */
function gapOf(a: StrategyRun, b: StrategyRun, noise: Noise | null): ClaimEvidence {
  return claimEvidence(a, b, 'above', noise)
}

/**
 * How many times its clean time a set-aside turn may have taken. Over 1,233 set-aside turns of 21 noise
 * runs of the fixtures (issue 19's eighth phase, 2026-12-05), a turn set aside took at most 8.55 times
 * its configuration's median clean turn (node-large-buffer's thread pools beside the neighbour; 3.8 at
 * the 99th percentile, 1.4 at the median).
 */
export const SET_ASIDE_DISTORTION = 10

/**
 * The figures of a configuration that kept no clean turn, where every turn of it so far, set aside,
 * ran far enough behind `leader` in its round (the leader's set-aside turns as bounds) that no
 * slowdown and no round's stray could hide a configuration within the limit. A turn shows that in
 * either of two ways, and the larger bound holds:
 * - its wall time over ONE_ROUND_DISTORTION times SET_ASIDE_DISTORTION: beside a neighbour, the
 *   pools of a workload whose calls take nanoseconds (2,000 hand-offs a turn, 300 to 3,000 times
 *   serial's time) lost every turn to the wait rule at their usual wall time (waits off the
 *   critical path, so the share lost overstates the slowdown), held the verdict for five rounds and
 *   left it a busy runner's best guess;
 * - its wall time less the share it lost (wall × (1 − lostShare), about its clean time for a turn
 *   whose CPU time others took) over ONE_ROUND_DISTORTION, as for a clean round: over 2,646
 *   set-aside turns of 47 noise runs of the fixtures (issue 19, ninth phase), that figure came out
 *   at most 4.39 times its configuration's median clean turn (2.45 at the 99th percentile, 0.89 at
 *   the median), where a clean round strays up to 4.3. A process pool copying large results back
 *   (py-large-result, about 25 times serial) lost turn after turn to the neighbour and was taken
 *   again each round, until one came out clean for the one-round rule.
 * Null otherwise.
 */
function farBehindSetAside(run: StrategyRun, leader: StrategyRun, limit: number): Figures | null {
  const leaderWalls = boundedWallsOf(leader)
  const turns = (run.setAside ?? []).flatMap((turn) => {
    const reference = leaderWalls[turn.round]
    if (reference === null || reference === undefined || !(reference > 0)) return []
    const ratio = turn.sample.wallSeconds / reference
    const bound = Math.max(
      ratio / (ONE_ROUND_DISTORTION * SET_ASIDE_DISTORTION),
      (ratio * (1 - turn.lostShare)) / ONE_ROUND_DISTORTION
    )
    return [{ ratio, bound }]
  })
  const least = Math.min(...turns.map((turn) => turn.bound))
  return turns.length > 0 && least > limit
    ? { ratio: median(turns.map((turn) => turn.ratio)), bound: least }
    : null
}

/** A retirement's figures: the ratio, and the bound on it that cleared the limit. */
interface Figures {
  readonly ratio: number
  readonly bound: number
}

/**
 * a's figures when it is clearly slower than `limit` times b: by the evidence rule from two rounds on
 * (the clean pairs, or with b's set-aside turns as bounds), or after its first clean round by more
 * than ONE_ROUND_DISTORTION times the limit (the bound is then the ratio over that distortion). Null
 * otherwise.
 */
function clearlyAbove(gap: ClaimEvidence, limit: number): Figures | null {
  const clear = [gap.clean, gap.bounded].find(
    (evidence): evidence is Evidence => evidence !== null && isClearlyAbove(evidence, limit)
  )
  if (clear !== undefined) return { ratio: clear.ratio, bound: clear.interval.low }
  if (gap.clean !== null) return null
  const [only] = gap.pairs
  return gap.pairs.length === 1 && only! > limit * ONE_ROUND_DISTORTION
    ? { ratio: only!, bound: only! / ONE_ROUND_DISTORTION }
    : null
}

function configOf(run: StrategyRun): NonNullable<Retirement['versus']> {
  return { strategy: run.strategy, workers: run.workers, python: run.interpreter }
}

/**
 * The speedup over serial of a run, from the rounds both have, as text; null without serial. A run
 * that kept no clean turn is read from its set-aside turns.
 */
function speedupText(run: StrategyRun, serial: StrategyRun | undefined): string | null {
  if (run === serial) return '1x'
  if (serial === undefined) return null
  const walls = isUsable(run) ? wallsOf(run) : boundedWallsOf(run)
  const ratios = pairedRatios(wallsOf(serial), walls)
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
      return isUsable(run)
        ? `${after}: ${figure}clearly behind ${versusText}`
        : `${after}: every turn set aside, and even so ${figure}clearly behind ${versusText}`
    case 'twin':
      return run.gilForced
        ? `${after}: ${figure}its twin without the forced GIL stopped`
        : `${after}: ${figure}its twin in the checkout under test stopped`
    case 'no-gain':
      return `${after}: ${figure}more workers and no faster than ${versusText}`
  }
}
