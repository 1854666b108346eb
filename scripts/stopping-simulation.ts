// Whole sequential decisions on synthetic rounds, for scripts/simulate-stopping.ts and
// test/stats/evidence-simulation.test.ts. A simulated workload has a few contenders measured in
// interleaved rounds; the decision is about one comparison, contender A's wall time over contender
// B's, against a limit (1 + margin). After every round from the second on, a rule looks at the rounds
// so far and says "above", "below" or nothing yet; the first answer ends that workload's rounds.
//
// The rounds: log wall time = contender level + round shock (shared by the round's turns, which
// pairing cancels) + turn noise (Student-t, heavy-tailed, scaled to a standard deviation that
// differs from contender to contender) + the neighbour's bursts (some turns slowed 1.2-3x; most of
// them detected and set aside, some not; a few quiet turns set aside by mistake). Deterministic: a
// seed gives the same rounds, and so the same figures, every time.
import { CONTENDED_SHARE } from '../src/stats/contention.ts'
import { medianInterval, medianLowerBound } from '../src/stats/interval.ts'
import { ratioEvidence } from '../src/stats/evidence.ts'
import type { EvidenceSettings } from '../src/stats/evidence.ts'
import { pooledNoise } from '../src/stats/pooled-noise.ts'
import type { Noise } from '../src/stats/pooled-noise.ts'
import { mulberry32 } from '../src/stats/random.ts'

export interface NoiseModel {
  /** Standard deviation of a typical contender's per-turn log wall time. */
  readonly turnSigma: number
  /** Degrees of freedom of the turn noise's Student-t (Infinity: Gaussian). */
  readonly tailDf: number
  /** Contenders' standard deviations spread log-uniformly over turnSigma / spread .. turnSigma * spread. */
  readonly spread: number
  /** Standard deviation of a round's shock, shared by its turns. */
  readonly roundShockSigma: number
}

export interface NeighbourModel {
  /** Share of turns a burst slows. */
  readonly slowedShare: number
  /** A slowed turn's wall time is multiplied by a factor drawn uniformly from this range. */
  readonly slowdown: readonly [number, number]
  /** Share of slowed turns the contention reading catches (set aside). */
  readonly detectedShare: number
  /** Share of unslowed turns set aside all the same. */
  readonly falseAsideShare: number
}

export interface Scenario {
  /** True wall-time ratio of contender A over contender B. */
  readonly trueRatio: number
  /** The limit decided against: 1 + margin. */
  readonly limit: number
  readonly noise: NoiseModel
  readonly neighbour: NeighbourModel | null
  /** Contenders in each round, A and B included (the rest only feed the pooled noise). */
  readonly contenders: number
  readonly maxRounds: number
}

/** What a rule sees after a round. */
export interface Look {
  /** Rounds taken so far. */
  readonly rounds: number
  /** The limit decided against. */
  readonly limit: number
  /** A's wall over B's, per round both have (clean pairs only, for a rule that sets rounds aside). */
  readonly ratios: readonly number[]
  /** The workload's noise pooled over every contender's turns so far (computed once per look). */
  readonly noise: () => Noise | null
}

export type Decision = 'above' | 'below' | null

export interface Rule {
  readonly name: string
  /** Whether the rule sees only clean turns (the contended-round predicate in front of it). */
  readonly setsAside: boolean
  decide(look: Look): Decision
}

export interface Outcome {
  readonly runs: number
  /** Share of workloads decided on the wrong side (any decision, for a true ratio at the limit). */
  readonly wrong: number
  readonly right: number
  readonly undecided: number
  /** Mean rounds taken, up to the decision or to the round limit. */
  readonly meanRounds: number
}

/** The engine's rule today (verdict/stopping.ts): five rounds, order-statistic interval at 90%. */
export const TODAY_SETTLE: Rule = {
  name: 'today (settle rule)',
  setsAside: false,
  decide({ ratios, limit }) {
    if (ratios.length < 5) return null
    const interval = medianInterval(ratios)
    if (interval === null || interval.confidence < 0.9) return null
    return interval.low > limit ? 'above' : interval.high <= limit ? 'below' : null
  }
}

/** Today's race (one-sided): retire as clearly behind once four paired rounds all lie beyond. */
export const TODAY_RACE: Rule = {
  name: 'today (race, one-sided)',
  setsAside: false,
  decide({ ratios, limit }) {
    if (ratios.length < 4) return null
    const bound = medianLowerBound(ratios, 0.9)
    return bound !== null && bound > limit ? 'above' : null
  }
}

/** The evidence rule (src/stats/evidence.ts) on clean rounds, with the workload's pooled noise. */
export function evidenceRule(name: string, settings?: EvidenceSettings): Rule {
  return {
    name,
    setsAside: true,
    decide({ ratios, noise, limit }) {
      const evidence = ratioEvidence(ratios, noise(), settings ? { settings } : {})
      if (evidence === null) return null
      if (evidence.interval.low > limit) return 'above'
      if (evidence.interval.high < limit) return 'below'
      return null
    }
  }
}

/** A rule's "above" answers only, as the race uses them: retire a configuration clearly behind. */
export function aboveOnly(rule: Rule): Rule {
  return { ...rule, decide: (look) => (rule.decide(look) === 'above' ? 'above' : null) }
}

