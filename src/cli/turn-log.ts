// --turns FILE: every turn's figures as the harness measured them, one JSON line each, before any
// rule judged them (set aside, warm-up, retake). The results file keeps what the rules made of the
// turns; this log keeps what they were given, so that a verdict that took many rounds, or a rule
// tried later, can be replayed on the same turns (docs/noise.md, "Reproducing").

import { closeSync, openSync, writeSync } from 'node:fs'
import { UsageError } from '../errors.ts'
import type { ProgressEvent } from '../progress-events.ts'

/** A sink for the engine's progress events that writes the turns; close it when the run ends. */
export interface TurnLog {
  readonly write: (event: ProgressEvent) => void
  readonly close: () => void
}

/**
 * Opens (truncates) `path` for the log; `shown` is the path as the user gave it, for the error.
 * `now` gives seconds on a monotonic clock, for each line's `at`, counted from the log's opening.
 */
export function openTurnLog(
  path: string,
  shown: string,
  now: () => number = () => performance.now() / 1000
): TurnLog {
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

type TurnEvent = Extract<ProgressEvent, { kind: 'measure' }>['event'] & { kind: 'turn' }

/** One turn as a JSON line: which contender, which round, when, and its figures as measured. */
export function turnLine(workload: string, at: number, turn: TurnEvent): string {
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
