// The merge gates through the real CLI with real Python: workloads whose answers have huge margins
// (a pure-Python loop declared as threads; sleeps whose length doubles), so no timing threshold.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { runCli } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const head = tempDir('ca-head-')
const base = tempDir('ca-base-')
head.write(
  'loop.py',
  'def spin(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n'
)
head.write('wait.py', 'import time\n\ndef wait():\n    time.sleep(0.02)\n')
base.write('wait.py', 'import time\n\ndef wait():\n    time.sleep(0.01)\n')
head.write(
  'mismatch.yml',
  'workloads:\n  - {name: loop, module: loop.py, function: spin, args: [200000], uses: threads, budget: 30}\n'
)
head.write(
  'fits.yml',
  'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: threads, budget: 20}\n'
)
head.write(
  'serial.yml',
  'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: serial, budget: 20}\n'
)
base.write(
  'fits.yml',
  'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: threads, budget: 20}\n'
)

const read = (path: string): Results => JSON.parse(readFileSync(path, 'utf8')) as Results

describe('--fail-on mismatch', () => {
  it('exits 1 for waits declared serial, which threads beat by far, after writing the results', async () => {
    const run = await runCli(
      ['--config', 'serial.yml', '--fail-on', 'mismatch', '--json', 's.json', '--quiet'],
      head.path
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /Gate \(--fail-on mismatch\): FAILED\n {2}✗ uses mismatch: wait: declares uses: serial, but threads ×\d+ measured best/
    )
    const results = read(join(head.path, 's.json'))
    expect(results.gate).toMatchObject({ failOn: 'mismatch', failed: true })
    expect(results.workloads[0]).toMatchObject({
      mismatch: true,
      uncertain: false,
      recommendation: 'threads'
    })
  })

  it('flags a CPU-bound loop declared as threads, and fails the gate exactly when the verdict is settled', async () => {
    // On a loaded machine processes may not beat serial clearly: the verdict is then uncertain and,
    // by design, does not fail the gate. Threads never win a GIL-bound loop either way.
    const run = await runCli(
      ['--config', 'mismatch.yml', '--fail-on', 'mismatch', '--json', 'm.json', '--quiet'],
      head.path
    )
    const [loop] = read(join(head.path, 'm.json')).workloads
    expect(loop).toMatchObject({ mismatch: true, uses: 'threads' })
    expect(loop!.recommendation).not.toBe('threads')
    expect(run.code).toBe(loop!.uncertain ? 0 : 1)
  })

  it('exits 0 when every declared model fits', async () => {
    const run = await runCli(
      ['--config', 'fits.yml', '--fail-on', 'mismatch', '--quiet'],
      head.path
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Gate \(--fail-on mismatch\): passed/)
  })
})

describe('--fail-on regression', () => {
  it('raises no alarm against a baseline of the same code, and exits 1 when each call waits twice as long', async () => {
    expect(
      (await runCli(['--config', 'fits.yml', '--json', 'base.json', '--quiet'], base.path)).code
    ).toBe(0)
    const same = await runCli(
      [
        '--config',
        'fits.yml',
        '--baseline',
        join(base.path, 'base.json'),
        '--fail-on',
        'regression',
        '--quiet'
      ],
      base.path
    )
    expect(same.code).toBe(0)
    expect(same.stdout).toMatch(/Gate \(--fail-on regression\): passed/)

    const slower = await runCli(
      [
        '--config',
        'fits.yml',
        '--baseline',
        join(base.path, 'base.json'),
        '--fail-on',
        'regression',
        '--json',
        'h.json',
        '--quiet'
      ],
      head.path
    )
    expect(slower.code).toBe(1)
    expect(slower.stdout).toMatch(
      /✗ regression: wait: threads ×\d+ throughput .* calls\/s \(0\.\d\dx .*\): slower beyond 25%/
    )
    expect(read(join(head.path, 'h.json')).workloads[0]!.comparison).toMatchObject({
      method: 'bootstrap',
      regression: true
    })
  })

  it('measures another checkout in the same run with --compare-dir', async () => {
    const run = await runCli(
      [
        '--config',
        'fits.yml',
        '--compare-dir',
        base.path,
        '--fail-on',
        'regression',
        '--json',
        'c.json',
        '--quiet'
      ],
      head.path
    )
    expect(run.code).toBe(1)
    const [wait] = read(join(head.path, 'c.json')).workloads
    expect(wait!.comparison).toMatchObject({
      method: 'paired',
      regression: true,
      throughput: { verdict: 'regression' }
    })
  })

  it('needs something to compare with, and a baseline file that exists', async () => {
    const none = await runCli(['--config', 'fits.yml', '--fail-on', 'regression'], head.path)
    expect(none.code).toBe(2)
    expect(none.stderr).toBe(
      'concurrency-advisor: --fail-on regression: needs --baseline FILE or --compare-dir DIR to compare with\n'
    )
    const missing = await runCli(['--config', 'fits.yml', '--baseline', 'missing.json'], head.path)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(
      'concurrency-advisor: --baseline: missing.json: cannot read the results file: no such file\n'
    )
  })
})
