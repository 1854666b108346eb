// Issue 6's first check: broken configs and flags through the real CLI, from source and from
// dist/cli.js. Each exits 2 within 10 s with one line on stderr that names the culprit (file, line,
// field, workload or flag), nothing on stdout, no stack trace, and no process left behind.

import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureDist } from '../helpers/dist.ts'
import { waitForNoMarkedProcesses } from '../helpers/processes.ts'
import { tempDir } from '../helpers/temp.ts'
import { SOURCE_CLI, startCli } from '../helpers/tracked-cli.ts'

const dir = tempDir('ca-e2e-bad-input-')
dir.write('work.py', 'def f(x=1):\n    return x\n')
dir.write('work.mjs', 'export function f(x) { return x }\n')
dir.write('notes.txt', 'not code\n')
dir.write('good.yml', 'workloads:\n  - {name: a, module: work.py, function: f}\n')

/** A config file named `<name>.yml` with `text`, and the flags that point the CLI at it. */
function config(name: string, text: string): string[] {
  dir.write(`${name}.yml`, text)
  return ['--config', `${name}.yml`]
}
const one = (fields: string): string => `workloads:\n  - {name: a, ${fields}}\n`

/** pyenv's Python 3.8, where this machine has it: too old for the harness. */
const PYTHON_38 = join(
  process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'),
  'versions',
  '3.8.18',
  'bin',
  'python3.8'
)

const CASES: readonly (readonly [string, readonly string[], RegExp])[] = [
  [
    'a missing config file',
    ['--config', 'missing.yml'],
    /^missing\.yml: cannot read the config file: no such file$/
  ],
  [
    'invalid YAML',
    config('bad-yaml', 'workloads:\n  - name: a\n    module: work.py\n   function: f\n'),
    /^bad-yaml\.yml:4: invalid YAML: /
  ],
  [
    'no workloads',
    config('no-workloads', 'python: python3\n'),
    /^no-workloads\.yml: workloads: missing; list the workloads to measure/
  ],
  [
    'empty workloads',
    config('empty-workloads', 'workloads: []\n'),
    /^empty-workloads\.yml:1: workloads: the list is empty; add at least one workload$/
  ],
  [
    'duplicate names',
    config(
      'duplicate',
      'workloads:\n  - {name: a, module: work.py, function: f}\n  - {name: a, module: work.mjs, function: f}\n'
    ),
    /^duplicate\.yml:3: workloads\[1\]\.name: duplicate name "a" \(first used on line 2\)$/
  ],
  [
    'a missing module',
    config('missing-module', one('function: f')),
    /^missing-module\.yml:2: workloads\[0\] \(a\)\.module: missing$/
  ],
  [
    'an unknown module (no such file)',
    config('unknown-module', one('module: nope.py, function: f')),
    /^unknown-module\.yml:2: workloads\[0\] \(a\)\.module: "nope\.py" does not exist \(looked for .*nope\.py\)$/
  ],
  [
    'an unknown extension',
    config('unknown-extension', one('module: notes.txt, function: f')),
    /^unknown-extension\.yml:2: workloads\[0\] \(a\)\.module: "notes\.txt" has an extension no runtime runs; use one of \.py, \.js/
  ],
  [
    'an unknown function in a Python module',
    config('unknown-py-function', one('module: work.py, function: g')),
    /^unknown-py-function\.yml:2: workloads \(a\)\.function: work\.py has no function 'g' \(it defines: f\)$/
  ],
  [
    'an unknown function in a Node module',
    config('unknown-js-function', one('module: work.mjs, function: g')),
    /^unknown-js-function\.yml:2: workloads \(a\)\.function: work\.mjs has no function 'g' \(it exports: f\)$/
  ],
  [
    'bad tasks',
    config('bad-tasks', one('module: work.py, function: f, tasks: 0')),
    /^bad-tasks\.yml:2: workloads\[0\] \(a\)\.tasks: must be a whole number from 1 to 1000000, got number 0$/
  ],
  [
    'bad uses',
    config('bad-uses', one('module: work.py, function: f, uses: thread')),
    /^bad-uses\.yml:2: workloads\[0\] \(a\)\.uses: must be one of serial, async, threads, processes, got string "thread" \(did you mean "threads"\?\)$/
  ],
  [
    'bad args',
    config('bad-args', one('module: work.py, function: f, args: 5')),
    /^bad-args\.yml:2: workloads\[0\] \(a\)\.args: must be a list of arguments passed positionally, e\.g\. \[1048576\], got number 5$/
  ],
  [
    'args that are not JSON',
    config('nan-args', one('module: work.py, function: f, args: [.nan]')),
    /^nan-args\.yml:2: workloads\[0\] \(a\)\.args\[0\]: must be a finite number, got NaN$/
  ],
  [
    'a misspelt workload key',
    config(
      'misspelt',
      'workloads:\n  - name: a\n    module: work.py\n    function: f\n    taks: 4\n'
    ),
    /^misspelt\.yml:5: workloads\[0\]\.taks: unknown key \(did you mean "tasks"\?\); allowed: name, module, function/
  ],
  [
    'a misspelt top-level key',
    config('misspelt-top', 'timout: 3\nworkloads:\n  - {name: a, module: work.py, function: f}\n'),
    /^misspelt-top\.yml:1: timout: unknown key \(did you mean "timeout"\?\)/
  ],
  [
    'a bad memory size',
    config('bad-memory', one('module: work.py, function: f, memory: lots')),
    /^bad-memory\.yml:2: workloads\[0\] \(a\)\.memory: must be a size such as 512MB or 2GiB, at least 16 MiB, got string "lots"$/
  ],
  [
    'an unknown flag',
    ['--config', 'good.yml', '--jsn', 'r.json'],
    /^--jsn: unknown flag \(did you mean "--json"\?\); see --help$/
  ],
  [
    'a bad --fail-on',
    ['--config', 'good.yml', '--fail-on', 'sometimes'],
    /^--fail-on: "sometimes" is not allowed; use one of never, mismatch, regression, any$/
  ],
  [
    'a bad --budget',
    ['--config', 'good.yml', '--budget', '0'],
    /^--budget: "0" is not a positive number of seconds$/
  ],
  [
    'a --python that does not run',
    ['--config', 'good.yml', '--python', 'python-that-does-not-exist'],
    /^--python: cannot run "python-that-does-not-exist": /
  ],
  [
    'a --python list that names one twice',
    ['--config', 'good.yml', '--python', 'python3,python3'],
    /^--python: "python3,python3" is not an interpreter, or several separated by commas, each once/
  ],
  [
    'a python list in the config with one that does not run',
    config(
      'python-list',
      'python: [python3, python-that-does-not-exist]\nworkloads:\n  - {name: a, module: work.py, function: f}\n'
    ),
    /^python-list\.yml:1: python: cannot run "python-that-does-not-exist": /
  ],
  ...(existsSync(PYTHON_38)
    ? ([
        [
          'a Python older than 3.9',
          ['--config', 'good.yml', '--python', `python3,${PYTHON_38}`],
          /^--python: ".*python3\.8" is Python 3\.8\.\d+; Python workloads need 3\.9 or later$/
        ]
      ] as const)
    : []),
  [
    'a missing baseline file',
    ['--config', 'good.yml', '--baseline', 'missing.json'],
    /^--baseline: missing\.json: cannot read the results file: no such file$/
  ]
]

