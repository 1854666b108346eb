// The benchmarks that compare timings (--cost, --sweep, --noise) wait before each timed run for a
// machine that other processes leave alone: a pass that ran beside a type check of this tree
// (issue 19's fifteenth phase) had lib-bcryptjs and lib-pbkdf2 take 11.9 and 13.0 s against
// 2.8-3.8 s, and had to be thrown away by hand. The wait reads the machine's busy CPU time
// (/proc/stat, as the tool's own retakes do: src/runtimes/quiet.ts) over short windows, and asks for
// SETTLE_SECONDS of quiet windows in a row, since a neighbour's burst pauses for a second or more;
// it gives up after MAX_SECONDS and says so, so that a machine busy throughout still gets its
// figures, marked.
import { setTimeout as sleep } from 'node:timers/promises'
import { busyCpusBetween, readMachine } from '../src/runtimes/machine-counters.ts'
import { QUIET_BUSY_CPUS } from '../src/runtimes/quiet.ts'

/** One look: long enough for /proc/stat's 10 ms ticks to say something. */
const WINDOW_SECONDS = 0.25
/** Quiet windows in a row, in seconds, before a run starts. */
export const SETTLE_SECONDS = 1
/** Longest wait before a run starts anyway. */
export const MAX_SECONDS = 30

/** What the wait before a run saw. */
export interface QuietWait {
  /** Seconds waited. */
  readonly seconds: number
  /** The machine was quiet when the run started; null where it cannot be read (off Linux). */
  readonly quiet: boolean | null
}

/**
 * Seconds of quiet windows in a row after one more window: the count goes on while the window's
 * busy CPUs stay under QUIET_BUSY_CPUS, and starts again from nothing when they do not.
 */
export function quietAfter(quietSoFar: number, busyCpus: number, windowSeconds: number): number {
  return busyCpus < QUIET_BUSY_CPUS ? quietSoFar + windowSeconds : 0
}

/**
 * Waits until other processes have kept less than QUIET_BUSY_CPUS busy for `settleSeconds` in a
 * row, or `maxSeconds` have passed. Between runs nothing of the benchmark's own is running, so what
 * is busy is someone else's.
 */
export async function waitForQuietMachine(
  settleSeconds = SETTLE_SECONDS,
  maxSeconds = MAX_SECONDS
): Promise<QuietWait> {
  const started = performance.now()
  const elapsed = (): number => (performance.now() - started) / 1000
  let before = readMachine()
  if (before === null) return { seconds: 0, quiet: null }
  let quiet = 0
  while (quiet < settleSeconds) {
    if (elapsed() >= maxSeconds) return { seconds: elapsed(), quiet: false }
    const windowStart = performance.now()
    await sleep(WINDOW_SECONDS * 1000)
    const after = readMachine()
    if (after === null) return { seconds: elapsed(), quiet: null }
    const seconds = (performance.now() - windowStart) / 1000
    quiet = quietAfter(quiet, busyCpusBetween(before, after, seconds), seconds)
    before = after
  }
  return { seconds: elapsed(), quiet: true }
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
