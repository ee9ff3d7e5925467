import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isWorkingAt,
  nextWorkingInstant,
} from './business-clock.ts'
import { parseBusinessDuration } from './business-duration.ts'
import {
  defaultWorkingCalendar,
  type WorkingCalendar,
  type WorkingInterval,
} from './working-calendar.ts'

/** The instant a wall clock in `zone` shows `text` ('2026-06-05T16:00'). */
const local = (text: string, zone: string): Date => {
  const parsed = DateTime.fromISO(text, { zone })
  if (!parsed.isValid) throw new Error(`bad test time ${text}`)
  return parsed.toJSDate()
}
/** `at` as a wall clock in `zone`, e.g. 'Mon 2026-06-08 12:00'. */
const wall = (at: Date, zone: string) =>
  DateTime.fromJSDate(at, { zone }).toFormat("ccc yyyy-MM-dd HH:mm:ss.SSS'['ZZ']'")

const LONDON = 'Europe/London'
const NEW_YORK = 'America/New_York'
const london = defaultWorkingCalendar(LONDON)
const HOUR = 60

describe('addBusinessMinutes', () => {
  it('carries Friday afternoon work over the weekend', () => {
    // 16:00-17:00 on Friday, then 09:00-12:00 (or 11:00) on Monday.
    const friday = local('2026-06-05T16:00', LONDON)
    expect(wall(addBusinessMinutes(london, friday, 4 * HOUR), LONDON)).toBe(
      'Mon 2026-06-08 12:00:00.000[+01:00]',
    )
    expect(wall(addBusinessMinutes(london, friday, 3 * HOUR), LONDON)).toBe(
      'Mon 2026-06-08 11:00:00.000[+01:00]',
    )
  })

  it('starts counting at the next opening when started outside working time', () => {
    const saturday = local('2026-06-06T11:00', LONDON)
    expect(wall(addBusinessMinutes(london, saturday, 30), LONDON)).toBe(
      'Mon 2026-06-08 09:30:00.000[+01:00]',
    )
    const early = local('2026-06-09T07:15', LONDON)
    expect(wall(addBusinessMinutes(london, early, 4 * HOUR), LONDON)).toBe(
      'Tue 2026-06-09 13:00:00.000[+01:00]',
    )
  })

  it('with zero minutes gives the next working instant, the start itself when working', () => {
    const working = local('2026-06-09T10:17', LONDON)
    expect(addBusinessMinutes(london, working, 0)).toEqual(working)
    const closing = local('2026-06-09T17:00', LONDON)
    expect(wall(addBusinessMinutes(london, closing, 0), LONDON)).toBe(
      'Wed 2026-06-10 09:00:00.000[+01:00]',
    )
    expect(addBusinessMinutes(london, closing, 0)).toEqual(nextWorkingInstant(london, closing))
  })

  it('ends at the closing time when the work fits the day exactly, not at the next opening', () => {
    const friday = local('2026-06-05T16:00', LONDON)
    expect(wall(addBusinessMinutes(london, friday, HOUR), LONDON)).toBe(
      'Fri 2026-06-05 17:00:00.000[+01:00]',
    )
  })

  it('counts a business day from Tuesday 10:00 as Wednesday 10:00 on nine to five', () => {
    const parsed = parseBusinessDuration('1d')
    if (!parsed.ok) throw new Error(parsed.message)
    const tuesday = local('2026-06-09T10:00', LONDON)
    expect(wall(addBusinessMinutes(london, tuesday, parsed.minutes), LONDON)).toBe(
      'Wed 2026-06-10 10:00:00.000[+01:00]',
    )
  })

  it('skips holidays, which are local dates', () => {
    const christmas = { ...london, holidays: ['2026-12-25', '2026-12-28'] }
    const eve = local('2026-12-24T16:00', LONDON)
    expect(wall(addBusinessMinutes(christmas, eve, 4 * HOUR), LONDON)).toBe(
      'Tue 2026-12-29 12:00:00.000[+00:00]',
    )
    const week = businessMinutesBetween(
      christmas,
      local('2026-12-21T00:00', LONDON),
      local('2027-01-01T00:00', LONDON),
    )
    expect(week).toBe(7 * 8 * HOUR)
    expect(isWorkingAt(christmas, local('2026-12-28T10:00', LONDON))).toBe(false)
  })

  it('reads holidays in the calendar zone: Tokyo holiday, London working hours differ', () => {
    const tokyo = { ...defaultWorkingCalendar('Asia/Tokyo'), holidays: ['2026-06-08'] }
    // Monday 09:00 London is Monday 17:00 Tokyo: the holiday in Tokyo ends at 15:00Z.
    const at = local('2026-06-08T09:00', LONDON)
    expect(isWorkingAt(london, at)).toBe(true)
    expect(isWorkingAt(tokyo, at)).toBe(false)
  })

  it('takes absences out of working time where they overlap', () => {
    const away = {
      ...london,
      absences: [{ from: '2026-06-08T10:00:00+01:00', to: '2026-06-08T14:00:00+01:00' }],
    }
    const monday = local('2026-06-08T09:00', LONDON)
    expect(wall(addBusinessMinutes(away, monday, 4 * HOUR), LONDON)).toBe(
      'Mon 2026-06-08 17:00:00.000[+01:00]',
    )
    expect(isWorkingAt(away, local('2026-06-08T10:00', LONDON))).toBe(false)
    expect(isWorkingAt(away, local('2026-06-08T14:00', LONDON))).toBe(true)
  })

  it('skips a week-long absence given in another offset, and overlapping absences', () => {
    const away = {
      ...london,
      absences: [
        { from: '2026-06-08T00:00:00-07:00', to: '2026-06-10T12:00:00Z' },
        { from: '2026-06-10T00:00:00Z', to: '2026-06-15T08:00:00Z' },
      ],
    }
    // Midnight at -07:00 is 08:00 in London; the second absence ends at 09:00 London on the 15th.
    const monday = local('2026-06-08T08:30', LONDON)
    expect(wall(addBusinessMinutes(away, monday, 30), LONDON)).toBe(
      'Mon 2026-06-15 09:30:00.000[+01:00]',
    )
  })

  it('gives the same instant different answers in different zones', () => {
    // 07:00Z on Friday is 08:00 in London (not yet open) and 16:00 in Tokyo (open until 17:00).
    const at = new Date('2026-06-05T07:00:00Z')
    const tokyo = defaultWorkingCalendar('Asia/Tokyo')
    expect(isWorkingAt(london, at)).toBe(false)
    expect(isWorkingAt(tokyo, at)).toBe(true)
    expect(addBusinessMinutes(london, at, 4 * HOUR).toISOString()).toBe('2026-06-05T12:00:00.000Z')
    expect(wall(addBusinessMinutes(tokyo, at, 4 * HOUR), 'Asia/Tokyo')).toBe(
      'Mon 2026-06-08 12:00:00.000[+09:00]',
    )
  })

  it('continues across midnight through an interval ending at 24:00', () => {
    const nights: WorkingCalendar = {
      timeZone: LONDON,
      week: { mon: [['20:00', '24:00']], tue: [['00:00', '04:00']] },
      holidays: [],
      absences: [],
    }
    const monday = local('2026-06-08T22:00', LONDON)
    expect(wall(addBusinessMinutes(nights, monday, 4 * HOUR), LONDON)).toBe(
      'Tue 2026-06-09 02:00:00.000[+01:00]',
    )
    expect(isWorkingAt(nights, local('2026-06-08T23:59:59.999', LONDON))).toBe(true)
    const mondayOnly = { ...nights, week: { mon: nights.week.mon ?? [] } }
    // 24:00 is the closing end: an hour from 23:00 ends at midnight, not next Monday.
    expect(
      wall(addBusinessMinutes(mondayOnly, local('2026-06-08T23:00', LONDON), HOUR), LONDON),
    ).toBe('Tue 2026-06-09 00:00:00.000[+01:00]')
    expect(isWorkingAt(mondayOnly, local('2026-06-09T00:00', LONDON))).toBe(false)
  })

  it('counts fractions of a minute, rounding the deadline up to a whole millisecond', () => {
    const nine = local('2026-06-09T09:00', LONDON)
    expect(addBusinessMinutes(london, nine, 0.5).getTime() - nine.getTime()).toBe(30_000)
    expect(addBusinessMinutes(london, nine, 0.1).getTime() - nine.getTime()).toBe(6_000)
    expect(addBusinessMinutes(london, nine, 1 / 120_000).getTime() - nine.getTime()).toBe(1)
  })

  it('refuses negative or non-finite minutes and invalid dates', () => {
    const nine = local('2026-06-09T09:00', LONDON)
    expect(() => addBusinessMinutes(london, nine, -1)).toThrow(/zero or more/)
    expect(() => addBusinessMinutes(london, nine, Number.POSITIVE_INFINITY)).toThrow(/finite/)
    expect(() => addBusinessMinutes(london, new Date(Number.NaN), 1)).toThrow(
      'start must be a valid Date',
    )
  })
})

