// Turns that other processes slowed, on a scripted runtime with scripted scheduler readings: they are
// set aside (no interval, pair or rule counts them), kept in the results, told of in progress; a
// runner busy throughout stops the rounds and gives its best guess, marked uncertain; an unmonitored
// run sets nothing aside.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load.ts'
import { advise } from '../src/engine.ts'
import type { EngineOptions } from '../src/engine.ts'
import { createFakeRuntime } from '../src/measure/fake-runtime.ts'
import type { FakeScript } from '../src/measure/fake-runtime.ts'
import { BUSY_MIN_ROUNDS } from '../src/measure/set-aside.ts'
import { NO_CLEAN_ROUND_PATIENCE } from '../src/verdict/stopping.ts'
import type { ProgressEvent } from '../src/progress-events.ts'
import type { RoundContention, Strategy } from '../src/types.ts'
import { TWO_CPUS } from './helpers/machine.ts'
import { tempDir } from './helpers/temp.ts'

const dir = tempDir()
dir.write('work.py', 'def f():\n    pass\n')
const machine = TWO_CPUS
const CALL_SECONDS = 0.01
const TASKS = 8

/** Processes scale to 2 CPUs; threads stay at 1x (a GIL). */
function speedupOf(strategy: Strategy, workers: number): number {
  return strategy === 'processes' ? Math.min(workers, 2) * 0.95 : 1
}

/** Busy tasks of a contender on 2 CPUs. */
function busyTasks(strategy: Strategy, workers: number): number {
  return strategy === 'processes' ? Math.min(workers, 2) : 1
}

/** A quiet turn: it ran all the time it was given, nobody else ran. */
function quietReading(wall: number, tasks: number): RoundContention {
  return {
    windowSeconds: wall,
    waitSeconds: 0,
    runSeconds: wall * tasks,
    tasks,
    faults: null,
    systemSeconds: null,
    systemSlackSeconds: null,
    machineBusySeconds: wall * tasks,
    machineBusySlackSeconds: 0,
    stealSeconds: 0,
    machineCpus: 2,
    pressureSeconds: 0,
    cgroupPressureSeconds: null
  }
}

/**
 * A turn that ran half its length and waited for a CPU three times as long as it ran (beyond any
 * pool's own level on 2 CPUs), while another process ran a CPU-second per second.
 */
function contendedReading(wall: number, tasks: number): RoundContention {
  return {
    ...quietReading(wall, tasks),
    waitSeconds: wall * tasks * 1.5,
    runSeconds: wall * tasks * 0.5,
    machineBusySeconds: wall * tasks * 0.5 + wall
  }
}

/**
 * A GIL-bound workload whose turns are contended where `contended(strategy, workers, turn)` says
 * (turn: 0-based count of the contender's timed turns, retakes included; warm-up -1): those run 3x
 * slower and read as such.
 */
function script(
  contended: ((strategy: Strategy, workers: number, round: number) => boolean) | null,
  speedup: (strategy: Strategy, workers: number) => number = speedupOf
): FakeScript {
  const wall = (strategy: Strategy, workers: number, tasks: number, call: number): number => {
    const base = (tasks * CALL_SECONDS) / speedup(strategy, workers)
    return contended?.(strategy, workers, call - 1) === true ? base * 3 : base
  }
  return {
    wallSeconds: (strategy, workers, tasks, call) => wall(strategy, workers, tasks, call),
    ...(contended === null
      ? {}
      : {
          contention: (strategy, workers, call) => {
            const seconds = wall(strategy, workers, TASKS, call)
            const tasks = busyTasks(strategy, workers)
            return contended(strategy, workers, call - 1)
              ? contendedReading(seconds, tasks)
              : quietReading(seconds, tasks)
          }
        })
  }
}

function run(testScript: FakeScript, more: Partial<EngineOptions> = {}) {
  const config = parseConfig(
    `workloads:\n  - {name: w, module: work.py, function: f, tasks: ${TASKS}}\n`,
    'ca.yml',
    { cwd: dir.path, python: null }
  )
  return advise(config, {
    budgetSeconds: null,
    context: null,
    machine,
    createRuntime: () => createFakeRuntime(testScript),
    ...more
  })
}

