// npm run bench -- --noise [DIST] [--config FILE] [--only a,b] [--labels FILE] [--seed N]: the
// config run by DIST/cli.js (any build) quiet, then beside a neighbour that burns one CPU 1-4 s at a
// time with 1-4 s pauses (scripts/neighbour.ts, started and stopped here, bounded in time, killed on
// exit or interrupt). Prints per workload each run's verdict judged right/uncertain/wrong against
// the labels (fixtures/labels.yml), the tallies, and both wall times with their ratio (issue 19's
// targets beside the neighbour: no wrong verdict, at most one uncertain, at most 1.3x the quiet
// time). Each run waits first for a quiet machine (quiet-machine.ts), the noisy one before its
// neighbour starts. Asserts nothing: figures for docs/noise.md.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config/load.ts'
import { parseRunArgs, selectWorkloads } from './bench-args.ts'
import { judge, readLabels, tallyText } from './labels.ts'
import type { Judgement } from './labels.ts'
import { INTERMITTENT, startNeighbour } from './neighbour.ts'
import type { Neighbour } from './neighbour.ts'
import { quietLog } from './quiet-machine.ts'
import { loadAverage, onInterrupt, readVerdicts, runTool, verdictText } from './tool-run.ts'
import type { Timed, WorkloadVerdict } from './tool-run.ts'

// The noisy run may take this many times the quiet one (plus a minute) before it is killed; the
// neighbour stops by itself shortly after.
const NOISY_LIMIT_FACTOR = 4

interface Run {
  readonly timed: Timed
  readonly verdicts: readonly WorkloadVerdict[]
}

export async function benchNoise(argv: readonly string[]): Promise<void> {
  const args = parseRunArgs(argv, 'noise')
  if (!existsSync(args.cli)) throw new Error(`${args.cli}: no such file (build it: npm run build)`)
  const config = await loadConfig(args.config, { cwd: process.cwd(), python: null })
  const labels = readLabels(args.labels ?? 'fixtures/labels.yml')
  const names = selectWorkloads(config.workloads, args.only, args.config).map((w) => w.name)
  const only = args.only === null ? [] : names
  const scratch = mkdtempSync(path.join(tmpdir(), 'ca-noise-'))
  let neighbour: Neighbour | null = null
  const removeHandlers = onInterrupt(async () => {
    await neighbour?.stop()
  })

  const measure = async (label: string, timeoutSeconds: number): Promise<Run> => {
    const json = path.join(scratch, `${label}.json`)
    const timed = await runTool(args.cli, args.config, only, json, timeoutSeconds)
    return { timed, verdicts: existsSync(json) ? readVerdicts(json) : [] }
  }

  console.log(
    `# ${names.length} workloads of ${args.config} with ${args.cli}, quiet and beside a neighbour, ${new Date().toISOString()}`
  )
  // Both runs start on a quiet machine: the only neighbour of the noisy one is ours.
  const waits = quietLog()
  await waits.before('the quiet run')
  console.log(`load average before the quiet run: ${loadAverage()}`)
  const quiet = await measure('quiet', 3600)
  const limit = quiet.timed.seconds * NOISY_LIMIT_FACTOR + 60
  await waits.before('the noisy run')
  console.log(`load average before the noisy run: ${loadAverage()}`)
  neighbour = startNeighbour({ ...INTERMITTENT, limitSeconds: limit + 10, seed: args.seed })
  const startedMs = performance.now()
  let noisy: Run
  try {
    noisy = await measure('noisy', limit)
  } finally {
    const busy = neighbour.busyFraction(startedMs, performance.now())
    await neighbour.stop()
    neighbour = null
    console.log(`the neighbour burned one CPU ${(busy * 100).toFixed(0)} % of the noisy run`)
  }
  removeHandlers()

  console.log(
    '\nworkload | acceptable | quiet verdict | quiet | quiet s | noisy verdict | noisy | noisy s'
  )
  const tallies = { quiet: new Map<Judgement, number>(), noisy: new Map<Judgement, number>() }
  for (const name of names) {
    const row = [name, labels.get(name)?.join(' or ') ?? '(no label)']
    for (const [key, run] of [
      ['quiet', quiet],
      ['noisy', noisy]
    ] as const) {
      const verdict = run.verdicts.find((w) => w.name === name)
      const judgement = judge(verdict, labels.get(name))
      tallies[key].set(judgement, (tallies[key].get(judgement) ?? 0) + 1)
      row.push(
        verdict === undefined ? '–' : verdictText(verdict),
        judgement,
        verdict === undefined ? '–' : verdict.elapsedSeconds.toFixed(1)
      )
    }
    console.log(row.join(' | '))
  }
  for (const [key, run] of [
    ['quiet', quiet],
    ['noisy', noisy]
  ] as const) {
    const counts = tallyText(tallies[key])
    const failure = run.timed.failure === null ? '' : ` (the run failed: ${run.timed.failure})`
    console.log(`${key}: ${counts}; wall ${run.timed.seconds.toFixed(1)} s${failure}`)
  }
  console.log(
    `noisy/quiet wall time: ${(noisy.timed.seconds / quiet.timed.seconds).toFixed(2)} (target ≤ 1.30); load average at the end: ${loadAverage()}`
  )
  console.log(waits.text())
  console.log(
    `results files: ${path.join(scratch, 'quiet.json')}, ${path.join(scratch, 'noisy.json')}`
  )
}
