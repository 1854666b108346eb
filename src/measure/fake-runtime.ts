// A scripted runtime: sessions that answer instantly with chosen timings and faults. It lets the whole
// pipeline (plan, stop rule, verdict, report) run deterministically in tests, without timing flakes.

import type {
  Runtime,
  Session,
  SessionOutcome,
  SessionSpec,
  WorkloadCheck
} from '../runtimes/runtime.ts'
import type {
  Fault,
  RoundSample,
  RuntimeId,
  RuntimeTraits,
  Strategy,
  WorkloadSpec
} from '../types.ts'
import { PYTHON_TRAITS } from '../runtimes/python/adapter.ts'

/** What a scripted workload does under each strategy. */
export interface FakeScript {
  /** Wall seconds of `tasks` calls; `call` counts this session's rounds from 0, calibration and warm-up included. */
  readonly wallSeconds: (strategy: Strategy, workers: number, tasks: number, call: number) => number
  /** CPUs kept busy while it runs (default: serial and threads 1, processes min(workers, 2)). */
  readonly cpuUse?: (strategy: Strategy, workers: number) => number
  /** A fault when opening a session (call -1) or on a round, or null. */
  readonly fault?: (
    strategy: Strategy,
    workers: number,
    phase: 'open' | 'round',
    call: number
  ) => Fault | null
  readonly bytesToWorkersPerCall?: number
  readonly bytesFromWorkersPerCall?: number
  readonly peakRssBytes?: (strategy: Strategy, workers: number) => number
  /** The function is a coroutine function: serial's calls say they were awaited (default false). */
  readonly coroutine?: boolean
  /** Pre-flight check outcome per workload name. */
  readonly check?: (workload: WorkloadSpec) => Omit<WorkloadCheck, 'workload'>
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
  options: { readonly id?: RuntimeId; readonly traits?: RuntimeTraits } = {}
): Runtime {
  const scriptFor = (workload: WorkloadSpec): FakeScript => {
    if (typeof scripts === 'function') return scripts(workload)
    return 'wallSeconds' in scripts
      ? (scripts as FakeScript)
      : (scripts as Record<string, FakeScript>)[workload.name]!
  }
  return {
    id: options.id ?? 'python',
    traits: options.traits ?? FAKE_PYTHON_TRAITS,
    probe: () =>
      Promise.resolve({ version: '3.99.0', executable: 'fake-python', defaultStartMethod: 'fork' }),
    check: (workloads) =>
      Promise.resolve(
        workloads.map((workload) => ({
          workload: workload.name,
          ...(scriptFor(workload).check?.(workload) ?? { configError: null, fault: null })
        }))
      ),
    openSession: (spec) => Promise.resolve(openFakeSession(scriptFor(spec.workload), spec))
  }
}

function openFakeSession(script: FakeScript, spec: SessionSpec): SessionOutcome {
  const { strategy, workers } = spec
  const openFault = script.fault?.(strategy, workers, 'open', -1) ?? null
  if (openFault !== null) return { ok: false, fault: openFault }
  let closed = false
  let calls = 0
  const session: Session = {
    startupSeconds: strategy === 'serial' || strategy === 'async' ? 0 : 0.001 * workers,
    startMethod: strategy === 'processes' ? 'fork' : null,
    runRound(tasks: number, measureBytes: boolean) {
      if (closed)
        return Promise.resolve({
          ok: false as const,
          fault: { kind: 'protocol' as const, message: 'session closed' }
        })
      const call = calls++
      const fault = script.fault?.(strategy, workers, 'round', call) ?? null
      if (fault !== null) {
        closed = true
        return Promise.resolve({ ok: false as const, fault })
      }
      const wallSeconds = script.wallSeconds(strategy, workers, tasks, call)
      const cpuUse =
        script.cpuUse?.(strategy, workers) ?? (strategy === 'processes' ? Math.min(workers, 2) : 1)
      const sample: RoundSample = {
        wallSeconds,
        cpuSeconds: wallSeconds * cpuUse,
        childCpuSeconds: null,
        peakRssBytes:
          script.peakRssBytes?.(strategy, workers) ??
          20e6 * (strategy === 'processes' ? workers + 1 : 1),
        bytesToWorkersPerCall: measureBytes ? (script.bytesToWorkersPerCall ?? 20) : null,
        bytesFromWorkersPerCall: measureBytes ? (script.bytesFromWorkersPerCall ?? 20) : null,
        awaited: strategy === 'serial' || strategy === 'async' ? script.coroutine === true : null
      }
      return Promise.resolve({ ok: true as const, sample })
    },
    close() {
      closed = true
      return Promise.resolve()
    }
  }
  return { ok: true, session }
}
