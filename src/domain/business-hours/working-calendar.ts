import { DateTime, IANAZone } from 'luxon'

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** Local wall-clock "HH:MM" pairs, start < end, 24:00 allowed as an end. */
export type WorkingInterval = readonly [start: string, end: string]

/** When someone works: wall-clock hours in their time zone, minus holidays and absences. */
export interface WorkingCalendar {
  /** IANA, e.g. 'Europe/London'. */
  readonly timeZone: string
  /** A missing day is not a working day. */
  readonly week: Readonly<Partial<Record<Weekday, readonly WorkingInterval[]>>>
  /** Local dates 'YYYY-MM-DD' with no working time at all. */
  readonly holidays: readonly string[]
  /** Out-of-office periods, ISO instants with an offset; `to` is exclusive. */
  readonly absences: readonly { readonly from: string; readonly to: string }[]
}

export type CalendarProblem = { path: string; message: string }

const NINE_TO_FIVE: readonly WorkingInterval[] = [['09:00', '17:00']]

/** Monday to Friday, 09:00-17:00 in `timeZone`, with no holidays or absences. */
export function defaultWorkingCalendar(timeZone: string): WorkingCalendar {
  return {
    timeZone,
    week: {
      mon: NINE_TO_FIVE,
      tue: NINE_TO_FIVE,
      wed: NINE_TO_FIVE,
      thu: NINE_TO_FIVE,
      fri: NINE_TO_FIVE,
    },
    holidays: [],
    absences: [],
  }
}

/** Everything wrong with a calendar, each named by a JSON pointer and saying how to fix it. */
export function calendarProblems(value: WorkingCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const problem = (path: string, message: string) => problems.push({ path, message })

  if (typeof value.timeZone !== 'string' || !IANAZone.isValidZone(value.timeZone))
    problem(
      '/timeZone',
      `unknown time zone ${JSON.stringify(value.timeZone)}: use an IANA name such as Europe/London or America/New_York`,
    )

  let workingDays = 0
  const week = (value.week ?? {}) as Record<string, unknown>
  for (const [day, intervals] of Object.entries(week)) {
    const path = `/week/${day}`
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problem(path, `unknown day: use ${WEEKDAYS.join(', ')}`)
      continue
    }
    if (intervals === undefined) continue
    if (!Array.isArray(intervals)) {
      problem(
        path,
        "write the day's working hours as a list of intervals such as ['09:00', '17:00']",
      )
      continue
    }
    const valid: { start: number; end: number; index: number }[] = []
    intervals.forEach((interval: unknown, index) => {
      const at = `${path}/${index}`
      if (!Array.isArray(interval) || interval.length !== 2) {
        problem(at, "write an interval as a pair of times such as ['09:00', '17:00']")
        return
      }
      const [startText, endText] = interval as unknown[]
      const start = wallClockMinutes(startText)
      const end = wallClockMinutes(endText)
      if (start === undefined || start === 24 * 60)
        problem(`${at}/0`, 'write the start as HH:MM between 00:00 and 23:59, e.g. 09:00')
      if (end === undefined || end === 0)
        problem(`${at}/1`, 'write the end as HH:MM between 00:01 and 24:00, e.g. 17:00')
      if (start === undefined || end === undefined || start === 24 * 60 || end === 0) return
      if (start >= end)
        problem(
          at,
          `starts at ${startText} but ends at ${endText}: the end must be after the start (use 24:00 for midnight, and split a night shift at midnight)`,
        )
      else valid.push({ start, end, index })
    })
    valid.sort((a, b) => a.start - b.start)
    for (let i = 1; i < valid.length; i++) {
      const before = valid[i - 1]
      const after = valid[i]
      if (before !== undefined && after !== undefined && after.start < before.end)
        problem(
          `${path}/${after.index}`,
          `overlaps ${formatWallClock(before.start)}-${formatWallClock(before.end)}: merge them into one interval`,
        )
    }
    // Broken intervals are reported above; saying the week is empty as well would mislead.
    if (intervals.length > 0) workingDays++
  }
  if (workingDays === 0)
    problem(
      '/week',
      "the week has no working hours: give at least one day an interval such as ['09:00', '17:00']",
    )

  for (const [index, holiday] of (value.holidays ?? []).entries())
    if (localDateNumber(holiday) === undefined)
      problem(`/holidays/${index}`, 'write the holiday as a local date YYYY-MM-DD, e.g. 2026-12-25')

  for (const [index, absence] of (value.absences ?? []).entries()) {
    const path = `/absences/${index}`
    const from = instantMillis(absence?.from)
    const to = instantMillis(absence?.to)
    const form =
      'an ISO instant with an offset, e.g. 2026-08-03T09:00:00+01:00 or 2026-08-03T08:00:00Z'
    if (from === undefined) problem(`${path}/from`, `write the start as ${form}`)
    if (to === undefined) problem(`${path}/to`, `write the end as ${form}`)
    if (from !== undefined && to !== undefined && to <= from)
      problem(`${path}/to`, 'must be after from: an absence ends after it starts')
  }
  return problems
}

/** Minutes after local midnight of an "HH:MM" wall-clock time (00:00 to 24:00), if well formed. */
export function wallClockMinutes(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined
  const match = /^(\d{2}):(\d{2})$/.exec(text)
  if (match === null) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours === 24 && minutes === 0) return 24 * 60
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined
}

/** Days from 1970-01-01 to a real calendar date "YYYY-MM-DD", if well formed. */
export function localDateNumber(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  const date = new Date(ms)
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined
  return ms / 86_400_000
}

/** Milliseconds since the epoch of an ISO date-time with an explicit offset, if well formed. */
export function instantMillis(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined
  // Without an offset the instant would depend on the machine's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text)) return undefined
  const parsed = DateTime.fromISO(text, { setZone: true })
  return parsed.isValid ? parsed.toMillis() : undefined
}

function formatWallClock(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
}
