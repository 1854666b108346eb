// The inputs of `npm run bench -- --sweep` and `--noise` (scripts/bench-args.ts, labels.ts,
// tool-run.ts, bench-sweep.ts): the labels file against the config and fixtures/README.md, the
// command line, the loose results reader and the judging of verdicts. No process is started.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.ts'
import { parseRunArgs, selectWorkloads } from '../../scripts/bench-args.ts'
import { sweepFastest } from '../../scripts/bench-sweep.ts'
import { judge, readLabels, tallyText } from '../../scripts/labels.ts'
import { readVerdicts, verdictText } from '../../scripts/tool-run.ts'
import type { WorkloadVerdict } from '../../scripts/tool-run.ts'
import { ROOT } from '../helpers/dist.ts'
import { results, workload } from '../helpers/results-factory.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir('ca-bench-inputs-')

describe('fixtures/labels.yml', () => {
  const labels = readLabels(path.join(ROOT, 'fixtures/labels.yml'))

  it('labels every workload of the fixtures config, and nothing else', async () => {
    const config = await loadConfig('fixtures/concurrency-advisor.yml', { cwd: ROOT, python: null })
    expect([...labels.keys()].sort()).toEqual(config.workloads.map((w) => w.name).sort())
  })

  it("says what fixtures/README.md's expected verdict column says", () => {
    const readme = readFileSync(path.join(ROOT, 'fixtures/README.md'), 'utf8')
    const expected = new Map<string, string>()
    for (const line of readme.split('\n')) {
      const cells = line.split('|').map((c) => c.trim())
      const name = /^`([\w-]+)`$/.exec(cells[1] ?? '')?.[1]
      // The first table: workload, module, what it shows, expected verdict, class.
      if (name !== undefined && cells.length === 7 && labels.has(name))
        expected.set(name, cells[4]!)
    }
    expect(expected.size).toBe(labels.size)
    for (const [name, verdict] of expected) expect(labels.get(name), name).toEqual([verdict])
  })

  it('rejects a value that is not a strategy, naming the file and the workload', () => {
    const file = dir.write('bad-labels.yml', 'a: threads\nb: [serial, gpu]\n')
    expect(() => readLabels(file)).toThrow(`${file}: b: expected one or more of`)
    const notYaml = dir.write('not-yaml.yml', 'a: [threads\n')
    expect(() => readLabels(notYaml)).toThrow(
      new RegExp(`^${notYaml}: cannot read the labels: [^\n]+$`)
    )
    expect(readLabels(dir.write('two.yml', 'a: [threads, processes]\n')).get('a')).toEqual([
      'threads',
      'processes'
    ])
  })
})

describe('judging a verdict', () => {
  const verdict = (overrides: Partial<WorkloadVerdict>): WorkloadVerdict => ({
    name: 'w',
    runtime: 'python',
    tasks: 10,
    recommendation: 'threads',
    workers: 4,
    uncertain: false,
    rounds: 5,
    elapsedSeconds: 3,
    error: null,
    ...overrides
  })

  it.each([
    [{}, ['threads'], 'right'],
    [{}, ['processes', 'threads'], 'right'],
    [{}, ['processes'], 'wrong'],
    [{ uncertain: true }, ['threads'], 'uncertain'],
    [{ uncertain: true }, ['processes'], 'uncertain'],
    [{ recommendation: null }, ['threads'], 'failed'],
    [{}, undefined, 'unlabelled']
  ] as const)('%j against %j is %s', (overrides, acceptable, judgement) => {
    expect(judge(verdict(overrides), acceptable)).toBe(judgement)
  })

  it('counts a workload missing from the results as failed', () => {
    expect(judge(undefined, ['serial'])).toBe('failed')
  })

  it('tallies every judgement, those that did not occur as 0', () => {
    expect(
      tallyText(
        new Map([
          ['right', 9],
          ['wrong', 3]
        ] as const)
      )
    ).toBe('9 right, 0 uncertain, 3 wrong, 0 failed, 0 unlabelled')
  })
})

