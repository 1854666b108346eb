// Every action input, read once into typed settings: the only module that calls core.getInput. The
// runner puts action.yml's defaults into INPUT_* itself; the same defaults are applied here when a
// variable is missing, so a run outside the runner (tests, a local dry run) behaves the same.
// A bad value is a UsageError naming the input, the value and what is allowed.

import * as core from '@actions/core'
import { statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseShard, SHARD_RULE } from '../config/shard.ts'
import type { ShardChoice } from '../config/shard.ts'
import {
  CPU_LIST_RULE,
  INTERPRETER_LIST_RULE,
  parseCpuList,
  parseInterpreterList,
  parsePercent,
  PERCENT_RULE
} from '../config/values.ts'
import {
  baselineProblem,
  DEFAULT_FAIL_ON,
  DEFAULT_PREDICT_CPUS,
  DEFAULT_THRESHOLD_PERCENT
} from '../defaults.ts'
import { invalid } from '../errors.ts'
import { FAIL_ON } from '../closed-sets.ts'
import type { FailOn } from '../types.ts'

export const MODES = ['measure-and-comment', 'measure', 'report'] as const

export const COMPARES = ['none', 'base'] as const
/** none, or base: measure the pull request's base commit alongside, in the same rounds. */
export type Compare = (typeof COMPARES)[number]
/**
 * What the action does: measure and comment (one job); measure only, leaving the results file for a
 * later job (never calls the GitHub API, safe on a fork's pull request); or report on results files
 * measured elsewhere (a matrix, or the run that a `workflow_run` follows) in one comment.
 */
export type Mode = (typeof MODES)[number]

/**
 * action.yml's inputs and their defaults; test/action/action-yml.test.ts keeps the two in step, and
 * the defaults shared with the CLI come from defaults.ts.
 */
export const INPUT_DEFAULTS = {
  config: '.github/concurrency-advisor.yml',
  'github-token': '${{ github.token }}',
  'comment-author': '',
  'working-directory': '.',
  python: '',
  comment: 'true',
  'fail-on': DEFAULT_FAIL_ON,
  budget: '',
  'job-key': '',
  'results-path': '',
  mode: 'measure-and-comment',
  results: '',
  'runner-label': '',
  'predict-cpus': DEFAULT_PREDICT_CPUS.join(','),
  baseline: '',
  'strict-baseline': 'false',
  compare: 'none',
  threshold: String(DEFAULT_THRESHOLD_PERCENT),
  shard: '',
  'shard-weights': ''
} as const satisfies Record<string, string>

export type InputName = keyof typeof INPUT_DEFAULTS

/** What the runner tells the action about the run, from GITHUB_* and RUNNER_* variables. */
export interface RunEnvironment {
  readonly apiUrl: string
  /** e.g. https://github.com, for links to the run. */
  readonly serverUrl: string
  /** "owner/name" */
  readonly repository: string | null
  readonly eventName: string | null
  readonly eventPath: string | null
  readonly sha: string | null
  readonly runId: string | null
  readonly job: string | null
  /** The runner image (ImageOS, e.g. ubuntu24) or the runner's name, for the report header. */
  readonly runner: string | null
  /** The checkout root: annotation paths are relative to it. */
  readonly workspace: string
  /** Milliseconds per unit of the GitHub client's retry waits (1000; tests set it lower). */
  readonly retryUnitMs: number
}

