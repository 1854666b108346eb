// The scaling fit on synthetic sweeps with known parameters: the laws' parameters come back, the right
// law is chosen, noise and oversubscription do not fool it, and too little data gives no prediction.
import { describe, expect, it } from 'vitest'
import { DEFAULT_PREDICT_CPUS } from '../../src/defaults.ts'
import { isPoorFit, predictScaling } from '../../src/stats/scaling.ts'
import type { Measurement, Prediction } from '../../src/types.ts'
import { measurement } from '../helpers/results-factory.ts'

const amdahl =
  (s: number, gamma = 1) =>
  (n: number) =>
    gamma / (s + (1 - s) / n)
const usl =
  (sigma: number, kappa: number, gamma = 1) =>
  (n: number) =>
    (gamma * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1))

/** A sweep of one strategy from a law; CPU use is min(workers, cpus) unless given. */
function sweepOf(
  strategy: 'threads' | 'processes',
  workers: readonly number[],
  law: (n: number) => number,
  options: { noise?: readonly number[]; cpuUse?: (n: number) => number } = {}
): Measurement[] {
  return workers.map((n, i) =>
    measurement(strategy, n, law(n) * (1 + (options.noise?.[i % options.noise.length] ?? 0)), {
      cpuUse: options.cpuUse?.(n) ?? n
    })
  )
}

function only(predictions: readonly Prediction[], strategy: 'threads' | 'processes'): Prediction {
  const found = predictions.filter((p) => p.strategy === strategy)
  expect(found).toHaveLength(1)
  return found[0]!
}

function at(prediction: Prediction, cpus: number): number {
  return prediction.points.find((p) => p.cpus === cpus)!.speedup
}

