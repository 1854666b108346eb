// The report across runners (report mode): a table of the runners, one verdict table with a column per
// runner and a column that flags and explains the workloads whose verdict changes with the runner,
// then each runner's evidence collapsed, made of the single-run report's sections. Fitted to the same
// size budget as the single-run report (budget.ts). Pure: no I/O, no clock, no network.

import { markdownTable } from 'markdown-table'
import { cpuText, formatSeconds, platformName, pythonText } from '../format.ts'
import type { GateOutcome, WorkloadResult } from '../types.ts'
import { asyncFigure } from './async.ts'
import { fitReport } from './budget.ts'
import { runnerNotes } from './contention.ts'
import type { BudgetOptions } from './budget.ts'
import { renderDetails } from './markdown-details.ts'
import { escapeHtml, escapeInline } from './markdown-escape.ts'
import {
  HEADLINE_CPUS,
  headlinePrediction,
  renderGateAndBaseline,
  strategyCell,
  verdictCell
} from './markdown-verdicts.ts'
import type { LabelledRun, MergedRuns, WorkloadAcross } from '../results/merge.ts'

export interface RunnersRenderOptions extends BudgetOptions {
  /** The heading; defaults to "Concurrency advisor across N runners". */
  readonly title?: string
  /** Warnings shown under the runners table (e.g. why no comment was written), one paragraph each. */
  readonly notes?: readonly string[]
  /** The gate over the merged verdicts (report mode's fail-on), shown above the table. */
  readonly gate?: GateOutcome | null
}

const DETAILS_HEADING = '### Measurements per runner'

/** Renders merged runs as one report, trimmed to fit `maxLength`. */
export function renderRunnersReport(
  merged: MergedRuns,
  options: RunnersRenderOptions = {}
): string {
  const { runs, workloads } = merged
  const title =
    options.title ??
    `Concurrency advisor across ${runs.length} runner${runs.length === 1 ? '' : 's'}`
  const rows = workloads.map((workload) => row(workload, runs))
  const details = runs.flatMap((run) => run.results.workloads.map(renderDetails))
  const owners = runs.flatMap((run, r) => run.results.workloads.map(() => r))
  const gate = renderGateAndBaseline({ gate: options.gate ?? null, baseline: null })
  return fitReport(
    {
      head: [
        `## ${title}`,
        runnersTable(runs),
        ...runNotes(runs),
        ...(options.notes ?? []).map(warning),
        ...(gate === null ? [] : [gate]),
        legend(hasHeadline(runs))
      ],
      table: markdownTable(
        [
          ['Workload', ...runs.map((run) => escapeInline(run.label)), 'Across runners'],
          ...rows.map((r) => r.cells)
        ],
        { alignDelimiters: false }
      ).split('\n'),
      flagged: rows.map((r) => r.flagged),
      details,
      layout: (sections) => {
        const groups = runs.flatMap((run, r) => {
          const own = sections.filter(
            (section, i): section is string => owners[i] === r && section !== null
          )
          return own.length === 0 ? [] : [runGroup(run, own)]
        })
        return groups.length === 0 ? [] : [DETAILS_HEADING, ...groups]
      },
      rowNoun: 'workloads',
      sectionNoun: 'workload runs',
      flaggedNoun: 'differing verdicts, mismatches and failures'
    },
    options
  )
}

function runnersTable(runs: readonly LabelledRun[]): string {
  const rows = runs.map(({ label, source, results }) => {
    const env = results.environment
    return [
      escapeInline(label),
      escapeInline(`${platformName(env.platform)} ${env.arch}`),
      cpuText(env),
      escapeInline(pythonText(env) ?? '–'),
      escapeInline(env.node.replace(/^v/, '')),
      escapeInline(env.pythonStartMethod ?? '–'),
      escapeInline(results.context?.headSha?.slice(0, 12) ?? '–'),
      formatSeconds(results.durationSeconds),
      escapeInline(source)
    ]
  })
  const header = [
    'Runner',
    'OS',
    'CPUs',
    'Python',
    'Node',
    'Start method',
    'Commit',
    'Measured in',
    'Results file'
  ]
  return markdownTable([header, ...rows], { alignDelimiters: false })
}

