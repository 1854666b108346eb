import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseResults, readResults, writeResults } from '../../src/results/file.ts'
import type { Results } from '../../src/types.ts'
import { contendedResults, mixedResults } from '../helpers/results-factory.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir()

type Json = Record<string | number, unknown>

/** A deep copy of the mixed results with the value at `path` replaced (or deleted when undefined). */
function edited(path: readonly (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(mixedResults())) as Json
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Json
  const last = path.at(-1)!
  if (value === undefined) delete node[last]
  else node[last] = value
  return copy
}

describe('results files', () => {
  it('reads back what it writes', async () => {
    const path = join(dir.path, 'nested', 'results.json')
    await writeResults(path, mixedResults())
    expect(await readResults(path)).toEqual(mixedResults())
  })

  const cases: [string, (string | number)[], unknown, RegExp][] = [
    [
      'a wallSeconds that is not a number',
      ['workloads', 0, 'measurements', 0, 'wallSeconds'],
      'fast',
      /^r\.json: workloads\[0\]\.measurements\[0\]\.wallSeconds: must be a number, got string "fast"$/
    ],
    [
      'predictions that are not a list',
      ['workloads', 1, 'predictions'],
      {},
      /^r\.json: workloads\[1\]\.predictions: must be a list, got a mapping$/
    ],
    ['a newer schema', ['schemaVersion'], 2, /^r\.json: schemaVersion: expected 1, got 2/],
    [
      'a string where a speedup belongs',
      ['workloads', 0, 'measurements', 1, 'speedup'],
      '1.9',
      /^r\.json: workloads\[0\]\.measurements\[1\]\.speedup: must be a number, got string "1\.9"$/
    ],
    [
      'missing predictions',
      ['workloads', 1, 'predictions'],
      undefined,
      /^r\.json: workloads\[1\]\.predictions: missing$/
    ],
    [
      'an unknown class',
      ['workloads', 0, 'class'],
      'fast',
      /^r\.json: workloads\[0\]\.class: must be one of io-bound, /
    ],
    [
      'a pull request number that is not a number',
      ['context', 'pullRequest'],
      '7',
      /^r\.json: context\.pullRequest: must be a whole number, got string "7"$/
    ],
    [
      'a fault without a message',
      ['workloads', 0, 'measurements', 0, 'error'],
      { kind: 'exit' },
      /^r\.json: workloads\[0\]\.measurements\[0\]\.error\.message: missing$/
    ]
  ]
  it.each(cases)('rejects %s, naming the field', (_, path, value, message) => {
    expect(() => parseResults(edited(path, value), 'r.json')).toThrow(message)
  })

  it('reads a file written before measurements said whether they stopped early, as not stopped', () => {
    const old = edited(['workloads', 0, 'measurements', 0, 'stopped'], undefined) as Json
    const read = parseResults(old, 'r.json')
    expect(read.workloads[0]!.measurements[0]!.stopped).toBeNull()
  })

  it('reads back set-aside turns and contention, and a file from before them as none', async () => {
    const path = join(dir.path, 'contended.json')
    await writeResults(path, contendedResults())
    const read = await readResults(path)
    expect(read).toEqual(contendedResults())
    const pool = read.workloads[0]!.measurements.find((m) => m.setAside.length > 0)!
    expect(pool.setAside.map((turn) => turn.round)).toEqual([3, 7])
    expect(pool.wallSamples[3]).toBeNull()
    expect(read.workloads[1]!.contention).toMatchObject({ busy: true, setAside: 35 })

    const old = edited(['workloads', 0, 'measurements', 0, 'setAside'], undefined) as Json
    delete ((old.workloads as Json[])[0] as Json).contention
    const parsed = parseResults(old, 'r.json')
    expect(parsed.workloads[0]!.measurements[0]!.setAside).toEqual([])
    expect(parsed.workloads[0]!.contention).toBeNull()
    expect(() =>
      parseResults(
        edited(['workloads', 0, 'measurements', 0, 'setAside'], [{ round: 1 }]),
        'r.json'
      )
    ).toThrow(/^r\.json: workloads\[0\]\.measurements\[0\]\.setAside\[0\]\.wallSeconds: missing$/)
  })

  it('refuses a stop with an unknown cause', () => {
    const stopped = {
      afterRounds: 3,
      cause: 'bored',
      versus: null,
      ratio: null,
      bound: null,
      reason: 'x'
    }
    expect(() =>
      parseResults(edited(['workloads', 0, 'measurements', 1, 'stopped'], stopped), 'r.json')
    ).toThrow(
      /^r\.json: workloads\[0\]\.measurements\[1\]\.stopped\.cause: must be one of one-worker, behind, no-gain, twin, got string "bored"$/
    )
  })

  it('reads a file written before the async strategy with coroutine: null', () => {
    const parsed = parseResults(edited(['workloads', 0, 'coroutine'], undefined), 'r.json')
    expect(parsed.workloads[0]!.coroutine).toBeNull()
    expect(() => parseResults(edited(['workloads', 0, 'coroutine'], 'yes'), 'r.json')).toThrow(
      /^r\.json: workloads\[0\]\.coroutine: must be true or false, got string "yes"$/
    )
  })

  it('accepts async measurements, recommendations and classes', () => {
    const results = mixedResults()
    const first = results.workloads[0]!
    const asyncResults: Results = {
      ...results,
      workloads: [
        {
          ...first,
          coroutine: true,
          recommendation: 'async',
          uses: 'async',
          class: 'loop-overlaps-waits',
          measurements: [{ ...first.measurements[1]!, strategy: 'async', workers: 8 }]
        },
        ...results.workloads.slice(1)
      ]
    }
    expect(parseResults(JSON.parse(JSON.stringify(asyncResults)), 'r.json')).toEqual(asyncResults)
  })

  it('names a file that is not JSON or not there', async () => {
    const path = join(dir.path, 'bad.json')
    writeFileSync(path, '{ not json')
    await expect(readResults(path)).rejects.toThrow(/bad\.json: not a results file: invalid JSON/)
    await expect(readResults(join(dir.path, 'none.json'))).rejects.toThrow(
      /none\.json: cannot read the results file: no such file$/
    )
  })

  it('accepts every shape the engine writes (faults, comparisons, gates)', () => {
    const results: Results = {
      ...mixedResults(),
      baseline: {
        kind: 'file',
        source: 'base.json',
        threshold: 0.25,
        requestedThreshold: 0.1,
        sha: null
      },
      gate: { failOn: 'any', failed: false, failures: [], notes: ['a note'] }
    }
    expect(parseResults(JSON.parse(JSON.stringify(results)), 'r.json')).toEqual(results)
  })
})
