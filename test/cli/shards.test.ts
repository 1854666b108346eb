// --shard K/N and `concurrency-advisor report` through the real CLI, on the scripted runtime
// (--debug-scripted-runtime): a config of seven workloads measured whole and as three shards weighed
// by the whole run, then merged. The verdicts come from scripted timings, so they are the same on
// every machine; nothing here depends on a measurement.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { runCli, SCRIPTED, scriptedGilLoop, scriptedWaits } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const NAMES = ['wait-a', 'loop-a', 'wait-b', 'loop-b', 'wait-c', 'loop-c', 'wait-d']
const dir = tempDir('ca-shards-')
const scripts: Record<string, object> = {}
const lines = ['workloads:']
NAMES.forEach((name, i) => {
  dir.write(`${name}.py`, 'def run():\n    pass\n')
  const waits = name.startsWith('wait')
  // Waits scale in threads; loops hold the GIL and scale only in two processes.
  scripts[name] = waits ? scriptedWaits(0.002 * (i + 1)) : scriptedGilLoop(0.002 * (i + 1))
  lines.push(
    `  - {name: ${name}, module: ${name}.py, function: run, uses: ${waits ? 'threads' : 'processes'}}`
  )
})
dir.write('advisor.yml', `${lines.join('\n')}\n`)
dir.write('scripted-runtime.json', JSON.stringify(scripts))
dir.write('two.yml', 'workloads:\n  - {name: wait-a, module: wait-a.py, function: run}\n')

const read = (name: string): Results =>
  JSON.parse(readFileSync(join(dir.path, name), 'utf8')) as Results
const cli = (...args: string[]) => runCli(args, dir.path)
const verdicts = (results: Results) =>
  results.workloads.map((w) => [w.name, w.recommendation, w.workers, w.class])

// An earlier run's wall times, chosen: the scripted runtime's own are too short to mean anything.
const WEIGHTS: Record<string, number> = {
  'wait-a': 10,
  'loop-a': 40,
  'wait-b': 20,
  'loop-b': 25,
  'wait-c': 15,
  'loop-c': 5,
  'wait-d': 30
}

beforeAll(async () => {
  const whole = await cli('--config', 'advisor.yml', '--json', 'whole.json', '-q', SCRIPTED)
  expect(whole.stderr).toBe('')
  const earlier = read('whole.json')
  const weighed = earlier.workloads.map((w) => ({ ...w, elapsedSeconds: WEIGHTS[w.name]! }))
  writeFileSync(join(dir.path, 'weights.json'), JSON.stringify({ ...earlier, workloads: weighed }))
  for (const k of [1, 2, 3]) {
    const run = await cli(
      '--config',
      'advisor.yml',
      '--shard',
      `${k}/3`,
      '--shard-weights',
      'weights.json',
      '--json',
      `shard-${k}.json`,
      '--fail-on',
      'any',
      '-q',
      SCRIPTED
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  }
}, 60_000)

describe('--shard K/N', () => {
  it('measures each workload in exactly one shard, longest first, and records the whole split in each file', () => {
    const shards = [1, 2, 3].map((k) => read(`shard-${k}.json`))
    // loop-a 40 → 1; wait-d 30 → 2; loop-b 25 → 3; wait-b 20 → 3; wait-c 15 → 2; wait-a 10 → 1;
    // loop-c 5 → 2: 50, 50 and 45 s.
    expect(shards.map((s) => s.workloads.map((w) => w.name))).toEqual([
      ['wait-a', 'loop-a'],
      ['wait-c', 'loop-c', 'wait-d'],
      ['wait-b', 'loop-b']
    ])
    for (const [i, results] of shards.entries()) {
      expect(results.shard).toMatchObject({ index: i + 1, count: 3, weights: ['weights.json'] })
      expect(results.shard!.workloads.map((w) => w.name)).toEqual(NAMES)
      expect(results.shard!.workloads).toEqual(shards[0]!.shard!.workloads)
      expect(results.gate).toMatchObject({ failOn: 'any', failed: false })
    }
    expect(read('whole.json').shard).toBeNull()
  })

  it('--dry-run prints the shard, its workloads with their weights and the whole split, and measures nothing', async () => {
    const run = await cli(
      '--config',
      'advisor.yml',
      '--shard',
      '2/3',
      '--shard-weights',
      'weights.json',
      '--json',
      'dry.json',
      '--dry-run',
      SCRIPTED
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        'Shard 2/3 of advisor.yml: 3 of 7 workloads, 50.00 s, split by the wall times in weights.json (dry run: nothing measured)',
        '  wait-c  python  wait-c.py run  15.00 s',
        '  loop-c  python  loop-c.py run  5.00 s',
        '  wait-d  python  wait-d.py run  30.00 s',
        'All shards: 1: 2 workloads, 50.00 s · 2: 3 workloads, 50.00 s · 3: 2 workloads, 45.00 s\n'
      ].join('\n')
    )
    expect(existsSync(join(dir.path, 'dry.json'))).toBe(false)
  })

  it('says so of a shard with no workload, exits 0 and still writes a results file that report takes', async () => {
    const run = await cli('--config', 'two.yml', '--shard', '2/2', '--json', 'empty.json', SCRIPTED)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Shard 2/2 has no workload: the split gave all 1 to other shards. Nothing to measure.'
    )
    expect(read('empty.json')).toMatchObject({ workloads: [], shard: { index: 2, count: 2 } })
  })
})

