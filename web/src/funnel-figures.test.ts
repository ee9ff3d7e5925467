import { describe, expect, it } from 'vitest'
import {
  doubleFunnelChart,
  filtersFrom,
  groupLabel,
  groupsOf,
  hasAnyone,
  lineLabel,
  linesOf,
  periodDays,
  periodOf,
  periodText,
  reportQuery,
  rowsQuery,
} from './funnel-figures.ts'
import type { DoubleFunnel, FunnelStep } from './types.ts'

const step = (stage: string, reached: number, conversion: number | null = null): FunnelStep => ({
  stage,
  reached,
  conversion,
  medianDays: reached > 0 ? 1.25 : null,
  p90Days: reached > 0 ? 4 : null,
})

// Two groups (paid search, and people without a source), each on the seven aligned lines.
const linesFor = (key: string | null, n: number) => [
  { key, lead: step('inquiry', 4 * n), account: null },
  { key, lead: step('lead', 3 * n, 0.75), account: null },
  { key, lead: step('mql', 2 * n, 0.5), account: step('target', n) },
  { key, lead: step('sal', n, 0.25), account: step('engaged', n, 1) },
  { key, lead: step('sql', n, 0.25), account: step('qualified', 0, 0) },
  { key, lead: step('opportunity', 0, 0), account: step('opportunity', 0, 0) },
  { key, lead: step('won', 0, 0), account: step('customer', 0, 0) },
]
const report = (cut: string, lines: DoubleFunnel['lines']): DoubleFunnel => ({
  method: 'cohort',
  from: '2026-02-01T00:00:00.000Z',
  to: '2026-03-03T10:00:00.000Z',
  cut,
  meetsAt: { lead: 'sql', account: 'qualified' },
  lead: {} as DoubleFunnel['lead'],
  account: {} as DoubleFunnel['account'],
  lines,
})
const bySource = report('source', [...linesFor('paid_search', 2), ...linesFor(null, 1)])

describe('filtersFrom', () => {
  it('reads the filters from the address, with defaults for what is missing or unknown', () => {
    expect(filtersFrom(new URLSearchParams(''))).toEqual({
      period: '30d',
      from: undefined,
      to: undefined,
      method: 'cohort',
      cut: 'none',
      group: undefined,
    })
    expect(
      filtersFrom(new URLSearchParams('period=90d&method=period&cut=shoe_size&group=x')),
    ).toMatchObject({ period: '90d', method: 'period', cut: 'none', group: undefined })
    expect(
      filtersFrom(new URLSearchParams('period=90d&from=2026-01-01&cut=team&group=EMEA')),
    ).toMatchObject({ period: 'custom', from: '2026-01-01', cut: 'team', group: 'EMEA' })
  })
})

describe('periodOf', () => {
  const now = Date.parse('2026-05-20T15:30:00Z')
  it("leaves the last 30 days to the API's default and starts the others on a UTC day", () => {
    expect(periodOf({ period: '30d', from: undefined, to: undefined }, now)).toEqual({})
    expect(periodOf({ period: '90d', from: undefined, to: undefined }, now)).toEqual({
      from: '2026-02-19',
    })
    expect(periodOf({ period: 'quarter', from: undefined, to: undefined }, now)).toEqual({
      from: '2026-04-01',
    })
    expect(periodOf({ period: '365d', from: undefined, to: undefined }, now)).toEqual({
      from: '2025-05-20',
    })
  })
  it('passes custom dates on as they are', () => {
    expect(periodOf({ period: 'custom', from: '2026-01-01', to: '2026-01-31' }, now)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    })
    expect(periodOf({ period: 'custom', from: '2026-01-01', to: undefined }, now)).toEqual({
      from: '2026-01-01',
    })
  })
})

