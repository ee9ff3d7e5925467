import { describe, expect, it } from 'vitest'
import { timeToAction } from './time-to-action.ts'

describe('timeToAction', () => {
  it('gives nearest-rank median and p90 and counts per bucket', () => {
    const result = timeToAction([3, 240, 14.9, 15, 59, 60, 1439, 1440, 5000, 30])
    expect(result.count).toBe(10)
    // Sorted: 3, 14.9, 15, 30, 59, 60, 240, 1439, 1440, 5000.
    expect(result.medianMinutes).toBe(59)
    expect(result.p90Minutes).toBe(1440)
    expect(result.buckets.map((b) => b.count)).toEqual([2, 3, 1, 2, 2])
    expect(result.buckets.reduce((s, b) => s + b.count, 0)).toBe(result.count)
  })

  it('has no median without actions and counts a negative time as immediate', () => {
    expect(timeToAction([])).toMatchObject({ count: 0, medianMinutes: null, p90Minutes: null })
    expect(timeToAction([-2])).toMatchObject({ medianMinutes: 0, p90Minutes: 0 })
  })

  it('takes the one value for both quantiles of a single action', () => {
    expect(timeToAction([42])).toMatchObject({ medianMinutes: 42, p90Minutes: 42 })
  })
})
