// The one pipeline shared by the CLI and the action: config -> pre-flight checks -> measurements ->
// statistics -> verdicts -> comparisons with a base (baseline.ts) -> gate -> Results. It knows
// nothing of GitHub, terminals or files.

import { DEFAULT_PREDICT_CPUS, DEFAULT_THRESHOLD } from './defaults.ts'
import { baseSpecs } from './measure/base-checkout.ts'
import { probeMachine } from './measure/environment.ts'
import type { Machine } from './measure/environment.ts'
import { preflight } from './measure/preflight.ts'
import { measureWorkload } from './measure/run.ts'
import type { MeasureTarget } from './measure/run.ts'
import type { ProgressEvent } from './progress-events.ts'
import type { Runtime } from './runtimes/runtime.ts'
import { createRuntime, interpreterEnvironment } from './runtimes/select.ts'
import { predictScaling } from './stats/scaling.ts'
import type {
  Baseline,
  Config,
  Environment,
  FailOn,
  Fault,
  Results,
  RunContext,
  RunInterpreter,
  RuntimeId,
  Shard,
  StopReason,
  WorkloadResult,
  WorkloadRun,
  WorkloadSpec
} from './types.ts'
import { baselineInfo, compareWithBase } from './verdict/compare-with-base.ts'
import { evaluateGate } from './verdict/gate.ts'
import { judge } from './verdict/judge.ts'
import { TOOL_VERSION } from './version.ts'

export interface EngineOptions {
  /** Seconds the whole run may take; workloads not reached are reported as not measured. */
  readonly budgetSeconds: number | null
  /** Where the run happens (runner, PR, commit); the action fills it, the CLI leaves it null. */
  readonly context: RunContext | null
  readonly onProgress?: (event: ProgressEvent) => void
  /** Aborting stops measuring; what was measured is still returned, marked interrupted. */
  readonly signal?: AbortSignal
  readonly baseline?: Baseline | null
  /** Slowdown tolerated before it is a regression, as a fraction (default 0.1). */
  readonly threshold?: number
  /**
   * A regression against a baseline file whose run was busy fails the gate too (default: it is a
   * note, unconfirmed).
   */
  readonly strictBaseline?: boolean
  /** The gate to evaluate (default never: no gate in the results). */
  readonly failOn?: FailOn
  /** CPU counts to predict each pool's speedup at (default 4, 8, 16, 64). */
  readonly predictCpus?: readonly number[]
  /** Builds runtime adapters; tests pass a scripted one. */
  readonly createRuntime?: (id: RuntimeId) => Runtime
  /** Overrides the probed machine (tests). */
  readonly machine?: Machine
  /** The share of a split config that `config` holds (config/shard.ts), recorded in the results. */
  readonly shard?: Shard | null
}

/**
 * Measures every workload of a config and returns the verdicts, the comparisons with the baseline
 * and the gate's outcome. Throws UsageError for config problems found before measuring.
 */
