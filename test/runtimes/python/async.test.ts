// The Python harness with coroutine functions on real interpreters, with huge margins only: an awaited
// 30 ms asyncio.sleep overlaps on the loop, a time.sleep in a coroutine does not; every strategy awaits
// the coroutine rather than returning it.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { RoundSample, Strategy, WorkloadSpec } from '../../../src/types.ts'
import { faultSpec } from '../../helpers/python-faults.ts'

const runtime = createPythonRuntime({ python: null, cwd: process.cwd(), source: 'test' })
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/python/${name}`, import.meta.url))

function spec(file: string, fn: string): WorkloadSpec {
  return faultSpec(fn, { name: fn, module: file, modulePath: fixture(file), args: [0.03] })
}
const awaitsSleep = spec('await_sleep.py', 'fetch_like')
const blocksLoop = spec('blocks_loop.py', 'blocking_wait')

/** Opens a session, runs rounds of `tasks` calls, and returns the last round's sample. */
async function lastRound(
  workload: WorkloadSpec,
  strategy: Strategy,
  workers: number,
  tasks: number
): Promise<RoundSample> {
  const opened = await openSession(runtime, { workload, strategy, workers })
  if (!opened.ok) throw new Error(JSON.stringify(opened.fault))
  try {
    let sample: RoundSample | null = null
    for (const measureBytes of [true, false]) {
      const round = await opened.session.runRound(tasks, measureBytes)
      if (!round.ok) throw new Error(JSON.stringify(round.fault))
      sample = round.sample
    }
    return sample!
  } finally {
    await opened.session.close()
  }
}

describe('python coroutine functions', () => {
  it('says serial awaited an async def and not a plain function', async () => {
    expect((await lastRound(awaitsSleep, 'serial', 1, 1)).awaited).toBe(true)
    expect((await lastRound(faultSpec('ok', { args: [1] }), 'serial', 1, 1)).awaited).toBe(false)
  })

  it.each(['threads', 'processes'] as const)(
    'awaits the coroutine in %s, on a loop of each worker',
    async (strategy) => {
      // Returning the coroutine unawaited would take microseconds (and fail to pickle from processes).
      const sample = await lastRound(awaitsSleep, strategy, 2, 4)
      expect(sample.wallSeconds).toBeGreaterThanOrEqual(2 * 0.03 * 0.9)
    }
  )

  it('keeps 16 awaited sleeps in flight on one loop: far faster than 16 in a row', async () => {
    // 16 × 30 ms in a row is 0.48 s; in flight together about 30 ms.
    expect((await lastRound(awaitsSleep, 'async', 16, 16)).wallSeconds).toBeLessThan(0.2)
  })

  it('cannot overlap a time.sleep inside the coroutine: 8 calls take as long as in a row', async () => {
    expect((await lastRound(blocksLoop, 'async', 8, 8)).wallSeconds).toBeGreaterThanOrEqual(
      8 * 0.03 * 0.95
    )
  })
})
