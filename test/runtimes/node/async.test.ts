// The Node harness's async strategy on real processes, with huge margins only: an awaited 30 ms timer
// overlaps on the loop, a synchronous 30 ms wait does not.
import { afterAll, describe, expect, it } from 'vitest'
import type { RoundOutcome } from '../../../src/runtimes/runtime.ts'
import { fixturePath, moduleDir, nodeRuntime, runRounds, workload } from './workloads.ts'

const runtime = nodeRuntime()
const modules = moduleDir({
  'rejects.mjs': 'export async function later() { await null; throw new RangeError("late") }\n'
})
afterAll(() => modules.remove())
const awaitsTimer = workload(fixturePath('await-timer.mjs'), 'fetchLike', [30])
const blocksLoop = workload(fixturePath('blocks-loop.mjs'), 'blockingWait', [30])
const sync = workload(fixturePath('trivial.mjs'), 'increment', [1])

function wallOf(outcomes: readonly RoundOutcome[]): number {
  const last = outcomes.at(-1)
  if (last?.ok !== true) throw new Error(JSON.stringify(last))
  return last.sample.wallSeconds
}

describe('Node async strategy', () => {
  it('says serial awaited the calls of a function that returns a promise, and not of one that does not', async () => {
    const coroutine = await runRounds(runtime, awaitsTimer, 'serial', 1, [1])
    const plain = await runRounds(runtime, sync, 'serial', 1, [1])
    expect(coroutine.outcomes[0]).toMatchObject({ ok: true, sample: { awaited: true } })
    expect(plain.outcomes[0]).toMatchObject({ ok: true, sample: { awaited: false } })
  })

  it('keeps 16 awaited timers in flight together: far faster than 16 in a row', async () => {
    const loop = await runRounds(runtime, awaitsTimer, 'async', 16, [16, 16])
    // 16 × 30 ms in a row is 0.48 s; in flight together about 30 ms.
    expect(wallOf(loop.outcomes)).toBeLessThan(0.2)
  })

  it('cannot overlap a synchronous wait: 8 calls take as long as in a row', async () => {
    const loop = await runRounds(runtime, blocksLoop, 'async', 8, [8, 8])
    expect(wallOf(loop.outcomes)).toBeGreaterThanOrEqual(8 * 0.03 * 0.95)
  })

  it('reports a throw inside a lane as the round’s fault', async () => {
    const bad = workload(modules.path('rejects.mjs'), 'later')
    const { outcomes } = await runRounds(runtime, bad, 'async', 4, [4])
    expect(outcomes[0]).toMatchObject({
      ok: false,
      fault: { kind: 'exception', message: expect.stringMatching(/RangeError: late/) as unknown }
    })
  })
})
