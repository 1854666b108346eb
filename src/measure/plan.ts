// What to measure for a workload: which worker counts, how many calls per round, and in which order
// the strategies take their turns in each round.

import type { Strategy } from '../types.ts'

/** Rounds are sized so that serial takes about this long: long enough to time, short enough to repeat. */
export const TARGET_ROUND_SECONDS = 0.25
/** A chosen task count never exceeds this (pools of tiny calls would spend the budget on overhead). */
export const MAX_AUTO_TASKS = 2000
/** Nor moves more than this many serialized bytes per round: processes copy every byte, twice. */
export const MAX_ROUND_BYTES = 256 * 1024 * 1024
/** Calibration stops once a batch of calls takes this long. */
export const CALIBRATION_SECONDS = 0.05
/** Most a calibration batch grows from one to the next: a first call that ran fast by chance costs little. */
const CALIBRATION_GROWTH = 64

/**
 * The calibration batch after one of `batch` calls that took `wallSeconds` (short of
 * CALIBRATION_SECONDS): sized by the calls' own pace to reach it with a quarter to spare, so that 10 ms
 * calls take batches of 1 and 7 rather than 1, 4 and 16 (a fixed growth by 4 spent 0.2 s of calls
 * where 0.08 s do).
 */
export function nextCalibrationBatch(batch: number, wallSeconds: number): number {
  const paced =
    wallSeconds > 0 ? Math.ceil((batch * CALIBRATION_SECONDS * 1.25) / wallSeconds) : Infinity
  return Math.min(Math.max(paced, batch + 1), batch * CALIBRATION_GROWTH, MAX_AUTO_TASKS)
}
/** Windows' ProcessPoolExecutor refuses more than 61 workers. */
const WINDOWS_MAX_PROCESSES = 61

/** One strategy at one worker count: a contender in the race for the verdict. */
export interface Contender {
  readonly strategy: Strategy
  readonly workers: number
}

/**
 * Worker counts to try: powers of two below the usable CPUs, the CPU count itself, and one step beyond
 * (twice the CPUs), so that I/O-bound work can show threads scaling past the cores.
 */
export function workerSweep(cpus: number): number[] {
  const counts = new Set<number>()
  for (let w = 1; w < cpus; w *= 2) counts.add(w)
  counts.add(cpus)
  counts.add(cpus * 2)
  return [...counts].sort((a, b) => a - b)
}

/**
 * Most calls an `async` contender keeps in flight. In-flight calls cost almost nothing, so the sweep
 * goes well past the CPUs; beyond this, a workload's waits rarely overlap further and each extra
 * contender costs rounds.
 */
export const MAX_ASYNC_CONCURRENCY = 64

/**
 * Concurrency limits for `async`: powers of two up to the calls per round (no more can be in flight)
 * and MAX_ASYNC_CONCURRENCY, and the calls per round itself when it is below the cap.
 */
export function asyncSweep(tasks: number): number[] {
  const top = Math.max(1, Math.min(tasks, MAX_ASYNC_CONCURRENCY))
  const counts = new Set<number>()
  for (let c = 1; c < top; c *= 2) counts.add(c)
  counts.add(top)
  return [...counts].sort((a, b) => a - b)
}

/**
 * Calls per round a coroutine function gets at least, when serial can run them within
 * COROUTINE_ROUND_SECONDS: async cannot keep more calls in flight than a round holds, and rounds sized
 * for serial alone (a quarter of a second: 8 calls of 30 ms) would cap its speedup far below what
 * one loop gives.
 */
export const MIN_COROUTINE_TASKS = 32
export const COROUTINE_ROUND_SECONDS = 2

/**
 * The calls per round for a coroutine function: the serial choice raised towards MIN_COROUTINE_TASKS
 * as far as a serial round of COROUTINE_ROUND_SECONDS allows, kept a multiple of the worker counts.
 */
export function chooseCoroutineTasks(
  tasks: number,
  callSeconds: number,
  workerCounts: readonly number[]
): number {
  const affordable =
    callSeconds > 0 ? Math.floor(COROUTINE_ROUND_SECONDS / callSeconds) : MIN_COROUTINE_TASKS
  const wanted = Math.min(MIN_COROUTINE_TASKS, affordable)
  if (wanted <= tasks) return tasks
  const step = Math.max(1, ...workerCounts)
  return Math.max(tasks, Math.floor(wanted / step) * step)
}

/**
 * The `async` contender a coroutine function starts with, once the calls per round are known: the
 * top of the sweep. The limits below join only once the top shows a gain over serial, and only those
 * that could come within the margin of it (verdict/async-joins.ts): a coroutine that blocks its loop
 * measures 1x at every limit, and measuring them all cost two thirds of such a workload's time
 * (docs/cost.md). Concurrency 1 never runs: it awaits one call at a time as serial does, so it is no
 * candidate, and its round cost as much as serial's.
 */
export function planAsyncContenders(tasks: number): Contender[] {
  return [{ strategy: 'async', workers: asyncSweep(tasks).at(-1)! }]
}

/**
 * Serial once, then threads and processes at every worker count of the sweep but one. A one-worker
 * pool does serial's work plus a hand-off: it is no candidate (verdict/recommend.ts), and what it
 * would add, the hand-off overhead as the scaling fit's one-worker point, costs a whole round of
 * serial's length per strategy; serial stands in for it (stats/scaling.ts).
 */
export function planContenders(cpus: number, platform: NodeJS.Platform): Contender[] {
  const sweep = workerSweep(cpus).filter((workers) => workers > 1)
  const processCounts =
    platform === 'win32' ? sweep.filter((w) => w <= WINDOWS_MAX_PROCESSES) : sweep
  return [
    { strategy: 'serial', workers: 1 },
    ...sweep.map((workers): Contender => ({ strategy: 'threads', workers })),
    ...processCounts.map((workers): Contender => ({ strategy: 'processes', workers }))
  ]
}

/**
 * Calls per round when the config does not say: enough for a serial round of about
 * TARGET_ROUND_SECONDS, no more than MAX_ROUND_BYTES of arguments and results, and a multiple of every
 * worker count so that no pool finishes with idle workers waiting on a last uneven batch.
 */
export function chooseTasks(
  callSeconds: number,
  workerCounts: readonly number[],
  bytesPerCall = 0
): number {
  const largest = Math.max(1, ...workerCounts)
  const common = workerCounts.reduce(lcm, 1)
  // Odd CPU counts can make the common multiple huge; then only the largest pool divides evenly.
  const step = common <= 4 * largest ? common : largest
  const wanted = callSeconds > 0 ? Math.ceil(TARGET_ROUND_SECONDS / callSeconds) : MAX_AUTO_TASKS
  const byVolume = bytesPerCall > 0 ? Math.floor(MAX_ROUND_BYTES / bytesPerCall) : MAX_AUTO_TASKS
  const capped = Math.min(wanted, MAX_AUTO_TASKS, byVolume)
  return Math.max(step, Math.ceil(capped / step) * step)
}

/**
 * The order of turns in round `round`: the contenders rotated by one each round, so that no strategy
 * always runs first (a cold cache) or right after the heaviest one.
 */
export function roundOrder<T>(contenders: readonly T[], round: number): T[] {
  if (contenders.length === 0) return []
  const shift = round % contenders.length
  return [...contenders.slice(shift), ...contenders.slice(0, shift)]
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b
}
