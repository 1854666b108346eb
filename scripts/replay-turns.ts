// npm run bench -- --replay TURNS --config FILE [--only a,b] [--verbose]: the measuring loop of this
// checkout run again on the turns a real run recorded (`--turns TURNS`), without running anything:
// each contender's turns come back in the order they were taken, so that a rule changed since can be
// judged on the same readings (how many rounds it takes, what it retires, what it recommends) instead
// of on new ones that the machine's noise makes incomparable. A turn the replay asks for beyond those
// recorded (a rule that wants more rounds than the run took) repeats the contender's last, and the
// workload's line says so: its figures past that point are not measurements. Start-up times are not
// in a turns log and replay as 0. Prints per workload: rounds, why it stopped, the seconds of the
// turns it took (recorded walls), the verdict, and the retirements.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load.ts'
import { measureWorkload } from '../src/measure/run.ts'
import { NODE_TRAITS } from '../src/runtimes/node/adapter.ts'
import { PYTHON_TRAITS } from '../src/runtimes/python/adapter.ts'
import type { MeasureEvent } from '../src/progress-events.ts'
import type { LoadedSession, Runtime, Session, SessionSpec } from '../src/runtimes/runtime.ts'
import type {
  RoundSample,
  RunInterpreter,
  StrategyRun,
  WorkloadResult,
  WorkloadRun,
  WorkloadSpec
} from '../src/types.ts'
import { judge } from '../src/verdict/judge.ts'
import { decide } from '../src/verdict/recommend.ts'
import { noiseUpperBound } from '../src/stats/pooled-noise.ts'
import { EVIDENCE_SETTINGS } from '../src/stats/evidence.ts'

/** One line of a turns log, as src/cli/turn-log.ts writes it: a turn's event with its sample spread. */
export type TurnLine = Omit<Extract<MeasureEvent, { kind: 'turn' }>, 'kind' | 'sample'> &
  RoundSample & { readonly workload: string; readonly at: number }

const keyOf = (strategy: string, workers: number): string => `${strategy} ${workers}`

/** A runtime that answers every turn with the next recorded one of its contender. */
function replayRuntime(
  turns: readonly TurnLine[],
  id: 'python' | 'node'
): { runtime: Runtime; taken: () => Pick<Replay, 'seconds' | 'beyond' | 'resized'> } {
  const queues = new Map<string, TurnLine[]>()
  for (const t of turns) {
    const key = keyOf(t.strategy, t.workers)
    queues.set(key, [...(queues.get(key) ?? []), t])
  }
  let seconds = 0
  let beyond = 0
  let resized = 0
  const sessionFor = (spec: SessionSpec): Session => {
    const queue = queues.get(keyOf(spec.strategy, spec.workers)) ?? []
    let next = 0
    return {
      startupSeconds: 0,
      startMethod: null,
      gilEnabled: null,
      gilEnabledBy: [],
      runRound: (tasks) => {
        const line = queue[Math.min(next, queue.length - 1)]
        if (line === undefined)
          return Promise.resolve({
            ok: false,
            fault: { kind: 'protocol', message: 'no recorded turn' }
          })
        if (next >= queue.length) beyond++
        else seconds += line.wallSeconds
        if (line.calls !== tasks && next < queue.length) resized++
        next++
        return Promise.resolve({ ok: true, sample: line })
      },
      waitIdle: () => Promise.resolve(true),
      close: () => Promise.resolve()
    }
  }
  const loaded = (spec: SessionSpec): LoadedSession => ({
    start: () => Promise.resolve({ ok: true, session: sessionFor(spec) }),
    waitIdle: () => Promise.resolve(true),
    close: () => Promise.resolve()
  })
  const runtime: Runtime = {
    id,
    traits: id === 'node' ? NODE_TRAITS : PYTHON_TRAITS,
    interpreterCount: 1,
    probe: () => Promise.reject(new Error('the replay probes nothing')),
    check: () => Promise.resolve([]),
    loadSession: (spec) => Promise.resolve({ ok: true, loaded: loaded(spec) })
  }
  return { runtime, taken: () => ({ seconds, beyond, resized }) }
}

// The interpreters are not in a turns log: a Python workload replays on one build with a GIL.
const NODE_INTERPRETER: RunInterpreter = {
  name: null,
  label: 'node',
  version: process.versions.node,
  freeThreaded: false,
  gilEnabledAtStart: false,
  gilForcedBy: null,
  checkGilEnabled: null,
  checkGilEnabledBy: [],
  fault: null
}
const PYTHON_INTERPRETER: RunInterpreter = {
  ...NODE_INTERPRETER,
  name: 'python3',
  label: 'python3',
  version: 'replayed',
  gilEnabledAtStart: true
}

/** What the loop made of a workload's recorded turns. */
export interface Replay {
  readonly run: WorkloadRun
  readonly result: WorkloadResult
  /** Rounds the recorded run took. */
  readonly recordedRounds: number
  /** Recorded seconds of the turns the replay took (each turn's wall time). */
  readonly seconds: number
  /** Turns asked for beyond those recorded, answered with their contender's last. */
  readonly beyond: number
  /** Turns asked for with another call count than recorded (a calibration that came out otherwise). */
  readonly resized: number
  /** The race's retirements, in order: "threads×4 after 3". */
  readonly retirements: readonly string[]
}

