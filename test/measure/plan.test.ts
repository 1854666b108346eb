import { describe, expect, it } from 'vitest'
import {
  chooseTasks,
  MAX_AUTO_TASKS,
  planContenders,
  roundOrder,
  workerSweep
} from '../../src/measure/plan.ts'

describe('workerSweep', () => {
  it.each([
    [1, [1, 2]],
    [2, [1, 2, 4]],
    [3, [1, 2, 3, 6]],
    [4, [1, 2, 4, 8]],
    [16, [1, 2, 4, 8, 16, 32]]
  ])('%i CPUs -> %j', (cpus, sweep) => {
    expect(workerSweep(cpus)).toEqual(sweep)
  })
})

describe('planContenders', () => {
  it('plans serial once and both pools at every worker count but one', () => {
    expect(planContenders(2, 'linux').map((c) => `${c.strategy}@${c.workers}`)).toEqual([
      'serial@1',
      'threads@2',
      'threads@4',
      'processes@2',
      'processes@4'
    ])
    expect(planContenders(1, 'linux').map((c) => `${c.strategy}@${c.workers}`)).toEqual([
      'serial@1',
      'threads@2',
      'processes@2'
    ])
  })
  it("keeps processes within Windows' 61-worker limit", () => {
    const processes = planContenders(64, 'win32').filter((c) => c.strategy === 'processes')
    expect(Math.max(...processes.map((c) => c.workers))).toBe(32)
  })
})

describe('chooseTasks', () => {
  it('sizes a serial round to about a quarter second, in multiples of every worker count', () => {
    expect(chooseTasks(0.01, [1, 2, 4])).toBe(28)
    expect(chooseTasks(0.01, [1, 2, 3, 6])).toBe(30)
  })
  it('never goes below one task per worker of the largest pool', () => {
    expect(chooseTasks(5, [1, 2, 4])).toBe(4)
  })
  it('caps tiny calls', () => {
    expect(chooseTasks(1e-8, [1, 2, 4])).toBe(MAX_AUTO_TASKS)
  })
  it('caps the bytes a round moves', () => {
    expect(chooseTasks(1e-4, [1, 2, 4], 32e6)).toBe(8)
  })
})

describe('roundOrder', () => {
  it('rotates by one each round', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c'])
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a'])
    expect(roundOrder(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a'])
  })
})
