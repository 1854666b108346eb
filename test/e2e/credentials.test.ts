// The action runs code from the pull request. It receives the token as INPUT_GITHUB-TOKEN, and, as a
// JavaScript action, the runner's own credentials (ACTIONS_RUNTIME_TOKEN for artifacts and the cache,
// ACTIONS_ID_TOKEN_REQUEST_* for OIDC) that `run:` steps never see. None of them may reach the
// workloads, and the token is never printed. Run through dist/index.js as the runner runs it.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseResults } from '../../src/results/file.ts'
import { pullRequestEvent, runAction } from '../helpers/action-run.ts'
import type { ActionResult } from '../helpers/action-run.ts'
import { ensureDist } from '../helpers/dist.ts'
import { startFakeApi } from '../helpers/github-api.ts'
import type { FakeApi } from '../helpers/github-api.ts'
import { tempDir } from '../helpers/temp.ts'

const TOKEN = 'ghs_credentialsTestTokenNeverForWorkloads'
const RUNTIME_TOKEN = 'runtime-token-that-workloads-must-not-see'
const NAMES = [
  'INPUT_GITHUB-TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'GITHUB_TOKEN'
]
const args = JSON.stringify([TOKEN, ...NAMES])

const dir = tempDir('ca-e2e-credentials-')
const config = dir.write(
  'advisor.yml',
  [
    'timeout: 20',
    'budget: 1',
    'workloads:',
    `  - {name: python-env, module: test/fixtures/python/env_probe.py, function: no_secrets, args: ${args}, tasks: 4}`,
    `  - {name: node-env, module: test/fixtures/node/faults.ts, function: noSecrets, args: ${args}, tasks: 4}`,
    ''
  ].join('\n')
)
const resultsPath = join(dir.path, 'results.json')
let api: FakeApi
let run: ActionResult

beforeAll(async () => {
  const entry = await ensureDist()
  api = await startFakeApi()
  run = await runAction(entry, {
    inputs: {
      config,
      'github-token': TOKEN,
      'working-directory': '.',
      python: '',
      comment: 'true',
      'fail-on': 'never',
      budget: '',
      'job-key': '',
      'results-path': resultsPath,
      mode: 'measure-and-comment'
    },
    apiUrl: api.url,
    event: pullRequestEvent(),
    eventName: 'pull_request',
    env: {
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNTIME_TOKEN,
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/',
      GITHUB_TOKEN: TOKEN,
      CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '20'
    }
  })
}, 600_000)
afterAll(() => api.close())

describe("the action's credentials", () => {
  it('never reach the workloads, in any strategy of either runtime', () => {
    expect(run.code).toBe(0)
    const results = parseResults(JSON.parse(readFileSync(resultsPath, 'utf8')), resultsPath)
    expect(results.workloads.map((w) => w.name)).toEqual(['python-env', 'node-env'])
    for (const workload of results.workloads) {
      expect(workload.error).toBeNull()
      for (const measurement of workload.measurements)
        expect(measurement.error, `${workload.name} ${measurement.strategy}`).toBeNull()
    }
  })

  it('are never printed', () => {
    // The comment was written with the token: it was there to leak.
    expect(api.count('POST')).toBe(1)
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(RUNTIME_TOKEN)
    }
    expect(readFileSync(resultsPath, 'utf8')).not.toContain(RUNTIME_TOKEN)
  })
})
