// A pool member, a worker thread (thread-pool.ts) or a child process (process-pool.ts) running the
// task host: what the pool asks of one, and what every kind shares in reporting back to it.

import type { Fault } from '../../../types.ts'
import { parseHostReply } from '../shared/protocol.ts'
import type { HostCommand, HostReply } from '../shared/protocol.ts'

/** What a member reports: a message from its task host, or its death (reported once, never after stop). */
export interface MemberEvents {
  message(message: HostReply): void
  fault(fault: Fault): void
}

/** One started worker thread or child process. */
export interface PoolMember {
  send(message: HostCommand): void
  /** Ends the member without waiting; its death is then no fault. */
  stop(): void
  /** The child process's pid; null for a worker thread, which runs in the harness's process. */
  readonly pid: number | null
}

export type MemberFactory = (events: MemberEvents) => PoolMember

/** How a member reports, whatever kind it is. */
export interface MemberReporter {
  /** A message as it arrived from the task host, checked before the pool sees it. */
  readonly receive: (value: unknown) => void
  /** The member's death, or a message it could not deliver. */
  readonly fault: (fault: Fault) => void
  /** From now on nothing is reported: the member is being stopped on purpose. */
  readonly silence: () => void
}

/**
 * Reports a member's messages and its one fault to the pool, and nothing after its first fault or
 * after it is stopped. `noun` names the member in faults: "a worker thread", "a worker process".
 */
export function memberReporter(events: MemberEvents, noun: string): MemberReporter {
  let over = false
  const fault = (value: Fault): void => {
    if (over) return
    over = true
    events.fault(value)
  }
  return {
    receive: (value) => {
      if (over) return
      const message = parseHostReply(value)
      if (message === null)
        fault({ kind: 'protocol', message: `${noun} sent an unreadable message` })
      else events.message(message)
    },
    fault,
    silence: () => {
      over = true
    }
  }
}
