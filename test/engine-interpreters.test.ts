// Several interpreters in one race, and the GIL's state, through the whole pipeline on the scripted
// runtime: the cross-interpreter recommendation against the first interpreter's serial, ties to the
// first interpreter and then the lighter model, the GIL-forced twin of a lone free-threaded
// interpreter, a module that turns the GIL back on, an interpreter the module does not load on,
// the `uses` gate against the first interpreter and regressions per interpreter.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load.ts'
import { advise } from '../src/engine.ts'
import type { EngineOptions } from '../src/engine.ts'
import { createFakeRuntime } from '../src/measure/fake-runtime.ts'
import type { FakeInterpreter, FakeScript, FakeWhere } from '../src/measure/fake-runtime.ts'
import { parseResults } from '../src/results/file.ts'
import type { Strategy, WorkloadResult } from '../src/types.ts'
import { TWO_CPUS } from './helpers/machine.ts'
import { tempDir } from './helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    pass\n')
dir.write('base/work.py', 'def f():\n    pass\n')
const machine = TWO_CPUS
const GIL_BUILD: FakeInterpreter = { name: 'python3.13', version: '3.13.5', freeThreaded: false }
const FREE: FakeInterpreter = { name: 'python3.13t', version: '3.13.5', freeThreaded: true }

/** Speedups over the interpreter's own serial, and its serial's cost against the first's. */
interface Build {
  readonly serial: number
  readonly speedup: (strategy: Strategy, workers: number) => number
}

/** A workload of 10 ms calls that behaves as `builds[i]` on interpreter i (the twin: as `forced`). */
function script(
  builds: readonly Build[],
  extra: Partial<FakeScript> & { forced?: Build } = {}
): FakeScript {
  const on = (where: FakeWhere): Build =>
    where.gilForced && extra.forced !== undefined ? extra.forced : builds[where.interpreter]!
  return {
    wallSeconds: (strategy, workers, tasks, _call, where) => {
      const build = on(where)
      return (tasks * 0.01 * build.serial) / build.speedup(strategy, workers)
    },
    cpuUse: (strategy, workers, where) =>
      strategy === 'serial' ? 1 : Math.min(workers, on(where).speedup(strategy, workers)),
    ...extra
  }
}

/** A GIL build: threads stay at 1x, processes reach `processes` at 2 workers. */
const gilBuild = (processes: number): Build => ({
  serial: 1,
  speedup: (s, w) => (s === 'processes' ? Math.min(w, 2) * (processes / 2) : 1)
})
const gilBound = gilBuild(1.9)
/** Free-threaded: one thread 1.3x slower, threads scale. */
const freeScales = (serial: number, threads: number): Build => ({
  serial,
  speedup: (s, w) =>
    s === 'threads' ? Math.min(w, 2) * (threads / 2) : s === 'processes' ? Math.min(w, 2) * 0.92 : 1
})

function config(python: string, extra = '') {
  return parseConfig(
    `python: ${python}\n${extra}workloads:\n  - {name: w, module: work.py, function: f, uses: threads}\n`,
    'ca.yml',
    { cwd: dir.path, python: null }
  )
}

function options(
  scriptFor: FakeScript | ((modulePath: string) => FakeScript),
  interpreters: readonly FakeInterpreter[],
  more: Partial<EngineOptions> = {}
): EngineOptions {
  return {
    budgetSeconds: null,
    context: null,
    machine,
    createRuntime: () =>
      createFakeRuntime(
        (workload) =>
          typeof scriptFor === 'function' ? scriptFor(workload.modulePath) : scriptFor,
        { interpreters }
      ),
    ...more
  }
}

async function only(
  python: string,
  s: FakeScript,
  interpreters: readonly FakeInterpreter[],
  extra = ''
): Promise<WorkloadResult> {
  const results = await advise(config(python, extra), options(s, interpreters))
  // What the engine makes is what the results file's schema allows.
  parseResults(JSON.parse(JSON.stringify(results)), 'results')
  return results.workloads[0]!
}

