// The CLI's flags: parsed with node:util's strict parseArgs and validated into typed settings.
// Anything wrong is a UsageError of one line (exit 2).

import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseShard, SHARD_RULE } from '../config/shard.ts'
import type { ShardChoice } from '../config/shard.ts'
import { didYouMean } from '../config/suggest.ts'
import {
  CPU_LIST_RULE,
  INTERPRETER_LIST_RULE,
  parseCpuList,
  parseInterpreterList,
  parsePercent,
  PERCENT_RULE
} from '../config/values.ts'
import { UsageError } from '../errors.ts'
import {
  baselineProblem,
  DEFAULT_FAIL_ON,
  DEFAULT_PREDICT_CPUS,
  DEFAULT_THRESHOLD,
  DEFAULT_THRESHOLD_PERCENT
} from '../defaults.ts'
import { FAIL_ON } from '../closed-sets.ts'
import type { FailOn } from '../types.ts'

export interface CliSettings {
  readonly command: 'run' | 'help' | 'version'
  readonly config: string
  readonly json: string | null
  /** Interpreters for Python workloads, the first the reference; null leaves the config's. */
  readonly python: readonly string[] | null
  readonly budgetSeconds: number | null
  readonly only: readonly string[]
  readonly failOn: FailOn
  /** A results file to compare with. */
  readonly baseline: string | null
  /** A regression against the baseline file fails the gate even where the file's run was busy. */
  readonly strictBaseline: boolean
  /** Another checkout to measure alongside and compare with. */
  readonly compareDir: string | null
  /** Slowdown tolerated, as a fraction. */
  readonly threshold: number
  /** CPU counts to predict each pool's speedup at. */
  readonly predictCpus: readonly number[]
  readonly quiet: boolean
  /** Write every turn's figures, as measured, to this file (JSON lines). */
  readonly turns: string | null
  /** Measure only this share of the workloads (after --only). */
  readonly shard: ShardChoice | null
  /** Results files whose wall times balance the split. */
  readonly shardWeights: readonly string[]
  /** Print the workloads a run would measure, and exit without measuring. */
  readonly dryRun: boolean
  /** Hidden, for the tool's own tests: run every workload on the scripted runtime (scripted-runtime.ts). */
  readonly scriptedRuntime: boolean
}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'string' },
  python: { type: 'string' },
  budget: { type: 'string' },
  only: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  'strict-baseline': { type: 'boolean' },
  'compare-dir': { type: 'string' },
  threshold: { type: 'string' },
  'predict-cpus': { type: 'string' },
  shard: { type: 'string' },
  'shard-weights': { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  turns: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  // Hidden: not in USAGE, not suggested for a typo.
  'debug-scripted-runtime': { type: 'boolean' }
} as const

const HIDDEN_FLAGS: readonly string[] = ['debug-scripted-runtime']
const FLAG_NAMES = Object.keys(OPTIONS)
  .filter((name) => !HIDDEN_FLAGS.includes(name))
  .map((name) => `--${name}`)

/** Config files looked for, in order, when --config is not given. */
export const DEFAULT_CONFIGS = [
  'concurrency-advisor.yml',
  '.github/concurrency-advisor.yml'
] as const

export const USAGE = `Usage: concurrency-advisor [--config FILE] [--json FILE] [options]
       concurrency-advisor report FILE... [--markdown FILE] [--json FILE] [--fail-on WHEN]

Measures each workload of the config serially, with threads and with processes, and recommends one.

Options:
  -c, --config FILE    config file (default: ${DEFAULT_CONFIGS.join(', then ')})
      --json FILE      write the results as JSON (schemaVersion 1)
      --python CMD[,CMD...]
                       Python interpreter for .py workloads (default: python3 on PATH); several,
                       separated by commas (python3.14,python3.14t), are measured side by side,
                       every speedup against the first one's serial
      --budget SEC     seconds the whole run may take; workloads not reached are reported as not measured
      --only NAME      measure only this workload (repeatable)
      --fail-on WHEN   ${FAIL_ON.join(' | ')} (default: ${DEFAULT_FAIL_ON}): exit 1 when
                       a declared \`uses\` contradicts a confident verdict (mismatch) or a
                       workload is slower than its baseline beyond the threshold (regression)
      --baseline FILE  compare with an earlier run's results file (e.g. the base branch's)
      --strict-baseline
                       fail the gate on a regression against a baseline file even where the
                       file's run of that workload was busy (default: such a regression is
                       reported as unconfirmed, a note)
      --compare-dir DIR
                       compare with another checkout (the base commit), measured in the same
                       interleaved rounds
      --threshold PCT  slowdown tolerated before it is a regression (default: ${DEFAULT_THRESHOLD_PERCENT})
      --predict-cpus LIST
                       CPU counts to predict each pool's speedup at (default: ${DEFAULT_PREDICT_CPUS.join(',')})
      --shard K/N      measure only shard K of N of the workloads (after --only); merge the
                       shards' results files with \`concurrency-advisor report\`
      --shard-weights FILE
                       balance the shards by each workload's wall time in an earlier results
                       file (repeatable; default: the workloads count the same, in config order)
      --dry-run        print the workloads a run would measure (with --shard, that shard's and
                       their weights), and exit without measuring
  -q, --quiet          no progress output
      --turns FILE     write every turn's figures as measured (wall and CPU time, the scheduler's
                       reading), one JSON line each, before any rule judged them: to see why a
                       verdict took many rounds
  -h, --help           this help
  -V, --version        the version

Exit codes: 0 done, 1 a gate failed, 2 bad usage or config, 130/143 interrupted (results still written).`

