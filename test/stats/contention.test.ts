// The contended-round predicate on chosen readings: the wait a contender causes itself never counts,
// the wait that other processes or the hypervisor cause does.
import { describe, expect, it } from 'vitest'
import {
  CONTENDED_SHARE,
  FAULT_COST_FACTOR,
  FAULT_COST_MIN_FAULTS,
  FIRST_ROUND_SLOWER_CPU_POOLS,
  SLOWER_CPU_FACTOR,
  SLOWER_CPU_POOLS,
  cpuInflation,
  judgeRounds,
  selfInflictedWaitRate,
  slowerCpuRounds
} from '../../src/stats/contention.ts'
import type { RoundContention } from '../../src/types.ts'

/** A one-second round's reading; `others` is the CPU time the rest of the machine ran meanwhile. */
function reading(
  run: number,
  wait: number,
  others: number | null,
  more: Partial<RoundContention> = {}
): RoundContention {
  return {
    windowSeconds: 1,
    waitSeconds: wait,
    runSeconds: run,
    tasks: 4,
    faults: null,
    systemSeconds: null,
    systemSlackSeconds: null,
    machineBusySeconds: others === null ? null : run + others,
    machineBusySlackSeconds: others === null ? null : 0,
    stealSeconds: 0,
    machineCpus: 2,
    pressureSeconds: null,
    cgroupPressureSeconds: null,
    ...more
  }
}

const onTwoCpus = (workers: number) => ({ workers, cpus: 2 })

describe('selfInflictedWaitRate', () => {
  it.each([
    [1, 2, 0],
    [2, 2, 0],
    [4, 2, 1],
    [8, 2, 3],
    [3, 2, 0.5],
    [4, 1, 3]
  ])('%i busy tasks on %i CPUs wait %f s per CPU-second run', (workers, cpus, rate) => {
    expect(selfInflictedWaitRate(workers, cpus)).toBeCloseTo(rate, 12)
  })
})

