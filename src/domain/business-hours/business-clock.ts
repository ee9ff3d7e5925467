// Working time is defined instant by instant: `t` is working when its wall-clock time in the
// calendar's zone falls inside one of the intervals of its local weekday, its local date is not a
// holiday, and no absence covers it. Everything else follows from that definition, including
// daylight saving: an interval crossing a skipped hour is an hour shorter, one crossing a repeated
// hour an hour longer, and a 09:00-17:00 day on a change day (changes happen at night) stays 8h.

import { IANAZone } from 'luxon'
import {
  calendarProblems,
  instantMillis,
  localDateNumber,
  WEEKDAYS,
  type WorkingCalendar,
  wallClockMinutes,
} from './working-calendar.ts'

const MINUTE = 60_000
const DAY = 86_400_000
/** How far add and next look past the last working time before deciding there is none. */
const HORIZON = 3 * 366 * DAY
/** Float noise in minutes * 60 000 (e.g. 0.1 minutes) must not round a target up a whole ms. */
const ROUNDING_SLACK = 1e-3

/** Is `at` inside the calendar's working time? */
export function isWorkingAt(calendar: WorkingCalendar, at: Date): boolean {
  const c = compiled(calendar)
  const t = millis(at, 'at')
  const wall = t + c.zone.offset(t) * MINUTE
  const day = Math.floor(wall / DAY)
  if (c.holidays.has(day)) return false
  const sinceMidnight = wall - day * DAY
  if (!weekOf(c, day).some(([start, end]) => start <= sinceMidnight && sinceMidnight < end))
    return false
  return !c.absences.some(([from, to]) => from <= t && t < to)
}

/**
 * The instant `minutes` business minutes after `start` (start itself may be outside working
 * time: counting starts at the next opening). minutes = 0 returns the next working instant at or
 * after start.
 *
 * For minutes > 0 the result is the first instant by which that much working time has passed, so
 * it may be the very end of an interval (Friday 17:00, not Monday 09:00). Fractions of a
 * millisecond are rounded up, so the deadline is never early.
 */
export function addBusinessMinutes(calendar: WorkingCalendar, start: Date, minutes: number): Date {
  const c = compiled(calendar)
  const from = millis(start, 'start')
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error(`business minutes must be a finite number of zero or more, not ${minutes}`)
  return new Date(afterWorking(c, from, Math.max(0, Math.ceil(minutes * MINUTE - ROUNDING_SLACK))))
}

/** Business minutes (may be fractional) between two instants; 0 if to <= from. */
export function businessMinutesBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const c = compiled(calendar)
  const start = millis(from, 'from')
  const end = millis(to, 'to')
  let total = 0
  for (const [open, close] of workingPieces(c, start, end)) total += close - open
  return total / MINUTE
}

/** The first working instant at or after `at`: where "the clock starts when they next work". */
export function nextWorkingInstant(calendar: WorkingCalendar, at: Date): Date {
  return new Date(afterWorking(compiled(calendar), millis(at, 'at'), 0))
}

/** The first instant by which `ms` of working time has passed since `from`. */
function afterWorking(c: CompiledCalendar, from: number, ms: number): number {
  let left = ms
  for (const [open, close] of workingPieces(c, from, Number.POSITIVE_INFINITY)) {
    if (left <= close - open) return open + left
    left -= close - open
  }
  throw new Error('unreachable: working pieces end only at the horizon, by throwing')
}

interface CompiledCalendar {
  readonly name: string
  readonly zone: IANAZone
  /** Per weekday, Monday first: sorted [start, end) in ms after local midnight. */
  readonly week: readonly (readonly (readonly [number, number])[])[]
  /** Local dates as days since 1970-01-01. */
  readonly holidays: ReadonlySet<number>
  /** Sorted, merged [from, to) in epoch ms. */
  readonly absences: readonly (readonly [number, number])[]
}

// Calendars are immutable values, so the checked form can be kept per object: the clock is called
// in loops (SLA sweeps) and checking the time zone each time costs more than the arithmetic.
const cache = new WeakMap<WorkingCalendar, CompiledCalendar>()

