// The command line of the benchmarks that run a build's CLI as a user would (`--sweep`, `--noise`):
// `[DIST] [--config FILE] [--only a,b] [--python CMD]`, plus each mode's own options.
import path from 'node:path'
import { parseArgs } from 'node:util'

export interface RunArgs {
  /** The build's `cli.js`: DIST/cli.js, DIST defaulting to this checkout's dist/. */
  readonly cli: string
  readonly config: string
  /** Workloads to run, in the config's order; null for all. */
  readonly only: readonly string[] | null
  /** Interpreter of the plain Python sweep; null for the config's first, else python3. */
  readonly python: string | null
  /** --sweep: a results file (of any earlier run) giving the task counts. */
  readonly tasksFrom: string | null
  /** The labels file: --noise's default fixtures/labels.yml; --sweep judges verdicts only when given. */
  readonly labels: string | null
  /** --noise: the neighbour's seed (its bursts' lengths). */
  readonly seed: number
}

// Options that belong to one mode only.
const OWN = { sweep: ['python', 'tasks-from'], noise: ['seed'] } as const

/** Parses the mode's arguments (the mode flag itself already taken off). Throws on bad usage. */
export function parseRunArgs(argv: readonly string[], mode: 'sweep' | 'noise'): RunArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'fixtures/concurrency-advisor.yml' },
      only: { type: 'string', multiple: true },
      python: { type: 'string' },
      'tasks-from': { type: 'string' },
      labels: { type: 'string' },
      seed: { type: 'string', default: '19' }
    }
  })
  const other = mode === 'sweep' ? 'noise' : 'sweep'
  for (const name of OWN[other])
    if (argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)))
      throw new Error(`--${name} belongs to --${other}, not --${mode}`)
  if (positionals.length > 1)
    throw new Error(`--${mode}: one build's dist/ at most, got ${positionals.join(' ')}`)
  const only = values.only?.flatMap((o) => o.split(',')).filter((o) => o !== '') ?? []
  const seed = Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got ${values.seed}`)
  return {
    cli: path.resolve(positionals[0] ?? 'dist', 'cli.js'),
    config: values.config,
    only: only.length === 0 ? null : only,
    python: values.python ?? null,
    tasksFrom: values['tasks-from'] ?? null,
    labels: values.labels ?? (mode === 'noise' ? 'fixtures/labels.yml' : null),
    seed
  }
}

/** The config's workloads that `--only` names (all without it), in config order. */
export function selectWorkloads<W extends { readonly name: string }>(
  workloads: readonly W[],
  only: readonly string[] | null,
  config: string
): W[] {
  const unknown = (only ?? []).filter((name) => !workloads.some((w) => w.name === name))
  if (unknown.length > 0) throw new Error(`--only: ${config} has no workload ${unknown.join(', ')}`)
  return workloads.filter((w) => only === null || only.includes(w.name))
}
