// The CPU that a Python workload spends in processes it starts, counted in every strategy: a child it
// waits for (reaped) and a service it started at import and keeps (alive). The children burn an exact
// amount of CPU time, so the figures hold on a busy machine.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { StartMethod, Strategy, WorkloadSpec } from '../../../src/types.ts'

const MODULE = fileURLToPath(new URL('../../fixtures/python/child_cpu.py', import.meta.url))
const ORPHANS = fileURLToPath(new URL('../../fixtures/python/orphan_cpu.py', import.meta.url))
const runtime = createPythonRuntime({ python: null, cwd: process.cwd(), source: 'test' })
const CALLS = 4
const CPU_PER_CALL = 0.1
// /proc gives a live process's CPU as utime and stime in clock ticks (USER_HZ, 100 a second on
// Linux), each rounded down: a process the harness reads there may come out up to two ticks short
// of the CPU it measured itself, and four orphans up to 80 ms short of their 0.4 s.
const PROC_TICK_SECONDS = 0.01

function spec(fn: string, startMethod: StartMethod, modulePath: string): WorkloadSpec {
  return {
    name: fn,
    runtime: 'python',
    module: modulePath,
    modulePath,
    function: fn,
    args: [CPU_PER_CALL],
    tasks: null,
    uses: null,
    timeoutSeconds: 30,
    budgetSeconds: 10,
    memoryBytes: null,
    startMethod,
    line: 1
  }
}

async function oneRound(
  fn: string,
  strategy: Strategy,
  startMethod: StartMethod = 'default',
  modulePath = MODULE
) {
  const opened = await openSession(runtime, {
    workload: spec(fn, startMethod, modulePath),
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

describe.runIf(process.platform === 'linux')('CPU of child processes (python, Linux)', () => {
  it.each(strategies)('counts a child each call starts and waits for (%s)', async (strategy) => {
    const sample = await oneRound('run_child', strategy)
    // 0.4 s burnt in the children, plus each interpreter's start-up (tens of ms).
    expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
    expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.6)
    expect(sample.cpuSeconds).toBeGreaterThanOrEqual(sample.childCpuSeconds!)
  })

  it.each(strategies)(
    'counts a service started at import and kept alive (%s)',
    async (strategy) => {
      const sample = await oneRound('ask_service', strategy)
      expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
      // The service was started before the round: only the requests' CPU is in it.
      expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.2)
    }
  )

  it.each(strategies)(
    'counts no children for CPU spent in the workload itself (%s)',
    async (strategy) => {
      // In the process pool the workers burn the CPU: they are the pool's, not the workload's children.
      const sample = await oneRound('spin', strategy)
      expect(sample.childCpuSeconds).toBeLessThan(0.1)
      expect(sample.cpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
    }
  )

  it.each(['spawn', 'forkserver'] as const)(
    'counts the children of pool workers started with %s, not the workers themselves',
    async (startMethod) => {
      const child = await oneRound('run_child', 'processes', startMethod)
      expect(child.childCpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
      expect(child.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.6)
      const spin = await oneRound('spin', 'processes', startMethod)
      expect(spin.childCpuSeconds).toBeLessThan(0.1)
    }
  )

  // orphan_cpu.py starts nothing at import: the harness skips its scan of /proc while it has started
  // no process, and must still count the first ones it starts.
  it('counts an orphan left in the process group by a child that ended, from the first call on', async () => {
    const sample = await oneRound('orphan', 'serial', 'default', ORPHANS)
    expect(sample.childCpuSeconds).toBeGreaterThanOrEqual(
      CALLS * (CPU_PER_CALL - 2 * PROC_TICK_SECONDS)
    )
    expect(sample.childCpuSeconds).toBeLessThan(CALLS * CPU_PER_CALL + 0.2)
  })

  it('counts no children where the workload starts none', async () => {
    const sample = await oneRound('spin', 'serial', 'default', ORPHANS)
    expect(sample.childCpuSeconds).toBe(0)
    expect(sample.cpuSeconds).toBeGreaterThanOrEqual(CALLS * CPU_PER_CALL * 0.9)
  })
})
