// Domain types shared by every layer: what a workload is, what a measurement holds, what a verdict says.
// Closed sets are const tuples (closed-sets.ts) so that their types, their validation and their
// switches stay in step; their types are derived here.

import type { Static } from 'typebox'
import type {
  CHANGE_VERDICTS,
  FAIL_ON,
  FAULT_KINDS,
  RETIREMENT_CAUSES,
  RUNTIMES,
  START_METHODS,
  STOP_REASONS,
  STRATEGIES,
  VERDICT_CLASSES
} from './closed-sets.ts'
import type {
  BaselineInfoSchema,
  ChangeSchema,
  ComparisonSchema,
  ContentionSummarySchema,
  EnvironmentInterpreterSchema,
  EnvironmentSchema,
  FaultSchema,
  GateOutcomeSchema,
  InterpreterVerdictSchema,
  IntervalSchema,
  MeasurementSchema,
  PredictionSchema,
  ResultsSchema,
  RetirementSchema,
  RunContextSchema,
  ShardSchema,
  WorkloadResultSchema
} from './results/schema.ts'

/**
 * How a workload's independent calls are run: one after another; in flight together on one event loop
 * in one thread (`async`, coroutine functions only: its worker count is the concurrency limit); in a
 * thread pool; or in a process pool.
 */
export type Strategy = (typeof STRATEGIES)[number]

export type RuntimeId = (typeof RUNTIMES)[number]

/** Facts about a runtime that the verdict and the reports need, so that they need not know the language. */
export interface RuntimeTraits {
  /**
   * The runtime's threads are bound by a global interpreter lock unless a build goes without one
   * (CPython, PEP 703). Whether the lock was on for a workload is a fact of each interpreter and
   * workload (GilState), not of the runtime; Node has no such lock.
   */
  readonly hasGil: boolean
  /** What users call each strategy in this runtime, e.g. "ThreadPoolExecutor" or "worker_threads". */
  readonly strategyNames: Readonly<Record<Strategy, string>>
  /** What moves arguments and results between processes, e.g. "pickle". */
  readonly serializer: string
  /** What to do about a coroutine that blocks its event loop by waiting synchronously. */
  readonly unblockWait: string
  /** What to do about a coroutine that blocks its event loop by computing. */
  readonly unblockCompute: string
}

/** Python's multiprocessing start methods; `default` leaves the platform's choice. */
export type StartMethod = (typeof START_METHODS)[number]

export type FailOn = (typeof FAIL_ON)[number]

/**
 * Why a workload got its recommendation. `loop-overlaps-waits`: a coroutine function whose waits one
 * event loop overlaps (async wins); `blocks-event-loop`: a coroutine function that blocks its loop (a
 * synchronous wait or computation), so async stays near 1x while threads or processes scale.
 * `gil-bound`, `releases-gil` and `partly-releases-gil` belong to interpreters whose global interpreter
 * lock is on; `cpu-parallel`, `serialized-in-process` and `partly-serialized-in-process` are their
 * counterparts where threads run code in parallel (Node's worker_threads). On a free-threaded CPython
 * whose GIL stayed off, `parallel-without-gil` (threads run Python in parallel) and
 * `contended-without-gil` (threads do not scale though no GIL holds them: they contend for something
 * in the process); `gil-enabled-by-module` where a module turned the GIL back on. Which recommendations each
 * class may come with: verdict/classify.ts CLASS_RECOMMENDATIONS, and the README's table of classes.
 */
export type VerdictClass = (typeof VERDICT_CLASSES)[number]

/**
 * Whether a global interpreter lock held a workload's threads on one interpreter: `none`, the runtime
 * has no such lock (Node); `on`, a build with the GIL; `forced`, a free-threaded build whose GIL the
 * environment turned on at start-up (PYTHON_GIL=1, -X gil=1); `module`, a free-threaded build whose GIL
 * a module turned back on when it was imported; `off`, a free-threaded build whose GIL stayed off.
 */
export type GilState = 'none' | 'on' | 'forced' | 'module' | 'off'

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

