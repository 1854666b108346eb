import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.ts'
import { UsageError } from '../../src/errors.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f(x):\n    return x\n')
dir.write('work.mjs', 'export function f(x) { return x }\n')
dir.write('notes.txt', 'not code\n')
const options = { cwd: dir.path, python: null }

const parse = (text: string) => parseConfig(text, 'ca.yml', options)

describe('parseConfig accepts', () => {
  it('a full workload with defaults filled in', () => {
    const config = parse(`python: python3.12
margin: 0.05
workloads:
  - name: hash-chunks
    module: work.py
    function: f
    args: [1048576, {mode: fast}, [1, 2]]
    tasks: 32
    uses: threads
    timeout: 120
    memory: 512MB
    start-method: spawn
  - name: js
    module: work.mjs
    function: f
`)
    expect(config.python).toEqual(['python3.12'])
    expect(config.margin).toBe(0.05)
    expect(config.workloads[0]).toMatchObject({
      name: 'hash-chunks',
      runtime: 'python',
      modulePath: `${dir.path}/work.py`,
      function: 'f',
      args: [1048576, { mode: 'fast' }, [1, 2]],
      tasks: 32,
      uses: 'threads',
      timeoutSeconds: 120,
      budgetSeconds: 60,
      memoryBytes: 512e6,
      startMethod: 'spawn',
      line: 4
    })
    expect(config.workloads[1]).toMatchObject({
      runtime: 'node',
      args: [],
      tasks: null,
      uses: null,
      line: 13
    })
  })

  it('accepts uses: async', () => {
    const config = parse('workloads:\n  - {name: a, module: work.py, function: f, uses: async}\n')
    expect(config.workloads[0]!.uses).toBe('async')
  })

  it('takes a list of interpreters, the first the reference, and gil-comparison', () => {
    const config = parse(
      'python: [python3.14, python3.14t]\ngil-comparison: false\nworkloads:\n  - {name: a, module: work.py, function: f}\n'
    )
    expect(config.python).toEqual(['python3.14', 'python3.14t'])
    expect(config.pythonSource).toBe('ca.yml:1: python')
    expect(config.gilComparison).toBe(false)
    expect(parse('workloads:\n  - {name: a, module: work.py, function: f}\n')).toMatchObject({
      python: null,
      gilComparison: true
    })
  })

  it('lets the flag override the python key', () => {
    const config = parseConfig(
      'python: py3\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
      'ca.yml',
      { cwd: dir.path, python: ['/opt/py'], pythonSource: '--python' }
    )
    expect(config.python).toEqual(['/opt/py'])
    expect(config.pythonSource).toBe('--python')
  })
})

