// Simulated sequential decisions (scripts/stopping-simulation.ts): the false-decision rate and the
// rounds to a decision of today's rules and of the evidence rule (src/stats/evidence.ts), on a grid
// of true ratios around the limit, for several noise levels, quiet and beside the neighbour.
//
//   npm run bench -- --simulate [--runs N] [--seed S] [--results a.json,b.json] [--engine-only]
//   node scripts/simulate-stopping.ts [same options]
//
// Then the same grid through the engine's own rules (scripts/engine-simulation.ts: nextStep with its
// settle zone, race and futility); --engine-only prints that part alone.
//
// --results: results files of real runs (`--json`); each workload's rounds give a per-turn noise
// (stats/evidence.ts pooledNoise), printed, and their median joins the grid. Asserts nothing; CPU
// bound for a few minutes: run it with `nice -n 19` on a shared machine.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pooledNoise } from '../src/stats/pooled-noise.ts'
import { median } from '../src/stats/summary.ts'
import { SETTLE_ZONE } from '../src/verdict/stopping.ts'
import { simulateEngine } from './engine-simulation.ts'
import type { NeighbourModel, NoiseModel, Rule, Scenario } from './stopping-simulation.ts'
import {
  aboveOnly,
  evidenceRule,
  simulate,
  TODAY_RACE,
  TODAY_SETTLE
} from './stopping-simulation.ts'

/** The limit decided against: the default margin of 10%. */
export const LIMIT = 1.1
/** True ratios simulated, as multiples of the limit. */
export const RATIOS_TO_LIMIT = [0.6, 0.8, 0.9, 0.95, 0.98, 1, 1.02, 1.05, 1.1, 1.25, 1.5]
/** Per-turn noise levels simulated (standard deviation of a turn's log wall time). */
export const TURN_SIGMAS = [0.01, 0.03, 0.1, 0.25]

/** Heavy tails (Student-t, 3 degrees of freedom), contenders unequally noisy, rounds that shift. */
export function noiseModel(turnSigma: number): NoiseModel {
  return { turnSigma, tailDf: 3, spread: 2, roundShockSigma: 0.1 }
}

/**
 * The neighbour of issue 19, burning one CPU about half the time: a fifth of the turns slowed 1.2-3x,
 * of which the contention reading catches most (set aside) and misses some; a few quiet turns set
 * aside by mistake.
 */
export const NEIGHBOUR: NeighbourModel = {
  slowedShare: 0.2,
  slowdown: [1.2, 3],
  detectedShare: 0.85,
  falseAsideShare: 0.02
}

export const RULES: readonly Rule[] = [
  TODAY_SETTLE,
  TODAY_RACE,
  evidenceRule('evidence rule'),
  aboveOnly(evidenceRule('evidence rule, one-sided (race)'))
]

export function scenario(trueToLimit: number, turnSigma: number, neighbour: boolean): Scenario {
  return {
    trueRatio: LIMIT * trueToLimit,
    limit: LIMIT,
    noise: noiseModel(turnSigma),
    neighbour: neighbour ? NEIGHBOUR : null,
    contenders: 5,
    maxRounds: 30
  }
}

/** Per-turn noise of each workload of some results files. */
export function measuredNoise(files: readonly string[]): { name: string; sigma: number }[] {
  return files.flatMap((file) => {
    const results = JSON.parse(readFileSync(file, 'utf8')) as {
      workloads: { name: string; measurements: { wallSamples: (number | null)[] }[] }[]
    }
    return results.workloads.flatMap((workload) => {
      const noise = pooledNoise(workload.measurements.map((m) => m.wallSamples))
      return noise === null ? [] : [{ name: workload.name, sigma: noise.turnSigma }]
    })
  })
}

/** Runs the simulation with command-line arguments (those after `--simulate` under bench.ts). */
export function simulateStopping(args: readonly string[]): void {
  const { values } = parseArgs({
    args: [...args],
    options: {
      runs: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '19' },
      results: { type: 'string' },
      'engine-only': { type: 'boolean', default: false }
    }
  })
  const runs = Number(values.runs)
  const sigmas = [...TURN_SIGMAS]
  if (values.results !== undefined) {
    const measured = measuredNoise(values.results.split(','))
    console.log("# Per-turn noise of real rounds (pooled over each workload's contenders)")
    for (const { name, sigma } of measured) console.log(`${name} | ${sigma.toFixed(3)}`)
    const sorted = measured.map((m) => m.sigma).sort((a, b) => a - b)
    const middle = median(sorted)
    console.log(
      `median ${middle.toFixed(3)}, p10 ${sorted[Math.floor(0.1 * sorted.length)]!.toFixed(3)}, p90 ${sorted[Math.floor(0.9 * sorted.length)]!.toFixed(3)} over ${sorted.length} workloads\n`
    )
    sigmas.push(Number(middle.toFixed(3)))
    sigmas.sort((a, b) => a - b)
  }
  if (!values['engine-only']) rulesGrid(sigmas, runs, Number(values.seed))
  engineGrid(sigmas, runs, Number(values.seed))
}