describe('the command line', () => {
  it('defaults to this checkout’s dist/ and the fixtures', () => {
    const args = parseRunArgs([], 'sweep')
    expect(args.cli).toBe(path.resolve('dist', 'cli.js'))
    expect(args.config).toBe('fixtures/concurrency-advisor.yml')
    expect(args.only).toBeNull()
    expect(args.python).toBeNull()
    expect(args.tasksFrom).toBeNull()
    expect(args.labels).toBeNull()
    expect(parseRunArgs(['--labels', 'l.yml'], 'sweep').labels).toBe('l.yml')
  })

  it('takes a build’s dist/, the config, and --only as a list or repeated', () => {
    const args = parseRunArgs(
      [
        '../main/dist',
        '--config',
        'suite.yml',
        '--only',
        'a,b',
        '--only=c',
        '--tasks-from',
        'r.json'
      ],
      'sweep'
    )
    expect(args.cli).toBe(path.resolve('../main/dist/cli.js'))
    expect(args.config).toBe('suite.yml')
    expect(args.only).toEqual(['a', 'b', 'c'])
    expect(args.tasksFrom).toBe('r.json')
    const noise = parseRunArgs(['--labels', 'l.yml', '--seed', '7'], 'noise')
    expect(noise.labels).toBe('l.yml')
    expect(noise.seed).toBe(7)
    expect(parseRunArgs([], 'noise').labels).toBe('fixtures/labels.yml')
  })

  it.each([
    [['a/dist', 'b/dist'], 'sweep', "one build's dist/ at most"],
    [['--seed', '3'], 'sweep', '--seed belongs to --noise, not --sweep'],
    [['--python=python3.13'], 'noise', '--python belongs to --sweep, not --noise'],
    [['--seed', 'x'], 'noise', '--seed: expected an integer'],
    [['--budget', '3'], 'sweep', "Unknown option '--budget'"]
  ] as const)('rejects %j for --%s', (argv, mode, message) => {
    expect(() => parseRunArgs(argv, mode)).toThrow(message)
  })

  it('selects the workloads --only names, in config order, and refuses a name the config lacks', () => {
    const workloads = [{ name: 'a' }, { name: 'b' }, { name: 'c' }]
    expect(selectWorkloads(workloads, ['c', 'a'], 'x.yml')).toEqual([{ name: 'a' }, { name: 'c' }])
    expect(selectWorkloads(workloads, null, 'x.yml')).toHaveLength(3)
    expect(() => selectWorkloads(workloads, ['a', 'd'], 'x.yml')).toThrow(
      '--only: x.yml has no workload d'
    )
  })
})

describe('reading results', () => {
  it('reads the fields it prints from a results file, extra fields and all', () => {
    const file = dir.write(
      'results.json',
      JSON.stringify({
        ...results([workload(), workload({ name: 'b', recommendation: null, workers: null })]),
        someFutureField: true
      })
    )
    const [a, b] = readVerdicts(file)
    expect(a).toMatchObject({
      name: 'cpu-loop',
      tasks: 16,
      recommendation: 'processes',
      workers: 2
    })
    expect(verdictText(a!)).toBe('processes ×2')
    expect(verdictText({ ...a!, uncertain: true })).toBe('processes ×2?')
    expect(verdictText(b!)).toBe('none')
  })

  it('names the file and the field of a file that is not a results file', () => {
    const file = dir.write('other.json', JSON.stringify({ workloads: [{ name: 3 }] }))
    expect(() => readVerdicts(file)).toThrow(`${file}: workloads[0].name`)
  })
})

it("the sweep's fastest configuration, by median round, with its speedup over serial", () => {
  const output = {
    configurations: [
      { strategy: 'serial', workers: 1, walls: [1, 1.1, 0.9], error: null },
      { strategy: 'threads', workers: 2, walls: [], error: 'process.chdir() is not supported' },
      { strategy: 'processes', workers: 2, walls: [0.5, 0.9, 0.4], error: null },
      { strategy: 'processes', workers: 4, walls: [0.55, 0.55, 0.55], error: null }
    ]
  }
  expect(sweepFastest(output)).toBe('processes ×2 2.00x')
  expect(sweepFastest({ configurations: [] })).toBe('none ran')
})
