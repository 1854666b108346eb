// The contention reader on real processes, with a margin no busy machine can close: a busy loop
// pinned to one CPU, beside a second busy loop pinned to the same CPU, waits about half of its time
// (the scheduler shares that CPU between them), and that round is judged contended. Alone, the loop
// can only have waited while other processes ran on our CPUs, whatever the machine is doing.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { contentionBetween, readContention } from '../../src/runtimes/contention.ts'
import { parseAllowedCpus } from '../../src/runtimes/machine-counters.ts'
import { judgeRounds } from '../../src/stats/contention.ts'
import type { RoundContention } from '../../src/types.ts'
import {
  killMarkedProcesses,
  MARKER_NAME,
  newMarker,
  waitForNoMarkedProcesses
} from '../helpers/processes.ts'

// Says when it is in its loop: an interpreter starting up reads files and waits on them.
const BUSY =
  "import time\nprint('ready', flush=True)\nend = time.time() + 20\nwhile time.time() < end: pass"
const monitored =
  process.platform === 'linux' &&
  existsSync('/usr/bin/taskset') &&
  existsSync(`/proc/self/task/${process.pid}/schedstat`)
const allowed = [...(parseAllowedCpus(readFileSync('/proc/self/status', 'utf8')) ?? [0])]
const cpu = String(allowed[0] ?? 0)
// The interpreter itself, not a launcher script (pyenv's shim starts a dozen short-lived processes).
const python = monitored
  ? execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8'
    }).trim()
  : 'python3'

let marker = newMarker()
afterEach(async () => {
  killMarkedProcesses(marker)
  expect(await waitForNoMarkedProcesses(marker)).toEqual([])
  marker = newMarker()
})

/**
 * Starts a command in a process group of its own, marked for the leftover check, and waits until
 * `loops` busy loops have said they are running; returns its pid.
 */
async function start(command: string, args: readonly string[], loops = 1): Promise<number> {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, [MARKER_NAME]: marker }
  })
  await new Promise<void>((resolve, reject) => {
    let ready = 0
    child.stdout.on('data', (chunk: Buffer) => {
      ready += chunk.toString().split('ready').length - 1
      if (ready >= loops) resolve()
    })
    child.once('error', reject)
    child.once('exit', () => resolve())
  })
  return child.pid!
}

function stop(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** The group's reading over one second. */
async function overOneSecond(pid: number): Promise<RoundContention> {
  const before = readContention(pid)
  await sleep(1000)
  const after = readContention(pid)
  expect(before).not.toBeNull()
  expect(after).not.toBeNull()
  return contentionBetween(before!, after!)
}

describe.runIf(monitored)('contention readings (Linux, taskset)', () => {
  it('shows a large wait beside a neighbour pinned to the same CPU, and judges that round contended', async () => {
    const loop = await start('taskset', ['-c', cpu, python, '-c', BUSY])
    const alone = await overOneSecond(loop)
    const neighbour = await start('taskset', ['-c', cpu, python, '-c', BUSY])
    const beside = await overOneSecond(loop)
    stop(neighbour)
    stop(loop)

    expect(beside.tasks).toBe(1)
    expect(beside.waitSeconds).toBeGreaterThan(0.3 * beside.windowSeconds)
    expect(beside.machineBusySeconds).not.toBeNull()
    // Alone, a single pinned task waits only while something else runs on its CPU.
    expect(alone.waitSeconds).toBeLessThan(
      alone.machineBusySeconds! - alone.runSeconds + 0.05 * alone.windowSeconds
    )
    const [, judged] = judgeRounds([alone, beside], {
      workers: 1,
      cpus: allowed.length
    })
    expect(judged!.contended).toBe(true)
    expect(judged!.reason).toMatch(/^the process waited .* for a CPU; other processes ran /)
  })

  it("counts the tasks of the group's children: a harness's pool", async () => {
    const pool = await start('sh', ['-c', '"$0" -c "$1" & "$0" -c "$1" & wait', python, BUSY], 2)
    const reading = await overOneSecond(pool)
    stop(pool)
    // The shell and its two busy children. A busy loop is runnable all the time, running or waiting
    // for a CPU, however busy the machine: two of them, two task-seconds per second.
    expect(reading.tasks).toBeGreaterThanOrEqual(3)
    expect(reading.runSeconds + reading.waitSeconds).toBeGreaterThan(1.5 * reading.windowSeconds)
  })

  it('reads the page faults of fresh memory the group touched, and their system time', async () => {
    // 64 MiB of fresh anonymous memory, huge pages refused: a fault for each of its 16,384 pages.
    const TOUCH = [
      'import mmap, time',
      "print('ready', flush=True)",
      'time.sleep(0.3)',
      'm = mmap.mmap(-1, 64 << 20)',
      'm.madvise(mmap.MADV_NOHUGEPAGE)',
      'for i in range(0, 64 << 20, 4096): m[i] = 1',
      'time.sleep(20)'
    ].join('\n')
    const toucher = await start(python, ['-c', TOUCH])
    const reading = await overOneSecond(toucher)
    stop(toucher)
    expect(reading.faults).toBeGreaterThanOrEqual(16384)
    expect(reading.faults).toBeLessThan(16384 + 4096)
    expect(reading.systemSeconds! + reading.systemSlackSeconds!).toBeGreaterThan(0)
  })

  it('reads nothing for a process that is gone', async () => {
    const gone = await start('true', [], 0)
    expect(readContention(gone)).toBeNull()
  })
})