describe('predictScaling', () => {
  it('recovers the serial fraction of Amdahl data and predicts from it', () => {
    const law = amdahl(0.1)
    const measurements = [
      measurement('serial', 1, 1),
      ...sweepOf('processes', [1, 2, 4, 8, 16], law)
    ]
    const p = only(predictScaling(measurements, DEFAULT_PREDICT_CPUS, 16), 'processes')
    expect(p.model).toBe('amdahl')
    expect(p.parameters.serialFraction).toBeCloseTo(0.1, 3)
    expect(p.parameters.oneWorkerSpeedup).toBeCloseTo(1, 3)
    expect(p.fitError).toBeLessThan(1e-3)
    expect(p.points.map((point) => point.cpus)).toEqual([4, 8, 16, 64])
    for (const cpus of [4, 8, 16, 64]) expect(at(p, cpus)).toBeCloseTo(law(cpus), 2)
    expect(p.fittedWorkers).toEqual([1, 2, 4, 8, 16])
    expect(p.caveat).toBeNull()
  })

  it('says that a fit through the two points of a 2-CPU runner checks nothing', () => {
    const p = only(
      predictScaling(sweepOf('processes', [1, 2, 4], amdahl(0.3)), [16], 2),
      'processes'
    )
    expect(p.fittedWorkers).toEqual([1, 2])
    expect(p.fitError).toBeLessThan(1e-6)
    expect(p.caveat).toMatch(
      /^fitted to 2 worker counts \(1, 2\): a fit through two points is exact/
    )
  })

  it("recovers a one-worker pool's hand-off cost apart from the serial fraction", () => {
    const law = amdahl(0.05, 0.6)
    const p = only(predictScaling(sweepOf('processes', [1, 2, 4, 8], law), [16], 8), 'processes')
    expect(p.model).toBe('amdahl')
    expect(p.parameters.serialFraction).toBeCloseTo(0.05, 3)
    expect(p.parameters.oneWorkerSpeedup).toBeCloseTo(0.6, 3)
    expect(at(p, 16)).toBeCloseTo(law(16), 2)
  })

  it('recovers sigma and kappa of USL data whose speedup falls after a peak, and picks USL', () => {
    const law = usl(0.05, 0.002)
    const workers = [1, 2, 4, 8, 16, 32]
    const p = only(predictScaling(sweepOf('threads', workers, law), [16, 64], 32), 'threads')
    expect(p.model).toBe('usl')
    expect(p.parameters.sigma).toBeCloseTo(0.05, 3)
    expect(p.parameters.kappa).toBeCloseTo(0.002, 4)
    expect(p.parameters.oneWorkerSpeedup).toBeCloseTo(1, 3)
    expect(at(p, 64)).toBeCloseTo(law(64), 2)
    // Past its peak the law predicts less, not more.
    expect(at(p, 64)).toBeLessThan(at(p, 16))
  })

  it('keeps Amdahl for Amdahl data with a few percent of noise', () => {
    const law = amdahl(0.2)
    const noise = [0.02, -0.03, 0.01, -0.02, 0.03]
    const p = only(
      predictScaling(sweepOf('processes', [1, 2, 4, 8, 16], law, { noise }), [16], 16),
      'processes'
    )
    expect(p.model).toBe('amdahl')
    expect(p.parameters.serialFraction).toBeGreaterThan(0.15)
    expect(p.parameters.serialFraction).toBeLessThan(0.25)
    expect(p.fitError).toBeLessThan(0.1)
    expect(at(p, 16)).toBeGreaterThan(law(16) * 0.85)
    expect(at(p, 16)).toBeLessThan(law(16) * 1.15)
    expect(isPoorFit(p, sweepOf('processes', [1, 2, 4, 8, 16], law, { noise }))).toBe(false)
  })

  it('picks USL on noisy USL data', () => {
    const law = usl(0.02, 0.01)
    const noise = [0.02, -0.02, 0.01, -0.01, 0.02, -0.02]
    const p = only(
      predictScaling(sweepOf('threads', [1, 2, 4, 8, 16, 32], law, { noise }), [64], 32),
      'threads'
    )
    expect(p.model).toBe('usl')
    expect(p.parameters.kappa).toBeGreaterThan(0.005)
    expect(p.parameters.kappa).toBeLessThan(0.02)
  })

  it('leaves out points past the usable CPUs when the pool kept the CPUs busy', () => {
    // A 2-CPU runner: processes ×4 is oversubscribed and measures no more than ×2.
    const measurements = [
      measurement('serial', 1, 1),
      measurement('processes', 1, 0.97, { cpuUse: 1 }),
      measurement('processes', 2, 1.91, { cpuUse: 2 }),
      measurement('processes', 4, 1.93, { cpuUse: 2 })
    ]
    const p = only(predictScaling(measurements, [16], 2), 'processes')
    expect(p.model).toBe('amdahl')
    expect(p.fitError).toBeLessThan(1e-3)
    expect(p.parameters.serialFraction).toBeLessThan(0.03)
    expect(at(p, 16)).toBeGreaterThan(10)
  })

  it('lets serial stand in at one worker when no one-worker pool was measured, as the plan does', () => {
    // A 2-CPU runner's sweep without ×1: serial's speedup 1 is the point at one worker, and the
    // oversubscribed ×4 stays out.
    const measurements = [
      measurement('serial', 1, 1),
      measurement('processes', 2, 1.9, { cpuUse: 2 }),
      measurement('processes', 4, 1.88, { cpuUse: 2 })
    ]
    const p = only(predictScaling(measurements, [16], 2), 'processes')
    expect(p.fittedWorkers).toEqual([1, 2])
    expect(p.parameters.serialFraction).toBeCloseTo(0.0526, 3)
    expect(at(p, 16)).toBeGreaterThan(8)
    expect(p.caveat).toMatch(/^fitted to 2 worker counts \(1, 2\)/)
  })

  it('keeps points past the usable CPUs when the workers wait rather than compute (I/O)', () => {
    const law = amdahl(0.01)
    const measurements = sweepOf('threads', [1, 2, 4], law, { cpuUse: () => 0.05 })
    const p = only(predictScaling(measurements, [16], 2), 'threads')
    expect(p.model).toBe('amdahl')
    expect(p.parameters.serialFraction).toBeCloseTo(0.01, 3)
    expect(at(p, 16)).toBeCloseTo(law(16), 2)
  })

  it('still predicts on one CPU, from every working point, and the fit error shows how well', () => {
    const measurements = [
      measurement('threads', 1, 0.99, { cpuUse: 1 }),
      measurement('threads', 2, 0.98, { cpuUse: 1 })
    ]
    const p = only(predictScaling(measurements, [16], 1), 'threads')
    expect(p.points).toEqual([{ cpus: 16, speedup: expect.any(Number) as number }])
    expect(at(p, 16)).toBeCloseTo(0.985, 2)
  })

  it('gives a poor-fit prediction rather than none when no law fits', () => {
    // A zig-zag no scaling law can follow.
    const measurements = [
      measurement('processes', 1, 1, { cpuUse: 1 }),
      measurement('processes', 2, 3, { cpuUse: 2 }),
      measurement('processes', 4, 0.5, { cpuUse: 4 }),
      measurement('processes', 8, 3, { cpuUse: 8 })
    ]
    const p = only(predictScaling(measurements, [16], 8), 'processes')
    expect(p.points[0]!.cpus).toBe(16)
    expect(isPoorFit(p, measurements)).toBe(true)
  })

  it('skips a strategy with fewer than two working worker counts, failed or without speedups', () => {
    const fault = { kind: 'memory' as const, message: 'out of memory' }
    const measurements = [
      measurement('serial', 1, 1),
      measurement('threads', 1, 1),
      measurement('threads', 2, null),
      measurement('threads', 4, Number.NaN),
      measurement('processes', 1, 0.9),
      measurement('processes', 2, 1.8, { error: fault }),
      measurement('processes', 4, 3.4)
    ]
    const predictions = predictScaling(measurements, [16], 4)
    expect(predictions.map((p) => p.strategy)).toEqual(['processes'])
    expect(predictScaling([measurement('serial', 1, 1)], [16], 4)).toEqual([])
  })

  it('is deterministic', () => {
    const measurements = sweepOf('processes', [1, 2, 4, 8], usl(0.1, 0.01), {
      noise: [0.01, -0.02]
    })
    expect(predictScaling(measurements, [16], 8)).toEqual(predictScaling(measurements, [16], 8))
  })
})
