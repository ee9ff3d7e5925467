import type { WorkingHours } from '../../store/database.ts'
import { WEEKDAYS, type Weekday } from './working-calendar.ts'

const HOURS_FORM =
  'write days and hours such as "mon-fri 09:00-17:00"; several intervals in a day as ' +
  '"mon-fri 09:00-12:00 13:00-17:00"; different days separated by ";" as ' +
  `"mon-thu 08:00-16:00; fri 08:00-12:00". Days are ${WEEKDAYS.join(', ')}.`

/**
 * The working-hours shorthand of the CLI ("mon-fri 09:00-17:00; sat 10:00-14:00") as the
 * working_hours document. Times are checked later with the rest of the calendar.
 */
export function parseWorkingHours(
  text: string,
): { readonly ok: true; readonly hours: WorkingHours } | { readonly ok: false; message: string } {
  const hours: Partial<Record<Weekday, [string, string][]>> = {}
  const fail = (what: string) => ({ ok: false as const, message: `${what}: ${HOURS_FORM}` })
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (parts.length === 0) return fail('no days given')
  for (const part of parts) {
    const [daySpec = '', ...intervals] = part.split(/\s+/)
    if (intervals.length === 0) return fail(`"${part}" names no hours`)
    const days: Weekday[] = []
    for (const item of daySpec.toLowerCase().split(',')) {
      const [first = '', last, extra] = item.split('-')
      const from = WEEKDAYS.indexOf(first as Weekday)
      const to = last === undefined ? from : WEEKDAYS.indexOf(last as Weekday)
      if (extra !== undefined || from === -1 || to === -1)
        return fail(`"${item}" is not a day or a range of days`)
      // A range may wrap past Sunday: "sun-thu" is a Sunday-to-Thursday week.
      for (let i = from; ; i = (i + 1) % WEEKDAYS.length) {
        days.push(WEEKDAYS[i] as Weekday)
        if (i === to) break
      }
    }
    for (const interval of intervals) {
      const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(interval)
      if (match === null) return fail(`"${interval}" is not an interval such as 09:00-17:00`)
      const pair: [string, string] = [pad(match[1] ?? ''), pad(match[2] ?? '')]
      for (const day of days) hours[day] = [...(hours[day] ?? []), [...pair]]
    }
  }
  return { ok: true, hours }
}

const pad = (time: string) => time.padStart(5, '0')

/** A week in the shorthand, consecutive days with the same hours together. */
export function formatWorkingHours(hours: WorkingHours): string {
  const of = (day: Weekday) => (hours[day] ?? []).map(([a, b]) => `${a}-${b}`).join(' ')
  if (WEEKDAYS.every((day) => of(day) === '')) return 'mon-fri 09:00-17:00, the default'
  const parts: string[] = []
  let i = 0
  while (i < WEEKDAYS.length) {
    const first = WEEKDAYS[i] as Weekday
    let j = i
    while (j + 1 < WEEKDAYS.length && of(WEEKDAYS[j + 1] as Weekday) === of(first)) j++
    if (of(first) !== '') parts.push(`${first}${j > i ? `-${WEEKDAYS[j]}` : ''} ${of(first)}`)
    i = j + 1
  }
  return parts.join('; ')
}