/** Runs cut short and runs of different commits, said once above the table. */
function runNotes(runs: readonly LabelledRun[]): string[] {
  const notes: string[] = []
  const cut = runs.filter((run) => run.results.interrupted).map((run) => run.label)
  if (cut.length > 0) {
    notes.push(
      warning(
        `The run on ${cut.join(', ')} was cut short (time budget or cancellation): its verdicts are as measured so far.`
      )
    )
  }
  for (const run of runs) {
    const { busy } = runnerNotes(run.results)
    if (busy !== null)
      notes.push(warning(`On ${run.label}, ${busy.charAt(0).toLowerCase()}${busy.slice(1)}`))
  }
  const commits = new Set(runs.map((run) => run.results.context?.headSha ?? null))
  if (commits.size > 1) {
    notes.push(
      warning(
        'The runs measured different commits (see the Commit column): differences may come from the code, not the runner.'
      )
    )
  }
  return notes
}

function warning(text: string): string {
  return `> [!WARNING]\n> ${escapeInline(text)}`
}

/** Whether any cell shows a predicted speedup, which the legend then explains. */
function hasHeadline(runs: readonly LabelledRun[]): boolean {
  return runs.some(({ results }) =>
    results.workloads.some((workload) =>
      (['threads', 'processes'] as const).some(
        (strategy) => headlinePrediction(workload, strategy, results.environment.cpus) !== null
      )
    )
  )
}

function legend(predicted: boolean): string {
  const prediction = predicted
    ? `≈ on ${HEADLINE_CPUS} CPUs: predicted by a scaling law fitted to that runner's worker sweep · `
    : ''
  return (
    '<sub>Per runner: the verdict, then the best speedup of threads and processes (×n = n workers) · ' +
    prediction +
    '🔀 the verdict changes with the runner, with what tells the runners apart · ' +
    '⚠️ differs from the `uses` declared in the config · ❔ uncertain</sub>'
  )
}

interface Row {
  readonly cells: string[]
  readonly flagged: boolean
}

function row(workload: WorkloadAcross, runs: readonly LabelledRun[]): Row {
  const cells = workload.results.map((result, r) =>
    result === null ? '– (not in this run)' : runCell(result, runs[r]!.results.environment.cpus)
  )
  const present = workload.results.filter((result) => result !== null)
  const flagged =
    workload.differs ||
    present.some((result) => result.mismatch || result.error !== null || verdictKeyFailed(result))
  return {
    cells: [escapeInline(workload.name), ...cells, acrossCell(workload, present)],
    flagged
  }
}

function runCell(result: WorkloadResult, cpus: number): string {
  const pools =
    result.measurements.length === 0
      ? ''
      : (result.coroutine === true ? `<br>async ${asyncFigure(result)}` : '') +
        `<br>threads ${strategyCell(result, 'threads', cpus)}` +
        `<br>processes ${strategyCell(result, 'processes', cpus)}`
  return `${verdictCell(result)}${pools}`
}

function acrossCell(workload: WorkloadAcross, present: readonly WorkloadResult[]): string {
  if (workload.differs) return `🔀 ${escapeInline(workload.why ?? '')}`
  if (present.length === 0) return '–'
  return present.length === 1 ? 'one runner only' : 'same verdict'
}

function verdictKeyFailed(result: WorkloadResult): boolean {
  return result.recommendation === null && result.class !== 'not-measured'
}

function runGroup(run: LabelledRun, sections: readonly string[]): string {
  const count = run.results.workloads.length
  const summary = `<b>${escapeHtml(run.label)}</b>: ${count} workload${count === 1 ? '' : 's'}`
  return `<details>\n<summary>${summary}</summary>\n\n${sections.join('\n\n')}\n\n</details>`
}
