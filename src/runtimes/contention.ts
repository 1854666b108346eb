// Contention read from Linux's own accounting, around each round of a harness session: how long the
// contender's tasks waited in a run queue for a CPU (per task, /proc/PID/task/TID/schedstat, second
// field, nanoseconds), how long they ran (first field), their minor page faults and system time
// (/proc/PID/task/TID/stat: what their memory cost the kernel), and what the machine did meanwhile:
// its busy and stolen CPU time (/proc/stat) and its CPU pressure (/proc/pressure/cpu and the cgroup's
// cpu.pressure; machine-counters.ts). Whether a round was contended is stats/contention.ts's call:
// part of the wait is self-inflicted (four busy workers on two CPUs wait as long as they run, on a
// quiet machine).
//
// The contender's tasks are the harness's and its descendants' (pool workers, children the workload
// starts), found afresh at each reading (process-tree.ts, walkProcessTree). A task born between the
// readings counts from zero; one that ended before the second reading is lost (the kernel keeps no
// per-task record of the dead), and so is a child re-parented away from the tree (a daemon):
// short-lived children the workload starts within a round are not counted.
//
// Off Linux, or where the files are missing (a kernel without schedstats or PSI), a reading is null:
// the round is unmonitored, never an error.

import type { RoundContention } from '../types.ts'
import { CLOCK_TICKS_PER_SECOND, readMachine } from './machine-counters.ts'
import type { MachineCounters } from './machine-counters.ts'
import { procStatFields, readProcFile } from './proc-files.ts'
import { walkProcessTree } from './process-tree.ts'

/** One task's cumulative scheduler times, in nanoseconds, and its memory's cost to the kernel. */
export interface TaskTimes {
  readonly runNs: number
  readonly waitNs: number
  /**
   * Minor page faults and system CPU time in clock ticks (/proc/PID/task/TID/stat, fields 10 and
   * 15); null where the file could not be read.
   */
  readonly memory: TaskMemory | null
}

/** A task's cumulative minor page faults and system CPU time (clock ticks). */
export interface TaskMemory {
  readonly faults: number
  readonly systemTicks: number
}

/** The counters at one instant; two of them make a round's reading. */
export interface ContentionSnapshot {
  /** performance.now() when the reading started, in milliseconds. */
  readonly atMs: number
  /** Per task id (thread ids are unique machine-wide). */
  readonly tasks: ReadonlyMap<number, TaskTimes>
  /** Null where /proc/stat could not be read. */
  readonly machine: MachineCounters | null
}

/**
 * The counters of the process group `pgid` leads and of the machine, or null where they cannot be
 * read (not Linux, no schedstat, the leader gone).
 */
export function readContention(pgid: number): ContentionSnapshot | null {
  if (process.platform !== 'linux') return null
  const atMs = performance.now()
  const tasks = new Map<number, TaskTimes>()
  walkProcessTree(pgid, (pid, tid) => {
    const times = parseSchedstat(readProcFile(`/proc/${pid}/task/${tid}/schedstat`))
    if (times !== null)
      tasks.set(tid, {
        ...times,
        memory: parseTaskStat(readProcFile(`/proc/${pid}/task/${tid}/stat`))
      })
  })
  if (!tasks.has(pgid)) return null
  return { atMs, tasks, machine: readMachine() }
}

/**
 * How many tasks of the group `pgid` leads are busy now, or null where that cannot be read (not
 * Linux, the leader gone): running or waiting for a CPU (state R), or held in the kernel (D, a page
 * fault waiting for memory say: the process's work too, which a wait for it to finish must not pass
 * for idle). The state is the kernel's at this instant, where the run times lag by up to a clock tick
 * (4 ms at 250 Hz) for a task on a CPU.
 */
export function busyTasks(pgid: number): number | null {
  if (process.platform !== 'linux') return null
  let busy = 0
  let leader = false
  walkProcessTree(pgid, (pid, tid) => {
    const state = parseTaskState(readProcFile(`/proc/${pid}/task/${tid}/stat`))
    if (tid === pgid && state !== null) leader = true
    if (state === 'R' || state === 'D') busy += 1
  })
  return leader ? busy : null
}

