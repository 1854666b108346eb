// The verdict table for a terminal (the CLI's output at the end; progress lines are progress.ts).

import { asyncFigure, asyncNotApplicable, showsAsync } from './async.ts'
import { changeMark, thresholdText } from './change.ts'
import {
  formatBytes,
  formatCpuSplit,
  formatSpeedup,
  pythonText,
  strategyWithWorkers,
  verdictText
} from '../format.ts'
import { bestMeasurement } from '../stats/measurements.ts'
import type { GateOutcome, Measurement, Results, WorkloadResult } from '../types.ts'
import { runnerNotes, setAsideText } from './contention.ts'
import { gilLines, serialCell, severalInterpreters } from './interpreters.ts'

/**
 * The verdict table for a terminal: one row per workload, its reason on the line below. A workload
 * measured on several interpreters gets one more row per interpreter, with that interpreter's own
 * verdict, its serial against the first one's, and its figures against the first one's serial.
 */
export function renderTerminalReport(results: Results): string {
  const env = results.environment
  const python = pythonText(env)
  const header = [
    `concurrency-advisor ${results.tool.version}`,
    `${env.platform} ${env.arch}`,
    `${env.cpus} usable CPU${env.cpus === 1 ? '' : 's'}${env.hostCpus !== env.cpus ? ` of ${env.hostCpus}` : ''}`,
    python === null ? null : `Python ${python}`,
    `Node ${env.node}`
  ]
    .filter((part) => part !== null)
    .join(' · ')
  const compared = results.baseline !== null
  const withAsync = showsAsync(results.workloads)
  const withSerial = results.workloads.some((w) => severalInterpreters(w) !== null)
  const columns = {
    async: withAsync,
    serial: withSerial,
    compared
  }
  const rows = [
    [
      'workload',
      'verdict',
      ...(withAsync ? ['async'] : []),
      ...(withSerial ? ['serial'] : []),
      'threads',
      'processes',
      'CPU use',
      'memory',
      'class',
      ...(compared ? ['vs base'] : [])
    ]
  ]
  // Each workload's rows, then the lines printed under them.
  const blocks: { rows: string[][]; notes: string[] }[] = results.workloads.map((result) => ({
    rows: workloadRows(result, columns),
    notes: notesOf(result, withAsync)
  }))
  for (const block of blocks) rows.push(...block.rows)
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]!].length))
  )
  const format = (row: string[]): string =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length))
      .join('  ')
      .trimEnd()
  const { busy, unmonitored } = runnerNotes(results)
  const lines = [
    header,
    ...[busy, unmonitored].flatMap((note) => (note === null ? [] : ['', note])),
    '',
    format(rows[0]!)
  ]
  for (const block of blocks) {
    lines.push(...block.rows.map(format), ...block.notes.map((note) => `  ${note}`))
  }
  if (results.interrupted)
    lines.push('', 'The run was interrupted: workloads not reached are reported as not measured.')
  if (results.baseline !== null) {
    const { kind, source, threshold, requestedThreshold } = results.baseline
    const what = kind === 'file' ? 'the results in' : 'the checkout in'
    lines.push(
      '',
      `Compared with ${what} ${source}: ${thresholdText(threshold, requestedThreshold)}.`
    )
  }
  if (results.gate !== null) lines.push('', ...gateLines(results.gate))
  return `${lines.join('\n')}\n`
}

interface Columns {
  readonly async: boolean
  readonly serial: boolean
  readonly compared: boolean
}

