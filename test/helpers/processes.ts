// Finding the processes a test started, on a machine where other people's processes run too. A test
// gives the process it starts a unique environment variable; every descendant inherits it, whatever
// process group or session it moved to (the tool starts each harness in a session of its own), so
// scanning /proc/*/environ finds exactly the processes of that run. Linux only.

import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'

/** The variable name that marks a run's processes. */
export const MARKER_NAME = 'CONCURRENCY_ADVISOR_TEST_RUN'

export interface MarkedProcess {
  readonly pid: number
  readonly ppid: number
  readonly pgid: number
  /** One-letter state from /proc/PID/stat: R, S, D, T, ... (zombies are never listed). */
  readonly state: string
  readonly args: string
}

/** A fresh marker value: pass `{ [MARKER_NAME]: marker }` in the environment of the process to track. */
export function newMarker(): string {
  return randomUUID()
}

/**
 * Live processes whose environment carries the marker. Zombies (state Z) are left out: they have
 * exited, and a container's pid 1 may never reap them.
 */
export function markedProcesses(marker: string): MarkedProcess[] {
  const needle = `${MARKER_NAME}=${marker}`
  const found: MarkedProcess[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const environ = read(`/proc/${entry}/environ`)
    if (environ === null || !environ.split('\0').includes(needle)) continue
    const stat = read(`/proc/${entry}/stat`)
    if (stat === null) continue
    // Fields after the parenthesised command name: state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z' || fields[0] === 'X') continue
    found.push({
      pid: Number(entry),
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      args: (read(`/proc/${entry}/cmdline`) ?? '').split('\0').join(' ').trim()
    })
  }
  return found
}

/**
 * Waits until no marked process is alive, polling; returns what is still alive at the deadline
 * (an empty list on success), so that a failing assertion shows the survivors.
 */
export async function waitForNoMarkedProcesses(
  marker: string,
  timeoutMs = 10_000
): Promise<MarkedProcess[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const alive = markedProcesses(marker)
    if (alive.length === 0 || Date.now() > deadline) return alive
    await sleep(100)
  }
}

/** Kills whatever is left of a marked run, so that a failed test does not leave load behind. */
export function killMarkedProcesses(marker: string): void {
  for (const { pid } of markedProcesses(marker)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * Starts a command in a process group of its own, marked with `marker` for the leftover check, and
 * resolves with its pid once it writes its first output (a test's process says it is ready).
 */
export async function startMarked(
  command: string,
  args: readonly string[],
  marker: string
): Promise<number> {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, [MARKER_NAME]: marker }
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('error', reject)
  })
  return child.pid!
}
