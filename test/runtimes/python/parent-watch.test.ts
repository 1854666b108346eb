// The engine can die without closing its sessions (killed with -9, an OOM killer, a cancelled CI
// job): the Python harness must then kill its own process group, pool workers and the processes the
// user's code started included, even while the user's code holds the GIL inside C.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  killMarkedProcesses,
  MARKER_NAME,
  markedProcesses,
  newMarker,
  waitForNoMarkedProcesses
} from '../../helpers/processes.ts'
import { FAULTS } from '../../helpers/python-faults.ts'
import { tempDir } from '../../helpers/temp.ts'

const HARNESS = fileURLToPath(new URL('../../../src/runtimes/python/harness.py', import.meta.url))

const dir = tempDir()
// Stands in for the engine: starts the harness in a session of its own, starts a round that never
// ends, prints the harness's pid once the round is under way, then waits to be killed.
const ENGINE = dir.write(
  'engine.mjs',
  `
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
const [harness, modulePath, fn, strategy] = process.argv.slice(2)
const child = spawn('python3', [harness], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] })
createInterface({ input: child.stdout }).on('line', (line) => {
  const type = JSON.parse(line).type
  if (type === 'loaded') child.stdin.write(JSON.stringify({ type: 'start' }) + '\\n')
  if (type !== 'ready') return
  child.stdin.write(JSON.stringify({ type: 'round', tasks: 4, measureBytes: false }) + '\\n')
  setTimeout(() => console.log(child.pid), 500)
})
child.stdin.write(JSON.stringify({ type: 'init', modulePath, function: fn, args: [], strategy,
  workers: 2, startMethod: 'default', memoryLimitBytes: null }) + '\\n')
`
)

const markers: string[] = []
afterAll(() => markers.forEach(killMarkedProcesses))

describe('python parent watch', () => {
  // Linux only: the checks read /proc; elsewhere they show as skipped, not as passed.
  it.runIf(process.platform === 'linux').each([
    ['hold_gil', 'serial'],
    ['hold_gil', 'threads'],
    ['hold_gil', 'processes'],
    ['spawn_sleeper', 'serial'],
    ['spawn_sleeper', 'processes']
  ] as const)('kills everything of %s in %s when the engine dies', async (fn, strategy) => {
    const marker = newMarker()
    markers.push(marker)
    const engine = spawn(process.execPath, [ENGINE, HARNESS, FAULTS, fn, strategy], {
      env: { ...process.env, [MARKER_NAME]: marker },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const [line] = (await once(createInterface({ input: engine.stdout }), 'line')) as [string]
    const harness = Number(line)
    const alive = markedProcesses(marker)
    expect(alive.map((p) => p.pid)).toContain(harness)
    // At least the engine, the harness, and the pool workers.
    expect(alive.length).toBeGreaterThanOrEqual(strategy === 'processes' ? 4 : 2)
    engine.kill('SIGKILL')
    expect(await waitForNoMarkedProcesses(marker, 10_000)).toEqual([])
  })
})
