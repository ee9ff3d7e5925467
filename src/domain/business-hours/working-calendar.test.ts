import { describe, expect, it } from 'vitest'
import {
  calendarProblems,
  defaultWorkingCalendar,
  instantMillis,
  localDateNumber,
  type WorkingCalendar,
  wallClockMinutes,
} from './working-calendar.ts'

const calendar = (overrides: Partial<WorkingCalendar>): WorkingCalendar => ({
  ...defaultWorkingCalendar('Europe/London'),
  ...overrides,
})

const paths = (value: WorkingCalendar) => calendarProblems(value).map((p) => p.path)

describe('defaultWorkingCalendar', () => {
  it('is Monday to Friday, nine to five, in the given zone, and has no problems', () => {
    const c = defaultWorkingCalendar('Asia/Tokyo')
    expect(c.timeZone).toBe('Asia/Tokyo')
    expect(Object.keys(c.week)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri'])
    expect(c.week.fri).toEqual([['09:00', '17:00']])
    expect(c.holidays).toEqual([])
    expect(c.absences).toEqual([])
    expect(calendarProblems(c)).toEqual([])
  })
})

describe('calendarProblems', () => {
  it('accepts split days, touching intervals, 24:00 as an end and half-hour zones', () => {
    const c = calendar({
      timeZone: 'Australia/Lord_Howe',
      week: {
        mon: [
          ['13:00', '17:30'],
          ['08:30', '12:00'],
        ],
        tue: [
          ['00:00', '12:00'],
          ['12:00', '24:00'],
        ],
        sat: [],
      },
      holidays: ['2026-12-25', '2028-02-29'],
      absences: [{ from: '2026-08-03T09:00:00+10:30', to: '2026-08-04T00:00Z' }],
    })
    expect(calendarProblems(c)).toEqual([])
  })

  it('names an unknown time zone and suggests IANA names', () => {
    const problems = calendarProblems(calendar({ timeZone: 'London' }))
    expect(problems).toEqual([
      {
        path: '/timeZone',
        message:
          'unknown time zone "London": use an IANA name such as Europe/London or America/New_York',
      },
    ])
  })

  it('names malformed times, each end on its own', () => {
    const problems = calendarProblems(
      calendar({
        week: {
          mon: [
            ['9:00', '17:00'],
            ['09:00', '17:60'],
          ],
          tue: [['24:00', '24:00']],
          wed: [['00:00', '00:00']],
        },
      }),
    )
    expect(problems.map((p) => p.path)).toEqual([
      '/week/mon/0/0',
      '/week/mon/1/1',
      '/week/tue/0/0',
      '/week/wed/0/1',
    ])
    expect(problems[0]?.message).toBe(
      'write the start as HH:MM between 00:00 and 23:59, e.g. 09:00',
    )
    expect(problems[1]?.message).toBe('write the end as HH:MM between 00:01 and 24:00, e.g. 17:00')
  })

  it('says how to write an interval that ends before it starts, such as a night shift', () => {
    const problems = calendarProblems(calendar({ week: { fri: [['22:00', '06:00']] } }))
    expect(problems).toEqual([
      { path: '/week/fri/0', message: expect.stringContaining('split a night shift at midnight') },
    ])
  })

  it('names the later of two overlapping intervals', () => {
    const problems = calendarProblems(
      calendar({
        week: {
          thu: [
            ['13:00', '17:00'],
            ['09:00', '13:30'],
          ],
        },
      }),
    )
    expect(problems).toEqual([
      { path: '/week/thu/0', message: 'overlaps 09:00-13:30: merge them into one interval' },
    ])
  })

  it('reports a week with no working hours', () => {
    expect(calendarProblems(calendar({ week: {} }))).toEqual([
      {
        path: '/week',
        message:
          "the week has no working hours: give at least one day an interval such as ['09:00', '17:00']",
      },
    ])
    expect(paths(calendar({ week: { mon: [], sun: [] } }))).toEqual(['/week'])
  })

  it('reports unknown days and intervals that are not pairs', () => {
    const week = { monday: [['09:00', '17:00']], tue: [['09:00']], wed: 'nine to five' }
    expect(paths(calendar({ week } as unknown as WorkingCalendar))).toEqual([
      '/week/monday',
      '/week/tue/0',
      '/week/wed',
    ])
  })

  it('reports holidays that are not real local dates', () => {
    const holidays = ['2026-12-25', '2026-02-29', '25/12/2026', '2026-12-25T00:00:00Z']
    expect(paths(calendar({ holidays }))).toEqual(['/holidays/1', '/holidays/2', '/holidays/3'])
  })

  it('reports absences without an offset, unparseable, or ending before they start', () => {
    const problems = calendarProblems(
      calendar({
        absences: [
          { from: '2026-08-03T09:00:00', to: '2026-08-04T09:00:00Z' },
          { from: 'next week', to: '2026-08-04' },
          { from: '2026-08-04T09:00:00Z', to: '2026-08-04T10:00:00+01:00' },
          { from: '2026-08-04T09:00:00Z', to: '2026-08-04T10:00:00+01:00[Europe/London]' },
        ],
      }),
    )
    expect(problems.map((p) => p.path)).toEqual([
      '/absences/0/from',
      '/absences/1/from',
      '/absences/1/to',
      '/absences/2/to',
      '/absences/3/to',
    ])
    expect(problems[0]?.message).toContain('an ISO instant with an offset')
    expect(problems[3]?.message).toBe('must be after from: an absence ends after it starts')
  })
})

describe('parsing helpers', () => {
  it('reads wall-clock times, 24:00 included', () => {
    expect(wallClockMinutes('00:00')).toBe(0)
    expect(wallClockMinutes('09:30')).toBe(570)
    expect(wallClockMinutes('24:00')).toBe(1440)
    for (const bad of ['24:01', '9:30', '09:30:00', '', 930])
      expect(wallClockMinutes(bad)).toBe(undefined)
  })

  it('reads local dates as day numbers, leap days only in leap years', () => {
    expect(localDateNumber('1970-01-02')).toBe(1)
    expect(localDateNumber('2028-02-29')).toBe(Date.UTC(2028, 1, 29) / 86_400_000)
    expect(localDateNumber('2027-02-29')).toBe(undefined)
    expect(localDateNumber('2027-13-01')).toBe(undefined)
  })

  it('reads instants only with an explicit offset', () => {
    expect(instantMillis('2026-08-03T09:00:00+01:00')).toBe(Date.UTC(2026, 7, 3, 8))
    expect(instantMillis('2026-08-03T08:00Z')).toBe(Date.UTC(2026, 7, 3, 8))
    expect(instantMillis('2026-08-03T08:00:00.250-0500')).toBe(Date.UTC(2026, 7, 3, 13, 0, 0, 250))
    expect(instantMillis('2026-08-03T08:00:00')).toBe(undefined)
    expect(instantMillis('2026-08-03')).toBe(undefined)
  })
})
