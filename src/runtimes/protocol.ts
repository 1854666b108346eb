// The messages between the engine and a runtime's harness process, one JSON object per line.
// The engine writes commands to the harness's stdin; the harness writes replies to its stdout and
// nothing else there (user output is routed to stderr). The Python harness mirrors these
// shapes by hand (src/runtimes/python/concurrency_advisor_harness/protocol.py); the Node harness
// imports them.
//
// A session is one harness process measuring one strategy at one worker count:
//   init  -> loaded | fault       import the module and check the function (serial, async; a pool's
//                                 workers import it at `start`): untimed, so the engine can load
//                                 every contender's harness at once
//   start -> ready | fault        start the strategy's pool (timed, alone: `startupSeconds`)
//   round -> round | fault        run `tasks` calls of function(*args) and time them (awaiting each
//                                 call's coroutine or promise, and saying so in `awaited`)
//   exit  -> (process exits)      shut the pool down
// Commands out of turn (`start` before `init`, a second `init` or `start`, `round` before `start`)
// are protocol faults. After a fault the harness exits; it never answers another command.

import { FAULT_KINDS } from '../closed-sets.ts'
import type { Fault, FaultKind, JsonValue, RoundSample, StartMethod, Strategy } from '../types.ts'

export interface InitCommand {
  readonly type: 'init'
  readonly modulePath: string
  readonly function: string
  readonly args: readonly JsonValue[]
  readonly strategy: Strategy
  readonly workers: number
  /** Python only; other runtimes ignore it. */
  readonly startMethod: StartMethod
  /** Summed resident memory the session may use; harnesses apply what their runtime can enforce. */
  readonly memoryLimitBytes: number | null
}

/** Starts the strategy that `init` loaded: the step the engine times alone. */
export interface StartCommand {
  readonly type: 'start'
}

export interface RoundCommand {
  readonly type: 'round'
  readonly tasks: number
  /** Also measure serialized argument and result sizes, outside the timed section. */
  readonly measureBytes: boolean
}

export interface ExitCommand {
  readonly type: 'exit'
}

export type HarnessCommand = InitCommand | StartCommand | RoundCommand | ExitCommand

/** The module is imported and the function found (where the harness itself calls it). */
export interface LoadedReply {
  readonly type: 'loaded'
}

export interface ReadyReply {
  readonly type: 'ready'
  /** Seconds to start the pool, every worker answering with the function loaded (0 for serial and
   * async: nothing to start). */
  readonly startupSeconds: number
  /** Version of the interpreter running the harness, e.g. "3.11.7" or "24.1.0". */
  readonly runtimeVersion: string
  /** The start method the process pool really uses (Python), or null. */
  readonly startMethod: string | null
  /** Free-threaded CPython: the GIL is on after the import and the pool's start; absent or null elsewhere. */
  readonly gilEnabled?: boolean | null
  /** Modules whose import turned the GIL back on so far (absent where none can). */
  readonly gilEnabledBy?: readonly string[]
}

/** A round's measurements: a RoundSample (types.ts, where each field says its unit) on the wire. */
export interface RoundReply extends RoundSample {
  readonly type: 'round'
}

export interface FaultReply {
  readonly type: 'fault'
  readonly fault: Fault
}

export type HarnessReply = LoadedReply | ReadyReply | RoundReply | FaultReply

