// The one pipeline shared by the CLI and the action: config -> pre-flight checks -> measurements ->
// statistics -> verdicts -> Results. It knows nothing of GitHub, terminals or files.

import { invalid } from './errors.ts'
import { probeMachine } from './measure/environment.ts'
import type { Machine } from './measure/environment.ts'
import { measureWorkload } from './measure/run.ts'
import type { MeasureEvent } from './measure/run.ts'
import type { Runtime } from './runtimes/runtime.ts'
import { createRuntime } from './runtimes/select.ts'
import { summarize } from './stats/measurements.ts'
import type {
  Config,
  Environment,
  Fault,
  Results,
  RunContext,
  RuntimeId,
  StopReason,
  WorkloadResult,
  WorkloadRun,
  WorkloadSpec
} from './types.ts'
import { classify } from './verdict/classify.ts'
import { decide } from './verdict/recommend.ts'
import { TOOL_VERSION } from './version.ts'

/** Progress of a run, for live output. */
export type ProgressEvent =
  | {
      readonly kind: 'workload-start'
      readonly workload: string
      readonly index: number
      readonly total: number
    }
  | { readonly kind: 'measure'; readonly workload: string; readonly event: MeasureEvent }
  | {
      readonly kind: 'workload-done'
      readonly workload: string
      readonly index: number
      readonly total: number
      readonly result: WorkloadResult
    }

export interface EngineOptions {
  /** Seconds the whole run may take; workloads not reached are reported as not measured. */
  readonly budgetSeconds: number | null
  /** Where the run happens (runner, PR, commit); the action fills it, the CLI leaves it null. */
  readonly context: RunContext | null
  readonly onProgress?: (event: ProgressEvent) => void
  /** Aborting stops measuring; what was measured is still returned, marked interrupted. */
  readonly signal?: AbortSignal
  /** Where `--python` came from, for error messages. */
  readonly pythonSource?: string
  /** Builds runtime adapters; tests pass a scripted one. */
  readonly createRuntime?: (id: RuntimeId) => Runtime
  /** Overrides the probed machine (tests). */
  readonly machine?: Machine
}

