import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateCents } from './allocate-cents.ts'

describe('allocateCents', () => {
  it('gives the leftover cents to the largest remainders, earlier index on a tie', () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocateCents(200, [1, 1, 1])).toEqual([67, 67, 66])
    // Exact 0.75 and 2.25: the 0.75 remainder is larger, so the first weight gets the cent.
    expect(allocateCents(3, [0.25, 0.75])).toEqual([1, 2])
    expect(allocateCents(1, [0.2, 0.5, 0.3])).toEqual([0, 1, 0])
  })

  it('splits exactly when the shares are whole', () => {
    expect(allocateCents(100_000, [0.3, 0.05, 0.3, 0.05, 0.3])).toEqual([
      30_000, 5_000, 30_000, 5_000, 30_000,
    ])
  })

  it('gives zero weights nothing, even when cents are left over', () => {
    expect(allocateCents(3, [0, 1, 0, 1])).toEqual([0, 2, 0, 1])
  })

  it('gives all zeros for all-zero or no weights, and for a zero total', () => {
    expect(allocateCents(500, [0, 0])).toEqual([0, 0])
    expect(allocateCents(500, [])).toEqual([])
    expect(allocateCents(0, [1, 2])).toEqual([0, 0])
  })

  it('refuses totals that are not whole non-negative cents, and bad weights', () => {
    expect(() => allocateCents(-1, [1])).toThrow(RangeError)
    expect(() => allocateCents(1.5, [1])).toThrow(RangeError)
    expect(() => allocateCents(100, [1, -1])).toThrow(RangeError)
    expect(() => allocateCents(100, [Number.NaN])).toThrow(RangeError)
    expect(() => allocateCents(100, [Number.POSITIVE_INFINITY])).toThrow(RangeError)
  })

  it('sums exactly and stays within a cent of the exact split, for any weights', () => {
    const weight = fc.oneof(
      fc.constant(0),
      fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      fc.integer({ min: 1, max: 5 }),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(weight, { maxLength: 30 }),
        (total, weights) => {
          const cents = allocateCents(total, weights)
          const sum = weights.reduce((a, b) => a + b, 0)
          expect(cents).toHaveLength(weights.length)
          expect(cents.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total)
          for (const [index, value] of cents.entries()) {
            const w = weights[index] ?? 0
            expect(Number.isInteger(value)).toBe(true)
            expect(value).toBeGreaterThanOrEqual(0)
            if (w === 0) expect(value).toBe(0)
            else expect(Math.abs(value - (w / sum) * total)).toBeLessThan(1)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
