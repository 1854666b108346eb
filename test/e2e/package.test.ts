// The CLI as npm users get it: `npm pack` this repository, install the tarball into a fresh project,
// and run `npx concurrency-advisor` there on a workload of that project. The package must hold dist/
// and the schemas, no source, tests or fixtures, and need nothing else installed (the bundles carry
// their dependencies).

import { execFile } from 'node:child_process'
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { Ajv } from 'ajv'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureDist, ROOT } from '../helpers/dist.ts'
import { tempDir } from '../helpers/temp.ts'

const run = promisify(execFile)
const dir = tempDir('ca-package-')
const project = join(dir.path, 'project')
// The package's bin starts with `#!/usr/bin/env node`: put the Node that runs the tests (24) first.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` }
let packed: { files: { path: string }[]; filename: string }

beforeAll(async () => {
  await ensureDist('cli.js')
  await ensureDist('config.schema.json')
  await ensureDist('results.schema.json')
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir.path],
    { cwd: ROOT, env }
  )
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!
  dir.write('project/package.json', JSON.stringify({ name: 'tryout', private: true }))
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--save-dev', join(dir.path, packed.filename)],
    { cwd: project, env }
  )
}, 300_000)

describe('the npm package', () => {
  it('holds the CLI bundles, the Python harness and the schemas, and no source, tests or fixtures', () => {
    const files = packed.files.map((file) => file.path).sort()
    // Every module of the harness's package, and nothing else of it (no bytecode).
    const harness = globSync('concurrency_advisor_harness/**/*.py', {
      cwd: join(ROOT, 'src', 'runtimes', 'python')
    }).map((file) => `dist/${file}`)
    expect(harness).toContain('dist/concurrency_advisor_harness/strategies/processes.py')
    expect(files).toEqual(
      [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'dist/cli.js',
        'dist/cli-main.js',
        'dist/config.schema.json',
        'dist/harness.py',
        'dist/node-harness.js',
        'dist/results.schema.json',
        'dist/task-host.js',
        'package.json',
        ...harness
      ].sort()
    )
  })

  it('installs with no dependencies of its own', () => {
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules', 'concurrency-advisor', 'package.json'), 'utf8')
    ) as { dependencies?: object }
    expect(manifest.dependencies ?? {}).toEqual({})
  })

  it('runs with npx in a fresh project and writes a results file its schema accepts', async () => {
    dir.write(
      'project/work.mjs',
      'export function busy(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s }\n'
    )
    dir.write('project/work.py', 'def busy(n):\n    return sum(range(n))\n')
    // The Python workload's pool starts with spawn: its workers import the harness's package by
    // name from the installed dist/, the way that can break when the package moves.
    writeFileSync(
      join(project, 'concurrency-advisor.yml'),
      [
        'budget: 2',
        'workloads:',
        '  - name: busy',
        '    module: work.mjs',
        '    function: busy',
        '    args: [1000]',
        '    tasks: 20',
        '  - name: py-busy',
        '    module: work.py',
        '    function: busy',
        '    args: [1000]',
        '    tasks: 20',
        '    start-method: spawn',
        ''
      ].join('\n')
    )
    const { stdout } = await run(
      'npx',
      ['--no-install', 'concurrency-advisor', '--json', 'results.json', '--quiet'],
      { cwd: project, env }
    )
    expect(stdout).toMatch(/\bbusy\b/)
    const results = JSON.parse(readFileSync(join(project, 'results.json'), 'utf8')) as {
      workloads: {
        name: string
        recommendation: string | null
        startMethod: string | null
        measurements: { strategy: string; error: unknown }[]
      }[]
    }
    expect(results.workloads.map((w) => w.name)).toEqual(['busy', 'py-busy'])
    for (const workload of results.workloads)
      expect(['serial', 'threads', 'processes']).toContain(workload.recommendation)
    const python = results.workloads[1]!
    expect(python.startMethod).toBe('spawn')
    const pools = python.measurements.filter((m) => m.strategy === 'processes')
    expect(pools.length).toBeGreaterThan(0)
    expect(pools.map((m) => m.error)).toEqual(pools.map(() => null))
    // The harness compiles its package in memory: nothing written into the installed package.
    const installed = join(project, 'node_modules', 'concurrency-advisor', 'dist')
    expect(existsSync(join(installed, 'concurrency_advisor_harness', '__pycache__'))).toBe(false)
    // The schema as the package exports it, `concurrency-advisor/results.schema.json`.
    const schemaPath = join(
      project,
      'node_modules',
      'concurrency-advisor',
      'dist',
      'results.schema.json'
    )
    const validate = new Ajv({ strict: true }).compile(
      JSON.parse(readFileSync(schemaPath, 'utf8')) as object
    )
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true)
  }, 120_000)
})
