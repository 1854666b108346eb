// Reads the engine's commands (src/runtimes/protocol.ts) off the harness's stdin into typed values.

import { START_METHODS, STRATEGIES } from '../../../closed-sets.ts'
import type { JsonValue } from '../../../types.ts'
import type { HarnessCommand } from '../../protocol.ts'
import { isCount, parseJsonRecord } from '../../protocol.ts'

/** One command line from the engine, or null when it is not a valid command. */
export function parseCommand(line: string): HarnessCommand | null {
  const value = parseJsonRecord(line)
  if (value === null) return null
  switch (value.type) {
    case 'exit':
      return { type: 'exit' }
    case 'start':
      return { type: 'start' }
    case 'round':
      return isCount(value.tasks) && typeof value.measureBytes === 'boolean'
        ? { type: 'round', tasks: value.tasks, measureBytes: value.measureBytes }
        : null
    case 'init': {
      const { modulePath, args, strategy, workers, startMethod, memoryLimitBytes } = value
      const fn = value.function
      const strategyName = STRATEGIES.find((known) => known === strategy)
      const method = START_METHODS.find((known) => known === startMethod)
      const memory =
        memoryLimitBytes === null || memoryLimitBytes === undefined
          ? null
          : typeof memoryLimitBytes === 'number' && memoryLimitBytes > 0
            ? memoryLimitBytes
            : undefined
      if (
        typeof modulePath !== 'string' ||
        typeof fn !== 'string' ||
        !Array.isArray(args) ||
        strategyName === undefined ||
        !isCount(workers) ||
        workers < 1 ||
        memory === undefined
      )
        return null
      return {
        type: 'init',
        modulePath,
        function: fn,
        // JSON.parse yields JSON values only.
        args: args as JsonValue[],
        strategy: strategyName,
        workers,
        startMethod: method ?? 'default',
        memoryLimitBytes: memory
      }
    }
    default:
      return null
  }
}
