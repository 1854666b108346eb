// The async strategy end to end through the real CLI, on the example fixtures whose answers have huge
// margins: an awaited 30 ms timer (async far ahead of threads at the CPU count) and a coroutine that
// calls time.sleep (async stays at 1x, threads scale). `uses: async` on the second fails the gate.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { REPO_ROOT } from '../runtimes/node/workloads.ts'
import { runCli } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir('ca-async-')
dir.write(
  'async.yml',
  [
    'workloads:',
    `  - {name: timer, module: ${join(REPO_ROOT, 'fixtures/node/await-timer.mjs')}, function: fetchLike, args: [30], budget: 20}`,
    `  - {name: blocked, module: ${join(REPO_ROOT, 'fixtures/python/blocks_loop.py')}, function: blocking_wait, args: [0.03], uses: async, budget: 20}`,
    ''
  ].join('\n')
)

describe('async through the CLI', () => {
  it('recommends async for awaited timers, names a blocked loop, and flags uses: async', async () => {
    const run = await runCli(
      ['--config', 'async.yml', '--fail-on', 'mismatch', '--json', 'a.json', '--quiet'],
      dir.path
    )
    const results = JSON.parse(readFileSync(join(dir.path, 'a.json'), 'utf8')) as Results
    const [timer, blocked] = results.workloads
    expect(timer).toMatchObject({ coroutine: true, recommendation: 'async' })
    expect(timer!.measurements.some((m) => m.strategy === 'async' && m.workers >= 8)).toBe(true)
    expect(blocked).toMatchObject({
      coroutine: true,
      recommendation: 'threads',
      class: 'blocks-event-loop',
      mismatch: true
    })
    expect(blocked!.reason).toMatch(/blocks its event loop/)
    // A settled mismatch fails the gate; an uncertain one (a very loaded machine) only notes it.
    expect(run.code).toBe(blocked!.uncertain ? 0 : 1)
    expect(run.stdout).toMatch(/^workload +verdict +async +threads/m)
  })
})
