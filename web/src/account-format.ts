import type { EChartsCoreOption } from 'echarts/core'
import type { Role, WeekOfEngagement } from './types.ts'

// How the accounts views put the API's figures into words and charts: stages, buying roles and
// momentum as people say them, the list's filters as the API's query, and an account's weekly
// engagement by function as a stacked bar chart with the same figures as table rows.

export const ACCOUNT_STAGE_LABELS = {
  target: 'Target',
  engaged: 'Engaged',
  qualified: 'Qualified',
  opportunity: 'Opportunity',
  customer: 'Customer',
} as const

export const TIER_CHOICES = ['1', '2', '3', 'none'] as const
export const STAGE_CHOICES = [...Object.keys(ACCOUNT_STAGE_LABELS), 'none'] as const

export const FUNCTION_LABELS = {
  marketing: 'Marketing',
  sdr: 'SDR',
  sales: 'Sales',
  cs: 'Customer success',
} as const
export type FunctionName = keyof typeof FUNCTION_LABELS
const FUNCTIONS = Object.keys(FUNCTION_LABELS) as FunctionName[]

/** The most accounts one page of the list shows. */
export const ACCOUNTS_PAGE_SIZE = 50

/** Who may start an account plan (role-permissions: plan-account is sales work, and admins'). */
export const PLANNER_ROLES: readonly Role[] = ['admin', 'sales', 'sdr', 'ae']

export function stageLabel(stage: string | null): string {
  if (stage === null) return 'Not in the funnel'
  return ACCOUNT_STAGE_LABELS[stage as keyof typeof ACCOUNT_STAGE_LABELS] ?? words(stage)
}

export function tierLabel(tier: number | null): string {
  return tier === null ? 'Not scored' : `Tier ${tier}`
}

/** An API name ("economic_buyer", "core-industry", "sal") as words: "economic buyer", "SAL". */
export function words(name: string): string {
  return name.length <= 3 ? name.toUpperCase() : name.replaceAll(/[_-]/g, ' ')
}

/** Momentum as the ratio of this week to the usual week: "×2.4", or a dash when unknown. */
export function momentumText(momentum: number | null): string {
  return momentum === null ? '—' : `×${momentum.toFixed(1)}`
}

/** Points with at most one decimal, and a sign when asked: "+30", "-2.5", "12". */
export function pointsText(points: number, signed = false): string {
  const text = String(Math.round(points * 10) / 10)
  return signed && points > 0 ? `+${text}` : text
}

/** The list's API address for the filters in the page's query string. */
export function accountsPath(filters: URLSearchParams, after?: string): string {
  const query = new URLSearchParams({ limit: String(ACCOUNTS_PAGE_SIZE) })
  const q = filters.get('q')?.trim()
  if (q) query.set('q', q)
  const tier = filters.get('tier')
  if (tier !== null && (TIER_CHOICES as readonly string[]).includes(tier)) query.set('tier', tier)
  const stage = filters.get('stage')
  if (stage !== null && (STAGE_CHOICES as readonly string[]).includes(stage))
    query.set('stage', stage)
  if (after !== undefined) query.set('after', after)
  return `/v1/accounts?${query}`
}

/** A week by the day it starts: "3 Mar". */
export function weekLabel(weekStart: string): string {
  return new Date(weekStart).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}

export interface EngagementFigures {
  readonly option: EChartsCoreOption
  readonly rows: readonly { readonly week: string; readonly counts: readonly number[] }[]
  readonly functions: readonly string[]
  readonly total: number
}

/** The weeks as bars stacked by function, and as table rows in the same order. */
export function engagementFigures(weeks: readonly WeekOfEngagement[]): EngagementFigures {
  const labels = weeks.map((w) => weekLabel(w.weekStart))
  return {
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1, name: 'Activities' },
      series: FUNCTIONS.map((fn) => ({
        name: FUNCTION_LABELS[fn],
        type: 'bar',
        stack: 'activities',
        data: weeks.map((w) => w[fn]),
      })),
    },
    rows: weeks.map((w, i) => ({ week: labels[i] ?? '', counts: FUNCTIONS.map((fn) => w[fn]) })),
    functions: FUNCTIONS.map((fn) => FUNCTION_LABELS[fn]),
    total: weeks.reduce((sum, w) => sum + FUNCTIONS.reduce((s, fn) => s + w[fn], 0), 0),
  }
}
