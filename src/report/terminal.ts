// CLI output: progress while measuring (a live line on a terminal, one plain line per finished step in
// CI logs) and the verdict table at the end.

import type { ProgressEvent } from '../engine.ts'
import { asyncFigure, asyncNotApplicable, showsAsync } from './async.ts'
import { bestMeasurement } from './best.ts'
import { changeMark, thresholdText } from './change.ts'
import { formatBytes, formatCpuUse, formatSeconds, formatSpeedup } from '../format.ts'
import type { GateOutcome, Results, WorkloadResult } from '../types.ts'

/** A progress sink for the engine: rewrites one line on a TTY, appends plain lines otherwise. */
export function createProgressPrinter(stream: NodeJS.WriteStream): (event: ProgressEvent) => void {
  const live = stream.isTTY === true
  let position = ''
  return (event) => {
    if (event.kind === 'workload-start') position = `[${event.index + 1}/${event.total}]`
    const line = describeEvent(event)
    if (line === null) return
    const text = `${position} ${line}`
    const lasting =
      event.kind === 'workload-done' || (event.kind === 'measure' && event.event.kind === 'fault')
    if (!live) {
      stream.write(`${text}\n`)
    } else if (lasting) {
      stream.write(`\r\x1b[2K${text}\n`)
    } else {
      const width = Math.max(20, (stream.columns || 80) - 1)
      stream.write(`\r\x1b[2K${text.slice(0, width)}`)
    }
  }
}

function describeEvent(event: ProgressEvent): string | null {
  switch (event.kind) {
    case 'workload-start':
      return `${event.workload}: calibrating`
    case 'workload-done': {
      const { result } = event
      const verdict = result.recommendation === null ? 'no verdict' : verdictText(result)
      return `${event.workload}: ${verdict} (${result.class}) after ${result.rounds} rounds in ${formatSeconds(result.elapsedSeconds)}`
    }
    case 'measure': {
      const inner = event.event
      switch (inner.kind) {
        case 'calibrated':
          return `${event.workload}: ${inner.tasks} calls per round${inner.callSeconds === null ? '' : ` (${formatSeconds(inner.callSeconds)} each)`}`
        case 'started':
          return inner.fault === null
            ? `${event.workload}: ${inner.strategy} ×${inner.workers} started in ${formatSeconds(inner.startupSeconds)}`
            : null
        case 'round':
          return `${event.workload}: round ${inner.round} done (${inner.running} strategies)`
        case 'fault':
          return `${event.workload}: ${inner.strategy} ×${inner.workers} failed: ${inner.fault.message}`
        case 'retired':
          return `${event.workload}: ${inner.strategy} ×${inner.workers} ${inner.retirement.reason}`
      }
    }
  }
}

/** "processes ×2", "serial", with "?" when uncertain. */
export function verdictText(result: WorkloadResult): string {
  if (result.recommendation === null) return 'none'
  const workers =
    result.recommendation === 'serial' || result.workers === null ? '' : ` ×${result.workers}`
  return `${result.recommendation}${workers}${result.uncertain ? ' (uncertain)' : ''}`
}

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
    const threads = bestMeasurement(result, 'threads')
    const processes = bestMeasurement(result, 'processes')
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
      formatCpuUse(chosen?.cpuUse ?? null),
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
      `${m.strategy} ×${m.workers} after ${m.stopped!.afterRounds} (${m.stopped!.reason.replace(/^stopped after \d+ rounds?: /, '')})`
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
