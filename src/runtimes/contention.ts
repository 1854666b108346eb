// Contention read from Linux's own accounting, around each round of a harness session: how long the
// contender's tasks waited in a run queue for a CPU (per task, /proc/PID/task/TID/schedstat, second
// field, nanoseconds), how long they ran (first field), and what the machine did meanwhile: its busy
// and stolen CPU time (/proc/stat) and its CPU pressure (/proc/pressure/cpu and the cgroup's
// cpu.pressure). Whether a round was contended is stats/contention.ts's call: part of the wait is
// self-inflicted (four busy workers on two CPUs wait as long as they run, on a quiet machine).
//
// The contender's tasks are the harness's and its descendants' (pool workers, children the workload
// starts), found afresh at each reading by following each task's `children` file down from the
// harness: a walk of a few dozen small files, where a scan of every process's /proc/PID/stat costs
// milliseconds on a busy machine. A task born between the readings counts from zero; one that ended
// before the second reading is lost (the kernel keeps no per-task record of the dead), and so is a
// child re-parented away from the tree (a daemon): short-lived children the workload starts within a
// round are not counted. Where the kernel has no `children` files (CONFIG_PROC_CHILDREN), the
// harness's process group is scanned instead.
//
// Off Linux, or where the files are missing (a kernel without schedstats or PSI), a reading is null:
// the round is unmonitored, never an error.

import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs'
import type { RoundContention } from '../types.ts'
import { processGroupMembers } from './process-tree.ts'

/** One task's cumulative scheduler times, in nanoseconds. */
export interface TaskTimes {
  readonly runNs: number
  readonly waitNs: number
}

/** The machine's cumulative counters. */
export interface MachineCounters {
  /**
   * Busy CPU time (user, nice, system, irq, softirq) summed over the CPUs this process may run on, in
   * clock ticks.
   */
  readonly busyTicks: number
  /** Stolen CPU time summed over the same CPUs, in clock ticks. */
  readonly stealTicks: number
  /** How many CPUs the ticks are summed over. */
  readonly cpus: number
  /** /proc/pressure/cpu "some" total, in microseconds; null without PSI. */
  readonly pressureSomeUs: number | null
  /** The cgroup's cpu.pressure "some" total, in microseconds; null where it has none of its own. */
  readonly cgroupPressureSomeUs: number | null
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

/** Linux's USER_HZ, the unit of /proc/stat (fixed at 100 for user space on every architecture). */
const CLOCK_TICKS_PER_SECOND = 100

/**
 * The counters of the process group `pgid` leads and of the machine, or null where they cannot be
 * read (not Linux, no schedstat, the leader gone).
 */
export function readContention(pgid: number): ContentionSnapshot | null {
  if (process.platform !== 'linux') return null
  const atMs = performance.now()
  const tasks = new Map<number, TaskTimes>()
  const pending = [pgid]
  const seen = new Set<number>()
  let childrenFiles = true
  while (pending.length > 0) {
    const pid = pending.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    for (const tid of taskIds(pid)) {
      const times = parseSchedstat(readSmall(`/proc/${pid}/task/${tid}/schedstat`))
      if (times !== null) tasks.set(tid, times)
      const children = readSmall(`/proc/${pid}/task/${tid}/children`)
      if (children === null) childrenFiles = false
      else pending.push(...pidsOf(children))
    }
    if (!childrenFiles && pid === pgid)
      pending.push(...processGroupMembers(pgid).filter((member) => member !== pgid))
  }
  if (!tasks.has(pgid)) return null
  return { atMs, tasks, machine: readMachine() }
}

/** The machine's counters alone (no process group), or null off Linux. */
export function readMachine(): MachineCounters | null {
  if (process.platform !== 'linux') return null
  allowedCpus ??= parseCpuList(readText('/proc/self/status')) ?? new Set()
  const ticks = parseProcStat(readSmall('/proc/stat'), allowedCpus.size > 0 ? allowedCpus : null)
  if (ticks === null) return null
  const cgroup = cgroupPressurePath()
  return {
    ...ticks,
    pressureSomeUs: parsePressureSome(readSmall('/proc/pressure/cpu')),
    cgroupPressureSomeUs: cgroup === null ? null : parsePressureSome(readSmall(cgroup))
  }
}

/** What happened between two readings of the same group. */
export function contentionBetween(
  before: ContentionSnapshot,
  after: ContentionSnapshot
): RoundContention {
  let waitNs = 0
  let runNs = 0
  for (const [tid, end] of after.tasks) {
    const start = before.tasks.get(tid) ?? { runNs: 0, waitNs: 0 }
    // A reused thread id (a task that ended and another born with its id) reads lower than before.
    const fresh = end.waitNs < start.waitNs || end.runNs < start.runNs
    waitNs += fresh ? end.waitNs : end.waitNs - start.waitNs
    runNs += fresh ? end.runNs : end.runNs - start.runNs
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
    machineBusySeconds: ticks(delta((m) => m.busyTicks)),
    stealSeconds: ticks(delta((m) => m.stealTicks)),
    machineCpus: after.machine?.cpus ?? null,
    pressureSeconds: micros(delta((m) => m.pressureSomeUs)),
    cgroupPressureSeconds: micros(delta((m) => m.cgroupPressureSomeUs))
  }
}

/** "run_ns wait_ns timeslices" -> the first two; null for anything else. */
export function parseSchedstat(text: string | null): TaskTimes | null {
  if (text === null) return null
  const [run, wait] = text.trim().split(/\s+/).map(Number)
  return run !== undefined && wait !== undefined && Number.isFinite(run) && Number.isFinite(wait)
    ? { runNs: run, waitNs: wait }
    : null
}

/**
 * Busy and steal ticks of /proc/stat, summed over the CPUs listed in `cpus` (the affinity mask: a
 * neighbour on a CPU we may not use does not compete), or from the aggregate "cpu" line when `cpus`
 * is null or names none of the lines.
 */
export function parseProcStat(
  text: string | null,
  cpus: ReadonlySet<number> | null = null
): Pick<MachineCounters, 'busyTicks' | 'stealTicks' | 'cpus'> | null {
  if (text === null) return null
  const lines = text.split('\n')
  const perCpu = cpus === null ? [] : lines.filter((l) => cpus.has(cpuNumber(l)))
  const allCpus = lines.filter((l) => cpuNumber(l) >= 0).length
  const chosen = perCpu.length > 0 ? perCpu : lines.filter((l) => l.startsWith('cpu '))
  let busyTicks = 0
  let stealTicks = 0
  for (const line of chosen) {
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number)
    if (fields.length < 8 || !fields.every(Number.isFinite)) return null
    const [user, nice, system, , , irq, softirq, steal] = fields as Tuple8
    busyTicks += user + nice + system + irq + softirq
    stealTicks += steal
  }
  if (chosen.length === 0) return null
  return { busyTicks, stealTicks, cpus: perCpu.length > 0 ? perCpu.length : Math.max(1, allCpus) }
}

