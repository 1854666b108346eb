// The harness on every supported Python this machine has (3.9 to 3.13, and the free-threaded 3.13t):
// the probe, the pre-flight check, a coroutine function, and a process pool with each start method,
// whose spawn and forkserver workers import the harness's package by name. The workload's module is
// named like a module of the harness (session.py) and must not clash with it. A version this machine
// lacks is reported as a skipped test, by name.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { StartMethod, WorkloadSpec } from '../../../src/types.ts'
import { faultSpec } from '../../helpers/python-faults.ts'
import { supportedPythons } from '../../helpers/pythons.ts'

const SESSION = fileURLToPath(new URL('../../fixtures/python/session.py', import.meta.url))

function spec(fn: string, startMethod: StartMethod = 'default'): WorkloadSpec {
  return faultSpec(fn, { module: 'session.py', modulePath: SESSION, args: [21], startMethod })
}

describe.each(supportedPythons())('the harness on $name', ({ name, version, command }) => {
  const runtime = createPythonRuntime({
    python: command === null ? null : [command],
    cwd: process.cwd(),
    source: 'test'
  })

  it.skipIf(command === null)('probes the interpreter and checks the workload', async () => {
    expect((await runtime.probe())[0]!.version.startsWith(version)).toBe(true)
    // A build with the GIL has it on after any import; 3.13t keeps it off for a module that needs none.
    expect(await runtime.check([spec('double')])).toEqual([
      {
        workload: 'double',
        configError: null,
        fault: null,
        gilEnabled: !name.endsWith('t'),
        gilEnabledBy: []
      }
    ])
  })

  it.skipIf(command === null)('awaits a coroutine function in serial', async () => {
    const opened = await openSession(runtime, {
      workload: spec('double_later'),
      strategy: 'serial',
      workers: 1
    })
    if (!opened.ok) throw new Error(JSON.stringify(opened.fault))
    const round = await opened.session.runRound(3, true)
    await opened.session.close()
    expect(round).toMatchObject({ ok: true, sample: { awaited: true } })
  })

  it.skipIf(command === null).each(['fork', 'spawn', 'forkserver'] as const)(
    'runs a process pool started with %s',
    async (startMethod) => {
      const opened = await openSession(runtime, {
        workload: spec('double', startMethod),
        strategy: 'processes',
        workers: 2
      })
      if (!opened.ok) throw new Error(JSON.stringify(opened.fault))
      expect(opened.session.startMethod).toBe(startMethod)
      const round = await opened.session.runRound(4, true)
      await opened.session.close()
      // The pickled result of double(21) came back from a worker.
      expect(round).toMatchObject({ ok: true, sample: { bytesFromWorkersPerCall: 5 } })
    }
  )
})
