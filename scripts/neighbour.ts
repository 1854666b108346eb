// A noisy neighbour for benchmarks: a shell loop that burns one CPU for a while, pauses, and burns
// again, as another job on a shared CI runner would (issue 19: 1-4 s on, 1-4 s off). Started and
// stopped by the benchmark itself, bounded in time (each burst by `timeout` too, so that none
// outlives a benchmark killed outright), and killed with its process group on stop or on exit. It
// records when it was burning, so that each round can be told how much of it overlapped. Needs
// coreutils' `timeout` (Linux).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mulberry32 } from '../src/stats/random.ts'

export interface NeighbourOptions {
  /** Seconds of each burst, drawn uniformly from [min, max]. */
  readonly onSeconds: readonly [number, number]
  /** Seconds of each pause, drawn uniformly from [min, max]. */
  readonly offSeconds: readonly [number, number]
  /** The neighbour stops by itself after this many seconds, whatever happens to the benchmark. */
  readonly limitSeconds: number
  readonly seed: number
}

export const INTERMITTENT: Omit<NeighbourOptions, 'limitSeconds' | 'seed'> = {
  onSeconds: [1, 4],
  offSeconds: [1, 4]
}

export interface Neighbour {
  /** Fraction of [fromMs, toMs] (performance.now()) during which the neighbour was burning. */
  busyFraction(fromMs: number, toMs: number): number
  /** Stops the neighbour and waits until its process is gone. Idempotent. */
  stop(): Promise<void>
}

/** Starts the intermittent neighbour; its first burst starts at once. */
export function startNeighbour(options: NeighbourOptions): Neighbour {
  const random = mulberry32(options.seed)
  const draw = ([min, max]: readonly [number, number]): number => min + (max - min) * random()
  const bursts: [number, number][] = []
  const startedMs = performance.now()
  let child: ChildProcess | null = null
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const endBurst = (): void => {
    if (child !== null) {
      killGroup(child)
      bursts.at(-1)![1] = performance.now()
      child = null
    }
  }
  const burst = (): void => {
    if (stopped) return
    if (performance.now() - startedMs > options.limitSeconds * 1000) {
      stopped = true
      return
    }
    const seconds = draw(options.onSeconds)
    // A group of its own, so that the kill reaches the loop; and `timeout` ends the burst by itself
    // should this process die without stopping it.
    child = spawn(
      'timeout',
      ['-s', 'KILL', String(seconds + 1), 'sh', '-c', 'while :; do :; done'],
      {
        detached: true,
        stdio: 'ignore'
      }
    )
    bursts.push([performance.now(), Infinity])
    timer = setTimeout(() => {
      endBurst()
      timer = setTimeout(burst, draw(options.offSeconds) * 1000)
    }, seconds * 1000)
  }
  const onExit = (): void => {
    if (child !== null) killGroup(child)
  }
  process.on('exit', onExit)
  burst()

  return {
    busyFraction(fromMs: number, toMs: number): number {
      if (toMs <= fromMs) return 0
      let busy = 0
      for (const [start, end] of bursts) {
        const overlap = Math.min(toMs, end) - Math.max(fromMs, start)
        if (overlap > 0) busy += overlap
      }
      return busy / (toMs - fromMs)
    },
    async stop(): Promise<void> {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      const last = child
      endBurst()
      process.off('exit', onExit)
      if (last !== null && last.exitCode === null && last.signalCode === null)
        await new Promise((resolve) => last.once('exit', resolve))
    }
  }
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