// The results file's records: their shape, descriptions and units are defined once, in
// results/schema.ts, as the JSON Schema the build ships; these are its static types, read-only.
export type Interval = Frozen<Static<typeof IntervalSchema>>
export type Fault = Frozen<Static<typeof FaultSchema>>
export type Measurement = Frozen<Static<typeof MeasurementSchema>>
/** A configuration that stopped being measured before the workload's verdict settled. */
export type Retirement = Frozen<Static<typeof RetirementSchema>>
export type Prediction = Frozen<Static<typeof PredictionSchema>>
export type Change = Frozen<Static<typeof ChangeSchema>>
export type Comparison = Frozen<Static<typeof ComparisonSchema>>
export type WorkloadResult = Frozen<Static<typeof WorkloadResultSchema>>
export type Environment = Frozen<Static<typeof EnvironmentSchema>>
/** A Python interpreter of the run, as probed before anything was measured. */
export type EnvironmentInterpreter = Frozen<Static<typeof EnvironmentInterpreterSchema>>
/** The verdict on one interpreter's runs of a workload. */
export type InterpreterVerdict = Frozen<Static<typeof InterpreterVerdictSchema>>
export type RunContext = Frozen<Static<typeof RunContextSchema>>
export type BaselineInfo = Frozen<Static<typeof BaselineInfoSchema>>
export type GateOutcome = Frozen<Static<typeof GateOutcomeSchema>>
/** How a workload's turns fared against other processes: monitored or not, how many were set aside. */
export type ContentionSummary = Frozen<Static<typeof ContentionSummarySchema>>
/** Which share of the config's workloads a run measured, and how the config was split. */
export type Shard = Frozen<Static<typeof ShardSchema>>
/** The results file, schemaVersion 1. */
export type Results = Frozen<Static<typeof ResultsSchema>>

/** Read-only all the way down, as the engine's records are. */
type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T

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
  /**
   * Interpreters for Python workloads, in the order given (the first is the one the project runs
   * today: every speedup is against its serial); null means `python3` on PATH.
   */
  readonly python: readonly string[] | null
  /** Where `python` came from, for error messages: "--python", "action input python", "ca.yml:2: python". */
  readonly pythonSource: string
  /**
   * A free-threaded interpreter given alone also runs the threads contenders with the GIL forced on
   * (PYTHON_GIL=1), to show what the build's freedom is worth (config `gil-comparison`).
   */
  readonly gilComparison: boolean
  /** Relative speed difference treated as noise when picking the lighter strategy (0.1 = 10%). */
  readonly margin: number
  readonly workloads: readonly WorkloadSpec[]
}

/** How a strategy failed: its code raised, its process exited or was killed, it ran out of time or memory. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/** One measured round of one strategy at one worker count. */
export interface RoundSample {
  /** Wall-clock seconds for all the round's calls, results received. */
  readonly wallSeconds: number
  /**
   * User+system CPU seconds of all the strategy's processes during the round, the processes that the
   * workload's code started included (alive or reaped; see README "CPU time"); null if unknown.
   */
  readonly cpuSeconds: number | null
  /**
   * The part of cpuSeconds spent in processes the workload's code started (not the pool's workers),
   * in CPU seconds; null where the platform cannot tell (Node off Linux, Windows).
   */
  readonly childCpuSeconds: number | null
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
  /**
   * A global interpreter lock was on in the strategy's processes at the end of the round; null or
   * absent where the runtime has none or cannot tell.
   */
  readonly gilEnabled?: boolean | null
  /** Modules whose import turned the GIL back on in the strategy's processes so far (free-threaded CPython). */
  readonly gilEnabledBy?: readonly string[]
  /**
   * The CPU the turn's processes wanted and did not get, read just before and just after it
   * (runtimes/contention.ts); null or absent where it could not be read (unmonitored).
   */
  readonly contention?: RoundContention | null
}

