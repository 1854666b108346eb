// Joins the shards of one runner (--shard K/N, the action's `shard` input) into one run, as if one job
// had measured every workload: the workloads in config order, each from the shard that measured it.
// The shards of a runner are the files that share the runner label, OS, architecture, config, commit
// and shard count (not the CPU count: a pool of self-hosted machines under one label may differ, and
// the report says so rather than calling the shards missing). Every shard file carries the whole split, so the workloads of a
// shard whose file is missing (a job cancelled or failed) are known: they come back as not measured,
// and the report and the gates say so. Of two files of the same shard (a re-run job) the later one is
// kept. Unsharded files pass through as they are. Pure.

import { UsageError } from '../errors.ts'
import type { Environment, Results, Shard, WorkloadResult } from '../types.ts'
import type { RunInput } from './merge.ts'

/** How one run was joined from its shards. */
export interface ShardJoin {
  readonly count: number
  /** The shard files kept, in shard order. */
  readonly kept: readonly { readonly index: number; readonly source: string }[]
  /** Shards with no file, and the workloads their split gave them (empty shards left out). */
  readonly missing: readonly { readonly index: number; readonly workloads: readonly string[] }[]
  /** Files of a shard that came twice (a re-run): the one left out, and the one kept. */
  readonly dropped: readonly {
    readonly index: number
    readonly source: string
    readonly keptSource: string
  }[]
  /** The usable CPUs of the kept shards' machines, distinct, ascending. */
  readonly cpus: readonly number[]
}

export interface JoinedRuns {
  /** One per run: unsharded files as read, the shards of a runner joined, in order of first file. */
  readonly runs: readonly RunInput[]
  /** Per run (same index): how it was joined, or null for an unsharded file. */
  readonly joins: readonly (ShardJoin | null)[]
}

interface ShardFile extends RunInput {
  readonly shard: Shard
}

/** Joins the shard files among `files`; throws UsageError for shards that cannot belong together. */
export function joinShards(files: readonly RunInput[]): JoinedRuns {
  const slots: (RunInput | ShardFile[])[] = []
  const groups = new Map<string, ShardFile[]>()
  for (const file of files) {
    const shard = file.results.shard
    if (shard === null) {
      slots.push(file)
      continue
    }
    const key = runnerKey(file.results, shard)
    const group = groups.get(key)
    if (group === undefined) {
      const created = [{ ...file, shard }]
      groups.set(key, created)
      slots.push(created)
    } else group.push({ ...file, shard })
  }
  const joined = slots.map((slot) => (Array.isArray(slot) ? join(slot) : { run: slot, join: null }))
  return { runs: joined.map((j) => j.run), joins: joined.map((j) => j.join) }
}

function runnerKey(results: Results, shard: Shard): string {
  const env = results.environment
  const context = results.context
  return JSON.stringify([
    context?.runner ?? null,
    env.platform,
    env.arch,
    results.configFile,
    context?.headSha ?? null,
    shard.count
  ])
}

