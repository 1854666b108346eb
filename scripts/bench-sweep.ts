// npm run bench -- --sweep [DIST] [--config FILE] [--only a,b] [--python CMD] [--tasks-from FILE]
// [--labels FILE]:
// the tool (DIST/cli.js, any build) against a blind 3-round sweep of the same five configurations
// (serial, threads and processes at 2 and 4 workers; scripts/sweep/), workload by workload,
// alternating which goes first, with the task count the tool chose. Prints both wall times
// (everything a user waits for), their ratio, the tool's verdict and the sweep's fastest
// configuration (with --labels, the verdict judged right/uncertain/wrong), and per runtime the
// total ratio tool/sweep (issue 19's target: at most 1.0, every verdict still acceptable). Each
// run waits first for a quiet machine (quiet-machine.ts). Asserts nothing: figures for docs/cost.md.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config/load.ts'
import type { WorkloadSpec } from '../src/types.ts'
import { parseRunArgs, selectWorkloads } from './bench-args.ts'
import { judge, readLabels, tallyText } from './labels.ts'
import type { Judgement } from './labels.ts'
import { quietLog } from './quiet-machine.ts'
import {
  loadAverage,
  onInterrupt,
  readVerdicts,
  runTool,
  timedRun,
  verdictText
} from './tool-run.ts'

const SWEEPS = {
  python: path.join(import.meta.dirname, 'sweep', 'blind_sweep.py'),
  node: path.join(import.meta.dirname, 'sweep', 'blind-sweep.mjs')
}
const TOOL_TIMEOUT_SECONDS = 1800
const SWEEP_TIMEOUT_SECONDS = 900

/** What the sweep script prints. */
interface SweepOutput {
  readonly configurations: readonly {
    readonly strategy: string
    readonly workers: number
    readonly walls: readonly number[]
    readonly error: string | null
  }[]
}

/** The sweep's fastest configuration by median round, with its speedup over serial's median. */
export function sweepFastest(output: SweepOutput): string {
  const median = (walls: readonly number[]): number =>
    [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)]!
  const ran = output.configurations.filter((c) => c.error === null && c.walls.length > 0)
  const serial = ran.find((c) => c.strategy === 'serial')
  if (ran.length === 0) return 'none ran'
  const best = ran.reduce((a, b) => (median(b.walls) < median(a.walls) ? b : a))
  const name = best.strategy === 'serial' ? 'serial' : `${best.strategy} ×${best.workers}`
  return serial === undefined
    ? name
    : `${name} ${(median(serial.walls) / median(best.walls)).toFixed(2)}x`
}

/** Task counts by workload from a results file, read loosely (name and tasks). */
function readTaskCounts(file: string): Map<string, number> {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
  const workloads = (value as { workloads?: unknown }).workloads
  if (!Array.isArray(workloads)) throw new Error(`${file}: workloads: not a results file`)
  const counts = new Map<string, number>()
  for (const w of workloads as { name?: unknown; tasks?: unknown }[])
    if (typeof w.name === 'string' && typeof w.tasks === 'number' && w.tasks > 0)
      counts.set(w.name, w.tasks)
  return counts
}

function sweep(spec: WorkloadSpec, tasks: number, python: string) {
  const script = [spec.modulePath, spec.function, JSON.stringify(spec.args), String(tasks)]
  return spec.runtime === 'python'
    ? timedRun(python, [SWEEPS.python, ...script], { timeoutSeconds: SWEEP_TIMEOUT_SECONDS })
    : timedRun(process.execPath, [SWEEPS.node, ...script], {
        timeoutSeconds: SWEEP_TIMEOUT_SECONDS
      })
}

