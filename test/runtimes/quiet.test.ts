// The wait for a quiet moment on real processes, with a margin no machine can close: while a busy
// loop burns a CPU the machine never reads as quiet, so the wait runs to its limit; it never runs
// much past it, busy or not.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { waitForQuiet } from '../../src/runtimes/quiet.ts'
import {
  killMarkedProcesses,
  MARKER_NAME,
  newMarker,
  waitForNoMarkedProcesses
} from '../helpers/processes.ts'

const linux = process.platform === 'linux' && existsSync('/proc/stat')

let marker = newMarker()
afterEach(async () => {
  killMarkedProcesses(marker)
  expect(await waitForNoMarkedProcesses(marker)).toEqual([])
  marker = newMarker()
})

/** A Node busy loop in a process group of its own, marked for the leftover check; resolves once it spins. */
async function burnOneCpu(): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-e', "console.log('ready'); const end = Date.now() + 20000; while (Date.now() < end);"],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, [MARKER_NAME]: marker }
    }
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('error', reject)
  })
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
