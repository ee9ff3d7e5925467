import { describe, expect, it } from 'vitest'
import { digestDue } from './digest-schedule.ts'

// 2026-03-02 is a Monday.
const london = (frequency: 'daily' | 'weekly' | 'off', lastSentAt: string | null) => ({
  frequency,
  timeZone: 'Europe/London',
  lastSentAt: lastSentAt === null ? null : new Date(lastSentAt),
})

describe('digestDue', () => {
  it('sends a daily digest from 08:00 local time, once a working day', () => {
    expect(digestDue(london('daily', null), new Date('2026-03-02T07:59:00Z'))).toBe(false)
    expect(digestDue(london('daily', null), new Date('2026-03-02T08:00:00Z'))).toBe(true)
    const sent = '2026-03-02T08:01:00Z'
    expect(digestDue(london('daily', sent), new Date('2026-03-02T17:00:00Z'))).toBe(false)
    expect(digestDue(london('daily', sent), new Date('2026-03-03T08:00:00Z'))).toBe(true)
  })

  it('keeps to the rep’s own time zone', () => {
    const newYork = { frequency: 'daily' as const, timeZone: 'America/New_York', lastSentAt: null }
    // 12:00 UTC is 07:00 in New York.
    expect(digestDue(newYork, new Date('2026-03-02T12:00:00Z'))).toBe(false)
    expect(digestDue(newYork, new Date('2026-03-02T13:00:00Z'))).toBe(true)
  })

  it('sends nothing at the weekend', () => {
    expect(digestDue(london('daily', null), new Date('2026-03-07T10:00:00Z'))).toBe(false)
    expect(digestDue(london('weekly', null), new Date('2026-03-08T10:00:00Z'))).toBe(false)
  })

  it('sends a weekly digest once a week, on the first weekday it can', () => {
    const lastWeek = '2026-02-23T08:00:00Z'
    expect(digestDue(london('weekly', lastWeek), new Date('2026-03-02T09:00:00Z'))).toBe(true)
    expect(digestDue(london('weekly', lastWeek), new Date('2026-03-04T09:00:00Z'))).toBe(true)
    const monday = '2026-03-02T09:00:00Z'
    expect(digestDue(london('weekly', monday), new Date('2026-03-06T09:00:00Z'))).toBe(false)
  })

  it('never sends when turned off', () => {
    expect(digestDue(london('off', null), new Date('2026-03-02T10:00:00Z'))).toBe(false)
  })
})
