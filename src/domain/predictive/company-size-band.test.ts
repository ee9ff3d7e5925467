import { describe, expect, it } from 'vitest'
import { COMPANY_SIZE_BANDS, companySizeBand } from './company-size-band.ts'

describe('companySizeBand', () => {
  it('puts each boundary in the band it closes and the next number in the next band', () => {
    expect(companySizeBand(0)).toBe('1-10')
    expect(companySizeBand(1)).toBe('1-10')
    expect(companySizeBand(10)).toBe('1-10')
    expect(companySizeBand(11)).toBe('11-50')
    expect(companySizeBand(50)).toBe('11-50')
    expect(companySizeBand(51)).toBe('51-200')
    expect(companySizeBand(200)).toBe('51-200')
    expect(companySizeBand(201)).toBe('201-500')
    expect(companySizeBand(1_000)).toBe('501-1000')
    expect(companySizeBand(1_001)).toBe('1001-5000')
    expect(companySizeBand(10_000)).toBe('5001-10000')
    expect(companySizeBand(10_001)).toBe('10001+')
    expect(companySizeBand(2_300_000)).toBe('10001+')
  })

  it('treats fractional headcounts (averages, FTEs) by their value', () => {
    expect(companySizeBand(10.5)).toBe('11-50')
  })

  it('gives no band to an unknown or impossible headcount', () => {
    expect(companySizeBand(null)).toBeNull()
    expect(companySizeBand(undefined)).toBeNull()
    expect(companySizeBand(-3)).toBeNull()
    expect(companySizeBand(Number.NaN)).toBeNull()
    expect(companySizeBand(Number.POSITIVE_INFINITY)).toBeNull()
  })

  it('lists every band it can return, smallest first, once', () => {
    const seen = [0, 11, 51, 201, 501, 1_001, 5_001, 10_001].map(companySizeBand)
    expect(seen).toEqual(COMPANY_SIZE_BANDS)
    expect(new Set(COMPANY_SIZE_BANDS).size).toBe(COMPANY_SIZE_BANDS.length)
  })
})
