// The engine's side of the harness protocol (protocol.ts), shared by every runtime: start a harness
// process in a process group of its own, send it commands, and turn its replies, its death, a timeout or
// a memory overrun into data. One harness process is one session: one strategy at one worker count.

import { createInterface } from 'node:readline'
import { execa } from 'execa'
import type { Fault, RoundSample } from '../types.ts'
import { harnessEnvironment } from './child-env.ts'
import { contentionBetween, readContention } from './contention.ts'
import type { ContentionSnapshot } from './contention.ts'
import { parseReply, protocolFault } from './protocol.ts'
import type { HarnessCommand, HarnessReply, InitCommand } from './protocol.ts'
import {
  killProcessTree,
  processTreeRssBytes,
  trackProcessGroup,
  untrackProcessGroup
} from './process-tree.ts'
import type { LoadSessionOutcome, RoundOutcome, Session, SessionOutcome } from './runtime.ts'
import { waitForIdleTree } from './quiet.ts'
import { lastLines } from './text.ts'

/** How to start a runtime's harness: the interpreter and the arguments before any mode flag. */
export interface HarnessLaunch {
  readonly file: string
  readonly args: readonly string[]
  readonly env?: Readonly<Record<string, string>>
  /**
   * The environment to add `env` to, in place of the engine's own (harnessEnvironment): the one a
   * wrapper command left (python/direct-launch.ts).
   */
  readonly baseEnv?: Readonly<Record<string, string>>
  readonly cwd: string
}

export interface SessionLimits {
  /** Seconds each step (loading, start-up, one round) may take. */
  readonly timeoutSeconds: number
  /** Summed resident memory of the process group, in bytes; null for no limit. */
  readonly memoryBytes: number | null
}

const STDERR_TAIL_CHARS = 4000
const MEMORY_POLL_MS = 100
const EXIT_GRACE_MS = 3000

/** The fault of a step that the engine stopped: it says nothing about the workload. */
const STOPPED: Fault = {
  kind: 'signal',
  message: 'stopped: the run was interrupted or its time budget ran out',
  signal: 'SIGKILL'
}

type Event =
  | { readonly kind: 'reply'; readonly reply: HarnessReply }
  | {
      readonly kind: 'exit'
      readonly exitCode: number | undefined
      readonly signal: string | undefined
    }

/**
 * Starts a harness, sends `init`, and waits for it to have loaded the workload within the step
 * timeout. Aborting `signal` kills the harness's tree at once, whatever step it is in (loaded and
 * waiting included); the caller still closes it.
 */
export async function loadHarnessSession(
  launch: HarnessLaunch,
  init: InitCommand,
  limits: SessionLimits,
  signal?: AbortSignal
): Promise<LoadSessionOutcome> {
  if (signal?.aborted === true) return { ok: false, fault: STOPPED }
  const harness = new HarnessProcess(launch, limits, signal)
  const answer = await ask(harness, init, 'loaded')
  if (!answer.ok) return answer
  return {
    ok: true,
    loaded: {
      start: () => startHarnessSession(harness),
      waitIdle: (maxSeconds, signal) => harness.waitIdle(maxSeconds, signal),
      close: () => harness.close(true)
    }
  }
}

/** Sends `start` to a loaded harness and waits for its pool to be ready within the step timeout. */
async function startHarnessSession(harness: HarnessProcess): Promise<SessionOutcome> {
  const answer = await ask(harness, { type: 'start' }, 'ready')
  if (!answer.ok) return answer
  const ready = answer.reply
  const session: Session = {
    startupSeconds: ready.startupSeconds,
    startMethod: ready.startMethod,
    gilEnabled: ready.gilEnabled ?? null,
    gilEnabledBy: ready.gilEnabledBy ?? [],
    async runRound(tasks: number, measureBytes: boolean): Promise<RoundOutcome> {
      // Read just outside the harness's timed region, so that the reading costs the round nothing.
      const before = harness.readContention()
      const round = await ask(harness, { type: 'round', tasks, measureBytes }, 'round')
      if (!round.ok) return round
      const after = before === null ? null : harness.readContention()
      // The reply less its type is the sample; `awaited` and the GIL are null where the harness did
      // not say.
      const { type, ...measured } = round.reply
      const sample: RoundSample = {
        ...measured,
        awaited: measured.awaited ?? null,
        gilEnabled: measured.gilEnabled ?? null,
        gilEnabledBy: measured.gilEnabledBy ?? [],
        contention: before === null || after === null ? null : contentionBetween(before, after)
      }
      return { ok: true, sample }
    },
    waitIdle: (maxSeconds, signal) => harness.waitIdle(maxSeconds, signal),
    close: () => harness.close(true)
  }
  return { ok: true, session }
}

