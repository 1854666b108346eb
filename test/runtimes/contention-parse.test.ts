// The contention reader's parsing and arithmetic on fixed texts; the readings of real processes are
// contention.test.ts's, the machine's counters machine-counters.test.ts's.
import { describe, expect, it } from 'vitest'
import {
  contentionBetween,
  parseSchedstat,
  parseTaskStat,
  parseTaskState
} from '../../src/runtimes/contention.ts'
import type { ContentionSnapshot, TaskTimes } from '../../src/runtimes/contention.ts'
import type { MachineCounters } from '../../src/runtimes/machine-counters.ts'

describe('parsing schedstat', () => {
  it('reads run and wait nanoseconds from schedstat', () => {
    expect(parseSchedstat('414327 67236 12\n')).toEqual({ runNs: 414327, waitNs: 67236 })
    expect(parseSchedstat('garbage')).toBeNull()
    expect(parseSchedstat(null)).toBeNull()
  })
})

describe('parsing a task stat line', () => {
  it('reads minor faults and system ticks after the command name, whatever it holds', () => {
    const line =
      '4242 (node (a) b) R 1 4242 4242 0 -1 4194560 28640 0 3 0 4 35 0 0 20 0 11 0 100 0 0\n'
    expect(parseTaskStat(line)).toEqual({ faults: 28640, systemTicks: 35 })
    expect(parseTaskStat('garbage')).toBeNull()
    expect(parseTaskStat(null)).toBeNull()
  })

  it('reads the state letter after the command name', () => {
    expect(parseTaskState('4242 (node (a) b) R 1 4242 4242 0\n')).toBe('R')
    expect(parseTaskState('17 (python3) S 1 17 17 0\n')).toBe('S')
    expect(parseTaskState('17 (x) 1 17\n')).toBeNull()
    expect(parseTaskState('garbage')).toBeNull()
    expect(parseTaskState(null)).toBeNull()
  })
})

describe('contentionBetween', () => {
  const machine = (busy: number, steal: number, pressure: number | null): MachineCounters => ({
    busyTicks: busy,
    stealTicks: steal,
    cpus: 2,
    pressureSomeUs: pressure,
    cgroupPressureSomeUs: null
  })
  const snapshot = (
    atMs: number,
    tasks: [number, number, number][],
    counters: MachineCounters | null
  ): ContentionSnapshot => ({
    atMs,
    tasks: new Map(tasks.map(([tid, runNs, waitNs]) => [tid, { runNs, waitNs, memory: null }])),
    machine: counters
  })

  it('sums the tasks over the window, counting a task born in it from zero', () => {
    const before = snapshot(1000, [[10, 1e9, 2e8]], machine(100, 5, 1_000_000))
    const after = snapshot(
      1500,
      [
        [10, 1.4e9, 3e8],
        [11, 0.2e9, 0.05e9]
      ],
      machine(190, 6, 1_250_000)
    )
    const reading = contentionBetween(before, after)
    expect(reading.windowSeconds).toBeCloseTo(0.5, 12)
    expect(reading.runSeconds).toBeCloseTo(0.6, 12)
    expect(reading.waitSeconds).toBeCloseTo(0.15, 12)
    expect(reading.tasks).toBe(2)
    expect(reading.machineBusySeconds).toBeCloseTo(0.9, 12)
    // A tick of slack per CPU: each CPU's count is whole ticks at both readings.
    expect(reading.machineBusySlackSeconds).toBeCloseTo(0.02, 12)
    expect(reading.stealSeconds).toBeCloseTo(0.01, 12)
    expect(reading.machineCpus).toBe(2)
    expect(reading.pressureSeconds).toBeCloseTo(0.25, 12)
    expect(reading.cgroupPressureSeconds).toBeNull()
  })

  it('sums faults and system time, a tick of slack for each task whose faults or ticks advanced', () => {
    const times = (tid: number, faults: number, systemTicks: number) =>
      [tid, { runNs: 1e9, waitNs: 0, memory: { faults, systemTicks } }] as const
    const at = (atMs: number, tasks: (readonly [number, TaskTimes])[]): ContentionSnapshot => ({
      atMs,
      tasks: new Map(tasks),
      machine: null
    })
    const reading = contentionBetween(
      at(0, [times(10, 100, 5), times(11, 7, 1), times(12, 0, 0)]),
      at(100, [times(10, 28740, 40), times(11, 10, 1), times(12, 0, 0), times(13, 50, 0)])
    )
    expect(reading.faults).toBe(28640 + 3 + 50)
    expect(reading.systemSeconds).toBeCloseTo(0.35, 12)
    // Tasks 10, 11 (faults) and 13 (born, faulted); 12 did nothing.
    expect(reading.systemSlackSeconds).toBeCloseTo(0.03, 12)
    const unread = contentionBetween(
      at(0, [times(10, 100, 5)]),
      at(100, [[10, { runNs: 2e9, waitNs: 0, memory: null }]])
    )
    expect(unread.faults).toBeNull()
    expect(unread.systemSeconds).toBeNull()
    expect(unread.systemSlackSeconds).toBeNull()
  })

  it('counts a reused thread id (counters lower than before) from zero', () => {
    const reading = contentionBetween(
      snapshot(0, [[10, 5e9, 5e9]], null),
      snapshot(1000, [[10, 1e8, 2e8]], null)
    )
    expect(reading.runSeconds).toBeCloseTo(0.1, 12)
    expect(reading.waitSeconds).toBeCloseTo(0.2, 12)
    expect(reading.machineBusySeconds).toBeNull()
    expect(reading.machineBusySlackSeconds).toBeNull()
    expect(reading.stealSeconds).toBeNull()
    expect(reading.machineCpus).toBeNull()
    expect(reading.pressureSeconds).toBeNull()
  })
})
