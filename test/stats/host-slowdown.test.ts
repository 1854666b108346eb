// A pool tied with serial on twice serial's CPU, in every round both kept: what the host's unseen
// slowdowns leave, where they cover a workload's first rounds (stats/host-slowdown.ts).
import { describe, expect, it } from 'vitest'
import { TIED_CPU_FACTOR, tiedOnMoreCpu } from '../../src/stats/host-slowdown.ts'
import type { StrategyRun } from '../../src/types.ts'
import { makeRuns } from '../helpers/runs.ts'

/** Serial (1 CPU) and processes ×2 at `speedup` keeping `cpuUse` CPUs busy, over `rounds` rounds. */
function runs(speedup: number, cpuUse: number, rounds = 2): [StrategyRun, StrategyRun] {
  const [serial, pool] = makeRuns({ rounds, processes: { speedups: { 2: speedup }, cpuUse } })
  return [serial!, pool!]
}

const tiedNames = (serial: StrategyRun, pools: readonly StrategyRun[]): string[] =>
  tiedOnMoreCpu(serial, pools).map((run) => `${run.strategy}@${run.workers}`)

describe('tiedOnMoreCpu', () => {
  it("names a pool at serial's pace on twice serial's CPU: two vCPUs doing one CPU's work", () => {
    const [serial, pool] = runs(1, 2)
    expect(tiedNames(serial, [pool])).toEqual(['processes@2'])
    // 0.95x on 2.1x the CPU: node-worker-unsafe's process pools in the seventh phase's wrong verdicts.
    const [serial2, slowed] = runs(0.95, 2)
    expect(tiedNames(serial2, [slowed])).toEqual(['processes@2'])
  })

  it('leaves a pool that runs twice as fast on the same CPU, or one clearly slower than serial', () => {
    expect(tiedNames(...pair(runs(1.9, 2)))).toEqual([])
    // A process pool copying large results back: slower than serial, on far more CPU.
    expect(tiedNames(...pair(runs(0.4, 2)))).toEqual([])
    // GIL-bound threads' pace on serial's CPU: no more CPU than serial.
    expect(tiedNames(...pair(runs(1, 1)))).toEqual([])
    expect(tiedNames(...pair(runs(1, TIED_CPU_FACTOR * 0.99)))).toEqual([])
  })

  it('needs every round both kept: one round at the pool’s own speed clears it', () => {
    const [serial, pool] = runs(1, 2, 3)
    const fast = makeRuns({ rounds: 3, processes: { speedups: { 2: 1.9 }, cpuUse: 2 } })[1]!
    const recovered = { ...pool, samples: [pool.samples[0]!, pool.samples[1]!, fast.samples[2]!] }
    expect(tiedNames(serial, [recovered])).toEqual([])
    // A round set aside (no sample) is no evidence either way.
    const aside = { ...pool, samples: [pool.samples[0]!, null, pool.samples[2]!] }
    expect(tiedNames(serial, [aside])).toEqual(['processes@2'])
  })

  it('leaves pools that stopped or failed, serial itself, and turns without CPU figures', () => {
    const [serial, pool] = runs(1, 2)
    const stopped: StrategyRun = {
      ...pool,
      stopped: {
        afterRounds: 2,
        cause: 'behind',
        versus: null,
        ratio: null,
        bound: null,
        reason: 'stopped after 2 rounds'
      }
    }
    expect(tiedNames(serial, [stopped, serial])).toEqual([])
    const noCpu = { ...pool, samples: pool.samples.map((s) => s && { ...s, cpuSeconds: null }) }
    expect(tiedNames(serial, [noCpu])).toEqual([])
  })
})

function pair([serial, pool]: [StrategyRun, StrategyRun]): [StrategyRun, StrategyRun[]] {
  return [serial, [pool]]
}
