// Modes measure and report, from dist/ as GitHub runs them. One real run on this machine in mode
// measure (a fork's pull request: it must not call the API), then two hand-edited copies standing in
// for a 16-CPU Linux runner and a macOS runner with the spawn start method, each with another verdict
// on one workload. Report mode under a `workflow_run` event, whose payload names no pull request, reads
// the three from a download-artifact layout and posts one comment. Nothing about timing is asserted.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { commentMarker } from '../../src/github/comment.ts'
import type { Results, Strategy, WorkloadResult } from '../../src/types.ts'
import type { ActionResult, ActionRunOptions } from '../helpers/action-run.ts'
import { pullRequestEvent, runAction } from '../helpers/action-run.ts'
import { ensureDist } from '../helpers/dist.ts'
import type { FakeApi, FakeApiOptions } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'
import { tempDir } from '../helpers/temp.ts'

const TOKEN = 'ghs_reportModeTokenThatMustNeverBePrinted'
const HEAD = 'a'.repeat(40)
let entry = ''
let api: FakeApi | null = null
let measured: ActionResult
let real: Results

beforeAll(async () => {
  entry = await ensureDist()
  // Mode measure on a fork's pull request: a stand-in that would record any call.
  const server = await startFakeApi()
  try {
    measured = await runAction(entry, {
      inputs: {
        config: 'test/fixtures/action/advisor.yml',
        'github-token': TOKEN,
        mode: 'measure',
        'runner-label': 'ubuntu-latest'
      },
      apiUrl: server.url,
      event: pullRequestEvent(true),
      eventName: 'pull_request',
      env: { ImageOS: 'ubuntu24', CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20' }
    })
    expect(server.requests).toEqual([])
  } finally {
    await server.close()
  }
  real = JSON.parse(readFileSync(measured.outputs['results-path']!, 'utf8')) as Results
}, 300_000)

afterEach(async () => {
  await api?.close()
  api = null
})

function other(strategy: Strategy | null): Strategy {
  return strategy === 'processes' ? 'threads' : 'processes'
}

/** `real` with one workload's verdict changed, as another runner might have measured it. */
function edited(
  changes: Partial<Results>,
  workloadName: string,
  workload: (w: WorkloadResult) => Partial<WorkloadResult> = () => ({})
): Results {
  return {
    ...real,
    ...changes,
    workloads: real.workloads.map((w) => ({
      ...w,
      ...workload(w),
      ...(w.name === workloadName
        ? {
            recommendation: other(w.recommendation),
            workers: 4,
            reason: `Edited for the test: ${other(w.recommendation)} wins on this runner.`
          }
        : {})
    }))
  }
}

/** The three runs as download-artifact lays them out, plus a JSON file that is not a results file. */
function artifacts(edit: (runs: Results[]) => Results[] = (runs) => runs): {
  dir: string
  results: string
} {
  const bigCpus = Math.max(16, real.environment.cpus * 4)
  const linux16 = edited(
    {
      environment: { ...real.environment, cpus: bigCpus, hostCpus: bigCpus },
      context: { ...real.context!, runner: 'ubuntu-latest-16-cores', runId: '4243' }
    },
    'trivial'
  )
  const macos = edited(
    {
      environment: {
        ...real.environment,
        platform: 'darwin',
        arch: 'arm64',
        osRelease: '24.1.0',
        pythonStartMethod: 'spawn'
      },
      context: { ...real.context!, runner: 'macos-latest', runId: '4244' }
    },
    'sleepy',
    () => ({ startMethod: 'spawn' })
  )
  const runs = edit([real, linux16, macos])
  const dir = tempDir('ca-report-').path
  const names = ['ubuntu-latest', 'ubuntu-latest-16-cores', 'macos-latest']
  runs.forEach((results, i) => {
    const folder = join(dir, 'concurrency-results', `concurrency-results-${names[i]}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'advise-results.json'), JSON.stringify(results, null, 2))
  })
  mkdirSync(join(dir, 'concurrency-results', 'stray'), { recursive: true })
  writeFileSync(join(dir, 'concurrency-results', 'stray', 'package.json'), '{"name": "stray"}')
  return { dir, results: 'concurrency-results' }
}

/** A workflow_run event: GitHub leaves pull_requests empty when the pull request is from a fork. */
function workflowRunEvent(headSha = HEAD): object {
  return {
    action: 'completed',
    workflow_run: {
      id: 4242,
      event: 'pull_request',
      head_sha: headSha,
      head_branch: 'feature',
      pull_requests: [],
      conclusion: 'success'
    },
    repository: { full_name: 'octo/repo' }
  }
}

async function report(
  options: FakeApiOptions,
  layout: { dir: string; results: string },
  overrides: Partial<ActionRunOptions> = {}
): Promise<{ server: FakeApi; run: ActionResult }> {
  api = await startFakeApi(options)
  const run = await runAction(entry, {
    inputs: {
      'github-token': TOKEN,
      mode: 'report',
      results: layout.results,
      'working-directory': layout.dir
    },
    apiUrl: api.url,
    event: workflowRunEvent(),
    eventName: 'workflow_run',
    env: { CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20' },
    ...overrides
  })
  expect(run.stdout + run.stderr).not.toContain(TOKEN)
  return { server: api, run }
}

function rowOf(body: string, name: string): string {
  return body.split('\n').find((line) => line.startsWith(`| ${name} |`)) ?? ''
}

describe('mode measure', () => {
  it('writes the results file with the run context, the summary and outputs, and calls no API', () => {
    expect(measured.code).toBe(0)
    expect(measured.stderr).toBe('')
    expect(real.context).toEqual({
      runner: 'ubuntu-latest',
      repository: 'octo/repo',
      pullRequest: 7,
      headSha: HEAD,
      baseSha: 'b'.repeat(40),
      runId: '4242',
      job: 'advise'
    })
    expect(real.environment.cpus).toBeGreaterThan(0)
    expect(real.environment.python).toEqual(expect.any(String))
    expect(measured.summary).toContain('| Workload | Verdict |')
    expect(measured.outputs['comment-url']).toBe('')
    expect(measured.outputs.differs).toBe('[]')
    expect(measured.stdout).toContain('mode: measure: no comment is written')
  })

  it('carries a 16-CPU prediction in the JSON for every pool that worked at two worker counts', () => {
    for (const workload of real.workloads) {
      const predictions = workload.predictions
      for (const strategy of ['threads', 'processes'] as const) {
        const working = workload.measurements.filter(
          (m) => m.strategy === strategy && m.error === null && m.speedup !== null
        )
        if (working.length < 2) continue
        const prediction = predictions.find((p) => p.strategy === strategy)
        expect(prediction?.points.find((p) => p.cpus === 16)?.speedup, workload.name).toEqual(
          expect.any(Number)
        )
      }
    }
  })
})

describe('mode report', () => {
  it('merges three runners into one comment on the pull request the results name, under workflow_run', async () => {
    const layout = artifacts()
    const { server, run } = await report({ pulls: { 'octo/repo/7': { headSha: HEAD } } }, layout)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)

    const comments = server.comments.filter((c) => c.issue === 'octo/repo/7')
    expect(server.comments).toHaveLength(1)
    const body = comments[0]!.body
    expect(body.startsWith(commentMarker('report'))).toBe(true)
    expect(body).toContain('## Concurrency advisor across 3 runners')
    const header = body.split('\n').find((line) => line.startsWith('| Workload |'))!
    // A column per runner, in the path order of the files, then the verdict across them.
    const columns = header.replace(/^\| | \|$/g, '').split(' | ')
    expect(columns).toHaveLength(5)
    expect(columns[0]).toBe('Workload')
    expect(columns[4]).toBe('Across runners')
    expect(columns.slice(1, 4).sort()).toEqual([
      expect.stringMatching(/^macos-latest · macOS arm64 · \d+ CPUs?$/),
      expect.stringMatching(/^ubuntu-latest · Linux \w+ · \d+ CPUs?$/),
      expect.stringMatching(/^ubuntu-latest-16-cores · Linux \w+ · \d+ CPUs$/)
    ])
    for (const label of ['ubuntu-latest', 'ubuntu-latest-16-cores', 'macos-latest'])
      expect(body).toContain(`<summary><b>${label} · `)

    expect(rowOf(body, 'trivial')).toMatch(/🔀 Core count: \w+ on \d+ CPUs; \w+ on \d+ CPUs\. \|$/)
    expect(rowOf(body, 'sleepy')).toMatch(/🔀 Start method, OS.*: .*with spawn.*\. \|$/)
    expect(JSON.parse(run.outputs.differs!)).toEqual(['sleepy', 'trivial'])
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url)

    expect(run.stdout).toContain(
      '::warning::Skipped concurrency-results/stray/package.json: schemaVersion: expected 1'
    )
    expect(server.count('GET', /\/pulls\/7$/)).toBe(1)
    expect(run.summary).toContain('| Workload |')
    expect(rowOf(run.summary, 'trivial')).toContain('🔀 Core count')
  })

  it('writes only the summary, and says why, when the results name different pull requests', async () => {
    const layout = artifacts((runs) =>
      runs.map((r, i) => (i === 2 ? { ...r, context: { ...r.context!, pullRequest: 8 } } : r))
    )
    const { server, run } = await report({ pulls: { 'octo/repo/7': { headSha: HEAD } } }, layout)
    expect(run.code).toBe(0)
    expect(server.requests).toEqual([])
    expect(run.stdout).toMatch(/::warning::The results files name different pull requests \(#8 in /)
    expect(run.summary).toContain('The results files name different pull requests')
    expect(run.summary).toContain('| Workload |')
    expect(run.outputs['comment-url']).toBe('')
  })

  it('does not comment on a pull request whose head is not the commit the results measured', async () => {
    const layout = artifacts((runs) =>
      runs.map((r) => ({ ...r, context: { ...r.context!, pullRequest: 9 } }))
    )
    const { server, run } = await report(
      { pulls: { 'octo/repo/9': { headSha: 'e'.repeat(40) } } },
      layout
    )
    expect(run.code).toBe(0)
    expect(server.count('POST')).toBe(0)
    expect(run.stdout).toContain(`::warning::Pull request #9 is at commit ${'e'.repeat(40)}`)
    expect(run.summary).toContain('| Workload |')
  })
})
