// The benchmarks that compare timings (--cost, --sweep, --noise) wait before each timed run for a
// machine that other processes leave alone: a pass that ran beside a type check of this tree
// (issue 19's fifteenth phase) had lib-bcryptjs and lib-pbkdf2 take 11.9 and 13.0 s against
// 2.8-3.8 s, and had to be thrown away by hand. The wait reads the machine's busy CPU time
// (/proc/stat, as the tool's own retakes do: src/runtimes/quiet.ts) over short windows, and asks for
// SETTLE_SECONDS of quiet windows in a row, since a neighbour's burst pauses for a second or more;
// it gives up after MAX_SECONDS and says so, so that a machine busy throughout still gets its
// figures, marked.
import { QUIET_BUSY_CPUS, waitForQuietFor } from '../src/runtimes/quiet.ts'
import type { QuietWait } from '../src/runtimes/quiet.ts'

/** One look: long enough for /proc/stat's 10 ms ticks to say something. */
const WINDOW_SECONDS = 0.25
/** Quiet windows in a row, in seconds, before a run starts. */
export const SETTLE_SECONDS = 1
/** Longest wait before a run starts anyway. */
export const MAX_SECONDS = 30

/**
 * Waits until other processes have kept less than QUIET_BUSY_CPUS busy for `settleSeconds` in a
 * row, or `maxSeconds` have passed (src/runtimes/quiet.ts waitForQuietFor, the retakes' wait).
 * Between runs nothing of the benchmark's own is running, so what is busy is someone else's.
 */
export function waitForQuietMachine(
  settleSeconds = SETTLE_SECONDS,
  maxSeconds = MAX_SECONDS
): Promise<QuietWait> {
  return waitForQuietFor(settleSeconds, maxSeconds, WINDOW_SECONDS)
}

/** Waits before each run and keeps what the waits saw, for a benchmark's closing lines. */
export interface QuietLog {
  /** Waits for a quiet machine before the run named `run` ("lib-marked (this)"). */
  readonly before: (run: string) => Promise<void>
  /**
   * A heading and one line per run that waited longer than the settling itself or started on a
   * busy machine, or a line saying none did.
   */
  readonly text: () => string
}

/** A log whose waits are `wait` (the real one unless a test scripts what the waits see). */
export function quietLog(wait: () => Promise<QuietWait> = waitForQuietMachine): QuietLog {
  const lines: string[] = []
  let busy = 0
  return {
    async before(run) {
      const seen = await wait()
      if (seen.quiet === false) busy++
      if (seen.quiet === false || seen.seconds > SETTLE_SECONDS + 1)
        lines.push(
          `  ${run}: waited ${seen.seconds.toFixed(1)} s${seen.quiet === false ? ', and started on a busy machine' : ''}`
        )
    },
    text() {
      const heading = `\nBefore each run, a wait for ${SETTLE_SECONDS} s of quiet machine (other processes under ${QUIET_BUSY_CPUS} CPU busy), up to ${MAX_SECONDS} s:`
      if (lines.length === 0) return `${heading}\n  no run waited longer than the settling itself`
      const spoiled =
        busy === 0
          ? ''
          : `\n  ${busy} run(s) started on a busy machine: their pairs may be spoiled; run them again.`
      return `${heading}\n${lines.join('\n')}${spoiled}`
    }
  }
}
