// Measures real rounds with their contention readings, quiet and beside an intermittent neighbour
// burning one CPU, to derive and check the contended-round threshold (docs/noise.md). For each
// workload of a config: calibrate the calls per round as the engine does, start serial, threads and
// processes at each worker count of the sweep (2 and 4 on 2 CPUs), warm them up with one call per
// worker, then run interleaved rounds in two blocks, one quiet and one beside the neighbour
// (alternating which goes first from workload to workload), reading /proc before and after every turn.
//
//   npm run bench -- --contention [--config FILE] [--only a,b] [--rounds N] [--out FILE]
//   node scripts/contention-rounds.ts [same options]      (on its own)
//   node scripts/contention-rounds.ts --from FILE          (print the figures of a saved run again)
//
// Prints the distributions that justify the threshold, and writes every turn to --out (JSON). Asserts
// nothing. "Quiet" is only as quiet as the machine: the load average is recorded with each turn.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load.ts'
import { probeMachine } from '../src/measure/environment.ts'
import {
  CALIBRATION_SECONDS,
  chooseTasks,
  MAX_AUTO_TASKS,
  nextCalibrationBatch,
  workerSweep
} from '../src/measure/plan.ts'
import { contentionBetween, readContention } from '../src/runtimes/contention.ts'
import { procStatFields } from '../src/runtimes/proc-files.ts'
import { killAllProcessTrees } from '../src/runtimes/process-tree.ts'
import type { ContentionSnapshot } from '../src/runtimes/contention.ts'
import { openSession } from '../src/runtimes/runtime.ts'
import type { Runtime, Session } from '../src/runtimes/runtime.ts'
import { createRuntime } from '../src/runtimes/select.ts'
import type { RoundContention, RuntimeId, Strategy, WorkloadSpec } from '../src/types.ts'
import { printContentionFigures } from './contention-figures.ts'
import type { ContentionRun, Turn } from './contention-figures.ts'
import { INTERMITTENT, startNeighbour } from './neighbour.ts'
import type { Neighbour } from './neighbour.ts'

/** One contender's live harness. */
interface Live {
  readonly strategy: Strategy
  readonly workers: number
  readonly session: Session
  /** The harness's pid, which leads its process group. */
  readonly pid: number
}

/** Runs the benchmark with command-line arguments (those after `--contention` under bench.ts). */
export async function benchContention(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: 'string', default: 'fixtures/concurrency-advisor.yml' },
      only: { type: 'string' },
      rounds: { type: 'string', default: '8' },
      out: { type: 'string', default: 'contention-rounds.json' },
      from: { type: 'string' },
      python: { type: 'string' },
      seed: { type: 'string', default: '19' }
    }
  })
  if (values.from !== undefined) {
    printContentionFigures(JSON.parse(readFileSync(values.from, 'utf8')) as ContentionRun)
    return
  }
  const config = await loadConfig(values.config, { cwd: process.cwd(), python: null })
  const only = values.only?.split(',') ?? null
  const workloads = config.workloads.filter((w) => only === null || only.includes(w.name))
  const machine = probeMachine()
  const rounds = Number(values.rounds)
  const runtimes = new Map<RuntimeId, Runtime>()
  const runtimeOf = (id: RuntimeId): Runtime => {
    let runtime = runtimes.get(id)
    if (runtime === undefined) {
      runtime = createRuntime(id, {
        python: values.python === undefined ? config.python : [values.python],
        pythonSource: '--python',
        cwd: config.baseDir
      })
      runtimes.set(id, runtime)
    }
    return runtime
  }
  const run: ContentionRun = {
    date: new Date().toISOString(),
    cpus: machine.cpus,
    hostCpus: machine.hostCpus,
    kernel: machine.osRelease,
    turns: [],
    readingMicros: []
  }
  // An interrupted benchmark leaves nothing running: the harnesses' groups go with it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killAllProcessTrees()
      process.exit(130)
    })
  let seed = Number(values.seed)
  for (const [index, spec] of workloads.entries()) {
    const phases =
      index % 2 === 0 ? (['quiet', 'neighbour'] as const) : (['neighbour', 'quiet'] as const)
    console.error(`${spec.name}: ${phases.join(' then ')}, ${rounds} rounds each`)
    await measureWorkload(spec, runtimeOf(spec.runtime), machine.cpus, rounds, phases, seed++, run)
  }
  writeFileSync(values.out, `${JSON.stringify(run, null, 1)}\n`)
  console.error(`every turn written to ${values.out}`)
  printContentionFigures(run)
}

