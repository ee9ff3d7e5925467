import { describe, expect, it } from 'vitest'
import {
  formatCount,
  formatDays,
  formatDaysShort,
  formatHours,
  formatMoney,
  formatShare,
  formatWhen,
} from './format.ts'

describe('report figures in words', () => {
  it('writes money from exact cents, with cents only when there are some', () => {
    expect(formatMoney(100_000)).toBe('$1,000')
    expect(formatMoney(250_050)).toBe('$2,500.50')
    expect(formatMoney(9_999)).toBe('$99.99')
    expect(formatMoney(-1)).toBe('-$0.01')
    expect(formatMoney(123_456_700, 'EUR')).toBe('€1,234,567')
  })

  it('writes shares as percentages, and a dash when nothing could be divided', () => {
    expect(formatShare(0.75)).toBe('75%')
    expect(formatShare(2 / 3)).toBe('66.7%')
    expect(formatShare(0)).toBe('0%')
    expect(formatShare(1.2)).toBe('120%')
    expect(formatShare(0.4286)).toBe('42.9%')
    expect(formatShare(null)).toBe('–')
  })

  it('writes counts with thousands separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
  })

  it('writes hours under two days in hours and longer ones in days', () => {
    expect(formatHours(17)).toBe('17.0 h')
    expect(formatHours(1.25)).toBe('1.3 h')
    expect(formatHours(47.9)).toBe('47.9 h')
    expect(formatHours(48)).toBe('2.0 days')
    expect(formatHours(null)).toBe('–')
    expect(formatDays(1)).toBe('1.0 day')
    expect(formatDays(12.34)).toBe('12.3 days')
    expect(formatDays(null)).toBe('–')
  })

  it('writes days for a column headed in days to one decimal, and less than that as such', () => {
    expect(formatDaysShort(2.54)).toBe('2.5 d')
    expect(formatDaysShort(0)).toBe('0 d')
    expect(formatDaysShort(0.01)).toBe('< 0.1 d')
    expect(formatDaysShort(null)).toBe('–')
  })

  it('writes moments with the day and the time', () => {
    expect(formatWhen('2026-03-02T10:30:00Z', 'Europe/London')).toBe('2 Mar 2026, 10:30')
    expect(formatWhen('2026-03-02T10:30:00Z', 'America/New_York')).toBe('2 Mar 2026, 05:30')
    expect(formatWhen(null)).toBe('–')
  })
})
