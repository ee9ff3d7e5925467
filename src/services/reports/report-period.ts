import { AppError } from '../app-error.ts'

// The period every report covers, read the same way everywhere.

/** Reports cover the last 30 days unless told otherwise. */
export const DEFAULT_PERIOD_DAYS = 30

export interface ReportPeriod {
  /** Inclusive. */
  readonly from: Date
  /** Exclusive. */
  readonly to: Date
}

const DAY_MS = 86_400_000
const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i

/**
 * The period of a report from what a person typed, shared by every report: an ISO date is a UTC
 * day (`to=2026-03-31` includes 31 March), a date-time with its offset is taken as it is. Without
 * `to`, up to `now`; without `from`, 30 days before `to`.
 */
export function reportPeriod(input: { from?: string; to?: string }, now: Date): ReportPeriod {
  const to = input.to === undefined ? now : instant(input.to, 'to')
  const from =
    input.from === undefined
      ? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS)
      : instant(input.from, 'from')
  if (from.getTime() > to.getTime())
    throw new AppError(
      'validation_failed',
      `from=${input.from ?? from.toISOString()} is after to=${input.to ?? to.toISOString()}: a period runs from "from" up to "to", so swap them (or leave one out: to defaults to now, from to ${DEFAULT_PERIOD_DAYS} days before to).`,
      { problems: ['/from: after /to'] },
    )
  return { from, to }
}

function instant(text: string, name: 'from' | 'to'): Date {
  const trimmed = text.trim()
  const isDate = DATE.test(trimmed)
  const at =
    (isDate || DATE_TIME.test(trimmed)) && isCalendarDay(trimmed) ? new Date(trimmed) : undefined
  if (at === undefined || Number.isNaN(at.getTime()))
    throw new AppError(
      'validation_failed',
      `${name}=${text} is not a date: write a day such as 2026-03-01, or a time with its offset such as 2026-03-01T09:00:00Z.`,
      { problems: [`/${name}: not an ISO date or date-time`] },
    )
  // A day given as the end of a period includes that day.
  return isDate && name === 'to' ? new Date(at.getTime() + DAY_MS) : at
}

/** Whether the text's leading YYYY-MM-DD is a day of the calendar (JavaScript takes 02-30 as 03-02). */
function isCalendarDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return month >= 1 && month <= 12 && day >= 1 && day <= last
}
