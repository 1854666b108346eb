// The CPU that a Node workload spends in processes it starts, counted in every strategy: a child it
// waits for (reaped) and a service it started at import and keeps (alive, as esbuild's). The children
// burn an exact amount of CPU time, so the figures hold on a busy machine.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { Strategy } from '../../../src/types.ts'
import { nodeRuntime, workload } from './workloads.ts'

const MODULE = fileURLToPath(new URL('../../fixtures/node/child-cpu.ts', import.meta.url))
const ORPHANS = fileURLToPath(new URL('../../fixtures/node/orphan-cpu.ts', import.meta.url))
const runtime = nodeRuntime()
const CALLS = 4
const CPU_PER_CALL = 0.1

async function oneRound(fn: string, strategy: Strategy, module = MODULE) {
  const opened = await openSession(runtime, {
    workload: workload(module, fn, [CPU_PER_CALL], { timeoutSeconds: 30 }),
    strategy,
    workers: 2
  })
  if (!opened.ok) throw new Error(opened.fault.message)
  try {
    const round = await opened.session.runRound(CALLS, false)
    if (!round.ok) throw new Error(round.fault.message)
    return round.sample
  } finally {
    await opened.session.close()
  }
}

const strategies = ['serial', 'threads', 'processes'] as const

describe.runIf(process.platform === 'linux')('CPU of child processes (node, Linux)', () => {
  it.each(strategies)('counts a child each call starts and waits for (%s)', async (strategy) => {
    const sample = await oneRound('runChild', strategy)
    // 0.4 s burnt in the children, plus each Node's start-up (tens of ms).
    expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
    expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.8)
    expect(sample.cpuSeconds).toBeGreaterThanOrEqual(sample.childCpuSeconds!)
  })

  it.each(strategies)(
    'counts a service started at import and kept alive (%s)',
    async (strategy) => {
      const sample = await oneRound('askService', strategy)
      expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
      // The service was started before the round: only the requests' CPU is in it.
      expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.2)
    }
  )

  it('counts no children for CPU the pool members spend themselves (processes)', async () => {
    const sample = await oneRound('spin', 'processes')
    expect(sample.childCpuSeconds).toBeLessThan(0.1)
    expect(sample.cpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
  })

  // orphan-cpu.ts starts nothing at import: the harness skips its scan of /proc while it has started
  // no process, and must still count the first ones it starts.
  it('counts an orphan left in the process group by a child that ended, from the first call on', async () => {
    const sample = await oneRound('orphan', 'serial', ORPHANS)
    expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
    // Plus each child's and grandchild's start-up (tens of ms each).
    expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.8)
  })

  it('counts no children where the workload starts none', async () => {
    const sample = await oneRound('spin', 'serial', ORPHANS)
    expect(sample.childCpuSeconds).toBe(0)
    expect(sample.cpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
  })
})
