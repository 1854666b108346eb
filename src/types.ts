// Domain types shared by every layer: what a workload is, what a measurement holds, what a verdict says.
// Closed sets are const tuples so that their types, their validation and their switches stay in step.

/** In order of lightness: ties within the margin go to the earlier one. */
export const STRATEGIES = ['serial', 'async', 'threads', 'processes'] as const
/**
 * How a workload's independent calls are run: one after another; in flight together on one event loop
 * in one thread (`async`, coroutine functions only: its worker count is the concurrency limit); in a
 * thread pool; or in a process pool.
 */
export type Strategy = (typeof STRATEGIES)[number]

export const RUNTIMES = ['python', 'node'] as const
export type RuntimeId = (typeof RUNTIMES)[number]

/** Python's multiprocessing start methods; `default` leaves the platform's choice. */
export const START_METHODS = ['default', 'fork', 'spawn', 'forkserver'] as const
export type StartMethod = (typeof START_METHODS)[number]

export const FAIL_ON = ['never', 'mismatch', 'regression', 'any'] as const
export type FailOn = (typeof FAIL_ON)[number]

/**
 * Why a workload got its recommendation. `loop-overlaps-waits`: a coroutine function whose waits one
 * event loop overlaps (async wins); `blocks-event-loop`: a coroutine function that blocks its loop (a
 * synchronous wait or computation), so async stays near 1x while threads or processes scale. `gil-bound` and `releases-gil` belong to runtimes with a global
 * interpreter lock; `cpu-parallel` and `serialized-in-process` are their counterparts where threads run
 * code in parallel (Node's worker_threads).
 */
export const VERDICT_CLASSES = [
  'io-bound',
  'loop-overlaps-waits',
  'blocks-event-loop',
  'gil-bound',
  'releases-gil',
  'cpu-parallel',
  'serialized-in-process',
  'overhead-bound',
  'transfer-bound',
  'unsupported-in-threads',
  'does-not-scale',
  'failed',
  'not-measured'
] as const
export type VerdictClass = (typeof VERDICT_CLASSES)[number]

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** One workload from the config file, validated and resolved. */
export interface WorkloadSpec {
  readonly name: string
  readonly runtime: RuntimeId
  /** The module path as written in the config. */
  readonly module: string
  /** The module's absolute path on this machine. */
  readonly modulePath: string
  readonly function: string
  /** Positional arguments of every call. */
  readonly args: readonly JsonValue[]
  /** Calls per measured round; null lets the tool choose from a calibration run. */
  readonly tasks: number | null
  /** The model the code uses today, if declared. */
  readonly uses: Strategy | null
  /** Seconds one step of one strategy (start-up with warm-up, or one round) may take. */
  readonly timeoutSeconds: number
  /** Seconds of measuring this workload may take before the verdict is given as it stands. */
  readonly budgetSeconds: number
  /** Summed resident memory the workload's processes may use, in bytes; null for no limit. */
  readonly memoryBytes: number | null
  readonly startMethod: StartMethod
  /** 1-based line of the workload's entry in the config file, for annotations. */
  readonly line: number
}

/** The validated config file. */
export interface Config {
  /** The config path as the user gave it. */
  readonly file: string
  /** Absolute directory that module paths are relative to. */
  readonly baseDir: string
  /** Interpreter for Python workloads; null means `python3` on PATH. */
  readonly python: string | null
  /** Relative speed difference treated as noise when picking the lighter strategy (0.1 = 10%). */
  readonly margin: number
  readonly workloads: readonly WorkloadSpec[]
}

export const FAULT_KINDS = ['exception', 'exit', 'signal', 'timeout', 'memory', 'protocol'] as const
/** How a strategy failed: its code raised, its process exited or was killed, it ran out of time or memory. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/** A fault of the workload's code or processes, recorded as data rather than thrown. */
export interface Fault {
  readonly kind: FaultKind
  /** One line a person can act on, e.g. "ValueError: bad input" or "killed by SIGSEGV". */
  readonly message: string
  /** Exception class name (Python) or error name (JS), for `exception`. */
  readonly type?: string
  /** Error code such as ERR_WORKER_UNSUPPORTED_OPERATION, where the runtime gives one. */
  readonly code?: string
  readonly exitCode?: number
  readonly signal?: string
  /** The last lines of a traceback or of stderr. */
  readonly detail?: string
}

