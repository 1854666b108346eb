// npm run bench -- --replay: the measuring loop run again on a turns log gives back the recorded run
// (the same rounds, stop and verdict) where the rules are the same, and says when a rule asks for
// turns the log does not have. The log comes from the real CLI on the scripted runtime.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.ts'
import type { Results } from '../../src/types.ts'
import { readTurns, replayWorkload } from '../../scripts/replay-turns.ts'
import type { TurnLine } from '../../scripts/replay-turns.ts'
import { runCli, SCRIPTED, scriptedGilLoop, scriptedWaits } from '../helpers/cli.ts'
import { tempDir } from '../helpers/temp.ts'
import { readFileSync } from 'node:fs'

const dir = tempDir('ca-replay-')
dir.write('work.py', 'def spin(n):\n    pass\n\ndef wait(n):\n    pass\n')
dir.write(
  'scripted-runtime.json',
  JSON.stringify({ loop: scriptedGilLoop(0.004), waits: scriptedWaits(0.004) })
)
dir.write(
  'ca.yml',
  [
    'workloads:',
    '  - {name: loop, module: work.py, function: spin, args: [1]}',
    '  - {name: waits, module: work.py, function: wait, args: [1]}',
    ''
  ].join('\n')
)

async function recorded(): Promise<{ lines: TurnLine[]; results: Results }> {
  const run = await runCli(
    ['--config', 'ca.yml', '--turns', 'turns.jsonl', '--json', 'r.json', '--quiet', SCRIPTED],
    dir.path
  )
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return {
    lines: readTurns(join(dir.path, 'turns.jsonl')),
    results: JSON.parse(readFileSync(join(dir.path, 'r.json'), 'utf8')) as Results
  }
}

describe('replayWorkload', () => {
  it('gives back the recorded run: rounds, stop, verdict, every turn taken once', async () => {
    const { lines, results } = await recorded()
    const config = await loadConfig(join(dir.path, 'ca.yml'), { cwd: dir.path, python: null })
    expect(results.workloads).toHaveLength(2)
    for (const workload of results.workloads) {
      const own = lines.filter((line) => line.workload === workload.name)
      const spec = config.workloads.find((w) => w.name === workload.name)!
      const replay = await replayWorkload(own, spec, config.margin)
      expect(replay.run.rounds).toBe(workload.rounds)
      expect(replay.recordedRounds).toBe(workload.rounds)
      expect(replay.run.stopReason).toBe(workload.stopReason)
      expect(replay.result).toMatchObject({
        recommendation: workload.recommendation,
        workers: workload.workers,
        uncertain: workload.uncertain
      })
      expect(replay.beyond).toBe(0)
      expect(replay.resized).toBe(0)
      const walls = own.reduce((sum, line) => sum + line.wallSeconds, 0)
      expect(replay.seconds).toBeCloseTo(walls, 9)
    }
  })

  it('answers turns beyond the log with the last one, and counts them', async () => {
    const { lines, results } = await recorded()
    const config = await loadConfig(join(dir.path, 'ca.yml'), { cwd: dir.path, python: null })
    const workload = results.workloads.find((w) => w.name === 'loop')!
    const last = workload.rounds - 1
    const cut = lines.filter((line) => line.workload === 'loop' && line.round !== last)
    const replay = await replayWorkload(
      cut,
      config.workloads.find((w) => w.name === 'loop')!,
      config.margin
    )
    expect(replay.recordedRounds).toBe(workload.rounds - 1)
    expect(replay.run.rounds).toBe(workload.rounds)
    expect(replay.beyond).toBeGreaterThan(0)
  })

  it('refuses the turns of a base checkout or of several interpreters', async () => {
    const { lines } = await recorded()
    const config = await loadConfig(join(dir.path, 'ca.yml'), { cwd: dir.path, python: null })
    const own = lines.filter((line) => line.workload === 'loop')
    const spec = config.workloads.find((w) => w.name === 'loop')!
    await expect(
      replayWorkload([...own, { ...own[0]!, variant: 'base' }], spec, config.margin)
    ).rejects.toThrow('loop: the turns of a base checkout or of several interpreters do not replay')
  })
})