describe('advise with several interpreters', () => {
  it('recommends across them against the first one serial and says each one verdict', async () => {
    const w = await only(
      '[python3.13, python3.13t]',
      script([gilBuild(1.5), freeScales(1.1, 1.95)]),
      [GIL_BUILD, FREE]
    )
    expect(w).toMatchObject({
      recommendation: 'threads',
      recommendedPython: 'python3.13t',
      workers: 2,
      class: 'parallel-without-gil',
      // uses: threads against the first interpreter's own verdict, processes.
      mismatch: true
    })
    expect(w.reason).toBe(
      'On 3.13t: CPU-bound and runs in parallel in threads, since this free-threaded build has no GIL: threads 1.95x at 2 workers using 1.9 CPUs; processes 1.84x at 2 workers. ' +
        "Against 3.13's serial, threads ×2 on 3.13t: 1.77x (its serial runs 1.10x slower than 3.13's); processes ×2 on 3.13: 1.50x."
    )
    expect(w.interpreters).toMatchObject([
      {
        python: 'python3.13',
        label: '3.13',
        freeThreaded: false,
        gilEnabled: true,
        gilEnabledBy: [],
        serialRatio: 1,
        recommendation: 'processes',
        workers: 2,
        class: 'gil-bound'
      },
      {
        python: 'python3.13t',
        label: '3.13t',
        freeThreaded: true,
        gilEnabled: false,
        recommendation: 'threads',
        class: 'parallel-without-gil'
      }
    ])
    expect(w.interpreters![1]!.serialRatio).toBeCloseTo(1.1, 5)
    // Every measurement says its interpreter; speedups are against 3.13's serial.
    const threads = w.measurements.find(
      (m) => m.python === 'python3.13t' && m.strategy === 'threads' && m.workers === 2
    )!
    expect(threads.speedup).toBeCloseTo(1.95 / 1.1, 5)
    expect(
      w.measurements.find((m) => m.python === 'python3.13t' && m.strategy === 'serial')!.speedup
    ).toBeCloseTo(1 / 1.1, 5)
    expect(new Set(w.measurements.map((m) => m.python))).toEqual(
      new Set(['python3.13', 'python3.13t'])
    )
  })

  it('keeps the GIL build when the free-threaded one is slower on one thread than its threads gain', async () => {
    const w = await only('[python3.13, python3.13t]', script([gilBound, freeScales(1.31, 1.9)]), [
      GIL_BUILD,
      FREE
    ])
    expect(w).toMatchObject({
      recommendation: 'processes',
      recommendedPython: 'python3.13',
      class: 'gil-bound'
    })
    expect(w.reason).toMatch(
      /^On 3\.13: CPU-bound and holds the GIL: .*Against 3\.13's serial, processes ×2 on 3\.13: 1\.90x; threads ×2 on 3\.13t: 1\.45x \(its serial runs 1\.31x slower than 3\.13's\)\.$/
    )
  })

  it('gives a tie within the margin to the first interpreter, then to the lighter model', async () => {
    // Both builds reach about 1.9x against 3.13's serial: 3.13's processes and 3.13t's threads.
    const w = await only('[python3.13, python3.13t]', script([gilBound, freeScales(1.05, 1.98)]), [
      GIL_BUILD,
      FREE
    ])
    expect(w).toMatchObject({ recommendation: 'processes', recommendedPython: 'python3.13' })
    // Within one interpreter, the lighter model: threads and processes both at 1.9x.
    const lighter = await only(
      '[python3.13t, python3.13]',
      script([freeScales(1, 1.9), gilBound]),
      [FREE, GIL_BUILD]
    )
    expect(lighter).toMatchObject({ recommendation: 'threads', recommendedPython: 'python3.13t' })
  })

  it('names the module that turned the GIL on where it did, though another interpreter is recommended', async () => {
    const legacy = (where: FakeWhere) =>
      where.interpreter === 1
        ? { gilEnabled: true, gilEnabledBy: ['legacy'] }
        : { gilEnabled: true, gilEnabledBy: [] }
    const w = await only(
      '[python3.13, python3.13t]',
      script([gilBound, { ...gilBound, serial: 1.02 }], { gil: legacy }),
      [GIL_BUILD, FREE]
    )
    expect(w).toMatchObject({ recommendation: 'processes', recommendedPython: 'python3.13' })
    expect(w.reason).toMatch(
      /processes ×2 on 3\.13t: 1\.86x \(its serial runs 1\.02x slower than 3\.13's; the GIL there was enabled by importing `legacy`\)\.$/
    )
    expect(w.interpreters![1]).toMatchObject({
      class: 'gil-enabled-by-module',
      gilEnabled: true,
      gilEnabledBy: ['legacy']
    })
  })

  it('gives waits to the first interpreter, the builds being as fast', async () => {
    const waits: Build = { serial: 1, speedup: (s, w) => (s === 'serial' ? 1 : w * 0.97) }
    const w = await only(
      '[python3.13, python3.13t]',
      script([waits, waits], { cpuUse: () => 0.02 }),
      [GIL_BUILD, FREE]
    )
    expect(w).toMatchObject({
      recommendation: 'threads',
      recommendedPython: 'python3.13',
      workers: 4,
      class: 'io-bound'
    })
    expect(w.reason).toMatch(
      /Against 3\.13's serial, threads ×4 on 3\.13: 3\.88x; threads ×4 on 3\.13t: 3\.88x \(its serial runs as fast as 3\.13's\)\.$/
    )
  })

  it('measures on the others an interpreter whose module fails to load', async () => {
    const w = await only(
      '[python3.13, python3.13t]',
      script([gilBound, freeScales(1.1, 1.95)], {
        check: (_workload, interpreter) => ({
          configError: null,
          fault:
            interpreter === 0
              ? {
                  kind: 'exception',
                  message:
                    "importing the module failed: ModuleNotFoundError: No module named 'legacy'"
                }
              : null
        })
      }),
      [GIL_BUILD, FREE]
    )
    expect(w).toMatchObject({
      recommendation: 'threads',
      recommendedPython: 'python3.13t',
      error: null,
      mismatch: false
    })
    expect(w.interpreters![0]).toMatchObject({ recommendation: null, class: 'failed' })
    expect(w.interpreters![0]!.reason).toMatch(/^The module failed to load on 3\.13: importing/)
    expect(w.reason).toMatch(/on 3\.13 the module failed to load\.$/)
    // Its serial keeps the fault; the reference is the free-threaded serial.
    expect(
      w.measurements.find((m) => m.python === 'python3.13' && m.strategy === 'serial')!.error
    ).not.toBeNull()
    expect(
      w.measurements.find((m) => m.python === 'python3.13t' && m.strategy === 'serial')!.speedup
    ).toBe(1)
  })
})

