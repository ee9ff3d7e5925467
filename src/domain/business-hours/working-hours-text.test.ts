import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WorkingHours } from '../../store/database.ts'
import { WEEKDAYS } from './working-calendar.ts'
import { formatWorkingHours, parseWorkingHours } from './working-hours-text.ts'

const FORM =
  'write days and hours such as "mon-fri 09:00-17:00"; several intervals in a day as ' +
  '"mon-fri 09:00-12:00 13:00-17:00"; different days separated by ";" as ' +
  '"mon-thu 08:00-16:00; fri 08:00-12:00". Days are mon, tue, wed, thu, fri, sat, sun.'

const nineToFive: [string, string][] = [['09:00', '17:00']]

describe('parseWorkingHours', () => {
  it.each<[string, WorkingHours]>([
    ['mon 09:00-17:00', { mon: nineToFive }],
    [
      'mon-fri 09:00-17:00',
      { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
    ],
    ['mon,wed,fri 09:00-17:00', { mon: nineToFive, wed: nineToFive, fri: nineToFive }],
    ['mon-tue,sat 09:00-17:00', { mon: nineToFive, tue: nineToFive, sat: nineToFive }],
    [
      'mon 09:00-12:00 13:00-17:00',
      {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
    ],
    [
      'mon-tue 08:00-16:00; wed 08:00-12:00',
      { mon: [['08:00', '16:00']], tue: [['08:00', '16:00']], wed: [['08:00', '12:00']] },
    ],
    ['MON-Tue 09:00-17:00', { mon: nineToFive, tue: nineToFive }],
    ['  sat   10:00-14:00 ;; ', { sat: [['10:00', '14:00']] }],
    ['fri 9:00-17:00', { fri: nineToFive }],
    ['sun 00:00-24:00', { sun: [['00:00', '24:00']] }],
  ])('reads %j', (text, hours) => {
    expect(parseWorkingHours(text)).toEqual({ ok: true, hours })
  })

  it('wraps a range past Sunday, for a Sunday-to-Thursday week', () => {
    const parsed = parseWorkingHours('sun-thu 09:00-17:00')
    expect(parsed).toEqual({
      ok: true,
      hours: {
        sun: nineToFive,
        mon: nineToFive,
        tue: nineToFive,
        wed: nineToFive,
        thu: nineToFive,
      },
    })
  })

  it('adds the intervals of a day named twice, in the order given', () => {
    expect(parseWorkingHours('mon-tue 09:00-12:00; mon 13:00-17:00')).toEqual({
      ok: true,
      hours: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [['09:00', '12:00']],
      },
    })
  })

  it('leaves the times themselves to the calendar check', () => {
    expect(parseWorkingHours('mon 17:00-09:00')).toEqual({
      ok: true,
      hours: { mon: [['17:00', '09:00']] },
    })
    expect(parseWorkingHours('mon 25:00-99:99').ok).toBe(true)
  })

  it.each([
    ['', 'no days given'],
    [' ; ;', 'no days given'],
    ['mon-fri', '"mon-fri" names no hours'],
    ['mon-fri 09:00-17:00; sat', '"sat" names no hours'],
    ['mon-fry 9-5', '"mon-fry" is not a day or a range of days'],
    ['monday 09:00-17:00', '"monday" is not a day or a range of days'],
    ['mon-wed-fri 09:00-17:00', '"mon-wed-fri" is not a day or a range of days'],
    ['mon,,fri 09:00-17:00', '"" is not a day or a range of days'],
    ['mon 9-5', '"9-5" is not an interval such as 09:00-17:00'],
    ['mon 09:00', '"09:00" is not an interval such as 09:00-17:00'],
    ['mon 09:00-17:00 9am-5pm', '"9am-5pm" is not an interval such as 09:00-17:00'],
  ])('refuses %j, saying what is wrong and the form it expects', (text, what) => {
    expect(parseWorkingHours(text)).toEqual({ ok: false, message: `${what}: ${FORM}` })
  })
})

describe('formatWorkingHours', () => {
  it('says when no hours are set, which means the default week', () => {
    expect(formatWorkingHours({})).toBe('mon-fri 09:00-17:00, the default')
    expect(formatWorkingHours({ mon: [] })).toBe('mon-fri 09:00-17:00, the default')
  })

  it.each([
    ['mon-fri 09:00-17:00', 'mon-fri 09:00-17:00'],
    ['mon-thu 08:00-16:00; fri 08:00-12:00', 'mon-thu 08:00-16:00; fri 08:00-12:00'],
    ['fri 08:00-12:00; mon-thu 08:00-16:00', 'mon-thu 08:00-16:00; fri 08:00-12:00'],
    ['mon,wed 09:00-17:00', 'mon 09:00-17:00; wed 09:00-17:00'],
    ['sat-sun 10:00-14:00', 'sat-sun 10:00-14:00'],
    ['mon-fri 09:00-12:00 13:00-17:00', 'mon-fri 09:00-12:00 13:00-17:00'],
  ])('writes the hours of %j as %j, consecutive days with the same hours together', (text, out) => {
    const parsed = parseWorkingHours(text)
    if (!parsed.ok) throw new Error(parsed.message)
    expect(formatWorkingHours(parsed.hours)).toBe(out)
  })

  it('writes what parseWorkingHours reads back as the same hours', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
    const intervals = fc.array(fc.tuple(time, time), { minLength: 1, maxLength: 3 })
    const week = fc
      .record(Object.fromEntries(WEEKDAYS.map((day) => [day, intervals])), {
        requiredKeys: [],
      })
      .filter((hours) => Object.keys(hours).length > 0)
    fc.assert(
      fc.property(week, (hours) => {
        expect(parseWorkingHours(formatWorkingHours(hours as WorkingHours))).toEqual({
          ok: true,
          hours,
        })
      }),
    )
  })
})
