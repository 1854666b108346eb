// concurrency-advisor's Node harness: runs one workload under one strategy and times it, speaking
// the protocol of src/runtimes/protocol.ts (JSON lines: commands on stdin, replies on stdout).
//
//   harness.ts            a session: init -> loaded, start -> ready, round -> round, exit
//   harness.ts --probe    print the Node version and executable
//   harness.ts --check    read [{name, modulePath, function}] on stdin, import each, say what is wrong
//
// It runs as TypeScript under Node 24's type stripping (src/) or as the dist/node-harness.js bundle.

import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { serialize } from 'node:v8'
import type { Fault } from '../../../types.ts'
import { protocolFault } from '../../protocol.ts'
import type { HarnessReply, InitCommand } from '../../protocol.ts'
import { childCpuSeconds } from '../../child-cpu.ts'
import { checkWorkloads, probeNode } from './check.ts'
import { parseCommand } from './commands.ts'
import { exceptionFault } from '../shared/faults.ts'
import { loadFunction } from '../shared/load-function.ts'
import { locateSibling } from '../shared/locate.ts'
import { routeStdoutToStderr, writeProtocolLine } from './output.ts'
import { watchParent, watchParentFromThread } from './parent-watch.ts'
import { createPool } from './pool.ts'
import type { MemberFactory } from './member.ts'
import { processMembers } from './process-pool.ts'
import type { Runner } from './runner.ts'
import { createAsyncLoopRunner } from './async-loop.ts'
import { createSerialRunner } from './serial.ts'
import { threadMembers } from './thread-pool.ts'

// Made by `init` (serial and async with their function loaded; a pool not yet spawned), started by
// `start`.
let runner: Runner | null = null
let started = false

/** Runs the mode named on the command line, then exits explicitly. */
async function main(): Promise<void> {
  routeStdoutToStderr()
  if (process.argv.includes('--probe')) {
    writeProtocolLine(probeNode())
    return finish()
  }
  watchParent()
  if (process.argv.includes('--check')) {
    // The imports run on this thread.
    watchParentFromThread()
    writeProtocolLine(await checkWorkloads(JSON.parse(await readStdin())))
    return finish()
  }
  // A user's timer that throws, or a promise nobody awaits that rejects, while the serial loop runs.
  process.on('uncaughtException', (error) =>
    finish({ type: 'fault', fault: exceptionFault(error) })
  )
  await serveSession()
  finish()
}

async function serveSession(): Promise<void> {
  let args: InitCommand['args'] = []
  let strategy: InitCommand['strategy'] = 'serial'
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue
    const command = parseCommand(line)
    if (command === null)
      return finish(protocolFaultReply(`unreadable command: ${line.slice(0, 200)}`))
    switch (command.type) {
      case 'exit':
        return
      case 'init': {
        if (runner !== null) return finish(protocolFaultReply('a second "init"'))
        args = command.args
        strategy = command.strategy
        // Serial and async import and call the function on this thread; a pool's members do.
        if (strategy === 'serial' || strategy === 'async') watchParentFromThread()
        const loaded = await loadRunner(command)
        if ('kind' in loaded) return finish({ type: 'fault', fault: loaded })
        runner = loaded
        writeProtocolLine({ type: 'loaded' })
        break
      }
      case 'start': {
        if (runner === null) return finish(protocolFaultReply('"start" before "init"'))
        if (started) return finish(protocolFaultReply('a second "start"'))
        started = true
        const startup = await startRunner(runner, strategy)
        if ('kind' in startup) return finish({ type: 'fault', fault: startup })
        writeProtocolLine(startup)
        break
      }
      case 'round': {
        if (runner === null || !started) return finish(protocolFaultReply('"round" before "start"'))
        // Read outside the timed section: a scan of /proc costs milliseconds.
        const childrenBefore = childCpuSeconds(process.pid, runner.pids())
        const outcome = await runner.round(command.tasks, command.measureBytes)
        if (!outcome.ok) return finish({ type: 'fault', fault: outcome.fault })
        const childrenAfter = childCpuSeconds(process.pid, runner.pids())
        // A child that left the tree (re-parented out of the group) takes its CPU with it.
        const children =
          childrenBefore === null || childrenAfter === null
            ? null
            : Math.max(0, childrenAfter - childrenBefore)
        const { result } = outcome
        // Sizes are taken after the timed section, from the values a pool would clone.
        const measure = command.measureBytes
        writeProtocolLine({
          type: 'round',
          wallSeconds: result.wallSeconds,
          cpuSeconds: result.cpuSeconds + (children ?? 0),
          childCpuSeconds: children,
          peakRssBytes: result.peakRssBytes,
          bytesToWorkersPerCall: measure ? serializedBytes(args) : null,
          bytesFromWorkersPerCall: measure ? serializedBytes(result.first) : null,
          awaited: result.awaited ?? null
        } satisfies HarnessReply)
        break
      }
    }
  }
}

/**
 * The runner an `init` names, not started: serial and async load the function on this thread; a
 * pool's workers load it when they start.
 */
async function loadRunner(command: InitCommand): Promise<Runner | Fault> {
  const { modulePath, workers, memoryLimitBytes } = command
  let members: MemberFactory
  switch (command.strategy) {
    case 'serial':
    case 'async': {
      const loaded = await loadFunction(modulePath, command.function)
      if (loaded.kind === 'config-error')
        return { kind: 'exception', message: `${modulePath} ${loaded.problem}` }
      if (loaded.kind === 'fault') return loaded.fault
      return command.strategy === 'serial'
        ? createSerialRunner(loaded.fn, command.args)
        : createAsyncLoopRunner(loaded.fn, command.args, workers)
    }
    case 'threads':
      members = threadMembers(taskHostPath(), memoryLimitBytes)
      break
    case 'processes':
      members = processMembers(taskHostPath(), memoryLimitBytes)
      break
  }
  return createPool({
    workers,
    modulePath,
    function: command.function,
    args: command.args,
    spawn: members
  })
}

/** Starts the runner (a pool's start is timed), and says ready or why not. */
async function startRunner(
  loaded: Runner,
  strategy: InitCommand['strategy']
): Promise<HarnessReply | Fault> {
  const since = performance.now()
  const fault = await loaded.start()
  if (fault !== null) return fault
  // Serial and async run on the harness's own thread: nothing to start.
  const pool = strategy === 'threads' || strategy === 'processes'
  return ready(pool ? (performance.now() - since) / 1000 : 0)
}

function ready(startupSeconds: number): HarnessReply {
  return { type: 'ready', startupSeconds, runtimeVersion: process.versions.node, startMethod: null }
}

function taskHostPath(): string {
  return locateSibling(import.meta.url, ['../task-host/task-host.ts', 'task-host.js'])
}

function serializedBytes(value: unknown): number | null {
  try {
    return serialize(value).length
  } catch {
    return null
  }
}

function protocolFaultReply(message: string): HarnessReply {
  return { type: 'fault', fault: protocolFault(message, 'harness') }
}

/** Sends a last reply, if any, and exits: a user's pending promise or timer cannot keep us alive. */
function finish(reply?: HarnessReply): never {
  if (reply !== undefined) writeProtocolLine(reply)
  runner?.stop()
  process.exit(0)
}

async function readStdin(): Promise<string> {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) text += String(chunk)
  return text
}

await main()
