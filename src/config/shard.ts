// Splitting one config's workloads over N jobs (--shard K/N, the action's `shard` input). The N jobs
// never talk to each other, so the split must come out the same in each from the same inputs (the
// config after --only, and the weights files): it is a pure function of them. It is balanced by
// "longest first": workloads in order of falling weight, each to the shard with the least weight so
// far, ties to the earlier workload and the lower shard. Without weights every workload weighs the
// same, which deals them out in config order: workload i to shard (i mod N) + 1.

import type { Config, Results, Shard, WorkloadSpec } from '../types.ts'

/** --shard K/N: this job measures shard `index` (1-based) of `count`. */
export interface ShardChoice {
  readonly index: number
  readonly count: number
}

/** A GitHub matrix holds at most 256 jobs; more shards than that would never all run. */
export const MAX_SHARDS = 256
export const SHARD_RULE = `K/N with whole numbers 1 ≤ K ≤ N ≤ ${MAX_SHARDS}, e.g. 2/4`

/** Each workload's wall time in earlier runs, to balance the split by. */
export interface ShardWeights {
  /** The results files they came from, as given. */
  readonly sources: readonly string[]
  /** Wall seconds by workload name: the median over the runs that measured it. */
  readonly seconds: ReadonlyMap<string, number>
}

/** Parses "K/N"; null when it is not SHARD_RULE. */
export function parseShard(text: string): ShardChoice | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (match === null) return null
  const index = Number(match[1])
  const count = Number(match[2])
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : null
}

/**
 * The weights that earlier runs give: a workload's `elapsedSeconds` (everything measuring it took,
 * its base checkout included), the median over the runs that measured it. A workload that a run did
 * not reach or that was cut short says nothing about its length there.
 */
export function weightsFrom(sources: readonly string[], runs: readonly Results[]): ShardWeights {
  const seen = new Map<string, number[]>()
  for (const results of runs) {
    for (const workload of results.workloads) {
      if (workload.stopReason === 'skipped' || workload.stopReason === 'interrupted') continue
      seen.set(workload.name, [...(seen.get(workload.name) ?? []), workload.elapsedSeconds])
    }
  }
  const seconds = new Map([...seen].map(([name, values]) => [name, median(values)]))
  return { sources, seconds }
}

/** Every workload of the config with the shard that measures it, in config order. */
export function planShards(
  workloads: readonly WorkloadSpec[],
  count: number,
  weights: ShardWeights | null
): Shard['workloads'] {
  const known = workloads.flatMap((w) => {
    const seconds = weights?.seconds.get(w.name)
    return seconds === undefined ? [] : [seconds]
  })
  // Weights that know none of these workloads cannot balance anything: config order, as without.
  const fallback = known.length === 0 ? null : median(known)
  const weighed = workloads.map((spec) => {
    const seconds = fallback === null ? null : (weights?.seconds.get(spec.name) ?? null)
    return {
      spec,
      weightSeconds: seconds ?? fallback,
      estimated: fallback !== null && seconds === null
    }
  })
  const order = weighed
    .map((entry, position) => ({ weight: entry.weightSeconds ?? 1, position }))
    .sort((a, b) => b.weight - a.weight || a.position - b.position)
  const loads = new Array<number>(count).fill(0)
  const shardOf = new Array<number>(workloads.length)
  for (const { weight, position } of order) {
    const lightest = loads.indexOf(Math.min(...loads))
    shardOf[position] = lightest + 1
    loads[lightest]! += weight
  }
  return weighed.map(({ spec, weightSeconds, estimated }, position) => ({
    name: spec.name,
    shard: shardOf[position]!,
    weightSeconds,
    estimated,
    runtime: spec.runtime,
    module: spec.module,
    function: spec.function,
    line: spec.line,
    uses: spec.uses
  }))
}

/** The share of `config` that shard `choice` measures, and the record of the split for its results. */
export function shardConfig(
  config: Config,
  choice: ShardChoice,
  weights: ShardWeights | null
): { readonly config: Config; readonly shard: Shard } {
  const workloads = planShards(config.workloads, choice.count, weights)
  const mine = new Set(workloads.filter((w) => w.shard === choice.index).map((w) => w.name))
  return {
    config: { ...config, workloads: config.workloads.filter((w) => mine.has(w.name)) },
    shard: { ...choice, weights: weights?.sources ?? [], workloads }
  }
}

/** How the split was made, for messages: by which files' wall times, or in config order. */
export function splitBasis(shard: Shard): string {
  if (shard.workloads.some((w) => w.weightSeconds !== null))
    return `by the wall times in ${shard.weights.join(', ')}`
  return shard.weights.length === 0
    ? 'in config order (no weights)'
    : `in config order: ${shard.weights.join(', ')} measured none of these workloads`
}

/** One line on what a shard measures, or that it has nothing to measure. */
export function shardLine(shard: Shard): string {
  const mine = shard.workloads.filter((w) => w.shard === shard.index).map((w) => w.name)
  const total = shard.workloads.length
  return mine.length === 0
    ? `Shard ${shard.index}/${shard.count} has no workload: the split gave all ${total} to other shards. Nothing to measure.`
    : `Shard ${shard.index}/${shard.count}: ${mine.join(', ')} (${mine.length} of ${total} workloads, split ${splitBasis(shard)})`
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
