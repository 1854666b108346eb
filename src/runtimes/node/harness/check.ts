// The harness's one-shot modes: --probe (which Node runs the workloads) and --check (does each module
// import, and does it have the function), run before anything is measured.

import type { Fault } from '../../../types.ts'
import type { RuntimeProbe } from '../../runtime.ts'
import { loadFunction } from '../shared/load-function.ts'
import { isRecord } from '../../protocol.ts'

/** One line of --check's output, as the adapter reads it. */
export interface CheckEntry {
  readonly workload: string
  readonly configError: string | null
  readonly fault: Fault | null
}

/** What --probe prints; the adapter adds what Node never varies (no GIL, one interpreter). */
export function probeNode(): Pick<RuntimeProbe, 'version' | 'executable' | 'defaultStartMethod'> {
  return { version: process.versions.node, executable: process.execPath, defaultStartMethod: null }
}

/** Imports each module of `[{name, modulePath, function}]` and says what is wrong with it. */
export async function checkWorkloads(input: unknown): Promise<CheckEntry[]> {
  if (!Array.isArray(input)) throw new Error('--check expects a JSON array on stdin')
  const entries: CheckEntry[] = []
  for (const item of input) {
    if (
      !isRecord(item) ||
      typeof item.name !== 'string' ||
      typeof item.modulePath !== 'string' ||
      typeof item.function !== 'string'
    )
      throw new Error('--check expects entries of {name, modulePath, function}')
    const loaded = await loadFunction(item.modulePath, item.function)
    entries.push({
      workload: item.name,
      configError: loaded.kind === 'config-error' ? loaded.problem : null,
      fault: loaded.kind === 'fault' ? loaded.fault : null
    })
  }
  return entries
}
