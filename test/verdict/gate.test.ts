import { describe, expect, it } from 'vitest'
import type { Comparison } from '../../src/types.ts'
import { evaluateGate } from '../../src/verdict/gate.ts'
import { workload } from '../helpers/results-factory.ts'

const regression: Comparison = {
  method: 'paired',
  throughput: null,
  speedup: null,
  baseRecommendation: 'processes',
  baseWorkers: 2,
  regression: true,
  summary: 'processes ×2 throughput 40 → 20 calls/s (0.50x [0.48–0.52]): slower beyond 10%.'
}

const mismatched = workload({ name: 'loop', uses: 'threads', mismatch: true })
const uncertainMismatch = workload({
  name: 'maybe',
  uses: 'threads',
  mismatch: true,
  uncertain: true
})
const slower = workload({ name: 'slow', comparison: regression })
const fine = workload({ name: 'fine', uses: 'processes' })

describe('evaluateGate', () => {
  it('fails on a confident mismatch and names the workload and the verdict', () => {
    const gate = evaluateGate([mismatched, fine], 'mismatch', false)
    expect(gate.failed).toBe(true)
    expect(gate.failures).toEqual([
      expect.stringMatching(
        /^uses mismatch: loop: declares uses: threads, but processes ×2 measured best\. /
      )
    ])
  })

  it('does not fail on an uncertain mismatch, and says so', () => {
    const gate = evaluateGate([uncertainMismatch], 'mismatch', false)
    expect(gate.failed).toBe(false)
    expect(gate.notes).toEqual([
      expect.stringMatching(/^not failing on an uncertain verdict: maybe: /)
    ])
  })

  it('fails on a regression only when asked to', () => {
    expect(evaluateGate([slower], 'regression', true)).toMatchObject({
      failed: true,
      failures: [expect.stringMatching(/^regression: slow: processes ×2 throughput/)]
    })
    expect(evaluateGate([slower], 'mismatch', true).failed).toBe(false)
    expect(evaluateGate([slower, mismatched], 'any', true).failures).toHaveLength(2)
  })

  it('passes when every uses fits and nothing regressed', () => {
    expect(evaluateGate([fine], 'any', true)).toEqual({
      failOn: 'any',
      failed: false,
      failures: [],
      notes: []
    })
  })

  it('fails when head no longer works at all where base did', () => {
    const dead = workload({
      name: 'dead',
      recommendation: null,
      workers: null,
      class: 'failed',
      reason: 'Every strategy failed: serial: ValueError: boom.',
      comparison: { ...regression, regression: false }
    })
    expect(evaluateGate([dead], 'regression', true).failures).toEqual([
      expect.stringMatching(/^regression: dead: no strategy works any more \(base: processes\)/)
    ])
  })
})
