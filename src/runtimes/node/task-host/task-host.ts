// The file each pool member loads, as a worker thread or as a child process started with fork():
// it imports the user's function when the harness says `start`, then answers one `task` at a time
// with its result, and `usage` (after a round) with its CPU and memory so far. Errors go back as
// Fault values (protocol.ts); its death is seen by the harness.

import { parentPort } from 'node:worker_threads'
import type { Fault } from '../../../types.ts'
import { exceptionFault, withContext } from '../shared/faults.ts'
import { callFunction, loadFunction } from '../shared/load-function.ts'
import type { UserFunction } from '../shared/load-function.ts'
import { protocolFault } from '../../protocol.ts'
import { parseHostCommand } from '../shared/protocol.ts'
import type { HostCommand, HostReply, HostUsage } from '../shared/protocol.ts'

interface Channel {
  send(message: HostReply): void
  /** Child processes report their own CPU and memory; threads are counted with the harness. */
  readonly reportsUsage: boolean
}

/** Serves the harness until it terminates this thread or kills this process. */
function serve(): void {
  const channel = openChannel()
  let fn: UserFunction | null = null

  const handle = async (message: HostCommand): Promise<void> => {
    switch (message.type) {
      case 'start': {
        const loaded = await loadFunction(message.modulePath, message.function)
        switch (loaded.kind) {
          case 'function':
            fn = loaded.fn
            channel.send({ type: 'ready', usage: usage(channel) })
            return
          case 'config-error':
            fail(null, { kind: 'exception', message: `${message.modulePath} ${loaded.problem}` })
            return
          case 'fault':
            fail(null, loaded.fault)
            return
        }
        return
      }
      case 'task': {
        if (fn === null)
          return fail(message.id, protocolFault('a task came before "start"', 'task host'))
        let value: unknown
        try {
          value = await callFunction(fn, message.args)
        } catch (error) {
          return fail(message.id, exceptionFault(error))
        }
        try {
          channel.send({ type: 'result', id: message.id, value })
        } catch (error) {
          // Functions, symbols and the like cannot be cloned; serial runs never clone, so say so.
          fail(message.id, withContext(exceptionFault(error), 'the result cannot be sent back'))
        }
        return
      }
      case 'usage':
        channel.send({ type: 'usage', usage: usage(channel) })
        return
    }
  }

  const fail = (id: number | null, fault: Fault): void => {
    channel.send({ type: 'error', id, fault })
  }

  const receive = (value: unknown): void => {
    const message = parseHostCommand(value)
    if (message === null)
      fail(null, protocolFault('unreadable message from the harness', 'task host'))
    else void handle(message)
  }

  if (parentPort !== null) parentPort.on('message', receive)
  else process.on('message', receive)
}

function openChannel(): Channel {
  const port = parentPort
  if (port !== null) return { send: (message) => port.postMessage(message), reportsUsage: false }
  if (process.send === undefined)
    throw new Error('task-host runs inside the Node harness, as a worker thread or a forked child')
  // The harness is gone (its channel closed): nothing is left to answer to.
  process.on('disconnect', () => process.exit(0))
  // An error that escapes a call (a throwing timer, a rejected promise nobody awaits) would kill
  // the process with only a stack on stderr: report it first, then die as Node would.
  process.on('uncaughtException', (error) => {
    const message: HostReply = { type: 'error', id: null, fault: exceptionFault(error) }
    try {
      process.send?.(message, undefined, undefined, () => process.exit(1))
    } catch {
      process.exit(1)
    }
  })
  return {
    send: (message) => {
      process.send?.(message)
    },
    reportsUsage: true
  }
}

function usage(channel: Channel): HostUsage | null {
  if (!channel.reportsUsage) return null
  const cpu = process.cpuUsage()
  return { cpuMicros: cpu.user + cpu.system, maxRssBytes: process.resourceUsage().maxRSS * 1024 }
}

serve()