/** The turns of a turns log (`--turns`), every workload's. */
export function readTurns(file: string): TurnLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TurnLine)
}

/**
 * The measuring loop of this checkout on one workload's recorded turns (`lines`, its own only). A run
 * of one interpreter without a base checkout only: the rules that weigh several, or a base, read
 * turns a replay would have to pair up again.
 */
export async function replayWorkload(
  lines: readonly TurnLine[],
  spec: WorkloadSpec,
  margin: number,
  cpus = 2
): Promise<Replay> {
  if (lines.some((line) => line.variant !== 'head' || line.on !== null))
    throw new Error(
      `${spec.name}: the turns of a base checkout or of several interpreters do not replay`
    )
  const { runtime, taken } = replayRuntime(lines, spec.runtime)
  const retirements: string[] = []
  const run = await measureWorkload(
    {
      spec,
      base: null,
      interpreters: [spec.runtime === 'node' ? NODE_INTERPRETER : PYTHON_INTERPRETER],
      gilTwins: false
    },
    runtime,
    {
      cpus,
      platform: 'linux',
      softDeadline: Infinity,
      hardDeadline: Infinity,
      rules: { margin, comparison: null, uses: spec.uses },
      onEvent: (event) => {
        if (event.kind === 'retired')
          retirements.push(
            `${event.strategy}×${event.workers} after ${event.retirement.afterRounds}`
          )
      }
    }
  )
  return {
    run,
    result: judge(run, runtime.traits, margin),
    recordedRounds: Math.max(-1, ...lines.map((line) => line.round ?? -1)) + 1,
    ...taken(),
    retirements
  }
}

export async function replayTurns(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      only: { type: 'string' },
      cpus: { type: 'string', default: '2' },
      verbose: { type: 'boolean', default: false }
    }
  })
  if (positionals.length === 0 || values.config === undefined)
    throw new Error('usage: --replay TURNS... --config FILE [--only a,b] [--cpus N] [--verbose]')
  const config = await loadConfig(values.config, { cwd: process.cwd(), python: null })
  const only = values.only?.split(',') ?? null
  let totalSeconds = 0
  let totalRounds = 0
  for (const file of positionals) {
    const lines = readTurns(file)
    for (const name of new Set(lines.map((line) => line.workload))) {
      if (only !== null && !only.includes(name)) continue
      const spec = config.workloads.find((w) => w.name === name)
      if (spec === undefined) throw new Error(`${values.config}: no workload ${name}`)
      const replay = await replayWorkload(
        lines.filter((line) => line.workload === name),
        spec,
        config.margin,
        Number(values.cpus)
      )
      const { run, result } = replay
      totalSeconds += replay.seconds
      totalRounds += run.rounds
      console.log(
        [
          `${file} ${name}`,
          `${run.rounds} rounds (recorded ${replay.recordedRounds})`,
          run.stopReason,
          `${replay.seconds.toFixed(2)} s of turns`,
          `${result.recommendation ?? 'none'}×${result.workers ?? '-'}${result.uncertain ? '?' : ''}`,
          replay.retirements.length > 0 ? `retired ${replay.retirements.join(', ')}` : '',
          replay.beyond > 0 ? `${replay.beyond} turn(s) beyond the record` : '',
          replay.resized > 0 ? `${replay.resized} turn(s) of another size than recorded` : ''
        ]
          .filter((part) => part !== '')
          .join(' | ')
      )
      if (values.verbose)
        for (let k = 2; k <= run.rounds; k++) showRound(run.runs, k, config.margin)
    }
  }
  console.log(`total: ${totalRounds} rounds, ${totalSeconds.toFixed(2)} s of turns`)
}

/** The decision on the first k rounds: the pooled noise and each candidate's ratio to the fastest. */
function showRound(runs: readonly StrategyRun[], k: number, margin: number): void {
  const cut = runs.map((run): StrategyRun => ({
    ...run,
    samples: run.samples.slice(0, k),
    setAside: run.setAside?.filter((t) => t.round < k),
    stopped: run.stopped !== null && run.stopped.afterRounds <= k ? run.stopped : null
  }))
  const d = decide(cut, margin)
  const noise =
    d.noise === null
      ? 'no noise'
      : `noise ${d.noise.turnSigma.toFixed(3)} df ${d.noise.df} bound ${noiseUpperBound(d.noise, EVIDENCE_SETTINGS.noiseBoundConfidence).toFixed(3)}`
  const walls = runs
    .map(
      (run) =>
        `${run.strategy[0]}${run.workers} ${run.samples
          .slice(0, k)
          .map((s) => (s === null ? '-' : s.wallSeconds.toFixed(3)))
          .join(' ')}`
    )
    .join(' | ')
  const cands = d.candidates
    .map((c) => {
      const e = c.evidence
      return `${c.strategy[0]}${c.run.workers} ${c.ratioToFastest.toFixed(3)}${e === null ? '' : ` [${e.interval.low.toFixed(3)}, ${e.interval.high.toFixed(3)}]`}`
    })
    .join('; ')
  console.log(`   after ${k}: ${noise}; ${cands}; chosen ${d.chosen?.strategy}${d.workers}`)
  console.log(`     ${walls}`)
}
