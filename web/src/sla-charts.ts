import type { EChartsCoreOption } from 'echarts/core'
import { formatShare } from './format.ts'
import type { SlaMarketingFigures, SlaSalesFigures } from './types.ts'

// The SLA report's two charts: what became of the MQLs marketing delivered, against the target
// it committed to, and how often each team or rep answered and touched within the SLA.

export const MQL_OUTCOMES = [
  { field: 'accepted', measure: 'mql_accepted', name: 'Accepted' },
  { field: 'rejected', measure: 'mql_rejected', name: 'Rejected' },
  { field: 'recycled', measure: 'mql_recycled', name: 'Recycled' },
  { field: 'disqualified', measure: 'mql_disqualified', name: 'Disqualified' },
  { field: 'pending', measure: 'mql_pending', name: 'Not answered yet' },
] as const

/** One bar of the MQLs delivered, split by outcome, with the target as a line across it. */
export function mqlOutcomesOption(marketing: SlaMarketingFigures): EChartsCoreOption {
  const target = marketing.mqlTarget
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0, itemGap: 20 },
    grid: { left: 60, right: 30, top: 40, bottom: 30 },
    xAxis: {
      type: 'value',
      minInterval: 1,
      max: (extent: { max: number }) => Math.max(extent.max, target ?? 0),
    },
    yAxis: { type: 'category', data: ['MQLs'] },
    series: MQL_OUTCOMES.map((outcome, i) => ({
      name: outcome.name,
      type: 'bar',
      stack: 'mqls',
      barMaxWidth: 48,
      data: [marketing[outcome.field]],
      ...(i === 0 && target !== null
        ? {
            markLine: {
              symbol: 'none',
              lineStyle: { type: 'dashed', color: '#1b1f24', width: 2 },
              label: { formatter: `Target ${target}`, position: 'end' },
              data: [{ xAxis: target }],
            },
          }
        : {}),
    })),
  }
}

/** Per team or rep: the share answered and the share touched within the SLA, in percent. */
export function slaSharesOption(groups: readonly SlaSalesFigures[]): EChartsCoreOption {
  const percent = (share: number | null) => (share === null ? null : share * 100)
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: number | null) => formatShare(value === null ? null : value / 100),
    },
    legend: { top: 0, itemGap: 20 },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      {
        name: 'Answered within SLA',
        type: 'bar',
        data: groups.map((g) => percent(g.answeredWithinSlaShare)),
      },
      {
        name: 'First touch within SLA',
        type: 'bar',
        data: groups.map((g) => percent(g.firstTouchedWithinSlaShare)),
      },
    ],
  }
}
