import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isWorkingAt,
  nextWorkingInstant,
} from './business-clock.ts'
import { WEEKDAYS, type WorkingCalendar, type WorkingInterval } from './working-calendar.ts'

const MINUTE = 60_000
const DAY = 86_400_000
const FIVE_BUSINESS_DAYS = 5 * 8 * 60 * MINUTE

// With and without daylight saving, southern and northern, whole, half and 45-minute offsets.
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'UTC',
]
// UTC dates of the 2025-2027 changes in those zones, so instants land near them often.
const CHANGE_DAYS = [
  ...['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  ...['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  ...['2025-04-06', '2025-10-05', '2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  ...['2025-09-28', '2026-09-27', '2027-09-26'],
].map((date) => Date.parse(`${date}T00:00:00Z`))
const FIRST = Date.UTC(2025, 0, 1)
const LAST = Date.UTC(2028, 0, 1)

const pad = (n: number) => String(n).padStart(2, '0')
const hhmm = (fiveMinutes: number) =>
  `${pad(Math.floor(fiveMinutes / 12))}:${pad((fiveMinutes % 12) * 5)}`

/** Up to three intervals on five-minute boundaries, 24:00 included. */
const day = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { maxLength: 6 })
  .map((bounds): WorkingInterval[] => {
    const sorted = [...bounds].sort((a, b) => a - b)
    const intervals: WorkingInterval[] = []
    for (let i = 0; i + 1 < sorted.length; i += 2)
      intervals.push([hhmm(sorted[i] ?? 0), hhmm(sorted[i + 1] ?? 0)])
    return intervals
  })

const calendar: fc.Arbitrary<WorkingCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.record(
      Object.fromEntries(WEEKDAYS.map((d) => [d, day])) as Record<string, typeof day>,
      {
        requiredKeys: [],
      },
    ),
    holidays: fc.uniqueArray(fc.integer({ min: FIRST / DAY - 7, max: LAST / DAY + 7 }), {
      maxLength: 30,
    }),
    absences: fc.array(
      fc.record({
        from: fc.integer({ min: FIRST / MINUTE, max: LAST / MINUTE }),
        minutes: fc.integer({ min: 1, max: 4 * 24 * 60 }),
      }),
      { maxLength: 5 },
    ),
  })
  .filter((c) => Object.values(c.week).some((intervals) => (intervals ?? []).length > 0))
  .map(({ timeZone, week, holidays, absences }) => ({
    timeZone,
    week,
    holidays: holidays.map((d) => new Date(d * DAY).toISOString().slice(0, 10)),
    // Written in the calendar's own offset, as a person would.
    absences: absences.map(({ from, minutes }) => ({
      from: DateTime.fromMillis(from * MINUTE, { zone: timeZone }).toISO() ?? '',
      to: DateTime.fromMillis((from + minutes) * MINUTE, { zone: timeZone }).toISO() ?? '',
    })),
  }))

const changeDay = fc.constantFrom(...CHANGE_DAYS)
const instantMs = fc.oneof(
  fc.integer({ min: FIRST, max: LAST }),
  fc
    .tuple(changeDay, fc.integer({ min: -1.5 * DAY, max: 1.5 * DAY }))
    .map(([change, shift]) => change + shift),
  // Changes happen on quarter hours (UTC): hit them, and the milliseconds either side, exactly.
  fc
    .tuple(changeDay, fc.integer({ min: -144, max: 144 }), fc.constantFrom(-1, 0, 1))
    .map(([change, quarters, ms]) => change + quarters * 15 * MINUTE + ms),
)
const instant = instantMs.map((t) => new Date(t))
/** Whole minutes, so that sampling every minute sees every change of working state. */
const wholeMinute = instantMs.map((t) => new Date(Math.floor(t / MINUTE) * MINUTE))
/** Business minutes up to five business days, in whole milliseconds. */
const businessMinutes = fc.integer({ min: 0, max: FIVE_BUSINESS_DAYS }).map((ms) => ms / MINUTE)

/** Working time read straight off the definition, through luxon, as an independent check. */
function oracle(c: WorkingCalendar, t: number): boolean {
  const local = DateTime.fromMillis(t, { zone: c.timeZone })
  if (c.holidays.includes(local.toISODate() ?? '')) return false
  const minutes =
    local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / MINUTE
  const toMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3))
  const intervals = c.week[WEEKDAYS[local.weekday - 1] ?? 'mon'] ?? []
  if (!intervals.some(([s, e]) => toMinutes(s) <= minutes && minutes < toMinutes(e))) return false
  return !c.absences.some((a) => Date.parse(a.from) <= t && t < Date.parse(a.to))
}

const later = (at: Date, ms: number) => new Date(at.getTime() + ms)

