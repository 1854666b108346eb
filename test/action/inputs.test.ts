import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readSettings } from '../../src/action/inputs.ts'
import { UsageError } from '../../src/errors.ts'

const workspace = mkdtempSync(join(tmpdir(), 'ca-inputs-'))

/** Sets inputs the way the runner does: INPUT_<NAME> with hyphens kept. */
function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values))
    vi.stubEnv(`INPUT_${name.toUpperCase()}`, value)
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: '/runner/temp',
    GITHUB_JOB: 'advise',
    ...extra
  }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('readSettings', () => {
  it("applies action.yml's defaults when the runner sets nothing", () => {
    const settings = readSettings(env())
    expect(settings).toMatchObject({
      mode: 'measure-and-comment',
      results: [],
      runnerLabel: null,
      predictCpus: [4, 8, 16, 64],
      config: '.github/concurrency-advisor.yml',
      token: null,
      commentAuthor: null,
      workingDirectory: workspace,
      python: null,
      comment: true,
      failOn: 'never',
      budgetSeconds: null,
      jobKey: 'advise',
      resultsPath: '/runner/temp/concurrency-advisor/advise-results.json',
      shard: null,
      shardWeights: []
    })
    expect(settings.run).toMatchObject({
      apiUrl: 'https://api.github.com',
      retryUnitMs: 1000,
      workspace
    })
  })

  it('reads every input', () => {
    inputs({
      config: 'perf.yml',
      'github-token': 'tkn',
      'comment-author': 'my-app[bot]',
      'working-directory': '.',
      python: '/usr/bin/python3.12, python3.13t',
      comment: 'False',
      'fail-on': 'mismatch',
      budget: '90.5',
      'job-key': 'linux py3.12',
      'results-path': 'out/results.json',
      mode: 'measure',
      'runner-label': 'ubuntu-24.04-arm',
      'predict-cpus': '32, 8,8'
    })
    const settings = readSettings(
      env({ GITHUB_API_URL: 'http://127.0.0.1:9', CONCURRENCY_ADVISOR_RETRY_UNIT_MS: '5' })
    )
    expect(settings).toMatchObject({
      config: 'perf.yml',
      token: 'tkn',
      commentAuthor: 'my-app[bot]',
      python: ['/usr/bin/python3.12', 'python3.13t'],
      comment: false,
      failOn: 'mismatch',
      budgetSeconds: 90.5,
      jobKey: 'linux py3.12',
      resultsPath: join(workspace, 'out/results.json'),
      mode: 'measure',
      runnerLabel: 'ubuntu-24.04-arm',
      predictCpus: [8, 32]
    })
    expect(settings.run).toMatchObject({ apiUrl: 'http://127.0.0.1:9', retryUnitMs: 5 })
  })

  it('names the runner by ImageOS when no runner-label is given', () => {
    expect(
      readSettings(env({ ImageOS: 'ubuntu24', RUNNER_NAME: 'GitHub Actions 3' })).runnerLabel
    ).toBe('ubuntu24')
  })

  it('reads report mode: results one per line, and "report" as the comment key', () => {
    inputs({ mode: 'report', results: 'a.json\n  results/**/*.json \n\n' })
    expect(readSettings(env())).toMatchObject({
      mode: 'report',
      results: ['a.json', 'results/**/*.json'],
      jobKey: 'report'
    })
  })

  it('reads a shard of mode measure and its weights, one per line', () => {
    inputs({ mode: 'measure', shard: ' 2/4 ', 'shard-weights': 'base-results\n last.json\n' })
    expect(readSettings(env())).toMatchObject({
      shard: { index: 2, count: 4 },
      shardWeights: ['base-results', 'last.json']
    })
  })

  it.each([
    [
      { mode: 'measure', shard: '5/4' },
      'action input: shard: "5/4" is not K/N with whole numbers 1 ≤ K ≤ N ≤ 256, e.g. 2/4'
    ],
    [
      { shard: '1/4' },
      'action input: shard: needs mode: measure (mode is measure-and-comment); a job with mode: report joins the shards into one comment'
    ],
    [
      { mode: 'report', results: 'r', shard: '1/4' },
      'action input: shard: needs mode: measure (mode is report); a job with mode: report joins the shards into one comment'
    ],
    [
      { mode: 'measure', 'shard-weights': 'last.json' },
      'action input: shard-weights: needs shard, the split it balances'
    ]
  ])('rejects the shard inputs %j with one line', (values, message) => {
    inputs(values)
    expect(() => readSettings(env())).toThrow(new UsageError(message))
  })

  it('reads strict-baseline, which needs a baseline file', () => {
    expect(readSettings(env()).strictBaseline).toBe(false)
    inputs({ baseline: 'base.json', 'strict-baseline': 'true' })
    expect(readSettings(env())).toMatchObject({
      strictBaseline: true,
      baseline: join(workspace, 'base.json')
    })
    vi.unstubAllEnvs()
    inputs({ 'strict-baseline': 'true' })
    expect(() => readSettings(env())).toThrow(
      new UsageError(
        'action input: strict-baseline: needs baseline, the results file it is strict about'
      )
    )
  })

  it('needs results in report mode', () => {
    inputs({ mode: 'report' })
    expect(() => readSettings(env())).toThrow(
      new UsageError(
        'action input: results: is empty; mode report needs a results file, a directory of them or a glob'
      )
    )
  })

  it.each([
    [
      'mode',
      'comment-only',
      'action input: mode: "comment-only" is not allowed; use one of measure-and-comment, measure, report'
    ],
    [
      'predict-cpus',
      '4,eight',
      'action input: predict-cpus: "4,eight" is not a list of CPU counts; use whole numbers from 1 to 65536 separated by commas, e.g. 4,8,16,64'
    ],
    [
      'fail-on',
      'sometimes',
      'action input: fail-on: "sometimes" is not allowed; use one of never, mismatch, regression, any'
    ],
    [
      'comment-author',
      'my app',
      'action input: comment-author: "my app" is not a GitHub login; use the account the token writes as, e.g. my-app[bot]'
    ],
    ['comment', 'yes', 'action input: comment: "yes" is not a boolean; use true or false'],
    [
      'python',
      'python3.14,,python3.14t',
      'action input: python: "python3.14,,python3.14t" is not an interpreter, or several separated by commas, each once, e.g. python3.14,python3.14t'
    ],
    [
      'budget',
      '-3',
      'action input: budget: "-3" is not a number of seconds; use a positive number, or leave it empty for no limit'
    ],
    [
      'working-directory',
      'nowhere',
      `action input: working-directory: "nowhere" is not a directory (resolved to ${join(workspace, 'nowhere')})`
    ]
  ])(
    'rejects %s: %s with one line naming the input, the value and what is allowed',
    (name, value, message) => {
      inputs({ [name]: value })
      expect(() => readSettings(env())).toThrow(new UsageError(message))
    }
  )
})
