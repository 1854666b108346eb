// --turns FILE through the real CLI, on the scripted runtime (--debug-scripted-runtime): every turn the
// loop took is one JSON line, the timed ones matching what the results file counted, and a path that
// cannot be written is a usage error naming the flag.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Results } from '../../src/types.ts'
import { runCli, SCRIPTED, scriptedGilLoop } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'

const dir = tempDir('ca-turns-')
dir.write('loop.py', 'def spin(n):\n    pass\n')
dir.write('scripted-runtime.json', JSON.stringify({ loop: scriptedGilLoop(0.004) }))
dir.write(
  'ca.yml',
  'workloads:\n  - {name: loop, module: loop.py, function: spin, args: [200000]}\n'
)

interface Line {
  readonly workload: string
  readonly variant: string
  readonly strategy: string
  readonly workers: number
  readonly round: number | null
  readonly calls: number
  readonly at: number
  readonly wallSeconds: number
}

describe('--turns FILE', () => {
  it('writes every turn as measured, one JSON line each, the timed ones as the results counted them', async () => {
    const run = await runCli(
      ['--config', 'ca.yml', '--turns', 'turns.jsonl', '--json', 'r.json', '--quiet', SCRIPTED],
      dir.path
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = readFileSync(join(dir.path, 'turns.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    const results = JSON.parse(readFileSync(join(dir.path, 'r.json'), 'utf8')) as Results
    const workload = results.workloads[0]!
    for (const line of lines) {
      expect(line).toMatchObject({ workload: 'loop', variant: 'head' })
      expect(line.calls).toBeGreaterThan(0)
      expect(line.wallSeconds).toBeGreaterThan(0)
    }
    expect(lines.map((line) => line.at)).toEqual(
      [...lines.map((line) => line.at)].sort((a, b) => a - b)
    )
    // Calibration and warm-ups come before the rounds, outside them.
    expect(lines[0]).toMatchObject({ strategy: 'serial', round: null })
    for (const m of workload.measurements) {
      const timed = lines.filter(
        (line) => line.strategy === m.strategy && line.workers === m.workers && line.round !== null
      )
      const counted = m.wallSamples.filter((wall) => wall !== null).length + m.setAside.length
      expect(timed).toHaveLength(counted)
      expect(timed.every((line) => line.calls === workload.tasks)).toBe(true)
      expect(timed.map((line) => line.round)).toEqual(
        m.wallSamples.flatMap((wall, round) => (wall === null ? [] : [round]))
      )
    }
  })

  it('is a usage error, exit 2 and one line naming the flag, where the file cannot be written', async () => {
    const run = await runCli(
      ['--config', 'ca.yml', '--turns', 'missing/turns.jsonl', '--quiet', SCRIPTED],
      dir.path
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'concurrency-advisor: --turns: cannot write missing/turns.jsonl: ENOENT\n'
    )
  })
})