/** The rules alone, one comparison each: today's and the evidence rule. */
function rulesGrid(sigmas: readonly number[], runs: number, seed: number): void {
  console.log(
    `# Simulated decisions: limit ${LIMIT}, ${runs} workloads per cell, 5 contenders, looks after rounds 2-30; cells: wrong decisions % / mean rounds`
  )
  const worst = new Map<string, number>()
  let cell = 0
  for (const sigma of sigmas) {
    for (const neighbour of [false, true]) {
      console.log(`\n## per-turn noise ${sigma}, ${neighbour ? 'beside the neighbour' : 'quiet'}`)
      console.log(`| rule | ${RATIOS_TO_LIMIT.map((r) => `${r}×limit`).join(' | ')} |`)
      console.log(`| --- | ${RATIOS_TO_LIMIT.map(() => '---').join(' | ')} |`)
      const rows = RULES.map(() => [] as string[])
      for (const ratio of RATIOS_TO_LIMIT) {
        const outcomes = simulate(scenario(ratio, sigma, neighbour), RULES, runs, seed + cell++)
        outcomes.forEach((outcome, index) => {
          rows[index]!.push(
            `${(outcome.wrong * 100).toFixed(1)} / ${outcome.meanRounds.toFixed(1)}`
          )
          const name = RULES[index]!.name
          worst.set(name, Math.max(worst.get(name) ?? 0, outcome.wrong))
        })
      }
      RULES.forEach((rule, index) => console.log(`| ${rule.name} | ${rows[index]!.join(' | ')} |`))
    }
  }
  console.log('\n# Worst false-decision rate over the grid')
  for (const [name, rate] of worst) console.log(`${name}: ${(rate * 100).toFixed(1)}%`)
}

/** True ratios of the engine grid: the rules' grid and the edges of the settle zone. */
const ZONE = 1 + (LIMIT - 1) * SETTLE_ZONE
const ENGINE_RATIOS = [0.6, 0.8, 0.9, 1 / ZONE, 0.98, 1, 1.02, ZONE, 1.1, 1.25, 1.5]

/** Whole workloads through nextStep (scripts/engine-simulation.ts). */
function engineGrid(sigmas: readonly number[], runs: number, seed: number): void {
  console.log(
    `\n# The stopping rules as wired (verdict/stopping.ts nextStep): limit ${LIMIT}, zone ${(LIMIT / ZONE).toFixed(3)}-${(LIMIT * ZONE).toFixed(3)}, ${runs} workloads per cell; cells: settled beyond the zone on the wrong side % / on the wrong side of the limit % / race retirements wrong % / mean rounds / settled %`
  )
  let worst = 0
  let worstRace = 0
  let cell = 1000
  for (const sigma of sigmas) {
    const header = ENGINE_RATIOS.map((r) => `${r.toFixed(3)}×limit`)
    console.log(`\n| per-turn noise ${sigma} | ${header.join(' | ')} |`)
    console.log(`| --- | ${header.map(() => '---').join(' | ')} |`)
    for (const neighbour of [false, true]) {
      const cells = ENGINE_RATIOS.map((ratio) => {
        const o = simulateEngine(
          {
            trueRatio: LIMIT * ratio,
            margin: LIMIT - 1,
            noise: noiseModel(sigma),
            neighbour: neighbour ? NEIGHBOUR : null
          },
          runs,
          seed + cell++
        )
        worst = Math.max(worst, o.wrong)
        worstRace = Math.max(worstRace, o.raceWrong)
        const pct = (x: number): string => (x * 100).toFixed(1)
        return `${pct(o.wrong)} / ${pct(o.wrongSide)} / ${pct(o.raceWrong)} / ${o.meanRounds.toFixed(1)} / ${(o.settled * 100).toFixed(0)}`
      })
      console.log(`| ${neighbour ? 'beside the neighbour' : 'quiet'} | ${cells.join(' | ')} |`)
    }
  }
  console.log(
    `\nWorst over the grid: settled beyond the zone on the wrong side ${(worst * 100).toFixed(1)}%, race retirements wrong ${(worstRace * 100).toFixed(1)}%`
  )
}

if (import.meta.main) simulateStopping(process.argv.slice(2))
