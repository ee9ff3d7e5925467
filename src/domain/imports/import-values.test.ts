import { describe, expect, it } from 'vitest'
import { parseDate, parseNumber } from './import-values.ts'

describe('import values', () => {
  it('reads numbers as exports write them', () => {
    expect(parseNumber('1,234.50')).toBe(1234.5)
    expect(parseNumber('$1,200')).toBe(1200)
    expect(parseNumber(' 3e6 ')).toBe(3_000_000)
    expect(parseNumber('-12')).toBe(-12)
    expect(parseNumber('900 EUR')).toBe(900)
    expect(parseNumber('1100.04')).toBe(1100.04)
    for (const text of ['', 'n/a', '12abc', '1.2.3'])
      expect(parseNumber(text), text).toBeUndefined()
  })

  it('reads ISO dates and timestamps as UTC unless they carry a zone', () => {
    expect(parseDate('2018-02-26 19:58:54')?.toISOString()).toBe('2018-02-26T19:58:54.000Z')
    expect(parseDate('2017-10-20')?.toISOString()).toBe('2017-10-20T00:00:00.000Z')
    expect(parseDate('2024-05-01T10:00:00+02:00')?.toISOString()).toBe('2024-05-01T08:00:00.000Z')
    expect(parseDate('2024-05-01T10:00:00.250Z')?.toISOString()).toBe('2024-05-01T10:00:00.250Z')
  })

  it('reads day and month in the order the mapping names', () => {
    expect(parseDate('03/04/2018', 'mdy')?.toISOString()).toBe('2018-03-04T00:00:00.000Z')
    expect(parseDate('03/04/2018', 'dmy')?.toISOString()).toBe('2018-04-03T00:00:00.000Z')
    expect(parseDate('3/4/2018 2:05 PM', 'mdy')?.toISOString()).toBe('2018-03-04T14:05:00.000Z')
    expect(parseDate('03/04/2018')).toBeUndefined()
  })

  it('refuses days that do not exist', () => {
    for (const text of ['2018-04-31', '2018-13-01', '2018-02-29', 'yesterday'])
      expect(parseDate(text), text).toBeUndefined()
    expect(parseDate('2020-02-29')?.toISOString()).toBe('2020-02-29T00:00:00.000Z')
  })
})