/** A turn that other processes slowed: kept for the record, counted by no rule (stats/contention.ts). */
export interface SetAsideTurn {
  /** The 0-based round it belonged to. */
  readonly round: number
  readonly sample: RoundSample
  /** CPU seconds it lost to other processes (or the hypervisor). */
  readonly lostSeconds: number
  /** lostSeconds over the CPU it wanted: about 1 - 1/slowdown for a CPU-bound turn. */
  readonly lostShare: number
  /** "the workers waited 0.6 s for a CPU; other processes ran 0.9 s" */
  readonly reason: string
}

/**
 * The CPU a round's processes wanted and did not get, and what the rest of the machine did meanwhile:
 * Linux's scheduler accounting read just before a round and just after it (runtimes/contention.ts).
 * Seconds of CPU time are summed over tasks or CPUs, so they can exceed the window.
 */
export interface RoundContention {
  /** Seconds between the two readings: the round's wall time plus the command's round trip. */
  readonly windowSeconds: number
  /**
   * Seconds the contender's tasks (the harness, its threads, its pool's workers and what they started)
   * spent runnable but waiting for a CPU, summed over tasks (/proc/PID/task/TID/schedstat).
   */
  readonly waitSeconds: number
  /** CPU seconds the same tasks ran. */
  readonly runSeconds: number
  /** Tasks (threads) whose counters were read at both ends or were born in between. */
  readonly tasks: number
  /** Minor page faults of the same tasks; null where a task's stat file could not be read. */
  readonly faults: number | null
  /**
   * System CPU seconds of the same tasks, in clock ticks (a hundredth of a second each, per task),
   * null with `faults`: the kernel's share of runSeconds, page faults included.
   */
  readonly systemSeconds: number | null
  /**
   * How far systemSeconds may be from what the tasks spent, either way: a tick for each task whose
   * faults or system time advanced (each count is whole ticks at both readings); null with it.
   */
  readonly systemSlackSeconds: number | null
  /**
   * CPU seconds the machine was busy on the CPUs the tool may use (its affinity), summed over them,
   * steal excluded: the contender's own run time and everyone else's; null where unknown.
   */
  readonly machineBusySeconds: number | null
  /**
   * How far machineBusySeconds may be from what the CPUs did, either way: a clock tick per CPU (each
   * CPU's count is whole ticks at both readings); null with it. A turn of 50 ms on two CPUs read
   * others' time 13 ms low to 19 ms high while every other task of the machine ran 0 to 4 ms.
   */
  readonly machineBusySlackSeconds: number | null
  /** CPU seconds the hypervisor ran other guests on the same CPUs; null where unknown. */
  readonly stealSeconds: number | null
  /** How many CPUs the busy and steal times are summed over; null where unknown. */
  readonly machineCpus: number | null
  /**
   * Seconds during which at least one runnable task of the machine waited for a CPU
   * (/proc/pressure/cpu "some"); null where the kernel does not report it.
   */
  readonly pressureSeconds: number | null
  /** The same within this process's cgroup; null where it has no pressure file of its own. */
  readonly cgroupPressureSeconds: number | null
}

/**
 * Why a configuration stopped before the verdict settled: `one-worker` pools are no candidate and run
 * one round for their hand-off overhead; `behind` means clearly slower, beyond the margin, than the best
 * worker count of its strategy or than the leading strategy; `no-gain` means more workers than the
 * strategy's best and clearly no faster than it by more than the margin, so it cannot change the
 * recommended worker count (the fewest within the margin of the best); `twin` is a base checkout's
 * configuration whose twin in the checkout under test stopped.
 */
export type RetirementCause = (typeof RETIREMENT_CAUSES)[number]

/** How a ratio head/base compares with the threshold, given its confidence interval. */
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number]

/** What to compare the workloads with. */
export type Baseline =
  /** An earlier run's results file, e.g. the base branch's, kept as an artifact. */
  | { readonly kind: 'file'; readonly source: string; readonly results: Results }
  /** Another checkout of the repository, measured in the same interleaved rounds. */
  | {
      readonly kind: 'checkout'
      readonly source: string
      readonly dir: string
      readonly sha: string | null
    }

