// A scripted runtime: sessions that answer instantly with chosen timings and faults. It lets the whole
// pipeline (plan, stop rule, verdict, report) run deterministically in tests, without timing flakes.

import type {
  LoadSessionOutcome,
  Runtime,
  Session,
  SessionOutcome,
  SessionSpec,
  WorkloadCheck
} from '../runtimes/runtime.ts'
import type {
  Fault,
  RoundContention,
  RoundSample,
  RuntimeId,
  RuntimeTraits,
  Strategy,
  WorkloadSpec
} from '../types.ts'
import { PYTHON_TRAITS } from '../runtimes/python/adapter.ts'

/** Which interpreter a scripted session runs on: its index, and whether its GIL is forced on. */
export interface FakeWhere {
  readonly interpreter: number
  readonly gilForced: boolean
}

/** What the GIL did in a scripted harness process. */
export interface FakeGil {
  readonly gilEnabled: boolean | null
  readonly gilEnabledBy: readonly string[]
}

/** One interpreter of the scripted runtime, as its probe describes it. */
export interface FakeInterpreter {
  readonly name: string
  readonly version: string
  readonly freeThreaded: boolean
}

/** What a scripted workload does under each strategy. */
export interface FakeScript {
  /**
   * Wall seconds of `tasks` calls; `call` counts this session's rounds from 0, calibration and
   * warm-up included; `where` says on which interpreter.
   */
  readonly wallSeconds: (
    strategy: Strategy,
    workers: number,
    tasks: number,
    call: number,
    where: FakeWhere
  ) => number
  /** CPUs kept busy while it runs (default: serial and threads 1, processes min(workers, 2)). */
  readonly cpuUse?: (strategy: Strategy, workers: number, where: FakeWhere) => number
  /**
   * The GIL after the module's import (check, open) and after a round. Default: on for a build with
   * a GIL or when forced, off on a free-threaded one; null for a runtime without one (Node).
   */
  readonly gil?: (where: FakeWhere, phase: 'check' | 'open' | 'round') => FakeGil
  /** A fault when opening a session (call -1) or on a round, or null. */
  readonly fault?: (
    strategy: Strategy,
    workers: number,
    phase: 'open' | 'round',
    call: number
  ) => Fault | null
  /**
   * The scheduler reading around a turn (`call` as for wallSeconds); absent or null: unmonitored, as
   * off Linux. Lets a test have turns set aside as contended (measure/set-aside.ts).
   */
  readonly contention?: (
    strategy: Strategy,
    workers: number,
    call: number,
    where: FakeWhere
  ) => RoundContention | null
  readonly bytesToWorkersPerCall?: number
  readonly bytesFromWorkersPerCall?: number
  readonly peakRssBytes?: (strategy: Strategy, workers: number) => number
  /**
   * Whether the harness went idle when the engine waited on it after its turn (default true); false
   * as for a workload that leaves a thread running.
   */
  readonly idle?: (strategy: Strategy, workers: number) => boolean
  /** The function is a coroutine function: serial's calls say they were awaited (default false). */
  readonly coroutine?: boolean
  /** Pre-flight check outcome per workload name (and interpreter index). */
  readonly check?: (
    workload: WorkloadSpec,
    interpreter: number
  ) => Pick<WorkloadCheck, 'configError' | 'fault'>
}

/**
 * What a scripted harness process went through, for tests of the engine's steps: loaded, started, a
 * turn run, waited on until idle, closed (by the engine, or by its own fault, as a real harness is).
 * `harness` numbers the processes in the order they were loaded.
 */
export interface FakeHarnessEvent {
  readonly step: 'load' | 'start' | 'round' | 'idle' | 'close'
  readonly harness: number
  readonly spec: SessionSpec
}

/** The scripted Python interpreter when a test names none: a build with a GIL. */
export const FAKE_PYTHON: FakeInterpreter = {
  name: 'python3',
  version: '3.99.0',
  freeThreaded: false
}

/** The scripted runtime describes itself as CPython unless told otherwise. */
export const FAKE_PYTHON_TRAITS: RuntimeTraits = PYTHON_TRAITS

/**
 * A runtime whose sessions follow `script`: one for every workload, one per workload name, or one
 * chosen by a function of the workload (e.g. of its modulePath, to tell a base checkout apart).
 */
