// The machine's side of a contention reading (contention.ts): busy and stolen CPU time of the CPUs
// the tool may use (/proc/stat), and CPU pressure, machine-wide (/proc/pressure/cpu) and within the
// tool's cgroup (its cpu.pressure under the unified hierarchy). Linux only; null elsewhere.

import { readProcFile } from './proc-files.ts'

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

/** Linux's USER_HZ, the unit of /proc/stat (fixed at 100 for user space on every architecture). */
export const CLOCK_TICKS_PER_SECOND = 100

/** CPUs kept busy, on average, between two readings `seconds` apart. */
export function busyCpusBetween(
  before: MachineCounters,
  after: MachineCounters,
  seconds: number
): number {
  return (after.busyTicks - before.busyTicks) / CLOCK_TICKS_PER_SECOND / seconds
}

/** The machine's counters now, or null off Linux or without a readable /proc/stat. */
export function readMachine(): MachineCounters | null {
  if (process.platform !== 'linux') return null
  allowedCpus ??= parseAllowedCpus(readProcFile('/proc/self/status')) ?? new Set()
  const ticks = parseProcStat(readProcFile('/proc/stat'), allowedCpus.size > 0 ? allowedCpus : null)
  if (ticks === null) return null
  const cgroup = cgroupPressurePath()
  return {
    ...ticks,
    pressureSomeUs: parsePressureSome(readProcFile('/proc/pressure/cpu')),
    cgroupPressureSomeUs: cgroup === null ? null : parsePressureSome(readProcFile(cgroup))
  }
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
export function parseAllowedCpus(status: string | null): Set<number> | null {
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
    readProcFile('/proc/self/cgroup'),
    (path) => readProcFile(path) !== null
  )
  return cgroupPressure
}
