// Turns the raw rounds of a workload into one Measurement per strategy and worker count: medians,
// intervals, speedups against serial from per-round pairs, CPU use and peak memory. With several
// interpreters in the same rounds, serial of the first is every speedup's reference.

import type { Measurement, Strategy, StrategyRun } from '../types.ts'
import { medianInterval } from './interval.ts'
import { maximum, median, pairedRatios } from './summary.ts'

/** Wall seconds per measured round, null where the strategy had no sample. */
export function wallsOf(run: StrategyRun): (number | null)[] {
  return run.samples.map((sample) => sample?.wallSeconds ?? null)
}

/**
 * How much more CPU time than its later turns a configuration's leading turn must have taken to count
 * as warming up: a tenth, of those turns' median CPU time or of its own wall time, whichever is more
 * (a turn of calls that mostly wait uses little CPU, and a few milliseconds more is no warm-up). Over
 * the turns of eight runs (the fixtures and the library suite three times each, lib-marked and
 * lib-pako-deflate twice; issue 19's fourteenth phase), a turn of the fourth round or later took more
 * than 1.1 times the median CPU time of its configuration's turns in those rounds in 4 % (1.09 at the
 * 95th percentile), a pool's first turn in all (1.71 at the median), its second in 57 %.
 */
export const WARMING_CPU_FACTOR = 1.1

/**
 * Wall seconds per clean round, less the configuration's warming turns: its leading clean turns that
 * took more CPU time than the median of its clean turns after them by WARMING_CPU_FACTOR, each judged
 * against two later clean turns at least. A fresh pool's workers compile and optimize the code
 * (V8, a JIT) or fault in their memory over their first turns, and the same calls cost less CPU each
 * turn until they are warm: lib-marked's threads ×2 took 0.39, 0.28, then 0.21-0.22 s of CPU a
 * turn. That is a trend, not noise, and one the pooled noise (recommend.ts runsNoise) would read as
 * noise: only the noise leaves these turns out; every comparison and figure still counts them.
 * Slowed by other processes, a turn waits longer for the same CPU time, so contention the monitor
 * missed still counts as noise.
 */
export function steadyWallsOf(run: StrategyRun): (number | null)[] {
  const walls = wallsOf(run)
  const clean = walls.flatMap((wall, round) => (wall === null ? [] : [round]))
  const cpus = clean.flatMap((round) => {
    const cpu = run.samples[round]?.cpuSeconds ?? null
    return cpu === null ? [] : [cpu]
  })
  // Where a turn's CPU time is unknown (a platform that cannot read it), no turn is judged.
  if (cpus.length < clean.length) return walls
  for (let i = 0; i + 2 < clean.length; i++) {
    const cpu = cpus[i]!
    const steady = median(cpus.slice(i + 1))
    const wall = walls[clean[i]!]!
    if (!(cpu - steady > (WARMING_CPU_FACTOR - 1) * Math.max(steady, wall))) break
    walls[clean[i]!] = null
  }
  return walls
}

/**
 * Wall seconds per measured round where a set-aside turn stands in for a round without a clean one
 * (the first turn set aside in it): other processes and slower CPUs only add time, so such a turn took
 * at least what a clean one would have. It bounds its round from above and serves one side of a
 * comparison only: a configuration whose clean rounds are clearly slower than these is clearly slower
 * than the clean ones too, and one clearly faster with these on its own side is clearly faster
 * (slowerRatios, fasterRatios; docs/noise.md, "A set-aside turn as a bound").
 */
export function boundedWallsOf(run: StrategyRun): (number | null)[] {
  const walls = wallsOf(run)
  for (const turn of run.setAside ?? []) {
    if (turn.round < walls.length && walls[turn.round] === null)
      walls[turn.round] = turn.sample.wallSeconds
  }
  return walls
}

/**
 * Wall seconds per clean round, lowered to a set-aside turn of the same round that came in faster.
 * A set-aside turn took at least what a clean one of its round would have, so one below the clean
 * turn kept says the configuration's turns vary that much by themselves, and the clean turn is no
 * floor for the round: node-large-buffer's serial kept 0.26-0.34 s retakes of turns set aside at
 * 0.06 s (V8's helper threads waited; the retakes were its slow mode, 0.04-0.34 s quiet), and two
 * such rounds put threads ×2 2.3x ahead of serial beside the neighbour, a wrong verdict. It serves
 * the side a claim puts slower (slowerRatios, fasterRatios, claimPairs), where a smaller time only
 * weakens the claim; the figures keep the clean turn.
 */
