// Progress while measuring, for both shells (the CLI on stderr, the action in its log): a live line
// on a terminal, one plain line per finished step otherwise. Each event becomes a line of text here;
// the only output is to the stream the shell hands over (no files, no network: report/ stays pure).

import { formatSeconds, strategyWithWorkers, verdictText } from '../format.ts'
import type { ContenderName, ProgressEvent } from '../progress-events.ts'

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
      event.kind === 'workload-done' ||
      (event.kind === 'measure' &&
        (event.event.kind === 'fault' || event.event.kind === 'set-aside'))
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
            ? `${event.workload}: ${contender(inner)} started in ${formatSeconds(inner.startupSeconds)}`
            : null
        case 'round':
          return `${event.workload}: round ${inner.round} done (${inner.running} strategies)`
        case 'fault':
          return `${event.workload}: ${contender(inner)} failed: ${inner.fault.message}`
        case 'retired':
          return `${event.workload}: ${contender(inner)} ${inner.retirement.reason}`
        case 'set-aside':
          return `${event.workload}: ${contender(inner)} round ${inner.round} set aside: ${inner.reason}${inner.retaken ? '; taken again' : ''}`
        case 'turn':
          return null
      }
    }
  }
}

/** "threads ×2", or "threads ×2 on 3.13t" when a workload runs on several interpreters. */
function contender(name: ContenderName): string {
  const text = strategyWithWorkers(name.strategy, name.workers)
  return name.on === null ? text : `${text} on ${name.on}`
}