function join(files: readonly ShardFile[]): { run: RunInput; join: ShardJoin } {
  const first = files[0]!
  const plan = first.shard.workloads
  const split = JSON.stringify(plan.map((w) => [w.name, w.shard]))
  const byIndex = new Map<number, ShardFile>()
  const dropped: ShardJoin['dropped'][number][] = []
  for (const file of files) {
    const { index, count } = file.shard
    const beyond = [index, ...file.shard.workloads.map((w) => w.shard)].find((k) => k > count)
    if (beyond !== undefined)
      throw new UsageError(`${file.source}: shard: shard ${beyond} of ${count} does not exist`)
    if (JSON.stringify(file.shard.workloads.map((w) => [w.name, w.shard])) !== split) {
      throw new UsageError(
        `${file.source}: shard: shard ${file.shard.index}/${file.shard.count} was split differently from shard ${first.shard.index}/${first.shard.count} (${first.source}); every shard job must read the same config, --only and weights files`
      )
    }
    for (const workload of file.results.workloads) {
      const planned = plan.find((w) => w.name === workload.name)
      if (planned?.shard !== file.shard.index) {
        throw new UsageError(
          `${file.source}: workloads: ${workload.name} is not in shard ${file.shard.index}/${file.shard.count} of its own split`
        )
      }
    }
    const other = byIndex.get(file.shard.index)
    if (other === undefined) {
      byIndex.set(file.shard.index, file)
      continue
    }
    // ISO 8601 times of one format sort as text; a tie keeps the file given later.
    const later = file.results.finishedAt >= other.results.finishedAt ? file : other
    const earlier = later === file ? other : file
    byIndex.set(file.shard.index, later)
    dropped.push({ index: file.shard.index, source: earlier.source, keptSource: later.source })
  }
  const kept = [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index)
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1)
    .filter((index) => !byIndex.has(index))
    .map((index) => ({
      index,
      workloads: plan.filter((w) => w.shard === index).map((w) => w.name)
    }))
    .filter((shard) => shard.workloads.length > 0)
  const workloads = plan.map((planned) => {
    const file = byIndex.get(planned.shard)
    const found = file?.results.workloads.find((w) => w.name === planned.name)
    if (found !== undefined) return found
    const why =
      file === undefined
        ? 'sent no results file (its job failed or was cancelled, or its file was not passed)'
        : `left it out of ${file.source}`
    return notMeasured(planned, `Not measured: shard ${planned.shard}/${first.shard.count} ${why}.`)
  })
  const results = kept.map((file) => file.results)
  const joined: Results = {
    ...results[0]!,
    startedAt: results.map((r) => r.startedAt).sort()[0]!,
    finishedAt: results
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    durationSeconds: results.reduce((sum, r) => sum + r.durationSeconds, 0),
    shard: null,
    environment: environmentOf(kept),
    // A missing shard is said by its workloads (not measured, with why) and the report's notes.
    interrupted: results.some((r) => r.interrupted),
    workloads,
    baseline: results.find((r) => r.baseline !== null)?.baseline ?? null,
    gate: null
  }
  const indexes = kept.map((file) => file.shard.index).join(', ')
  return {
    run: {
      source: `shard${kept.length === 1 ? '' : 's'} ${indexes} of ${first.shard.count}: ${kept.map((file) => file.source).join(', ')}`,
      results: joined
    },
    join: {
      count: first.shard.count,
      kept: kept.map((file) => ({ index: file.shard.index, source: file.source })),
      missing,
      dropped,
      cpus: [...new Set(results.map((r) => r.environment.cpus))].sort((a, b) => a - b)
    }
  }
}

/**
 * The shards' machine. A shard of Node workloads only has no Python version; two shards that name
 * different interpreters (versions, or builds: with the GIL or free-threaded) are different runners
 * that share a label.
 */
function environmentOf(files: readonly ShardFile[]): Environment {
  const withPython = files.find((file) => file.results.environment.python !== null)
  const facts = {
    python: (env: Environment) => env.python,
    node: (env: Environment) => env.node,
    interpreters: (env: Environment) =>
      env.interpreters.length === 0
        ? null
        : env.interpreters
            .map((i) => `${i.python} ${i.version}${i.freeThreaded ? ' free-threaded' : ''}`)
            .join(', ')
  }
  for (const [field, valueOf] of Object.entries(facts)) {
    const named = files.filter((file) => valueOf(file.results.environment) !== null)
    const first = named[0] === undefined ? null : valueOf(named[0].results.environment)
    const other = named.find((file) => valueOf(file.results.environment) !== first)
    if (other !== undefined) {
      throw new UsageError(
        `${other.source}: environment.${field}: ${valueOf(other.results.environment)}, but ${named[0]!.source} of the same runner ran ${first}; give each matrix job that differs a runner-label of its own`
      )
    }
  }
  return withPython?.results.environment ?? files[0]!.results.environment
}

function notMeasured(planned: Shard['workloads'][number], reason: string): WorkloadResult {
  return {
    name: planned.name,
    runtime: planned.runtime,
    module: planned.module,
    function: planned.function,
    line: planned.line,
    tasks: 0,
    callSeconds: null,
    uses: planned.uses,
    coroutine: null,
    recommendedPython: null,
    interpreters: null,
    recommendation: null,
    workers: null,
    class: 'not-measured',
    reason,
    mismatch: false,
    uncertain: false,
    rounds: 0,
    stopReason: 'skipped',
    elapsedSeconds: 0,
    startMethod: null,
    measurements: [],
    error: null,
    predictions: [],
    comparison: null,
    contention: null
  }
}