describe('judgeRounds', () => {
  it('sets aside a serial round that waited half its time while another process ran', () => {
    const [quiet, contended] = judgeRounds(
      [reading(1, 0.01, 0.02), reading(0.5, 0.5, 0.5)],
      onTwoCpus(1)
    )
    expect(quiet!.contended).toBe(false)
    expect(contended!.contended).toBe(true)
    // Serial keeps one task busy: none of its wait is its own.
    expect(contended!.lostSeconds).toBeCloseTo(0.5, 12)
    expect(contended!.lostShare).toBeCloseTo(0.5, 12)
    expect(contended!.reason).toBe('the process waited 0.5 s for a CPU; other processes ran 0.5 s')
  })

  it('keeps the rounds of four busy processes on two CPUs that wait as long as they run on a quiet machine', () => {
    const rounds = judgeRounds(
      [reading(2, 2.1, 0.01), reading(2, 1.9, 0.02), reading(2, 2.3, 0.01)],
      onTwoCpus(4)
    )
    for (const round of rounds) expect(round!.contended).toBe(false)
  })

  it('sets aside the round of four busy processes that waited beyond their own level while a neighbour burned a CPU', () => {
    // Five runnable tasks on two CPUs: ours get 1.6 CPU-seconds per second and wait 2.4.
    const [, beside] = judgeRounds([reading(2, 2, 0.02), reading(1.6, 2.4, 0.4)], onTwoCpus(4))
    expect(beside!.contended).toBe(true)
    expect(beside!.lostSeconds).toBeCloseTo(0.4, 12)
  })

  it('counts no wait as lost when nobody else ran: a harness with more busy threads than workers', () => {
    const [round] = judgeRounds([reading(1, 0.6, 0)], onTwoCpus(2))
    expect(round!.contended).toBe(false)
    expect(round!.lostSeconds).toBe(0)
  })

  it("counts others' time at the least the machine's ticks allow: a tick per CPU", () => {
    // A serial turn of 50 ms whose own threads kept it waiting 14 ms; the machine's count read 12 ms
    // of others, within the two CPUs' 20 ms of ticks: nothing is lost.
    const serial = (wait: number, others: number): RoundContention => ({
      ...reading(0.05 - wait, wait, others),
      windowSeconds: 0.05,
      machineBusySlackSeconds: 0.02
    })
    const [, ticks] = judgeRounds([serial(0, 0), serial(0.014, 0.012)], onTwoCpus(1))
    expect(ticks!.contended).toBe(false)
    expect(ticks!.lostSeconds).toBe(0)
    // Beyond the ticks, the rest counts.
    const [, beyond] = judgeRounds([serial(0, 0), serial(0.014, 0.032)], onTwoCpus(1))
    expect(beyond!.lostSeconds).toBeCloseTo(0.012, 12)
    expect(beyond!.contended).toBe(true)
  })

  it("uses a pool's own lower level: threads under a GIL barely wait, so a neighbour's wait shows", () => {
    // Beside the neighbour the pool ran 0.6 CPU-seconds in its second, 0.4 behind its own pace.
    const [quiet, beside] = judgeRounds(
      [reading(1, 0.02, 0.01), reading(0.6, 0.4, 0.9)],
      onTwoCpus(4)
    )
    expect(quiet!.contended).toBe(false)
    expect(beside!.contended).toBe(true)
    expect(beside!.lostSeconds).toBeCloseTo(0.4 - 0.02 * 0.6, 12)
  })

  it('counts no more lost than the CPU its tasks fell behind their own pace: GIL hand-offs wait while the holder runs on', () => {
    // Threads under a GIL run one CPU-second per second, quiet or not; beside the neighbour the
    // thread handed the lock waits in the run queue while the holder runs on (py-large-result: 30 ms
    // of wait in turns of 45 ms that ran 44 ms of CPU, as fast as its clean turns).
    const [quiet, beside] = judgeRounds(
      [reading(1, 0.01, 0.01), reading(0.98, 0.6, 1)],
      onTwoCpus(2)
    )
    expect(quiet!.contended).toBe(false)
    expect(beside!.lostSeconds).toBeCloseTo(0.02, 12)
    expect(beside!.contended).toBe(false)
  })

  it('reads the pace from the turns the wait alone keeps, the most CPU per second of any', () => {
    // The fast clean turn sets the pace; the slower clean one and the contended one fall behind it.
    const [, , beside] = judgeRounds(
      [reading(1.9, 0.01, 0.01), reading(1.5, 0.01, 0.01), reading(1.5, 0.6, 1)],
      onTwoCpus(2)
    )
    expect(beside!.lostSeconds).toBeCloseTo(0.4, 12)
    expect(beside!.contended).toBe(true)
    // The pace is per second of the window: 0.95 CPU-seconds over half a second is 1.9.
    const [, , halfSecond] = judgeRounds(
      [
        reading(0.95, 0.005, 0.01, { windowSeconds: 0.5 }),
        reading(1.5, 0.01, 0.01),
        reading(1.5, 0.6, 1)
      ],
      onTwoCpus(2)
    )
    expect(halfSecond!.lostSeconds).toBeCloseTo(0.4, 12)
  })

  it('judges on the wait alone a turn SLOWER_CPU_FACTOR times longer than the longest the wait keeps: the same calls took more CPU', () => {
    // At its pace, but 1.6 s where the kept turns took 1 s: a neighbour on the same core slows the
    // CPU itself, and no counter shows it. At 1.4 s the pace judges it, as the slower-CPU rule
    // keeps a pool turn whose CPU rose that far.
    const turns = (seconds: number) =>
      judgeRounds(
        [
          { ...reading(1, 0.01, 0.01), timedSeconds: 1 },
          { ...reading(seconds - 0.02, 0.6, 1, { windowSeconds: seconds }), timedSeconds: seconds }
        ],
        onTwoCpus(2)
      )[1]!
    const longer = turns(SLOWER_CPU_FACTOR + 0.1)
    expect(longer.contended).toBe(true)
    expect(longer.lostSeconds).toBeCloseTo(0.6, 12)
    const within = turns(SLOWER_CPU_FACTOR - 0.1)
    expect(within.contended).toBe(false)
    expect(within.lostSeconds).toBeCloseTo(0.02, 12)
  })

  it('measures the share against its pace: a pool that keeps one CPU busy and fell 15 % behind ran 15 % slower', () => {
    const [, behind] = judgeRounds([reading(1, 0.01, 0.01), reading(0.85, 0.6, 1)], onTwoCpus(2))
    expect(behind!.lostSeconds).toBeCloseTo(0.15, 12)
    expect(behind!.lostShare).toBeCloseTo(0.15, 12)
    expect(behind!.contended).toBe(true)
  })

  it('judges on the wait alone where no turn is kept to give the pace', () => {
    const rounds = judgeRounds([reading(1, 0.6, 1), reading(1, 0.6, 1)], onTwoCpus(2))
    for (const round of rounds) {
      expect(round!.contended).toBe(true)
      expect(round!.lostSeconds).toBeCloseTo(0.6, 12)
    }
  })

  it('still adds stolen time and slower CPUs beside the pace: neither shows as wait', () => {
    const [, stolen] = judgeRounds(
      [reading(1, 0, 0), reading(0.6, 0, 0, { stealSeconds: 0.8 })],
      onTwoCpus(1)
    )
    expect(stolen!.stealSeconds).toBeCloseTo(0.4, 12)
    expect(stolen!.contended).toBe(true)
  })

  it('takes the warm-up reading as a level too', () => {
    const rounds = [reading(1, 0.3, 0.5), reading(1, 0.3, 0.5)]
    expect(judgeRounds(rounds, onTwoCpus(4)).every((r) => !r!.contended)).toBe(true)
    const withWarmUp = judgeRounds(rounds, onTwoCpus(4), [reading(0.1, 0.001, 0)])
    expect(withWarmUp.every((r) => r!.contended)).toBe(true)
  })

  it("counts the round's share of stolen time, which never shows as wait", () => {
    const [round] = judgeRounds([reading(1, 0, 0, { stealSeconds: 0.4 })], onTwoCpus(1))
    expect(round!.stealSeconds).toBeCloseTo(0.2, 12)
    expect(round!.contended).toBe(true)
    expect(round!.reason).toBe('the hypervisor took 0.2 s of their CPUs')
  })

  it('judges on the wait alone where the machine counters are missing', () => {
    const [round] = judgeRounds([reading(0.5, 0.5, null)], onTwoCpus(1))
    expect(round!.contended).toBe(true)
    expect(round!.othersSeconds).toBeNull()
    expect(round!.reason).toBe('the process waited 0.5 s for a CPU; another process was running')
  })

  it('keeps a round that lost no more than CONTENDED_SHARE of the CPU it wanted', () => {
    const lost = CONTENDED_SHARE * 0.99
    const [round] = judgeRounds([reading(1 - lost, lost, 1)], onTwoCpus(1))
    expect(round!.contended).toBe(false)
  })

  it('measures the loss against the time the round could have run: a round that mostly waits on I/O keeps its time', () => {
    // 50 ms of CPU in a one-second round that waited 50 ms for it: half the CPU it used, 5 % of its time.
    const [round] = judgeRounds([reading(0.05, 0.05, 1)], onTwoCpus(1))
    expect(round!.lostSeconds).toBeCloseTo(0.05, 12)
    expect(round!.lostShare).toBeCloseTo(0.05, 12)
    expect(round!.contended).toBe(false)
  })

  it("counts only the wait that fits inside a short turn's timed part, not the command's round trip", () => {
    // 50 µs of calls read over 7 ms, of which the harness's own work waited 4 ms for a CPU.
    const around = reading(0.0063, 0.004, 0.004, { windowSeconds: 0.007 })
    expect(judgeRounds([around], onTwoCpus(1))[0]!.contended).toBe(true)
    const [timed] = judgeRounds([{ ...around, timedSeconds: 0.00005 }], onTwoCpus(1))
    expect(timed!.lostSeconds).toBeCloseTo(0.00005, 12)
    expect(timed!.contended).toBe(false)
  })

  it('leaves unmonitored rounds unjudged', () => {
    expect(judgeRounds([null, reading(1, 0, 0)], onTwoCpus(1))[0]).toBeNull()
  })
})

