// Every process the tool starts runs in a process group of its own, so that a timeout, a memory limit
// or the end of the run kills the whole tree (pool workers included), not just the direct child. The
// registry lets the CLI kill everything it started when it is interrupted (a cancelled CI job).

import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { procStatFields, readProcFile } from './proc-files.ts'

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
    const fields = procStatFields(readProcFile(`/proc/${entry}/stat`))
    if (fields === null) continue
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
  }
  return members
}

/**
 * Calls `visit` for every task (thread) of the harness tree led by `pgid`: found afresh by following
 * each task's `children` file down from the leader, a walk of a few dozen small files, where a scan
 * of every process's /proc/PID/stat (processGroupMembers) costs milliseconds on a busy machine. A
 * child re-parented away from the tree (a daemon) is not visited. Where the kernel has no `children`
 * files (CONFIG_PROC_CHILDREN), the group is scanned instead. Linux only: nothing elsewhere.
 */
export function walkProcessTree(pgid: number, visit: (pid: number, tid: number) => void): void {
  if (process.platform !== 'linux') return
  const pending = [pgid]
  const seen = new Set<number>()
  let childrenFiles = true
  while (pending.length > 0) {
    const pid = pending.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    for (const tid of taskIds(pid)) {
      visit(pid, tid)
      const children = readProcFile(`/proc/${pid}/task/${tid}/children`)
      if (children === null) childrenFiles = false
      else pending.push(...pidsOf(children))
    }
    if (!childrenFiles && pid === pgid)
      pending.push(...processGroupMembers(pgid).filter((member) => member !== pgid))
  }
}

/**
 * Summed resident memory of the harness tree led by `pgid` (walkProcessTree) in bytes, or null where
 * /proc is not available. Read ten times a second per harness while a memory limit is set: a scan of
 * the group's members cost the tool a few milliseconds each time, beside the turns it measures.
 */
export function processTreeRssBytes(pgid: number): number | null {
  if (process.platform !== 'linux') return null
  let total = 0
  let found = false
  const processes = new Set<number>()
  walkProcessTree(pgid, (pid) => processes.add(pid))
  for (const pid of processes) {
    const status = readProcFile(`/proc/${pid}/status`)
    const match = status === null ? null : /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    if (match?.[1] !== undefined) {
      total += Number(match[1]) * 1024
      found = true
    }
  }
  return found ? total : null
}

function taskIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
  } catch {
    return []
  }
}

function pidsOf(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => /^\d+$/.test(word))
    .map(Number)
}
