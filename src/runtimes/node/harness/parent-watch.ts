// Nothing may outlive the engine that started the harness. The engine put the harness
// in a process group of its own; if the engine dies (killed with -9, say), the harness is re-parented
// and kills its whole group, pool members included. The watching runs on a small worker thread so
// that it still works while the main thread is stuck in a user's synchronous loop.

import { Worker } from 'node:worker_threads'

const WATCH_INTERVAL_MS = 500

// Plain CommonJS run with `eval`, so that it needs no file of its own in src/ or dist/.
const WATCH_SOURCE = `
const { workerData } = require('node:worker_threads')
setInterval(() => {
  if (process.ppid === workerData.parent) return
  // Only a group this process leads: a harness started by hand must not kill its shell's group.
  try { process.kill(-workerData.self, 'SIGKILL') } catch {}
  process.kill(workerData.self, 'SIGKILL')
}, workerData.intervalMs)
`

/** Starts the watch; it never keeps the harness alive by itself. */
export function watchParent(): void {
  if (process.platform === 'win32') return
  const worker = new Worker(WATCH_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { parent: enginePid(), self: process.pid, intervalMs: WATCH_INTERVAL_MS }
  })
  worker.unref()
}

/**
 * The engine's pid as it passed it: if the engine died before this harness was up, our parent is
 * already init, and comparing with it would never fire. Our parent's when started by other means.
 */
function enginePid(): number {
  const passed = Number(process.env.CONCURRENCY_ADVISOR_ENGINE_PID)
  return Number.isInteger(passed) && passed > 0 ? passed : process.ppid
}
