// The order of a workload's steps (measure/run.ts) on the scripted runtime: every harness is loaded
// at once before serial's first calibration turn, each is started alone, a turn waits for the
// harness of the turn before it to go idle, and every harness loaded is closed again, whether the
// run ends well, by a fault or by an interruption.
import { describe, expect, it } from 'vitest'
import type { FakeHarnessEvent, FakeScript } from '../../src/measure/fake-runtime.ts'
import type { Fault } from '../../src/types.ts'
import { measureScripted } from '../helpers/scripted.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    pass\n')

const threadsWin: FakeScript = {
  wallSeconds: (strategy, workers, tasks) => (tasks * 0.01) / (strategy === 'serial' ? 1 : workers),
  cpuUse: () => 0.02
}

/** Runs one workload on the scripted runtime and returns what its harnesses went through. */
async function harnessSteps(
  script: FakeScript,
  signal?: AbortSignal,
  onEvent?: (event: FakeHarnessEvent) => void
): Promise<FakeHarnessEvent[]> {
  const events: FakeHarnessEvent[] = []
  await measureScripted(dir.path, script, {
    ...(signal === undefined ? {} : { signal }),
    onHarness: (event) => {
      events.push(event)
      onEvent?.(event)
    }
  })
  return events
}

const isSerial = (event: FakeHarnessEvent): boolean => event.spec.strategy === 'serial'

/** Harnesses loaded and never closed. */
function leftOpen(events: readonly FakeHarnessEvent[]): number[] {
  const loaded = events.filter((e) => e.step === 'load').map((e) => e.harness)
  const closed = new Set(events.filter((e) => e.step === 'close').map((e) => e.harness))
  return loaded.filter((harness) => !closed.has(harness))
}

describe('a workload run, step by step', () => {
  it('loads every contender before serial’s first turn, then starts each alone', async () => {
    const events = await harnessSteps(threadsWin)
    const firstTurn = events.findIndex((e) => e.step === 'round')
    const loads = events.filter((e) => e.step === 'load')
    expect(loads.length).toBeGreaterThan(2)
    expect(events.slice(0, loads.length)).toEqual(loads)
    expect(firstTurn).toBeGreaterThanOrEqual(loads.length)
    expect(isSerial(events[firstTurn]!)).toBe(true)
    // Each pool is started, then warmed up, before the next one starts: no start-up beside another.
    const steps = events.filter((e) => e.step !== 'idle')
    const starts = steps.flatMap((e, index) => (e.step === 'start' && !isSerial(e) ? [index] : []))
    expect(starts).toHaveLength(loads.length - 1)
    for (const index of starts) {
      expect(steps[index + 1]).toMatchObject({ step: 'round', harness: steps[index]!.harness })
    }
    expect(leftOpen(events)).toEqual([])
  })

  it('waits for the harness of the last turn to go idle before another harness takes a turn', async () => {
    const events = await harnessSteps(threadsWin)
    const turns = events.flatMap((e, index) => (e.step === 'round' ? [index] : []))
    let others = 0
    for (const [k, index] of turns.entries()) {
      if (k === 0) continue
      const previous = events[turns[k - 1]!]!.harness
      if (previous === events[index]!.harness) continue
      others += 1
      const between = events.slice(turns[k - 1]! + 1, index)
      expect(between).toContainEqual(expect.objectContaining({ step: 'idle', harness: previous }))
    }
    expect(others).toBeGreaterThan(5)
  })

  it('waits for every loaded harness to go idle before serial’s first turn', async () => {
    const events = await harnessSteps(threadsWin)
    const firstTurn = events.findIndex((e) => e.step === 'round')
    const loaded = new Set(events.filter((e) => e.step === 'load').map((e) => e.harness))
    const idle = new Set(
      events.slice(0, firstTurn).flatMap((e) => (e.step === 'idle' ? [e.harness] : []))
    )
    expect(idle).toEqual(loaded)
  })

  it('waits only once for a harness that stays busy after its turn', async () => {
    const events = await harnessSteps({
      ...threadsWin,
      idle: (strategy, workers) => !(strategy === 'threads' && workers === 4)
    })
    const restless = events.find((e) => e.spec.strategy === 'threads' && e.spec.workers === 4)!
    const turns = events.filter((e) => e.step === 'round' && e.harness === restless.harness)
    expect(turns.length).toBeGreaterThan(1)
    const started = events.findIndex((e) => e.step === 'start' && e.harness === restless.harness)
    const waits = events
      .slice(started)
      .filter((e) => e.step === 'idle' && e.harness === restless.harness)
    expect(waits).toHaveLength(1)
    // The others are waited for after each of their turns.
    const serial = events.find(isSerial)!.harness
    expect(events.filter((e) => e.step === 'idle' && e.harness === serial).length).toBeGreaterThan(
      1
    )
  })

  it('loads async contenders once calibration finds a coroutine function, and closes them', async () => {
    const events = await harnessSteps({ ...threadsWin, coroutine: true })
    const asyncLoads = events.filter((e) => e.step === 'load' && e.spec.strategy === 'async')
    expect(asyncLoads.length).toBeGreaterThan(0)
    const firstAsync = events.indexOf(asyncLoads[0]!)
    expect(events.slice(0, firstAsync).some((e) => e.step === 'round' && isSerial(e))).toBe(true)
    expect(leftOpen(events)).toEqual([])
  })

  it('closes the loaded harnesses it does not start after serial timed out', async () => {
    const timeout: Fault = { kind: 'timeout', message: 'timed out after 1 s' }
    const events = await harnessSteps({
      ...threadsWin,
      fault: (strategy, _workers, phase) =>
        strategy === 'serial' && phase === 'round' ? timeout : null
    })
    expect(events.filter((e) => e.step === 'start')).toHaveLength(1)
    expect(events.filter((e) => e.step === 'load').length).toBeGreaterThan(1)
    expect(leftOpen(events)).toEqual([])
  })

  it('closes a harness whose start failed, and the others as usual', async () => {
    const broken: Fault = { kind: 'exit', message: 'exited with code 1', exitCode: 1 }
    const events = await harnessSteps({
      ...threadsWin,
      fault: (strategy, _workers, phase) =>
        strategy === 'processes' && phase === 'open' ? broken : null
    })
    const processes = events.filter((e) => e.spec.strategy === 'processes')
    expect(processes.length).toBeGreaterThan(0)
    // Loaded, started (and failed), closed: never a turn.
    expect(processes.some((e) => e.step === 'round')).toBe(false)
    expect(leftOpen(events)).toEqual([])
  })

  it('closes every loaded harness when the run is interrupted during calibration', async () => {
    const controller = new AbortController()
    const events = await harnessSteps(threadsWin, controller.signal, (event) => {
      if (event.step === 'round') controller.abort()
    })
    expect(events.filter((e) => e.step === 'start')).toHaveLength(1)
    expect(events.filter((e) => e.step === 'load').length).toBeGreaterThan(1)
    expect(leftOpen(events)).toEqual([])
  })
})
