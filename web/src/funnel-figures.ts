import type { EChartsCoreOption } from 'echarts/core'
import { NO_GROUP } from './report-path.ts'
import type { DoubleFunnel, FunnelMethod, FunnelStep } from './types.ts'

// The double funnel's figures as people read them: the filters in the address, the lines of
// one group, the counts per group, the chart, and how shares and days are written.

export type Side = 'lead' | 'account'

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  inquiry: 'Inquiry',
  lead: 'Lead',
  mql: 'MQL',
  sal: 'SAL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  won: 'Won',
  target: 'Target',
  engaged: 'Engaged',
  qualified: 'Qualified',
  customer: 'Customer',
}

export const stageLabel = (stage: string): string => STAGE_LABELS[stage] ?? stage

export const METHODS: readonly { value: FunnelMethod; label: string; explanation: string }[] = [
  {
    value: 'cohort',
    label: 'Cohort',
    explanation:
      'Everyone who entered a funnel (as an inquiry, as a target account) in the period, followed to every later stage whenever they reached it; days count from entering.',
  },
  {
    value: 'period',
    label: 'Period',
    explanation:
      'What moved in the period: who first reached each stage in it, and the share of the previous stage that moved on before it ended; days count time spent in the previous stage.',
  },
]

export const CUTS: readonly { value: string; label: string }[] = [
  { value: 'none', label: 'No cut' },
  { value: 'source', label: 'Source' },
  { value: 'campaign', label: 'Campaign' },
  { value: 'segment', label: 'Segment (ICP tier)' },
  { value: 'motion', label: 'Motion' },
  { value: 'team', label: 'Team' },
  { value: 'owner', label: 'Owner' },
  { value: 'sdr', label: 'SDR' },
  { value: 'rep', label: 'Sales rep' },
  { value: 'cohort_month', label: 'Month entered' },
  { value: 'cohort_quarter', label: 'Quarter entered' },
]

export const PERIODS = [
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'quarter', label: 'This quarter' },
  { value: '365d', label: 'Last 12 months' },
  { value: 'custom', label: 'Custom dates' },
] as const
export type PeriodPreset = (typeof PERIODS)[number]['value']

/** The view's filters, as the address keeps them. */
export interface FunnelFilters {
  readonly period: PeriodPreset
  /** Custom dates, YYYY-MM-DD, `to` included. */
  readonly from: string | undefined
  readonly to: string | undefined
  readonly method: FunnelMethod
  readonly cut: string
  /** One group of the cut to look at; undefined for all of them. */
  readonly group: string | undefined
}

const oneOf = <T extends string>(values: readonly { value: T }[], text: string | null) =>
  values.find((v) => v.value === text)?.value

export function filtersFrom(params: URLSearchParams): FunnelFilters {
  const from = params.get('from') ?? undefined
  const to = params.get('to') ?? undefined
  const custom = from !== undefined || to !== undefined
  const cut = oneOf(CUTS, params.get('cut')) ?? 'none'
  return {
    period: custom ? 'custom' : (oneOf(PERIODS, params.get('period')) ?? '30d'),
    from,
    to,
    method: oneOf(METHODS, params.get('method')) ?? 'cohort',
    cut,
    group: cut === 'none' ? undefined : (params.get('group') ?? undefined),
  }
}

const DAY_MS = 86_400_000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The report's from and to for the filters, on the server's clock (`now`): a preset runs from
 * the start of a UTC day up to now, so the address and the figures stay put through the day.
 * The last 30 days are the API's own default.
 */
export function periodOf(
  filters: Pick<FunnelFilters, 'period' | 'from' | 'to'>,
  now: number,
): { readonly from?: string; readonly to?: string } {
  switch (filters.period) {
    case '30d':
      return {}
    case '90d':
      return { from: isoDay(now - 90 * DAY_MS) }
    case '365d':
      return { from: isoDay(now - 365 * DAY_MS) }
    case 'quarter': {
      const at = new Date(now)
      const month = at.getUTCMonth() - (at.getUTCMonth() % 3)
      return { from: isoDay(Date.UTC(at.getUTCFullYear(), month, 1)) }
    }
    case 'custom':
      return {
        ...(filters.from === undefined ? {} : { from: filters.from }),
        ...(filters.to === undefined ? {} : { to: filters.to }),
      }
  }
}

/** The query string of the double funnel report for the filters. */
export function reportQuery(filters: FunnelFilters, now: number): string {
  return new URLSearchParams({
    ...periodOf(filters, now),
    method: filters.method,
    cut: filters.cut,
  }).toString()
}

/**
 * The query string of the rows behind one figure of a report (one side's step in one group),
 * over the report's own period to the instant, so the rows are the ones counted.
 */
export function rowsQuery(
  report: Pick<DoubleFunnel, 'from' | 'to' | 'method' | 'cut'>,
  figure: { readonly side: Side; readonly stage: string; readonly key: string | null },
): string {
  return new URLSearchParams({
    from: report.from,
    to: report.to,
    method: report.method,
    cut: report.cut,
    funnel: figure.side,
    stage: figure.stage,
    ...(report.cut === 'none' ? {} : { key: figure.key ?? NO_GROUP }),
  }).toString()
}