async function measureWorkload(
  spec: WorkloadSpec,
  runtime: Runtime,
  cpus: number,
  rounds: number,
  phases: readonly ('quiet' | 'neighbour')[],
  seed: number,
  run: ContentionRun
): Promise<void> {
  const sweep = workerSweep(cpus).filter((workers) => workers > 1)
  const contenders: { strategy: Strategy; workers: number }[] = [
    { strategy: 'serial', workers: 1 },
    ...sweep.map((workers) => ({ strategy: 'threads' as const, workers })),
    ...sweep.map((workers) => ({ strategy: 'processes' as const, workers }))
  ]
  const lives: Live[] = []
  try {
    for (const contender of contenders) {
      const live = await open(runtime, spec, contender.strategy, contender.workers)
      if (live !== null) lives.push(live)
    }
    const serial = lives.find((live) => live.strategy === 'serial')
    if (serial === undefined) return
    const tasks = spec.tasks ?? (await calibrate(serial.session, sweep))
    if (tasks === null) return
    // Warm-up: one call per worker, read like a round (the predicate may use it as a quiet level).
    for (const live of lives) await turn(live, live.workers, spec, 'warm-up', -1, null, run)
    let round = 0
    for (const phase of phases) {
      const neighbour =
        phase === 'neighbour' ? startNeighbour({ ...INTERMITTENT, limitSeconds: 600, seed }) : null
      try {
        for (let r = 0; r < rounds; r++, round++) {
          const shift = round % lives.length
          const order = [...lives.slice(shift), ...lives.slice(0, shift)]
          for (const live of order) await turn(live, tasks, spec, phase, round, neighbour, run)
        }
      } finally {
        await neighbour?.stop()
      }
    }
  } finally {
    await Promise.all(lives.map((live) => live.session.close()))
  }
}

/** Opens a session and finds its harness: the one child of ours that leads a new process group. */
async function open(
  runtime: Runtime,
  workload: WorkloadSpec,
  strategy: Strategy,
  workers: number
): Promise<Live | null> {
  const before = new Set(groupLeadingChildren())
  const opened = await openSession(runtime, { workload, strategy, workers })
  if (!opened.ok) {
    console.error(`  ${strategy} ×${workers}: ${opened.fault.message}`)
    return null
  }
  const pid = groupLeadingChildren().find((p) => !before.has(p))
  if (pid === undefined) {
    await opened.session.close()
    return null
  }
  return { strategy, workers, session: opened.session, pid }
}

/**
 * Calls per round for a serial round of about a quarter second, as the engine chooses them: held to
 * the engine's volume too where the calls move large arguments or results (py-large-result's 8 MB
 * results otherwise made about 500 calls a turn, 10 s per process pool turn).
 */
async function calibrate(session: Session, sweep: readonly number[]): Promise<number | null> {
  let batch = 1
  let bytesPerCall = 0
  for (;;) {
    const outcome = await session.runRound(batch, batch === 1)
    if (!outcome.ok) return null
    if (batch === 1)
      bytesPerCall =
        (outcome.sample.bytesToWorkersPerCall ?? 0) + (outcome.sample.bytesFromWorkersPerCall ?? 0)
    const seconds = outcome.sample.wallSeconds
    if (seconds >= CALIBRATION_SECONDS || batch >= MAX_AUTO_TASKS)
      return chooseTasks(seconds / batch, sweep, bytesPerCall)
    batch = nextCalibrationBatch(batch, seconds)
  }
}

async function turn(
  live: Live,
  tasks: number,
  spec: WorkloadSpec,
  phase: Turn['phase'],
  round: number,
  neighbour: Neighbour | null,
  run: ContentionRun
): Promise<void> {
  const before = timedReading(live.pid, run)
  const outcome = await live.session.runRound(tasks, false)
  const after = timedReading(live.pid, run)
  if (!outcome.ok) return
  const contention: RoundContention | null =
    before === null || after === null ? null : contentionBetween(before, after)
  run.turns.push({
    workload: spec.name,
    runtime: spec.runtime,
    strategy: live.strategy,
    workers: live.workers,
    phase,
    round,
    wallSeconds: outcome.sample.wallSeconds,
    cpuSeconds: outcome.sample.cpuSeconds,
    contention,
    neighbourFraction:
      neighbour === null || before === null || after === null
        ? 0
        : neighbour.busyFraction(before.atMs, after.atMs),
    load1: loadavg()[0]!
  })
}

/** A reading, its cost recorded (microseconds of wall and CPU time, tasks read). */
function timedReading(pid: number, run: ContentionRun): ContentionSnapshot | null {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const snapshot = readContention(pid)
  const spent = process.cpuUsage(cpu)
  const micros = (performance.now() - started) * 1000
  if (snapshot !== null)
    run.readingMicros.push({
      tasks: snapshot.tasks.size,
      micros,
      cpuMicros: spent.user + spent.system
    })
  return snapshot
}

/** Our children that lead a process group of their own (harnesses are started with setsid). */
function groupLeadingChildren(): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const fields = procStatFields(stat)
    if (fields === null) continue
    const pid = Number(entry)
    if (Number(fields[1]) === process.pid && Number(fields[2]) === pid) found.push(pid)
  }
  return found
}

if (import.meta.main) await benchContention(process.argv.slice(2))
