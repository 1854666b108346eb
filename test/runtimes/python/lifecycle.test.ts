// How Python harness processes end: a broken pool names the worker that died, a module's own
// non-daemon thread keeps nothing alive, and aborting a session's signal kills its tree at once.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import {
  killMarkedProcesses,
  MARKER_NAME,
  markedProcesses,
  newMarker,
  waitForNoMarkedProcesses
} from '../../helpers/processes.ts'
import { faultSpec } from '../../helpers/python-faults.ts'

const IMPORT_THREAD = fileURLToPath(
  new URL('../../fixtures/python/import_thread.py', import.meta.url)
)
const runtime = createPythonRuntime({ python: null, cwd: process.cwd(), source: 'test' })

const spec = faultSpec

async function processesFault(fn: string, workers: number) {
  const opened = await openSession(runtime, { workload: spec(fn), strategy: 'processes', workers })
  if (!opened.ok) return opened.fault
  const round = await opened.session.runRound(workers * 2, false)
  await opened.session.close()
  return round.ok ? null : round.fault
}

describe('python harness lifecycle', () => {
  // The executor reaps its workers in a thread of its own, then SIGTERMs the survivors: both used to
  // hide the worker that died, about half of the time.
  it('names how the worker of a broken pool died, every time', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await processesFault('segfault', 1)).toMatchObject({
        kind: 'signal',
        signal: 'SIGSEGV',
        message: 'a worker process was killed by SIGSEGV'
      })
      expect(await processesFault('exits', 4)).toMatchObject({
        kind: 'exit',
        exitCode: 3,
        message: 'a worker process exited with code 3'
      })
    }
  })

  it('checks and measures a module whose import starts a non-daemon thread', async () => {
    const workload = spec('f', { modulePath: IMPORT_THREAD, args: [1], timeoutSeconds: 20 })
    const started = performance.now()
    const [check] = await runtime.check([workload])
    expect(check).toMatchObject({ workload: 'f', configError: null, fault: null })
    const opened = await openSession(runtime, { workload, strategy: 'threads', workers: 2 })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect((await opened.session.runRound(4, false)).ok).toBe(true)
    await opened.session.close()
    // Far below the 20 s timeout that a check waiting for the thread would run into.
    expect((performance.now() - started) / 1000).toBeLessThan(15)
  })

  it('kills a session at once, mid-round and pool included, when its signal aborts', async () => {
    const controller = new AbortController()
    const opened = await openSession(runtime, {
      workload: spec('hang', { timeoutSeconds: 120 }),
      strategy: 'processes',
      workers: 2,
      signal: controller.signal
    })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    const round = opened.session.runRound(4, false)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const started = performance.now()
    controller.abort()
    expect(await round).toMatchObject({
      ok: false,
      fault: { kind: 'signal', message: expect.stringMatching(/^stopped: /) as unknown }
    })
    // Far below the 120 s step timeout.
    expect((performance.now() - started) / 1000).toBeLessThan(30)
    await opened.session.close()
  })

  it('starts nothing for a signal that has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const opened = await openSession(runtime, {
      workload: spec('ok', { args: [1] }),
      strategy: 'serial',
      workers: 1,
      signal: controller.signal
    })
    expect(opened).toMatchObject({ ok: false, fault: { message: /^stopped: / } })
  })

  it.each([
    ['closes normally', 'ok', [1]],
    ['times out', 'hang', []]
  ] as const)(
    'leaves no process behind, its watcher included, when a session %s',
    async (_, fn, args) => {
      // Processes started from here on inherit the marker; this process's own /proc environ does not
      // change, so only they are found.
      const marker = newMarker()
      process.env[MARKER_NAME] = marker
      try {
        const opened = await openSession(runtime, {
          workload: spec(fn, { args: [...args], timeoutSeconds: 3 }),
          strategy: 'processes',
          workers: 2
        })
        expect(opened.ok).toBe(true)
        if (!opened.ok) return
        expect(markedProcesses(marker).length).toBeGreaterThanOrEqual(3)
        await opened.session.runRound(4, false)
        await opened.session.close()
        expect(await waitForNoMarkedProcesses(marker, 5000)).toEqual([])
      } finally {
        delete process.env[MARKER_NAME]
        killMarkedProcesses(marker)
      }
    }
  )
})
