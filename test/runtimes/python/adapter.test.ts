// The Python runtime with real interpreters: strategies, start methods and every kind of fault.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createPythonRuntime } from '../../../src/runtimes/python/adapter.ts'
import { openSession } from '../../../src/runtimes/runtime.ts'
import type { StartMethod, Strategy, WorkloadSpec } from '../../../src/types.ts'
import { faultSpec } from '../../helpers/python-faults.ts'

const BROKEN = fileURLToPath(new URL('../../fixtures/python/broken_import.py', import.meta.url))
const runtime = createPythonRuntime({ python: null, cwd: process.cwd(), source: 'test' })

const spec = faultSpec

/** Opens a session and runs one round of 4 calls; returns the fault or the sample. */
async function oneRound(workload: WorkloadSpec, strategy: Strategy, workers = 2) {
  const opened = await openSession(runtime, { workload, strategy, workers })
  if (!opened.ok) return { fault: opened.fault, sample: null }
  const round = await opened.session.runRound(4, true)
  await opened.session.close()
  return round.ok ? { fault: null, sample: round.sample } : { fault: round.fault, sample: null }
}

describe('python runtime', () => {
  it('probes the interpreter', async () => {
    const [probe] = await runtime.probe()
    expect(probe!.version).toMatch(/^3\.\d+\.\d+$/)
    expect(['fork', 'spawn', 'forkserver']).toContain(probe!.defaultStartMethod)
  })

  it('names a python that does not exist', async () => {
    const missing = createPythonRuntime({
      python: ['python-that-does-not-exist'],
      cwd: process.cwd(),
      source: '--python'
    })
    await expect(missing.probe()).rejects.toThrow(
      /^--python: cannot run "python-that-does-not-exist": /
    )
  })

  it.each(['serial', 'threads', 'processes'] as const)(
    'runs %s and measures it, keeping user output off the protocol',
    async (strategy) => {
      const { fault, sample } = await oneRound(spec('ok', { args: [7] }), strategy)
      expect(fault).toBeNull()
      expect(sample!.wallSeconds).toBeGreaterThan(0)
      expect(sample!.cpuSeconds).not.toBeNull()
      expect(sample!.peakRssBytes).toBeGreaterThan(1e6)
      expect(sample!.bytesToWorkersPerCall).toBeGreaterThan(0)
      expect(sample!.bytesFromWorkersPerCall).toBeGreaterThan(0)
      // Read around the round from the harness's process tree, where Linux keeps the accounting.
      if (existsSync(`/proc/self/task/${process.pid}/schedstat`)) {
        expect(sample!.contention!.tasks).toBeGreaterThanOrEqual(strategy === 'processes' ? 3 : 1)
        expect(sample!.contention!.windowSeconds).toBeGreaterThanOrEqual(sample!.wallSeconds)
      } else {
        expect(sample!.contention).toBeNull()
      }
    }
  )

  it.each(['spawn', 'forkserver', 'fork'] as StartMethod[])(
    'runs processes with the %s start method',
    async (startMethod) => {
      const opened = await openSession(runtime, {
        workload: spec('ok', { args: [1], startMethod }),
        strategy: 'processes',
        workers: 2
      })
      expect(opened.ok).toBe(true)
      if (!opened.ok) return
      expect(opened.session.startMethod).toBe(startMethod)
      const round = await opened.session.runRound(4, false)
      await opened.session.close()
      expect(round.ok).toBe(true)
    }
  )

  it.each(['serial', 'threads', 'processes'] as const)(
    'reports an exception in %s with its type and message',
    async (strategy) => {
      const { fault } = await oneRound(spec('raises'), strategy)
      expect(fault).toMatchObject({
        kind: 'exception',
        type: 'ValueError',
        message: 'ValueError: boom'
      })
      expect(fault!.detail).toMatch(/raise ValueError\("boom"\)/)
    }
  )

  it('reports an interpreter that exits', async () => {
    expect((await oneRound(spec('exits'), 'serial')).fault).toMatchObject({
      kind: 'exit',
      exitCode: 3,
      message: 'exited with code 3'
    })
    expect((await oneRound(spec('exits'), 'processes')).fault).toMatchObject({
      kind: 'exit',
      exitCode: 3,
      message: 'a worker process exited with code 3'
    })
    expect((await oneRound(spec('sys_exit'), 'threads')).fault).toMatchObject({
      kind: 'exit',
      exitCode: 4,
      message: 'called sys.exit(4)'
    })
  })

  it('reports a segfault as the signal', async () => {
    expect((await oneRound(spec('segfault'), 'serial')).fault).toMatchObject({
      kind: 'signal',
      signal: 'SIGSEGV'
    })
    expect((await oneRound(spec('segfault'), 'processes')).fault).toMatchObject({
      kind: 'signal',
      signal: 'SIGSEGV',
      message: 'a worker process was killed by SIGSEGV'
    })
  })

  it.each(['hang', 'spin', 'deadlock'])(
    'stops a %s at the timeout and leaves no process behind',
    async (fn) => {
      const opened = await openSession(runtime, {
        workload: spec(fn, { timeoutSeconds: 2 }),
        strategy: 'processes',
        workers: 2
      })
      expect(opened.ok).toBe(true)
      if (!opened.ok) return
      const groups = harnessGroups()
      expect(groups.size).toBe(1)
      const round = await opened.session.runRound(4, false)
      expect(round).toMatchObject({
        ok: false,
        fault: { kind: 'timeout', message: 'timed out after 2 s' }
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(processTable().filter((row) => groups.has(row.pgid))).toEqual([])
    }
  )

  it('kills grandchildren with the process group', async () => {
    const before = new Set(processesMatching(/\ssleep 3600$/))
    const { fault } = await oneRound(spec('spawn_sleeper', { timeoutSeconds: 2 }), 'serial')
    expect(fault).toMatchObject({ kind: 'timeout' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(processesMatching(/\ssleep 3600$/).filter((pid) => !before.has(pid))).toEqual([])
  })

  it('reports exceeding the memory limit as such', async () => {
    const { fault } = await oneRound(
      spec('eat_memory', { args: [400], memoryBytes: 100e6 }),
      'serial'
    )
    expect(fault).toMatchObject({ kind: 'memory' })
    expect(fault!.message).toMatch(/^exceeded the memory limit of 100 MB/)
  })

  it('reports an API that only works on the main thread as a threads fault', async () => {
    expect((await oneRound(spec('main_thread_only'), 'serial')).fault).toBeNull()
    expect((await oneRound(spec('main_thread_only'), 'threads')).fault).toMatchObject({
      kind: 'exception',
      type: 'ValueError',
      message: expect.stringMatching(/main thread/) as unknown
    })
  })

  it('reports a result that cannot be pickled on processes only', async () => {
    expect((await oneRound(spec('unpicklable'), 'threads')).fault).toBeNull()
    expect((await oneRound(spec('unpicklable'), 'processes')).fault).toMatchObject({
      kind: 'exception'
    })
  })

  it('checks functions and imports before anything runs', async () => {
    const checks = await runtime.check([
      spec('ok'),
      spec('nope'),
      { ...spec('x'), modulePath: BROKEN }
    ])
    expect(checks[0]).toEqual({
      workload: 'ok',
      configError: null,
      fault: null,
      gilEnabled: true,
      gilEnabledBy: []
    })
    expect(checks[1]!.configError).toMatch(/^has no function 'nope' \(it defines: .*raises.*\)$/)
    expect(checks[2]!.fault).toMatchObject({
      kind: 'exception',
      type: 'ImportError',
      message:
        'importing the module failed: ImportError: this module needs a package that is not installed'
    })
  })
})

interface ProcessRow {
  readonly pid: number
  readonly pgid: number
  readonly ppid: number
  readonly args: string
}

/** Live processes (zombies excluded: they have exited, and a container's pid 1 may never reap them). */
function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , , stat]) => !stat!.startsWith('Z'))
    .map(([pid, pgid, ppid, , ...args]) => ({
      pid: Number(pid),
      pgid: Number(pgid),
      ppid: Number(ppid),
      args: args.join(' ')
    }))
}

/** Process groups of the harnesses this test process started (each harness leads its own group). */
function harnessGroups(): Set<number> {
  return new Set(
    processTable()
      .filter((row) => row.ppid === process.pid && row.args.includes('harness.py'))
      .map((row) => row.pgid)
  )
}

/** pids of processes whose command line matches, e.g. the harness or the grandchild `sleep 3600`. */
function processesMatching(pattern: RegExp): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  return out
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
}
