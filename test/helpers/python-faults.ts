// A WorkloadSpec over test/fixtures/python/faults.py, for the Python runtime's tests.
import { fileURLToPath } from 'node:url'
import type { WorkloadSpec } from '../../src/types.ts'

export const FAULTS = fileURLToPath(new URL('../fixtures/python/faults.py', import.meta.url))

/** The function `fn` of faults.py, with generous limits unless `more` says otherwise. */
export function faultSpec(fn: string, more: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    name: fn,
    runtime: 'python',
    module: 'faults.py',
    modulePath: FAULTS,
    function: fn,
    args: [],
    tasks: null,
    uses: null,
    timeoutSeconds: 20,
    budgetSeconds: 10,
    memoryBytes: null,
    startMethod: 'default',
    line: 1,
    ...more
  }
}
