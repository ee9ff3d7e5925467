import { describe, expect, it } from 'vitest'
import { ACCOUNT_STAGES } from '../../src/domain/lifecycle/account-funnel.ts'
import { roleMay } from '../../src/domain/role-permissions.ts'
import {
  ACCOUNT_STAGE_LABELS,
  accountsPath,
  engagementFigures,
  momentumText,
  PLANNER_ROLES,
  pointsText,
  stageLabel,
  words,
} from './account-format.ts'

const week = (weekStart: string, marketing: number, sales = 0) => ({
  weekStart,
  marketing,
  sdr: 0,
  sales,
  cs: 0,
})

describe('account formatting', () => {
  it('names every account stage the API knows', () => {
    expect(Object.keys(ACCOUNT_STAGE_LABELS)).toEqual([...ACCOUNT_STAGES])
    expect(stageLabel('opportunity')).toBe('Opportunity')
    expect(stageLabel(null)).toBe('Not in the funnel')
  })

  it('offers plans to exactly the roles the server lets plan', () => {
    const roles = ['admin', 'marketing', 'sales', 'sdr', 'ae', 'cs'] as const
    expect(roles.filter((r) => roleMay(r, 'plan-account'))).toEqual([...PLANNER_ROLES])
  })

  it('says roles, momentum and points as people read them', () => {
    expect(words('economic_buyer')).toBe('economic buyer')
    expect(words('mql')).toBe('MQL')
    expect(words('served-market')).toBe('served market')
    expect(momentumText(2.44)).toBe('×2.4')
    expect(momentumText(null)).toBe('—')
    expect(pointsText(30, true)).toBe('+30')
    expect(pointsText(-2.54, true)).toBe('-2.5')
    expect(pointsText(12.25)).toBe('12.3')
  })

  it('asks the API for the filters in the query string, leaving out unknown ones', () => {
    const filters = new URLSearchParams({ q: ' fabrikam ', tier: '1', stage: 'engaged' })
    expect(accountsPath(filters)).toBe('/v1/accounts?limit=50&q=fabrikam&tier=1&stage=engaged')
    expect(accountsPath(new URLSearchParams({ tier: '7', stage: 'lost', q: '' }), 'abc')).toBe(
      '/v1/accounts?limit=50&after=abc',
    )
  })

  it('stacks the weeks by function and gives the table the same figures', () => {
    const figures = engagementFigures([
      week('2026-02-24T10:00:00.000Z', 3, 1),
      week('2026-03-03T10:00:00.000Z', 0),
    ])
    expect(figures.rows).toEqual([
      { week: '24 Feb', counts: [3, 0, 1, 0] },
      { week: '3 Mar', counts: [0, 0, 0, 0] },
    ])
    expect(figures.functions).toEqual(['Marketing', 'SDR', 'Sales', 'Customer success'])
    expect(figures.total).toBe(4)
    const series = (figures.option as { series: { name: string; data: number[] }[] }).series
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['Marketing', [3, 0]],
      ['SDR', [0, 0]],
      ['Sales', [1, 0]],
      ['Customer success', [0, 0]],
    ])
  })
})
