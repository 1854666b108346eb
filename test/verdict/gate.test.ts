import { describe, expect, it } from 'vitest'
import type { BaselineInfo, Comparison } from '../../src/types.ts'
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

/** What a run compared with a baseline file records of it (strict: --strict-baseline). */
function fileBaseline(strict = false): BaselineInfo {
  return {
    kind: 'file',
    source: 'base.json',
    threshold: 0.25,
    requestedThreshold: 0.1,
    sha: null,
    ...(strict ? { strict } : {})
  }
}
const baseline = fileBaseline()

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
    const gate = evaluateGate([mismatched, fine], 'mismatch', null)
    expect(gate.failed).toBe(true)
    expect(gate.failures).toEqual([
      expect.stringMatching(
        /^uses mismatch: loop: declares uses: threads, but processes ×2 measured best\. /
      )
    ])
  })

  it('does not fail on an uncertain mismatch, and says so', () => {
    const gate = evaluateGate([uncertainMismatch], 'mismatch', null)
    expect(gate.failed).toBe(false)
    expect(gate.notes).toEqual([
      expect.stringMatching(/^not failing on an uncertain verdict: maybe: /)
    ])
  })

  it('fails on a regression only when asked to', () => {
    expect(evaluateGate([slower], 'regression', baseline)).toMatchObject({
      failed: true,
      failures: [expect.stringMatching(/^regression: slow: processes ×2 throughput/)]
    })
    expect(evaluateGate([slower], 'mismatch', baseline).failed).toBe(false)
    expect(evaluateGate([slower, mismatched], 'any', baseline).failures).toHaveLength(2)
  })

  it('passes when every uses fits and nothing regressed', () => {
    expect(evaluateGate([fine], 'any', baseline)).toEqual({
      failOn: 'any',
      failed: false,
      failures: [],
      notes: []
    })
  })

  it('notes a regression against a busy baseline run as unconfirmed, and fails on it when strict', () => {
    const againstBusy = workload({
      name: 'slow',
      comparison: { ...regression, method: 'bootstrap', baseBusy: true }
    })
    const lenient = evaluateGate([againstBusy], 'regression', baseline)
    expect(lenient.failed).toBe(false)
    expect(lenient.notes).toEqual([
      expect.stringMatching(
        /^unconfirmed regression \(the baseline's run of it was busy; --strict-baseline fails on it\): slow: processes ×2 throughput/
      )
    ])
    expect(evaluateGate([againstBusy], 'regression', fileBaseline(true))).toMatchObject({
      failed: true,
      failures: [expect.stringMatching(/^regression: slow: /)],
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
    expect(evaluateGate([dead], 'regression', baseline).failures).toEqual([
      expect.stringMatching(/^regression: dead: no strategy works any more \(base: processes\)/)
    ])
  })
})