/** A group's name: its key, or what having none means for the cut. */
export function groupLabel(key: string | null, cut: string): string {
  if (key !== null) return key
  const name = CUTS.find((c) => c.value === cut)?.label.toLowerCase() ?? cut
  return `No ${name}`
}

/** The address's form of a group's key (the group without one has a name of its own). */
export const groupParam = (key: string | null): string => key ?? NO_GROUP
const matches = (key: string | null, param: string) => groupParam(key) === param

export interface FunnelLine {
  readonly lead: FunnelStep | null
  readonly account: FunnelStep | null
  /** Where the funnels meet: the stage the SDRs qualify. */
  readonly meets: boolean
}

/** The aligned lines of one group (the only group when the report is not cut). */
export function linesOf(report: DoubleFunnel, group: string | undefined): FunnelLine[] {
  const key = group ?? groupParam(report.lines[0]?.key ?? null)
  return report.lines
    .filter((l) => matches(l.key, key))
    .map((l) => ({
      lead: l.lead,
      account: l.account,
      meets: l.lead?.stage === report.meetsAt.lead && l.account?.stage === report.meetsAt.account,
    }))
}

export interface GroupCounts {
  readonly key: string | null
  readonly lead: readonly FunnelStep[]
  readonly account: readonly FunnelStep[]
}

/** Per group of the cut, both funnels' steps, in the report's order (no value last). */
export function groupsOf(report: DoubleFunnel): GroupCounts[] {
  const keys = [...new Set(report.lines.map((l) => l.key))]
  return keys.map((key) => {
    const lines = report.lines.filter((l) => l.key === key)
    return {
      key,
      lead: lines.flatMap((l) => (l.lead === null ? [] : [l.lead])),
      account: lines.flatMap((l) => (l.account === null ? [] : [l.account])),
    }
  })
}

/** Whether anyone at all is in either funnel in the period. */
export const hasAnyone = (report: DoubleFunnel): boolean =>
  report.lines.some((l) => (l.lead?.reached ?? 0) > 0 || (l.account?.reached ?? 0) > 0)

/** The stages of one side in the report's order, from its lines. */
export const stagesOf = (report: DoubleFunnel, side: Side): string[] => [
  ...new Set(report.lines.flatMap((l) => (l[side] === null ? [] : [l[side].stage]))),
]

/** "Inquiry", "MQL · Target", "Opportunity": a line's name, both stages when they differ. */
export const lineLabel = (line: FunnelLine): string =>
  [
    ...new Set([line.lead, line.account].flatMap((s) => (s === null ? [] : [stageLabel(s.stage)]))),
  ].join(' · ')

/**
 * The double funnel drawn back to back: people (lead funnel) to the left, accounts to the right,
 * one bar each per aligned line, the first step on top, on one scale either side of the middle.
 */
export function doubleFunnelChart(lines: readonly FunnelLine[]): EChartsCoreOption {
  const count = (n: unknown) => String(Math.abs(Number(n)))
  const label = (position: 'left' | 'right') => ({
    show: true,
    position,
    formatter: (p: { value: unknown }) => (Number(p.value) === 0 ? '' : count(p.value)),
  })
  const largest = Math.max(
    1,
    ...lines.flatMap((l) => [l.lead?.reached ?? 0, l.account?.reached ?? 0]),
  )
  // Room beside the longest bars for their numbers.
  const reach = Math.ceil(largest * 1.15)
  return {
    // Measured and drawn in the page's font, so labels are laid out where they are drawn.
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, data: ['People (lead funnel)', 'Accounts (account funnel)'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: count },
    xAxis: {
      type: 'value',
      min: -reach,
      max: reach,
      minInterval: 1,
      axisLabel: { formatter: count },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      axisTick: { show: false },
      data: lines.map(lineLabel),
    },
    series: [
      {
        name: 'People (lead funnel)',
        type: 'bar',
        stack: 'funnel',
        label: label('left'),
        data: lines.map((l) => (l.lead === null ? null : -l.lead.reached)),
      },
      {
        name: 'Accounts (account funnel)',
        type: 'bar',
        stack: 'funnel',
        label: label('right'),
        data: lines.map((l) => l.account?.reached ?? null),
      },
    ],
  }
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** "3 Mar 2026", a day of the report (UTC, as the API counts days). */
export const dayText = (iso: string): string => DAY.format(new Date(iso))

/** A report's period as the days a person would type for it (YYYY-MM-DD, `to` included). */
export const periodDays = (from: string, to: string): { from: string; to: string } => ({
  from: from.slice(0, 10),
  to: new Date(Date.parse(to) - 1).toISOString().slice(0, 10),
})

/** "1 Feb 2026 – 3 Mar 2026": a report's period, whose end the API gives exclusive. */
export const periodText = (from: string, to: string): string => {
  const days = periodDays(from, to)
  return `${dayText(days.from)} – ${dayText(days.to)}`
}