export interface ActionSettings {
  readonly mode: Mode
  /** The config path as given, relative to the working directory. */
  readonly config: string
  /** null when no token was given: nothing is posted. */
  readonly token: string | null
  /** The login the token writes comments as (an app's `name[bot]`); null: learnt from the token. */
  readonly commentAuthor: string | null
  /** Absolute. */
  readonly workingDirectory: string
  /** Interpreters for Python workloads, the first the reference; null leaves the config's. */
  readonly python: readonly string[] | null
  readonly comment: boolean
  readonly failOn: FailOn
  readonly budgetSeconds: number | null
  /** Tells the comments of a matrix's jobs apart; report mode's default is "report". */
  readonly jobKey: string
  /** Absolute path of the results JSON. */
  readonly resultsPath: string
  /** Report mode: results files, directories or globs, one per line, relative to the working directory. */
  readonly results: readonly string[]
  /** Names the runner in the results and reports: the `runner-label` input, else ImageOS or the runner's name. */
  readonly runnerLabel: string | null
  /** CPU counts to predict the speedup at, ascending. */
  readonly predictCpus: readonly number[]
  /** A results file to compare with (absolute), or null. */
  readonly baseline: string | null
  /** A regression against the baseline file fails the gate even where the file's run was busy. */
  readonly strictBaseline: boolean
  /** base: check the pull request's base commit out into a git worktree and measure it alongside. */
  readonly compare: Compare
  /** Slowdown tolerated before it is a regression, as a fraction. */
  readonly threshold: number
  /** Mode measure: measure only this share of the config's workloads. */
  readonly shard: ShardChoice | null
  /** Results files, directories or globs, one per line, whose wall times balance the shards. */
  readonly shardWeights: readonly string[]
  readonly run: RunEnvironment
}

/** Reads and validates every input (INPUT_*, through core) and the run's GITHUB_* and RUNNER_* variables from `env`. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): ActionSettings {
  const run = readRunEnvironment(env)
  const workingDirectory = directory(
    'working-directory',
    resolve(run.workspace, input('working-directory'))
  )
  const mode = oneOf('mode', MODES)
  const jobKey = input('job-key') || (mode === 'report' ? 'report' : run.job || 'default')
  const resultsPath = input('results-path')
  const results = lines('results')
  if (mode === 'report' && results.length === 0) {
    throw invalid(
      'action input',
      'results',
      'is empty; mode report needs a results file, a directory of them or a glob'
    )
  }
  const failOn = oneOf('fail-on', FAIL_ON)
  const baselineInput = input('baseline')
  const baseline = baselineInput === '' ? null : resolve(workingDirectory, baselineInput)
  const compare = oneOf('compare', COMPARES)
  const problem = baselineProblem({
    file: baseline !== null,
    checkout: compare !== 'none',
    failOn: mode === 'report' ? DEFAULT_FAIL_ON : failOn
  })
  if (problem === 'both') {
    throw invalid('action input', 'baseline', 'give one of baseline and compare: base, not both')
  }
  if (problem === 'regression-without-baseline') {
    throw invalid(
      'action input',
      'fail-on',
      'regression needs a baseline file (baseline) or compare: base'
    )
  }
  const strictBaseline = boolean('strict-baseline')
  if (strictBaseline && baseline === null)
    throw invalid(
      'action input',
      'strict-baseline',
      'needs baseline, the results file it is strict about'
    )
  const shard = shardInput(mode)
  const shardWeights = lines('shard-weights')
  if (shardWeights.length > 0 && shard === null)
    throw invalid('action input', 'shard-weights', 'needs shard, the split it balances')
  return {
    mode,
    config: input('config'),
    // Outside the runner the default expression is not expanded; GITHUB_TOKEN is the usual stand-in.
    token: input('github-token') || env.GITHUB_TOKEN || null,
    commentAuthor: login('comment-author'),
    workingDirectory,
    python: interpreters('python'),
    comment: boolean('comment'),
    failOn,
    budgetSeconds: seconds('budget'),
    jobKey,
    resultsPath:
      resultsPath === ''
        ? join(
            env.RUNNER_TEMP || tmpdir(),
            'concurrency-advisor',
            `${fileSafe(jobKey)}-results.json`
          )
        : resolve(workingDirectory, resultsPath),
    results,
    runnerLabel: input('runner-label') || run.runner,
    predictCpus: cpuCounts('predict-cpus'),
    baseline,
    strictBaseline,
    compare,
    threshold: percent('threshold'),
    shard,
    shardWeights,
    run
  }
}

function readRunEnvironment(env: NodeJS.ProcessEnv): RunEnvironment {
  const text = (name: string): string | null => (env[name] ? env[name] : null)
  const unit = Number(env.CONCURRENCY_ADVISOR_RETRY_UNIT_MS)
  return {
    apiUrl: text('GITHUB_API_URL') ?? 'https://api.github.com',
    serverUrl: text('GITHUB_SERVER_URL') ?? 'https://github.com',
    repository: text('GITHUB_REPOSITORY'),
    eventName: text('GITHUB_EVENT_NAME'),
    eventPath: text('GITHUB_EVENT_PATH'),
    sha: text('GITHUB_SHA'),
    runId: text('GITHUB_RUN_ID'),
    job: text('GITHUB_JOB'),
    runner: text('ImageOS') ?? text('RUNNER_NAME'),
    workspace: text('GITHUB_WORKSPACE') ?? process.cwd(),
    retryUnitMs:
      env.CONCURRENCY_ADVISOR_RETRY_UNIT_MS && Number.isFinite(unit) && unit >= 0 ? unit : 1000
  }
}

/** The input's value, or action.yml's default when the runner did not set it. */
function input(name: InputName): string {
  const value = core.getInput(name)
  if (value !== '') return value
  const fallback: string = INPUT_DEFAULTS[name]
  return fallback.startsWith('${{') ? '' : fallback
}