/** The workload's row, and one per interpreter when it ran on several. */
function workloadRows(result: WorkloadResult, columns: Columns): string[][] {
  const several = severalInterpreters(result)
  const chosen =
    result.measurements.find(
      (m) =>
        !m.gilForced &&
        (several === null || m.python === result.recommendedPython) &&
        m.strategy === result.recommendation &&
        m.workers === result.workers
    ) ?? null
  const figure = (strategy: 'threads' | 'processes', python?: string): string => {
    const best = bestMeasurement(result.measurements, strategy, python)
    return best === null ? 'failed' : `${formatSpeedup(best.speedup)} @${best.workers}`
  }
  const row = (cells: {
    name: string
    verdict: string
    async: string
    serial: string
    threads: string
    processes: string
    chosen: Measurement | null
    class: string
    change: string
  }): string[] => [
    cells.name,
    cells.verdict,
    ...(columns.async ? [cells.async] : []),
    ...(columns.serial ? [cells.serial] : []),
    cells.threads,
    cells.processes,
    formatCpuSplit(cells.chosen?.cpuUse ?? null, cells.chosen?.childCpuUse ?? null),
    formatBytes(cells.chosen?.peakRssBytes ?? null),
    cells.class,
    ...(columns.compared ? [cells.change] : [])
  ]
  const main = row({
    name: result.name,
    verdict: `${verdictText(result)}${result.mismatch ? ` ⚠ uses ${result.uses}` : ''}`,
    async: asyncFigure(result),
    serial: '',
    threads: several === null ? figure('threads') : '',
    processes: several === null ? figure('processes') : '',
    chosen,
    class: result.class,
    change: changeMark(result)
  })
  if (several === null) return [main]
  return [
    main,
    ...several.map((entry, index) =>
      row({
        name: `  ${entry.label}`,
        verdict:
          entry.recommendation === null
            ? 'none'
            : strategyWithWorkers(entry.recommendation, entry.workers),
        async: '',
        serial: serialCell(entry, index),
        threads: figure('threads', entry.python),
        processes: figure('processes', entry.python),
        chosen:
          result.measurements.find(
            (m) =>
              !m.gilForced &&
              m.python === entry.python &&
              m.strategy === entry.recommendation &&
              m.workers === entry.workers
          ) ?? null,
        class: entry.class,
        change: entry.comparison === null ? '' : changeMark({ comparison: entry.comparison })
      })
    )
  ]
}

/** The lines under a workload's rows: its reason, and what else a reader should know. */
function notesOf(result: WorkloadResult, withAsync: boolean): string[] {
  const notApplicable = withAsync ? asyncNotApplicable(result) : null
  return [
    result.reason,
    ...(notApplicable === null ? [] : [notApplicable]),
    // Each free-threaded interpreter's GIL (with several, the rows say the rest).
    ...gilLines(result),
    ...stoppedLine(result),
    ...setAsideLine(result),
    ...(result.comparison === null ? [] : [`vs base: ${result.comparison.summary}`])
  ]
}

/** The contenders the race stopped early, one-worker pools left out (they always stop after one round). */
function stoppedLine(result: WorkloadResult): string[] {
  const stopped = result.measurements.filter(
    (m) => m.stopped !== null && m.stopped.cause !== 'one-worker'
  )
  if (stopped.length === 0) return []
  const where = whereOf(result)
  const parts = stopped.map(
    (m) =>
      `${strategyWithWorkers(m.strategy, m.workers)}${where(m)} after ${m.stopped!.afterRounds} (${m.stopped!.reason.replace(/^stopped after \d+ rounds?: /, '')})`
  )
  return [`Stopped early: ${parts.join('; ')}.`]
}

/** The rounds other processes slowed, per configuration (the interpreter named where several ran). */
function setAsideLine(result: WorkloadResult): string[] {
  const text = setAsideText(result, whereOf(result))
  return text === null ? [] : [text]
}

/** " on 3.13t", " with the GIL forced on": where a configuration ran, when the workload ran on several. */
function whereOf(result: WorkloadResult): (m: Measurement) => string {
  const labels = new Map((result.interpreters ?? []).map((i) => [i.python, i.label]))
  const several = severalInterpreters(result) !== null
  return (m) => {
    const on = several && m.python !== null ? ` on ${labels.get(m.python) ?? m.python}` : ''
    return m.gilForced ? `${on} with the GIL forced on` : on
  }
}

/** The gate's outcome: each failure on a line of its own, then the notes. */
export function gateLines(gate: GateOutcome): string[] {
  const head = `Gate (--fail-on ${gate.failOn}): ${gate.failed ? 'FAILED' : 'passed'}`
  return [
    head,
    ...gate.failures.map((failure) => `  ✗ ${failure}`),
    ...gate.notes.map((note) => `  note: ${note}`)
  ]
}
