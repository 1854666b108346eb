import { describe, expect, it } from 'vitest'
import { chiSquareQuantile, normalQuantile } from '../../src/stats/quantiles.ts'

describe('quantiles', () => {
  it.each([
    [0.975, 1.959964],
    [0.5, 0],
    [0.1, -1.281552],
    [0.001, -3.090232]
  ])('normalQuantile(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5)
  })

  it.each([
    // Tables of the chi-square distribution's lower quantiles.
    [0.1, 1, 0.01579],
    [0.1, 2, 0.2107],
    [0.1, 3, 0.5844],
    [0.1, 4, 1.064],
    [0.1, 16, 9.312],
    [0.25, 8, 5.071],
    [0.1, 30, 20.599],
    [0.05, 10, 3.94]
  ])('chiSquareQuantile(%f, %i) is within 2 percent of %f', (p, df, expected) => {
    expect(Math.abs(chiSquareQuantile(p, df) / expected - 1)).toBeLessThan(0.02)
  })
})
