// The wait for a quiet moment on real processes, with a margin no machine can close: while a busy
// loop burns a CPU the machine never reads as quiet, so the wait runs to its limit; it never runs
// much past it, busy or not. The wait for a harness's tree to go idle likewise: a busy loop is
// runnable all the time, on a CPU or waiting for one, however busy the machine. And the count of
// quiet seconds in a row that both the retakes' wait and the benchmarks' keep.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  QUIET_BUSY_CPUS,
  quietAfter,
  waitForIdleTree,
  waitForQuiet
} from '../../src/runtimes/quiet.ts'
import {
  killMarkedProcesses,
  newMarker,
  startMarked,
  waitForNoMarkedProcesses
} from '../helpers/processes.ts'

const linux = process.platform === 'linux' && existsSync('/proc/stat')

describe('quiet seconds in a row', () => {
  it('grow by each window under the busy limit', () => {
    expect(quietAfter(0.5, QUIET_BUSY_CPUS / 2, 0.25)).toBeCloseTo(0.75)
  })

  it('start again from nothing after a window at or over it', () => {
    expect(quietAfter(0.75, QUIET_BUSY_CPUS, 0.25)).toBe(0)
    expect(quietAfter(0.75, 1, 0.25)).toBe(0)
  })
})

let marker = newMarker()
afterEach(async () => {
  killMarkedProcesses(marker)
  expect(await waitForNoMarkedProcesses(marker)).toEqual([])
  marker = newMarker()
})

/** A Node busy loop in a process group of its own, marked for the leftover check; resolves once it spins. */
async function burnOneCpu(): Promise<void> {
  const code = "console.log('ready'); const end = Date.now() + 20000; while (Date.now() < end);"
  await startMarked(process.execPath, ['-e', code], marker)
}

describe.runIf(linux)('waitForQuiet', () => {
  it('waits to its limit while another process burns a CPU', async () => {
    await burnOneCpu()
    const waited = await waitForQuiet(0.6)
    expect(waited).toBeGreaterThanOrEqual(0.5)
    expect(waited).toBeLessThan(3)
  })

  it('never waits much past its limit, and not at all with none', async () => {
    expect(await waitForQuiet(0.3)).toBeLessThan(3)
    expect(await waitForQuiet(0)).toBeLessThan(0.05)
  })

  it('stops at once when its signal aborts', async () => {
    await burnOneCpu()
    const controller = new AbortController()
    controller.abort()
    expect(await waitForQuiet(5, controller.signal)).toBeLessThan(0.5)
  })
})

/**
 * A shell, in a process group of its own and marked for the leftover check, whose Node child burns a
 * CPU for `busySeconds` and then sleeps; resolves with the shell's pid once the child spins.
 */
function busyThenIdle(busySeconds: number): Promise<number> {
  const code = `console.log('ready'); const end = Date.now() + ${busySeconds * 1000}; while (Date.now() < end); setTimeout(() => {}, 20000)`
  // The `; :` keeps the shell from handing its process to node: node stays its child.
  return startMarked('sh', ['-c', '"$0" -e "$1"; :', process.execPath, code], marker)
}

/**
 * Starts a tree that burns a CPU for `busySeconds` (busyThenIdle), then waits on it for at most
 * `maxSeconds`: whether it went idle, and the seconds the wait took. The clock starts before the wait
 * does, or a wait that stops at its own limit reads a hair short of it (0.29993 s of a 0.3 s limit,
 * in one CI run).
 */
async function idleWait(busySeconds: number, maxSeconds: number): Promise<[boolean, number]> {
  const pid = await busyThenIdle(busySeconds)
  const started = performance.now()
  const idle = await waitForIdleTree(pid, maxSeconds)
  return [idle, (performance.now() - started) / 1000]
}

describe.runIf(linux)('waitForIdleTree', () => {
  it("waits while a child of the harness's tree runs, and returns once it sleeps", async () => {
    const [idle, waited] = await idleWait(1.5, 10)
    expect(idle).toBe(true)
    expect(waited).toBeGreaterThan(0.5)
    expect(waited).toBeLessThan(8)
  })

  it('gives up at its limit while the tree keeps running', async () => {
    const [idle, waited] = await idleWait(20, 0.3)
    expect(idle).toBe(false)
    expect(waited).toBeGreaterThanOrEqual(0.3)
    expect(waited).toBeLessThan(3)
  })

  it('returns at once for a tree that is gone', async () => {
    const child = spawn('true', [], { detached: true, stdio: 'ignore' })
    await new Promise((resolve) => child.once('exit', resolve))
    expect(await waitForIdleTree(child.pid!, 5)).toBe(true)
  })
})
