// Fits a report to a size budget. GitHub rejects a comment over 65,536 characters and keeps 1 MiB of
// job summary, so a report is assembled from parts the budget can cut: charts go first (from the last
// section up), then whole evidence sections, and only then rows of the verdict table, flagged rows
// (mismatches, failures, verdicts that differ between runners) kept longest. Whatever was cut is said
// in a note. The single-run report and the report across runners share this. Pure.

import { GITHUB_COMMENT_MAX_LENGTH } from '../limits.ts'
import type { WorkloadDetails } from './markdown-details.ts'

export interface BudgetOptions {
  /** Largest report, as counted by `measure`; defaults to GitHub's comment limit. */
  readonly maxLength?: number
  /** How the limit counts: characters (default) or, for the job summary, UTF-8 bytes. */
  readonly measure?: (text: string) => number
  /** Names the limit in the trim note, e.g. "GitHub's 65,536-character limit for a comment". */
  readonly limitName?: string
  /** Where the untrimmed report can be read (the run's job summary), named in the trim note. */
  readonly fullReportUrl?: string | null
}

/** A report in the pieces the budget can cut. */
export interface ReportParts {
  /** Everything above the verdict table (heading, header, legend, notes). */
  readonly head: readonly string[]
  /** The verdict table as lines: header, delimiter, then one line per row. */
  readonly table: readonly string[]
  /** Per row: a row a reviewer must see, kept longest when rows go. */
  readonly flagged: readonly boolean[]
  /** The collapsed evidence sections, in order. */
  readonly details: readonly WorkloadDetails[]
  /** The parts below the table from the kept sections (null for a dropped one): headings, grouping. */
  readonly layout: (sections: readonly (string | null)[]) => readonly string[]
  /** What a row and a section stand for in the trim note, e.g. "workloads". */
  readonly rowNoun: string
  readonly sectionNoun: string
  /** Which rows are kept first, for the trim note, e.g. "mismatches and failures". */
  readonly flaggedNoun: string
}

/** Details kept per section: 2 with the chart, 1 without it, 0 none. */
type DetailLevel = 0 | 1 | 2
type Measure = (text: string) => number

/** What the steps that trim the details sections work on; each returns the new estimated length. */
interface SectionTrim {
  readonly details: readonly WorkloadDetails[]
  /** Changed in place, section by section. */
  readonly levels: DetailLevel[]
  readonly budget: number
  readonly measure: Measure
}

const SEPARATOR = '\n\n'
/** Room kept for the trim note when trimming; the note is far shorter than this. */
const NOTE_RESERVE = 1_000

/** Joins the parts into a report no longer than `maxLength`, cutting what it must and saying so. */
export function fitReport(parts: ReportParts, options: BudgetOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH
  const measure = options.measure ?? ((text: string): number => text.length)
  const { details } = parts
  const levels: DetailLevel[] = details.map(() => 2)
  const kept = parts.flagged.map(() => true)

  const assemble = (note: string | null): string => {
    const sections = details.map((d, i) =>
      levels[i] === 2 ? d.full : levels[i] === 1 ? d.withoutChart : null
    )
    const rows = parts.table.slice(2).filter((_, i) => kept[i])
    const table = [parts.table[0], parts.table[1], ...rows].join('\n')
    const out = [...parts.head, table, ...parts.layout(sections)]
    if (note !== null) out.push(note)
    return `${out.join(SEPARATOR)}\n`
  }

  const untrimmed = assemble(null)
  if (measure(untrimmed) <= maxLength) return untrimmed

  // Within each step the savings are counted section by section; between steps the text is measured
  // again, so that what a layout adds around the sections (a heading, a group) is counted exactly.
  const budget = maxLength - NOTE_RESERVE - measure(options.fullReportUrl ?? '')
  let total = measure(untrimmed)
  const trim: SectionTrim = { details, levels, budget, measure }
  for (const step of [dropCharts, dropDetails, restoreCharts])
    if (step(trim, total) !== total) total = measure(assemble(null))
  if (total > budget) dropRows(parts, kept, total, budget, measure)

  const note = trimNote(parts, levels, kept, maxLength, options)
  return enforce(assemble(note), maxLength, measure)
}

function dropCharts(trim: SectionTrim, total: number): number {
  const { details, levels, budget, measure } = trim
  for (let i = details.length - 1; i >= 0 && total > budget; i--) {
    const d = details[i]!
    if (d.full === d.withoutChart) continue
    total -= measure(d.full) - measure(d.withoutChart)
    levels[i] = 1
  }
  return total
}

function dropDetails(trim: SectionTrim, total: number): number {
  const { details, levels, budget, measure } = trim
  for (let i = details.length - 1; i >= 0 && total > budget; i--) {
    total -= measure(details[i]!.withoutChart) + measure(SEPARATOR)
    levels[i] = 0
  }
  return total
}

/** Space freed by dropping whole sections may fit charts again, from the first section down. */
function restoreCharts(trim: SectionTrim, total: number): number {
  const { details, levels, budget, measure } = trim
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

/** Shortens the table: flagged rows are the last to go, then table order from the bottom. */
function dropRows(
  parts: ReportParts,
  kept: boolean[],
  total: number,
  budget: number,
  measure: Measure
): void {
  const order = parts.flagged
    .map((flagged, i) => ({ flagged, i }))
    .sort((a, b) => Number(a.flagged) - Number(b.flagged) || b.i - a.i)
  for (const { i } of order) {
    if (total <= budget) return
    total -= measure(parts.table[i + 2]!) + 1
    kept[i] = false
  }
}

function trimNote(
  parts: ReportParts,
  levels: readonly DetailLevel[],
  kept: readonly boolean[],
  maxLength: number,
  options: BudgetOptions
): string {
  const sections = levels.length
  const rows = kept.length
  const withoutChart = levels.filter((level) => level < 2).length
  const withoutDetails = levels.filter((level) => level === 0).length
  const leftOut = kept.filter((k) => !k).length
  const cuts = [
    ...(withoutChart > withoutDetails
      ? [`charts left out for ${withoutChart - withoutDetails} of ${sections} ${parts.sectionNoun}`]
      : []),
    ...(withoutDetails > 0
      ? [`measurement details left out for ${withoutDetails} of ${sections} ${parts.sectionNoun}`]
      : []),
    ...(leftOut > 0
      ? [
          `${leftOut} of ${rows} ${parts.rowNoun} left out of the verdict table (${parts.flaggedNoun} are kept first)`
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