const entries: Record<'source' | 'dist', string> = { source: SOURCE_CLI, dist: '' }
beforeAll(async () => {
  entries.dist = await ensureDist('cli.js')
}, 300_000)

async function expectUsageError(entry: string, args: readonly string[], message: RegExp) {
  const cli = startCli(entry, args, dir.path)
  const run = await cli.done
  expect(run.stderr).not.toMatch(/\n\s+at |internal error/)
  expect(run.stdout).toBe('')
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]!.replace(/^concurrency-advisor: /, '')).toMatch(message)
  expect(run.code).toBe(2)
  expect(run.seconds).toBeLessThan(10)
  expect(await waitForNoMarkedProcesses(cli.marker, 5000)).toEqual([])
}

describe.each(['source', 'dist'] as const)('bad input through the %s CLI', (build) => {
  it.each(CASES)('%s exits 2 with one line naming it', async (_, args, message) => {
    await expectUsageError(entries[build], args, message)
  })
})

// YAML tags would turn arguments into values that are not what the config says: `!!binary` into
// {type: 'Buffer', data: [...]}, `!!timestamp` into an ISO string, an unknown tag `!foo 1` or
// `!!float 1` into the string "1". Only plain JSON-like values are allowed.
describe('YAML tags in args', () => {
  it.each([
    ['!!binary', 'args: [!!binary aGVsbG8=]'],
    ['!!timestamp', 'args: [!!timestamp 2024-01-01]'],
    ['an unknown tag', 'args: [!foo 1]'],
    ['!!float on an integer', 'args: [!!float 1]']
  ])('%s exits 2 with one line naming the line', async (name, fields) => {
    const file = `tag-${name.replace(/\W+/g, '-')}`
    await expectUsageError(
      SOURCE_CLI,
      config(file, one(`module: work.py, function: f, budget: 0.1, ${fields}`)),
      new RegExp(`^${file}\\.yml:2: .*tag`)
    )
  })
})