/** One measured round of one strategy at one worker count. */
export interface RoundSample {
  /** Wall-clock seconds for all the round's calls, results received. */
  readonly wallSeconds: number
  /** User+system CPU seconds of all the strategy's processes during the round; null if unknown. */
  readonly cpuSeconds: number | null
  /** Peak resident set so far, summed over the strategy's processes, in bytes; null if unknown. */
  readonly peakRssBytes: number | null
  /** Bytes serialized to workers per call (pickle / structured clone); null where not measured. */
  readonly bytesToWorkersPerCall: number | null
  /** Bytes serialized back from workers per call; null where not measured. */
  readonly bytesFromWorkersPerCall: number | null
  /**
   * The calls returned awaitables (a Python coroutine, a JS promise) that the harness awaited; null or
   * absent where the harness cannot tell (the calls ran in other processes or threads).
   */
  readonly awaited?: boolean | null
}

/** Confidence interval of a median. */
export interface Interval {
  readonly low: number
  readonly high: number
  /** Coverage probability actually achieved (order statistics give discrete levels), e.g. 0.96. */
  readonly confidence: number
}

export const RETIREMENT_CAUSES = ['one-worker', 'behind', 'no-gain', 'twin'] as const
/**
 * Why a configuration stopped before the verdict settled: `one-worker` pools are no candidate and run
 * one round for their hand-off overhead; `behind` means clearly slower, beyond the margin, than the best
 * worker count of its strategy or than the leading strategy; `no-gain` means more workers than the
 * strategy's best and clearly no faster than it by more than the margin, so it cannot change the
 * recommended worker count (the fewest within the margin of the best); `twin` is a base checkout's
 * configuration whose twin in the checkout under test stopped.
 */
export type RetirementCause = (typeof RETIREMENT_CAUSES)[number]

/** A configuration that stopped being measured before the workload's verdict settled. */
export interface Retirement {
  /** Measured rounds it ran before it stopped. */
  readonly afterRounds: number
  readonly cause: RetirementCause
  /** The configuration it was compared with, or null for `one-worker` and `twin`. */
  readonly versus: { readonly strategy: Strategy; readonly workers: number } | null
  /** Its wall time over `versus`' wall time, median of the paired rounds; null without `versus`. */
  readonly ratio: number | null
  /**
   * The one-sided bound on that ratio that decided it, at SETTLE_CONFIDENCE: a lower bound above
   * 1 + margin for `behind`, above 1 / (1 + margin) for `no-gain`; null without `versus`.
   */
  readonly bound: number | null
  /** One sentence with the figures, e.g. "stopped after 4 rounds: 0.95x, clearly behind processes ×2 at 1.9x". */
  readonly reason: string
}

/** What one strategy at one worker count measured, summarised over its rounds. */
export interface Measurement {
  readonly strategy: Strategy
  /** Pool size; for `async`, the concurrency limit (calls in flight together on the loop); 1 for serial. */
  readonly workers: number
  /** Rounds that completed (the warm-up excluded). */
  readonly rounds: number
  /** Median wall seconds of a round (all `tasks` calls); null when no round completed. */
  readonly wallSeconds: number | null
  /** Confidence interval of the median wall seconds. */
  readonly interval: Interval | null
  /** Serial wall time over this wall time, median of per-round ratios (serial is 1). */
  readonly speedup: number | null
  /** Confidence interval of the speedup. */
  readonly speedupInterval: Interval | null
  /** Median CPU seconds (user+system, all processes) of a round. */
  readonly cpuSeconds: number | null
  /** CPUs kept busy on average: cpuSeconds / wallSeconds. */
  readonly cpuUse: number | null
  /** Largest peak resident memory seen, summed over the strategy's processes, in bytes. */
  readonly peakRssBytes: number | null
  /** Seconds to start the pool with all its workers (0 for serial), outside the rounds. */
  readonly startupSeconds: number | null
  /** Serialized bytes sent to a worker per call (arguments), as pickle or structured clone would send them. */
  readonly bytesToWorkersPerCall: number | null
  /** Serialized bytes sent back per call (the result). */
  readonly bytesFromWorkersPerCall: number | null
  /** What went wrong, when the strategy failed; rounds measured before the fault are kept. */
  readonly error: Fault | null
  /** Set when this configuration stopped being measured before the verdict settled; null otherwise. */
  readonly stopped: Retirement | null
  /** Wall seconds of each measured round (index = round; null where it had none), for later comparisons. */
  readonly wallSamples: readonly (number | null)[]
}

