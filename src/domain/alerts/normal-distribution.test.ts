import { describe, expect, it } from 'vitest'
import { erf, normalCdf, twoSidedP } from './normal-distribution.ts'

// Reference values of Φ from the tables (Abramowitz & Stegun 26.2) to the digits they give,
// and of erf (A&S 7.1).
describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [2.5758293035489004, 0.995],
    [-1.6448536269514722, 0.05],
    [-3, 0.0013498980316300957],
    [5, 0.9999997133484281],
  ])('Φ(%f) = %f', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 13)
  })

  it('keeps relative precision deep in the lower tail', () => {
    // Φ(-8.5) = 9.4795348222e-18; a 1 - Φ(8.5) by subtraction would give 0.
    expect(normalCdf(-8.5) / 9.479534822203355e-18).toBeCloseTo(1, 12)
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 12)
    expect(normalCdf(-40)).toBe(0)
    expect(normalCdf(40)).toBe(1)
  })

  it('is symmetric and increasing', () => {
    let previous = 0
    for (let x = -9; x <= 9; x += 0.05) {
      const value = normalCdf(x)
      expect(value + normalCdf(-x)).toBeCloseTo(1, 14)
      expect(value).toBeGreaterThanOrEqual(previous)
      previous = value
    }
  })
})

describe('erf', () => {
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-1, -0.8427007929497149],
  ])('erf(%f) = %f', (x, expected) => {
    expect(erf(x)).toBeCloseTo(expected, 13)
  })
})

describe('twoSidedP', () => {
  it('gives the familiar critical values', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12)
    expect(twoSidedP(-2.5758293035489004)).toBeCloseTo(0.01, 12)
    expect(twoSidedP(0)).toBe(1)
  })
})