export function leastWallsOf(run: StrategyRun): (number | null)[] {
  const walls = wallsOf(run)
  for (const turn of run.setAside ?? []) {
    const clean = walls[turn.round]
    if (clean !== null && clean !== undefined && turn.sample.wallSeconds < clean)
      walls[turn.round] = turn.sample.wallSeconds
  }
  return walls
}

/**
 * Per-round ratios of a's wall time over b's for a claim that a is the slower (the ratio above some
 * limit): a's clean rounds at their least over b's clean or set-aside ones, which can only make the
 * ratio smaller.
 */
export function slowerRatios(a: StrategyRun, b: StrategyRun): number[] {
  return pairedRatios(leastWallsOf(a), boundedWallsOf(b))
}

/**
 * Per-round ratios of a's wall time over b's for a claim that a is the faster (the ratio below some
 * limit): a's clean or set-aside rounds over b's clean ones at their least, which can only make the
 * ratio larger.
 */
export function fasterRatios(a: StrategyRun, b: StrategyRun): number[] {
  return pairedRatios(boundedWallsOf(a), leastWallsOf(b))
}

/**
 * The clean pairs of a and b for a claim that a's wall time over b's lies above a limit (a slower,
 * read at its least) or below it (b at its least). Where nothing was set aside faster than a clean
 * turn, they are the clean pairs.
 */
export function claimPairs(a: StrategyRun, b: StrategyRun, side: 'above' | 'below'): number[] {
  return side === 'above'
    ? pairedRatios(leastWallsOf(a), wallsOf(b))
    : pairedRatios(wallsOf(a), leastWallsOf(b))
}

/**
 * Seconds of every turn the runs took, set-aside turns and retakes included: how long the rounds have
 * run, where their count says little (once slow pools stop, a round can take 0.1 s).
 */
export function turnSeconds(runs: readonly StrategyRun[]): number {
  let seconds = 0
  for (const run of runs) {
    for (const sample of run.samples) seconds += sample?.wallSeconds ?? 0
    for (const turn of run.setAside ?? []) seconds += turn.sample.wallSeconds
  }
  return seconds
}

/** The rounds of a run that count: a turn set aside as contended is no sample (measure/set-aside.ts). */
export function cleanRoundsOf(run: StrategyRun): number {
  return run.samples.filter((sample) => sample !== null).length
}

/**
 * Some configuration that ran to the end (not stopped by the race, not failed) kept fewer than
 * `minimum` clean rounds because turns of it were set aside: serial, say, on a loaded runner whose
 * every wake-up waits. measure/run.ts then gives the best guess from every round instead, as for a
 * runner busy throughout: for an open verdict below MIN_ROUNDS (no verdict is given from fewer), for
 * a settled one only where a configuration kept none (it has no figures, so the decision could not
 * weigh it; one that kept one clean round and was no candidate does not unsettle it). Before that,
 * verdict/stopping.ts holds a settled verdict back for a few rounds while one kept none.
 */
export function tooFewClean(runs: readonly StrategyRun[], minimum: number): boolean {
  return runs.some(
    (run) =>
      run.stopped === null &&
      run.error === null &&
      (run.setAside?.length ?? 0) > 0 &&
      cleanRoundsOf(run) < minimum
  )
}

/**
 * The serial that every speedup is measured against: the first interpreter's (the one the project
 * runs today), or, where the module did not load there, the first interpreter's that ran a round.
 */
export function serialRunOf(runs: readonly StrategyRun[]): StrategyRun | undefined {
  const serials = runs.filter((run) => run.strategy === 'serial' && !run.gilForced)
  return serials.find((run) => run.samples.some((sample) => sample !== null)) ?? serials[0]
}

/** The interpreters of the runs, in their order (the GIL-forced twins are no interpreter of their own). */
export function interpretersOf(runs: readonly StrategyRun[]): (string | null)[] {
  return [...new Set(runs.filter((run) => !run.gilForced).map((run) => run.interpreter))]
}

/** The runs of one interpreter, without the GIL-forced twins: what its own verdict is decided from. */
export function runsOn(runs: readonly StrategyRun[], interpreter: string | null): StrategyRun[] {
  return runs.filter((run) => run.interpreter === interpreter && !run.gilForced)
}

/** Summarises every strategy of a workload's runs. */
export function summarize(runs: readonly StrategyRun[]): Measurement[] {
  const serial = serialRunOf(runs)
  const serialWalls = serial === undefined ? [] : wallsOf(serial)
  return runs.map((run) => summarizeRun(run, run === serial ? null : serialWalls))
}

