import { describe, expect, it } from 'vitest'
import { backtestChartOption, backtestMonths, sideNames } from './backtest-chart.ts'
import type { BacktestReport, BacktestSide } from './types.ts'

const side = (version: number | null, months: [string, number, number][]): BacktestSide => ({
  version,
  name: 'Definition',
  months: months.map(([month, mqls, laterWon]) => ({
    month,
    mqls,
    laterSal: 0,
    laterSql: 0,
    laterWon,
  })),
  totals: { mqls: 0, laterSal: 0, laterSql: 0, laterWon: 0 },
  precision: null,
  recall: null,
})

const report = (active: BacktestSide | null, proposed: BacktestSide): BacktestReport => ({
  contacts: 10,
  won: 2,
  active,
  proposed,
  changes: { gained: 0, lost: 0, moved: 0, examples: [] },
})

describe('a backtest as a chart', () => {
  it('has every month either side made an MQL in, oldest first, zero where one made none', () => {
    const rows = backtestMonths(
      report(
        side(1, [
          ['2026-02', 4, 1],
          ['2026-01', 2, 0],
        ]),
        side(null, [['2026-03', 3, 1]]),
      ),
    )
    expect(rows.map((r) => r.month)).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(rows.map((r) => [r.active?.mqls, r.proposed.mqls])).toEqual([
      [2, 0],
      [4, 0],
      [0, 3],
    ])
  })

  it('draws MQLs as bars and later wins as lines, for both sides', () => {
    const option = backtestChartOption(
      report(side(1, [['2026-01', 2, 1]]), side(null, [['2026-01', 5, 1]])),
      2,
    ) as { series: { name: string; type: string; data: number[] }[] }
    expect(option.series.map((s) => [s.type, s.name, s.data])).toEqual([
      ['bar', 'Active (version 1): MQLs', [2]],
      ['line', 'Active (version 1): later won', [1]],
      ['bar', 'Proposed (version 2): MQLs', [5]],
      ['line', 'Proposed (version 2): later won', [1]],
    ])
  })

  it('draws the proposed side alone when no definition is active', () => {
    const r = report(null, side(null, [['2026-01', 5, 1]]))
    const option = backtestChartOption(r, 1) as { series: { name: string }[] }
    expect(option.series.map((s) => s.name)).toEqual([
      'Proposed (version 1): MQLs',
      'Proposed (version 1): later won',
    ])
    expect(backtestMonths(r)[0]?.active).toBeNull()
    expect(sideNames(r, 1).active).toBe('Active')
  })
})
