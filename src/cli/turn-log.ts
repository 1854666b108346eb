// --turns FILE: every turn's figures as the harness measured them, one JSON line each, before any
// rule judged them (set aside, warm-up, retake). The results file keeps what the rules made of the
// turns; this log keeps what they were given, so that a verdict that took many rounds, or a rule
// tried later, can be replayed on the same turns (docs/noise.md, "Reproducing").

import { closeSync, openSync, writeSync } from 'node:fs'
import { UsageError } from '../errors.ts'
import type { MeasureEvent, ProgressEvent } from '../progress-events.ts'

/** A sink for the engine's progress events that writes the turns; close it when the run ends. */
export interface TurnLog {
  readonly write: (event: ProgressEvent) => void
  readonly close: () => void
}

/**
 * Opens (truncates) `path` for the log; `shown` is the path as the user gave it, for the error. Each
 * line's `at` counts seconds from the log's opening, on a monotonic clock.
 */
export function openTurnLog(path: string, shown: string): TurnLog {
  const now = (): number => performance.now() / 1000
  let fd: number
  try {
    fd = openSync(path, 'w')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'cannot open it'
    throw new UsageError(`--turns: cannot write ${shown}: ${code}`)
  }
  const opened = now()
  return {
    write: (event) => {
      if (event.kind !== 'measure' || event.event.kind !== 'turn') return
      writeSync(fd, `${turnLine(event.workload, now() - opened, event.event)}\n`)
    },
    close: () => closeSync(fd)
  }
}

/** One turn as a JSON line: which contender, which round, when, and its figures as measured. */
function turnLine(
  workload: string,
  at: number,
  turn: Extract<MeasureEvent, { kind: 'turn' }>
): string {
  const { variant, on, strategy, workers, round, calls, sample } = turn
  return JSON.stringify({
    workload,
    variant,
    on,
    strategy,
    workers,
    round,
    calls,
    at: Number(at.toFixed(6)),
    ...sample
  })
}