export async function advise(config: Config, options: EngineOptions): Promise<Results> {
  const startedAt = new Date()
  const started = performance.now()
  const hardDeadline =
    options.budgetSeconds === null ? Infinity : started + options.budgetSeconds * 1000
  const machine = options.machine ?? probeMachine()
  const baseline = options.baseline ?? null
  const threshold = options.threshold ?? DEFAULT_THRESHOLD
  const make =
    options.createRuntime ??
    ((id: RuntimeId) =>
      createRuntime(id, {
        python: config.python,
        pythonSource: config.pythonSource,
        cwd: config.baseDir
      }))

  const runtimes = new Map<RuntimeId, Runtime>()
  for (const workload of config.workloads) {
    if (!runtimes.has(workload.runtime)) runtimes.set(workload.runtime, make(workload.runtime))
  }
  const aborted = (): boolean => options.signal?.aborted === true
  const { probes, interpreters } = await preflight(config, runtimes, aborted)
  const bases =
    baseline?.kind === 'checkout'
      ? await baseSpecs(config, runtimes, baseline.dir)
      : new Map<string, WorkloadSpec>()

  const results: WorkloadResult[] = []
  const total = config.workloads.length
  for (const [index, spec] of config.workloads.entries()) {
    const runtime = runtimes.get(spec.runtime)!
    options.onProgress?.({ kind: 'workload-start', workload: spec.name, index, total })
    const run = await measureOne(
      { spec, base: bases.get(spec.name) ?? null, ...raceInterpreters(config, interpreters, spec) },
      runtime,
      {
        machine,
        hardDeadline,
        margin: config.margin,
        threshold,
        options
      }
    )
    const judged = judge(run, runtime.traits, config.margin)
    const result = {
      ...judged,
      predictions: predictScaling(
        firstInterpreterMeasurements(judged),
        options.predictCpus ?? DEFAULT_PREDICT_CPUS,
        machine.cpus
      ),
      ...compareWithBase(judged, run, baseline, { margin: config.margin, threshold })
    }
    results.push(result)
    options.onProgress?.({ kind: 'workload-done', workload: spec.name, index, total, result })
  }

  const environment: Environment = {
    cpus: machine.cpus,
    hostCpus: machine.hostCpus,
    platform: machine.platform,
    arch: machine.arch,
    osRelease: machine.osRelease,
    ...interpreterEnvironment(probes),
    node: machine.node
  }
  const failOn = options.failOn ?? 'never'
  const info = baselineInfo(baseline, threshold, options.strictBaseline === true)
  return {
    schemaVersion: 1,
    tool: { name: 'concurrency-advisor', version: TOOL_VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    configFile: config.file,
    shard: options.shard ?? null,
    environment,
    context: options.context,
    interrupted: results.some(
      (result) => result.stopReason === 'interrupted' || result.stopReason === 'skipped'
    ),
    workloads: results,
    baseline: info,
    gate: failOn === 'never' ? null : evaluateGate(results, failOn, info)
  }
}

/**
 * The measurements the scaling predictions are fitted to: the first interpreter's (the one the
 * project runs today), whose speedups are against its own serial; never a GIL-forced twin.
 */
function firstInterpreterMeasurements(result: WorkloadResult): WorkloadResult['measurements'] {
  const first = result.interpreters?.[0]?.python ?? null
  return result.measurements.filter(
    (m) => !m.gilForced && (result.interpreters === null || m.python === first)
  )
}

interface MeasureContext {
  readonly machine: Machine
  readonly hardDeadline: number
  readonly margin: number
  readonly threshold: number
  readonly options: EngineOptions
}

/**
 * A workload's interpreters for its race, and whether the first runs GIL-forced twins: a free-threaded
 * interpreter given alone whose GIL stayed off after the module's import, unless the config turns the
 * comparison off (with several interpreters, a GIL build is the comparison).
 */
function raceInterpreters(
  config: Config,
  interpreters: ReadonlyMap<string, readonly RunInterpreter[]>,
  spec: WorkloadSpec
): Pick<MeasureTarget, 'interpreters' | 'gilTwins'> {
  const list = interpreters.get(spec.name) ?? []
  const only = list.length === 1 ? list[0]! : null
  return {
    interpreters: list,
    gilTwins:
      config.gilComparison &&
      only !== null &&
      only.fault === null &&
      only.freeThreaded &&
      !only.gilEnabledAtStart &&
      only.checkGilEnabled === false
  }
}

async function measureOne(
  target: MeasureTarget,
  runtime: Runtime,
  context: MeasureContext
): Promise<WorkloadRun> {
  const { machine, hardDeadline, margin, threshold, options } = context
  const { spec, base, interpreters } = target
  // The module loaded on none of the interpreters: the workload's fault, as with one interpreter.
  const importFault =
    interpreters.length > 0 && interpreters.every((i) => i.fault !== null)
      ? interpreters[0]!.fault
      : null
  const skipped = (stopReason: StopReason, fault: Fault | null): WorkloadRun => ({
    spec,
    interpreters,
    tasks: spec.tasks ?? 0,
    rounds: 0,
    elapsedSeconds: 0,
    stopReason,
    runs: [],
    coroutine: null,
    error: fault,
    base: null
  })
  if (importFault !== null) return skipped('failed', importFault)
  // No interpreter to run on: the run was interrupted before the probe answered.
  if (
    options.signal?.aborted === true ||
    performance.now() > hardDeadline ||
    interpreters.length === 0
  )
    return skipped('skipped', null)
  const labels = new Map(
    interpreters.flatMap((i) => (i.name === null ? [] : [[i.name, i.label] as const]))
  )
  return measureWorkload(target, runtime, {
    cpus: machine.cpus,
    platform: machine.platform,
    softDeadline: performance.now() + spec.budgetSeconds * 1000,
    hardDeadline,
    rules: {
      margin,
      comparison: base === null ? null : { uses: spec.uses, threshold },
      uses: spec.uses,
      ...(interpreters.length > 1 ? { labels } : {})
    },
    onEvent: (event) => options.onProgress?.({ kind: 'measure', workload: spec.name, event }),
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })
}
