import { describe, expect, it } from 'vitest'
import { mqlOutcomesOption, slaSharesOption } from './sla-charts.ts'
import type { SlaMarketingFigures, SlaSalesFigures } from './types.ts'

const marketing: SlaMarketingFigures = {
  mqlDelivered: 6,
  mqlTarget: 10,
  targetAttainment: 0.6,
  accepted: 2,
  rejected: 1,
  recycled: 1,
  disqualified: 1,
  pending: 1,
  acceptedShare: 2 / 6,
  rejectedShare: 1 / 6,
  recycledShare: 1 / 6,
  disqualifiedShare: 1 / 6,
  pendingShare: 1 / 6,
}

const group = (label: string, answered: number | null, touched: number | null) =>
  ({
    label,
    answeredWithinSlaShare: answered,
    firstTouchedWithinSlaShare: touched,
  }) as SlaSalesFigures

type Series = { name: string; data: (number | null)[]; markLine?: { data: { xAxis: number }[] } }

describe('the SLA charts', () => {
  it('stacks what became of the MQLs, with the target as a line', () => {
    const option = mqlOutcomesOption(marketing) as {
      series: Series[]
      xAxis: { max: (e: { max: number }) => number }
    }
    expect(option.series.map((s) => s.data[0])).toEqual([2, 1, 1, 1, 1])
    expect(option.series[0]?.markLine?.data).toEqual([{ xAxis: 10 }])
    expect(option.xAxis.max({ max: 6 })).toBe(10)
    const noTarget = mqlOutcomesOption({ ...marketing, mqlTarget: null }) as { series: Series[] }
    expect(noTarget.series.some((s) => s.markLine !== undefined)).toBe(false)
  })

  it('draws shares within the SLA in percent, leaving out groups with no clock yet', () => {
    const option = slaSharesOption([group('Volume', 0.75, 1), group('Sue', null, 0.5)]) as {
      xAxis: { data: string[] }
      series: Series[]
    }
    expect(option.xAxis.data).toEqual(['Volume', 'Sue'])
    expect(option.series.map((s) => s.data)).toEqual([
      [75, null],
      [100, 50],
    ])
  })
})
