// CPU of the processes a workload starts itself (a compiler it runs, a service it starts once and
// feeds over a pipe, as esbuild does), which the harness's own clock never sees. The Node harness
// reads it around each round; the Python harness does the same
// (src/runtimes/python/concurrency_advisor_harness/child_cpu.py).
//
// On Linux /proc gives every process's own CPU (utime+stime) and that of the children it has reaped
// (cutime+cstime). Summed over the tree, counting a measured process (the harness, a pool member) by
// its reaped children only and any other process by both, the total only grows: a child reaped during
// a round moves from "live" to its parent's reaped share with nothing lost. The difference across a
// round is what the workload's children spent in it, whether they are still alive or not.
//
// The tree is the harness's process group (the engine makes the harness lead one, so an orphaned
// child still counts) plus its descendants by parent pid (a child that left the group). Pool members
// are measured processes: their own CPU is in-process CPU, never children's.
//
// Elsewhere Node gives nothing: process.resourceUsage() has no children's field.

import { readdirSync } from 'node:fs'
import { procStatFields, readProcFile } from './proc-files.ts'

interface ProcStat {
  readonly ppid: number
  readonly pgrp: number
  /** utime+stime, in clock ticks. */
  readonly ownTicks: number
  /** cutime+cstime: children this process waited for, in clock ticks. */
  readonly reapedTicks: number
  /** cminflt: minor page faults of the children this process waited for (any that ran has some). */
  readonly reapedFaults: number
}

/**
 * Linux's USER_HZ: the unit of /proc/<pid>/stat times. It is 100 on every architecture Node
 * supports (the kernel exports a fixed value to user space whatever its internal HZ).
 */
const CLOCK_TICKS_PER_SECOND = 100

/** Cumulative CPU seconds of the processes started under `root` that are not `measured`, or null. */
export function childCpuSeconds(root: number, measured: readonly number[]): number | null {
  if (process.platform !== 'linux') return null
  if (startedNone(root)) return 0
  const stats = new Map<number, ProcStat>()
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return null
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat !== null) stats.set(Number(entry), stat)
  }
  const rootStat = stats.get(root)
  if (rootStat === undefined) return null
  const children = new Map<number, number[]>()
  for (const [pid, stat] of stats) {
    const siblings = children.get(stat.ppid) ?? []
    siblings.push(pid)
    children.set(stat.ppid, siblings)
  }
  // Only a group the root leads: a harness started by hand shares its shell's group.
  const members = new Set<number>()
  if (rootStat.pgrp === root) {
    for (const [pid, stat] of stats) if (stat.pgrp === root) members.add(pid)
  }
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop()!
    members.add(pid)
    for (const child of children.get(pid) ?? []) if (!members.has(child)) stack.push(child)
  }
  const own = new Set(measured)
  let ticks = 0
  for (const pid of members) {
    const stat = stats.get(pid)
    if (stat === undefined) continue
    ticks += own.has(pid) ? stat.reapedTicks : stat.ownTicks + stat.reapedTicks
  }
  return ticks / CLOCK_TICKS_PER_SECOND
}

/**
 * True while `root` has started no process: none has ended (nothing reaped: no page faults of waited-
 * for children, cminflt, and no CPU of theirs) and no thread of it has a child. Then the tree holds
 * no CPU of the workload's, and the scan of every process in /proc (milliseconds, twice a round) is
 * skipped. A process orphaned into the group needs a parent that ended, which shows as reaped (or as
 * a zombie, still a child).
 */
function startedNone(root: number): boolean {
  const stat = readStat(root)
  if (stat === null || stat.reapedFaults > 0 || stat.reapedTicks > 0) return false
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${root}/task`)
  } catch {
    return false
  }
  for (const tid of tids) {
    const children = readProcFile(`/proc/${root}/task/${tid}/children`)
    if (children === null || children.trim() !== '') return false
  }
  return true
}

function readStat(pid: number): ProcStat | null {
  const fields = procStatFields(readProcFile(`/proc/${pid}/stat`))
  if (fields === null) return null
  const number = (index: number): number => Number(fields[index])
  const stat = {
    ppid: number(1),
    pgrp: number(2),
    reapedFaults: number(8),
    ownTicks: number(11) + number(12),
    reapedTicks: number(13) + number(14)
  }
  return Object.values(stat).every(Number.isFinite) ? stat : null
}