describe('calendars with no working time', () => {
  it('refuse an invalid calendar, saying what is wrong', () => {
    const empty = { ...london, week: {} }
    expect(() => addBusinessMinutes(empty, new Date(), 1)).toThrow(
      /^invalid working calendar: \/week: the week has no working hours/,
    )
    expect(() => isWorkingAt({ ...london, timeZone: 'Mars/Olympus' }, new Date())).toThrow(
      /\/timeZone: unknown time zone "Mars\/Olympus"/,
    )
  })

  it('stop after three years without working time instead of looping', () => {
    const sabbatical = {
      ...london,
      absences: [{ from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }],
    }
    const start = new Date('2026-02-01T00:00:00Z')
    expect(() => addBusinessMinutes(sabbatical, start, 1)).toThrow(
      'no working time in the 3 years after 2026-02-01T00:00:00.000Z in a calendar for Europe/London: check its week, holidays and absences',
    )
    expect(() => nextWorkingInstant(sabbatical, start)).toThrow(/no working time in the 3 years/)
    expect(businessMinutesBetween(sabbatical, start, new Date('2031-01-01T00:00:00Z'))).toBe(
      8 * HOUR * 261,
    )
  })
})

describe('businessMinutesBetween', () => {
  it('is 0 when to is not after from, and counts fractions of a minute', () => {
    const ten = local('2026-06-09T10:00', LONDON)
    expect(businessMinutesBetween(london, ten, ten)).toBe(0)
    expect(businessMinutesBetween(london, ten, local('2026-06-09T09:00', LONDON))).toBe(0)
    expect(businessMinutesBetween(london, ten, local('2026-06-09T10:00:30', LONDON))).toBe(0.5)
  })

  it('counts only the working part of a range', () => {
    const from = local('2026-06-05T16:30', LONDON)
    const to = local('2026-06-08T09:45', LONDON)
    expect(businessMinutesBetween(london, from, to)).toBe(75)
  })
})