/** Parses argv (without node and the script). */
export function parseCli(argv: readonly string[], cwd: string): CliSettings {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
  >
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    throw usageFromParseError(error)
  }
  const { values, positionals } = parsed
  if (positionals.length > 0) {
    throw new UsageError(
      `${positionals[0]}: unexpected argument${didYouMean(positionals[0]!, ['report'])}; flags take values as --config FILE (see --help)`
    )
  }
  const command = values.help === true ? 'help' : values.version === true ? 'version' : 'run'
  const failOnText = values['fail-on'] ?? DEFAULT_FAIL_ON
  const failOn = FAIL_ON.find((mode) => mode === failOnText)
  if (failOn === undefined) {
    throw new UsageError(
      `--fail-on: ${JSON.stringify(failOnText)} is not allowed; use one of ${FAIL_ON.join(', ')}${didYouMean(failOnText, FAIL_ON)}`
    )
  }
  const baseline = nonEmpty(values.baseline, '--baseline')
  const compareDir = nonEmpty(values['compare-dir'], '--compare-dir')
  const problem = baselineProblem({
    file: baseline !== null,
    checkout: compareDir !== null,
    failOn: command === 'run' ? failOn : DEFAULT_FAIL_ON
  })
  if (problem === 'both') {
    throw new UsageError('--baseline and --compare-dir: give one baseline, not both')
  }
  if (problem === 'regression-without-baseline') {
    throw new UsageError(
      '--fail-on regression: needs --baseline FILE or --compare-dir DIR to compare with'
    )
  }
  const strictBaseline = values['strict-baseline'] === true
  if (strictBaseline && baseline === null)
    throw new UsageError(
      '--strict-baseline: needs --baseline FILE, the results file it is strict about'
    )
  if (compareDir !== null && !isDirectory(resolve(cwd, compareDir))) {
    throw new UsageError(`--compare-dir: ${compareDir}: no such directory`)
  }
  const shard = values.shard === undefined ? null : shardChoice(values.shard)
  const shardWeights = (values['shard-weights'] ?? []).map((file) =>
    nonEmpty(file, '--shard-weights')!
  )
  if (shardWeights.length > 0 && shard === null)
    throw new UsageError('--shard-weights: needs --shard K/N, the split it balances')
  return {
    command,
    config: values.config ?? findDefaultConfig(cwd, command),
    json: nonEmpty(values.json, '--json'),
    python: interpreterList(values.python, '--python'),
    budgetSeconds: values.budget === undefined ? null : positiveSeconds(values.budget, '--budget'),
    only: values.only ?? [],
    failOn,
    baseline,
    strictBaseline,
    compareDir,
    threshold:
      values.threshold === undefined ? DEFAULT_THRESHOLD : percent(values.threshold, '--threshold'),
    predictCpus:
      values['predict-cpus'] === undefined
        ? DEFAULT_PREDICT_CPUS
        : cpuCounts(values['predict-cpus'], '--predict-cpus'),
    quiet: values.quiet === true,
    turns: nonEmpty(values.turns, '--turns'),
    shard,
    shardWeights,
    dryRun: values['dry-run'] === true,
    scriptedRuntime: values['debug-scripted-runtime'] === true
  }
}

function findDefaultConfig(cwd: string, command: CliSettings['command']): string {
  const found = DEFAULT_CONFIGS.find((path) => existsSync(`${cwd}/${path}`))
  if (found !== undefined || command !== 'run') return found ?? DEFAULT_CONFIGS[0]
  throw new UsageError(
    `--config: no config file given, and none of ${DEFAULT_CONFIGS.join(', ')} exists in ${cwd}`
  )
}

function nonEmpty(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null
  if (value.trim() === '') throw new UsageError(`${flag}: needs a value`)
  return value
}

function shardChoice(text: string): ShardChoice {
  const choice = parseShard(text)
  if (choice === null) throw new UsageError(`--shard: ${JSON.stringify(text)} is not ${SHARD_RULE}`)
  return choice
}

function interpreterList(value: string | undefined, flag: string): string[] | null {
  const text = nonEmpty(value, flag)
  if (text === null) return null
  const names = parseInterpreterList(text)
  if (names === null)
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not ${INTERPRETER_LIST_RULE}`)
  return names
}

function percent(text: string, flag: string): number {
  const value = parsePercent(text)
  if (value === null)
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not ${PERCENT_RULE}`)
  return value
}

function cpuCounts(text: string, flag: string): number[] {
  const counts = parseCpuList(text)
  if (counts === null)
    throw new UsageError(
      `${flag}: ${JSON.stringify(text)} is not a list of CPU counts; use ${CPU_LIST_RULE}`
    )
  return counts
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function positiveSeconds(text: string, flag: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not a positive number of seconds`)
  return value
}

/** One line for node:util parseArgs' error, suggesting the nearest of `flags` for an unknown one. */
export function usageFromParseError(
  error: unknown,
  flags: readonly string[] = FLAG_NAMES
): UsageError {
  const code = (error as { code?: string }).code ?? 'unknown'
  const message = error instanceof Error ? error.message : String(error)
  // Node quotes the flag as '--jsn' or as '-c, --config <value>'.
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? ''
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`${flag}: unknown flag${didYouMean(flag, flags)}; see --help`)
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        message.includes('argument missing')
          ? `${flag}: needs a value`
          : `${flag}: ${message.split('\n')[0]}`
      )
    default:
      return new UsageError(message.split('\n')[0] ?? 'bad arguments')
  }
}