/** Simulates `runs` workloads of a scenario, each rule deciding on the same rounds. */
export function simulate(
  scenario: Scenario,
  rules: readonly Rule[],
  runs: number,
  seed: number
): Outcome[] {
  const random = mulberry32(seed)
  const truth: Decision =
    Math.abs(scenario.trueRatio / scenario.limit - 1) < 1e-9
      ? null
      : scenario.trueRatio > scenario.limit
        ? 'above'
        : 'below'
  const tallies = rules.map(() => ({ wrong: 0, right: 0, rounds: 0 }))
  for (let run = 0; run < runs; run++) {
    const outcomes = decideSequentially(workload(scenario, random), rules, scenario)
    outcomes.forEach(({ decision, after }, index) => {
      const tally = tallies[index]!
      tally.rounds += after
      if (decision === null) return
      if (decision === truth) tally.right++
      else tally.wrong++
    })
  }
  return tallies.map(({ wrong, right, rounds }) => ({
    runs,
    wrong: wrong / runs,
    right: right / runs,
    undecided: (runs - wrong - right) / runs,
    meanRounds: rounds / runs
  }))
}

/** One workload's turns: wall times and whether each was set aside. */
export interface Turns {
  readonly walls: number[][]
  readonly aside: boolean[][]
  /**
   * The share of its CPU time each turn lost as the contention reading would give it: 1 - 1/slowdown
   * for a turn the neighbour slowed (a CPU-bound turn's), CONTENDED_SHARE for one set aside unslowed,
   * 0 for the rest. Drawn from the same numbers as the walls, so a seed gives the same rounds.
   */
  readonly lostShares: number[][]
}

/** After each round, asks every rule not yet decided; returns each one's decision and its round. */
function decideSequentially(
  turns: Turns,
  rules: readonly Rule[],
  { limit, maxRounds }: Scenario
): { decision: Decision; after: number }[] {
  const outcomes: { decision: Decision; after: number }[] = rules.map(() => ({
    decision: null,
    after: maxRounds
  }))
  const open = new Set(rules.keys())
  for (let rounds = 2; rounds <= maxRounds && open.size > 0; rounds++) {
    const looks = [false, true].map((setsAside) => lookAt(turns, rounds, limit, setsAside))
    for (const index of [...open]) {
      const rule = rules[index]!
      const decision = rule.decide(looks[rule.setsAside ? 1 : 0]!)
      if (decision === null) continue
      outcomes[index] = { decision, after: rounds }
      open.delete(index)
    }
  }
  return outcomes
}

/** What a rule sees after `rounds` rounds, with or without the set-aside turns. */
function lookAt(turns: Turns, rounds: number, limit: number, setsAside: boolean): Look {
  const table = turns.walls.map((row, c) =>
    row.slice(0, rounds).map((wall, r) => (setsAside && turns.aside[c]![r]! ? null : wall))
  )
  const ratios: number[] = []
  for (let r = 0; r < rounds; r++) {
    const a = table[0]![r]
    const b = table[1]![r]
    if (a !== null && a !== undefined && b !== null && b !== undefined) ratios.push(a / b)
  }
  let noise: { readonly value: Noise | null } | null = null
  return { rounds, limit, ratios, noise: () => (noise ??= { value: pooledNoise(table) }).value }
}

function workload(scenario: Scenario, random: () => number): Turns {
  const levels = Array.from({ length: scenario.contenders }, (_, c) =>
    c === 0 ? Math.log(scenario.trueRatio) : c === 1 ? 0 : 2 * random() - 1
  )
  return turnsOf(scenario, levels, random)
}

/**
 * A workload's turns for contenders of the given true levels (log wall time): every turn of every
 * round, and which ones the contention reading sets aside.
 */
export function turnsOf(
  scenario: Pick<Scenario, 'noise' | 'neighbour' | 'maxRounds'>,
  levels: readonly number[],
  random: () => number
): Turns {
  const { noise, neighbour, maxRounds } = scenario
  const contenders = levels.length
  const gauss = gaussian(random)
  const sigmas = levels.map(() => noise.turnSigma * noise.spread ** (2 * random() - 1))
  const tScale = Number.isFinite(noise.tailDf) ? Math.sqrt((noise.tailDf - 2) / noise.tailDf) : 1
  const shocks = Array.from({ length: maxRounds }, () => noise.roundShockSigma * gauss())
  const walls: number[][] = []
  const aside: boolean[][] = []
  const lostShares: number[][] = []
  for (let c = 0; c < contenders; c++) {
    const row: number[] = []
    const rowAside: boolean[] = []
    const rowLost: number[] = []
    for (let r = 0; r < maxRounds; r++) {
      let y = levels[c]! + shocks[r]! + sigmas[c]! * tScale * studentT(noise.tailDf, gauss)
      let setAside = false
      let lost = 0
      if (neighbour !== null) {
        if (random() < neighbour.slowedShare) {
          const [low, high] = neighbour.slowdown
          const slowdown = low + (high - low) * random()
          y += Math.log(slowdown)
          lost = 1 - 1 / slowdown
          setAside = random() < neighbour.detectedShare
        } else {
          setAside = random() < neighbour.falseAsideShare
          if (setAside) lost = CONTENDED_SHARE
        }
      }
      row.push(Math.exp(y))
      rowAside.push(setAside)
      rowLost.push(lost)
    }
    walls.push(row)
    aside.push(rowAside)
    lostShares.push(rowLost)
  }
  return { walls, aside, lostShares }
}

/** Standard normal variates (Box-Muller). */
function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
}

/** A Student-t variate with `df` degrees of freedom (Gaussian for Infinity). */
function studentT(df: number, gauss: () => number): number {
  const z = gauss()
  if (!Number.isFinite(df)) return z
  let chi = 0
  for (let i = 0; i < df; i++) chi += gauss() ** 2
  return z / Math.sqrt(chi / df)
}
