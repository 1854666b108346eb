// The plain sweep scripts of `npm run bench -- --sweep` (scripts/sweep/), run for real on tiny
// workloads: each prints every configuration's rounds, and a configuration that fails is reported
// while the others run. Nothing here is timed.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { ROOT } from '../helpers/dist.ts'

const run = promisify(execFile)

interface Output {
  readonly tasks: number
  readonly configurations: readonly {
    strategy: string
    workers: number
    walls: number[]
    error: string | null
  }[]
}

async function sweep(runtime: 'python' | 'node', ...args: string[]): Promise<Output> {
  const [command, script] =
    runtime === 'python'
      ? ['python3', 'scripts/sweep/blind_sweep.py']
      : [process.execPath, 'scripts/sweep/blind-sweep.mjs']
  const { stdout } = await run(command, [path.join(ROOT, script), ...args, '--rounds', '2'], {
    cwd: ROOT,
    timeout: 60_000
  })
  return JSON.parse(stdout) as Output
}

const FIVE = ['serial 1', 'threads 2', 'threads 4', 'processes 2', 'processes 4']
const names = (o: Output): string[] => o.configurations.map((c) => `${c.strategy} ${c.workers}`)

it.each([
  ['python', 'fixtures/python/tiny.py', 'add_one', '[41]'],
  ['python', 'fixtures/python/await_sleep.py', 'fetch_like', '[0.001]'],
  ['node', 'fixtures/node/trivial.mjs', 'increment', '[41]'],
  ['node', 'fixtures/node/await-timer.mjs', 'fetchLike', '[1]'],
  ['node', 'fixtures/node/default-export.mjs', 'longestCollatz', '[100]']
] as const)(
  '%s sweeps %s: five configurations, two rounds each',
  async (runtime, module, fn, args) => {
    const output = await sweep(runtime, module, fn, args, '3')
    expect(output.tasks).toBe(3)
    expect(names(output)).toEqual(FIVE)
    for (const c of output.configurations) {
      expect(c.error).toBeNull()
      expect(c.walls).toHaveLength(2)
    }
  },
  60_000
)

it('reports the configurations that fail and runs the others (Python: the function raises)', async () => {
  const output = await sweep('python', 'test/fixtures/python/faults.py', 'raises', '[]', '2')
  expect(names(output)).toEqual(FIVE)
  for (const c of output.configurations) expect(c.error).toMatch(/Error/)
}, 60_000)

it('reports the configurations that fail and runs the others (Node: chdir in a worker thread)', async () => {
  const output = await sweep(
    'node',
    'fixtures/node/worker-unsafe.mjs',
    'chdirThenCount',
    '[100]',
    '2'
  )
  const failed = output.configurations.filter((c) => c.error !== null).map((c) => c.strategy)
  expect(failed).toEqual(['threads', 'threads'])
  expect(output.configurations[0]!.walls).toHaveLength(2)
  expect(output.configurations.at(-1)!.walls).toHaveLength(2)
}, 60_000)
