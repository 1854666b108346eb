// npm run bench [-- --config FILE --aa N --compare]: prints figures, asserts nothing.
// npm run bench -- --cost OTHER_DIST [--config FILE]: only the cost benchmark, this build against
//   another build's dist/ (see scripts/bench-cost.ts).
// npm run bench -- --shards N [--config FILE] [--copies K] [--repeat R]: only the shards benchmark,
//   the config (K copies of each workload) whole and as N shards, R times (see scripts/bench-shards.ts).
// npm run bench -- --contention [options]: contention readings of real rounds, quiet and beside a
//   neighbour (scripts/contention-rounds.ts).
// npm run bench -- --simulate [options]: simulated stopping decisions (scripts/simulate-stopping.ts).
// npm run bench -- --sweep [DIST] [--config FILE] [--only a,b] [--labels FILE]: a build's CLI
//   (default this checkout's dist/) against a blind 3-round sweep of serial, threads and processes
//   at 2 and 4 workers (scripts/sweep/), workload by workload, alternating; the tool/sweep
//   wall-time ratio per runtime (scripts/bench-sweep.ts).
// npm run bench -- --replay TURNS... --config FILE [--only a,b]: this checkout's measuring loop run
//   again on the turns of recorded runs (--turns), nothing run (scripts/replay-turns.ts).
// npm run bench -- --noise [DIST] [--config FILE] [--only a,b] [--labels FILE]: a build's CLI on
//   the config quiet, then beside an intermittent neighbour burning one CPU; verdicts judged against
//   fixtures/labels.yml and both wall times (scripts/bench-noise.ts).
//   1. time to verdict per workload (rounds, seconds) and the pools' start-up times;
//   2. A/A runs: the same code measured N more times and compared with the first run as a
//      baseline file (and, with --compare, with itself as a checkout measured alongside), counting
//      how often the regression gate would raise a false alarm.
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load.ts'
import { benchCost } from './bench-cost.ts'
import { benchNoise } from './bench-noise.ts'
import { benchSweep } from './bench-sweep.ts'
import { replayTurns } from './replay-turns.ts'
import { benchShards, copiedConfig } from './bench-shards.ts'
import { benchContention } from './contention-rounds.ts'
import { simulateStopping } from './simulate-stopping.ts'
import { advise } from '../src/engine.ts'
import { formatSeconds, formatSpeedup } from '../src/format.ts'
import type { Baseline, Results } from '../src/types.ts'

// The modes with options of their own, handed the rest of the command line.
const [mode, ...rest] = process.argv.slice(2)
if (mode === '--contention') {
  await benchContention(rest)
  process.exit(0)
}
if (mode === '--simulate') {
  simulateStopping(rest)
  process.exit(0)
}
if (mode === '--sweep' || mode === '--noise' || mode === '--replay') {
  try {
    await (mode === '--sweep'
      ? benchSweep(rest)
      : mode === '--noise'
        ? benchNoise(rest)
        : replayTurns(rest))
  } catch (error) {
    // Bad usage or input: one line, no stack.
    console.error(`npm run bench -- ${mode}: ${(error as Error).message}`)
    process.exit(2)
  }
  process.exit(0)
}

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'fixtures/concurrency-advisor.yml' },
    aa: { type: 'string', default: '2' },
    compare: { type: 'boolean', default: false },
    cost: { type: 'string' },
    shards: { type: 'string' },
    copies: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '1' }
  }
})
if (values.shards !== undefined) {
  const file = copiedConfig(values.config, Number(values.copies))
  const shardConfig = await loadConfig(file, { cwd: process.cwd(), python: null })
  await benchShards(file, shardConfig, Number(values.shards), Number(values.repeat))
  process.exit(0)
}
const config = await loadConfig(values.config, { cwd: process.cwd(), python: null })
if (values.cost !== undefined) {
  await benchCost(
    values.config,
    config.workloads.map((w) => w.name),
    values.cost
  )
  process.exit(0)
}
const runs = Number(values.aa)

const first = await advise(config, { budgetSeconds: null, context: null })
console.log(
  `# Time to verdict (${first.environment.cpus} CPUs, ${first.environment.platform}, Python ${first.environment.python}, Node ${first.environment.node})`
)
console.log('workload | verdict | class | rounds | seconds | threads start-up | processes start-up')
for (const w of first.workloads) {
  const startup = (strategy: string): string =>
    formatSeconds(
      Math.max(
        ...w.measurements.filter((m) => m.strategy === strategy).map((m) => m.startupSeconds ?? 0)
      )
    )
  const verdict = `${w.recommendation ?? 'none'}${w.uncertain ? ' (uncertain)' : ''}`
  console.log(
    `${w.name} | ${verdict} | ${w.class} | ${w.rounds} | ${w.elapsedSeconds.toFixed(1)} | ${startup('threads')} | ${startup('processes')}`
  )
}
console.log(`total: ${first.durationSeconds.toFixed(1)} s`)

const tally = (label: string, all: readonly Results[]): void => {
  const counts = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 }
  let comparisons = 0
  let alarms = 0
  for (const results of all) {
    for (const w of results.workloads) {
      for (const change of [w.comparison?.throughput, w.comparison?.speedup]) {
        if (change === null || change === undefined) continue
        comparisons++
        counts[change.verdict]++
      }
      if (w.comparison?.regression === true) {
        alarms++
        console.log(`  false alarm: ${w.name}: ${w.comparison.summary}`)
      }
    }
  }
  const workloads = all.reduce((n, r) => n + r.workloads.length, 0)
  console.log(
    `${label}: ${all.length} runs, ${workloads} workload comparisons, ${comparisons} metric comparisons: ${JSON.stringify(counts)}; gate alarms: ${alarms}/${workloads}`
  )
}

if (runs > 0) {
  console.log(`\n# A/A against a baseline file (${runs} runs of unchanged code)`)
  const baseline: Baseline = { kind: 'file', source: 'first run', results: first }
  const aa: Results[] = []
  for (let i = 0; i < runs; i++) {
    const results = await advise(config, {
      budgetSeconds: null,
      context: null,
      baseline,
      failOn: 'regression'
    })
    aa.push(results)
    for (const w of results.workloads) {
      const t = w.comparison?.throughput
      console.log(
        `run ${i + 1} ${w.name}: throughput ${t ? `${t.ratio.toFixed(3)} [${t.interval?.low.toFixed(3)}–${t.interval?.high.toFixed(3)}] ${t.verdict}` : '–'}; speedup ${w.comparison?.speedup ? `${formatSpeedup(w.comparison.speedup.base)} → ${formatSpeedup(w.comparison.speedup.head)} ${w.comparison.speedup.verdict}` : '–'}`
      )
    }
  }
  tally('baseline file', aa)
}

if (values.compare) {
  console.log('\n# A/A against the same checkout measured alongside (--compare-dir .)')
  const baseline: Baseline = { kind: 'checkout', source: '.', dir: process.cwd(), sha: null }
  const aa: Results[] = []
  for (let i = 0; i < Math.max(1, runs); i++) {
    aa.push(
      await advise(config, { budgetSeconds: null, context: null, baseline, failOn: 'regression' })
    )
  }
  tally('compare-dir', aa)
}
