// Code that warms up (a JIT), on the scripted runtime (measure/run.ts): serial's calibration goes on
// while its calls still get faster, so that the rounds are sized by warm calls; a pool's warm-up
// before its first round goes on while a call still costs more CPU than serial's once warm and keeps
// getting cheaper, none for a pool warm after one call per worker, never more than half a round's.
import { describe, expect, it } from 'vitest'
import type { FakeScript } from '../../src/measure/fake-runtime.ts'
import type { Strategy } from '../../src/types.ts'
import { TWO_CPUS } from '../helpers/machine.ts'
import { measureScripted } from '../helpers/scripted.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    pass\n')

/** Serial's call: 10 ms of CPU, warm from the first call. */
const CALL = 0.01

/** Serial's calls warming up as a JIT's do: 4x, 2x, 1.5x a warm call's time in its first turns. */
const SERIAL_WARMING = (turn: number): number => [4, 2, 1.5][turn] ?? 1

/**
 * A CPU-bound workload whose pool calls cost `factor(turn)` times serial's warm call in the pool's
 * turn `turn` (0: its first warm-up turn), as a JIT warming up would make them; serial's calls cost
 * `serial(turn)` times a warm call in its turn `turn` (0: its first call).
 */
function warming(
  factor: (turn: number) => number,
  serial: (turn: number) => number = SERIAL_WARMING
): FakeScript {
  return {
    wallSeconds: (strategy, workers, tasks, call) =>
      strategy === 'serial'
        ? tasks * CALL * serial(call)
        : (tasks * CALL * factor(call)) / Math.min(workers, TWO_CPUS.cpus),
    cpuUse: (strategy, workers) => (strategy === 'serial' ? 1 : Math.min(workers, TWO_CPUS.cpus))
  }
}

/** What a workload's measure did before its first round. */
interface Untimed {
  /** The calls per round chosen. */
  readonly tasks: number
  /** Serial's turns (its first call and calibration). */
  readonly serialTurns: number
  /** Calls of each warm-up turn, per pool. */
  readonly pools: ReadonlyMap<string, number[]>
}

async function untimed(script: FakeScript, tasks?: number): Promise<Untimed> {
  const pools = new Map<string, number[]>()
  let chosen = 0
  let serialTurns = 0
  await measureScripted(dir.path, script, {
    ...(tasks === undefined ? {} : { tasks }),
    onMeasure: (event) => {
      if (event.kind === 'calibrated') chosen = event.tasks
      if (event.kind !== 'turn' || event.round !== null) return
      if (event.strategy === 'serial') serialTurns++
      else {
        const key = configName(event.strategy, event.workers)
        pools.set(key, [...(pools.get(key) ?? []), event.calls])
      }
    }
  })
  return { tasks: chosen, serialTurns, pools }
}

const configName = (strategy: Strategy, workers: number): string => `${strategy} ×${workers}`

