import { DateTime } from 'luxon'
import {
  calendarProblems,
  defaultWorkingCalendar,
  type WorkingCalendar,
} from '../../domain/business-hours/working-calendar.ts'
import type { WorkingHours } from '../../store/database.ts'

export interface CalendarUser {
  readonly time_zone: string
  readonly working_hours: WorkingHours
  readonly out_of_office: readonly { readonly from: string; readonly to: string }[]
}

/**
 * A user's working time: their hours in their time zone (Monday to Friday, 9 to 5 when none are
 * set or they cannot be read), the company's holidays, and their out-of-office periods.
 */
export function calendarOf(user: CalendarUser, holidays: readonly string[]): WorkingCalendar {
  const base = defaultWorkingCalendar(user.time_zone)
  const hasHours = Object.values(user.working_hours).some((day) => (day?.length ?? 0) > 0)
  const calendar: WorkingCalendar = {
    timeZone: user.time_zone,
    week: hasHours ? user.working_hours : base.week,
    holidays,
    absences: absencesOf(user),
  }
  if (calendarProblems(calendar).length === 0) return calendar
  const fallback = { ...calendar, week: base.week }
  return calendarProblems(fallback).length === 0 ? fallback : defaultWorkingCalendar('UTC')
}

/** Whether an out-of-office period covers this instant. */
export function isOutOfOffice(user: CalendarUser, at: Date): boolean {
  const t = at.getTime()
  return absencesOf(user).some((a) => Date.parse(a.from) <= t && t < Date.parse(a.to))
}

/**
 * Out-of-office periods as instants. A period given as dates ("2026-12-21" to "2026-12-24")
 * covers those whole days in the user's time zone.
 */
function absencesOf(user: CalendarUser): { from: string; to: string }[] {
  const instant = (text: string, endOfDay: boolean): string | null => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const day = DateTime.fromISO(text, { zone: user.time_zone })
      if (!day.isValid) return null
      return (endOfDay ? day.plus({ days: 1 }) : day).toUTC().toISO()
    }
    return Number.isNaN(Date.parse(text)) ? null : new Date(text).toISOString()
  }
  const periods: { from: string; to: string }[] = []
  for (const a of user.out_of_office) {
    const from = instant(a.from, false)
    const to = instant(a.to, true)
    if (from !== null && to !== null && from < to) periods.push({ from, to })
  }
  return periods
}
