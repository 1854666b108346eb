// Runs the CLI (from source or the dist/ bundle) as a user would, with its processes marked (see
// processes.ts) so that a test can tell whether any of them outlived the run, and with its stderr
// readable line by line while it runs, so that a test can signal it at a chosen moment.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { CLI } from './cli.ts'
import { MARKER_NAME, newMarker } from './processes.ts'

/** How a tracked run ended. */
export interface TrackedRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Wall-clock seconds from the spawn to the CLI's exit. */
  readonly seconds: number
}

export interface TrackedCli {
  readonly child: ChildProcess
  /** The value of MARKER_NAME in the environment of every process of this run. */
  readonly marker: string
  /** Resolves with the first stderr line (past or future) that matches; rejects if the CLI exits first. */
  waitForLine(pattern: RegExp): Promise<string>
  readonly done: Promise<TrackedRun>
}

/** The CLI from source, run by the Node that runs the tests. */
export const SOURCE_CLI = CLI

/** Starts `node <entry> ...args` in `cwd` with a fresh marker in its environment. */
export function startCli(entry: string, args: readonly string[], cwd: string): TrackedCli {
  const marker = newMarker()
  const started = performance.now()
  const child = spawn(process.execPath, [entry, ...args], {
    cwd,
    env: { ...process.env, [MARKER_NAME]: marker },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  const lines: string[] = []
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (!waiter.pattern.test(line)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(line)
    }
  })
  const done = new Promise<TrackedRun>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 })
    )
  })
  return {
    child,
    marker,
    done,
    waitForLine(pattern) {
      const seen = lines.find((line) => pattern.test(line))
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        void done.then((run) =>
          reject(
            new Error(`the CLI exited (${run.code}) before printing ${pattern}:\n${run.stderr}`)
          )
        )
      })
    }
  }
}
