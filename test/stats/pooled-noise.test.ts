import { describe, expect, it } from 'vitest'
import { noiseUpperBound, pooledNoise } from '../../src/stats/pooled-noise.ts'

describe('pooledNoise', () => {
  it('finds no noise in a table that is contender level + round level exactly', () => {
    const noise = pooledNoise([
      [1, 2, 4],
      [3, 6, 12],
      [0.5, 1, 2]
    ])!
    expect(noise.turnSigma).toBeCloseTo(0, 12)
    expect(noise.df).toBe(4)
  })

  it('measures the residual of a 2 x 2 table: one degree of freedom', () => {
    // log walls: [[0, 0], [0, d]]: residuals +-d/4, sum of squares d^2/4.
    const d = 0.2
    const noise = pooledNoise([
      [1, 1],
      [1, Math.exp(d)]
    ])!
    expect(noise.df).toBe(1)
    expect(noise.turnSigma).toBeCloseTo(d / 2, 12)
  })

  it('fits around missing turns and leaves out turns alone in their round', () => {
    const full = pooledNoise([
      [1, 1.1, 0.9, 1.05],
      [2, 2.3, 1.7, 2.1],
      [0.5, 0.52, 0.47, 0.5]
    ])!
    const missing = pooledNoise([
      [1, 1.1, 0.9, 1.05, 7],
      [2, 2.3, null, 2.1, null],
      [0.5, 0.52, 0.47, null, null]
    ])!
    expect(full.df).toBe(6)
    expect(missing.df).toBe(4)
    expect(missing.turnSigma).toBeGreaterThan(0)
    expect(missing.turnSigma).toBeLessThan(0.1)
  })

  it('is null without a degree of freedom', () => {
    expect(pooledNoise([[1, 2, 3]])).toBeNull()
    expect(pooledNoise([[1], [2]])).toBeNull()
    expect(pooledNoise([])).toBeNull()
  })

  it('bounds the estimate from above, more with fewer degrees of freedom', () => {
    const few = noiseUpperBound({ turnSigma: 0.1, df: 4 }, 0.9)
    const many = noiseUpperBound({ turnSigma: 0.1, df: 100 }, 0.9)
    expect(few).toBeGreaterThan(many)
    expect(many).toBeGreaterThan(0.1)
    expect(noiseUpperBound({ turnSigma: 0.1, df: 4 }, 0)).toBe(0.1)
  })
})
