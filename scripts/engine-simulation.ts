// Whole workloads through the engine's own stopping rules (src/verdict/stopping.ts `nextStep`, as
// measure/run.ts calls it after each round), on synthetic rounds (stopping-simulation.ts `turnsOf`:
// heavy-tailed turn noise, round shocks, the neighbour's bursts, most of them set aside). A set-aside
// turn is no sample, as stats/measurements.ts `wallsOf` shows it to every rule, and keeps its slowed
// wall in `setAside`, where `boundedWallsOf` reads it, with the share of CPU time it lost as the
// reading would give it (`lostShare`, which farBehindSetAside reads); a configuration the race retires
// takes no more turns. Deterministic: a seed gives the same rounds every time.
//
// The workload: serial (2.5x slower than the rest), threads ×2 and processes ×2 (the comparison that
// decides the verdict: threads' wall time over processes' is the true ratio), and threads ×4 and
// processes ×4, each exactly on the limit behind its strategy's ×2, where any "behind" retirement by
// the race is wrong. The verdict is threads when the true ratio is within the margin, processes
// beyond it; within the settle rule's zone (SETTLE_ZONE) either is acceptable.
import { mulberry32 } from '../src/stats/random.ts'
import type { RoundSample, SetAsideTurn, Strategy, StrategyRun } from '../src/types.ts'
import { decide } from '../src/verdict/recommend.ts'
import { MAX_ROUNDS, nextStep, settleBounds } from '../src/verdict/stopping.ts'
import type { RoundsState, StoppingRules } from '../src/verdict/stopping.ts'
import type { NeighbourModel, NoiseModel, Turns } from './stopping-simulation.ts'
import { turnsOf } from './stopping-simulation.ts'

export interface EngineScenario {
  /** True wall-time ratio of threads ×2 over processes ×2. */
  readonly trueRatio: number
  readonly margin: number
  readonly noise: NoiseModel
  readonly neighbour: NeighbourModel | null
}

export interface EngineOutcome {
  readonly runs: number
  /** Share of workloads whose settled verdict lies on the wrong side of the zone around the limit. */
  readonly wrong: number
  /** Share settled on the wrong side of the limit itself (inside the zone this is allowed). */
  readonly wrongSide: number
  /** Share settled. */
  readonly settled: number
  /** Share in which the race retired some configuration wrongly (true ratio not beyond its bound). */
  readonly raceWrong: number
  /** Mean rounds taken, up to the stop (settled, futile, or the round cap). */
  readonly meanRounds: number
}

const CONTENDERS: readonly { strategy: Strategy; workers: number }[] = [
  { strategy: 'serial', workers: 1 },
  { strategy: 'threads', workers: 2 },
  { strategy: 'threads', workers: 4 },
  { strategy: 'processes', workers: 2 },
  { strategy: 'processes', workers: 4 }
]

/** Simulates `runs` workloads of a scenario through nextStep. */
export function simulateEngine(
  scenario: EngineScenario,
  runs: number,
  seed: number
): EngineOutcome {
  const random = mulberry32(seed)
  const limit = 1 + scenario.margin
  const { within, beyond } = settleBounds(scenario.margin)
  const a = Math.log(scenario.trueRatio)
  // serial, threads ×2, threads ×4, processes ×2, processes ×4
  const levels = [Math.log(2.5), a, a + Math.log(limit), 0, Math.log(limit)]
  let wrong = 0
  let wrongSide = 0
  let settled = 0
  let raceWrong = 0
  let rounds = 0
  for (let run = 0; run < runs; run++) {
    const turns = turnsOf({ ...scenario, maxRounds: MAX_ROUNDS }, levels, random)
    const outcome = oneWorkload(turns, levels, scenario.margin)
    rounds += outcome.rounds
    if (outcome.raceWrong) raceWrong++
    if (outcome.verdict === null) continue
    settled++
    const threads = outcome.verdict === 'threads'
    if (threads ? scenario.trueRatio >= within : scenario.trueRatio <= beyond) wrong++
    if (threads ? scenario.trueRatio > limit : scenario.trueRatio <= limit) wrongSide++
  }
  return {
    runs,
    wrong: wrong / runs,
    wrongSide: wrongSide / runs,
    settled: settled / runs,
    raceWrong: raceWrong / runs,
    meanRounds: rounds / runs
  }
}

/** One workload's rounds through nextStep: its settled verdict (null if none), rounds, race errors. */
function oneWorkload(
  turns: Turns,
  levels: readonly number[],
  margin: number
): { verdict: Strategy | null; rounds: number; raceWrong: boolean } {
  const rules: StoppingRules = { margin, comparison: null }
  const runs = CONTENDERS.map((contender) => ({
    ...contender,
    samples: [] as (RoundSample | null)[],
    setAside: [] as SetAsideTurn[],
    stopped: null as StrategyRun['stopped']
  }))
  let raceWrong = false
  for (let round = 0; round < MAX_ROUNDS; round++) {
    runs.forEach((run, c) => {
      const taken = run.stopped === null
      const aside = taken && turns.aside[c]![round]!
      run.samples.push(taken && !aside ? sample(turns.walls[c]![round]!) : null)
      // A set-aside turn keeps its (slowed) wall, as measure/set-aside.ts keeps it.
      if (aside)
        run.setAside.push({
          round,
          sample: sample(turns.walls[c]![round]!),
          lostSeconds: 0,
          lostShare: turns.lostShares[c]![round]!,
          reason: 'the neighbour'
        })
    })
    const head = runs.map(strategyRun)
    const state: RoundsState = {
      rounds: round + 1,
      tasks: 1,
      head,
      base: null,
      pastBudget: false,
      budgetSecondsLeft: Infinity,
      roundSeconds: 1,
      interrupted: false
    }
    const step = nextStep(state, rules)
    if (step.kind === 'stop') {
      const verdict = step.reason === 'settled' ? decide(head, margin).recommendation : null
      return { verdict, rounds: round + 1, raceWrong }
    }
    for (const order of step.retire) {
      const index = CONTENDERS.findIndex(
        (c) => c.strategy === order.strategy && c.workers === order.workers
      )
      const { versus, cause } = order.retirement
      const against = CONTENDERS.findIndex(
        (c) => c.strategy === versus?.strategy && c.workers === versus?.workers
      )
      if (index < 0 || against < 0) continue
      const trueRatio = Math.exp(levels[index]! - levels[against]!)
      const bound = cause === 'no-gain' ? 1 / (1 + margin) : 1 + margin
      if (trueRatio <= bound * (1 + 1e-9)) raceWrong = true
      runs[index]!.stopped = order.retirement
    }
  }
  return { verdict: null, rounds: MAX_ROUNDS, raceWrong }
}

function strategyRun(run: {
  strategy: Strategy
  workers: number
  samples: (RoundSample | null)[]
  setAside: SetAsideTurn[]
  stopped: StrategyRun['stopped']
}): StrategyRun {
  return {
    interpreter: null,
    gilForced: false,
    strategy: run.strategy,
    workers: run.workers,
    startupSeconds: 0,
    startMethod: null,
    samples: [...run.samples],
    setAside: [...run.setAside],
    bytesToWorkersPerCall: null,
    bytesFromWorkersPerCall: null,
    error: null,
    stopped: run.stopped,
    gilEnabled: null,
    gilEnabledBy: []
  }
}

function sample(wallSeconds: number): RoundSample {
  return {
    wallSeconds,
    cpuSeconds: null,
    childCpuSeconds: null,
    peakRssBytes: null,
    bytesToWorkersPerCall: null,
    bytesFromWorkersPerCall: null
  }
}
