// The shards benchmark: what the slowest job of a `shard: [1..N]` matrix costs against one job that
// measures everything. Runs this checkout's dist/cli.js as a matrix job would, on this machine, one run
// after the other: the config whole, then each of the N shards weighed by the whole run's results file
// (`--shard-weights`), then merges the shards with `concurrency-advisor report` and checks that every
// workload came back once. With --repeat R the repetitions alternate which goes first (whole, then the
// shards weighed by it; then the shards weighed by the previous whole, then the whole), so that a
// machine growing busier or quieter hits both alike. Prints figures, asserts nothing.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseDocument } from 'yaml'
import { planShards, weightsFrom } from '../src/config/shard.ts'
import { formatSeconds } from '../src/format.ts'
import { parseResults } from '../src/results/file.ts'
import type { Config, Results } from '../src/types.ts'

const run = promisify(execFile)
const CLI = path.resolve('dist/cli.js')

interface Timed {
  readonly seconds: number
  readonly results: Results
}

/** One CLI run, timed from spawn to exit: everything a matrix job waits for but the checkout. */
async function timedRun(args: readonly string[], json: string): Promise<Timed> {
  const started = performance.now()
  await run(process.execPath, [CLI, ...args, '--json', json, '-q'], {
    maxBuffer: 64 * 1024 * 1024
  })
  const seconds = (performance.now() - started) / 1000
  return { seconds, results: parseResults(JSON.parse(readFileSync(json, 'utf8')), json) }
}

/**
 * A config of `copies` copies of each workload of `file` (names suffixed -2, -3, ...), module paths
 * made absolute, in a scratch folder: a larger suite with the same lumpy workloads.
 */
export function copiedConfig(file: string, copies: number): string {
  if (copies === 1) return file
  const scratch = mkdtempSync(path.join(tmpdir(), 'ca-copies-'))
  const document = parseDocument(readFileSync(file, 'utf8'))
  const data = document.toJS() as { workloads: Record<string, unknown>[] }
  const workloads = Array.from({ length: copies }, (_, copy) =>
    data.workloads.map((w) => ({
      ...w,
      name: copy === 0 ? w.name : `${String(w.name)}-${copy + 1}`,
      module: path.resolve(String(w.module))
    }))
  ).flat()
  const out = path.join(scratch, `copies-${copies}.yml`)
  writeFileSync(out, JSON.stringify({ ...data, workloads }, null, 2))
  return out
}

/** Measures `config` whole and as `count` shards `repeat` times, and prints the comparison. */
export async function benchShards(
  file: string,
  config: Config,
  count: number,
  repeat: number
): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ca-shards-'))
  const names = config.workloads.map((w) => w.name)
  console.log(
    `# Shards: ${file}, ${names.length} workloads, ${count} shards, ${repeat} repetition${repeat === 1 ? '' : 's'} (dist/cli.js, one run after the other)`
  )
  console.log(
    `rep | order | whole s | ${Array.from({ length: count }, (_, i) => `shard ${i + 1} s`).join(' | ')} | longest s | longest / (whole/${count}) | every workload once | same verdicts`
  )
  let weightsFile: string | null = null
  let usedWeights = ''
  const ratios: number[] = []
  for (let rep = 1; rep <= repeat; rep++) {
    const wholeFirst = weightsFile === null || rep % 2 === 1
    const wholeJson = path.join(scratch, `whole-${rep}.json`)
    let whole: Timed | null = null
    if (wholeFirst) {
      whole = await timedRun(['--config', file], wholeJson)
      weightsFile = wholeJson
    }
    const shards: Timed[] = []
    usedWeights = weightsFile!
    for (let k = 1; k <= count; k++) {
      const args = ['--config', file, '--shard', `${k}/${count}`, '--shard-weights', weightsFile!]
      shards.push(await timedRun(args, path.join(scratch, `shard-${rep}-${k}.json`)))
    }
    if (whole === null) {
      whole = await timedRun(['--config', file], wholeJson)
      weightsFile = wholeJson
    }
    const merged = path.join(scratch, `merged-${rep}.json`)
    const files = shards.map((_, i) => path.join(scratch, `shard-${rep}-${i + 1}.json`))
    await run(process.execPath, [CLI, 'report', ...files, '--json', merged])
    const joined = parseResults(JSON.parse(readFileSync(merged, 'utf8')), merged)
    const once = JSON.stringify(joined.workloads.map((w) => w.name)) === JSON.stringify(names)
    const verdict = (r: Results, name: string): string => {
      const w = r.workloads.find((x) => x.name === name)!
      return `${w.recommendation}×${w.workers}`
    }
    const same = names.filter((n) => verdict(joined, n) === verdict(whole.results, n)).length
    const longest = Math.max(...shards.map((s) => s.seconds))
    ratios.push(longest / (whole.seconds / count))
    console.log(
      `${rep} | ${wholeFirst ? 'whole first' : 'shards first'} | ${whole.seconds.toFixed(1)} | ${shards.map((s) => s.seconds.toFixed(1)).join(' | ')} | ${longest.toFixed(1)} | ${ratios.at(-1)!.toFixed(2)} | ${once ? 'yes' : 'NO'} | ${same}/${names.length}`
    )
  }
  console.log(`\nlongest shard / (whole / ${count}): ${ratios.map((r) => r.toFixed(2)).join(', ')}`)
  printSplit(config, count, usedWeights)
}

/** The split the shards used, and what config order would have given, both predicted from the weights. */
function printSplit(config: Config, count: number, weightsFile: string): void {
  const results = parseResults(JSON.parse(readFileSync(weightsFile, 'utf8')), weightsFile)
  const weights = weightsFrom([weightsFile], [results])
  const predicted = (plan: ReturnType<typeof planShards>): number[] =>
    Array.from({ length: count }, (_, i) =>
      plan
        .filter((w) => w.shard === i + 1)
        .reduce((sum, w) => sum + (weights.seconds.get(w.name) ?? 0), 0)
    )
  const weighed = planShards(config.workloads, count, weights)
  const total = [...weights.seconds.values()].reduce((a, b) => a + b, 0)
  console.log(
    `\nThe last repetition's split, by the weights in ${path.basename(weightsFile)} (${formatSeconds(total)} of workloads in all):`
  )
  for (let k = 1; k <= count; k++) {
    const held = weighed.filter((w) => w.shard === k)
    console.log(
      `  shard ${k}: ${formatSeconds(predicted(weighed)[k - 1]!)}: ${held.map((w) => w.name).join(', ')}`
    )
  }
  const even = total / count
  const longest = (loads: number[]): string =>
    `${formatSeconds(Math.max(...loads))} (${(Math.max(...loads) / even).toFixed(2)}x of an even share)`
  console.log(
    `Longest shard by those weights: weighed ${longest(predicted(weighed))}; in config order ${longest(predicted(planShards(config.workloads, count, null)))}`
  )
}
