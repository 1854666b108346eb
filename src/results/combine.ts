// What `concurrency-advisor report` and the action's report mode do with the results files they read:
// check that they belong together (one config, one commit), join each runner's shards into one run,
// line the runs up by workload (merge.ts), say what the join found (missing shards and the workloads
// they held, re-runs), and apply the gate of --fail-on to the merged verdicts. A workload that a
// missing shard held fails every gate: it was not measured, and must not pass silently. Pure.

import { UsageError } from '../errors.ts'
import type { FailOn, GateOutcome, Results } from '../types.ts'
import { evaluateGate } from '../verdict/gate.ts'
import { joinShards } from './join-shards.ts'
import type { ShardJoin } from './join-shards.ts'
import { mergeRuns } from './merge.ts'
import type { MergedRuns, RunInput } from './merge.ts'

export interface CombinedRuns {
  /** One run per runner, each with the gate of `failOn` (null for never). */
  readonly merged: MergedRuns
  /** What a reader must know about the files, one sentence each: missing shards, re-runs. */
  readonly notes: readonly string[]
  /** The gate over every run, failures prefixed with the runner when there are several; null for never. */
  readonly gate: GateOutcome | null
}

/** Checks, joins and merges results files; throws UsageError naming a file that does not fit. */
export function combineRuns(files: readonly RunInput[], failOn: FailOn): CombinedRuns {
  if (files.length === 0) throw new UsageError('report: needs at least one results file')
  checkBelongTogether(files)
  const joined = joinShards(files)
  const gated = joined.runs.map((run, i) => ({
    ...run,
    results: { ...run.results, gate: gateOf(run.results, joined.joins[i]!, failOn) }
  }))
  const merged = mergeRuns(gated)
  const notes = merged.runs.flatMap((run, i) => joinNotes(run.label, joined.joins[i]!))
  return { merged, notes, gate: combinedGate(merged, failOn) }
}

function checkBelongTogether(files: readonly RunInput[]): void {
  const first = files[0]!
  for (const file of files) {
    if (file.results.configFile !== first.results.configFile) {
      throw new UsageError(
        `${file.source}: configFile: ${JSON.stringify(file.results.configFile)}, but ${first.source} measured ${JSON.stringify(first.results.configFile)}; merge the results of one config`
      )
    }
  }
  const named = files.filter((file) => (file.results.context?.headSha ?? null) !== null)
  const other = named.find(
    (file) => file.results.context!.headSha !== named[0]!.results.context!.headSha
  )
  if (other !== undefined) {
    throw new UsageError(
      `${other.source}: context.headSha: measured commit ${other.results.context!.headSha}, but ${named[0]!.source} measured ${named[0]!.results.context!.headSha}; merge the results of one commit`
    )
  }
}

function gateOf(results: Results, join: ShardJoin | null, failOn: FailOn): GateOutcome | null {
  if (failOn === 'never') return null
  const gate = evaluateGate(results.workloads, failOn, results.baseline)
  const missing = (join?.missing ?? []).map(
    (shard) =>
      `not measured: shard ${shard.index}/${join!.count} sent no results file: ${shard.workloads.join(', ')}`
  )
  const failures = [...missing, ...gate.failures]
  return { ...gate, failed: failures.length > 0, failures }
}

function combinedGate(merged: MergedRuns, failOn: FailOn): GateOutcome | null {
  if (failOn === 'never') return null
  const several = merged.runs.length > 1
  const failures = merged.runs.flatMap((run) =>
    (run.results.gate?.failures ?? []).map((line) => (several ? `${run.label}: ${line}` : line))
  )
  const notes = [...new Set(merged.runs.flatMap((run) => run.results.gate?.notes ?? []))]
  return { failOn, failed: failures.length > 0, failures, notes }
}

function joinNotes(label: string, join: ShardJoin | null): string[] {
  if (join === null) return []
  return [
    ...join.missing.map(
      (shard) =>
        `Shard ${shard.index}/${join.count} of ${label} sent no results file (its job failed or was cancelled, or its file was not passed): ${shard.workloads.join(', ')} not measured.`
    ),
    ...join.dropped.map(
      (shard) =>
        `Shard ${shard.index}/${join.count} of ${label} has two results files (a re-run): kept ${shard.keptSource}, the later one; left out ${shard.source}.`
    ),
    ...(join.cpus.length > 1
      ? [
          `The shards of ${label} ran on machines with ${join.cpus.join(', ')} usable CPUs: its verdicts come from different machines.`
        ]
      : [])
  ]
}