describe('judgeRounds: CPUs that ran slower', () => {
  // Two busy workers on two CPUs, no wait, nobody else running: a turn that "ran" 2 CPU-seconds in
  // one second for calls its cheapest turn did in 1.
  const pool = (run: number) => reading(run, 0, 0)
  const slowedIn = (...rounds: number[]) => ({
    ...onTwoCpus(2),
    callSpread: 1.02,
    slowerCpuRounds: new Set(rounds)
  })

  it('sets aside a pool turn of a slower-CPU round whose CPU time rose beyond SLOWER_CPU_FACTOR times its cheapest', () => {
    const [cheap, slowed] = judgeRounds([pool(1), pool(2)], slowedIn(1))
    expect(cheap!.contended).toBe(false)
    expect(slowed!.contended).toBe(true)
    expect(slowed!.lostSeconds).toBeCloseTo(1, 12)
    expect(slowed!.lostShare).toBeCloseTo(0.5, 12)
    expect(slowed!.reason).toBe(
      'the CPUs ran slower: the same calls took 2.0x the CPU time of its cheapest turn'
    )
  })

  it('names warming up beside slower CPUs for a turn of the first round', () => {
    const [slowed] = judgeRounds([pool(2), pool(1)], slowedIn(0))
    expect(slowed!.contended).toBe(true)
    expect(slowed!.reason).toBe(
      'its first round took 2.0x the CPU time of its cheapest turn for the same calls: its fresh workers still warming up, or slower CPUs'
    )
  })

  it('keeps the same turn outside the slower-CPU rounds', () => {
    expect(judgeRounds([pool(1), pool(2)], slowedIn())[1]!.contended).toBe(false)
  })

  it('keeps a turn within the allowance', () => {
    const rounds = judgeRounds([pool(1), pool(SLOWER_CPU_FACTOR * 1.02 * 0.99)], slowedIn(1))
    for (const round of rounds) expect(round!.contended).toBe(false)
  })

  it("widens the allowance by serial's own spread", () => {
    const [, slowed] = judgeRounds([pool(1), pool(2)], { ...slowedIn(1), callSpread: 1.4 })
    expect(slowed!.contended).toBe(false)
  })

  it("judges no CPU time where serial's spread is unknown, for one busy task, or on one CPU", () => {
    const rounds = new Set([1])
    for (const shape of [
      { ...onTwoCpus(2), slowerCpuRounds: rounds },
      { ...onTwoCpus(2), callSpread: null, slowerCpuRounds: rounds },
      { ...onTwoCpus(1), callSpread: 1, slowerCpuRounds: rounds },
      { workers: 4, cpus: 1, callSpread: 1, slowerCpuRounds: rounds }
    ])
      expect(judgeRounds([pool(1), pool(2)], shape)[1]!.contended).toBe(false)
  })

  it('keeps the turn of a pool that mostly waits on I/O, whose few CPU-milliseconds doubled', () => {
    const [, doubled] = judgeRounds([pool(0.02), pool(0.04)], slowedIn(1))
    expect(doubled!.lostSeconds).toBeCloseTo(0.02, 12)
    expect(doubled!.contended).toBe(false)
  })

  it('needs two turns: a lone turn is its own cheapest', () => {
    expect(judgeRounds([pool(2)], slowedIn(0))[0]!.contended).toBe(false)
  })
})

