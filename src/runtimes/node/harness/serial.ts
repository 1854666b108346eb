// The serial strategy: calls one after another on the harness's main thread, each awaited when it
// returns a promise, with no copy of arguments or results: the baseline the pools are compared with.

import { performance } from 'node:perf_hooks'
import type { JsonValue } from '../../../types.ts'
import { exceptionFault } from '../shared/faults.ts'
import { isThenable } from '../shared/load-function.ts'
import type { UserFunction } from '../shared/load-function.ts'
import type { Runner, RunnerRound } from './runner.ts'
import { roundOnThisThread } from './runner.ts'

/** Runs the function in a plain loop on this thread. */
export function createSerialRunner(fn: UserFunction, args: readonly JsonValue[]): Runner {
  return {
    start: () => Promise.resolve(null),
    async round(tasks: number, keepFirst: boolean): Promise<RunnerRound> {
      let first: unknown = undefined
      let awaited = false
      const cpu = process.cpuUsage()
      const started = performance.now()
      for (let index = 0; index < tasks; index++) {
        let value: unknown
        try {
          value = fn(...args)
          if (index === 0) awaited = isThenable(value)
          // Awaiting only real promises keeps a sync function's loop free of microtask hops.
          if (isThenable(value)) value = await value
        } catch (error) {
          return { ok: false, fault: exceptionFault(error) }
        }
        if (index === 0 && keepFirst) first = value
      }
      return roundOnThisThread(started, cpu, first, awaited)
    },
    stop: () => undefined,
    pids: () => [process.pid]
  }
}
