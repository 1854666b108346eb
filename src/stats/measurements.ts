// Turns the raw rounds of a workload into one Measurement per strategy and worker count: medians,
// intervals, speedups against serial from per-round pairs, CPU use and peak memory.

import type { Measurement, Strategy, StrategyRun } from '../types.ts'
import { medianInterval } from './interval.ts'
import { maximum, median, pairedRatios } from './summary.ts'

/** Wall seconds per measured round, null where the strategy had no sample. */
export function wallsOf(run: StrategyRun): (number | null)[] {
  return run.samples.map((sample) => sample?.wallSeconds ?? null)
}

/** The serial strategy's record, if the plan had one. */
export function serialRunOf(runs: readonly StrategyRun[]): StrategyRun | undefined {
  return runs.find((run) => run.strategy === 'serial')
}

/** Summarises every strategy of a workload's runs. */
export function summarize(runs: readonly StrategyRun[]): Measurement[] {
  const serial = serialRunOf(runs)
  const serialWalls = serial === undefined ? [] : wallsOf(serial)
  return runs.map((run) => summarizeRun(run, run === serial ? null : serialWalls))
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
    wallSamples: wallsOf(run)
  }
}

/**
 * The highest speedup of a strategy among its worker counts that did not fail (ties to fewer
 * workers). As in the verdict, a pool of one worker stands for its strategy only when no larger pool
 * worked: it does serial's work plus a hand-off, so it measures overhead, not parallelism.
 */
export function bestMeasurement(
  measurements: readonly Measurement[],
  strategy: Strategy
): Measurement | null {
  const working = measurements.filter(
    (m) =>
      m.strategy === strategy &&
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