/** A GitHub login: letters, digits, hyphens (underscores on managed accounts), `[bot]` after an app's slug. */
function login(name: InputName): string | null {
  const value = input(name).trim()
  if (value === '') return null
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(\[bot\])?$/.test(value)) return value
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(value)} is not a GitHub login; use the account the token writes as, e.g. my-app[bot]`
  )
}

/** The input's non-empty lines, trimmed. */
function lines(name: InputName): string[] {
  return input(name)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** K/N; only mode measure splits, since one comment per shard is not what a split is for. */
function shardInput(mode: Mode): ShardChoice | null {
  const value = input('shard').trim()
  if (value === '') return null
  const choice = parseShard(value)
  if (choice === null)
    throw invalid('action input', 'shard', `${JSON.stringify(value)} is not ${SHARD_RULE}`)
  if (mode !== 'measure') {
    throw invalid(
      'action input',
      'shard',
      `needs mode: measure (mode is ${mode}); a job with mode: report joins the shards into one comment`
    )
  }
  return choice
}

function boolean(name: InputName): boolean {
  const value = input(name)
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(value)} is not a boolean; use true or false`
  )
}

function oneOf<T extends string>(name: InputName, allowed: readonly T[]): T {
  const value = input(name)
  const match = allowed.find((option) => option === value)
  if (match !== undefined) return match
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(value)} is not allowed; use one of ${allowed.join(', ')}`
  )
}

function seconds(name: InputName): number | null {
  const value = input(name)
  if (value === '') return null
  const number = Number(value)
  if (Number.isFinite(number) && number > 0) return number
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(value)} is not a number of seconds; use a positive number, or leave it empty for no limit`
  )
}

/** One interpreter, or several separated by commas; null when the input is empty. */
function interpreters(name: InputName): string[] | null {
  const value = input(name).trim()
  if (value === '') return null
  const names = parseInterpreterList(value)
  if (names !== null) return names
  throw invalid('action input', name, `${JSON.stringify(value)} is not ${INTERPRETER_LIST_RULE}`)
}

function cpuCounts(name: InputName): number[] {
  const value = input(name)
  const counts = parseCpuList(value)
  if (counts !== null) return counts
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(value)} is not a list of CPU counts; use ${CPU_LIST_RULE}`
  )
}

function percent(name: InputName): number {
  const value = input(name)
  const fraction = parsePercent(value)
  if (fraction !== null) return fraction
  throw invalid('action input', name, `${JSON.stringify(value)} is not ${PERCENT_RULE}`)
}

function directory(name: InputName, path: string): string {
  let isDirectory = false
  try {
    isDirectory = statSync(path).isDirectory()
  } catch {
    // reported below
  }
  if (isDirectory) return path
  throw invalid(
    'action input',
    name,
    `${JSON.stringify(input(name))} is not a directory (resolved to ${path})`
  )
}

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-')
}