describe('advise on a free-threaded interpreter alone', () => {
  const forcedGil: Build = { serial: 1, speedup: (s) => (s === 'threads' ? 1.02 : 1) }

  it('runs the threads contenders again with the GIL forced on, as evidence only', async () => {
    const w = await only('python3.13t', script([freeScales(1, 1.95)], { forced: forcedGil }), [
      FREE
    ])
    expect(w).toMatchObject({
      recommendation: 'threads',
      recommendedPython: 'python3.13t',
      class: 'parallel-without-gil'
    })
    const twins = w.measurements.filter((m) => m.gilForced)
    expect(twins.map((m) => `${m.strategy}@${m.workers}`)).toEqual(['threads@2', 'threads@4'])
    expect(w.reason).toMatch(
      / Threads 1\.95x without the GIL, 1\.02x with it forced on \(PYTHON_GIL=1\), at 2 workers\.$/
    )
    // A gap this wide settles after two clean rounds, before the race stops anyone; the twins ran
    // every round their twins ran (the twin's retirement: test/verdict/stopping.test.ts).
    expect(w.rounds).toBe(2)
    for (const twin of twins) {
      const own = w.measurements.find(
        (m) => !m.gilForced && m.strategy === twin.strategy && m.workers === twin.workers
      )!
      expect(twin.rounds).toBe(own.rounds)
    }
  })

  it('leaves the twins out when the config says gil-comparison: false', async () => {
    const w = await only(
      'python3.13t',
      script([freeScales(1, 1.95)], { forced: forcedGil }),
      [FREE],
      'gil-comparison: false\n'
    )
    expect(w.measurements.some((m) => m.gilForced)).toBe(false)
    expect(w.reason).not.toMatch(/forced on/)
  })

  it('names the module that turned the GIL back on, and runs no twin', async () => {
    const legacy = { gilEnabled: true, gilEnabledBy: ['legacy'] }
    const w = await only('python3.13t', script([gilBound], { gil: () => legacy }), [FREE])
    expect(w).toMatchObject({ recommendation: 'processes', class: 'gil-enabled-by-module' })
    expect(w.reason).toMatch(/^The GIL was enabled by importing `legacy`, so threads take turns/)
    expect(w.reason).toMatch(/a release of `legacy` that declares free-threading support/)
    expect(w.interpreters).toMatchObject([
      { python: 'python3.13t', freeThreaded: true, gilEnabled: true, gilEnabledBy: ['legacy'] }
    ])
    expect(w.measurements.some((m) => m.gilForced)).toBe(false)
  })

  it('counts a module imported inside a call, seen only in a round', async () => {
    const w = await only(
      'python3.13t',
      script([gilBound], {
        gil: (_where, phase) =>
          phase === 'round'
            ? { gilEnabled: true, gilEnabledBy: ['lazy_ext'] }
            : { gilEnabled: false, gilEnabledBy: [] }
      }),
      [FREE],
      'gil-comparison: false\n'
    )
    expect(w.class).toBe('gil-enabled-by-module')
    expect(w.interpreters![0]!.gilEnabledBy).toEqual(['lazy_ext'])
  })
})