export function createFakeRuntime(
  scripts:
    FakeScript | Readonly<Record<string, FakeScript>> | ((workload: WorkloadSpec) => FakeScript),
  options: {
    readonly id?: RuntimeId
    readonly traits?: RuntimeTraits
    /** The interpreters its probe lists (Python: default one GIL build; Node: always one). */
    readonly interpreters?: readonly FakeInterpreter[]
    /** Told of every step of every scripted harness process. */
    readonly onHarness?: (event: FakeHarnessEvent) => void
  } = {}
): Runtime {
  const scriptFor = (workload: WorkloadSpec): FakeScript => {
    if (typeof scripts === 'function') return scripts(workload)
    return 'wallSeconds' in scripts
      ? (scripts as FakeScript)
      : (scripts as Record<string, FakeScript>)[workload.name]!
  }
  const id = options.id ?? 'python'
  const traits = options.traits ?? FAKE_PYTHON_TRAITS
  const interpreters = options.interpreters ?? [FAKE_PYTHON]
  let loaded = 0
  const gilOf = (
    script: FakeScript,
    where: FakeWhere,
    phase: 'check' | 'open' | 'round'
  ): FakeGil => {
    if (script.gil !== undefined) return script.gil(where, phase)
    if (!traits.hasGil) return { gilEnabled: null, gilEnabledBy: [] }
    const free = interpreters[where.interpreter]?.freeThreaded === true
    return { gilEnabled: !free || where.gilForced, gilEnabledBy: [] }
  }
  return {
    id,
    traits,
    interpreterCount: id === 'node' ? 1 : interpreters.length,
    probe: () =>
      Promise.resolve(
        (id === 'node' ? [FAKE_PYTHON] : interpreters).map((interpreter) => ({
          name: id === 'node' ? null : interpreter.name,
          version: interpreter.version,
          executable: `fake-${interpreter.name}`,
          defaultStartMethod: 'fork',
          freeThreaded: interpreter.freeThreaded,
          gilEnabled: traits.hasGil && !interpreter.freeThreaded,
          gilForcedBy: null
        }))
      ),
    check: (workloads, interpreter = 0) =>
      Promise.resolve(
        workloads.map((workload) => {
          const script = scriptFor(workload)
          return {
            workload: workload.name,
            ...(script.check?.(workload, interpreter) ?? { configError: null, fault: null }),
            ...gilOf(script, { interpreter, gilForced: false }, 'check')
          }
        })
      ),
    loadSession: (spec) => {
      const harness = loaded++
      const tell = (step: FakeHarnessEvent['step']): void =>
        options.onHarness?.({ step, harness, spec })
      return Promise.resolve(
        loadFakeSession(scriptFor(spec.workload), spec, tell, (where, phase) =>
          gilOf(scriptFor(spec.workload), where, phase)
        )
      )
    }
  }
}

/**
 * A scripted harness, loaded. Its `open` fault comes at the start, where a pool's would: loading a
 * scripted module cannot fail.
 */
function loadFakeSession(
  script: FakeScript,
  spec: SessionSpec,
  tell: (step: FakeHarnessEvent['step']) => void,
  gil: (where: FakeWhere, phase: 'open' | 'round') => FakeGil
): LoadSessionOutcome {
  let closed = false
  const close = (): Promise<void> => {
    if (!closed) tell('close')
    closed = true
    return Promise.resolve()
  }
  tell('load')
  return {
    ok: true,
    loaded: {
      start: () => {
        tell('start')
        const outcome = openFakeSession(script, spec, gil, tell, close)
        if (!outcome.ok) void close()
        return Promise.resolve(outcome)
      },
      waitIdle: () => {
        tell('idle')
        return Promise.resolve(true)
      },
      close
    }
  }
}

function openFakeSession(
  script: FakeScript,
  spec: SessionSpec,
  gil: (where: FakeWhere, phase: 'open' | 'round') => FakeGil,
  tell: (step: FakeHarnessEvent['step']) => void,
  closeHarness: () => Promise<void>
): SessionOutcome {
  const { strategy, workers } = spec
  const where: FakeWhere = {
    interpreter: spec.interpreter ?? 0,
    gilForced: spec.gilForced === true
  }
  const openFault = script.fault?.(strategy, workers, 'open', -1) ?? null
  if (openFault !== null) return { ok: false, fault: openFault }
  let closed = false
  let calls = 0
  const session: Session = {
    startupSeconds: strategy === 'serial' || strategy === 'async' ? 0 : 0.001 * workers,
    startMethod: strategy === 'processes' ? 'fork' : null,
    ...gil(where, 'open'),
    runRound(tasks: number, measureBytes: boolean) {
      if (closed)
        return Promise.resolve({
          ok: false as const,
          fault: { kind: 'protocol' as const, message: 'session closed' }
        })
      const call = calls++
      tell('round')
      const fault = script.fault?.(strategy, workers, 'round', call) ?? null
      if (fault !== null) {
        closed = true
        void closeHarness()
        return Promise.resolve({ ok: false as const, fault })
      }
      const wallSeconds = script.wallSeconds(strategy, workers, tasks, call, where)
      const cpuUse =
        script.cpuUse?.(strategy, workers, where) ??
        (strategy === 'processes' ? Math.min(workers, 2) : 1)
      const sample: RoundSample = {
        wallSeconds,
        cpuSeconds: wallSeconds * cpuUse,
        childCpuSeconds: null,
        peakRssBytes:
          script.peakRssBytes?.(strategy, workers) ??
          20e6 * (strategy === 'processes' ? workers + 1 : 1),
        bytesToWorkersPerCall: measureBytes ? (script.bytesToWorkersPerCall ?? 20) : null,
        bytesFromWorkersPerCall: measureBytes ? (script.bytesFromWorkersPerCall ?? 20) : null,
        awaited: strategy === 'serial' || strategy === 'async' ? script.coroutine === true : null,
        ...gil(where, 'round'),
        contention: script.contention?.(strategy, workers, call, where) ?? null
      }
      return Promise.resolve({ ok: true as const, sample })
    },
    waitIdle() {
      tell('idle')
      return Promise.resolve(script.idle?.(strategy, workers) ?? true)
    },
    close() {
      closed = true
      return closeHarness()
    }
  }
  return { ok: true, session }
}