describe('judgeRounds: memory that came slowly', () => {
  // A serial turn of a workload that builds large buffers, read over its own length: `faults` minor
  // page faults that took `system` seconds of system time, one tick of slack (one task faulted).
  const turn = (run: number, faults: number | null, system: number) =>
    reading(run, 0, 0, {
      windowSeconds: run,
      faults,
      systemSeconds: faults === null ? null : system,
      systemSlackSeconds: faults === null ? null : 0.01
    })
  const serial = onTwoCpus(1)

  it("sets aside a turn whose faults cost several times what they did in its cheapest turn: the host's doing", () => {
    // 8,000 faults in 0.01 s (2.5 µs each at most, its slack counted), then 30,000 in 0.28 s.
    const [cheap, slow] = judgeRounds([turn(0.06, 8000, 0.01), turn(0.3, 30000, 0.28)], serial)
    expect(cheap!.contended).toBe(false)
    expect(slow!.contended).toBe(true)
    // 0.28 s less its tick of slack, less 30,000 faults at 2.5 µs.
    expect(slow!.lostSeconds).toBeCloseTo(0.195, 12)
    expect(slow!.lostShare).toBeCloseTo(0.65, 12)
    expect(slow!.reason).toBe(
      'memory came slowly: its page faults took 0.2 s more system time than at their cheapest (9.3 µs each against at most 2.5 µs)'
    )
  })

  it('keeps a turn that took more faults at the same cost: how many a turn takes is the workload’s own', () => {
    const rounds = judgeRounds([turn(0.06, 8000, 0.01), turn(0.13, 49000, 0.07)], serial)
    for (const round of rounds) expect(round!.contended).toBe(false)
  })

  it(`keeps a turn whose faults cost less than ${FAULT_COST_FACTOR} times their cheapest: other calls into the kernel vary by themselves`, () => {
    // 8,000 faults at 4.4 µs each (its slack taken off) against 2.5: 15 ms beyond in a 0.1 s turn.
    const rounds = judgeRounds([turn(0.06, 8000, 0.01), turn(0.1, 8000, 0.045)], serial)
    for (const round of rounds) expect(round!.contended).toBe(false)
    const [, twice] = judgeRounds([turn(0.06, 8000, 0.01), turn(0.1, 8000, 0.055)], serial)
    expect(twice!.contended).toBe(true)
  })

  it('counts no more than the CPU time the turn ran beyond its least: fewer, costlier faults (huge pages) cost nothing', () => {
    const [, fewer] = judgeRounds([turn(0.06, 8000, 0.01), turn(0.065, 1200, 0.03)], serial)
    expect(fewer!.lostSeconds).toBeCloseTo(0.005, 12)
    expect(fewer!.contended).toBe(false)
  })

  it(`needs a turn of ${FAULT_COST_MIN_FAULTS} faults or more to tell what a fault costs, the untimed ones included`, () => {
    const few = FAULT_COST_MIN_FAULTS - 1
    const [, unknown] = judgeRounds([turn(0.06, few, 0.0), turn(0.3, 30000, 0.28)], serial)
    expect(unknown!.contended).toBe(false)
    const warmUp = turn(0.5, 80000, 0.19)
    const [, told] = judgeRounds([turn(0.06, few, 0.0), turn(0.3, 30000, 0.28)], serial, [warmUp])
    expect(told!.contended).toBe(true)
    // Nor is a turn of fewer faults judged: its system time is mostly other calls into the kernel.
    const [, calls] = judgeRounds([turn(0.06, 8000, 0.01), turn(0.3, few, 0.2)], serial)
    expect(calls!.contended).toBe(false)
  })

  it('judges no memory where faults were not read', () => {
    const rounds = judgeRounds([turn(0.06, 8000, 0.01), turn(0.3, null, 0)], serial)
    for (const round of rounds) expect(round!.contended).toBe(false)
  })

  it('counts the larger of slow memory and slower CPUs, never both', () => {
    const pool = (run: number, faults: number, system: number) => ({
      ...turn(run, faults, system),
      windowSeconds: run / 2
    })
    const shape = { ...onTwoCpus(2), callSpread: 1, slowerCpuRounds: new Set([1]) }
    // Slower CPUs: 0.6 s beyond the cheapest turn's 0.4; slow memory: 0.5 - 0.01 - 0.06 = 0.43 s.
    const [, both] = judgeRounds([pool(0.4, 20000, 0.05), pool(1, 20000, 0.5)], shape)
    expect(both!.lostSeconds).toBeCloseTo(0.6, 12)
    expect(both!.reason).toMatch(/^the CPUs ran slower/)
  })
})

