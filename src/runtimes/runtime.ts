// The contract every runtime adapter fulfils. The engine only ever talks to this interface: nothing
// outside src/runtimes/ branches on the language.

import type {
  Fault,
  RoundSample,
  RuntimeId,
  RuntimeTraits,
  Strategy,
  WorkloadSpec
} from '../types.ts'

/** What a runtime reports of one of its interpreters once, before anything is measured. */
export interface RuntimeProbe {
  /** The interpreter as the config names it ("python3" when defaulted); null where the config cannot choose (Node). */
  readonly name: string | null
  /** e.g. "3.11.7" */
  readonly version: string
  /** Absolute path or command of the interpreter. */
  readonly executable: string
  /** Default start method of process pools (Python), or null. */
  readonly defaultStartMethod: string | null
  /** A build without a global interpreter lock (CPython's free-threaded build). */
  readonly freeThreaded: boolean
  /** A global interpreter lock is on at start-up (a GIL build; PYTHON_GIL=1 on a free-threaded one). */
  readonly gilEnabled: boolean
  /** What forced the lock on at start-up on a free-threaded build ("PYTHON_GIL=1"), or null. */
  readonly gilForcedBy: string | null
}

/** What to open a session for: one workload, one strategy, one worker count, on one interpreter. */
export interface SessionSpec {
  readonly workload: WorkloadSpec
  /** Index of the interpreter in the probe's list (default 0: the first, or the only one). */
  readonly interpreter?: number
  /** Start the interpreter with its global interpreter lock forced on (free-threaded CPython: PYTHON_GIL=1). */
  readonly gilForced?: boolean
  readonly strategy: Strategy
  readonly workers: number
  /**
   * Aborting kills the session's process tree at once, the step in progress included (an interrupted
   * run, or the whole run's budget ending); that step then fails with a `stopped` fault.
   */
  readonly signal?: AbortSignal
}

/** A live harness process for one strategy at one worker count. */
export interface Session {
  /** Seconds the harness took to start its pool (0 for serial and async), timed by the harness. */
  readonly startupSeconds: number
  /** The start method the harness's process pool uses, where the runtime has several. */
  readonly startMethod: string | null
  /** The GIL was on once the module was imported and the pool started; null where the runtime has none. */
  readonly gilEnabled: boolean | null
  /** Modules whose import turned the GIL back on (free-threaded CPython). */
  readonly gilEnabledBy: readonly string[]
  /** Runs one round of `tasks` calls. A fault ends the session: it is closed, and later rounds are not allowed. */
  runRound(tasks: number, measureBytes: boolean): Promise<RoundOutcome>
  /**
   * Waits, up to `maxSeconds`, until the harness's processes stop running after a turn (what the turn
   * left: freed memory, a collector's threads), so that the next contender's turn does not pay for
   * it. True once they are idle or cannot be watched; false when the time ran out first.
   */
  waitIdle(maxSeconds: number, signal?: AbortSignal): Promise<boolean>
  /** Shuts the harness down, killing its process tree if it does not exit promptly. Idempotent. */
  close(): Promise<void>
}

export type SessionOutcome =
  { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly fault: Fault }

/**
 * A harness process that has imported the module (where the harness calls the function itself) and
 * waits to start its strategy: loading takes the interpreter's start-up and the import, untimed, so
 * that the engine can load many at once and still time each start alone.
 */
export interface LoadedSession {
  /** Starts the strategy (timed by the harness); a fault closes the harness. Call it once. */
  start(): Promise<SessionOutcome>
  /** As Session.waitIdle: until the harness's processes stop running after their load. */
  waitIdle(maxSeconds: number, signal?: AbortSignal): Promise<boolean>
  /** Shuts the harness down without starting it. Idempotent. */
  close(): Promise<void>
}

export type LoadSessionOutcome =
  | { readonly ok: true; readonly loaded: LoadedSession }
  | { readonly ok: false; readonly fault: Fault }
export type RoundOutcome =
  | { readonly ok: true; readonly sample: RoundSample }
  | { readonly ok: false; readonly fault: Fault }

/** A problem with a workload found before anything runs: missing function, module that fails to import. */
export interface WorkloadCheck {
  readonly workload: string
  /** A config error (exit 2): the function is missing or not callable. */
  readonly configError: string | null
  /** The module could not be loaded: reported on the workload, the others still run. */
  readonly fault: Fault | null
  /** The GIL was on after the module's import; null where the runtime has none or cannot tell. */
  readonly gilEnabled: boolean | null
  /** Modules whose import turned the GIL back on (free-threaded CPython). */
  readonly gilEnabledBy: readonly string[]
}

export interface Runtime {
  readonly id: RuntimeId
  readonly traits: RuntimeTraits
  /** How many interpreters the probe will describe: the pre-flight checks start beside the probe. */
  readonly interpreterCount: number
  /**
   * Starts each of its interpreters once and describes them, in the order configured (one for a
   * runtime that has only one); a missing or unsupported interpreter is a UsageError.
   */
  probe(): Promise<RuntimeProbe[]>
  /**
   * Imports each module in a throwaway process of interpreter `interpreter` (an index into the
   * probe's list, default 0) and checks the function exists, before anything is measured.
   */
  check(workloads: readonly WorkloadSpec[], interpreter?: number): Promise<WorkloadCheck[]>
  /** Starts a harness for one strategy and loads the workload; faults come back as data. */
  loadSession(spec: SessionSpec): Promise<LoadSessionOutcome>
  /**
   * Waits, up to `maxSeconds`, for a moment when other processes leave the machine's CPUs alone (a
   * turn is about to be taken again after they slowed it); absent where there is no machine to watch
   * (a scripted runtime).
   */
  waitForQuiet?(maxSeconds: number, signal?: AbortSignal): Promise<number>
}

/** Loads a harness and starts it at once, for callers that need no gap between the two. */
export async function openSession(runtime: Runtime, spec: SessionSpec): Promise<SessionOutcome> {
  const outcome = await runtime.loadSession(spec)
  return outcome.ok ? outcome.loaded.start() : outcome
}
