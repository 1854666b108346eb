// Two waits before a turn. A quiet moment on the machine before a turn is taken again (measure/run.ts
// retakes turns that other processes slowed): between turns our own harnesses sit idle on their
// stdin, so the CPU time the machine's CPUs were busy over a short window is other processes'. A
// neighbour's burst lasts seconds; a retake taken inside it would be set aside again. And the end of
// a harness's own work after its turn (waitForIdleTree), which makes "idle between turns" true: read
// from each task's state, at once, where the run times lag by up to a clock tick.

import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises'
import { busyTasks } from './contention.ts'
import { busyCpusBetween, readMachine } from './machine-counters.ts'

/** One look at the machine: long enough for /proc/stat's 10 ms ticks to say something. */
const WINDOW_SECONDS = 0.1

/**
 * Busy CPUs below which the machine counts as quiet: a quarter of a CPU over a window is the tool's
 * own bookkeeping and a shell's wake-ups; a neighbour burning a CPU reads 1.
 */
export const QUIET_BUSY_CPUS = 0.25

/**
 * Waits until other processes keep less than QUIET_BUSY_CPUS busy over a window, or `maxSeconds`
 * have passed, or `signal` aborts. Returns the seconds waited; at once where the machine cannot be
 * read (off Linux).
 */
export async function waitForQuiet(maxSeconds: number, signal?: AbortSignal): Promise<number> {
  return (await waitForQuietFor(0, maxSeconds, WINDOW_SECONDS, signal)).seconds
}

/** What a wait for a quiet machine saw. */
export interface QuietWait {
  /** Seconds waited. */
  readonly seconds: number
  /** The machine was quiet when the wait ended; null where it cannot be read (off Linux). */
  readonly quiet: boolean | null
}

/**
 * Waits, in windows of `windowSeconds`, until other processes have kept less than QUIET_BUSY_CPUS
 * busy for `settleSeconds` in a row (one quiet window where that is 0), or until the next window
 * would end past `maxSeconds`, or `signal` aborts. The retakes' wait asks for one window; the
 * benchmarks' (scripts/quiet-machine.ts) for a second of them, since a neighbour's burst pauses for
 * a second or more.
 */
export async function waitForQuietFor(
  settleSeconds: number,
  maxSeconds: number,
  windowSeconds: number,
  signal?: AbortSignal
): Promise<QuietWait> {
  const started = performance.now()
  const elapsed = (): number => (performance.now() - started) / 1000
  let before = readMachine()
  if (before === null) return { seconds: elapsed(), quiet: null }
  let quiet = 0
  while (elapsed() + windowSeconds <= maxSeconds && signal?.aborted !== true) {
    const windowStart = performance.now()
    await sleep(windowSeconds * 1000)
    const after = readMachine()
    if (after === null) return { seconds: elapsed(), quiet: null }
    const seconds = (performance.now() - windowStart) / 1000
    quiet = quietAfter(quiet, busyCpusBetween(before, after, seconds), seconds)
    if (quiet > 0 && quiet >= settleSeconds) return { seconds: elapsed(), quiet: true }
    before = after
  }
  return { seconds: elapsed(), quiet: false }
}

/**
 * Seconds of quiet windows in a row after one more window: the count goes on while the window's
 * busy CPUs stay under QUIET_BUSY_CPUS, and starts again from nothing when they do not.
 */
export function quietAfter(quietSoFar: number, busyCpus: number, windowSeconds: number): number {
  return busyCpus < QUIET_BUSY_CPUS ? quietSoFar + windowSeconds : 0
}

/** How often a harness's tree is looked at while it finishes what its turn left (waitForIdleTree). */
const IDLE_POLL_MS = 2

/** Looks in a row that must find no busy task before a tree counts as idle (waitForIdleTree). */
const IDLE_LOOKS = 2

/**
 * Waits until no task of the harness tree led by `pgid` is busy (contention.ts, busyTasks), or
 * `maxSeconds` have passed, or `signal` aborts: a harness keeps working for a moment after it
 * answers a turn (a pool freeing what the turn's results held, a collector's threads), and the next
 * contender's turn would pay for it. Returns true once the tree is idle, or where it cannot be read
 * (off Linux, the harness gone); false when the time ran out first.
 *
 * Idle counts only when two looks in a row find no busy task, the second taken at once. One look
 * reads the tasks' states one file at a time, not at one instant, and a spinning Node process read
 * as idle twice in some 80,000 looks on this 2-CPU machine beside two busy loops (its main thread
 * asleep, waiting on threads of its own that were not running either): a single look then ended the
 * wait of a tree still spinning, and a test of this wait failed so about once in ten runs of the
 * runtimes' tests under load. The second look waits for no timer: a tree found idle at once is the
 * common case after every turn, and a poll's 2 ms after each of them is a cost every workload would
 * pay for a rare case.
 */
export async function waitForIdleTree(
  pgid: number,
  maxSeconds: number,
  signal?: AbortSignal
): Promise<boolean> {
  const started = performance.now()
  let idleLooks = 0
  for (;;) {
    const busy = busyTasks(pgid)
    if (busy === null) return true
    idleLooks = busy === 0 ? idleLooks + 1 : 0
    if (idleLooks >= IDLE_LOOKS) return true
    if ((performance.now() - started) / 1000 >= maxSeconds || signal?.aborted === true) return false
    await (idleLooks > 0 ? immediate() : sleep(IDLE_POLL_MS))
  }
}