/** Reads a Fault that crossed a process or thread boundary, or null when it is malformed. */
export function parseFault(value: unknown): Fault | null {
  if (!isRecord(value)) return null
  const { kind, message } = value
  if (!isFaultKind(kind) || typeof message !== 'string') return null
  const text = (key: string): Record<string, string> => {
    const field = value[key]
    return typeof field === 'string' ? { [key]: field } : {}
  }
  const exitCode = typeof value.exitCode === 'number' ? { exitCode: value.exitCode } : {}
  return {
    kind,
    message,
    ...text('type'),
    ...text('code'),
    ...text('signal'),
    ...text('detail'),
    ...exitCode
  }
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON text's value, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * A protocol line's JSON object, or null when the line is not JSON or holds anything but an object:
 * the first step of reading every message that crosses a process boundary as text (the engine's
 * commands, a harness's replies).
 */
export function parseJsonRecord(line: string): Record<string, unknown> | null {
  const value = parseJson(line)
  return isRecord(value) ? value : null
}

/** A whole number of zero or more (a count of tasks or workers, a task id). */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

function isFaultKind(value: unknown): value is FaultKind {
  return (FAULT_KINDS as readonly unknown[]).includes(value)
}

/**
 * A reply line, checked field by field: the harness runs next to user code, and a malformed reply
 * must become a protocol fault, not a NaN in the statistics. Lines that are not JSON objects with a
 * reply type (user output that reached stdout) return null.
 */
export function parseReply(line: string): HarnessReply | null {
  const value = line.startsWith('{') ? parseJsonRecord(line) : null
  if (value === null) return null
  const num = (key: string): number | null | undefined => {
    const field = value[key]
    return field === null
      ? null
      : typeof field === 'number' && Number.isFinite(field)
        ? field
        : undefined
  }
  switch (value.type) {
    case 'loaded':
      return { type: 'loaded' }
    case 'ready': {
      const startupSeconds = num('startupSeconds')
      if (typeof startupSeconds !== 'number' || typeof value.runtimeVersion !== 'string')
        return null
      const startMethod = typeof value.startMethod === 'string' ? value.startMethod : null
      const gil = gilFields(value)
      if (gil === null) return malformed('ready')
      return {
        type: 'ready',
        startupSeconds,
        runtimeVersion: value.runtimeVersion,
        startMethod,
        ...gil
      }
    }
    case 'round': {
      const wallSeconds = num('wallSeconds')
      const rest = [
        'cpuSeconds',
        'childCpuSeconds',
        'peakRssBytes',
        'bytesToWorkersPerCall',
        'bytesFromWorkersPerCall'
      ].map(num)
      const { awaited } = value
      const gil = gilFields(value)
      if (
        typeof wallSeconds !== 'number' ||
        rest.some((field) => field === undefined) ||
        (awaited !== undefined && awaited !== null && typeof awaited !== 'boolean') ||
        gil === null
      ) {
        return malformed('round')
      }
      const [
        cpuSeconds,
        childCpuSeconds,
        peakRssBytes,
        bytesToWorkersPerCall,
        bytesFromWorkersPerCall
      ] = rest as (number | null)[]
      return {
        type: 'round',
        wallSeconds,
        cpuSeconds: cpuSeconds ?? null,
        childCpuSeconds: childCpuSeconds ?? null,
        peakRssBytes: peakRssBytes ?? null,
        bytesToWorkersPerCall: bytesToWorkersPerCall ?? null,
        bytesFromWorkersPerCall: bytesFromWorkersPerCall ?? null,
        ...(typeof awaited === 'boolean' ? { awaited } : {}),
        ...gil
      }
    }
    case 'fault': {
      const fault = parseFault(value.fault)
      return fault === null ? malformed('fault') : { type: 'fault', fault }
    }
    default:
      return null
  }
}

/**
 * The optional GIL fields of a reply, checked: `gilEnabled` a boolean or null, `gilEnabledBy` a list
 * of module names; null when either is malformed.
 */
export function gilFields(
  value: Record<string, unknown>
): { gilEnabled?: boolean | null; gilEnabledBy?: string[] } | null {
  const { gilEnabled, gilEnabledBy } = value
  if (gilEnabled !== undefined && gilEnabled !== null && typeof gilEnabled !== 'boolean')
    return null
  if (
    gilEnabledBy !== undefined &&
    !(Array.isArray(gilEnabledBy) && gilEnabledBy.every((name) => typeof name === 'string'))
  )
    return null
  return {
    ...(gilEnabled === undefined ? {} : { gilEnabled }),
    ...(gilEnabledBy === undefined ? {} : { gilEnabledBy: gilEnabledBy })
  }
}

/** A reply of ours whose fields are wrong: a harness bug, reported at once rather than waited out. */
function malformed(type: string): HarnessReply {
  return { type: 'fault', fault: protocolFault(`a malformed "${type}" reply`) }
}

/** Which side saw the protocol broken: the engine (by a harness), the harness, or a task host. */
export type ProtocolObserver = 'engine' | 'harness' | 'task host'

const OBSERVER_PREFIX: Readonly<Record<ProtocolObserver, string>> = {
  engine: 'harness protocol error',
  harness: 'harness',
  'task host': 'task host'
}

/**
 * A fault of our own processes, not of the workload: a message that one side of a protocol
 * (engine <-> harness, harness <-> task host) could not read or did not expect.
 */
export function protocolFault(message: string, seenBy: ProtocolObserver = 'engine'): Fault {
  return { kind: 'protocol', message: `${OBSERVER_PREFIX[seenBy]}: ${message}` }
}
