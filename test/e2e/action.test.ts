// dist/index.js run as GitHub runs it, against a local stand-in for the REST API. Assertions are on what
// the API received and on the files the runner would read; nothing about timing.

import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { commentMarker } from '../../src/github/comment.ts'
import type { ActionRunOptions } from '../helpers/action-run.ts'
import { pullRequestEvent, runAction } from '../helpers/action-run.ts'
import { ensureDist } from '../helpers/dist.ts'
import type { FakeApi, FakeApiOptions } from '../helpers/github-api.ts'
import { startFakeApi } from '../helpers/github-api.ts'

const TOKEN = 'ghs_e2eTokenThatMustNeverBePrinted42'
const WORKLOADS = ['sleepy', 'trivial']
let entry = ''
let api: FakeApi | null = null

beforeAll(async () => {
  entry = await ensureDist()
}, 300_000)

afterEach(async () => {
  await api?.close()
  api = null
})

async function start(options: FakeApiOptions = {}): Promise<FakeApi> {
  api = await startFakeApi(options)
  return api
}

function options(server: FakeApi, overrides: Partial<ActionRunOptions> = {}): ActionRunOptions {
  return {
    inputs: {
      config: 'test/fixtures/action/advisor.yml',
      'github-token': TOKEN,
      'working-directory': '.',
      python: '',
      comment: 'true',
      'fail-on': 'never',
      budget: '',
      'job-key': '',
      'results-path': ''
    },
    apiUrl: server.url,
    event: pullRequestEvent(),
    eventName: 'pull_request',
    // Short retry waits; production waits 1, 4 and 9 seconds.
    env: { CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20' },
    ...overrides
  }
}

/** The verdict table's row of a workload in a report. */
function rowOf(report: string, name: string): string | undefined {
  return report.split('\n').find((line) => line.startsWith(`| ${name} |`))
}

describe('the action, run from dist/ as GitHub runs it', () => {
  it('creates one comment through two 502s, then updates it in place on the next run', async () => {
    // A person's comment carrying the marker, posted before the first run, must not be taken for ours.
    const squatted = {
      issue: 'octo/repo/7',
      body: `${commentMarker('advise')}\nLooks fine to me`,
      user: { login: 'mallory', type: 'User' }
    }
    const server = await start({ failWrites: 2, comments: [squatted] })
    const first = await runAction(entry, options(server))
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)

    const comments = server.comments.filter((c) => c.user.login === 'github-actions[bot]')
    expect(comments).toHaveLength(1)
    const body = comments[0]!.body
    expect(body.startsWith(commentMarker('advise'))).toBe(true)
    expect(body).toContain('| Workload | Verdict | Threads | Processes | CPU use | Memory | Why |')
    const recommendations = JSON.parse(first.outputs.recommendations!) as Record<
      string,
      string | null
    >
    expect(Object.keys(recommendations).sort()).toEqual(WORKLOADS)
    for (const name of WORKLOADS) {
      expect(rowOf(body, name)).toContain(recommendations[name] ?? 'failed')
    }
    expect(server.count('POST')).toBe(3)
    expect(first.outputs['comment-url']).toBe(comments[0]!.html_url)
    expect(JSON.parse(first.outputs.mismatches!)).toEqual(expect.any(Array))
    expect(first.outputs['results-path']).toMatch(/results\.json$/)
    expect(first.summary).toContain('| Workload | Verdict |')
    for (const name of WORKLOADS) expect(rowOf(first.summary, name)).toBeDefined()
    expect(
      server.requests
        .filter((r) => r.method !== 'GET')
        .every((r) => r.authorization === `token ${TOKEN}`)
    ).toBe(true)

    const second = await runAction(entry, options(server))
    expect(second.code).toBe(0)
    expect(server.comments.filter((c) => c.issue === 'octo/repo/7')).toHaveLength(2)
    expect(server.comments[0]).toEqual(expect.objectContaining(squatted))
    expect(server.count('POST')).toBe(3)
    expect(server.count('PATCH')).toBe(1)
    expect(server.requests.find((r) => r.method === 'PATCH')!.path).toBe(
      `/repos/octo/repo/issues/comments/${comments[0]!.id}`
    )
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url'])
    expect(second.stdout).toContain("Left alone: comments by mallory carry this tool's marker")
    // The installation token is never asked who it is; every request pins the API version.
    expect(server.count('GET', /^\/user$/)).toBe(0)
    expect(server.refused).toEqual([])
    for (const request of server.requests) {
      expect(request.apiVersion).toBe('2022-11-28')
      expect(request.accept).toBe('application/vnd.github+json')
    }

    for (const run of [first, second]) {
      expect(run.stdout).not.toContain(TOKEN)
      expect(run.stderr).not.toContain(TOKEN)
    }
  })

  it("warns on a fork's read-only token (403) and still writes the summary and outputs", async () => {
    const server = await start({ forbidWrites: true })
    const run = await runAction(entry, options(server, { event: pullRequestEvent(true) }))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::Could not write the pull-request comment \(HTTP 403/)
    expect(run.stdout).toContain('comes from a fork')
    expect(run.stdout).not.toContain('::error::')
    expect(run.summary).toContain('| Workload | Verdict |')
    expect(run.outputs['comment-url']).toBe('')
    expect(Object.keys(JSON.parse(run.outputs.recommendations!) as object).sort()).toEqual(
      WORKLOADS
    )
    expect(server.comments).toHaveLength(0)
    expect(run.stdout + run.stderr).not.toContain(TOKEN)
  })

  it('writes only the job summary on a push, with no call to the API', async () => {
    const server = await start()
    const run = await runAction(
      entry,
      options(server, { event: { ref: 'refs/heads/main' }, eventName: 'push' })
    )
    expect(run.code).toBe(0)
    expect(server.requests).toHaveLength(0)
    expect(run.summary).toContain('| Workload | Verdict |')
    expect(run.outputs['comment-url']).toBe('')
  })

  it('keeps one comment per job key and annotates the mismatch on its config line', async () => {
    // Another app's comment with the macos key's marker: left alone, with a hint in case it is ours.
    const otherApp = {
      issue: 'octo/repo/7',
      body: `${commentMarker('macos')}\nfrom another app`,
      user: { login: 'other-app[bot]', type: 'Bot' }
    }
    const server = await start({ comments: [otherApp] })
    const withKey = (key: string) =>
      options(server, { inputs: { ...options(server).inputs, 'job-key': key } })
    const linux = await runAction(entry, withKey('linux'))
    const macos = await runAction(entry, withKey('macos'))
    expect(server.comments.map((c) => c.body.split('\n')[0])).toEqual([
      commentMarker('macos'),
      commentMarker('linux'),
      commentMarker('macos')
    ])
    expect(server.comments[0]).toEqual(expect.objectContaining(otherApp))
    expect(macos.stdout).toContain(
      "::warning::Comments by other-app[bot] carry this job's marker. If the token writes as one of them"
    )
    expect(linux.stdout).not.toContain('set the input comment-author')
    expect(server.comments[1]!.body).toContain('## Concurrency advisor: linux')
    const mismatches = JSON.parse(linux.outputs.mismatches!) as string[]
    if (mismatches.includes('sleepy')) {
      expect(linux.stdout).toMatch(
        /::warning title=.*file=test\/fixtures\/action\/advisor\.yml,line=6::sleepy: /
      )
    }
  })

  it('fails with one line naming a bad input, before measuring', async () => {
    const server = await start()
    const run = await runAction(
      entry,
      options(server, { inputs: { ...options(server).inputs, 'fail-on': 'sometimes' } })
    )
    expect(run.code).toBe(2)
    expect(run.stdout).toContain(
      '::error::action input: fail-on: "sometimes" is not allowed; use one of never, mismatch, regression, any'
    )
    expect(run.summary).toBe('')
    expect(server.requests).toHaveLength(0)
  })
})
