// The report for the pull-request comment and the job summary: the runner header, the verdict table and
// one collapsed section of evidence per workload. GitHub rejects a comment over 65,536 characters, so
// the report is fitted to a size budget: charts go first (from the last workload up), then whole
// evidence sections, and only then rows of the verdict table, mismatches and failures kept longest.
// Whatever was cut is said in a note. Pure: no I/O, no clock, no network.

import { markdownTable } from 'markdown-table'
import type { Results } from '../types.ts'
import { renderDetails } from './markdown-details.ts'
import type { WorkloadDetails } from './markdown-details.ts'
import { renderHeader, renderLegend, VERDICT_COLUMNS, verdictRow } from './markdown-verdicts.ts'
import type { VerdictRow } from './markdown-verdicts.ts'

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536

export interface RenderOptions {
  /** Largest report, as counted by `measure`; defaults to GitHub's comment limit. */
  readonly maxLength?: number
  /** How the limit counts: characters (default) or, for the job summary, UTF-8 bytes. */
  readonly measure?: (text: string) => number
  /** Names the limit in the trim note, e.g. "GitHub's 65,536-character limit for a comment". */
  readonly limitName?: string
  /** The heading; a matrix job's key can be added to tell the comments apart. */
  readonly title?: string
  /** Where the untrimmed report can be read (the run's job summary), named in the trim note. */
  readonly fullReportUrl?: string | null
}

/** Details kept per workload: 2 with the chart, 1 without it, 0 none. */
type DetailLevel = 0 | 1 | 2

const SEPARATOR = '\n\n'
const DETAILS_HEADING = '### Measurements'
/** Room kept for the trim note when trimming; the note is far shorter than this. */
const NOTE_RESERVE = 1_000

/** Renders the report, trimmed to fit `maxLength`. */
export function renderReport(results: Results, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH
  const measure = options.measure ?? ((text: string): number => text.length)
  const head = [renderHeader(results, options.title ?? 'Concurrency advisor'), renderLegend()]
  const rows = results.workloads.map(verdictRow)
  const table = tableLines(rows)
  const details = results.workloads.map(renderDetails)
  const levels: DetailLevel[] = details.map(() => 2)
  const kept = rows.map(() => true)

  const assemble = (note: string | null): string => {
    const sections = details.flatMap((d, i) =>
      levels[i] === 2 ? [d.full] : levels[i] === 1 ? [d.withoutChart] : []
    )
    const parts = [...head, tableOf(table, kept)]
    if (sections.length > 0) parts.push(DETAILS_HEADING, ...sections)
    if (note !== null) parts.push(note)
    return `${parts.join(SEPARATOR)}\n`
  }

  const untrimmed = assemble(null)
  if (measure(untrimmed) <= maxLength) return untrimmed

  const budget = maxLength - NOTE_RESERVE - measure(options.fullReportUrl ?? '')
  let total = measure(untrimmed)
  total = dropCharts(details, levels, total, budget, measure)
  total = dropDetails(details, levels, total, budget, measure)
  total = restoreCharts(details, levels, total, budget, measure)
  if (total > budget) dropRows(rows, table, kept, total, budget, measure)

  const note = trimNote(results.workloads.length, levels, kept, maxLength, options)
  return enforce(assemble(note), maxLength, measure)
}

/** The verdict table as lines: header, delimiter, then one line per row (rows stay independent). */
function tableLines(rows: readonly VerdictRow[]): string[] {
  return markdownTable([[...VERDICT_COLUMNS], ...rows.map((row) => [...row.cells])], {
    alignDelimiters: false
  }).split('\n')
}

function tableOf(lines: readonly string[], kept: readonly boolean[]): string {
  return [lines[0], lines[1], ...lines.slice(2).filter((_, i) => kept[i])].join('\n')
}

type Measure = (text: string) => number

function dropCharts(
  details: readonly WorkloadDetails[],
  levels: DetailLevel[],
  total: number,
  budget: number,
  measure: Measure
): number {
  for (let i = details.length - 1; i >= 0 && total > budget; i--) {
    const d = details[i]!
    if (d.full === d.withoutChart) continue
    total -= measure(d.full) - measure(d.withoutChart)
    levels[i] = 1
  }
  return total
}

function dropDetails(
  details: readonly WorkloadDetails[],
  levels: DetailLevel[],
  total: number,
  budget: number,
  measure: Measure
): number {
  for (let i = details.length - 1; i >= 0 && total > budget; i--) {
    total -= measure(details[i]!.withoutChart) + measure(SEPARATOR)
    levels[i] = 0
  }
  // With no section left, the heading above them goes too.
  if (levels.every((level) => level === 0) && details.length > 0)
    total -= measure(DETAILS_HEADING + SEPARATOR)
  return total
}

/** Space freed by dropping whole sections may fit charts again, from the first workload down. */
function restoreCharts(
  details: readonly WorkloadDetails[],
  levels: DetailLevel[],
  total: number,
  budget: number,
  measure: Measure
): number {
  for (let i = 0; i < details.length; i++) {
    const d = details[i]!
    if (levels[i] !== 1 || d.full === d.withoutChart) continue
    const extra = measure(d.full) - measure(d.withoutChart)
    if (total + extra > budget) break
    total += extra
    levels[i] = 2
  }
  return total
}

/** Shortens the table: flagged rows (mismatches, failures) are the last to go, then config order. */
function dropRows(
  rows: readonly VerdictRow[],
  table: readonly string[],
  kept: boolean[],
  total: number,
  budget: number,
  measure: Measure
): void {
  const order = rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => Number(a.row.flagged) - Number(b.row.flagged) || b.i - a.i)
  for (const { i } of order) {
    if (total <= budget) return
    total -= measure(table[i + 2]!) + 1
    kept[i] = false
  }
}

function trimNote(
  count: number,
  levels: readonly DetailLevel[],
  kept: readonly boolean[],
  maxLength: number,
  options: RenderOptions
): string {
  const withoutChart = levels.filter((level) => level < 2).length
  const withoutDetails = levels.filter((level) => level === 0).length
  const leftOut = kept.filter((k) => !k).length
  const cuts = [
    ...(withoutChart > withoutDetails
      ? [`charts left out for ${withoutChart - withoutDetails} of ${count} workloads`]
      : []),
    ...(withoutDetails > 0
      ? [`measurement details left out for ${withoutDetails} of ${count} workloads`]
      : []),
    ...(leftOut > 0
      ? [
          `${leftOut} of ${count} workloads left out of the verdict table (mismatches and failures are kept first)`
        ]
      : [])
  ]
  const limit =
    options.limitName ?? `GitHub's ${groupDigits(maxLength)}-character limit for a comment`
  const where = options.fullReportUrl
    ? `The full report is in the [job summary](${options.fullReportUrl}) and in the results file.`
    : 'The full report is in the job summary and in the results file.'
  return `> [!NOTE]\n> Trimmed to stay under ${limit}: ${cuts.join('; ')}. ${where}`
}

/** The last resort, never reached with GitHub's limits: cut the text itself. */
function enforce(text: string, maxLength: number, measure: Measure): string {
  let result = text
  while (measure(result) > maxLength) result = result.slice(0, Math.floor(result.length * 0.9))
  return result
}

function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