describe('gates with several interpreters', () => {
  it('checks uses against the first interpreter and fails a regression on any, naming it', async () => {
    // Head: 3.13t's threads lost their scaling (someone added a lock); 3.13 unchanged.
    const head = script([gilBound, freeScales(1.1, 1)])
    const base = script([gilBound, freeScales(1.1, 1.95)])
    const results = await advise(
      config('[python3.13, python3.13t]'),
      options((path) => (path.includes('/base/') ? base : head), [GIL_BUILD, FREE], {
        baseline: { kind: 'checkout', source: 'base', dir: `${dir.path}/base`, sha: null },
        failOn: 'any'
      })
    )
    const w = results.workloads[0]!
    expect(w.interpreters![0]!.comparison!.regression).toBe(false)
    expect(w.interpreters![1]!.comparison!.regression).toBe(true)
    expect(results.gate!.failures).toEqual([
      expect.stringMatching(
        /^uses mismatch: w: declares uses: threads, but processes ×2 measured best on 3\.13 \(the first interpreter\)\. CPU-bound and holds the GIL/
      ),
      expect.stringMatching(/^regression: w on 3\.13t: .*threads ×2 speedup 1\.95x → 1\.00x/)
    ])
  })
})

describe('advise on Node', () => {
  it('says nothing of interpreters', async () => {
    dir.write('work.mjs', 'export function f() {}\n')
    const results = await advise(
      parseConfig('workloads:\n  - {name: n, module: work.mjs, function: f}\n', 'ca.yml', {
        cwd: dir.path,
        python: null
      }),
      {
        budgetSeconds: null,
        context: null,
        machine,
        createRuntime: (id) => createFakeRuntime(script([gilBound]), { id })
      }
    )
    const w = results.workloads[0]!
    expect(w).toMatchObject({ recommendedPython: null, interpreters: null })
    expect(w.measurements.every((m) => m.python === null && !m.gilForced)).toBe(true)
    expect(results.environment.interpreters).toEqual([])
  })
})
