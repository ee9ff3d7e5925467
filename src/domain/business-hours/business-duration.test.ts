import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BUSINESS_DAY_MINUTES,
  formatBusinessDuration,
  parseBusinessDuration,
} from './business-duration.ts'

const EXPECTED =
  'write a business duration such as 30m, 4h or 1d (a business day is 8 business hours)'

describe('parseBusinessDuration', () => {
  it.each([
    ['30m', 30],
    ['90m', 90],
    ['4h', 240],
    ['1d', 480],
    ['1d4h', 720],
    ['2d30m', 990],
    ['1h90m', 150],
    ['0d1m', 1],
  ])('reads %s as %i business minutes', (text, minutes) => {
    expect(parseBusinessDuration(text)).toEqual({ ok: true, minutes })
  })

  it('counts a business day as 8 business hours', () => {
    expect(BUSINESS_DAY_MINUTES).toBe(480)
  })

  it.each(['', '4', '4 h', '4H', '1.5h', '4h1d', '30m4h', '-1h', 'P1D', '1w'])(
    'says what form is expected for %j',
    (text) => {
      expect(parseBusinessDuration(text)).toEqual({ ok: false, message: EXPECTED })
    },
  )

  it('refuses a zero duration, which no SLA can meet', () => {
    expect(parseBusinessDuration('0m')).toEqual({
      ok: false,
      message: `must be longer than zero; ${EXPECTED}`,
    })
    expect(parseBusinessDuration('0d0h').ok).toBe(false)
  })

  it('refuses durations too long to count exactly', () => {
    expect(parseBusinessDuration('99999999999999999d').ok).toBe(false)
  })
})

describe('formatBusinessDuration', () => {
  it.each([
    [0, '0m'],
    [30, '30m'],
    [240, '4h'],
    [270, '4h30m'],
    [480, '8h'],
    [720, '12h'],
    [89.6, '1h30m'],
  ])('writes %d minutes as %s', (minutes, text) => {
    expect(formatBusinessDuration(minutes)).toBe(text)
  })

  it('refuses negative and non-finite minutes', () => {
    expect(() => formatBusinessDuration(-1)).toThrow(/zero or more/)
    expect(() => formatBusinessDuration(Number.NaN)).toThrow(/zero or more/)
  })

  it('round-trips every whole number of minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (minutes) => {
        expect(parseBusinessDuration(formatBusinessDuration(minutes))).toEqual({
          ok: true,
          minutes,
        })
      }),
    )
  })
})
