// The async strategy: up to `concurrency` calls in flight together on the harness's main thread, each
// awaited, with a new call started as soon as one settles. No copy of arguments or results: the event
// loop is the only thing that changes from serial, so the speedup is what overlapping the waits gives.

import { performance } from 'node:perf_hooks'
import type { JsonValue } from '../../../types.ts'
import { exceptionFault } from '../shared/faults.ts'
import { isThenable } from '../shared/load-function.ts'
import type { UserFunction } from '../shared/load-function.ts'
import type { Runner, RunnerRound } from './runner.ts'
import { roundOnThisThread } from './runner.ts'

/** Runs the function with a fixed set of lanes, each awaiting one call at a time from a shared counter. */
export function createAsyncLoopRunner(
  fn: UserFunction,
  args: readonly JsonValue[],
  concurrency: number
): Runner {
  return {
    start: () => Promise.resolve(null),
    async round(tasks: number, keepFirst: boolean): Promise<RunnerRound> {
      let next = 0
      let first: unknown = undefined
      let awaited = false
      const lane = async (): Promise<void> => {
        while (next < tasks) {
          const index = next++
          let value = fn(...args)
          if (index === 0) awaited = isThenable(value)
          if (isThenable(value)) value = await value
          if (index === 0 && keepFirst) first = value
        }
      }
      const cpu = process.cpuUsage()
      const started = performance.now()
      try {
        // A lane's throw ends the round at once; the other lanes' calls still in flight are abandoned
        // with the session (the harness exits after a fault).
        await Promise.all(Array.from({ length: Math.min(concurrency, tasks) }, lane))
      } catch (error) {
        return { ok: false, fault: exceptionFault(error) }
      }
      return roundOnThisThread(started, cpu, first, awaited)
    },
    stop: () => undefined,
    // The calls run in the harness itself: its children are the workload's.
    pids: () => [process.pid]
  }
}
