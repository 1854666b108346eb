// Every process the tool starts runs in a process group of its own, so that a timeout, a memory limit
// or the end of the run kills the whole tree (pool workers included), not just the direct child. The
// registry lets the CLI kill everything it started when it is interrupted (a cancelled CI job).

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const live = new Set<number>()

/** Remembers a started process group leader until it is known to be gone. */
export function trackProcessGroup(pid: number): void {
  live.add(pid)
}

export function untrackProcessGroup(pid: number): void {
  live.delete(pid)
}

/** Kills a process and all of its descendants, synchronously. Safe to call on a dead process. */
export function killProcessTree(pid: number): void {
  if (process.platform === 'win32') {
    try {
      execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' })
    } catch {
      // Already gone.
    }
    return
  }
  try {
    // The negative pid addresses the group that `detached: true` created with setsid().
    process.kill(-pid, 'SIGKILL')
  } catch {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

/** Kills every process group this process started and has not yet seen exit. */
export function killAllProcessTrees(): void {
  for (const pid of live) killProcessTree(pid)
  live.clear()
}

/** Processes still alive in a group; Linux only (an empty list elsewhere). */
export function processGroupMembers(pgid: number): number[] {
  if (process.platform !== 'linux') return []
  const members: number[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readProcFile(`/proc/${entry}/stat`)
    if (stat === null) continue
    // Fields after the parenthesised command name: state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
  }
  return members
}

/** Summed resident memory of a process group in bytes, or null where /proc is not available. */
export function processGroupRssBytes(pgid: number): number | null {
  if (process.platform !== 'linux') return null
  let total = 0
  for (const pid of processGroupMembers(pgid)) {
    const status = readProcFile(`/proc/${pid}/status`)
    const match = status === null ? null : /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    if (match?.[1] !== undefined) total += Number(match[1]) * 1024
  }
  return total
}

function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}
