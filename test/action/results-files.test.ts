// The results files report mode reads: files, directories searched recursively, globs; JSON that is
// not a results file is skipped with a warning when found, and an error when named.
import { describe, expect, it, vi } from 'vitest'
import { loadRuns } from '../../src/action/results-files.ts'
import { UsageError } from '../../src/errors.ts'
import { results, workload } from '../helpers/results-factory.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir('ca-results-files-')
const json = JSON.stringify(results([workload()]))
dir.write('artifacts/results-ubuntu/advise-results.json', json)
dir.write('artifacts/results-macos/advise-results.json', json)
dir.write('artifacts/results-macos/notes.txt', 'not json')
dir.write('artifacts/other/package.json', '{"name": "x"}')
dir.write('artifacts/node_modules/dep/results.json', json)
dir.write('single.json', json)

function captureStdout(): string[] {
  const lines: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk))
    return true
  })
  return lines
}

describe('loadRuns', () => {
  it('searches a directory recursively, in path order, and skips JSON that is not results', async () => {
    const lines = captureStdout()
    const runs = await loadRuns(['artifacts'], dir.path)
    expect(runs.map((run) => run.source)).toEqual([
      'artifacts/results-macos/advise-results.json',
      'artifacts/results-ubuntu/advise-results.json'
    ])
    expect(lines.join('')).toContain(
      '::warning::Skipped artifacts/other/package.json: schemaVersion: expected 1, got undefined'
    )
  })

  it('expands globs and reads named files once each', async () => {
    captureStdout()
    const runs = await loadRuns(
      ['artifacts/*/advise-*.json', 'single.json', './single.json'],
      dir.path
    )
    expect(runs.map((run) => run.source)).toEqual([
      'artifacts/results-macos/advise-results.json',
      'artifacts/results-ubuntu/advise-results.json',
      'single.json'
    ])
  })

  it('fails on a named file that is not a results file, or on nothing found', async () => {
    await expect(loadRuns(['artifacts/other/package.json'], dir.path)).rejects.toThrow(
      /package\.json: schemaVersion: expected 1/
    )
    await expect(loadRuns(['missing'], dir.path)).rejects.toThrow(
      new UsageError(
        `action input: results: "missing" does not exist (resolved to ${dir.path}/missing)`
      )
    )
    await expect(loadRuns(['nothing-*.json'], dir.path)).rejects.toThrow(
      'action input: results: "nothing-*.json" matches no file'
    )
    captureStdout()
    await expect(loadRuns(['artifacts/other'], dir.path)).rejects.toThrow(
      /^action input: results: "artifacts\/other" holds no results file/
    )
  })
})