describe('business clock properties', () => {
  it('agrees with the definition of working time at any instant', () => {
    fc.assert(
      fc.property(calendar, fc.array(instant, { minLength: 1, maxLength: 20 }), (c, ats) => {
        for (const at of ats) expect(isWorkingAt(c, at)).toBe(oracle(c, at.getTime()))
      }),
      { numRuns: 200 },
    )
  })

  it('counts exactly the working minutes of a range, minute by minute', () => {
    fc.assert(
      fc.property(calendar, wholeMinute, fc.integer({ min: 0, max: 2 * 24 * 60 }), (c, from, n) => {
        let working = 0
        for (let k = 0; k < n; k++) if (oracle(c, from.getTime() + k * MINUTE)) working++
        expect(businessMinutesBetween(c, from, later(from, n * MINUTE))).toBe(working)
      }),
      { numRuns: 25 },
    )
  })

  it('counts back exactly the business minutes added', () => {
    fc.assert(
      fc.property(calendar, instant, businessMinutes, (c, start, minutes) => {
        const end = addBusinessMinutes(c, start, minutes)
        expect(Math.abs(businessMinutesBetween(c, start, end) - minutes)).toBeLessThan(1e-6)
      }),
    )
  })

  it('rounds fractions of a millisecond up, ignoring float noise below a microsecond', () => {
    const fractional = fc.double({ min: 0, max: 2400, noNaN: true })
    fc.assert(
      fc.property(calendar, instant, fractional, (c, start, minutes) => {
        const counted = businessMinutesBetween(c, start, addBusinessMinutes(c, start, minutes))
        const overMs = (counted - minutes) * MINUTE
        expect(overMs).toBeGreaterThanOrEqual(-1e-3)
        expect(overMs).toBeLessThan(1)
      }),
    )
  })

  // With b = 0 the second step only moves a result at a closing end on to the next opening.
  it('adds in steps: add(add(s, a), b) = add(s, a + b) when b > 0', () => {
    fc.assert(
      fc.property(calendar, instant, businessMinutes, businessMinutes, (c, s, a, b) => {
        const stepped = addBusinessMinutes(c, addBusinessMinutes(c, s, a), b)
        if (b > 0) expect(stepped).toEqual(addBusinessMinutes(c, s, a + b))
        else expect(stepped).toEqual(nextWorkingInstant(c, addBusinessMinutes(c, s, a)))
      }),
    )
  })

  it('is monotonic in the minutes and never earlier than the start', () => {
    fc.assert(
      fc.property(calendar, instant, businessMinutes, businessMinutes, (c, s, m1, m2) => {
        const [low, high] = m1 <= m2 ? [m1, m2] : [m2, m1]
        const first = addBusinessMinutes(c, s, low)
        expect(first.getTime()).toBeGreaterThanOrEqual(s.getTime())
        expect(first.getTime()).toBeLessThanOrEqual(addBusinessMinutes(c, s, high).getTime())
      }),
    )
  })

  it('ends inside working time or at its closing end, and starts the clock at an opening', () => {
    fc.assert(
      fc.property(calendar, instant, businessMinutes, (c, s, minutes) => {
        const end = addBusinessMinutes(c, s, minutes)
        if (minutes > 0) expect(isWorkingAt(c, later(end, -1))).toBe(true)
        else {
          expect(end).toEqual(nextWorkingInstant(c, s))
          expect(isWorkingAt(c, end)).toBe(true)
        }
      }),
    )
  })

  it('finds the next working instant with no working time before it', () => {
    fc.assert(
      fc.property(calendar, instant, (c, at) => {
        const next = nextWorkingInstant(c, at)
        expect(isWorkingAt(c, next)).toBe(true)
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime())
        expect(businessMinutesBetween(c, at, next)).toBe(0)
        if (isWorkingAt(c, at)) expect(next).toEqual(at)
      }),
    )
  })

  it('counts nothing on holidays, inside absences, or on days without intervals', () => {
    fc.assert(
      fc.property(calendar, instant, (c, at) => {
        const localDay = (date: DateTime) => {
          const start = date.startOf('day')
          return businessMinutesBetween(c, start.toJSDate(), start.plus({ days: 1 }).toJSDate())
        }
        for (const holiday of c.holidays)
          expect(localDay(DateTime.fromISO(holiday, { zone: c.timeZone }))).toBe(0)
        for (const { from, to } of c.absences)
          expect(businessMinutesBetween(c, new Date(from), new Date(to))).toBe(0)
        const week = DateTime.fromJSDate(at, { zone: c.timeZone }).startOf('week')
        for (const [i, name] of WEEKDAYS.entries())
          if ((c.week[name] ?? []).length === 0) expect(localDay(week.plus({ days: i }))).toBe(0)
      }),
      { numRuns: 50 },
    )
  })

  it('splits a range anywhere: between(a, b) + between(b, d) = between(a, d)', () => {
    const gap = fc.integer({ min: 0, max: 7 * DAY })
    fc.assert(
      fc.property(calendar, instant, gap, gap, (c, a, x, y) => {
        const b = later(a, x)
        const d = later(b, y)
        const whole = businessMinutesBetween(c, a, d)
        const parts = businessMinutesBetween(c, a, b) + businessMinutesBetween(c, b, d)
        expect(Math.abs(parts - whole)).toBeLessThan(1e-9)
      }),
    )
  })
})