describe('concurrency-advisor report', () => {
  it('merges three shards into one runner with every workload once and the unsharded verdicts', async () => {
    const run = await cli(
      'report',
      'shard-3.json',
      'shard-1.json',
      'shard-2.json',
      '--json',
      'merged.json',
      '--markdown',
      'comment.md',
      '--fail-on',
      'any'
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const merged = read('merged.json')
    expect(merged.workloads.map((w) => w.name)).toEqual(NAMES)
    expect(verdicts(merged)).toEqual(verdicts(read('whole.json')))
    expect(merged).toMatchObject({ shard: null, gate: { failOn: 'any', failed: false } })
    expect(run.stdout).toMatch(/^Runner Linux \w+ · \d+ CPUs?, from shards 1, 2, 3 of 3: /)
    expect(run.stdout).toContain('Gate (--fail-on any): passed')
    const comment = readFileSync(join(dir.path, 'comment.md'), 'utf8')
    const header = comment.split('\n').find((line) => line.startsWith('| Workload |'))!
    expect(header).toMatch(/^\| Workload \| Linux \w+ · \d+ CPUs? \| Across runners \|$/)
    for (const name of NAMES)
      expect(comment.split('\n').filter((line) => line.startsWith(`| ${name} |`))).toHaveLength(1)
  })

  it('names a missing shard with its workloads, and --fail-on any fails on it', async () => {
    const missing = read('shard-2.json').workloads.map((w) => w.name)
    const run = await cli('report', 'shard-1.json', 'shard-3.json', '--fail-on', 'any')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `sent no results file (its job failed or was cancelled, or its file was not passed): ${missing.join(', ')} not measured.`
    )
    expect(run.stdout).toContain(
      `Gate (--fail-on any): FAILED\n  ✗ not measured: shard 2/3 sent no results file: ${missing.join(', ')}\n`
    )
    expect((await cli('report', 'shard-1.json', 'shard-3.json')).code).toBe(0)
  })

  it('writes one merged results file per runner when the files are of several runners', async () => {
    for (const k of [1, 2, 3]) {
      const shard = read(`shard-${k}.json`)
      const other = { ...shard, environment: { ...shard.environment, arch: 'arm64' } }
      writeFileSync(join(dir.path, `arm-${k}.json`), JSON.stringify(other))
    }
    const files = [1, 2, 3].flatMap((k) => [`shard-${k}.json`, `arm-${k}.json`])
    const run = await cli('report', ...files, '--json', 'runners.json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const written = [...run.stdout.matchAll(/^Merged results of .+ written to (\S+)$/gm)].map(
      (m) => m[1]!
    )
    expect(written).toHaveLength(2)
    expect(written.every((file) => /^runners-linux-.+-cpus?\.json$/.test(file))).toBe(true)
    expect(written.map((file) => read(file).environment.arch).sort()).toEqual(
      ['arm64', read('shard-1.json').environment.arch].sort()
    )
    for (const file of written) expect(read(file).workloads.map((w) => w.name)).toEqual(NAMES)
  })

  it('keeps the later file of a re-run shard and says so', async () => {
    const again = { ...read('shard-2.json'), finishedAt: '2999-01-01T00:00:00.000Z' }
    writeFileSync(join(dir.path, 'shard-2-rerun.json'), JSON.stringify(again))
    const run = await cli(
      'report',
      'shard-1.json',
      'shard-2.json',
      'shard-3.json',
      'shard-2-rerun.json'
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'has two results files (a re-run): kept shard-2-rerun.json, the later one; left out shard-2.json.'
    )
  })

  it.each([
    [
      'a file that is not a results file',
      ['report', 'advisor.yml'],
      /^concurrency-advisor: advisor\.yml: not a results file: invalid JSON/
    ],
    [
      'a newer schemaVersion',
      ['report', 'shard-1.json', 'newer.json'],
      /^concurrency-advisor: newer\.json: schemaVersion: expected 1, got 2; a newer concurrency-advisor wrote it/
    ],
    [
      'files of another config',
      ['report', 'shard-1.json', 'other-config.json'],
      /^concurrency-advisor: other-config\.json: configFile: "other\.yml", but shard-1\.json measured "advisor\.yml"; merge the results of one config/
    ],
    ['no file', ['report'], /^concurrency-advisor: report: needs one or more results files/],
    [
      'an unknown flag',
      ['report', '--markdwn', 'x.md', 'shard-1.json'],
      /^concurrency-advisor: report: --markdwn: unknown flag \(did you mean "--markdown"\?\)/
    ],
    [
      'a shard beyond the count',
      ['--config', 'advisor.yml', '--shard', '4/3'],
      /^concurrency-advisor: --shard: "4\/3" is not K\/N with whole numbers 1 ≤ K ≤ N ≤ 256/
    ],
    [
      'weights without a shard',
      ['--config', 'advisor.yml', '--shard-weights', 'whole.json'],
      /^concurrency-advisor: --shard-weights: needs --shard K\/N/
    ],
    [
      'weights that are not results',
      ['--config', 'advisor.yml', '--shard', '1/2', '--shard-weights', 'advisor.yml', '--dry-run'],
      /^concurrency-advisor: --shard-weights: advisor\.yml: not a results file/
    ]
  ])('refuses %s with one line and exit 2', async (_, args, message) => {
    writeFileSync(
      join(dir.path, 'newer.json'),
      JSON.stringify({ ...read('shard-2.json'), schemaVersion: 2 })
    )
    writeFileSync(
      join(dir.path, 'other-config.json'),
      JSON.stringify({ ...read('shard-2.json'), configFile: 'other.yml' })
    )
    const run = await cli(...args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })
})
