// The JSON Schemas the build ships (dist/config.schema.json, dist/results.schema.json), checked with an
// independent validator (ajv, draft-07) the way an editor or a reader of results files would use them:
// they accept the example config and a results file from a real run, and refuse what the tool refuses.

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Ajv } from 'ajv'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseConfig } from '../src/config/load.ts'
import { ensureDist, ROOT } from './helpers/dist.ts'
import { tempDir } from './helpers/temp.ts'

const run = promisify(execFile)
const dir = tempDir()
const ajv = new Ajv({ strict: true, allErrors: true })
let config: ReturnType<Ajv['compile']>
let results: ReturnType<Ajv['compile']>
let realResults: unknown

type Json = Record<string | number, unknown>

beforeAll(async () => {
  const cli = await ensureDist('cli.js')
  // A dist/ from before the schemas has a fresh cli.js but no schema files: these rebuild it.
  await ensureDist('config.schema.json')
  await ensureDist('results.schema.json')
  const read = (name: string) =>
    JSON.parse(readFileSync(join(ROOT, 'dist', name), 'utf8')) as object
  config = ajv.compile(read('config.schema.json'))
  results = ajv.compile(read('results.schema.json'))
  // A real results file: the built CLI on one quick Node workload.
  dir.write(
    'advisor.yml',
    `budget: 1\nworkloads:\n  - name: trivial\n    module: ${join(ROOT, 'fixtures/node/trivial.mjs')}\n    function: increment\n    args: [41]\n    tasks: 20\n`
  )
  const json = join(dir.path, 'results.json')
  await run(process.execPath, [cli, '--config', 'advisor.yml', '--json', json], { cwd: dir.path })
  realResults = JSON.parse(readFileSync(json, 'utf8'))
}, 300_000)

/** fixtures/concurrency-advisor.yml as YAML data, edited by `change`. */
function exampleConfig(change: (data: Json) => void = () => {}): Json {
  const data = parse(
    readFileSync(join(ROOT, 'fixtures', 'concurrency-advisor.yml'), 'utf8')
  ) as Json
  change(data)
  return data
}

describe('dist/config.schema.json', () => {
  it('accepts the example config', () => {
    expect(config(exampleConfig()), JSON.stringify(config.errors)).toBe(true)
  })

  it('refuses a misspelt workload key', () => {
    const data = exampleConfig((d) => {
      const first = (d.workloads as Json[])[0]!
      first.fucntion = first.function
      delete first.function
    })
    expect(config(data)).toBe(false)
    expect(config.errors).toContainEqual(
      expect.objectContaining({
        instancePath: '/workloads/0',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'fucntion' }
      })
    )
  })

  it('refuses an empty workload list', () => {
    expect(config(exampleConfig((d) => (d.workloads = [])))).toBe(false)
    expect(config.errors).toContainEqual(
      expect.objectContaining({ instancePath: '/workloads', keyword: 'minItems' })
    )
  })

  it.each([
    ['an unknown top-level key', (d: Json) => (d.budgett = 5)],
    ['uses that is not a strategy', (d: Json) => ((d.workloads as Json[])[0]!.uses = 'thread')],
    ['a module no runtime runs', (d: Json) => ((d.workloads as Json[])[0]!.module = 'a.rb')],
    ['a size that is not one', (d: Json) => (d.memory = 'lots')],
    ['zero tasks', (d: Json) => ((d.workloads as Json[])[0]!.tasks = 0)]
  ])('refuses %s, as the loader does', (_, change) => {
    const data = exampleConfig(change)
    expect(config(data)).toBe(false)
    // The loader refuses it too, with its one-line file:line message.
    const text = JSON.stringify(data)
    expect(() => parseConfig(text, 'ca.yml', { cwd: ROOT, python: null })).toThrow(/^ca\.yml:1: /)
  })
})

describe('dist/results.schema.json', () => {
  it('accepts a results file from a real run', () => {
    expect((realResults as Json).schemaVersion).toBe(1)
    expect(results(realResults), JSON.stringify(results.errors)).toBe(true)
  })

  it('refuses a results file whose wallSeconds is not a number', () => {
    const copy = JSON.parse(JSON.stringify(realResults)) as Json
    const workload = (copy.workloads as Json[])[0]!
    ;(workload.measurements as Json[])[0]!.wallSeconds = '0.5'
    expect(results(copy)).toBe(false)
    expect(results.errors).toContainEqual(
      expect.objectContaining({ instancePath: '/workloads/0/measurements/0/wallSeconds' })
    )
  })

  it('names the version it describes', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    for (const name of ['config', 'results']) {
      const schema = JSON.parse(
        readFileSync(join(ROOT, 'dist', `${name}.schema.json`), 'utf8')
      ) as { $id: string }
      expect(schema.$id).toBe(
        `https://raw.githubusercontent.com/concurrency-advisor/concurrency-advisor/v${version}/dist/${name}.schema.json`
      )
    }
  })
})
