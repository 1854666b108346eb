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

/** Probes every runtime's interpreters and checks every workload on each of them. */
export async function preflight(
  config: Config,
  runtimes: ReadonlyMap<RuntimeId, Runtime>,
  aborted: () => boolean
): Promise<Preflight> {
  const probes = new Map<RuntimeId, readonly RuntimeProbe[]>()
  try {
    for (const [id, runtime] of runtimes) probes.set(id, await runtime.probe())
  } catch (error) {
    // An interruption kills the probe too: that says nothing about the interpreter.
    if (!aborted()) throw error
  }
  const interpreters = new Map<string, RunInterpreter[]>()
  for (const [id, runtime] of runtimes) {
    const probed = probes.get(id) ?? []
    const labels = labelsOf(probed)
    const workloads = config.workloads.filter((workload) => workload.runtime === id)
    const checks: WorkloadCheck[][] = []
    for (const index of probed.keys()) {
      if (aborted()) return { probes, interpreters }
      const results = await runtime.check(workloads, index)
      if (aborted()) return { probes, interpreters }
      for (const check of results) {
        const spec = workloads.find((workload) => workload.name === check.workload)!
        if (check.configError !== null) {
          throw invalid(
            `${config.file}:${spec.line}`,
            `workloads (${spec.name}).function`,
            `${spec.module} ${check.configError}`
          )
        }
      }
      checks.push(results)
    }
    for (const spec of workloads) {
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