describe('reportQuery and rowsQuery', () => {
  const now = Date.parse('2026-05-20T15:30:00Z')
  it('ask for the report under the filters', () => {
    const filters = filtersFrom(new URLSearchParams('period=90d&method=period&cut=source'))
    expect(reportQuery(filters, now)).toBe('from=2026-02-19&method=period&cut=source')
  })
  it("ask for the rows behind one step of one group over the report's own period", () => {
    const query = new URLSearchParams(
      rowsQuery(bySource, { side: 'lead', stage: 'sal', key: 'paid_search' }),
    )
    expect(Object.fromEntries(query)).toEqual({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-03T10:00:00.000Z',
      method: 'cohort',
      cut: 'source',
      funnel: 'lead',
      stage: 'sal',
      key: 'paid_search',
    })
    const none = rowsQuery(bySource, { side: 'account', stage: 'target', key: null })
    expect(new URLSearchParams(none).get('key')).toBe('(none)')
  })
  it('asks for every row when the report is not cut', () => {
    const all = rowsQuery(report('none', []), { side: 'lead', stage: 'mql', key: null })
    expect(new URLSearchParams(all).has('key')).toBe(false)
  })
})

describe('groups and lines', () => {
  it('name the group without a value after the cut', () => {
    expect(groupLabel('paid_search', 'source')).toBe('paid_search')
    expect(groupLabel(null, 'source')).toBe('No source')
    expect(groupLabel(null, 'segment')).toBe('No segment (icp tier)')
  })
  it("give one group's aligned lines, marking where the funnels meet", () => {
    const lines = linesOf(bySource, '(none)')
    expect(lines.map(lineLabel)).toEqual([
      'Inquiry',
      'Lead',
      'MQL · Target',
      'SAL · Engaged',
      'SQL · Qualified',
      'Opportunity',
      'Won · Customer',
    ])
    expect(lines.map((l) => l.lead?.reached)).toEqual([4, 3, 2, 1, 1, 0, 0])
    expect(lines.filter((l) => l.meets).map((l) => l.lead?.stage)).toEqual(['sql'])
    expect(linesOf(bySource, 'paid_search')[0]?.lead?.reached).toBe(8)
    expect(linesOf(bySource, undefined)[0]?.lead?.reached).toBe(8)
  })
  it('give the counts per group, each funnel apart', () => {
    const groups = groupsOf(bySource)
    expect(groups.map((g) => g.key)).toEqual(['paid_search', null])
    expect(groups[0]?.lead.map((s) => s.reached)).toEqual([8, 6, 4, 2, 2, 0, 0])
    expect(groups[1]?.account.map((s) => s.stage)).toEqual([
      'target',
      'engaged',
      'qualified',
      'opportunity',
      'customer',
    ])
  })
  it('tell an empty period', () => {
    expect(hasAnyone(bySource)).toBe(true)
    expect(hasAnyone(report('none', linesFor(null, 0)))).toBe(false)
    expect(hasAnyone(report('none', []))).toBe(false)
  })
})

describe('doubleFunnelChart', () => {
  it('draws people to the left and accounts to the right, one bar each per line', () => {
    const option = doubleFunnelChart(linesOf(bySource, 'paid_search')) as {
      yAxis: { data: string[] }
      xAxis: { min: number; max: number }
      series: { data: (number | null)[] }[]
    }
    expect(option.yAxis.data[2]).toBe('MQL · Target')
    expect(option.series[0]?.data).toEqual([-8, -6, -4, -2, -2, -0, -0])
    expect(option.series[1]?.data).toEqual([null, null, 2, 2, 0, 0, 0])
    // One scale either side of the middle, with room for the longest bar's number.
    expect(option.xAxis).toMatchObject({ min: -10, max: 10 })
  })
})

describe('periodText', () => {
  it("names the period's first and last day, its end being exclusive", () => {
    expect(periodText('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBe(
      '1 Jan 2026 – 31 Jan 2026',
    )
    expect(periodText('2026-02-01T10:00:00.000Z', '2026-03-03T10:00:00.000Z')).toBe(
      '1 Feb 2026 – 3 Mar 2026',
    )
  })
})

describe('periodDays', () => {
  it('gives the days to type for a period, the last one included', () => {
    expect(periodDays('2026-02-01T10:02:00.000Z', '2026-03-03T10:02:00.000Z')).toEqual({
      from: '2026-02-01',
      to: '2026-03-03',
    })
    expect(periodDays('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    })
  })
})
