// The machine's counters parsed from fixed texts of /proc/stat, PSI and cgroup files.
import { describe, expect, it } from 'vitest'
import {
  busyCpusBetween,
  cgroupPressureFile,
  parseAllowedCpus,
  parsePressureSome,
  parseProcStat
} from '../../src/runtimes/machine-counters.ts'

const PROC_STAT = `cpu  96108 10 15900 107251 965 5 606 259 0 0
cpu0 46098 4 7613 56287 128 2 272 128 0 0
cpu1 50009 6 8287 50964 837 3 334 131 0 0
intr 1 2 3
ctxt 123
`

describe("parsing the machine's /proc files", () => {
  it('sums busy ticks (user nice system irq softirq) and steal from the aggregate line', () => {
    expect(parseProcStat(PROC_STAT)).toEqual({
      busyTicks: 96108 + 10 + 15900 + 5 + 606,
      stealTicks: 259,
      cpus: 2
    })
  })

  it('sums only the CPUs of the affinity mask, falling back to the aggregate line', () => {
    expect(parseProcStat(PROC_STAT, new Set([1]))).toEqual({
      busyTicks: 50009 + 6 + 8287 + 3 + 334,
      stealTicks: 131,
      cpus: 1
    })
    expect(parseProcStat(PROC_STAT, new Set([7]))).toEqual(parseProcStat(PROC_STAT))
    expect(parseProcStat('intr 1 2\n')).toBeNull()
    expect(parseProcStat(null)).toBeNull()
  })

  it('gives the CPUs kept busy between two readings: 50 ticks over half a second is one CPU', () => {
    const before = {
      busyTicks: 1000,
      stealTicks: 0,
      cpus: 2,
      pressureSomeUs: null,
      cgroupPressureSomeUs: null
    }
    expect(busyCpusBetween(before, { ...before, busyTicks: 1050 }, 0.5)).toBe(1)
    expect(busyCpusBetween(before, before, 0.25)).toBe(0)
  })

  it('reads the "some" total of a pressure file, in microseconds', () => {
    const text =
      'some avg10=38.11 avg60=47.59 avg300=35.71 total=243116994\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n'
    expect(parsePressureSome(text)).toBe(243116994)
    expect(parsePressureSome('full avg10=0.00 total=5\n')).toBeNull()
    expect(parsePressureSome(null)).toBeNull()
  })

  it.each([
    ['Cpus_allowed_list:\t0-1\n', [0, 1]],
    ['Name:\tx\nCpus_allowed_list:\t0,2-3,8\n', [0, 2, 3, 8]],
    ['Cpus_allowed_list:\t5\n', [5]]
  ])('reads the affinity list of %j', (status, cpus) => {
    expect([...parseAllowedCpus(status)!]).toEqual(cpus)
  })

  it('reads no affinity list from a status without one or with a malformed one', () => {
    expect(parseAllowedCpus('Name:\tx\n')).toBeNull()
    expect(parseAllowedCpus('Cpus_allowed_list:\t3-1\n')).toBeNull()
    expect(parseAllowedCpus(null)).toBeNull()
  })

  it("finds the cgroup's own pressure file under the unified hierarchy, and none at its root", () => {
    const files = new Set([
      '/sys/fs/cgroup/system.slice/runner.service/cpu.pressure',
      '/sys/fs/cgroup/unified/docker/abc/cpu.pressure'
    ])
    const exists = (path: string) => files.has(path)
    expect(cgroupPressureFile('0::/system.slice/runner.service\n', exists)).toBe(
      '/sys/fs/cgroup/system.slice/runner.service/cpu.pressure'
    )
    expect(cgroupPressureFile('4:memory:/x\n0::/docker/abc\n', exists)).toBe(
      '/sys/fs/cgroup/unified/docker/abc/cpu.pressure'
    )
    expect(cgroupPressureFile('0::/\n', exists)).toBeNull()
    expect(cgroupPressureFile('0::/elsewhere\n', exists)).toBeNull()
    expect(cgroupPressureFile('4:memory:/x\n', exists)).toBeNull()
  })
})
