// The whole pipeline on a scripted runtime: plan, stop rule, verdict and results, without timing.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load.ts'
import { advise } from '../src/engine.ts'
import type { EngineOptions } from '../src/engine.ts'
import type { ProgressEvent } from '../src/progress-events.ts'
import { UsageError } from '../src/errors.ts'
import type { Machine } from '../src/measure/environment.ts'
import { createFakeRuntime } from '../src/measure/fake-runtime.ts'
import type { FakeScript } from '../src/measure/fake-runtime.ts'
import { FUTILITY_MIN_ROUNDS } from '../src/verdict/stopping.ts'
import type { Strategy } from '../src/types.ts'
import { tempDir } from './helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    pass\n')
const machine: Machine = {
  cpus: 2,
  hostCpus: 4,
  platform: 'linux',
  arch: 'x64',
  osRelease: 'test',
  node: '24.0.0'
}

/** A workload whose calls take `callSeconds` and speed up as given per strategy and workers. */
function script(
  callSeconds: number,
  speedup: (strategy: Strategy, workers: number) => number,
  extra: Partial<FakeScript> = {}
): FakeScript {
  return {
    wallSeconds: (strategy, workers, tasks) => (tasks * callSeconds) / speedup(strategy, workers),
    ...extra
  }
}
const gilBound = script(0.005, (s, w) => (s === 'processes' ? Math.min(w, 2) * 0.95 : 1))
const ioBound = script(0.01, (s, w) => (s === 'serial' ? 1 : w * 0.98), { cpuUse: () => 0.02 })
const tiny = script(1e-7, (s) => (s === 'serial' ? 1 : s === 'threads' ? 0.01 : 0.001))

function configOf(names: string[], extra = '') {
  const text = `workloads:\n${names.map((name) => `  - {name: ${name}, module: work.py, function: f${extra}}`).join('\n')}\n`
  return parseConfig(text, 'ca.yml', { cwd: dir.path, python: null })
}

function options(
  scripts: Record<string, FakeScript>,
  more: Partial<EngineOptions> = {}
): EngineOptions {
  return {
    budgetSeconds: null,
    context: null,
    machine,
    createRuntime: () => createFakeRuntime(scripts),
    ...more
  }
}

/** An awaited 30 ms timer: the loop overlaps the calls in flight, up to the calls per round. */
const awaitsTimer = script(
  0.03,
  (s, w) => (s === 'serial' ? 1 : s === 'async' ? w * 0.99 : w * 0.97),
  { cpuUse: () => 0.02, coroutine: true }
)
/** An awaited timer behind a semaphore of 8: async gains up to 8x, whatever its limit above. */
const awaitsPool = script(
  0.03,
  (s, w) => (s === 'serial' ? 1 : s === 'async' ? Math.min(w, 8) * 0.99 : w * 0.97),
  { cpuUse: () => 0.02, coroutine: true }
)
/** time.sleep in a coroutine: async stays at 1x, threads scale. */
const blocksLoop = script(0.03, (s, w) => (s === 'serial' || s === 'async' ? 1 : w * 0.97), {
  cpuUse: () => 0.02,
  coroutine: true
})