export async function benchSweep(argv: readonly string[]): Promise<void> {
  const args = parseRunArgs(argv, 'sweep')
  if (!existsSync(args.cli)) throw new Error(`${args.cli}: no such file (build it: npm run build)`)
  const config = await loadConfig(args.config, { cwd: process.cwd(), python: null })
  const python = args.python ?? config.python?.[0] ?? 'python3'
  const specs = selectWorkloads(config.workloads, args.only, args.config)
  const known = args.tasksFrom === null ? new Map<string, number>() : readTaskCounts(args.tasksFrom)
  const labels = args.labels === null ? null : readLabels(args.labels)
  const judged = new Map<Judgement, number>()
  const scratch = mkdtempSync(path.join(tmpdir(), 'ca-sweep-'))
  const removeHandlers = onInterrupt(async () => {})

  console.log(
    `# The tool (${args.cli}) against a blind 3-round sweep, ${new Date().toISOString()}, load average ${loadAverage()}`
  )
  console.log(
    'workload | tasks | order | tool s | sweep s | tool/sweep | tool verdict | sweep fastest (median of 3)'
  )
  const totals = new Map<string, { tool: number; sweep: number }>()
  const saved: { name: string; tasks: number }[] = []
  let toolFirstForWant = 0
  const waits = quietLog()
  for (const [index, spec] of specs.entries()) {
    const json = path.join(scratch, `${spec.name}.json`)
    let tasks = spec.tasks ?? known.get(spec.name) ?? null
    // Alternate which goes first; the sweep needs the task count, so without one the tool goes first.
    const sweepFirst = index % 2 === 1 && tasks !== null
    if (index % 2 === 1 && !sweepFirst) toolFirstForWant++
    const runSweep = async (count: number) => {
      await waits.before(`${spec.name} (sweep)`)
      return sweep(spec, count, python)
    }
    const sweepFirstRun = sweepFirst ? await runSweep(tasks!) : null
    await waits.before(`${spec.name} (tool)`)
    const tool = await runTool(args.cli, args.config, [spec.name], json, TOOL_TIMEOUT_SECONDS)
    const verdict =
      tool.failure === null ? readVerdicts(json).find((w) => w.name === spec.name) : undefined
    // Going second, the sweep takes the count the tool chose in this very run.
    if (!sweepFirst && verdict !== undefined && verdict.tasks > 0) tasks = verdict.tasks
    // Saved for --tasks-from: the tool's own choice where it made one.
    const chosen = verdict !== undefined && verdict.tasks > 0 ? verdict.tasks : tasks
    if (chosen !== null) saved.push({ name: spec.name, tasks: chosen })
    const plain = sweepFirstRun ?? (tasks === null ? null : await runSweep(tasks))
    const failure = tool.failure ?? plain?.failure ?? (tasks === null ? 'no task count' : null)
    const output = plain?.failure === null ? (JSON.parse(plain.stdout) as SweepOutput) : null
    const sweepSeconds = plain?.seconds ?? Number.NaN
    let judgement = ''
    if (labels !== null) {
      const j = judge(verdict, labels.get(spec.name))
      judged.set(j, (judged.get(j) ?? 0) + 1)
      judgement = ` (${j})`
    }
    console.log(
      [
        spec.name,
        // A count from --tasks-from may differ from the tool's in this run: both are shown.
        verdict !== undefined && tasks !== null && verdict.tasks !== tasks
          ? `${tasks} (tool ${verdict.tasks})`
          : (tasks ?? '–'),
        sweepFirst ? 'sweep first' : 'tool first',
        tool.seconds.toFixed(1),
        sweepSeconds.toFixed(1),
        (tool.seconds / sweepSeconds).toFixed(2),
        verdict === undefined ? `failed: ${failure}` : verdictText(verdict) + judgement,
        output === null ? `failed: ${failure}` : sweepFastest(output)
      ].join(' | ')
    )
    if (failure !== null) continue
    const total = totals.get(spec.runtime) ?? { tool: 0, sweep: 0 }
    totals.set(spec.runtime, { tool: total.tool + tool.seconds, sweep: total.sweep + sweepSeconds })
  }
  for (const [runtime, t] of totals)
    console.log(
      `total ${runtime} | | | ${t.tool.toFixed(1)} | ${t.sweep.toFixed(1)} | ${(t.tool / t.sweep).toFixed(2)} | (target ≤ 1.00) |`
    )
  if (labels !== null) console.log(`verdicts against ${args.labels}: ${tallyText(judged)}`)
  console.log(waits.text())
  const tasksFile = path.join(scratch, 'tasks.json')
  writeFileSync(tasksFile, `${JSON.stringify({ workloads: saved }, null, 2)}\n`)
  console.log(`\nThe task counts the tool chose, saved in ${tasksFile}.`)
  if (toolFirstForWant > 0)
    console.log(
      `${toolFirstForWant} workload(s) ran the tool first for want of a task count; pass --tasks-from ${tasksFile} (or any results file of the config) to alternate strictly.`
    )
  console.log(`Load average at the end: ${loadAverage()}`)
  removeHandlers()
}
