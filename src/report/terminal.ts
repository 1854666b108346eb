// The verdict table for a terminal (the CLI's output at the end; progress lines are progress.ts).

import { asyncFigure, asyncNotApplicable, showsAsync } from './async.ts'
import { changeMark, thresholdText } from './change.ts'
import {
  formatBytes,
  formatCpuSplit,
  formatSpeedup,
  strategyWithWorkers,
  verdictText
} from '../format.ts'
import { bestMeasurement } from '../stats/measurements.ts'
import type { GateOutcome, Results, WorkloadResult } from '../types.ts'

/** The verdict table for a terminal: one row per workload, its reason on the line below. */
export function renderTerminalReport(results: Results): string {
  const env = results.environment
  const header = [
    `concurrency-advisor ${results.tool.version}`,
    `${env.platform} ${env.arch}`,
    `${env.cpus} usable CPU${env.cpus === 1 ? '' : 's'}${env.hostCpus !== env.cpus ? ` of ${env.hostCpus}` : ''}`,
    env.python === null ? null : `Python ${env.python}`,
    `Node ${env.node}`
  ]
    .filter((part) => part !== null)
    .join(' · ')
  const compared = results.baseline !== null
  const withAsync = showsAsync(results.workloads)
  const rows = [
    [
      'workload',
      'verdict',
      ...(withAsync ? ['async'] : []),
      'threads',
      'processes',
      'CPU use',
      'memory',
      'class',
      ...(compared ? ['vs base'] : [])
    ]
  ]
  const reasons: string[][] = []
  for (const result of results.workloads) {
    const threads = bestMeasurement(result.measurements, 'threads')
    const processes = bestMeasurement(result.measurements, 'processes')
    const chosen =
      result.measurements.find(
        (m) => m.strategy === result.recommendation && m.workers === result.workers
      ) ?? null
    rows.push([
      result.name,
      `${verdictText(result)}${result.mismatch ? ` ⚠ uses ${result.uses}` : ''}`,
      ...(withAsync ? [asyncFigure(result)] : []),
      threads === null ? 'failed' : `${formatSpeedup(threads.speedup)} @${threads.workers}`,
      processes === null ? 'failed' : `${formatSpeedup(processes.speedup)} @${processes.workers}`,
      formatCpuSplit(chosen?.cpuUse ?? null, chosen?.childCpuUse ?? null),
      formatBytes(chosen?.peakRssBytes ?? null),
      result.class,
      ...(compared ? [changeMark(result)] : [])
    ])
    const notApplicable = withAsync ? asyncNotApplicable(result) : null
    reasons.push([
      result.reason,
      ...(notApplicable === null ? [] : [notApplicable]),
      ...stoppedLine(result),
      ...(result.comparison === null ? [] : [`vs base: ${result.comparison.summary}`])
    ])
  }
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]!].length))
  )
  const format = (row: string[]): string =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length))
      .join('  ')
      .trimEnd()
  const lines = [header, '', format(rows[0]!)]
  rows.slice(1).forEach((row, index) => {
    lines.push(format(row), ...reasons[index]!.map((reason) => `  ${reason}`))
  })
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

/** The contenders the race stopped early, one-worker pools left out (they always stop after one round). */
function stoppedLine(result: WorkloadResult): string[] {
  const stopped = result.measurements.filter(
    (m) => m.stopped !== null && m.stopped.cause !== 'one-worker'
  )
  if (stopped.length === 0) return []
  const parts = stopped.map(
    (m) =>
      `${strategyWithWorkers(m.strategy, m.workers)} after ${m.stopped!.afterRounds} (${m.stopped!.reason.replace(/^stopped after \d+ rounds?: /, '')})`
  )
  return [`Stopped early: ${parts.join('; ')}.`]
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