describe('a pool’s warm-up', () => {
  it('goes on, doubling the calls per worker, while a call costs more than serial’s and falls', async () => {
    // 4x, then 2x, then 1.1x serial's CPU a call: warm after the third turn.
    const { pools: turns } = await untimed(warming((turn) => [4, 2, 1.1][turn] ?? 1))
    expect(turns.get('threads ×2')).toEqual([2, 2, 4])
    expect(turns.get('processes ×2')).toEqual([2, 2, 4])
  })

  it('stops once a call’s cost holds, even above serial’s', async () => {
    // Three times serial's CPU a call, every call: an overhead of its own, not a warm-up.
    const { pools: turns } = await untimed(warming(() => 3))
    expect(turns.get('threads ×2')).toEqual([2, 2])
    expect(turns.get('processes ×4')).toEqual([4, 4])
  })

  it('takes one call per worker where the first call was already as cheap as serial’s', async () => {
    const { pools: turns } = await untimed(warming(() => 1))
    for (const calls of turns.values()) expect(calls).toHaveLength(1)
    expect(turns.get('threads ×4')).toEqual([4])
  })

  it('gives each worker at most half a round’s share of calls', async () => {
    // Still falling, 20 % a turn, far above serial's: only the cap stops it.
    const { tasks, pools: turns } = await untimed(warming((turn) => 8 * 0.8 ** turn))
    expect(tasks).toBeGreaterThan(0)
    for (const [key, calls] of turns) {
      const workers = Number(key.split('×')[1])
      const perWorker = calls.reduce((a, b) => a + b, 0) / workers
      expect(perWorker).toBeLessThanOrEqual(Math.max(1, tasks / workers / 2))
    }
    expect(turns.get('threads ×2')!.length).toBeGreaterThan(2)
  })

  it('takes one call per worker where the config fixes the tasks (no calibration to compare with)', async () => {
    const { pools: turns } = await untimed(
      warming((turn) => [4, 2, 1.1][turn] ?? 1),
      32
    )
    for (const calls of turns.values()) expect(calls).toHaveLength(1)
  })

  it('takes one call per worker where serial’s calls did not warm up after the first', async () => {
    // Pools three times dearer a call than serial, whose first call alone was dear (memory touched
    // for the first time): an overhead of the pools' own (copying results back), no warm-up.
    const { pools: turns } = await untimed(
      warming(
        () => 3,
        (turn) => (turn === 0 ? 11 : 1)
      )
    )
    for (const calls of turns.values()) expect(calls).toHaveLength(1)
  })

  it('takes one call per worker where serial’s calls mostly wait (no CPU to warm)', async () => {
    const sleepy: FakeScript = {
      ...warming((turn) => [4, 2, 1.1][turn] ?? 1),
      cpuUse: (strategy) => (strategy === 'serial' ? 0.05 : 0.2)
    }
    const { pools: turns } = await untimed(sleepy)
    for (const calls of turns.values()) expect(calls).toHaveLength(1)
  })
})

describe('serial’s calibration of code that warms up', () => {
  /** Serial's calls cost `factor(turn)` times a warm call in its turn `turn` (0: its first call). */
  const calibrated = (factor: (turn: number) => number): Promise<Untimed> =>
    untimed({
      wallSeconds: (strategy, workers, calls, turn) =>
        strategy === 'serial' ? calls * CALL * factor(turn) : (calls * CALL) / workers
    })

  it('sizes the rounds by warm calls where the calls were still getting faster', async () => {
    // 4x, 2x, 1.5x a warm call's time, then warm: a quarter-second round is 25 warm calls.
    const { tasks } = await calibrated(SERIAL_WARMING)
    expect(tasks).toBeGreaterThanOrEqual(25)
    expect(tasks).toBeLessThanOrEqual(28)
  })

  it('stops as before where the calls were warm from the second', async () => {
    const warm = await calibrated((turn) => (turn === 0 ? 4 : 1))
    const warming = await calibrated(SERIAL_WARMING)
    expect(warm.tasks).toBe(warming.tasks)
    expect(warm.serialTurns).toBeLessThan(warming.serialTurns)
  })

  it('stops after a quarter-second of batches where the calls keep getting faster', async () => {
    // 25 % faster every batch, for ever.
    const { serialTurns: turns } = await calibrated((turn) => 4 * 0.75 ** turn)
    expect(turns).toBeLessThanOrEqual(8)
  })

  it('does not take calls of microseconds, a call’s pace falling with the batch’s size, for warming', async () => {
    // A turn's round trip of 0.2 ms before 2 µs calls: a batch of one runs at 0.2 ms a call, one of
    // 64 at 5 µs; the calls themselves never change.
    const { pools } = await untimed({
      wallSeconds: (strategy, workers, calls) =>
        strategy === 'serial' ? 0.0002 + calls * 2e-6 : 0.0002 + (calls * 2e-4) / workers
    })
    // One warm-up turn for each of the four pools.
    expect([...pools.values()]).toEqual([[2], [4], [2], [4]])
  })
})
