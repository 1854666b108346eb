// The merge gates through the real CLI, on the scripted runtime (--debug-scripted-runtime): each
// workload's timings are chosen in scripted-runtime.json, so the verdicts, exit codes and gate lines
// are the same on every machine and nothing here depends on a measurement. The real interpreters
// are tested in test/runtimes/ and test/e2e/.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { runCli, SCRIPTED, scriptedGilLoop, scriptedWaits } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const head = tempDir('ca-head-')
const base = tempDir('ca-base-')
for (const dir of [head, base]) {
  dir.write('loop.py', 'def spin(n):\n    pass\n')
  dir.write('wait.py', 'def wait():\n    pass\n')
}
head.write(
  'scripted-runtime.json',
  JSON.stringify({
    loop: scriptedGilLoop(0.004),
    // Each call waits twice as long as in the base checkout.
    wait: scriptedWaits(0.02)
  })
)
base.write('scripted-runtime.json', JSON.stringify({ wait: scriptedWaits(0.01) }))
head.write(
  'mismatch.yml',
  'workloads:\n  - {name: loop, module: loop.py, function: spin, args: [200000], uses: threads}\n'
)
for (const dir of [head, base]) {
  dir.write(
    'fits.yml',
    'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: threads}\n'
  )
}
head.write(
  'serial.yml',
  'workloads:\n  - {name: wait, module: wait.py, function: wait, uses: serial}\n'
)

const read = (path: string): Results => JSON.parse(readFileSync(path, 'utf8')) as Results

describe('--fail-on mismatch', () => {
  it('exits 1 for waits declared serial, which threads beat by far, after writing the results', async () => {
    const run = await runCli(
      ['--config', 'serial.yml', '--fail-on', 'mismatch', '--json', 's.json', '--quiet', SCRIPTED],
      head.path
    )
    expect(run.stderr).toBe('')
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

  it('flags a GIL-bound loop declared as threads and fails the gate', async () => {
    const run = await runCli(
      [
        '--config',
        'mismatch.yml',
        '--fail-on',
        'mismatch',
        '--json',
        'm.json',
        '--quiet',
        SCRIPTED
      ],
      head.path
    )
    const [loop] = read(join(head.path, 'm.json')).workloads
    expect(loop).toMatchObject({
      mismatch: true,
      uses: 'threads',
      recommendation: 'processes',
      workers: 2,
      uncertain: false
    })
    expect(run.code).toBe(1)
  })

  it('exits 0 when every declared model fits', async () => {
    const run = await runCli(
      ['--config', 'fits.yml', '--fail-on', 'mismatch', '--quiet', SCRIPTED],
      head.path
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Gate \(--fail-on mismatch\): passed/)
  })
})

describe('--fail-on regression', () => {
  it('raises no alarm against a baseline of the same code, and exits 1 when each call waits twice as long', async () => {
    expect(
      (
        await runCli(
          ['--config', 'fits.yml', '--json', 'base.json', '--quiet', SCRIPTED],
          base.path
        )
      ).code
    ).toBe(0)
    const same = await runCli(
      [
        '--config',
        'fits.yml',
        '--baseline',
        join(base.path, 'base.json'),
        '--fail-on',
        'regression',
        '--quiet',
        SCRIPTED
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
        '--quiet',
        SCRIPTED
      ],
      head.path
    )
    expect(slower.code).toBe(1)
    expect(slower.stdout).toMatch(
      /✗ regression: wait: threads ×\d+ throughput .* calls\/s \(0\.\d\dx .*\): slower beyond \d+%/
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
        '--quiet',
        SCRIPTED
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

  it('reports a regression against a busy baseline run as unconfirmed, and fails on it with --strict-baseline', async () => {
    expect(
      (await runCli(['--config', 'fits.yml', '--json', 'b.json', '--quiet', SCRIPTED], base.path))
        .code
    ).toBe(0)
    // The base's runner was busy throughout: its results say so.
    const measured = read(join(base.path, 'b.json'))
    base.write(
      'busy.json',
      JSON.stringify({
        ...measured,
        workloads: measured.workloads.map((w) => ({
          ...w,
          uncertain: true,
          contention: { monitored: true, turns: 30, setAside: 24, lostSeconds: 3.1, busy: true }
        }))
      })
    )
    const args = [
      '--config',
      'fits.yml',
      '--baseline',
      join(base.path, 'busy.json'),
      '--fail-on',
      'regression',
      '--quiet',
      SCRIPTED
    ]
    const lenient = await runCli([...args, '--json', 'u.json'], head.path)
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toMatch(
      /Gate \(--fail-on regression\): passed\n {2}note: unconfirmed regression \(the baseline's run of it was busy; --strict-baseline fails on it\): wait: threads ×\d+ throughput/
    )
    expect(read(join(head.path, 'u.json')).workloads[0]!.comparison).toMatchObject({
      regression: true,
      baseBusy: true
    })
    const strict = await runCli([...args, '--strict-baseline'], head.path)
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(/✗ regression: wait: threads ×\d+ throughput/)
    const alone = await runCli(['--config', 'fits.yml', '--strict-baseline'], head.path)
    expect(alone.code).toBe(2)
    expect(alone.stderr).toBe(
      'concurrency-advisor: --strict-baseline: needs --baseline FILE, the results file it is strict about\n'
    )
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

describe('--debug-scripted-runtime', () => {
  it('is hidden from the help and says which script is wrong, in one line', async () => {
    expect((await runCli(['--help'], head.path)).stdout).not.toContain('scripted')
    const broken = tempDir('ca-broken-')
    broken.write('wait.py', 'def wait():\n    pass\n')
    broken.write('fits.yml', 'workloads:\n  - {name: wait, module: wait.py, function: wait}\n')
    broken.write('scripted-runtime.json', JSON.stringify({ wait: { callSeconds: -1 } }))
    const run = await runCli(['--config', 'fits.yml', '--quiet', SCRIPTED], broken.path)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `concurrency-advisor: --debug-scripted-runtime: ${join(broken.path, 'scripted-runtime.json')}: wait.callSeconds: needs a positive number of seconds\n`
    )
  })
})
