// Turns what user code throws, and how a worker dies, into Fault values (types.ts) that cross the
// protocol as data. Anything can be thrown in JavaScript, so non-Error values are formatted too.

import { types } from 'node:util'
import { formatError } from '../../../errors.ts'
import type { Fault } from '../../../types.ts'
import { lastLines } from '../../text.ts'

const DETAIL_LINES = 12

/** A Fault for a thrown value: "TypeError [ERR_X]: message", with the end of the stack as detail. */
export function exceptionFault(error: unknown): Fault {
  if (!isErrorLike(error)) {
    return {
      kind: 'exception',
      type: typeof error,
      message: `threw a non-Error value: ${oneLine(formatError(error))}`
    }
  }
  const name = typeof error.name === 'string' && error.name !== '' ? error.name : 'Error'
  const code = typeof error.code === 'string' ? error.code : undefined
  const label = code === undefined ? name : `${name} [${code}]`
  const text = oneLine(error.message)
  const cause = error.cause === undefined ? '' : `\n[cause]: ${oneLine(formatError(error.cause))}`
  const stack = typeof error.stack === 'string' ? error.stack : `${label}: ${error.message}`
  return {
    kind: code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'exception',
    type: name,
    ...(code === undefined ? {} : { code }),
    message: text === '' ? label : `${label}: ${text}`,
    detail: lastLines(stack + cause, DETAIL_LINES)
  }
}

/** Prefixes a fault's message with what was being done, e.g. "importing the module failed". */
export function withContext(fault: Fault, context: string): Fault {
  return { ...fault, message: `${context}: ${fault.message}` }
}

interface ErrorLike {
  readonly name?: unknown
  readonly message: string
  readonly code?: unknown
  readonly stack?: unknown
  readonly cause?: unknown
}

// Errors from another realm (vm contexts) or rebuilt after a clone fail `instanceof Error`.
function isErrorLike(value: unknown): value is ErrorLike {
  if (types.isNativeError(value)) return true
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { stack?: unknown }).stack === 'string'
  )
}

function oneLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? ''
}
