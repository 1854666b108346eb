// The machine the measurements run on. "Usable CPUs" is what this process may really run on: the
// affinity mask and a cgroup CPU quota (containers, CI runners) both cut below the host's core count,
// and a worker sweep sized by the host would measure oversubscription instead of scaling.

import { readFileSync } from 'node:fs'
import { arch, availableParallelism, cpus, platform, release } from 'node:os'

export interface Machine {
  readonly cpus: number
  readonly hostCpus: number
  readonly platform: NodeJS.Platform
  readonly arch: string
  readonly osRelease: string
  readonly node: string
}

/** Probes the machine once. */
export function probeMachine(): Machine {
  const hostCpus = Math.max(1, cpus().length)
  // availableParallelism() honours the affinity mask (sched_getaffinity on Linux).
  const affinity = availableParallelism()
  const quota = cgroupCpuQuota()
  const usable = Math.max(1, Math.min(affinity, quota === null ? Infinity : Math.floor(quota) || 1))
  return {
    cpus: usable,
    hostCpus,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    node: process.versions.node
  }
}

/** CPUs allowed by a cgroup quota (v2 cpu.max, or v1 cfs quota/period), or null when unlimited. */
export function cgroupCpuQuota(
  readFile: (path: string) => string | null = readText
): number | null {
  const v2 = readFile('/sys/fs/cgroup/cpu.max')
  if (v2 !== null) return parseCpuMax(v2)
  const quota = readFile('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')
  const period = readFile('/sys/fs/cgroup/cpu/cpu.cfs_period_us')
  if (quota === null || period === null) return null
  const q = Number(quota.trim())
  const p = Number(period.trim())
  return q > 0 && p > 0 ? q / p : null
}

/** "max 100000" -> null; "200000 100000" -> 2 */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/)
  if (quota === undefined || quota === 'max') return null
  const q = Number(quota)
  const p = Number(period ?? '100000')
  return q > 0 && p > 0 ? q / p : null
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}