const bad: [string, string, RegExp][] = [
  ['invalid YAML', 'workloads:\n  - name: a\n   module: x\n', /^ca\.yml:3: invalid YAML: /],
  [
    'not a mapping',
    '- a\n- b\n',
    /^ca\.yml:1: the config must be a mapping with a "workloads" list$/
  ],
  ['no workloads', 'python: python3\n', /^ca\.yml: workloads: missing/],
  ['empty workloads', 'workloads: []\n', /^ca\.yml:1: workloads: the list is empty/],
  [
    'workloads not a list',
    'workloads: {a: 1}\n',
    /^ca\.yml:1: workloads: must be a list of workloads, got a mapping$/
  ],
  [
    'a misspelt top-level key',
    'workload:\n  - {}\n',
    /^ca\.yml:1: workload: unknown key \(did you mean "workloads"\?\)/
  ],
  [
    'a misspelt workload key',
    'workloads:\n  - name: a\n    module: work.py\n    function: f\n    taks: 4\n',
    /^ca\.yml:5: workloads\[0\]\.taks: unknown key \(did you mean "tasks"\?\)/
  ],
  [
    'a missing name',
    'workloads:\n  - module: work.py\n    function: f\n',
    /^ca\.yml:2: workloads\[0\]\.name: missing/
  ],
  [
    'a bad name',
    'workloads:\n  - {name: "a b", module: work.py, function: f}\n',
    /^ca\.yml:2: workloads\[0\]\.name: "a b" may only contain letters/
  ],
  [
    'duplicate names',
    'workloads:\n  - {name: a, module: work.py, function: f}\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:3: workloads\[1\]\.name: duplicate name "a" \(first used on line 2\)$/
  ],
  [
    'a missing module key',
    'workloads:\n  - {name: a, function: f}\n',
    /^ca\.yml:2: workloads\[0\] \(a\)\.module: missing$/
  ],
  [
    'a missing module file',
    'workloads:\n  - {name: a, module: nope.py, function: f}\n',
    /^ca\.yml:2: workloads\[0\] \(a\)\.module: "nope\.py" does not exist/
  ],
  [
    'an unknown extension',
    'workloads:\n  - {name: a, module: notes.txt, function: f}\n',
    /^ca\.yml:2: workloads\[0\] \(a\)\.module: "notes\.txt" has an extension no runtime runs; use one of \.py, \.js/
  ],
  [
    'a missing function',
    'workloads:\n  - {name: a, module: work.py}\n',
    /workloads\[0\] \(a\)\.function: missing$/
  ],
  [
    'a function that is not a name',
    'workloads:\n  - {name: a, module: work.py, function: "f()"}\n',
    /\(a\)\.function: "f\(\)" is not a function name$/
  ],
  [
    'tasks of zero',
    'workloads:\n  - {name: a, module: work.py, function: f, tasks: 0}\n',
    /\(a\)\.tasks: must be a whole number from 1 to 1000000, got number 0$/
  ],
  [
    'tasks as text',
    'workloads:\n  - {name: a, module: work.py, function: f, tasks: many}\n',
    /\(a\)\.tasks: must be a whole number from 1 to 1000000, got string "many"$/
  ],
  [
    'a bad uses',
    'workloads:\n  - {name: a, module: work.py, function: f, uses: thread}\n',
    /\(a\)\.uses: must be one of serial, async, threads, processes, got string "thread" \(did you mean "threads"\?\)$/
  ],
  [
    'args that are not a list',
    'workloads:\n  - {name: a, module: work.py, function: f, args: 5}\n',
    /\(a\)\.args: must be a list of arguments passed positionally/
  ],
  [
    'args with a non-JSON value',
    'workloads:\n  - {name: a, module: work.py, function: f, args: [.inf]}\n',
    /\(a\)\.args\[0\]: must be a finite number/
  ],
  [
    'a negative timeout',
    'workloads:\n  - {name: a, module: work.py, function: f, timeout: -1}\n',
    /\(a\)\.timeout: must be a number of seconds above 0/
  ],
  [
    'a bad memory size',
    'workloads:\n  - {name: a, module: work.py, function: f, memory: lots}\n',
    /\(a\)\.memory: must be a size such as 512MB/
  ],
  [
    'a start method for Node',
    'workloads:\n  - {name: a, module: work.mjs, function: f, start-method: spawn}\n',
    /\(a\)\.start-method: applies to Python workloads only$/
  ],
  [
    'an unknown start method',
    'workloads:\n  - {name: a, module: work.py, function: f, start-method: clone}\n',
    /\(a\)\.start-method: must be one of default, fork, spawn, forkserver/
  ],
  [
    'an empty list of interpreters',
    'python: []\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:1: python: the list is empty; name at least one interpreter$/
  ],
  [
    'an interpreter listed twice',
    'python: [python3.14, python3.14]\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:1: python\[1\]: "python3\.14" is listed twice; name each interpreter once$/
  ],
  [
    'an interpreter that is not a string',
    'python: [python3.14, 3]\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:1: python\[1\]: must be a non-empty string, got number 3$/
  ],
  [
    'a gil-comparison that is not a boolean',
    'gil-comparison: sometimes\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:1: gil-comparison: must be true or false, got string "sometimes"$/
  ],
  [
    'a margin out of range',
    'margin: 5\nworkloads:\n  - {name: a, module: work.py, function: f}\n',
    /^ca\.yml:1: margin: must be a fraction from 0 to 1/
  ]
]

describe('parseConfig rejects', () => {
  it.each(bad)('%s', (_, text, message) => {
    let error: unknown
    try {
      parse(text)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })
})

describe('loadConfig', () => {
  it('names a missing file', async () => {
    await expect(loadConfig('missing.yml', options)).rejects.toThrow(
      /^missing\.yml: cannot read the config file: no such file$/
    )
  })
  it('reads a file relative to the working directory', async () => {
    dir.write('ok.yml', 'workloads:\n  - {name: a, module: work.py, function: f}\n')
    const config = await loadConfig('ok.yml', options)
    expect(config.file).toBe('ok.yml')
    expect(config.workloads).toHaveLength(1)
  })
})
