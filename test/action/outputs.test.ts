import { afterEach, describe, expect, it, vi } from 'vitest'
import { annotateMismatches, setResultOutputs } from '../../src/action/outputs.ts'
import type { Config } from '../../src/types.ts'
import { mixedResults } from '../helpers/results-factory.ts'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputs } from '../helpers/action-run.ts'

const config = {
  file: 'perf/advisor.yml',
  baseDir: '/repo/sub',
  python: null,
  margin: 0.1,
  workloads: [{ name: 'sleep-io', line: 12 }]
} as unknown as Config

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('annotateMismatches', () => {
  it('puts a warning on the config line of each mismatched workload, relative to the checkout', () => {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk))
      return true
    })
    annotateMismatches(mixedResults(), config, '/repo')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^::warning title=concurrency-advisor%3A uses mismatch,file=sub\/perf\/advisor\.yml,line=12::sleep-io: the config declares `uses: serial`, but threads ×4 measured best\. /
    )
  })
})

describe('setResultOutputs', () => {
  it('writes results-path, recommendations and mismatches as JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ca-out-')), 'output')
    writeFileSync(file, '')
    vi.stubEnv('GITHUB_OUTPUT', file)
    setResultOutputs(mixedResults(), '/tmp/results.json')
    const outputs = parseOutputs(readFileSync(file, 'utf8'))
    expect(outputs['results-path']).toBe('/tmp/results.json')
    expect(JSON.parse(outputs.recommendations!)).toEqual({
      'cpu-loop': 'processes',
      'sleep-io': 'threads',
      tiny: 'serial',
      large_result: 'threads',
      broken: null
    })
    expect(JSON.parse(outputs.mismatches!)).toEqual(['sleep-io'])
  })
})