describe('advise: turns that other processes slowed', () => {
  it('sets them aside: absent from the walls, intervals and pairs, kept with their reason', async () => {
    const events: ProgressEvent[] = []
    // Turns 1 and 2 of processes ×2: round 1's turn and its retake at the end of round 1.
    const results = await run(
      script(
        (strategy, workers, turn) =>
          strategy === 'processes' && workers === 2 && [1, 2].includes(turn)
      ),
      { onProgress: (event) => events.push(event) }
    )
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
    const pool = workload.measurements.find((m) => m.strategy === 'processes' && m.workers === 2)!
    expect(pool.wallSamples[1]).toBeNull()
    expect(pool.setAside.map((turn) => turn.round)).toEqual([1, 1])
    const clean = (TASKS * CALL_SECONDS) / speedupOf('processes', 2)
    expect(pool.setAside[0]).toMatchObject({ wallSeconds: clean * 3 })
    expect(pool.setAside[0]!.lostShare).toBeGreaterThan(0.1)
    expect(pool.setAside[0]!.reason).toMatch(
      /^the workers waited .* for a CPU; other processes ran/
    )
    // The 3x slower turns count nowhere: every kept wall is the clean one, and so are the figures.
    expect(pool.wallSamples.filter((wall) => wall !== null).every((wall) => wall === clean)).toBe(
      true
    )
    expect(pool.rounds).toBe(workload.rounds - 1)
    expect(pool.interval?.high).toBeCloseTo(clean, 9)
    expect(pool.speedup).toBeCloseTo(speedupOf('processes', 2), 9)
    expect(workload.contention).toMatchObject({ monitored: true, setAside: 2, busy: false })
    expect(workload.contention!.lostSeconds).toBeGreaterThan(0)
    const told = events.flatMap((e) =>
      e.kind === 'measure' && e.event.kind === 'set-aside' ? [e.event] : []
    )
    expect(told.map((e) => [e.strategy, e.workers, e.round, e.retaken])).toEqual([
      ['processes', 2, 2, true]
    ])
  })

  it('keeps the turns of GIL-bound threads that waited at every hand-off while the holder ran on at its pace', async () => {
    // From their second turn on, the thread pools' readings show most of the turn waited for a CPU
    // while a neighbour ran; `behind` is the share of their pace (one CPU-second per second) lost.
    const handOffs = (behind: number): FakeScript => ({
      wallSeconds: (strategy, workers, tasks) =>
        (tasks * CALL_SECONDS) / speedupOf(strategy, workers),
      contention: (strategy, workers, call) => {
        const seconds = (TASKS * CALL_SECONDS) / speedupOf(strategy, workers)
        const quiet = quietReading(seconds, busyTasks(strategy, workers))
        if (strategy !== 'threads' || call - 1 < 1) return quiet
        return {
          ...quiet,
          waitSeconds: seconds * 0.8,
          runSeconds: seconds * (1 - behind),
          machineBusySeconds: seconds * (2 - behind)
        }
      }
    })
    const threadsOf = (results: Awaited<ReturnType<typeof run>>) =>
      results.workloads[0]!.measurements.filter((m) => m.strategy === 'threads')
    const atPace = threadsOf(await run(handOffs(0)))
    expect(atPace.some((m) => m.rounds > 1)).toBe(true)
    expect(atPace.every((m) => m.setAside.length === 0)).toBe(true)
    const fellBehind = threadsOf(await run(handOffs(0.4)))
    expect(fellBehind.some((m) => m.setAside.length > 0)).toBe(true)
  })

  it('takes a contended turn again at the end of its round, which then costs no extra round', async () => {
    const quiet = (await run(script(() => false))).workloads[0]!
    // Serial's turn of round 0 is slowed (every pair of that round with it), its retake is clean.
    const results = await run(
      script((strategy, _workers, turn) => strategy === 'serial' && turn === 0)
    )
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: false,
      rounds: quiet.rounds
    })
    const serial = workload.measurements.find((m) => m.strategy === 'serial')!
    const clean = TASKS * CALL_SECONDS
    expect(serial.wallSamples.every((wall) => wall === clean)).toBe(true)
    expect(serial.setAside.map((turn) => [turn.round, turn.wallSeconds])).toEqual([[0, clean * 3]])
    expect(workload.contention).toMatchObject({ setAside: 1, turns: quiet.contention!.turns + 1 })
  })

  it('sets aside a serial turn whose page faults the host made slow, and takes it again', async () => {
    // Every turn takes 8,000 faults at 2.5 µs at most; serial's second timed turn (round 1) takes
    // 30,000 at 10 µs (0.3 s of system time) and runs three times as long, with no wait and nobody
    // else running. (Round 0's turn could be judged only once round 1 gave serial a cheaper one.)
    const slowFaults: FakeScript = {
      wallSeconds: (strategy, workers, tasks, call) =>
        ((tasks * CALL_SECONDS) / speedupOf(strategy, workers)) *
        (strategy === 'serial' && call - 1 === 1 ? 3 : 1),
      contention: (strategy, workers, call) => {
        const seconds = (TASKS * CALL_SECONDS) / speedupOf(strategy, workers)
        const quiet = {
          ...quietReading(seconds, busyTasks(strategy, workers)),
          faults: 8000,
          systemSeconds: 0.01,
          systemSlackSeconds: 0.01
        }
        if (strategy !== 'serial' || call - 1 !== 1) return quiet
        return {
          ...quietReading(seconds * 3, 1),
          faults: 30000,
          systemSeconds: 0.3,
          systemSlackSeconds: 0.01
        }
      }
    }
    const workload = (await run(slowFaults)).workloads[0]!
    expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
    const serial = workload.measurements.find((m) => m.strategy === 'serial')!
    const clean = TASKS * CALL_SECONDS
    expect(serial.wallSamples.every((wall) => wall === clean)).toBe(true)
    expect(serial.setAside.map((turn) => [turn.round, turn.wallSeconds])).toEqual([[1, clean * 3]])
    expect(serial.setAside[0]!.reason).toMatch(/^memory came slowly: its page faults took /)
  })

  it('keeps every turn of an unmonitored run (off Linux, no schedstat)', async () => {
    const results = await run(script(null))
    const workload = results.workloads[0]!
    expect(workload.contention).toMatchObject({ monitored: false, setAside: 0, busy: false })
    expect(workload.contention!.turns).toBeGreaterThan(0)
    for (const m of workload.measurements) expect(m.setAside).toEqual([])
  })

  it('on a runner busy throughout, stops the rounds and gives the best guess from every round, uncertain', async () => {
    const results = await run(script(() => true))
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: true,
      stopReason: 'busy',
      rounds: BUSY_MIN_ROUNDS
    })
    expect(workload.reason).toMatch(
      /Uncertain: the runner was busy: (\d+) of \1 turns were set aside because other processes took their CPUs/
    )
    expect(workload.contention).toMatchObject({ monitored: true, busy: true })
    // The best guess counted every round; the file still says which turns were slowed.
    const serial = workload.measurements.find((m) => m.strategy === 'serial')!
    expect(serial.wallSamples.every((wall) => wall !== null)).toBe(true)
    // Each round's turn and its retake.
    expect(serial.setAside).toHaveLength(2 * BUSY_MIN_ROUNDS)
  })

  it('does not stop as busy on eight short rounds that one burst covers', async () => {
    // Turns of a millisecond: every turn and retake of the first ten rounds is slowed, about 0.1 s
    // of turns in all, far from BUSY_MIN_SECONDS; the rounds after are clean and decide.
    const fast = (strategy: Strategy, workers: number): number => 100 * speedupOf(strategy, workers)
    const results = await run(script((_strategy, _workers, turn) => turn < 20, fast))
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: false,
      stopReason: 'settled'
    })
    expect(workload.rounds).toBeGreaterThan(BUSY_MIN_ROUNDS)
  })

  it('gives the best guess from every round when one configuration kept no clean round', async () => {
    const results = await run(script((strategy) => strategy === 'serial'))
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({ recommendation: 'processes', uncertain: true })
    // It waited that many rounds for a clean one first.
    expect(workload.rounds).toBeGreaterThanOrEqual(NO_CLEAN_ROUND_PATIENCE)
    expect(workload.reason).toMatch(
      /Uncertain: the runner was busy: (\d+) of \d+ turns were set aside/
    )
    expect(workload.contention).toMatchObject({ busy: true })
    const serial = workload.measurements.find((m) => m.strategy === 'serial')!
    expect(serial.wallSamples.every((wall) => wall !== null)).toBe(true)
    expect(serial.setAside).toHaveLength(2 * workload.rounds)
  })

  it('waits for clean rounds of pools that a burst took both first rounds of, rather than guess', async () => {
    // The process pools' turns and retakes of rounds 0 and 1 are slowed (turns 0-3); round 2 is clean.
    const results = await run(
      script((strategy, _workers, turn) => strategy === 'processes' && turn < 4)
    )
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: false,
      stopReason: 'settled'
    })
    expect(workload.rounds).toBeGreaterThan(2)
    expect(workload.contention).toMatchObject({ busy: false })
  })

  it('keeps the first attempt, once, where the retake of a contended turn faults', async () => {
    // Processes ×4: turn 0 (round 0, which no verdict settles on) is slowed; its retake (its 3rd
    // call: warm-up, round 0, then the retake) raises.
    const slowed = script(
      (strategy, workers, turn) => strategy === 'processes' && workers === 4 && turn === 0
    )
    const results = await run({
      ...slowed,
      fault: (strategy, workers, phase, call) =>
        strategy === 'processes' && workers === 4 && phase === 'round' && call === 2
          ? { kind: 'exception', type: 'ValueError', message: 'boom' }
          : null
    })
    const workload = results.workloads[0]!
    const pool = workload.measurements.find((m) => m.strategy === 'processes' && m.workers === 4)!
    expect(pool.error).toMatchObject({ kind: 'exception', message: 'boom' })
    expect(pool.setAside.map((turn) => turn.round)).toEqual([0])
    expect(pool.wallSamples[0] ?? null).toBeNull()
    expect(workload.recommendation).toBe('processes')
  })

  it('lets a settled verdict stand where a configuration that is no candidate kept one clean round', async () => {
    // Threads ×4 loses round 0 and its retake; the verdict settles on round 1's clean pairs.
    const results = await run(
      script((strategy, workers, turn) => strategy === 'threads' && workers === 4 && turn < 2)
    )
    const workload = results.workloads[0]!
    const pool = workload.measurements.find((m) => m.strategy === 'threads' && m.workers === 4)!
    expect(pool.wallSamples.filter((wall) => wall !== null)).toHaveLength(workload.rounds - 1)
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: false,
      stopReason: 'settled'
    })
    expect(workload.contention).toMatchObject({ setAside: 2, busy: false })
  })

  it('takes no retake of a turn whose configuration the race stops on it as it stands', async () => {
    // Threads that hand off trivial calls take 30 times serial's time; their turns of round 0 are
    // slowed threefold, half of their CPU time lost: 90x raw, 45x less the share, past 11x.
    const handOff = (strategy: Strategy, workers: number): number =>
      strategy === 'threads' ? 1 / 30 : speedupOf(strategy, workers)
    const results = await run(
      script((strategy, _workers, turn) => strategy === 'threads' && turn === 0, handOff)
    )
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
    for (const pool of workload.measurements.filter((m) => m.strategy === 'threads')) {
      expect(pool.setAside.map((turn) => turn.round)).toEqual([0])
      expect(pool.wallSamples.every((wall) => wall === null)).toBe(true)
      expect(pool.stopped).toMatchObject({ afterRounds: 1, cause: 'behind' })
      expect(pool.stopped?.reason).toMatch(
        /^stopped after 1 round: every turn set aside, and even so/
      )
    }
  })

  it('takes no retake once the verdict settles on the round as it stands', async () => {
    const quiet = (await run(script(() => false))).workloads[0]!
    // Threads ×4, no candidate, is slowed in the last round: the verdict settles without it.
    const last = quiet.rounds - 1
    const results = await run(
      script((strategy, workers, turn) => strategy === 'threads' && workers === 4 && turn === last)
    )
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      stopReason: 'settled',
      rounds: quiet.rounds
    })
    const pool = workload.measurements.find((m) => m.strategy === 'threads' && m.workers === 4)!
    expect(pool.setAside.map((turn) => turn.round)).toEqual([last])
    expect(pool.wallSamples[last]).toBeNull()
    expect(workload.contention).toMatchObject({ setAside: 1, turns: quiet.contention!.turns })
  })

  it('decides on the clean rounds when a burst slows the first turns of every contender', async () => {
    // The evidence rule settles a gap this wide on two clean rounds: the first round, whose turns and
    // retakes were all slowed, must not count, so it takes two more.
    const results = await run(script((_strategy, _workers, turn) => turn === 0 || turn === 1))
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({
      recommendation: 'processes',
      uncertain: false,
      stopReason: 'settled',
      rounds: 3
    })
    expect(workload.contention?.busy).toBe(false)
    for (const m of workload.measurements.filter((m) => m.stopped === null))
      expect(m.setAside.map((turn) => turn.round)).toEqual([0, 0])
  })

  it("keeps a turn of microseconds whose reading waited in the command's round trip", async () => {
    // Serial's calls take 50 µs a round; the readings span 7 ms, 4 of which the harness waited.
    const tiny = 0.00005
    const results = await run({
      wallSeconds: (strategy, workers, tasks) =>
        strategy === 'serial' ? tiny : (tasks * CALL_SECONDS) / speedupOf(strategy, workers),
      contention: (strategy, workers) => {
        if (strategy !== 'serial')
          return quietReading(
            (TASKS * CALL_SECONDS) / speedupOf(strategy, workers),
            busyTasks(strategy, workers)
          )
        return {
          ...quietReading(0.007, 1),
          runSeconds: 0.0063,
          waitSeconds: 0.004,
          machineBusySeconds: 0.0103
        }
      }
    })
    const workload = results.workloads[0]!
    expect(workload).toMatchObject({ recommendation: 'serial', uncertain: false })
    const serial = workload.measurements.find((m) => m.strategy === 'serial')!
    expect(serial.setAside).toEqual([])
  })

  describe('CPUs that ran slower, with no wait and no steal', () => {
    /**
     * Processes scale to 2 CPUs; in the turns `slowed` says (by strategy, workers and 0-based timed
     * turn), both workers "ran" the whole turn and did half the work (twice the wall and twice the
     * CPU for the same calls), as on a VM whose two vCPUs did one CPU's work. Serial's turns cost
     * `serialCost(turn)` times their usual CPU and wall (its calls' own spread).
     */
    function slowerCpus(
      slowed: (strategy: Strategy, workers: number, turn: number) => boolean,
      serialCost: (turn: number) => number = () => 1
    ): FakeScript {
      const factor = (strategy: Strategy, workers: number, call: number): number => {
        if (strategy === 'serial') return serialCost(call - 1)
        return slowed(strategy, workers, call - 1) ? 2 : 1
      }
      const wall = (strategy: Strategy, workers: number, tasks: number, call: number): number =>
        ((tasks * CALL_SECONDS) / speedupOf(strategy, workers)) * factor(strategy, workers, call)
      return {
        wallSeconds: wall,
        contention: (strategy, workers, call) =>
          quietReading(wall(strategy, workers, TASKS, call), busyTasks(strategy, workers))
      }
    }
    const processesIn =
      (turn: number) =>
      (strategy: Strategy, _workers: number, at: number): boolean =>
        strategy === 'processes' && at === turn

    it('sets aside the pools’ turns of a round whose calls took twice the CPU of their cheapest turn', async () => {
      const results = await run(slowerCpus(processesIn(1)))
      const workload = results.workloads[0]!
      expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
      for (const workers of [2, 4]) {
        const pool = workload.measurements.find(
          (m) => m.strategy === 'processes' && m.workers === workers
        )!
        expect(pool.setAside.map((turn) => turn.round)).toEqual([1])
        expect(pool.setAside[0]!.reason).toBe(
          'the CPUs ran slower: the same calls took 2.0x the CPU time of its cheapest turn'
        )
        expect(pool.wallSamples.every((wall) => wall === null || wall < 0.05)).toBe(true)
      }
      expect(workload.contention).toMatchObject({ monitored: true, setAside: 2, busy: false })
    })

    it('sets aside a lone pool’s costlier turn: the host slows one turn of a fraction of a second too', async () => {
      const results = await run(
        slowerCpus(
          (strategy, workers, turn) => strategy === 'processes' && workers === 2 && turn === 1
        )
      )
      const workload = results.workloads[0]!
      const pool = (workers: number) =>
        workload.measurements.find((m) => m.strategy === 'processes' && m.workers === workers)!
      expect(pool(2).setAside.map((turn) => turn.round)).toEqual([1])
      expect(pool(4).setAside).toEqual([])
      expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
    })

    it('keeps the first round’s costlier turns: fresh workers fault in their pages, a JIT warms up', async () => {
      const results = await run(slowerCpus(processesIn(0)))
      for (const m of results.workloads[0]!.measurements) expect(m.setAside).toEqual([])
    })

    it('sets aside a first round in which every pool ran on slower CPUs: more pools than fresh workers slow', async () => {
      const results = await run(
        slowerCpus((strategy, _workers, turn) => strategy !== 'serial' && turn === 0)
      )
      const workload = results.workloads[0]!
      for (const m of workload.measurements) {
        const expected = m.strategy === 'serial' ? [] : [0]
        expect(m.setAside.map((turn) => turn.round)).toEqual(expected)
      }
      // In the first round, fresh workers warming up look the same: the reason names both.
      for (const m of workload.measurements.filter((m) => m.strategy !== 'serial'))
        expect(m.setAside[0]!.reason).toMatch(
          /^its first round took 2\.0x the CPU time of its cheapest turn for the same calls: its fresh workers still warming up, or slower CPUs$/
        )
      // Round 0's pairs are gone: two clean rounds more decide.
      expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false, rounds: 3 })
    })

    it("waits out a slowdown over both first rounds that left every pool at serial's pace", async () => {
      // Both process pools "ran" rounds 0 and 1 on twice their CPU at serial's speed: every turn
      // the slower-CPU rule could compare with was slowed, and two rounds settled on serial before.
      const both = (strategy: Strategy, _workers: number, turn: number): boolean =>
        strategy === 'processes' && turn <= 1
      const results = await run(slowerCpus(both))
      const workload = results.workloads[0]!
      expect(workload).toMatchObject({ recommendation: 'processes', uncertain: false })
      expect(workload.rounds).toBeGreaterThan(2)
    })

    it("keeps them where serial's own calls vary as much (a workload whose calls allocate heavily)", async () => {
      const results = await run(slowerCpus(processesIn(1), (turn) => (turn === 0 ? 1.5 : 1)))
      const pool = results.workloads[0]!.measurements.find(
        (m) => m.strategy === 'processes' && m.workers === 2
      )!
      expect(pool.setAside).toEqual([])
      expect(pool.wallSamples[1]).toBeCloseTo((TASKS * CALL_SECONDS * 2) / 1.9, 9)
    })

    it('never judges serial by its CPU time: its calls are the measure of their own spread', async () => {
      const results = await run(
        slowerCpus(
          () => false,
          (turn) => (turn === 1 ? 2 : 1)
        )
      )
      const serial = results.workloads[0]!.measurements.find((m) => m.strategy === 'serial')!
      expect(serial.setAside).toEqual([])
    })
  })
})