/** Measures every workload of a config and returns the verdicts. Throws UsageError for config problems found before measuring. */
export async function advise(config: Config, options: EngineOptions): Promise<Results> {
  const startedAt = new Date()
  const started = performance.now()
  const hardDeadline =
    options.budgetSeconds === null ? Infinity : started + options.budgetSeconds * 1000
  const machine = options.machine ?? probeMachine()
  const make =
    options.createRuntime ??
    ((id: RuntimeId) =>
      createRuntime(id, {
        python: config.python,
        pythonSource: options.pythonSource ?? config.file,
        cwd: config.baseDir
      }))

  const runtimes = new Map<RuntimeId, Runtime>()
  for (const workload of config.workloads) {
    if (!runtimes.has(workload.runtime)) runtimes.set(workload.runtime, make(workload.runtime))
  }
  const python = runtimes.has('python') ? await runtimes.get('python')!.probe() : null

  // Pre-flight: a missing function is a config error (exit 2) before anything is measured; a module
  // that fails to import is that workload's fault, and the others still run.
  const importFaults = new Map<string, Fault>()
  for (const [id, runtime] of runtimes) {
    const workloads = config.workloads.filter((workload) => workload.runtime === id)
    for (const check of await runtime.check(workloads)) {
      const spec = workloads.find((workload) => workload.name === check.workload)!
      if (check.configError !== null) {
        throw invalid(
          `${config.file}:${spec.line}`,
          `workloads (${spec.name}).function`,
          `${spec.module} ${check.configError}`
        )
      }
      if (check.fault !== null) importFaults.set(spec.name, check.fault)
    }
  }

  const results: WorkloadResult[] = []
  const total = config.workloads.length
  for (const [index, spec] of config.workloads.entries()) {
    const runtime = runtimes.get(spec.runtime)!
    options.onProgress?.({ kind: 'workload-start', workload: spec.name, index, total })
    const run = await measureOne(spec, runtime, importFaults.get(spec.name) ?? null, {
      machine,
      hardDeadline,
      margin: config.margin,
      options
    })
    const result = judge(run, runtime, config.margin)
    results.push(result)
    options.onProgress?.({ kind: 'workload-done', workload: spec.name, index, total, result })
  }

  const environment: Environment = {
    cpus: machine.cpus,
    hostCpus: machine.hostCpus,
    platform: machine.platform,
    arch: machine.arch,
    osRelease: machine.osRelease,
    python: python?.version ?? null,
    pythonExecutable: python?.executable ?? null,
    pythonStartMethod: python?.defaultStartMethod ?? null,
    node: machine.node
  }
  return {
    schemaVersion: 1,
    tool: { name: 'concurrency-advisor', version: TOOL_VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    configFile: config.file,
    environment,
    context: options.context,
    interrupted: results.some(
      (result) => result.stopReason === 'interrupted' || result.stopReason === 'skipped'
    ),
    workloads: results
  }
}

interface MeasureContext {
  readonly machine: Machine
  readonly hardDeadline: number
  readonly margin: number
  readonly options: EngineOptions
}

async function measureOne(
  spec: WorkloadSpec,
  runtime: Runtime,
  importFault: Fault | null,
  context: MeasureContext
): Promise<WorkloadRun> {
  const { machine, hardDeadline, margin, options } = context
  const skipped = (stopReason: StopReason, fault: Fault | null): WorkloadRun => ({
    spec,
    tasks: spec.tasks ?? 0,
    rounds: 0,
    elapsedSeconds: 0,
    stopReason,
    runs: [],
    fault
  })
  if (importFault !== null) return skipped('failed', importFault)
  if (options.signal?.aborted === true || performance.now() > hardDeadline)
    return skipped('skipped', null)
  return measureWorkload(spec, runtime, {
    cpus: machine.cpus,
    platform: machine.platform,
    softDeadline: performance.now() + spec.budgetSeconds * 1000,
    hardDeadline,
    isSettled: (runs) => decide(runs, margin).settled,
    onEvent: (event) => options.onProgress?.({ kind: 'measure', workload: spec.name, event }),
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })
}

/** Statistics and verdict for one measured workload. */
export function judge(run: WorkloadRun, runtime: Runtime, margin: number): WorkloadResult {
  const { spec } = run
  const measurements = summarize(run)
  const decision = decide(run.runs, margin)
  const { class: verdictClass, reason } =
    run.fault !== null
      ? { class: 'failed' as const, reason: `The module failed to load: ${run.fault.message}.` }
      : run.stopReason === 'skipped'
        ? {
            class: 'not-measured' as const,
            reason: 'Not measured: the run was stopped or its budget ran out first.'
          }
        : classify({
            decision,
            measurements,
            traits: runtime.traits,
            margin,
            tasks: run.tasks,
            rounds: run.rounds
          })
  const uncertain = decision.recommendation !== null && !decision.settled
  const why = uncertain ? `${reason} ${uncertainty(run)}` : reason
  const serial = measurements.find((m) => m.strategy === 'serial')
  return {
    name: spec.name,
    runtime: spec.runtime,
    module: spec.module,
    function: spec.function,
    line: spec.line,
    tasks: run.tasks,
    callSeconds:
      serial?.wallSeconds !== undefined && serial.wallSeconds !== null && run.tasks > 0
        ? serial.wallSeconds / run.tasks
        : null,
    uses: spec.uses,
    recommendation: decision.recommendation,
    workers: decision.workers,
    class: verdictClass,
    reason: why,
    mismatch:
      spec.uses !== null &&
      decision.recommendation !== null &&
      spec.uses !== decision.recommendation,
    uncertain,
    rounds: run.rounds,
    stopReason: run.stopReason,
    elapsedSeconds: run.elapsedSeconds,
    startMethod:
      run.runs.find((r) => r.strategy === 'processes' && r.startMethod !== null)?.startMethod ??
      null,
    measurements,
    error: run.fault,
    predictions: []
  }
}

function uncertainty(run: WorkloadRun): string {
  switch (run.stopReason) {
    case 'interrupted':
    case 'skipped':
      return `Uncertain: the run was interrupted after ${run.rounds} rounds.`
    case 'budget':
      return `Uncertain: the intervals had not settled when the budget ran out after ${run.rounds} rounds.`
    case 'max-rounds':
      return `Uncertain: the intervals had not settled after ${run.rounds} rounds.`
    case 'failed':
      return `Uncertain: strategies failed after ${run.rounds} rounds.`
    case 'settled':
      return 'Uncertain.'
  }
}
