// The CLI on a real free-threaded CPython, as a user runs it: alone, and side by side with the GIL
// build of the same version in one race. Only answers with a huge margin are asserted: on two shared
// cores free-threaded threads scale by anything from 0.86x to 1.6x from run to run, so no test here
// expects them to win. What must hold whatever the timings: the build and the GIL's state in the
// results and the reports, the module that turned the GIL on named in the reason and its warning kept
// off stderr, no GIL-based class where the GIL was off, the GIL-forced twins of a lone free-threaded
// interpreter, and threads on the GIL build that keep no more than one CPU busy on pure Python.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { runCli } from '../helpers/cli.ts'
import { compileLegacyExtension, hasGcc } from '../helpers/c-extension.ts'
import {
  FREE_THREADED_VARIABLE,
  GIL_BUILD_VARIABLE,
  freeThreaded,
  gilBuildOf,
  missingInterpreter
} from '../helpers/pythons.ts'
import { tempDir } from '../helpers/temp.ts'

const WARNING = 'The global interpreter lock (GIL) has been enabled'
const GIL_CLASSES = ['gil-bound', 'releases-gil', 'partly-releases-gil']

const free = freeThreaded()
const skipFree =
  free === null && missingInterpreter('a free-threaded Python', FREE_THREADED_VARIABLE)
const gil = free === null ? null : gilBuildOf(free.version)
const skipGil =
  skipFree || (gil === null && missingInterpreter('a Python with the GIL', GIL_BUILD_VARIABLE))
const skipGcc = skipFree || (!hasGcc() && missingInterpreter('gcc', 'PATH'))
const python = free?.path ?? 'python3.13t'

const dir = tempDir('ca-e2e-ft-')
dir.write(
  'work.py',
  `import time


def wait(seconds):
    time.sleep(seconds)


def count(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total
`
)
dir.write('with_legacy.py', 'import legacy\n\n\ndef spin(n):\n    return legacy.spin(n)\n')

async function advise(
  name: string,
  config: string
): Promise<{ results: Results; stdout: string; stderr: string }> {
  dir.write(`${name}.yml`, config)
  const run = await runCli(['--config', `${name}.yml`, '--json', `${name}.json`], dir.path)
  expect(run.stderr).not.toMatch(/internal error/)
  expect(run.code).toBe(0)
  const results = JSON.parse(readFileSync(join(dir.path, `${name}.json`), 'utf8')) as Results
  return { results, stdout: run.stdout, stderr: run.stderr }
}

describe.skipIf(skipGcc === 'skip')('a module that turns the GIL back on', () => {
  it('is named in the results and the reason, and its warning stays off stderr', async () => {
    compileLegacyExtension(python, dir, 'legacy')
    const { results, stdout, stderr } = await advise(
      'legacy',
      `python: ${python}\nworkloads:\n  - {name: legacy, module: with_legacy.py, function: spin, args: [300000], tasks: 8, budget: 2}\n`
    )
    expect(results.environment.interpreters).toMatchObject([
      { python, freeThreaded: true, gilEnabled: false }
    ])
    const w = results.workloads[0]!
    expect(w.interpreters).toMatchObject([
      { python, freeThreaded: true, gilEnabled: true, gilEnabledBy: ['legacy'] }
    ])
    expect(w.reason).toContain('enabled by importing `legacy`')
    expect(GIL_CLASSES).not.toContain(w.class)
    // The import turned the GIL on before the race: no GIL-forced twins.
    expect(w.measurements.some((m) => m.gilForced)).toBe(false)
    expect(stdout).toContain('free-threaded (GIL off)')
    expect(stdout).toContain('free-threaded, GIL enabled by importing `legacy`')
    expect(`${stdout}${stderr}${JSON.stringify(results)}`).not.toContain(WARNING)
  })
})

describe.skipIf(skipFree === 'skip')('a free-threaded interpreter alone', () => {
  it('runs the threads contenders again with the GIL forced on and gives no GIL-based class', async () => {
    const { results, stdout } = await advise(
      'alone',
      `python: ${python}\nworkloads:\n  - {name: sleep, module: work.py, function: wait, args: [0.02], tasks: 16, budget: 3}\n`
    )
    const w = results.workloads[0]!
    expect(w.recommendation).not.toBe('serial')
    expect(w.recommendedPython).toBe(python)
    expect(GIL_CLASSES).not.toContain(w.class)
    expect(w.interpreters).toMatchObject([
      { freeThreaded: true, gilEnabled: false, gilEnabledBy: [] }
    ])
    const twins = w.measurements.filter((m) => m.gilForced)
    expect(twins.length).toBeGreaterThan(0)
    expect(twins.every((m) => m.strategy === 'threads' && m.python === python)).toBe(true)
    expect(w.reason).toMatch(/without the GIL, .* with it forced on \(PYTHON_GIL=1\)/)
    expect(stdout.split('\n')[0]).toContain(`Python ${free!.version} free-threaded (GIL off)`)
  })
})

describe.skipIf(skipGil === 'skip')('the GIL build and the free-threaded build in one race', () => {
  it('measures both in the same rounds against the first one serial', async () => {
    const { results, stdout } = await advise(
      'both',
      `python: [${gil}, ${python}]\nworkloads:\n  - {name: loop, module: work.py, function: count, args: [100000], budget: 4}\n`
    )
    expect(results.environment.interpreters.map((i) => i.freeThreaded)).toEqual([false, true])
    const w = results.workloads[0]!
    expect([gil, python]).toContain(w.recommendedPython)
    expect(w.interpreters!.map((i) => [i.python, i.freeThreaded, i.gilEnabled])).toEqual([
      [gil, false, true],
      [python, true, false]
    ])
    // Pure Python under the GIL: its threads keep one CPU busy at a time, whatever the machine does
    // (1.00-1.01 CPUs in nine runs here; the free-threaded build's 1.87-1.97). Their speedup is no
    // such invariant: the host's speed moves between turns, and on this machine it ranged from 0.63x
    // to 1.35x in two-round runs.
    const gilThreads = w.measurements.filter(
      (m) => m.python === gil && m.strategy === 'threads' && m.cpuUse !== null
    )
    expect(gilThreads.length).toBeGreaterThan(0)
    for (const m of gilThreads) expect(m.cpuUse!).toBeLessThan(1.3)
    // On the free-threaded build no GIL-based class, whatever its threads did.
    expect(GIL_CLASSES).not.toContain(w.interpreters![1]!.class)
    expect(w.interpreters![0]!.serialRatio).toBe(1)
    expect(w.interpreters![1]!.serialRatio).not.toBeNull()
    expect(new Set(w.measurements.map((m) => m.python))).toEqual(new Set([gil, python]))
    expect(stdout).toMatch(/Python \d+\.\d+\.\d+ and \d+\.\d+\.\d+ free-threaded \(GIL off\)/)
  })
})
