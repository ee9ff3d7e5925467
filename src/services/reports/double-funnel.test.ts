import { describe, expect, it } from 'vitest'
import { sideBySide } from './double-funnel.ts'
import { FUNNEL_STEPS, type FunnelGroup } from './funnel-report.ts'

const group = (key: string | null, funnel: 'lead' | 'account', reached: number): FunnelGroup => ({
  key,
  steps: FUNNEL_STEPS[funnel].map((stage) => ({
    stage,
    reached,
    conversion: null,
    medianDays: null,
    p90Days: null,
  })),
})

describe('the double funnel side by side', () => {
  it('aligns SQL with qualified, and the lead funnel’s first steps stand alone', () => {
    const lines = sideBySide(
      { groups: [group(null, 'lead', 1)] },
      { groups: [group(null, 'account', 2)] },
    )
    expect(lines.map((l) => [l.lead?.stage ?? null, l.account?.stage ?? null])).toEqual([
      ['inquiry', null],
      ['lead', null],
      ['mql', 'target'],
      ['sal', 'engaged'],
      ['sql', 'qualified'],
      ['opportunity', 'opportunity'],
      ['won', 'customer'],
    ])
    expect(lines.every((l) => l.key === null)).toBe(true)
    expect(lines[4]?.account?.reached).toBe(2)
  })

  it('gives every key either funnel has, with no key last, and zeros where a funnel lacks it', () => {
    const lines = sideBySide(
      { groups: [group('webinar', 'lead', 3), group(null, 'lead', 1)] },
      { groups: [group('events', 'account', 5)] },
    )
    expect([...new Set(lines.map((l) => l.key))]).toEqual(['events', 'webinar', null])
    const events = lines.filter((l) => l.key === 'events')
    expect(events.map((l) => l.lead?.reached)).toEqual([0, 0, 0, 0, 0, 0, 0])
    expect(events.filter((l) => l.account !== null).map((l) => l.account?.reached)).toEqual([
      5, 5, 5, 5, 5,
    ])
    const webinar = lines.filter((l) => l.key === 'webinar' && l.account !== null)
    expect(webinar.every((l) => l.account?.reached === 0 && l.account.conversion === null)).toBe(
      true,
    )
  })
})
