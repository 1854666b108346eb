// The cost benchmark: this checkout's dist/cli.js against another build's (a path to its dist/),
// workload by workload, alternating which goes first, on the same machine. Prints the wall-time
// ratio, each build's verdicts, the rounds per configuration, the turns each build set aside as
// slowed by other processes or the host and what the race stopped early. Each run waits first for a quiet
// machine (quiet-machine.ts). Asserts nothing: figures for docs/cost.md.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseResults } from '../src/results/file.ts'
import type { Measurement, Results, WorkloadResult } from '../src/types.ts'
import { quietLog } from './quiet-machine.ts'
import { loadAverage, verdictText as verdict } from './tool-run.ts'

const run = promisify(execFile)

interface Timed {
  readonly seconds: number
  readonly result: WorkloadResult
}

/** Runs one workload with one build's CLI; the time includes everything a user waits for. */
async function measureWith(
  cli: string,
  config: string,
  workload: string,
  scratch: string
): Promise<Timed> {
  const json = path.join(scratch, `${path.basename(path.dirname(cli))}-${workload}.json`)
  const started = performance.now()
  await run(process.execPath, [cli, '--config', config, '--only', workload, '--json', json, '-q'], {
    maxBuffer: 64 * 1024 * 1024
  })
  const seconds = (performance.now() - started) / 1000
  const results: Results = parseResults(JSON.parse(readFileSync(json, 'utf8')), json)
  return { seconds, result: results.workloads[0]! }
}

const roundsText = (ms: readonly Measurement[]): string =>
  ms
    .map((m) => `${m.strategy[0]}${m.workers}:${m.rounds}${m.stopped === null ? '' : '*'}`)
    .join(' ')

/** Alternates the two builds workload by workload and prints the comparison. */
export async function benchCost(
  config: string,
  workloads: readonly string[],
  previousDist: string
): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ca-cost-'))
  const builds = [
    { name: 'previous', cli: path.resolve(previousDist, 'cli.js') },
    { name: 'this', cli: path.resolve('dist/cli.js') }
  ]
  console.log(
    `# Cost: this build against ${previousDist}, alternating workload by workload; load average ${loadAverage()}`
  )
  console.log(
    'workload | previous s | this s | ratio | previous verdict | this verdict | set aside: previous, this | this build: rounds per config (* stopped early)'
  )
  const totals = [0, 0]
  const stoppedNotes: string[] = []
  const firstRound: [number[], number[]] = [[], []]
  const waits = quietLog()
  for (const [index, workload] of workloads.entries()) {
    const order = index % 2 === 0 ? [0, 1] : [1, 0]
    const timed: Timed[] = []
    for (const b of order) {
      await waits.before(`${workload} (${builds[b]!.name})`)
      timed[b] = await measureWith(builds[b]!.cli, config, workload, scratch)
    }
    const [previous, current] = [timed[0]!, timed[1]!]
    totals[0]! += previous.seconds
    totals[1]! += current.seconds
    console.log(
      `${workload} | ${previous.seconds.toFixed(1)} | ${current.seconds.toFixed(1)} | ${(current.seconds / previous.seconds).toFixed(2)} | ${verdict(previous.result)} | ${verdict(current.result)} | ${setAsideText(previous.result)}, ${setAsideText(current.result)} | ${roundsText(current.result.measurements)}`
    )
    for (const b of [0, 1]) firstRound[b]!.push(...firstRoundExcess(timed[b]!.result))
    for (const m of current.result.measurements) {
      if (m.stopped !== null && m.stopped.cause !== 'one-worker')
        stoppedNotes.push(`  ${workload}: ${m.strategy} ×${m.workers} ${m.stopped.reason}`)
    }
  }
  console.log(
    `total | ${totals[0]!.toFixed(1)} | ${totals[1]!.toFixed(1)} | ${(totals[1]! / totals[0]!).toFixed(2)} | | | |`
  )
  console.log(`load average at the end: ${loadAverage()}`)
  console.log(waits.text())
  // A warm-up too short for the workload shows as a slow first measured round.
  console.log(
    '\nFirst measured round over the median of the later ones (pools of 2+ workers, 3+ rounds): ' +
      `previous ${spread(firstRound[0])}; this ${spread(firstRound[1])}`
  )
  console.log('\nStopped early (one-worker pools left out: they always stop after one round):')
  console.log(stoppedNotes.length === 0 ? '  none' : stoppedNotes.join('\n'))
}

/**
 * The turns a run set aside as slowed by other processes or the host, of all it took ("3/34"; "-" where nothing
 * was monitored): a pair in which one build lost many more than the other says the machine was not
 * the same for both, whatever the ratio.
 */
function setAsideText(result: WorkloadResult): string {
  const summary = result.contention
  return summary === undefined || summary === null || !summary.monitored
    ? '-'
    : `${summary.setAside}/${summary.turns}`
}

/** Round 1's wall time over the median of the later rounds, per pool of two or more workers. */
function firstRoundExcess(result: WorkloadResult): number[] {
  return result.measurements.flatMap((m) => {
    const walls = m.wallSamples
    const first = walls[0]
    const later = walls.slice(1).filter((w): w is number => w !== null)
    if (
      m.strategy === 'serial' ||
      m.workers < 2 ||
      first === null ||
      first === undefined ||
      later.length < 2
    )
      return []
    later.sort((a, b) => a - b)
    return [first / later[Math.floor(later.length / 2)]!]
  })
}

/** Median and range of a list of ratios, as text. */
function spread(values: readonly number[]): string {
  if (values.length === 0) return 'no data'
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted[Math.floor(sorted.length / 2)]!
  return `median ${mid.toFixed(3)}, ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)} over ${sorted.length} pools`
}
