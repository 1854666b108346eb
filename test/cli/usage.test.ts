// Bad flags and configs through the real CLI: exit 2, one line naming the culprit, no stack trace.
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    return 1\n')
dir.write('good.yml', 'workloads:\n  - {name: a, module: work.py, function: f}\n')
dir.write('no-function.yml', 'workloads:\n  - {name: a, module: work.py, function: nope}\n')
dir.write('bad-uses.yml', 'workloads:\n  - {name: a, module: work.py, function: f, uses: fibers}\n')

const cases: [string, string[], RegExp][] = [
  [
    'an unknown flag',
    ['--config', 'good.yml', '--jsn', 'r.json'],
    /^concurrency-advisor: --jsn: unknown flag \(did you mean "--json"\?\); see --help$/
  ],
  ['a flag without its value', ['--config'], /^concurrency-advisor: --config: needs a value$/],
  [
    'a bad --fail-on',
    ['--config', 'good.yml', '--fail-on', 'sometimes'],
    /^concurrency-advisor: --fail-on: "sometimes" is not allowed; use one of never, mismatch, regression, any$/
  ],
  [
    'a bad --budget',
    ['--config', 'good.yml', '--budget', 'soon'],
    /^concurrency-advisor: --budget: "soon" is not a positive number of seconds$/
  ],
  [
    'a missing config file',
    ['--config', 'missing.yml'],
    /^concurrency-advisor: missing\.yml: cannot read the config file: no such file$/
  ],
  [
    'no config at all',
    [],
    /^concurrency-advisor: --config: no config file given, and none of concurrency-advisor\.yml, \.github\/concurrency-advisor\.yml exists/
  ],
  [
    'a bad value in the config',
    ['--config', 'bad-uses.yml'],
    /^concurrency-advisor: bad-uses\.yml:2: workloads\[0\] \(a\)\.uses: must be one of serial, async, threads, processes/
  ],
  [
    'a function the module lacks',
    ['--config', 'no-function.yml'],
    /^concurrency-advisor: no-function\.yml:2: workloads \(a\)\.function: work\.py has no function 'nope' \(it defines: f\)$/
  ],
  [
    'an unknown --only',
    ['--config', 'good.yml', '--only', 'b'],
    /^concurrency-advisor: --only: no workload named "b" in good\.yml; it has a$/
  ],
  ['a stray argument', ['good.yml'], /^concurrency-advisor: good\.yml: unexpected argument/]
]

describe('CLI usage errors', () => {
  it.each(cases)('%s exits 2 with one line', async (_, args, message) => {
    const run = await runCli(args, dir.path)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('prints help and the version', async () => {
    const help = await runCli(['--help'], dir.path)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: concurrency-advisor/)
    const version = await runCli(['--version'], dir.path)
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