/** What happened between two readings of the same group. */
export function contentionBetween(
  before: ContentionSnapshot,
  after: ContentionSnapshot
): RoundContention {
  let waitNs = 0
  let runNs = 0
  let faults: number | null = 0
  let systemTicks = 0
  let systemTasks = 0
  for (const [tid, end] of after.tasks) {
    const start = before.tasks.get(tid) ?? {
      runNs: 0,
      waitNs: 0,
      memory: { faults: 0, systemTicks: 0 }
    }
    // A reused thread id (a task that ended and another born with its id) reads lower than before.
    const fresh = end.waitNs < start.waitNs || end.runNs < start.runNs
    waitNs += fresh ? end.waitNs : end.waitNs - start.waitNs
    runNs += fresh ? end.runNs : end.runNs - start.runNs
    if (end.memory === null || start.memory === null) faults = null
    else if (faults !== null) {
      const from = fresh ? { faults: 0, systemTicks: 0 } : start.memory
      const ticks = Math.max(0, end.memory.systemTicks - from.systemTicks)
      const faulted = Math.max(0, end.memory.faults - from.faults)
      faults += faulted
      systemTicks += ticks
      if (ticks > 0 || faulted > 0) systemTasks += 1
    }
  }
  const m0 = before.machine
  const m1 = after.machine
  const delta = (pick: (m: MachineCounters) => number | null): number | null => {
    if (m0 === null || m1 === null) return null
    const a = pick(m0)
    const b = pick(m1)
    return a === null || b === null ? null : Math.max(0, b - a)
  }
  const ticks = (value: number | null): number | null =>
    value === null ? null : value / CLOCK_TICKS_PER_SECOND
  const micros = (value: number | null): number | null => (value === null ? null : value / 1e6)
  return {
    windowSeconds: (after.atMs - before.atMs) / 1000,
    waitSeconds: waitNs / 1e9,
    runSeconds: runNs / 1e9,
    tasks: after.tasks.size,
    faults,
    systemSeconds: faults === null ? null : systemTicks / CLOCK_TICKS_PER_SECOND,
    // Each task's count is whole ticks at both readings: a task that spent system time in the window
    // (its faults or its count advanced) may show up to a tick more or less than it spent.
    systemSlackSeconds: faults === null ? null : systemTasks / CLOCK_TICKS_PER_SECOND,
    machineBusySeconds: ticks(delta((m) => m.busyTicks)),
    machineBusySlackSeconds: m0 === null || m1 === null ? null : m1.cpus / CLOCK_TICKS_PER_SECOND,
    stealSeconds: ticks(delta((m) => m.stealTicks)),
    machineCpus: after.machine?.cpus ?? null,
    pressureSeconds: micros(delta((m) => m.pressureSomeUs)),
    cgroupPressureSeconds: micros(delta((m) => m.cgroupPressureSomeUs))
  }
}

/** "run_ns wait_ns timeslices" -> the first two; null for anything else. */
export function parseSchedstat(text: string | null): Omit<TaskTimes, 'memory'> | null {
  if (text === null) return null
  const [run, wait] = text.trim().split(/\s+/).map(Number)
  return run !== undefined && wait !== undefined && Number.isFinite(run) && Number.isFinite(wait)
    ? { runNs: run, waitNs: wait }
    : null
}

/** A task's stat line -> its minor faults and system ticks; null for anything else. */
export function parseTaskStat(text: string | null): TaskMemory | null {
  const fields = procStatFields(text)
  if (fields === null) return null
  const faults = Number(fields[7])
  const systemTicks = Number(fields[12])
  return Number.isInteger(faults) && Number.isInteger(systemTicks) ? { faults, systemTicks } : null
}

/** A task's stat line -> its state letter (R running or runnable, S sleeping, ...); null for anything else. */
export function parseTaskState(text: string | null): string | null {
  const state = procStatFields(text)?.[0]
  return state !== undefined && /^[A-Za-z]$/.test(state) ? state : null
}
