// The harness on a real free-threaded CPython (3.13t here, 3.14t where CI has it): the probe knows the
// build and the GIL, and a C extension without Py_mod_gil, compiled with gcc for it at test time,
// turns the GIL back on at import, or inside a call in a pool's spawned workers. The harness names the
// module in every reply and keeps the import system's warning off the workload's stderr, while other
// warnings pass through, also under -W error. Without the interpreter or gcc the tests skip, except in
// CI, where they fail (test/helpers/pythons.ts).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import type { WorkloadSpec } from '../../../src/types.ts'
import { compileLegacyExtension, hasGcc } from '../../helpers/c-extension.ts'
import { FREE_THREADED_VARIABLE, freeThreaded, missingInterpreter } from '../../helpers/pythons.ts'
import { tempDir } from '../../helpers/temp.ts'

const HARNESS = fileURLToPath(new URL('../../../src/runtimes/python/harness.py', import.meta.url))
const WARNING = 'The global interpreter lock (GIL) has been enabled'

const free = freeThreaded()
const gcc = hasGcc()
const skip =
  (free === null && missingInterpreter('a free-threaded Python', FREE_THREADED_VARIABLE)) ||
  (!gcc && missingInterpreter('gcc', 'PATH'))
const python = free?.path ?? 'python3.13t'

const dir = tempDir('ca-ft-')
if (skip !== 'skip') {
  compileLegacyExtension(python, dir, 'legacy')
  compileLegacyExtension(python, dir, 'lazy_ext')
}
const MODULE = dir.write(
  'uses_legacy.py',
  `import warnings

import legacy

# A warning of the workload's own: it must still reach stderr.
warnings.warn("an ordinary warning of the workload", UserWarning)


def spin(n):
    return legacy.spin(n)


def plain(n):
    return sum(range(n))
`
)
dir.write('plain.py', 'def plain(n):\n    return sum(range(n))\n')
const LAZY = dir.write(
  'lazy_user.py',
  `def lazy(n):
    # Imported inside the call: in a process pool, only the workers import it.
    import lazy_ext

    return lazy_ext.spin(n)
`
)

function spec(fn: string, module = MODULE): WorkloadSpec {
  return {
    name: fn,
    runtime: 'python',
    module,
    modulePath: module,
    function: fn,
    args: [1000],
    tasks: 4,
    uses: null,
    timeoutSeconds: 60,
    budgetSeconds: 10,
    memoryBytes: null,
    startMethod: 'spawn',
    line: 1
  }
}

/** One harness session over `commands`, with its replies and its whole stderr. */
function session(
  commands: readonly object[],
  env: Readonly<Record<string, string>> = {}
): { replies: Record<string, unknown>[]; stderr: string } {
  const result = spawnSync(python, [HARNESS], {
    cwd: dir.path,
    input: commands.map((command) => `${JSON.stringify(command)}\n`).join(''),
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env }
  })
  return {
    replies: result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    stderr: result.stderr
  }
}

function init(fn: string, strategy: string, workers = 1, modulePath = MODULE): object {
  return {
    type: 'init',
    modulePath,
    function: fn,
    args: [1000],
    strategy,
    workers,
    startMethod: 'spawn',
    memoryLimitBytes: null
  }
}
const START = { type: 'start' }
const ROUND = { type: 'round', tasks: 4, measureBytes: false }

describe.skipIf(skip === 'skip')(`the harness on a free-threaded Python (${python})`, () => {
  const saved = process.env.PYTHON_GIL
  afterEach(() => {
    if (saved === undefined) delete process.env.PYTHON_GIL
    else process.env.PYTHON_GIL = saved
  })

  it('probes the build and the GIL, and says when PYTHON_GIL=1 forced it on', async () => {
    const runtime = createPythonRuntime({ python: [python], cwd: dir.path, source: 'test' })
    expect(await runtime.probe()).toMatchObject([
      { name: python, freeThreaded: true, gilEnabled: false, gilForcedBy: null }
    ])
    process.env.PYTHON_GIL = '1'
    expect(await runtime.probe()).toMatchObject([
      { freeThreaded: true, gilEnabled: true, gilForcedBy: 'PYTHON_GIL=1' }
    ])
  })

  it('names the module that turned the GIL on in the pre-flight check', async () => {
    const runtime = createPythonRuntime({ python: [python], cwd: dir.path, source: 'test' })
    expect(await runtime.check([spec('spin'), spec('plain', `${dir.path}/plain.py`)])).toEqual([
      {
        workload: 'spin',
        configError: null,
        fault: null,
        gilEnabled: true,
        gilEnabledBy: ['legacy']
      },
      { workload: 'plain', configError: null, fault: null, gilEnabled: false, gilEnabledBy: [] }
    ])
  })

  it('says so in ready and round, and keeps the warning off stderr but not the workload\u2019s own', () => {
    const { replies, stderr } = session([
      init('spin', 'threads', 2),
      START,
      ROUND,
      { type: 'exit' }
    ])
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', gilEnabled: true, gilEnabledBy: ['legacy'] },
      { type: 'round', gilEnabled: true, gilEnabledBy: ['legacy'] }
    ])
    expect(stderr).not.toContain(WARNING)
    expect(stderr).toContain('an ordinary warning of the workload')
  })

  it('hears of a module imported inside a call by spawned pool workers', () => {
    const { replies, stderr } = session([
      init('lazy', 'processes', 2, LAZY),
      START,
      ROUND,
      { type: 'exit' }
    ])
    // CPython warns once per process, for the module that turned the GIL on: here in the workers.
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', gilEnabled: false, gilEnabledBy: [] },
      { type: 'round', gilEnabled: true, gilEnabledBy: ['lazy_ext'] }
    ])
    expect(stderr).not.toContain(WARNING)
  })

  it('is not turned into an exception by -W error, nor hidden by the default action', () => {
    const { replies, stderr } = session([init('spin', 'serial'), START, ROUND, { type: 'exit' }], {
      PYTHONWARNINGS: 'error::RuntimeWarning'
    })
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', gilEnabledBy: ['legacy'] },
      { type: 'round', gilEnabledBy: ['legacy'] }
    ])
    expect(stderr).not.toContain(WARNING)
  })

  it('keeps the GIL off for a module that needs none', () => {
    const plain = `${dir.path}/plain.py`
    const { replies } = session([
      init('plain', 'threads', 2, plain),
      START,
      ROUND,
      { type: 'exit' }
    ])
    expect(replies).toMatchObject([
      { type: 'loaded' },
      { type: 'ready', gilEnabled: false, gilEnabledBy: [] },
      { type: 'round', gilEnabled: false, gilEnabledBy: [] }
    ])
  })
})
