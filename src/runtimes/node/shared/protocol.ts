// The messages between the Node harness and its task hosts (worker threads or child processes),
// declared once for both sides: HostCommand (harness -> host) and HostReply (host -> harness), named
// like the engine <-> harness pair HarnessCommand / HarnessReply in src/runtimes/protocol.ts. They
// travel by structured clone (postMessage, or fork's `advanced` serialization), so results keep
// their binary types; a task host's failure comes back as a Fault value, never as a thrown error. Whatever arrives from the other side is parsed here before use.

import type { Fault, JsonValue } from '../../../types.ts'
import { isCount, isRecord, parseFault } from '../../protocol.ts'

/** Harness -> host: import the module and find the function; answered by `ready` or `error`. */
export interface HostStartCommand {
  readonly type: 'start'
  readonly modulePath: string
  readonly function: string
}

/** Harness -> host: one call of the function; answered by `result` or `error`. */
export interface HostTaskCommand {
  readonly type: 'task'
  readonly id: number
  readonly args: readonly JsonValue[]
}

/**
 * Harness -> host, after a round's last result: the host's usage so far; answered by `usage`. Asked
 * once a round rather than sent with every result: reading it costs a child process about 2 µs a
 * call and a larger message another microsecond to clone, bookkeeping a user's pool does not do.
 */
export interface HostUsageCommand {
  readonly type: 'usage'
}

export type HostCommand = HostStartCommand | HostTaskCommand | HostUsageCommand

/** What a child process has used so far, cumulative, so that the harness can take differences. */
export interface HostUsage {
  /** User+system CPU of the whole host process since it started, in microseconds. */
  readonly cpuMicros: number
  /** Peak resident set of the host process so far, in bytes. */
  readonly maxRssBytes: number
}

export interface HostReadyReply {
  readonly type: 'ready'
  /** Child processes only: threads share the harness's process, whose usage the harness reads itself. */
  readonly usage: HostUsage | null
}

export interface HostResultReply {
  readonly type: 'result'
  readonly id: number
  readonly value: unknown
}

export interface HostUsageReply {
  readonly type: 'usage'
  /** Null for threads, as in `ready`. */
  readonly usage: HostUsage | null
}

export interface HostErrorReply {
  readonly type: 'error'
  /** The task that failed, or null when loading the module failed or an error escaped a task. */
  readonly id: number | null
  readonly fault: Fault
}

export type HostReply = HostReadyReply | HostResultReply | HostUsageReply | HostErrorReply

/** Reads a reply from a task host, or null when it is not one (a bug, or a user's postMessage). */
export function parseHostReply(value: unknown): HostReply | null {
  if (!isRecord(value)) return null
  switch (value.type) {
    case 'ready':
    case 'usage': {
      const usage = parseUsage(value.usage)
      return usage === undefined ? null : { type: value.type, usage }
    }
    case 'result':
      return isCount(value.id) ? { type: 'result', id: value.id, value: value.value } : null
    case 'error': {
      const fault = parseFault(value.fault)
      const id = value.id === null ? null : isCount(value.id) ? value.id : undefined
      return fault === null || id === undefined ? null : { type: 'error', id, fault }
    }
    default:
      return null
  }
}

/** Reads a command from the harness, or null when it is not one. */
export function parseHostCommand(value: unknown): HostCommand | null {
  if (!isRecord(value)) return null
  switch (value.type) {
    case 'start':
      return typeof value.modulePath === 'string' && typeof value.function === 'string'
        ? { type: 'start', modulePath: value.modulePath, function: value.function }
        : null
    case 'task':
      // Arguments come from the validated config as JSON values; a clone cannot change that.
      return isCount(value.id) && Array.isArray(value.args)
        ? { type: 'task', id: value.id, args: value.args as JsonValue[] }
        : null
    case 'usage':
      return { type: 'usage' }
    default:
      return null
  }
}

function parseUsage(value: unknown): HostUsage | null | undefined {
  if (value === null) return null
  if (!isRecord(value)) return undefined
  const { cpuMicros, maxRssBytes } = value
  return typeof cpuMicros === 'number' && typeof maxRssBytes === 'number'
    ? { cpuMicros, maxRssBytes }
    : undefined
}
