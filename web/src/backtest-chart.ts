import type { EChartsCoreOption } from 'echarts/core'
import type { BacktestReport, BacktestSide, BacktestTotals } from './types.ts'

// A backtest as the Contracts view draws it: MQLs per month under the active definition and the
// proposed one side by side, with how many of them later won, and the same figures as a table.

export interface BacktestMonthRow {
  readonly month: string
  /** Null when no definition is active. */
  readonly active: BacktestTotals | null
  readonly proposed: BacktestTotals
}

const NONE: BacktestTotals = { mqls: 0, laterSal: 0, laterSql: 0, laterWon: 0 }

const byMonth = (side: BacktestSide) =>
  new Map(side.months.map(({ month, ...totals }) => [month, totals]))

/** Every month either definition made an MQL in, oldest first, with both sides' figures. */
export function backtestMonths(report: BacktestReport): BacktestMonthRow[] {
  const active = report.active === null ? undefined : byMonth(report.active)
  const proposed = byMonth(report.proposed)
  const months = [...new Set([...(active?.keys() ?? []), ...proposed.keys()])].sort()
  return months.map((month) => ({
    month,
    active: active === undefined ? null : (active.get(month) ?? NONE),
    proposed: proposed.get(month) ?? NONE,
  }))
}

/** "Active (version 1)" and "Proposed (version 2)": what the legend and table call each side. */
export function sideNames(
  report: BacktestReport,
  proposedVersion: number,
): { readonly active: string; readonly proposed: string } {
  const activeVersion = report.active?.version
  return {
    active: activeVersion == null ? 'Active' : `Active (version ${activeVersion})`,
    proposed: `Proposed (version ${proposedVersion})`,
  }
}

export function backtestChartOption(
  report: BacktestReport,
  proposedVersion: number,
): EChartsCoreOption {
  const rows = backtestMonths(report)
  const names = sideNames(report, proposedVersion)
  const series: object[] = []
  if (report.active !== null)
    series.push(
      {
        type: 'bar',
        name: `${names.active}: MQLs`,
        data: rows.map((r) => r.active?.mqls ?? 0),
        barMaxWidth: 48,
      },
      {
        type: 'line',
        name: `${names.active}: later won`,
        data: rows.map((r) => r.active?.laterWon ?? 0),
        lineStyle: { type: 'dashed' },
        symbol: 'circle',
      },
    )
  series.push(
    {
      type: 'bar',
      name: `${names.proposed}: MQLs`,
      data: rows.map((r) => r.proposed.mqls),
      barMaxWidth: 48,
    },
    {
      type: 'line',
      name: `${names.proposed}: later won`,
      data: rows.map((r) => r.proposed.laterWon),
      symbol: 'triangle',
    },
  )
  return {
    // A named font: legend labels are measured with it, so they do not run into each other.
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 56, bottom: 32 },
    xAxis: { type: 'category', data: rows.map((r) => r.month) },
    yAxis: { type: 'value', name: 'People', minInterval: 1 },
    series,
  }
}
