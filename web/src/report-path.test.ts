import { describe, expect, it } from 'vitest'
import { oneOf, periodOf, reportPath } from './report-path.ts'

describe('report addresses', () => {
  it('leaves empty filters out and encodes the others', () => {
    expect(reportPath('/v1/reports/sla', {})).toBe('/v1/reports/sla')
    expect(
      reportPath('/v1/reports/attribution/rows', {
        from: '2026-03-01',
        to: '',
        key: 'Spring Webinar & co',
        limit: 100,
        group: null,
        model: undefined,
      }),
    ).toBe('/v1/reports/attribution/rows?from=2026-03-01&key=Spring+Webinar+%26+co&limit=100')
  })

  it('reads the period from the query string', () => {
    expect(periodOf(new URLSearchParams('from=2026-03-01&by=campaign'))).toEqual({
      from: '2026-03-01',
    })
    expect(periodOf(new URLSearchParams(''))).toEqual({})
  })

  it('keeps a filter to the values the API knows', () => {
    expect(oneOf('channel', ['campaign', 'channel'])).toBe('channel')
    expect(oneOf('nonsense', ['campaign', 'channel'])).toBe('campaign')
    expect(oneOf(null, ['campaign', 'channel'])).toBe('campaign')
  })
})