/** The raw record of one strategy at one worker count across a workload's rounds. */
export interface StrategyRun {
  /**
   * The interpreter it ran on, as the config names it; null where the runtime has only one (Node).
   * Runs of several interpreters share the same interleaved rounds.
   */
  readonly interpreter: string | null
  /**
   * Run with the global interpreter lock forced on (PYTHON_GIL=1) on a free-threaded interpreter, as
   * the twin of the same configuration without it: evidence, never a candidate for the verdict.
   */
  readonly gilForced: boolean
  readonly strategy: Strategy
  readonly workers: number
  /** Seconds to start the pool, or null when it never started. */
  readonly startupSeconds: number | null
  readonly startMethod: string | null
  /**
   * Sample of measured round k at index k; null for a round this strategy did not complete, and for a
   * turn set aside as contended (setAside keeps it), so that no rule counts it.
   */
  readonly samples: readonly (RoundSample | null)[]
  /** Turns set aside because other processes or the host slowed them (reason says which), in round order; absent: none. */
  readonly setAside?: readonly SetAsideTurn[]
  /** Sizes measured in the warm-up (per call), or null. */
  readonly bytesToWorkersPerCall: number | null
  readonly bytesFromWorkersPerCall: number | null
  /** The fault that ended this strategy, if any (as Measurement.error in the results file). */
  readonly error: Fault | null
  /** Set when the race stopped this configuration before the verdict settled. */
  readonly stopped: Retirement | null
  /** Some process of this configuration had the GIL on (after the module's import or a round); null if unknown. */
  readonly gilEnabled: boolean | null
  /** Modules whose import turned the GIL back on in its processes. */
  readonly gilEnabledBy: readonly string[]
}

/** One interpreter a workload is measured on, as probed and as the pre-flight check saw it. */
export interface RunInterpreter {
  /** As the config names it (`python3` when defaulted); null where the runtime has one (Node). */
  readonly name: string | null
  /** For reports: "3.13" or "3.13t"; the config name where two interpreters of the run share one. */
  readonly label: string
  /** e.g. "3.13.5" */
  readonly version: string
  /** A build without a global interpreter lock (CPython's free-threaded build, PEP 703). */
  readonly freeThreaded: boolean
  /** The lock was on at start-up: a build with it, or the environment forced it on. */
  readonly gilEnabledAtStart: boolean
  /** What forced it on at start-up on a free-threaded build ("PYTHON_GIL=1", "-X gil=1"), or null. */
  readonly gilForcedBy: string | null
  /** The GIL was on after the pre-flight import of the workload's module; null if unknown. */
  readonly checkGilEnabled: boolean | null
  /** Modules whose import turned the GIL on in the pre-flight check. */
  readonly checkGilEnabledBy: readonly string[]
  /** The module failed to load on this interpreter: none of its contenders ran. */
  readonly fault: Fault | null
}

/**
 * Why the rounds of a workload stopped. `futile`: the verdict was still open and, at the pace its
 * intervals were narrowing, would not have settled within the budget or the round cap.
 */
export type StopReason = (typeof STOP_REASONS)[number]

/** Everything measured for one workload, before statistics and verdict. */
export interface WorkloadRun {
  readonly spec: WorkloadSpec
  /** The interpreters it ran on, in config order (one for a runtime that has only one). */
  readonly interpreters: readonly RunInterpreter[]
  /** Calls per round. */
  readonly tasks: number
  /** Measured rounds (interleaved passes over the strategies). */
  readonly rounds: number
  readonly elapsedSeconds: number
  readonly stopReason: StopReason
  readonly runs: readonly StrategyRun[]
  /** Serial's first call returned an awaitable; null when it never completed. */
  readonly coroutine: boolean | null
  /** A fault of the whole workload (module import failed), else null (as WorkloadResult.error). */
  readonly error: Fault | null
  /** The same workload from the compared checkout, measured in the same interleaved rounds, or null. */
  readonly base: { readonly spec: WorkloadSpec; readonly runs: readonly StrategyRun[] } | null
  /** How the head's turns fared against other processes; absent where nothing was measured. */
  readonly contention?: ContentionSummary
}