function compiled(calendar: WorkingCalendar): CompiledCalendar {
  const known = cache.get(calendar)
  if (known !== undefined) return known
  const problems = calendarProblems(calendar)
  if (problems.length > 0)
    throw new Error(
      `invalid working calendar: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    )
  // Every text below was checked by calendarProblems, so the `?? 0` never applies.
  const week = WEEKDAYS.map((day) =>
    (calendar.week[day] ?? [])
      .map(
        ([start, end]) =>
          [(wallClockMinutes(start) ?? 0) * MINUTE, (wallClockMinutes(end) ?? 0) * MINUTE] as const,
      )
      .sort((a, b) => a[0] - b[0]),
  )
  const absences: [number, number][] = []
  const spans = calendar.absences
    .map((a) => [instantMillis(a.from) ?? 0, instantMillis(a.to) ?? 0] as const)
    .sort((a, b) => a[0] - b[0])
  for (const [from, to] of spans) {
    const last = absences.at(-1)
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to)
    else absences.push([from, to])
  }
  const result: CompiledCalendar = {
    name: calendar.timeZone,
    zone: IANAZone.create(calendar.timeZone),
    week,
    holidays: new Set(calendar.holidays.map((h) => localDateNumber(h) ?? 0)),
    absences,
  }
  cache.set(calendar, result)
  return result
}

function millis(date: Date, name: string): number {
  const t = date instanceof Date ? date.getTime() : Number.NaN
  if (Number.isNaN(t)) throw new Error(`${name} must be a valid Date`)
  return t
}

function weekOf(c: CompiledCalendar, day: number) {
  // 1970-01-01, day 0, was a Thursday (index 3 with Monday first).
  return c.week[(((day + 3) % 7) + 7) % 7] ?? []
}

/**
 * The working time from `from` until `until`, as ascending, disjoint, non-empty [open, close)
 * pieces. Pieces that touch are not merged: callers only sum or count through them. With an
 * unbounded `until`, throws once a whole horizon passes with no working time.
 */
function* workingPieces(
  c: CompiledCalendar,
  from: number,
  until: number,
): Generator<readonly [number, number]> {
  const offset = (t: number) => c.zone.offset(t) * MINUTE
  let lastWork = from
  let absence = 0
  let chunk = from
  let chunkOffset = offset(chunk)
  // Walk a UTC day at a time; a day holds at most one offset change in any real zone.
  while (chunk < until) {
    if (until === Number.POSITIVE_INFINITY && chunk - lastWork > HORIZON)
      throw new Error(
        `no working time in the 3 years after ${new Date(lastWork).toISOString()} in a calendar for ${c.name}: check its week, holidays and absences`,
      )
    const next = chunk + DAY
    const nextOffset = offset(next)
    const segments: [number, number, number][] = []
    if (nextOffset === chunkOffset) segments.push([chunk, next, chunkOffset])
    else {
      const change = offsetChange(offset, chunk, next, chunkOffset)
      segments.push([chunk, change, chunkOffset], [change, next, offset(change)])
    }
    for (const [segmentStart, segmentEnd, o] of segments) {
      const end = Math.min(segmentEnd, until)
      for (let day = Math.floor((segmentStart + o) / DAY); day * DAY - o < end; day++) {
        if (c.holidays.has(day)) continue
        for (const [start, stop] of weekOf(c, day)) {
          let open = Math.max(segmentStart, day * DAY + start - o)
          const close = Math.min(end, day * DAY + stop - o)
          if (open >= close) continue
          while ((c.absences[absence]?.[1] ?? Number.POSITIVE_INFINITY) <= open) absence++
          for (let a = absence; open < close; a++) {
            const [away, back] = c.absences[a] ?? [Number.POSITIVE_INFINITY, 0]
            if (away >= close) {
              yield [open, close]
              lastWork = close
              break
            }
            if (away > open) {
              yield [open, away]
              lastWork = away
            }
            open = Math.max(open, back)
          }
        }
      }
    }
    chunk = next
    chunkOffset = nextOffset
  }
}

/** The first ms in (low, high] whose offset is not `before`, by bisection. */
function offsetChange(
  offset: (t: number) => number,
  low: number,
  high: number,
  before: number,
): number {
  let lo = low
  let hi = high
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offset(mid) === before) lo = mid
    else hi = mid
  }
  return hi
}