/**
 * One interpreter's measurements with their speedups against its own serial instead of the first
 * interpreter's, recomputed from the paired round samples (a results file keeps them).
 */
export function againstOwnSerial(measurements: readonly Measurement[]): Measurement[] {
  const serial = measurements.find((m) => m.strategy === 'serial' && !m.gilForced)
  if (serial === undefined) return [...measurements]
  return measurements.map((m) => {
    if (m === serial) {
      const ran = m.wallSamples.some((wall) => wall !== null)
      return {
        ...m,
        speedup: ran ? 1 : null,
        speedupInterval: ran ? { low: 1, high: 1, confidence: 1 } : null
      }
    }
    const ratios = pairedRatios(serial.wallSamples, m.wallSamples)
    return {
      ...m,
      speedup: ratios.length === 0 ? null : median(ratios),
      speedupInterval: medianInterval(ratios)
    }
  })
}

function summarizeRun(
  run: StrategyRun,
  serialWalls: readonly (number | null)[] | null
): Measurement {
  const samples = run.samples.filter((sample) => sample !== null)
  const walls = samples.map((sample) => sample.wallSeconds)
  const cpus = samples.flatMap((sample) => (sample.cpuSeconds === null ? [] : [sample.cpuSeconds]))
  const uses = samples.flatMap((sample) =>
    sample.cpuSeconds === null || sample.wallSeconds <= 0
      ? []
      : [sample.cpuSeconds / sample.wallSeconds]
  )
  const childCpus = samples.flatMap((sample) =>
    sample.childCpuSeconds === null ? [] : [sample.childCpuSeconds]
  )
  const childUses = samples.flatMap((sample) =>
    sample.childCpuSeconds === null || sample.wallSeconds <= 0
      ? []
      : [sample.childCpuSeconds / sample.wallSeconds]
  )
  const peaks = samples.flatMap((sample) =>
    sample.peakRssBytes === null ? [] : [sample.peakRssBytes]
  )
  const ratios = serialWalls === null ? null : pairedRatios(serialWalls, wallsOf(run))
  const isSerial = serialWalls === null
  return {
    python: run.interpreter,
    gilForced: run.gilForced,
    strategy: run.strategy,
    workers: run.workers,
    rounds: walls.length,
    wallSeconds: walls.length === 0 ? null : median(walls),
    interval: medianInterval(walls),
    speedup: isSerial
      ? walls.length === 0
        ? null
        : 1
      : ratios!.length === 0
        ? null
        : median(ratios!),
    speedupInterval: isSerial
      ? walls.length === 0
        ? null
        : { low: 1, high: 1, confidence: 1 }
      : medianInterval(ratios!),
    cpuSeconds: cpus.length === 0 ? null : median(cpus),
    cpuUse: uses.length === 0 ? null : median(uses),
    childCpuSeconds: childCpus.length === 0 ? null : median(childCpus),
    childCpuUse: childUses.length === 0 ? null : median(childUses),
    peakRssBytes: maximum(peaks),
    startupSeconds: run.startupSeconds,
    bytesToWorkersPerCall: run.bytesToWorkersPerCall,
    bytesFromWorkersPerCall: run.bytesFromWorkersPerCall,
    error: run.error,
    stopped: run.stopped,
    wallSamples: wallsOf(run),
    setAside: (run.setAside ?? []).map((turn) => ({
      round: turn.round,
      wallSeconds: turn.sample.wallSeconds,
      lostSeconds: turn.lostSeconds,
      lostShare: turn.lostShare,
      reason: turn.reason
    }))
  }
}

/**
 * The highest speedup of a strategy among its worker counts that did not fail (ties to fewer
 * workers), on one interpreter where `python` names it (else on any). As in the verdict, a pool of one
 * worker stands for its strategy only when no larger pool worked: it does serial's work plus a
 * hand-off, so it measures overhead, not parallelism. The GIL-forced twins never count.
 */
export function bestMeasurement(
  measurements: readonly Measurement[],
  strategy: Strategy,
  python?: string | null
): Measurement | null {
  const working = measurements.filter(
    (m) =>
      m.strategy === strategy &&
      !m.gilForced &&
      (python === undefined || m.python === python) &&
      m.error === null &&
      m.speedup !== null &&
      Number.isFinite(m.speedup)
  )
  const pools = working.some((m) => m.workers > 1) ? working.filter((m) => m.workers > 1) : working
  let best: Measurement | null = null
  for (const m of pools) {
    if (best === null || m.speedup! > best.speedup!) best = m
  }
  return best
}
