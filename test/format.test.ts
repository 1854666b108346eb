import { describe, expect, it } from 'vitest'
import { formatCpuSplit, strategyWithWorkers } from '../src/format.ts'

describe('formatCpuSplit', () => {
  it('says how much of the CPU went to the child processes the workload started', () => {
    expect(formatCpuSplit(0.92, 0.83)).toBe('0.9 CPU (0.8 in child processes)')
    expect(formatCpuSplit(1.7, 0.06)).toBe('1.7 CPUs (0.06 in child processes)')
  })

  it('says nothing of children that used next to nothing or were not measured', () => {
    expect(formatCpuSplit(1.9, 0.01)).toBe('1.9 CPUs')
    expect(formatCpuSplit(1.9, null)).toBe('1.9 CPUs')
    expect(formatCpuSplit(null, 0.5)).toBe('–')
  })
})

describe('strategyWithWorkers', () => {
  it('gives a pool its worker count and serial none', () => {
    expect(strategyWithWorkers('threads', 4)).toBe('threads ×4')
    expect(strategyWithWorkers('serial', 1)).toBe('serial')
  })
})
