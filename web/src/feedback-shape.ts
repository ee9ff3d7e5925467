import type { EChartsCoreOption } from 'echarts/core'
import { REASON_LABELS } from './reasons.ts'
import type { FeedbackCount, FeedbackOutcome } from './types.ts'

// The closed loop's counts (one per group, outcome and reason) reshaped for people: per group,
// how many of each outcome, as stacked bars, and each reason in words.

export const FEEDBACK_OUTCOMES = [
  { outcome: 'rejected', name: 'Rejected' },
  { outcome: 'recycled', name: 'Recycled' },
  { outcome: 'disqualified', name: 'Disqualified' },
  { outcome: 'lost', name: 'Lost deals' },
] as const satisfies readonly { outcome: FeedbackOutcome; name: string }[]

export interface FeedbackGroup {
  readonly key: string
  readonly label: string
  readonly counts: Readonly<Record<FeedbackOutcome, number>>
  readonly total: number
}

/** Per group, in the report's order, its count of each outcome. */
export function feedbackGroups(rows: readonly FeedbackCount[]): FeedbackGroup[] {
  const groups = new Map<string, { label: string; counts: Record<FeedbackOutcome, number> }>()
  for (const row of rows) {
    const group = groups.get(row.key) ?? {
      label: row.label,
      counts: { rejected: 0, recycled: 0, disqualified: 0, lost: 0 },
    }
    group.counts[row.outcome] += row.count
    groups.set(row.key, group)
  }
  return [...groups].map(([key, g]) => ({
    key,
    label: g.label,
    counts: g.counts,
    total: Object.values(g.counts).reduce((sum, n) => sum + n, 0),
  }))
}

/** A reason as people read it: the queue's words for a reason code, a loss reason as written. */
export function reasonLabel(outcome: FeedbackOutcome, reason: string): string {
  if (reason === '(none)') return 'No reason given'
  if (outcome !== 'lost' && reason in REASON_LABELS)
    return REASON_LABELS[reason as keyof typeof REASON_LABELS].replace(/…$/, '')
  return reason
}

/** Stacked bars: per group, its rejects, recycles, disqualifications and lost deals. */
export function feedbackChartOption(groups: readonly FeedbackGroup[]): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, itemGap: 20 },
    grid: { left: 50, right: 20, top: 40, bottom: 60 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: FEEDBACK_OUTCOMES.map(({ outcome, name }) => ({
      name,
      type: 'bar',
      stack: 'outcomes',
      barMaxWidth: 56,
      data: groups.map((g) => g.counts[outcome]),
    })),
  }
}
