import { describe, expect, it } from 'vitest'
import { cgroupCpuQuota, parseCpuMax, probeMachine } from '../../src/measure/environment.ts'

describe('usable CPUs', () => {
  it.each([
    ['max 100000', null],
    ['200000 100000', 2],
    ['150000 100000', 1.5]
  ])('cpu.max %j -> %j', (text, expected) => {
    expect(parseCpuMax(text)).toBe(expected)
  })

  it('falls back to cgroup v1 quota and period', () => {
    const files: Record<string, string> = {
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '300000\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n'
    }
    expect(cgroupCpuQuota((path) => files[path] ?? null)).toBe(3)
    expect(cgroupCpuQuota(() => null)).toBeNull()
  })

  it('never reports more usable CPUs than the host has', () => {
    const machine = probeMachine()
    expect(machine.cpus).toBeGreaterThanOrEqual(1)
    expect(machine.cpus).toBeLessThanOrEqual(machine.hostCpus)
  })
})
