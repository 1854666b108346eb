// Shards through the action, from dist/ as GitHub runs it: mode measure with `shard: 1/2` and `2/2`
// on the two quick workloads of test/fixtures/action/advisor.yml (real measurements, on a pull request,
// no API call), copies of the two files standing in for a macOS runner, then one job in mode report
// over the download-artifact layout against the local GitHub stand-in: one comment, one column per
// runner, every workload once. Without one shard file it names the missing shard and, with fail-on,
// fails the step after commenting. Nothing about timing is asserted.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import type { ActionResult } from '../helpers/action-run.ts'
import { pullRequestEvent, runAction } from '../helpers/action-run.ts'
import { ensureDist } from '../helpers/dist.ts'
import type { FakeApi } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'
import { tempDir } from '../helpers/temp.ts'

const HEAD = 'a'.repeat(40)
const WORKLOADS = ['sleepy', 'trivial']
let entry = ''
let api: FakeApi | null = null
const shards: Results[] = []

/** One shard job of the matrix, in mode measure; `extra` adds inputs. */
async function measureShard(shard: string, extra: Record<string, string> = {}) {
  const run = await runAction(entry, {
    inputs: {
      config: 'test/fixtures/action/advisor.yml',
      mode: 'measure',
      shard,
      'runner-label': 'ubuntu-latest',
      ...extra
    },
    apiUrl: 'http://127.0.0.1:9',
    event: pullRequestEvent(),
    eventName: 'pull_request',
    env: { CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20' }
  })
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  const results = JSON.parse(readFileSync(run.outputs['results-path']!, 'utf8')) as Results
  return { run, results }
}

beforeAll(async () => {
  entry = await ensureDist()
  for (const shard of ['1/2', '2/2']) shards.push((await measureShard(shard)).results)
}, 300_000)

afterEach(async () => {
  await api?.close()
  api = null
})

/** The shard files of two runners as download-artifact lays them out, less those `drop` names. */
function artifacts(drop: readonly string[] = []): string {
  const dir = tempDir('ca-report-shards-').path
  const macos = (results: Results): Results => ({
    ...results,
    environment: {
      ...results.environment,
      platform: 'darwin',
      arch: 'arm64',
      pythonStartMethod: 'spawn'
    },
    context: { ...results.context!, runner: 'macos-latest' }
  })
  const files: [string, Results][] = [
    ['ubuntu-latest-1', shards[0]!],
    ['ubuntu-latest-2', shards[1]!],
    ['macos-latest-1', macos(shards[0]!)],
    ['macos-latest-2', macos(shards[1]!)]
  ]
  for (const [name, results] of files) {
    if (drop.includes(name)) continue
    const folder = join(dir, 'concurrency-results', `concurrency-results-${name}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'advise-results.json'), JSON.stringify(results, null, 2))
  }
  return dir
}

async function report(dir: string, inputs: Record<string, string> = {}): Promise<ActionResult> {
  api = await startFakeApi({ pulls: { 'octo/repo/7': { headSha: HEAD } } })
  return runAction(entry, {
    inputs: {
      'github-token': 'ghs_reportShardsToken',
      mode: 'report',
      results: 'concurrency-results',
      'working-directory': dir,
      ...inputs
    },
    apiUrl: api.url,
    event: pullRequestEvent(),
    eventName: 'pull_request',
    env: { CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20' }
  })
}

describe('mode measure with shard', () => {
  it('measures each workload in one shard and records the split in the results file', () => {
    expect(shards.map((s) => s.workloads.map((w) => w.name))).toEqual([['sleepy'], ['trivial']])
    expect(shards.map((s) => s.shard?.index)).toEqual([1, 2])
    for (const results of shards) {
      expect(results.shard).toMatchObject({ count: 2, weights: [] })
      expect(results.shard!.workloads.map((w) => [w.name, w.shard])).toEqual([
        ['sleepy', 1],
        ['trivial', 2]
      ])
      expect(results.context).toMatchObject({
        runner: 'ubuntu-latest',
        pullRequest: 7,
        headSha: HEAD
      })
    }
  })

  it('balances by the wall times in shard-weights (a directory of results files)', async () => {
    const dir = artifacts(['macos-latest-1', 'macos-latest-2'])
    const { run, results } = await measureShard('2/2', {
      'shard-weights': join(dir, 'concurrency-results')
    })
    expect(results.shard!.weights).toEqual(
      [
        'concurrency-results-ubuntu-latest-1/advise-results.json',
        'concurrency-results-ubuntu-latest-2/advise-results.json'
      ].map((file) => join(dir, 'concurrency-results', file))
    )
    expect(results.shard!.workloads.map((w) => w.weightSeconds)).toEqual(
      shards.map((s) => s.workloads[0]!.elapsedSeconds)
    )
    expect(run.stdout).toMatch(/Shard 2\/2: \w+ \(1 of 2 workloads, split by the wall times in /)
  }, 120_000)
})

describe('mode report over shard artifacts', () => {
  it('posts one comment with one column per runner, every workload once', async () => {
    const run = await report(artifacts())
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(api!.comments).toHaveLength(1)
    const body = api!.comments[0]!.body
    expect(body).toContain('## Concurrency advisor across 2 runners')
    const header = body.split('\n').find((line) => line.startsWith('| Workload |'))!
    const columns = header.replace(/^\| | \|$/g, '').split(' | ')
    expect(columns).toEqual([
      'Workload',
      expect.stringMatching(/^macos-latest · macOS arm64 · \d+ CPUs?$/),
      expect.stringMatching(/^ubuntu-latest · Linux \w+ · \d+ CPUs?$/),
      'Across runners'
    ])
    for (const name of WORKLOADS)
      expect(body.split('\n').filter((line) => line.startsWith(`| ${name} |`))).toHaveLength(1)
    expect(body).toMatch(
      /\| shards 1, 2 of 2: concurrency-results\/concurrency-results-macos-latest-1\//
    )
    const recommendations = JSON.parse(run.outputs.recommendations!) as Record<string, object>
    expect(Object.values(recommendations).map((r) => Object.keys(r))).toEqual([
      WORKLOADS,
      WORKLOADS
    ])
    expect(run.outputs.gate).toBe('off')
    expect(body).not.toContain('sent no results file')
  })

  it('names the missing shard with its workload in the comment, and fail-on any fails on it', async () => {
    const run = await report(artifacts(['macos-latest-2']), { 'fail-on': 'any' })
    expect(run.code).toBe(1)
    expect(api!.comments).toHaveLength(1)
    const body = api!.comments[0]!.body
    expect(body).toContain('Shard 2/2 of macos-latest · macOS arm64 · ')
    expect(body).toMatch(
      /sent no results file \(its job failed or was cancelled, or its file was not passed\): trivial not measured\./
    )
    expect(body).toContain('> **Gate failed** (`fail-on: any`):')
    expect(run.stdout).toContain('::error::Gate (--fail-on any): FAILED')
    expect(run.stdout).toContain('not measured: shard 2/2 sent no results file: trivial')
    expect(run.stdout).toContain('::warning::Shard 2/2 of macos-latest')
    expect(run.outputs.gate).toBe('failed')
  })
})