/**
 * Sends a command and takes its reply of the expected type. A fault, or a reply out of turn, ends the
 * session: the harness is closed and the fault returned.
 */
async function ask<Type extends HarnessReply['type']>(
  harness: HarnessProcess,
  command: HarnessCommand,
  expected: Type
): Promise<
  | { readonly ok: true; readonly reply: Extract<HarnessReply, { type: Type }> }
  | { readonly ok: false; readonly fault: Fault }
> {
  const answer = await harness.request(command)
  if (answer.kind === 'reply' && isReplyOf(answer.reply, expected))
    return { ok: true, reply: answer.reply }
  await harness.close(false)
  if (answer.kind === 'fault') return { ok: false, fault: answer.fault }
  return {
    ok: false,
    fault: protocolFault(`expected "${expected}", got "${answer.reply.type}"`)
  }
}

function isReplyOf<Type extends HarnessReply['type']>(
  reply: HarnessReply,
  type: Type
): reply is Extract<HarnessReply, { type: Type }> {
  return reply.type === type
}

type RequestResult =
  | { readonly kind: 'reply'; readonly reply: HarnessReply }
  | { readonly kind: 'fault'; readonly fault: Fault }

/** One harness process: a queue of events (replies, exit) and the kill switches. */
class HarnessProcess {
  private readonly pid: number | undefined
  private readonly subprocess: ReturnType<typeof execa>
  private readonly events: Event[] = []
  private waiter: (() => void) | null = null
  private stderrTail = ''
  private exited = false
  private killedFor: 'timeout' | 'memory' | 'stopped' | null = null
  private peakRssBytes = 0
  private memoryTimer: NodeJS.Timeout | null = null
  private closing: Promise<void> | null = null
  private readonly limits: SessionLimits

