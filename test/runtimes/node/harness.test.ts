// Sessions of the real harness, as the engine opens them, over the user-facing fixtures.
import { afterAll, describe, expect, it } from 'vitest'
import { STRATEGIES } from '../../../src/closed-sets.ts'
import { fixturePath, moduleDir, nodeRuntime, runRounds, workload } from './workloads.ts'

const runtime = nodeRuntime()

const modules = moduleDir({
  // Writes what looks like a protocol reply to stdout, by console.log and by process.stdout.
  'noisy.mjs': [
    'export function shout(x) {',
    '  console.log(\'{"type":"round","wallSeconds":-1}\')',
    '  process.stdout.write(\'{"type":"fault","fault":{"kind":"exit","message":"fake"}}\\n\')',
    '  return x',
    '}',
    'export async function later(x) {',
    '  await new Promise((resolve) => setTimeout(resolve, 1))',
    '  return x * 2',
    '}',
    'export function pending() { return new Promise(() => {}) }'
  ].join('\n'),
  'method.cjs':
    'module.exports = new (class { constructor() { this.base = 10 } add(x) { return this.base + x } })()\n',
  'callable.cjs': 'module.exports = function (x) { return x * 3 }\n'
})
afterAll(() => modules.remove())

const loaders = [
  { label: 'ESM named export', spec: workload(fixturePath('cpu.mjs'), 'countPrimes', [2000]) },
  {
    label: 'CommonJS module.exports',
    spec: workload(fixturePath('large-buffer.cjs'), 'makeBuffer', [1])
  },
  {
    label: 'ESM default export object',
    spec: workload(fixturePath('default-export.mjs'), 'longestCollatz', [1000])
  },
  { label: 'TypeScript', spec: workload(fixturePath('typed.ts'), 'digitSums', [5000]) },
  { label: 'async function', spec: workload(modules.path('noisy.mjs'), 'later', [21]) },
  {
    label: 'method of a default-exported instance',
    spec: workload(modules.path('method.cjs'), 'add', [1])
  },
  {
    label: 'default export that is a function',
    spec: workload(modules.path('callable.cjs'), 'default', [2])
  }
]

describe('Node harness sessions', () => {
  for (const strategy of STRATEGIES) {
    describe(strategy, () => {
      it.each(loaders)('loads a $label and measures rounds', async ({ spec }) => {
        const { opened, outcomes } = await runRounds(runtime, spec, strategy, 2, [3, 5])
        expect(opened.ok, JSON.stringify(opened)).toBe(true)
        if (!opened.ok) return
        expect(opened.session.startMethod).toBeNull()
        // Serial and async run on the harness's own thread: nothing to start.
        if (strategy === 'serial' || strategy === 'async')
          expect(opened.session.startupSeconds).toBe(0)
        else expect(opened.session.startupSeconds).toBeGreaterThan(0)
        expect(outcomes).toHaveLength(2)
        const [first, second] = outcomes
        expect(first?.ok, JSON.stringify(first)).toBe(true)
        expect(second?.ok, JSON.stringify(second)).toBe(true)
        if (!first?.ok || !second?.ok) return
        for (const { sample } of [first, second]) {
          expect(sample.wallSeconds).toBeGreaterThan(0)
          expect(sample.cpuSeconds).not.toBeNull()
          expect(sample.cpuSeconds).toBeGreaterThanOrEqual(0)
          expect(sample.peakRssBytes).toBeGreaterThan(0)
        }
        expect(first.sample.bytesToWorkersPerCall).toBeGreaterThan(0)
        expect(first.sample.bytesFromWorkersPerCall).toBeGreaterThan(0)
        expect(second.sample.bytesToWorkersPerCall).toBeNull()
        expect(second.sample.bytesFromWorkersPerCall).toBeNull()
      })

      it('brings a large Buffer back whole and counts its bytes', async () => {
        const spec = workload(fixturePath('large-buffer.cjs'), 'makeBuffer', [2])
        const { outcomes } = await runRounds(runtime, spec, strategy, 2, [4])
        const [round] = outcomes
        expect(round?.ok, JSON.stringify(round)).toBe(true)
        if (round?.ok)
          expect(round.sample.bytesFromWorkersPerCall).toBeGreaterThanOrEqual(2 * 1024 * 1024)
      })

      it('keeps user output off the protocol channel', async () => {
        const spec = workload(modules.path('noisy.mjs'), 'shout', [7])
        const { outcomes } = await runRounds(runtime, spec, strategy, 2, [4, 4])
        expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true])
        for (const outcome of outcomes)
          if (outcome.ok) expect(outcome.sample.wallSeconds).toBeGreaterThan(0)
      })

      it('runs zero tasks', async () => {
        const spec = workload(fixturePath('trivial.mjs'), 'increment', [1])
        const { outcomes } = await runRounds(runtime, spec, strategy, 2, [0])
        expect(outcomes[0]?.ok).toBe(true)
      })
    })
  }

  it('runs more tasks than workers, with one worker or several', async () => {
    const spec = workload(fixturePath('trivial.mjs'), 'increment', [41])
    for (const strategy of ['threads', 'processes'] as const) {
      for (const workers of [1, 3]) {
        const { outcomes } = await runRounds(runtime, spec, strategy, workers, [25, 200])
        expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true])
      }
    }
  })

  it('fails worker-unsafe code in threads only, with the Node error code', async () => {
    const spec = workload(fixturePath('worker-unsafe.mjs'), 'chdirThenCount', [1000])
    const threads = await runRounds(runtime, spec, 'threads', 2, [4])
    expect(threads.opened.ok).toBe(true)
    const [fault] = threads.outcomes
    expect(fault?.ok).toBe(false)
    if (fault?.ok === false) {
      expect(fault.fault).toMatchObject({
        kind: 'exception',
        type: 'TypeError',
        code: 'ERR_WORKER_UNSUPPORTED_OPERATION'
      })
      expect(fault.fault.message).toMatch(
        /^TypeError \[ERR_WORKER_UNSUPPORTED_OPERATION\]: process\.chdir\(\) is not supported in workers/
      )
      expect(fault.fault.detail).toContain('worker-unsafe.mjs')
    }
    for (const strategy of ['serial', 'processes'] as const) {
      const { outcomes } = await runRounds(runtime, spec, strategy, 2, [4])
      expect(outcomes[0]?.ok, JSON.stringify(outcomes[0])).toBe(true)
    }
  })

  it('reports a function missing at init as a fault naming it', async () => {
    for (const strategy of STRATEGIES) {
      const spec = workload(fixturePath('cpu.mjs'), 'nope')
      const { opened } = await runRounds(runtime, spec, strategy, 2, [1])
      expect(opened.ok).toBe(false)
      if (!opened.ok)
        expect(opened.fault.message).toContain("has no function 'nope' (it exports: countPrimes)")
    }
  })

  it('times out a round whose promise never settles', async () => {
    const spec = workload(modules.path('noisy.mjs'), 'pending', [], { timeoutSeconds: 2 })
    const { outcomes } = await runRounds(runtime, spec, 'serial', 1, [1])
    expect(outcomes[0]).toMatchObject({ ok: false, fault: { kind: 'timeout' } })
  })
})
