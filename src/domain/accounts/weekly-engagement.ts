import type { FunctionName } from '../../store/database.ts'

// An account's engagement over time, as the people who work it read it: how many activities each
// function (marketing, SDRs, sales, customer success) had with it in each of the last weeks.
// Weeks are the seven days ending now, then the seven before, and so on, so this week is whole.

export const ENGAGEMENT_WEEKS = 12
const WEEK_MS = 7 * 86_400_000

export interface WeekOfEngagement {
  /** When the week began; it ends seven days later. */
  readonly weekStart: Date
  readonly marketing: number
  readonly sdr: number
  readonly sales: number
  readonly cs: number
}

/** Activity counts by function and by how many whole weeks before `now` they happened. */
export interface ActivityCount {
  readonly function: FunctionName
  readonly weeksAgo: number
  readonly activities: number
}

/** The earliest moment the weeks cover. */
export function engagementWindowStart(now: Date, weeks = ENGAGEMENT_WEEKS): Date {
  return new Date(now.getTime() - weeks * WEEK_MS)
}

/** Every week of the window, oldest first, with zero for a function that did nothing in it. */
export function weeklyEngagement(
  counts: readonly ActivityCount[],
  now: Date,
  weeks = ENGAGEMENT_WEEKS,
): WeekOfEngagement[] {
  return Array.from({ length: weeks }, (_, index) => {
    const weeksAgo = weeks - 1 - index
    const of = (fn: FunctionName) =>
      counts
        .filter((c) => c.weeksAgo === weeksAgo && c.function === fn)
        .reduce((sum, c) => sum + c.activities, 0)
    return {
      weekStart: new Date(now.getTime() - (weeksAgo + 1) * WEEK_MS),
      marketing: of('marketing'),
      sdr: of('sdr'),
      sales: of('sales'),
      cs: of('cs'),
    }
  })
}
