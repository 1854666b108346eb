// Before anything is measured: each runtime probes its interpreters once (a missing or too old one is
// a UsageError naming it), and each workload's module is imported on each of them. A missing function
// is a config error (exit 2); a module that fails to import is that workload's fault on that
// interpreter, and the others still run. A check that an interruption killed says nothing about the
// module: its workloads are reported as not measured.

import { invalid } from '../errors.ts'
import { interpreterLabel } from '../format.ts'
import type { Runtime, RuntimeProbe, WorkloadCheck } from '../runtimes/runtime.ts'
import type { Config, RunInterpreter, RuntimeId } from '../types.ts'

export interface Preflight {
  /** Each runtime's interpreters as probed, in config order; absent where an interruption came first. */
  readonly probes: ReadonlyMap<RuntimeId, readonly RuntimeProbe[]>
  /** Each workload's interpreters (its runtime's), with what its pre-flight import saw on each. */
  readonly interpreters: ReadonlyMap<string, readonly RunInterpreter[]>
}

/**
 * Probes every runtime's interpreters and checks every workload on each of them. Probes and checks
 * start together, every runtime and interpreter at once (each a process that mostly starts an
 * interpreter and imports: one after another they cost a run half a second it spent waiting); the
 * probes still speak first, so a missing or too old interpreter is the error even where its checks
 * failed too.
 */
export async function preflight(
  config: Config,
  runtimes: ReadonlyMap<RuntimeId, Runtime>,
  aborted: () => boolean
): Promise<Preflight> {
  const started = [...runtimes].map(([id, runtime]) => {
    const workloads = config.workloads.filter((workload) => workload.runtime === id)
    return {
      id,
      workloads,
      probe: runtime.probe(),
      checks: Array.from({ length: runtime.interpreterCount }, (_, index) =>
        runtime.check(workloads, index)
      )
    }
  })
  // Every process settles before anything is thrown, so that none is left running behind an error.
  const settled = await Promise.all(
    started.map(async (run) => ({
      ...run,
      probe: (await Promise.allSettled([run.probe]))[0],
      checks: await Promise.allSettled(run.checks)
    }))
  )
  const probes = new Map<RuntimeId, readonly RuntimeProbe[]>()
  const interpreters = new Map<string, RunInterpreter[]>()
  for (const run of settled) {
    // An interruption kills the probe too: that says nothing about the interpreter.
    if (run.probe.status === 'rejected') {
      if (aborted()) return { probes, interpreters }
      throw run.probe.reason
    }
    probes.set(run.id, run.probe.value)
  }
  for (const run of settled) {
    if (aborted()) return { probes, interpreters }
    const probed = probes.get(run.id)!
    const labels = labelsOf(probed)
    const checks = probed.map((_, index): WorkloadCheck[] => {
      const check = run.checks[index]
      if (check === undefined) throw new Error(`${run.id}: no check for interpreter ${index}`)
      if (check.status === 'rejected') throw check.reason
      return check.value
    })
    for (const results of checks) {
      for (const check of results) {
        const spec = run.workloads.find((workload) => workload.name === check.workload)!
        if (check.configError !== null) {
          throw invalid(
            `${config.file}:${spec.line}`,
            `workloads (${spec.name}).function`,
            `${spec.module} ${check.configError}`
          )
        }
      }
    }
    for (const spec of run.workloads) {
      interpreters.set(
        spec.name,
        probed.map((probe, index): RunInterpreter => {
          const check = checks[index]!.find((c) => c.workload === spec.name)
          return {
            name: probe.name,
            label: labels[index]!,
            version: probe.version,
            freeThreaded: probe.freeThreaded,
            gilEnabledAtStart: probe.gilEnabled,
            gilForcedBy: probe.gilForcedBy,
            checkGilEnabled: check?.gilEnabled ?? null,
            checkGilEnabledBy: check?.gilEnabledBy ?? [],
            fault: check?.fault ?? null
          }
        })
      )
    }
  }
  return { probes, interpreters }
}

/** "3.13" and "3.13t"; the config's names instead where two interpreters would share a label. */
function labelsOf(probes: readonly RuntimeProbe[]): string[] {
  const labels = probes.map((probe) => interpreterLabel(probe.version, probe.freeThreaded))
  const unique = new Set(labels).size === labels.length
  return unique ? labels : probes.map((probe, index) => probe.name ?? labels[index]!)
}