type Tuple8 = [number, number, number, number, number, number, number, number]

/** "cpu3 ..." -> 3; -1 for the aggregate line or anything else. */
function cpuNumber(line: string): number {
  const match = /^cpu(\d+) /.exec(line)
  return match?.[1] === undefined ? -1 : Number(match[1])
}

/** "0-3,8,10-11" (Cpus_allowed_list in /proc/PID/status) -> the CPUs; null if unreadable. */
export function parseCpuList(status: string | null): Set<number> | null {
  const match = status === null ? null : /^Cpus_allowed_list:\s*(\S+)/m.exec(status)
  if (match?.[1] === undefined) return null
  const cpus = new Set<number>()
  for (const part of match[1].split(',')) {
    const [from, to] = part.split('-').map(Number)
    if (from === undefined || !Number.isInteger(from)) return null
    const last = to ?? from
    if (!Number.isInteger(last) || last < from) return null
    for (let cpu = from; cpu <= last; cpu++) cpus.add(cpu)
  }
  return cpus
}

/** The "some" line's total=N (microseconds) of a PSI file; null for anything else. */
export function parsePressureSome(text: string | null): number | null {
  const match = text === null ? null : /^some\b.*\btotal=(\d+)/m.exec(text)
  return match?.[1] === undefined ? null : Number(match[1])
}

/**
 * The cgroup v2 path of this process ("0::/a/b" in /proc/self/cgroup) under the unified hierarchy's
 * mount (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems). Null at the root, whose
 * pressure is the machine's: the same figure twice would count for nothing.
 */
export function cgroupPressureFile(
  cgroupText: string | null,
  exists: (path: string) => boolean
): string | null {
  const match = cgroupText === null ? null : /^0::(\/.*)$/m.exec(cgroupText)
  const path = match?.[1]
  if (path === undefined || path === '/') return null
  for (const mount of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    const file = `${mount}${path}/cpu.pressure`
    if (exists(file)) return file
  }
  return null
}

// Read once: the engine's affinity and cgroup do not change during a run, and harnesses inherit both.
let allowedCpus: Set<number> | undefined
let cgroupPressure: string | null | undefined
function cgroupPressurePath(): string | null {
  cgroupPressure ??= cgroupPressureFile(
    readText('/proc/self/cgroup'),
    (path) => readText(path) !== null
  )
  return cgroupPressure
}

function pidsOf(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => /^\d+$/.test(word))
    .map(Number)
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

// Reads of /proc files through one buffer: readFileSync's fstat and growing buffer double the cost
// of a read, and a reading makes two per task.
const buffer = Buffer.alloc(64 * 1024)
function readSmall(path: string): string | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.toString('latin1', 0, length)
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}
