// Merged runs for a terminal (`concurrency-advisor report`): each runner's verdict table as a single
// run prints it, then what the files showed (missing shards, re-runs), the workloads whose verdict
// changes with the runner, and the gate over them all.

import type { GateOutcome } from '../types.ts'
import type { MergedRuns } from '../results/merge.ts'
import { gateLines, renderTerminalReport } from './terminal.ts'

/** The report of merged runs; `notes` and `gate` as combineRuns (results/combine.ts) gives them. */
export function renderRunsTerminal(
  merged: MergedRuns,
  notes: readonly string[],
  gate: GateOutcome | null
): string {
  const parts = merged.runs.map(
    (run) =>
      `Runner ${run.label}, from ${run.source}\n${renderTerminalReport({ ...run.results, gate: null })}`
  )
  const differs = merged.workloads.filter((workload) => workload.differs)
  if (differs.length > 0) {
    parts.push(
      [
        'Verdicts that change with the runner:',
        ...differs.map((workload) => `  ${workload.name}: ${workload.why ?? ''}`)
      ].join('\n') + '\n'
    )
  }
  if (notes.length > 0) parts.push(`${notes.map((note) => `Note: ${note}`).join('\n')}\n`)
  if (gate !== null) parts.push(`${gateLines(gate).join('\n')}\n`)
  return parts.join('\n')
}
