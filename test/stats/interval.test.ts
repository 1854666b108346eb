import { describe, expect, it } from 'vitest'
import { coverage, medianInterval } from '../../src/stats/interval.ts'
import { median, pairedRatios } from '../../src/stats/summary.ts'

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7]
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected)
  })
  it('is NaN for no values', () => {
    expect(median([])).toBeNaN()
  })
})

describe('order-statistic intervals', () => {
  it.each([
    // n, k, coverage: 1 - 2 * P(Bin(n, 1/2) <= k - 1)
    [5, 1, 1 - 2 / 32],
    [6, 1, 1 - 2 / 64],
    [10, 2, 1 - (2 * 11) / 1024],
    [3, 1, 0.75]
  ])('coverage(n=%i, k=%i) = %f', (n, k, expected) => {
    expect(coverage(n, k)).toBeCloseTo(expected, 12)
  })

  it('uses the widest interval with its real coverage when there are few values', () => {
    expect(medianInterval([3, 1, 2])).toEqual({ low: 1, high: 3, confidence: 0.75 })
  })

  it('narrows to the tightest interval that still reaches 95%', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1)
    const interval = medianInterval(values)!
    // For n = 20 the 95% order-statistic interval is [x(6), x(15)] (coverage 95.9%).
    expect(interval).toEqual({ low: 6, high: 15, confidence: coverage(20, 6) })
    expect(interval.confidence).toBeGreaterThanOrEqual(0.95)
    expect(coverage(20, 7)).toBeLessThan(0.95)
  })

  it('is null without values and has no coverage from one value', () => {
    expect(medianInterval([])).toBeNull()
    expect(medianInterval([4])).toEqual({ low: 4, high: 4, confidence: 0 })
  })
})

describe('pairedRatios', () => {
  it('pairs rounds by index and skips rounds either side lacks', () => {
    expect(pairedRatios([2, null, 6, 8], [1, 1, 3])).toEqual([2, 2])
  })
})
