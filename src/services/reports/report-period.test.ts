import { describe, expect, it } from 'vitest'
import { reportPeriod } from './report-period.ts'

const now = new Date('2026-03-15T12:00:00Z')

describe('reportPeriod', () => {
  it('takes a day as a whole UTC day, and defaults to the 30 days up to now', () => {
    expect(reportPeriod({ from: '2026-02-01', to: '2026-02-28' }, now)).toEqual({
      from: new Date('2026-02-01T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    })
    expect(reportPeriod({}, now)).toEqual({ from: new Date('2026-02-13T12:00:00Z'), to: now })
  })

  it('refuses days the calendar does not have, which JavaScript would roll over', () => {
    for (const day of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10'])
      expect(() => reportPeriod({ from: day }, now), day).toThrow(`from=${day} is not a date`)
    expect(() => reportPeriod({ to: '2026-02-30T09:00:00Z' }, now)).toThrow('is not a date')
    expect(reportPeriod({ from: '2024-02-29' }, now).from).toEqual(new Date('2024-02-29T00:00:00Z'))
  })
})