/** Predicted speedup on a machine with more CPUs, from a scaling law fitted to the worker sweep. */
export interface Prediction {
  readonly strategy: 'threads' | 'processes'
  readonly model: 'amdahl' | 'usl'
  /** Fitted parameters: Amdahl's serial fraction; USL's contention (sigma) and coherency (kappa). */
  readonly parameters: Readonly<Record<string, number>>
  /** Root-mean-square error of the fit on the measured speedups. */
  readonly fitError: number
  /** Worker counts whose speedups were fitted (see stats/scaling.ts for which are left out). */
  readonly fittedWorkers: readonly number[]
  /** Why to read the prediction with care (too few points to judge the fit, a poor fit), or null. */
  readonly caveat: string | null
  readonly points: readonly { readonly cpus: number; readonly speedup: number }[]
}

/** The verdict on one workload with its evidence. */
export interface WorkloadResult {
  readonly name: string
  readonly runtime: RuntimeId
  readonly module: string
  readonly function: string
  /** 1-based line of the workload in the config file (results.configFile), for annotations. */
  readonly line: number
  /** Calls per round. */
  readonly tasks: number
  /** Seconds one call takes, from the serial rounds; null when serial failed. */
  readonly callSeconds: number | null
  readonly uses: Strategy | null
  /**
   * The function is a coroutine function (its calls return a Python coroutine or a JS promise), as
   * serial's first call showed; null when no call completed. Only coroutine functions have `async`
   * measurements: a synchronous function has nothing for an event loop to overlap.
   */
  readonly coroutine: boolean | null
  /** null when no strategy worked. */
  readonly recommendation: Strategy | null
  /** Worker count of the recommended strategy (1 for serial). */
  readonly workers: number | null
  readonly class: VerdictClass
  /** One sentence with the figures that decided it. */
  readonly reason: string
  /** `uses` is declared and differs from the recommendation. */
  readonly mismatch: boolean
  /** The intervals did not settle before the budget ran out: the recommendation is the best guess. */
  readonly uncertain: boolean
  /** Measured rounds of the workload (serial ran them all; a configuration the race stopped ran fewer). */
  readonly rounds: number
  /** Why the rounds stopped: settled intervals, the budget, a fault, an interruption. */
  readonly stopReason: StopReason
  readonly elapsedSeconds: number
  /** Start method of the process pool, where the runtime has several. */
  readonly startMethod: string | null
  readonly measurements: readonly Measurement[]
  /** A fault of the whole workload (its module failed to import), else null. */
  readonly error: Fault | null
  readonly predictions: readonly Prediction[]
  /** Head against base (a baseline file or a checkout measured alongside), or null without one. */
  readonly comparison: Comparison | null
}

export const CHANGE_VERDICTS = ['regression', 'improvement', 'unchanged', 'inconclusive'] as const
/** How a ratio head/base compares with the threshold, given its confidence interval. */
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number]

/** One metric of a workload, head against base: above 1 is better for head. */
export interface Change {
  readonly strategy: Strategy
  readonly workers: number
  /** Base and head values: calls per second for throughput, speedup over serial for speedup. */
  readonly base: number
  readonly head: number
  /** head / base (median of per-round ratios when paired, ratio of medians otherwise). */
  readonly ratio: number
  readonly interval: Interval | null
  readonly verdict: ChangeVerdict
}

/** A workload compared with its base. */
export interface Comparison {
  /** paired: rounds interleaved with the base's in this run; bootstrap: against a baseline file. */
  readonly method: 'paired' | 'bootstrap'
  /** Calls per second of the strategy the workload uses (or else the recommended one). */
  readonly throughput: Change | null
  /** Speedup of the concurrent strategy (async, threads or processes) that did best on base, at its worker count. */
  readonly speedup: Change | null
  readonly baseRecommendation: Strategy | null
  readonly baseWorkers: number | null
  /** A metric slowed down beyond the threshold with its whole interval. */
  readonly regression: boolean
  /** One sentence with the figures. */
  readonly summary: string
}