describe('slowerCpuRounds', () => {
  const shape = { ...onTwoCpus(2), callSpread: 1.1 }
  const pool = (...runs: number[]) =>
    cpuInflation(
      runs.map((run) => reading(run, 0, 0)),
      shape
    )

  it('measures each turn against its cheapest, over the calls’ own spread', () => {
    const inflation = pool(1, 2.2, 1.1)
    expect(inflation[1]).toBeCloseTo(2, 12)
    expect(inflation[2]).toBeCloseTo(1, 12)
    expect(cpuInflation([reading(1, 0, 0), reading(2, 0, 0)], onTwoCpus(1))).toEqual([null, null])
  })

  it('names the rounds after the first in which a pool rose beyond SLOWER_CPU_FACTOR', () => {
    expect(SLOWER_CPU_POOLS).toBe(1)
    const rounds = slowerCpuRounds([
      pool(2, 1, 2, 1, 1),
      pool(2, 1, 2, 1, 2),
      pool(1, 1, 1, 1.2, 1)
    ])
    // Round 0 is every pool's first turn in fresh workers; round 3 rose 1.2x, within the factor.
    expect([...rounds].sort((a, b) => a - b)).toEqual([2, 4])
  })

  it('names the first round only where FIRST_ROUND_SLOWER_CPU_POOLS pools rose: more than fresh workers do', () => {
    expect(FIRST_ROUND_SLOWER_CPU_POOLS).toBe(3)
    const fresh = [pool(2, 1, 1), pool(2, 1, 1), pool(1, 1, 1), pool(1, 1, 1)]
    expect(slowerCpuRounds(fresh).has(0)).toBe(false)
    const slowed = [pool(2, 1, 1), pool(2, 1, 1), pool(2, 1, 1), pool(1, 1, 1)]
    expect([...slowerCpuRounds(slowed)]).toEqual([0])
  })
})
