// The report for the pull-request comment and the job summary: the runner header, the verdict table and
// one collapsed section of evidence per workload, fitted to GitHub's size limits by budget.ts (charts
// go first, then evidence sections, then table rows, mismatches and failures kept longest). Pure: no
// I/O, no clock, no network.

import { markdownTable } from 'markdown-table'
import type { Results } from '../types.ts'
import { fitReport } from './budget.ts'
import type { BudgetOptions } from './budget.ts'
import { showsAsync } from './async.ts'
import { renderDetails } from './markdown-details.ts'
import {
  headlinePrediction,
  renderGateAndBaseline,
  renderHeader,
  renderLegend,
  showsSerial,
  verdictColumns,
  verdictRow
} from './markdown-verdicts.ts'

export interface RenderOptions extends BudgetOptions {
  /** The heading; a matrix job's key can be added to tell the comments apart. */
  readonly title?: string
}

const DETAILS_HEADING = '### Measurements'

/** Renders the report, trimmed to fit `maxLength`. */
export function renderReport(results: Results, options: RenderOptions = {}): string {
  const cpus = results.environment.cpus
  const compared = results.baseline !== null
  const withAsync = showsAsync(results.workloads)
  const withSerial = showsSerial(results.workloads)
  const rows = results.workloads.map((workload) =>
    verdictRow(workload, cpus, compared, withAsync, withSerial)
  )
  const gate = renderGateAndBaseline(results)
  const predicted = results.workloads.some(
    (workload) =>
      headlinePrediction(workload, 'threads', cpus) !== null ||
      headlinePrediction(workload, 'processes', cpus) !== null
  )
  return fitReport(
    {
      head: [
        renderHeader(results, options.title ?? 'Concurrency advisor'),
        ...(gate === null ? [] : [gate]),
        renderLegend(predicted, withAsync, withSerial)
      ],
      table: markdownTable(
        [
          [...verdictColumns(withAsync, withSerial), ...(compared ? ['vs base'] : [])],
          ...rows.map((row) => [...row.cells])
        ],
        {
          alignDelimiters: false
        }
      ).split('\n'),
      flagged: rows.map((row) => row.flagged),
      details: results.workloads.map(renderDetails),
      layout: (sections) => {
        const kept = sections.filter((section) => section !== null)
        return kept.length === 0 ? [] : [DETAILS_HEADING, ...kept]
      },
      rowNoun: 'workloads',
      sectionNoun: 'workloads',
      flaggedNoun: 'mismatches and failures'
    },
    options
  )
}
