// Nothing may outlive the engine that started the harness. The engine put the harness
// in a process group of its own; if the engine dies (killed with -9, say), the harness is re-parented
// and kills its whole group, pool members included.
//
// Where the user's code runs on the harness's main thread (serial and async, and the pre-flight
// check's imports), a synchronous loop can hold that thread for ever, so the watch runs on a small
// worker thread. A pool's host never runs the user's code on its main thread (its members do), so
// there the watch is a timer of the main thread: a worker thread costs 40-50 ms of CPU to start, and
// a workload's five harnesses, loaded at once on two CPUs, took 0.24-0.26 s with one each against
// 0.15-0.16 s with none; with serial's kept, a run's first calibration call came 0.31 s after the
// CLI's start instead of 0.41 s (issue 19's seventeenth phase, docs/cost.md).

import { Worker } from 'node:worker_threads'

const WATCH_INTERVAL_MS = 500

// Plain CommonJS run with `eval`, so that it needs no file of its own in src/ or dist/. It runs
// killIfOrphaned's own source (plain JavaScript once Node has stripped the types or esbuild has
// bundled it), so that both watches make the same check.
const watchSource = (): string => `
const { workerData } = require('node:worker_threads')
const killIfOrphaned = ${killIfOrphaned.toString()}
setInterval(() => killIfOrphaned(workerData.parent), workerData.intervalMs)
`

/** Starts the watch on the main thread's timers; it never keeps the harness alive by itself. */
export function watchParent(): void {
  if (process.platform === 'win32') return
  const parent = enginePid()
  setInterval(() => killIfOrphaned(parent), WATCH_INTERVAL_MS).unref()
}

/**
 * Starts the watch on a worker thread as well, for a harness about to run the user's code on its main
 * thread; it never keeps the harness alive by itself.
 */
export function watchParentFromThread(): void {
  if (process.platform === 'win32') return
  const worker = new Worker(watchSource(), {
    eval: true,
    execArgv: [],
    workerData: { parent: enginePid(), intervalMs: WATCH_INTERVAL_MS }
  })
  worker.unref()
}

/** Kills this process's group, or this process alone, once its parent is no longer `parent`. */
function killIfOrphaned(parent: number): void {
  if (process.ppid === parent) return
  // Only a group this process leads: a harness started by hand must not kill its shell's group.
  try {
    process.kill(-process.pid, 'SIGKILL')
  } catch {
    // Not a group leader: this process alone.
  }
  process.kill(process.pid, 'SIGKILL')
}

/**
 * The engine's pid as it passed it: if the engine died before this harness was up, our parent is
 * already init, and comparing with it would never fire. Our parent's when started by other means.
 */
function enginePid(): number {
  const passed = Number(process.env.CONCURRENCY_ADVISOR_ENGINE_PID)
  return Number.isInteger(passed) && passed > 0 ? passed : process.ppid
}
