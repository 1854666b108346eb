// A pool of task hosts, worker threads or child processes alike: start them all, then hand out a
// round's calls from a queue, one at a time per member, so that a fast member takes more calls than
// a slow one, as a real pool would. Members differ only in how they are started and how they die
// (thread-pool.ts, process-pool.ts); what they share is member.ts.

import { performance } from 'node:perf_hooks'
import type { Fault, JsonValue } from '../../../types.ts'
import type { HostCommand, HostReply, HostUsage } from '../shared/protocol.ts'
import type { MemberFactory, PoolMember } from './member.ts'
import type { Runner, RunnerRound } from './runner.ts'
import { cpuSecondsSince, ownPeakRssBytes } from './runner.ts'

export interface PoolOptions {
  readonly workers: number
  readonly modulePath: string
  readonly function: string
  readonly args: readonly JsonValue[]
  readonly spawn: MemberFactory
}

type Handler = (index: number, event: HostReply | Fault) => void

/** A Runner over `workers` members made by `spawn`. */
export function createPool(options: PoolOptions): Runner {
  const members: PoolMember[] = []
  // Cumulative usage each child reported last (null for threads, which the harness counts itself).
  const usage: (HostUsage | null)[] = []
  let broken: Fault | null = null
  // Between phases a fault (a member dying while idle) is kept for the next round to report.
  const idle: Handler = (_index, event) => {
    broken ??= isFault(event) ? event : unexpected(event)
  }
  let handler: Handler = idle

  const send = (index: number, message: HostCommand): void => {
    try {
      members[index]?.send(message)
    } catch {
      // The member is dead: its exit event reports how it died.
    }
  }

  /**
   * Sends `command` to each of the members `asked` and waits for each one's usage (`ready` after
   * `start`, `usage` after a round): null once all have answered, or the first fault.
   */
  const collectUsage = (
    asked: readonly number[],
    command: HostCommand,
    reply: 'ready' | 'usage'
  ): Promise<Fault | null> => {
    if (asked.length === 0) return Promise.resolve(null)
    return new Promise((resolve) => {
      let answered = 0
      handler = (index, event) => {
        if (isFault(event) || event.type !== reply) {
          handler = idle
          resolve(isFault(event) ? event : unexpected(event))
          return
        }
        usage[index] = event.usage
        if (++answered === asked.length) {
          handler = idle
          resolve(null)
        }
      }
      for (const index of asked) send(index, command)
    })
  }

  /**
   * After a round, outside its timed part: the usage of every member that reports its own (child
   * processes; threads count with the harness).
   */
  const askUsage = (): Promise<Fault | null> =>
    collectUsage(
      usage.flatMap((last, index) => (last === null ? [] : [index])),
      { type: 'usage' },
      'usage'
    )

  return {
    start(): Promise<Fault | null> {
      // Spawned before any reply can arrive: a member's messages come on a later turn of the loop.
      for (let index = 0; index < options.workers; index++) {
        members.push(
          options.spawn({
            message: (message) => handler(index, message),
            fault: (fault) => handler(index, fault)
          })
        )
        usage.push(null)
      }
      return collectUsage(
        members.map((_, index) => index),
        { type: 'start', modulePath: options.modulePath, function: options.function },
        'ready'
      )
    },

    async round(tasks: number, keepFirst: boolean): Promise<RunnerRound> {
      if (broken !== null) return { ok: false, fault: broken }
      const before = [...usage]
      const cpu = process.cpuUsage()
      const started = performance.now()
      const outcome = await new Promise<Fault | { first: unknown }>((resolve) => {
        let sent = 0
        let done = 0
        let first: unknown = undefined
        const dispatch = (index: number): void => {
          if (sent < tasks) send(index, { type: 'task', id: sent++, args: options.args })
        }
        handler = (index, event) => {
          if (isFault(event) || event.type !== 'result') {
            resolve(isFault(event) ? event : unexpected(event))
            return
          }
          // Only the first result is kept; the others are dropped as soon as they arrive.
          if (done === 0 && keepFirst) first = event.value
          if (++done === tasks) resolve({ first })
          else dispatch(index)
        }
        if (tasks === 0) resolve({ first })
        for (let index = 0; index < Math.min(tasks, members.length); index++) dispatch(index)
      })
      const wallSeconds = (performance.now() - started) / 1000
      const ownCpuSeconds = cpuSecondsSince(cpu)
      handler = idle
      if (isFault(outcome)) {
        broken = outcome
        return { ok: false, fault: outcome }
      }
      const fault = await askUsage()
      if (fault !== null) {
        broken = fault
        return { ok: false, fault }
      }
      let childCpuMicros = 0
      let childPeakBytes = 0
      usage.forEach((now, index) => {
        if (now === null) return
        childCpuMicros += now.cpuMicros - (before[index]?.cpuMicros ?? now.cpuMicros)
        childPeakBytes += now.maxRssBytes
      })
      return {
        ok: true,
        result: {
          wallSeconds,
          cpuSeconds: ownCpuSeconds + childCpuMicros / 1e6,
          peakRssBytes: ownPeakRssBytes() + childPeakBytes,
          first: outcome.first
        }
      }
    },

    stop(): void {
      handler = () => undefined
      for (const member of members) member.stop()
    },

    pids(): number[] {
      return [
        process.pid,
        ...members.flatMap((member) => (member.pid === null ? [] : [member.pid]))
      ]
    }
  }
}

function isFault<Other extends object>(event: Fault | Other): event is Fault {
  return 'kind' in event
}

/** A task host's error message as the fault it carries; anything else is out of protocol. */
function unexpected(message: HostReply): Fault {
  if (message.type === 'error') return message.fault
  return { kind: 'protocol', message: `task host sent "${message.type}" out of turn` }
}