describe('advise: coroutine functions', () => {
  it('measures async for a coroutine function and not for a synchronous one', async () => {
    const results = await advise(
      configOf(['timer', 'pooled', 'blocked', 'sync'], ', uses: async'),
      options({ timer: awaitsTimer, pooled: awaitsPool, blocked: blocksLoop, sync: ioBound })
    )
    const byName = Object.fromEntries(results.workloads.map((w) => [w.name, w]))
    expect(byName.timer).toMatchObject({
      coroutine: true,
      recommendation: 'async',
      class: 'loop-overlaps-waits',
      mismatch: false
    })
    expect(byName.timer!.workers).toBe(32)
    const asyncOf = (name: string) =>
      byName[name]!.measurements.filter((m) => m.strategy === 'async')
    // 30 ms calls: 32 per round rather than serial's 12, so that async can keep 32 in flight.
    expect(byName.timer!.tasks).toBe(32)
    // 32 in flight gain ~31x: no limit up to 16 could come within the margin, none joins.
    expect(asyncOf('timer').map((m) => m.workers)).toEqual([32])
    // Behind a semaphore of 8, the top gains ~8x: the limits that could come within the margin of it
    // (8 and 16) joined once it showed its gain, and ran the rounds the verdict needs; 2 and 4 did not.
    const pooled = asyncOf('pooled')
    expect(pooled.map((m) => m.workers)).toEqual([8, 16, 32])
    expect(byName.pooled).toMatchObject({ recommendation: 'async', workers: 8 })
    const top = pooled.at(-1)!
    for (const m of pooled.slice(0, -1)) {
      expect(m.rounds).toBeGreaterThanOrEqual(2)
      expect(m.wallSamples[0]).toBeNull()
      expect(m.wallSamples.length).toBe(top.wallSamples.length)
    }
    // A coroutine that blocks its loop shows no gain at the top: the limits between never start.
    expect(
      byName.blocked!.measurements.filter((m) => m.strategy === 'async').map((m) => m.workers)
    ).toEqual([32])
    expect(byName.blocked).toMatchObject({
      coroutine: true,
      recommendation: 'threads',
      class: 'blocks-event-loop',
      mismatch: true
    })
    expect(byName.blocked!.reason).toMatch(/blocks its event loop.*asyncio\.to_thread/)
    expect(byName.sync).toMatchObject({
      coroutine: false,
      recommendation: 'threads',
      mismatch: true
    })
    expect(byName.sync!.measurements.some((m) => m.strategy === 'async')).toBe(false)
  })
})

