// The messages between the engine and a runtime's harness process, one JSON object per line.
// The engine writes commands to the harness's stdin; the harness writes replies to its stdout and
// nothing else there (user output is routed to stderr). src/runtimes/python/harness.py mirrors these
// shapes by hand; the Node harness imports them.
//
// A session is one harness process measuring one strategy at one worker count:
//   init  -> ready | fault        import the module, start the pool (timed), check the function
//   round -> round | fault        run `tasks` calls of function(*args) and time them
//   exit  -> (process exits)      shut the pool down
// After a fault the harness exits; it never answers another command.

import type { Fault, JsonValue, StartMethod, Strategy } from '../types.ts'

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

export interface RoundCommand {
  readonly type: 'round'
  readonly tasks: number
  /** Also measure serialized argument and result sizes, outside the timed section. */
  readonly measureBytes: boolean
}

export interface ExitCommand {
  readonly type: 'exit'
}

export type HarnessCommand = InitCommand | RoundCommand | ExitCommand

export interface ReadyReply {
  readonly type: 'ready'
  /** Seconds to import the module and start the pool with every worker answering. */
  readonly startupSeconds: number
  /** Version of the interpreter running the harness, e.g. "3.11.7" or "24.1.0". */
  readonly runtimeVersion: string
  /** The start method the process pool really uses (Python), or null. */
  readonly startMethod: string | null
}

export interface RoundReply {
  readonly type: 'round'
  readonly wallSeconds: number
  readonly cpuSeconds: number | null
  readonly peakRssBytes: number | null
  readonly bytesToWorkersPerCall: number | null
  readonly bytesFromWorkersPerCall: number | null
}

export interface FaultReply {
  readonly type: 'fault'
  readonly fault: Fault
}

export type HarnessReply = ReadyReply | RoundReply | FaultReply
