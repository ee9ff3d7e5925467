// When a rep's digest is due: from 08:00 in their own time zone, on a working day (Monday to
// Friday), once per local day for a daily digest and once per week (Monday, or the first
// weekday after it when the server was down) for a weekly one.

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number]

export const DIGEST_HOUR = 8

interface LocalDay {
  /** Days since 1970-01-01 of the local calendar date. */
  readonly day: number
  /** 0 Monday … 6 Sunday. */
  readonly weekday: number
  readonly hour: number
}

function localDay(at: Date, timeZone: string): LocalDay {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  const day = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / 86_400_000
  // 1970-01-01 was a Thursday (weekday 3 counting from Monday).
  return { day, weekday: (((day + 3) % 7) + 7) % 7, hour: Number(parts.hour) }
}

export interface DigestRecipient {
  readonly frequency: DigestFrequency
  readonly timeZone: string
  /** When their last digest was queued, if ever. */
  readonly lastSentAt: Date | null
}

/** Whether the rep's digest is due at `now`. */
export function digestDue(recipient: DigestRecipient, now: Date): boolean {
  if (recipient.frequency === 'off') return false
  const today = localDay(now, recipient.timeZone)
  if (today.hour < DIGEST_HOUR || today.weekday > 4) return false
  if (recipient.lastSentAt === null) return true
  const last = localDay(recipient.lastSentAt, recipient.timeZone)
  if (recipient.frequency === 'daily') return last.day < today.day
  const weekStart = today.day - today.weekday
  return last.day < weekStart
}
