// The action's merge gates, run from dist/ as GitHub runs it: a failed gate fails the step (exit 1)
// only after the comment, summary and outputs are out; compare: base measures the pull request's base
// commit from a git worktree. Workloads are sleeps, whose answers have huge margins.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import type { ActionRunOptions } from '../helpers/action-run.ts'
import { pullRequestEvent, runAction } from '../helpers/action-run.ts'
import { ensureDist } from '../helpers/dist.ts'
import type { FakeApi } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'
import { tempDir } from '../helpers/temp.ts'

let entry = ''
let api: FakeApi | null = null

beforeAll(async () => {
  entry = await ensureDist()
}, 300_000)

afterEach(async () => {
  await api?.close()
  api = null
})

const CONFIG =
  'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: serial, budget: 20, timeout: 20}\n'
const WAIT = (seconds: number): string => `import time\n\ndef wait():\n    time.sleep(${seconds})\n`

function inputs(dir: string, more: Record<string, string>): ActionRunOptions['inputs'] {
  return {
    config: 'ca.yml',
    'github-token': 'ghs_gateToken',
    'working-directory': dir,
    'job-key': 'gates',
    ...more
  }
}

describe('fail-on in the action', () => {
  it('fails the step on a confident mismatch, after the comment and outputs are written', async () => {
    const repo = tempDir('ca-gate-')
    repo.write('ca.yml', CONFIG)
    // Sleeps long enough that a loaded test machine's wake-up delays stay a small share of each turn:
    // with 10 ms sleeps this test once passed the gate under the parallel suite's load (most likely an
    // uncertain verdict from turns set aside as contended), and an uncertain verdict fails no gate.
    repo.write('wait.py', WAIT(0.05))
    api = await startFakeApi()
    const run = await runAction(entry, {
      inputs: inputs(repo.path, { 'fail-on': 'mismatch' }),
      apiUrl: api.url,
      event: pullRequestEvent(),
      eventName: 'pull_request',
      env: { GITHUB_WORKSPACE: repo.path }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Gate \(--fail-on mismatch\): FAILED%0A {2}✗ uses mismatch: wait: declares uses: serial, but threads ×\d+ measured best/
    )
    expect(run.outputs.gate).toBe('failed')
    expect(api.comments).toHaveLength(1)
    expect(api.comments[0]!.body).toContain('**Gate failed** (`fail-on: mismatch`)')
    expect(run.summary).toContain('**Gate failed**')
  })

  it('compare: base measures the base commit from a worktree and fails on a regression', async () => {
    const repo = tempDir('ca-repo-')
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: repo.path,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t'
        }
      }).trim()
    git('init', '-q')
    repo.write('ca.yml', CONFIG.replace('uses: serial', 'uses: threads'))
    repo.write('wait.py', WAIT(0.01))
    git('add', '.')
    git('commit', '-qm', 'base')
    const baseSha = git('rev-parse', 'HEAD')
    repo.write('wait.py', WAIT(0.02))
    git('commit', '-qam', 'head: each call waits twice as long')
    const event = pullRequestEvent() as { pull_request: { base: { sha: string } } }
    event.pull_request.base.sha = baseSha
    api = await startFakeApi()
    const run = await runAction(entry, {
      inputs: inputs(repo.path, { 'fail-on': 'regression', compare: 'base' }),
      apiUrl: api.url,
      event,
      eventName: 'pull_request',
      env: { GITHUB_WORKSPACE: repo.path }
    })
    expect(run.code).toBe(1)
    expect(run.outputs.gate).toBe('failed')
    expect(JSON.parse(run.outputs.regressions!)).toEqual(['wait'])
    expect(api.comments[0]!.body).toMatch(/Compared with the checkout base commit [0-9a-f]{12}/)
    // The worktree is gone: only the main checkout is listed.
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)
  })

  it('reports a regression against a busy baseline run as unconfirmed, unless strict-baseline', async () => {
    const repo = tempDir('ca-gate-')
    repo.write('ca.yml', CONFIG.replace('uses: serial', 'uses: threads'))
    repo.write('wait.py', WAIT(0.02))
    api = await startFakeApi()
    const runWith = (more: Record<string, string>) =>
      runAction(entry, {
        inputs: inputs(repo.path, more),
        apiUrl: api!.url,
        event: pullRequestEvent(),
        eventName: 'pull_request',
        env: { GITHUB_WORKSPACE: repo.path }
      })
    const first = await runWith({ 'results-path': 'head.json' })
    expect(first.code).toBe(0)
    // The base: each call took half as long, measured on a runner busy throughout (its results say so).
    const measured = JSON.parse(readFileSync(join(repo.path, 'head.json'), 'utf8')) as Results
    const half = (wall: number | null): number | null => (wall === null ? null : wall / 2)
    repo.write(
      'busy-base.json',
      JSON.stringify({
        ...measured,
        workloads: measured.workloads.map((w) => ({
          ...w,
          contention: { monitored: true, turns: 30, setAside: 24, lostSeconds: 3.1, busy: true },
          measurements: w.measurements.map((m) => ({
            ...m,
            wallSeconds: half(m.wallSeconds),
            wallSamples: m.wallSamples.map(half)
          }))
        }))
      })
    )
    const gated = { 'fail-on': 'regression', baseline: 'busy-base.json' }
    const lenient = await runWith(gated)
    expect(lenient.code).toBe(0)
    expect(lenient.outputs.gate).toBe('passed')
    expect(api.comments.at(-1)!.body).toMatch(
      /unconfirmed regression \(the baseline's run of it was busy; --strict-baseline fails on it\): wait: /
    )
    const strict = await runWith({ ...gated, 'strict-baseline': 'true' })
    expect(strict.code).toBe(1)
    expect(strict.outputs.gate).toBe('failed')
    expect(strict.stdout).toMatch(
      /::error::Gate \(--fail-on regression\): FAILED%0A {2}✗ regression: wait: /
    )
  })

  it('needs a baseline for fail-on regression', async () => {
    const repo = tempDir('ca-gate-')
    repo.write('ca.yml', CONFIG)
    repo.write('wait.py', WAIT(0.01))
    api = await startFakeApi()
    const run = await runAction(entry, {
      inputs: inputs(repo.path, { 'fail-on': 'regression' }),
      apiUrl: api.url,
      event: pullRequestEvent(),
      eventName: 'pull_request',
      env: { GITHUB_WORKSPACE: repo.path }
    })
    expect(run.code).toBe(2)
    expect(run.stdout).toContain(
      '::error::action input: fail-on: regression needs a baseline file (baseline) or compare: base'
    )
    expect(api.requests).toHaveLength(0)
  })
})
