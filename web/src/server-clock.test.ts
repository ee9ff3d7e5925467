import { describe, expect, it } from 'vitest'
import { deadlineText, formatDuration, serverTime } from './server-clock.ts'

describe('serverTime', () => {
  it("counts on from the server's time by what the page's clock says has passed", () => {
    const server = '2026-03-03T10:00:00.000Z'
    expect(serverTime(server, 5_000, 8_000)).toBe(Date.parse(server) + 3_000)
  })
})

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(45_000)).toBe('45s')
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12m 05s')
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000 + 59_000)).toBe('3h 05m')
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 3h')
  })
})

describe('deadlineText', () => {
  const now = Date.parse('2026-03-03T10:00:00Z')
  it('says how long is left before the deadline, and how long ago it passed after', () => {
    expect(deadlineText('2026-03-03T12:30:00Z', now)).toEqual({
      overdue: false,
      text: '2h 30m left',
    })
    expect(deadlineText('2026-03-03T09:59:00Z', now)).toEqual({
      overdue: true,
      text: 'overdue by 1m 00s',
    })
    expect(deadlineText('2026-03-03T10:00:00Z', now).overdue).toBe(true)
  })
})
