import { describe, expect, it } from 'vitest'
import { engagementWindowStart, weeklyEngagement } from './weekly-engagement.ts'

const now = new Date('2026-03-03T10:00:00Z')

describe('weekly engagement', () => {
  it('lays the counts out oldest week first, each function in its own column', () => {
    const weeks = weeklyEngagement(
      [
        { function: 'marketing', weeksAgo: 0, activities: 5 },
        { function: 'sales', weeksAgo: 0, activities: 2 },
        { function: 'sdr', weeksAgo: 3, activities: 1 },
        { function: 'marketing', weeksAgo: 0, activities: 1 },
      ],
      now,
      4,
    )
    expect(weeks.map((w) => w.weekStart.toISOString())).toEqual([
      '2026-02-03T10:00:00.000Z',
      '2026-02-10T10:00:00.000Z',
      '2026-02-17T10:00:00.000Z',
      '2026-02-24T10:00:00.000Z',
    ])
    expect(weeks[0]).toMatchObject({ marketing: 0, sdr: 1, sales: 0, cs: 0 })
    expect(weeks[3]).toMatchObject({ marketing: 6, sdr: 0, sales: 2, cs: 0 })
  })

  it('covers twelve weeks by default, starting where the window does', () => {
    const weeks = weeklyEngagement([], now)
    expect(weeks).toHaveLength(12)
    expect(weeks[0]?.weekStart).toEqual(engagementWindowStart(now))
    expect(weeks.every((w) => w.marketing + w.sdr + w.sales + w.cs === 0)).toBe(true)
  })

  it('leaves out counts from outside the window', () => {
    const weeks = weeklyEngagement([{ function: 'cs', weeksAgo: 12, activities: 9 }], now)
    expect(weeks.reduce((sum, w) => sum + w.cs, 0)).toBe(0)
  })
})
