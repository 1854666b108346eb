// The engine can die without closing its sessions (killed with -9, an OOM killer, a cancelled CI
// job): the harness must then kill its own process group, even while its main thread is stuck.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { processGroupMembers } from '../../../src/runtimes/process-tree.ts'
import { REPO_ROOT, moduleDir } from './workloads.ts'

const harness = `${REPO_ROOT}src/runtimes/node/harness/harness.ts`

const modules = moduleDir({
  'spin.mjs': 'export function spin() { for (;;) {} }\n',
  // Stands in for the engine: starts the harness in a group of its own, starts a hanging round,
  // prints the harness's pid once the round is under way, then waits to be killed.
  'engine.mjs': `
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
const [harness, modulePath, strategy] = process.argv.slice(2)
const child = spawn(process.execPath, [harness], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] })
createInterface({ input: child.stdout }).on('line', (line) => {
  const type = JSON.parse(line).type
  if (type === 'loaded') child.stdin.write(JSON.stringify({ type: 'start' }) + '\\n')
  if (type !== 'ready') return
  child.stdin.write(JSON.stringify({ type: 'round', tasks: 4, measureBytes: false }) + '\\n')
  setTimeout(() => console.log(child.pid), 300)
})
child.stdin.write(JSON.stringify({ type: 'init', modulePath, function: 'spin', args: [], strategy,
  workers: 2, startMethod: 'default', memoryLimitBytes: null }) + '\\n')
`
})
afterAll(() => modules.remove())

describe('parent watch', () => {
  // Linux only: the checks read /proc; elsewhere they show as skipped, not as passed.
  it.runIf(process.platform === 'linux').each(['serial', 'threads', 'processes'] as const)(
    'kills the harness group in %s when the engine dies',
    async (strategy) => {
      const engine = spawn(
        process.execPath,
        [modules.path('engine.mjs'), harness, modules.path('spin.mjs'), strategy],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      const [line] = (await once(createInterface({ input: engine.stdout }), 'line')) as [string]
      const group = Number(line)
      expect(processGroupMembers(group).length).toBeGreaterThan(strategy === 'processes' ? 2 : 0)
      engine.kill('SIGKILL')
      await vi.waitFor(() => expect(processGroupMembers(group)).toEqual([]), {
        timeout: 20_000,
        interval: 200
      })
    }
  )
})