describe('advise', () => {
  it('measures every workload and recommends with a reason', async () => {
    const config = parseConfig(
      `workloads:
  - {name: loop, module: work.py, function: f, uses: threads}
  - {name: sleep, module: work.py, function: f, uses: threads}
  - {name: tiny, module: work.py, function: f}
`,
      'ca.yml',
      { cwd: dir.path, python: null }
    )
    const events: ProgressEvent[] = []
    const results = await advise(
      config,
      options({ loop: gilBound, sleep: ioBound, tiny }, { onProgress: (e) => events.push(e) })
    )

    expect(results).toMatchObject({ schemaVersion: 1, configFile: 'ca.yml', interrupted: false })
    expect(results.environment).toMatchObject({
      cpus: 2,
      hostCpus: 4,
      platform: 'linux',
      python: '3.99.0',
      node: '24.0.0'
    })
    const byName = Object.fromEntries(results.workloads.map((w) => [w.name, w]))
    expect(byName.loop).toMatchObject({
      recommendation: 'processes',
      workers: 2,
      class: 'gil-bound',
      mismatch: true,
      uses: 'threads',
      uncertain: false,
      stopReason: 'settled',
      rounds: 2
    })
    expect(byName.sleep).toMatchObject({
      recommendation: 'threads',
      workers: 4,
      class: 'io-bound',
      mismatch: false
    })
    expect(byName.tiny).toMatchObject({
      recommendation: 'serial',
      workers: 1,
      class: 'overhead-bound',
      tasks: 2000
    })
    expect(byName.loop!.reason).toMatch(/processes 1\.90x at 2 workers/)
    // 100 and 1,000 times slower than serial: out of the running after one round, while serial takes
    // the second round a verdict needs.
    for (const m of byName.tiny!.measurements.filter((m) => m.strategy !== 'serial'))
      expect(m.stopped).toMatchObject({ afterRounds: 1, cause: 'behind' })
    expect(byName.tiny!.rounds).toBe(2)

    const loop = byName.loop!
    // No one-worker pools: they are no candidate (serial stands in for them in the scaling fit).
    expect(loop.measurements.map((m) => `${m.strategy}@${m.workers}`)).toEqual([
      'serial@1',
      'threads@2',
      'threads@4',
      'processes@2',
      'processes@4'
    ])
    for (const m of loop.measurements) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining([
          'strategy',
          'workers',
          'wallSeconds',
          'interval',
          'speedup',
          'cpuSeconds',
          'peakRssBytes',
          'error',
          'stopped'
        ])
      )
      expect(m.error).toBeNull()
    }
    // A gap this wide settles after two clean rounds: the verdict stops the rounds before the race
    // has stopped anyone (its retirements: test/verdict/stopping.test.ts).
    expect(
      loop.measurements.map((m) => [`${m.strategy}@${m.workers}`, m.rounds, m.stopped])
    ).toEqual([
      ['serial@1', 2, null],
      ['threads@2', 2, null],
      ['threads@4', 2, null],
      ['processes@2', 2, null],
      ['processes@4', 2, null]
    ])
    expect(loop.tasks).toBe(52) // 0.25 s / 5 ms, rounded up to a multiple of 4
    expect(events.filter((e) => e.kind === 'workload-done')).toHaveLength(3)
  })

  it('gives up as futile and says the verdict is uncertain when noise never settles', async () => {
    const noisy: FakeScript = {
      // Threads alternate between 15% slower and 35% faster than serial: 7% faster on average, near
      // the 10% margin, in rounds far too noisy to settle it.
      wallSeconds: (strategy, _w, tasks, call) =>
        (tasks * 0.01) /
        (strategy === 'threads'
          ? call % 2 === 0
            ? 0.85
            : 1.35
          : strategy === 'processes'
            ? 0.5
            : 1)
    }
    const results = await advise(configOf(['noisy']), options({ noisy }))
    const [workload] = results.workloads
    expect(workload).toMatchObject({
      uncertain: true,
      stopReason: 'futile',
      rounds: FUTILITY_MIN_ROUNDS
    })
    expect(workload!.reason).toMatch(
      /Uncertain after 6 rounds \(at the pace its intervals narrowed, the budget would not have settled it\): serial vs threads ×\d+ not settled: threads ×\d+ runs \d\.\d+x–\d\.\d+x as fast \(\d+% interval\), against a 10% margin\.$/
    )
  })

  it('reports a strategy that fails and still recommends one that works', async () => {
    const unsupported = script(0.005, (s, w) => (s === 'processes' ? Math.min(w, 2) : 1), {
      fault: (strategy, _w, phase) =>
        strategy === 'threads' && phase === 'round'
          ? {
              kind: 'exception',
              type: 'ValueError',
              message: 'ValueError: signal only works in main thread of the main interpreter'
            }
          : null
    })
    const results = await advise(configOf(['signals']), options({ signals: unsupported }))
    const [workload] = results.workloads
    expect(workload).toMatchObject({ recommendation: 'processes', class: 'unsupported-in-threads' })
    const threads = workload!.measurements.filter((m) => m.strategy === 'threads')
    expect(threads.every((m) => m.error?.message.startsWith('ValueError: signal only works'))).toBe(
      true
    )
  })

  it('turns a missing function into a config error before measuring', async () => {
    const missing = script(0.01, () => 1, {
      check: () => ({ configError: "has no function 'f' (it defines: g)", fault: null })
    })
    const run = advise(configOf(['a']), options({ a: missing }))
    await expect(run).rejects.toBeInstanceOf(UsageError)
    await expect(run).rejects.toThrow(
      /^ca\.yml:2: workloads \(a\)\.function: work\.py has no function 'f' \(it defines: g\)$/
    )
  })

  it('reports a module that fails to import on its workload and measures the others', async () => {
    const broken = script(0.01, () => 1, {
      check: () => ({
        configError: null,
        fault: {
          kind: 'exception',
          type: 'ImportError',
          message: 'importing the module failed: ImportError: no numpy'
        }
      })
    })
    const results = await advise(configOf(['broken', 'loop']), options({ broken, loop: gilBound }))
    expect(results.workloads[0]).toMatchObject({
      recommendation: null,
      class: 'failed',
      error: { type: 'ImportError' }
    })
    expect(results.workloads[0]!.reason).toMatch(
      /failed to load: importing the module failed: ImportError: no numpy/
    )
    expect(results.workloads[1]).toMatchObject({ recommendation: 'processes' })
  })

  it('marks workloads it never reached when the run is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const results = await advise(
      configOf(['a', 'b']),
      options({ a: gilBound, b: gilBound }, { signal: controller.signal })
    )
    expect(results.interrupted).toBe(true)
    expect(results.workloads.map((w) => [w.class, w.recommendation])).toEqual([
      ['not-measured', null],
      ['not-measured', null]
    ])
  })

  describe('against a base', () => {
    const base = tempDir('ca-base-')
    base.write('work.py', 'def f():\n    pass\n')
    /** Head's module is dir.path/work.py, base's base.path/work.py: scripts by module. */
    const byCheckout =
      (headScript: FakeScript, baseScript: FakeScript) => (w: { modulePath: string }) =>
        w.modulePath.startsWith(base.path) ? baseScript : headScript
    const doubled = script(0.01, (s, w) => (s === 'processes' ? Math.min(w, 2) * 0.95 : 1))

    it('measures the base checkout in the same rounds and finds no regression in unchanged code', async () => {
      const results = await advise(
        configOf(['loop']),
        options(
          {},
          {
            createRuntime: () => createFakeRuntime(byCheckout(gilBound, gilBound)),
            baseline: { kind: 'checkout', source: 'base', dir: base.path, sha: 'abc123' },
            failOn: 'regression'
          }
        )
      )
      const [loop] = results.workloads
      expect(results.baseline).toEqual({
        kind: 'checkout',
        source: 'base',
        threshold: 0.1,
        requestedThreshold: 0.1,
        sha: 'abc123'
      })
      expect(loop!.comparison).toMatchObject({
        method: 'paired',
        regression: false,
        baseRecommendation: 'processes',
        throughput: { verdict: 'unchanged' },
        speedup: { verdict: 'unchanged' }
      })
      expect(results.gate).toEqual({ failOn: 'regression', failed: false, failures: [], notes: [] })
    })

    it('fails the regression gate when head does twice the work per call', async () => {
      const results = await advise(
        configOf(['loop']),
        options(
          {},
          {
            createRuntime: () => createFakeRuntime(byCheckout(doubled, gilBound)),
            baseline: { kind: 'checkout', source: 'base', dir: base.path, sha: null },
            failOn: 'regression'
          }
        )
      )
      const [loop] = results.workloads
      expect(loop!.comparison!.throughput).toMatchObject({ verdict: 'regression' })
      expect(loop!.comparison!.throughput!.ratio).toBeCloseTo(0.5, 1)
      expect(results.gate).toMatchObject({
        failed: true,
        failures: [expect.stringMatching(/^regression: loop: processes ×2 throughput/)]
      })
    })

    it('compares with a baseline file by name, unpaired', async () => {
      const first = await advise(
        configOf(['loop', 'sleep']),
        options({ loop: gilBound, sleep: ioBound })
      )
      const second = await advise(
        configOf(['loop', 'sleep']),
        options(
          { loop: doubled, sleep: ioBound },
          { baseline: { kind: 'file', source: 'base.json', results: first }, failOn: 'any' }
        )
      )
      const [loop, sleep] = second.workloads
      expect(loop!.comparison).toMatchObject({ method: 'bootstrap', regression: true })
      expect(sleep!.comparison).toMatchObject({ method: 'bootstrap', regression: false })
      expect(second.gate!.failed).toBe(true)
    })

    it('has no comparison for a workload the base does not have', async () => {
      const results = await advise(
        configOf(['loop']),
        options(
          { loop: gilBound },
          { baseline: { kind: 'checkout', source: 'base', dir: `${base.path}/missing`, sha: null } }
        )
      )
      expect(results.workloads[0]!.comparison).toBeNull()
    })
  })
})