  constructor(launch: HarnessLaunch, limits: SessionLimits, signal: AbortSignal | undefined) {
    this.limits = limits
    this.subprocess = execa(launch.file, [...launch.args], {
      cwd: launch.cwd,
      // Not the tool's credentials (environment.ts): the workload is code from the pull request.
      env: {
        ...(launch.baseEnv ?? harnessEnvironment(process.env)),
        PYTHONUNBUFFERED: '1',
        ...launch.env
      },
      extendEnv: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // A group of its own (setsid) so that the whole tree can be killed at once; the registry, not
      // execa's `cleanup`, kills it when the tool exits.
      detached: process.platform !== 'win32',
      cleanup: false,
      windowsHide: true
    })
    this.pid = this.subprocess.pid
    if (this.pid !== undefined) trackProcessGroup(this.pid)
    createInterface({ input: this.subprocess.stdout! }).on('line', (line) => this.onLine(line))
    this.subprocess.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS)
    })
    // Writes to a harness that has died raise EPIPE here; its death is reported through the exit event.
    this.subprocess.stdin!.on('error', () => undefined)
    const stop = (): void => this.kill('stopped')
    signal?.addEventListener('abort', stop, { once: true })
    void this.subprocess.then((result) => {
      this.exited = true
      signal?.removeEventListener('abort', stop)
      this.stopMemoryWatch()
      this.push({ kind: 'exit', exitCode: result.exitCode, signal: result.signal })
    })
    if (limits.memoryBytes !== null && this.pid !== undefined)
      this.startMemoryWatch(this.pid, limits.memoryBytes)
  }

  /** The scheduler counters of the harness's tree and of the machine; null where unreadable (not Linux). */
  readContention(): ContentionSnapshot | null {
    return this.pid === undefined || this.exited ? null : readContention(this.pid)
  }

  /** Waits until the harness's tree has gone idle (quiet.ts); at once where it has exited. */
  waitIdle(maxSeconds: number, signal: AbortSignal | undefined): Promise<boolean> {
    return this.pid === undefined || this.exited
      ? Promise.resolve(true)
      : waitForIdleTree(this.pid, maxSeconds, signal)
  }

  /** Sends one command and waits for its reply, the process's death, or the step timeout. */
  async request(command: HarnessCommand): Promise<RequestResult> {
    if (this.exited) return { kind: 'fault', fault: await this.exitFault(undefined, undefined) }
    this.subprocess.stdin!.write(`${JSON.stringify(command)}\n`)
    const timeoutMs = this.limits.timeoutSeconds * 1000
    const timer = setTimeout(() => {
      this.kill('timeout')
    }, timeoutMs)
    try {
      const event = await this.next()
      if (event.kind === 'exit')
        return { kind: 'fault', fault: await this.exitFault(event.exitCode, event.signal) }
      if (event.reply.type === 'fault')
        return { kind: 'fault', fault: withMemoryKind(event.reply.fault, this.limits) }
      return { kind: 'reply', reply: event.reply }
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Asks the harness to exit (graceful) or kills it at once (after a fault: its pool workers may be
   * stuck in the user's code), then kills whatever is left of its tree.
   */
  close(graceful: boolean): Promise<void> {
    this.closing ??= (async () => {
      if (!graceful) this.kill(null)
      if (!this.exited) {
        this.subprocess.stdin!.write(`${JSON.stringify({ type: 'exit' })}\n`)
        this.subprocess.stdin!.end()
        const grace = setTimeout(() => this.kill(null), EXIT_GRACE_MS)
        await this.subprocess
        clearTimeout(grace)
      }
      this.stopMemoryWatch()
      // Pool workers can outlive their parent for a moment; the group kill reaches them.
      if (this.pid !== undefined) {
        killProcessTree(this.pid)
        untrackProcessGroup(this.pid)
      }
    })()
    return this.closing
  }

  private kill(reason: 'timeout' | 'memory' | 'stopped' | null): void {
    this.killedFor ??= reason
    if (this.pid !== undefined) killProcessTree(this.pid)
  }

  private onLine(line: string): void {
    const reply = parseReply(line)
    if (reply === null) {
      // Not ours: a native library writing to fd 1. Keep it for the fault detail, do not fail on it.
      this.stderrTail = (this.stderrTail + line + '\n').slice(-STDERR_TAIL_CHARS)
      return
    }
    this.push({ kind: 'reply', reply })
  }

  private push(event: Event): void {
    this.events.push(event)
    const waiter = this.waiter
    this.waiter = null
    waiter?.()
  }

  private async next(): Promise<Event> {
    for (;;) {
      const event = this.events.shift()
      if (event !== undefined) return event
      await new Promise<void>((resolve) => {
        this.waiter = resolve
      })
    }
  }

  private startMemoryWatch(pid: number, limitBytes: number): void {
    this.memoryTimer = setInterval(() => {
      const rss = processTreeRssBytes(pid)
      if (rss === null) return
      this.peakRssBytes = Math.max(this.peakRssBytes, rss)
      if (rss > limitBytes) this.kill('memory')
    }, MEMORY_POLL_MS)
    this.memoryTimer.unref()
  }

  private stopMemoryWatch(): void {
    if (this.memoryTimer !== null) clearInterval(this.memoryTimer)
    this.memoryTimer = null
  }

  private async exitFault(
    exitCode: number | undefined,
    signal: string | undefined
  ): Promise<Fault> {
    // The exit event can arrive before the last stderr bytes; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const detail = lastLines(this.stderrTail, 12)
    const detailField = detail === '' ? {} : { detail }
    if (this.killedFor === 'stopped') return STOPPED
    if (this.killedFor === 'timeout') {
      return {
        kind: 'timeout',
        message: `timed out after ${this.limits.timeoutSeconds} s`,
        ...detailField
      }
    }
    if (this.killedFor === 'memory' || looksOutOfMemory(this.stderrTail)) {
      return {
        kind: 'memory',
        message: memoryMessage(this.limits.memoryBytes, this.peakRssBytes),
        ...detailField
      }
    }
    const hint = lastLines(this.stderrTail, 1)
    const suffix = hint === '' ? '' : `: ${hint}`
    if (signal !== undefined)
      return { kind: 'signal', message: `killed by ${signal}${suffix}`, signal, ...detailField }
    const code = exitCode ?? -1
    return {
      kind: 'exit',
      message: `exited with code ${code}${suffix}`,
      exitCode: code,
      ...detailField
    }
  }
}

/** Out-of-memory texts of the runtimes we ship (CPython's MemoryError, V8's fatal heap error). */
function looksOutOfMemory(stderr: string): boolean {
  return /\bMemoryError\b|heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Cannot allocate memory/.test(
    stderr
  )
}

function withMemoryKind(fault: Fault, limits: SessionLimits): Fault {
  if (fault.kind !== 'memory' || limits.memoryBytes === null) return fault
  return { ...fault, message: `${memoryMessage(limits.memoryBytes, 0)} (${fault.message})` }
}

function memoryMessage(limitBytes: number | null, peakBytes: number): string {
  if (limitBytes === null) return 'ran out of memory'
  const peak = peakBytes > 0 ? `; its processes reached ${formatMegabytes(peakBytes)}` : ''
  return `exceeded the memory limit of ${formatMegabytes(limitBytes)}${peak}`
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`
}