/** What the results were compared with. */
export interface BaselineInfo {
  readonly kind: 'file' | 'checkout'
  /** The baseline file or the compared directory, as given. */
  readonly source: string
  /** Slowdown tolerated before it counts, as applied, as a fraction (0.1 = 10%). */
  readonly threshold: number
  /** The threshold asked for; a baseline file raises it to at least 25% (see verdict/regression.ts). */
  readonly requestedThreshold: number
  /** The base run's commit, where known. */
  readonly sha: string | null
}

/** The outcome of the merge gates (`--fail-on`). */
export interface GateOutcome {
  readonly failOn: FailOn
  readonly failed: boolean
  /** One line per failure: workload, what failed, the figures. */
  readonly failures: readonly string[]
  /** Things that did not fail the gate but a reader should know (an uncertain mismatch, no baseline). */
  readonly notes: readonly string[]
}

/** The machine the measurements were taken on. */
export interface Environment {
  /** CPUs this process may use: affinity and cgroup quota applied. */
  readonly cpus: number
  /** CPUs the host has. */
  readonly hostCpus: number
  readonly platform: NodeJS.Platform
  readonly arch: string
  readonly osRelease: string
  /** Python version used for Python workloads, or null when none ran. */
  readonly python: string | null
  readonly pythonExecutable: string | null
  readonly pythonStartMethod: string | null
  /** Node version running the engine and Node workloads. */
  readonly node: string
}

/** Where a run happened, for reports that merge runs from several runners (filled by the action). */
export interface RunContext {
  readonly runner: string | null
  readonly repository: string | null
  readonly pullRequest: number | null
  readonly headSha: string | null
  readonly baseSha: string | null
  readonly runId: string | null
  readonly job: string | null
}

/** The results file, schemaVersion 1. */
export interface Results {
  readonly schemaVersion: 1
  readonly tool: { readonly name: 'concurrency-advisor'; readonly version: string }
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationSeconds: number
  readonly configFile: string
  readonly environment: Environment
  readonly context: RunContext | null
  /** True when the run was cut short (signal, whole-run budget); what was measured is kept. */
  readonly interrupted: boolean
  readonly workloads: readonly WorkloadResult[]
  /** What the workloads were compared with, or null. */
  readonly baseline: BaselineInfo | null
  /** The gate's outcome, or null when no gate was asked for (fail-on never). */
  readonly gate: GateOutcome | null
}

/** The raw record of one strategy at one worker count across a workload's rounds. */
export interface StrategyRun {
  readonly strategy: Strategy
  readonly workers: number
  /** Seconds to start the pool, or null when it never started. */
  readonly startupSeconds: number | null
  readonly startMethod: string | null
  /** Sample of measured round k at index k; null for a round this strategy did not complete. */
  readonly samples: readonly (RoundSample | null)[]
  /** Sizes measured in the warm-up (per call), or null. */
  readonly bytesToWorkersPerCall: number | null
  readonly bytesFromWorkersPerCall: number | null
  /** The fault that ended this strategy, if any. */
  readonly fault: Fault | null
  /** Set when the race stopped this configuration before the verdict settled. */
  readonly stopped: Retirement | null
}

export const STOP_REASONS = [
  'settled',
  'budget',
  'max-rounds',
  'futile',
  'failed',
  'interrupted',
  'skipped'
] as const
/**
 * Why the rounds of a workload stopped. `futile`: the verdict was still open and, at the pace its
 * intervals were narrowing, would not have settled within the budget or the round cap.
 */
export type StopReason = (typeof STOP_REASONS)[number]

/** Everything measured for one workload, before statistics and verdict. */
export interface WorkloadRun {
  readonly spec: WorkloadSpec
  /** Calls per round. */
  readonly tasks: number
  /** Measured rounds (interleaved passes over the strategies). */
  readonly rounds: number
  readonly elapsedSeconds: number
  readonly stopReason: StopReason
  readonly runs: readonly StrategyRun[]
  /** Serial's first call returned an awaitable; null when it never completed. */
  readonly coroutine: boolean | null
  /** A fault of the whole workload (module import failed), else null. */
  readonly fault: Fault | null
  /** The same workload from the compared checkout, measured in the same interleaved rounds, or null. */
  readonly base: { readonly spec: WorkloadSpec; readonly runs: readonly StrategyRun[] } | null
}