describe('nextWorkingInstant', () => {
  it('is the instant itself when working, else the next opening', () => {
    const working = local('2026-06-09T16:59:59.999', LONDON)
    expect(nextWorkingInstant(london, working)).toEqual(working)
    expect(wall(nextWorkingInstant(london, local('2026-06-12T17:00', LONDON)), LONDON)).toBe(
      'Mon 2026-06-15 09:00:00.000[+01:00]',
    )
  })
})

describe('daylight saving', () => {
  const sundays = (zone: string, intervals: readonly WorkingInterval[]): WorkingCalendar => ({
    timeZone: zone,
    week: { sun: intervals },
    holidays: [],
    absences: [],
  })
  /** Business minutes on one local day, midnight to midnight. */
  const onDay = (c: WorkingCalendar, date: string) => {
    const start = DateTime.fromISO(date, { zone: c.timeZone })
    return businessMinutesBetween(c, start.toJSDate(), start.plus({ days: 1 }).toJSDate())
  }

  it.each([
    [LONDON, '2026-03-29', 60, 23],
    [LONDON, '2026-10-25', 180, 25],
    [NEW_YORK, '2026-03-08', 60, 23],
    [NEW_YORK, '2026-11-01', 180, 25],
  ])(
    '%s on %s: 01:00-03:00 is %i minutes, the day %i hours, 09:00-17:00 still 8h',
    (zone, date, night, day) => {
      expect(onDay(sundays(zone, [['01:00', '03:00']]), date)).toBe(night)
      expect(onDay(sundays(zone, [['09:00', '17:00']]), date)).toBe(8 * HOUR)
      expect(onDay(sundays(zone, [['00:00', '24:00']]), date)).toBe(day * HOUR)
      // The week before had no change: every interval has its nominal length.
      const before = DateTime.fromISO(date).minus({ weeks: 1 }).toISODate() ?? ''
      expect(onDay(sundays(zone, [['01:00', '03:00']]), before)).toBe(2 * HOUR)
    },
  )

  it('counts through the skipped hour: London 00:30-03:00 on 2026-03-29 is 90 minutes', () => {
    const c = sundays(LONDON, [['00:30', '03:00']])
    const midnight = local('2026-03-29T00:00', LONDON)
    // 00:30-01:00 GMT, then the clocks jump to 02:00 BST.
    expect(addBusinessMinutes(c, midnight, 30).toISOString()).toBe('2026-03-29T01:00:00.000Z')
    expect(wall(addBusinessMinutes(c, midnight, 31), LONDON)).toBe(
      'Sun 2026-03-29 02:01:00.000[+01:00]',
    )
    expect(onDay(c, '2026-03-29')).toBe(90)
    expect(isWorkingAt(c, new Date('2026-03-29T00:59:59.999Z'))).toBe(true)
    expect(isWorkingAt(c, new Date('2026-03-29T02:00:00.000Z'))).toBe(false)
  })

  it('counts the repeated hour twice: New York 01:00-03:00 on 2026-11-01 is 180 minutes', () => {
    const c = sundays(NEW_YORK, [['01:00', '03:00']])
    const midnight = local('2026-11-01T00:00', NEW_YORK)
    // 01:00-02:00 EDT, 01:00-02:00 EST, then 02:00-03:00 EST.
    expect(addBusinessMinutes(c, midnight, 90).toISOString()).toBe('2026-11-01T06:30:00.000Z')
    expect(addBusinessMinutes(c, midnight, 180).toISOString()).toBe('2026-11-01T08:00:00.000Z')
    expect(isWorkingAt(c, new Date('2026-11-01T05:59:59.999Z'))).toBe(true)
    expect(isWorkingAt(c, new Date('2026-11-01T06:00:00.000Z'))).toBe(true)
  })

  it('reads the wall clock with the new offset from the very millisecond of the change', () => {
    // London falls back at 01:00Z: 01:59:59.999 BST is followed by 01:00:00.000 GMT.
    const c = sundays(LONDON, [['01:00', '02:00']])
    expect(isWorkingAt(c, new Date('2026-10-25T00:59:59.999Z'))).toBe(true)
    expect(isWorkingAt(c, new Date('2026-10-25T01:00:00.000Z'))).toBe(true)
    expect(isWorkingAt(c, new Date('2026-10-25T02:00:00.000Z'))).toBe(false)
    const after = sundays(LONDON, [['02:00', '03:00']])
    expect(isWorkingAt(after, new Date('2026-10-25T00:59:59.999Z'))).toBe(false)
    expect(isWorkingAt(after, new Date('2026-10-25T01:00:00.000Z'))).toBe(false)
    expect(onDay(c, '2026-10-25')).toBe(120)
  })

  it('keeps nine to five weeks at 40 hours across the change', () => {
    expect(
      businessMinutesBetween(
        london,
        local('2026-03-23T00:00', LONDON),
        local('2026-03-30T00:00', LONDON),
      ),
    ).toBe(40 * HOUR)
    const ny = defaultWorkingCalendar(NEW_YORK)
    expect(
      businessMinutesBetween(
        ny,
        local('2026-10-26T00:00', NEW_YORK),
        local('2026-11-02T00:00', NEW_YORK),
      ),
    ).toBe(40 * HOUR)
  })

  it('carries Friday work over a change weekend to the new local opening time', () => {
    const friday = local('2026-03-27T16:00', LONDON)
    expect(wall(addBusinessMinutes(london, friday, 4 * HOUR), LONDON)).toBe(
      'Mon 2026-03-30 12:00:00.000[+01:00]',
    )
    const ny = defaultWorkingCalendar(NEW_YORK)
    const october = local('2026-10-30T16:00', NEW_YORK)
    expect(addBusinessMinutes(ny, october, 4 * HOUR).toISOString()).toBe('2026-11-02T17:00:00.000Z')
    const march = local('2026-03-06T16:00', NEW_YORK)
    expect(addBusinessMinutes(ny, march, 4 * HOUR).toISOString()).toBe('2026-03-09T16:00:00.000Z')
  })

  it('handles half-hour changes: Lord Howe Island on 2026-04-05 and 2026-10-04', () => {
    // Clocks go back from 02:00 to 01:30 in April and forward from 02:00 to 02:30 in October.
    const zone = 'Australia/Lord_Howe'
    expect(onDay(sundays(zone, [['01:00', '03:00']]), '2026-04-05')).toBe(150)
    expect(onDay(sundays(zone, [['01:00', '03:00']]), '2026-10-04')).toBe(90)
    expect(onDay(sundays(zone, [['09:00', '17:00']]), '2026-10-04')).toBe(8 * HOUR)
  })
})
