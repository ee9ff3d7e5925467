import type { EChartsCoreOption } from 'echarts/core'
import { formatMoney } from './format.ts'
import type { AttributedDeal, AttributionBy, AttributionLine } from './types.ts'

// The attribution report for people: the eight models in a line each, the lines as grouped
// bars, and the part of a deal that went to the line a person drilled into.

export const ATTRIBUTION_MODELS = [
  { model: 'first_touch', name: 'First touch', says: 'All credit to the first marketing touch.' },
  {
    model: 'last_touch',
    name: 'Last touch',
    says: 'All credit to the last touch before the deal was opened.',
  },
  {
    model: 'lead_creation',
    name: 'Lead creation',
    says: 'All credit to the touch that made the person a lead.',
  },
  { model: 'linear', name: 'Linear', says: 'Every touch gets the same share.' },
  {
    model: 'u_shaped',
    name: 'U-shaped',
    says: '40 % first touch, 40 % lead creation, 20 % over the touches between.',
  },
  {
    model: 'w_shaped',
    name: 'W-shaped',
    says: '30 % each to first touch, lead creation and deal creation, 10 % over the others.',
  },
  {
    model: 'full_path',
    name: 'Full path',
    says: '22.5 % each to first touch, lead creation, deal creation and close, 10 % over the others.',
  },
  {
    model: 'time_decay',
    name: 'Time decay',
    says: 'Touches closer to the deal count more: half as much for every half-life further back.',
  },
] as const

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number]['model']

/** The model the API applies when none is chosen. */
export const DEFAULT_MODEL: AttributionModel = 'w_shaped'

/** What a line is called: its campaign or channel, or what it stands for when it has none. */
export function lineLabel(key: string | null, by: AttributionBy): string {
  if (key !== null) return key
  return by === 'campaign' ? 'No campaign' : 'No channel'
}

const SERIES = [
  { field: 'attributedCents', name: 'Attributed pipeline (model)' },
  { field: 'sourcedPipelineCents', name: 'Sourced pipeline' },
  { field: 'influencedPipelineCents', name: 'Influenced pipeline' },
  { field: 'sourcedRevenueCents', name: 'Sourced revenue' },
  { field: 'influencedRevenueCents', name: 'Influenced revenue' },
] as const

/** Grouped bars per campaign or channel: what the model gives it, then sourced and influenced. */
export function attributionChartOption(
  lines: readonly AttributionLine[],
  by: AttributionBy,
): EChartsCoreOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: number) => formatMoney(Math.round(value * 100)),
    },
    legend: { top: 0, itemGap: 20 },
    grid: { left: 80, right: 20, top: 60, bottom: 60 },
    xAxis: {
      type: 'category',
      data: lines.map((l) => lineLabel(l.key, by)),
      axisLabel: { interval: 0, rotate: lines.length > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v * 100) } },
    series: SERIES.map(({ field, name }) => ({
      name,
      type: 'bar',
      data: lines.map((l) => l[field] / 100),
    })),
  }
}

/** The part of a deal's amount that went to one line (its touches of that campaign or channel). */
export function shareOfLine(
  deal: AttributedDeal,
  key: string | null,
  by: AttributionBy,
): { readonly cents: number; readonly weight: number } {
  const mine = deal.shares.filter((s) => (by === 'channel' ? s.channel : s.campaign) === key)
  return {
    cents: mine.reduce((sum, s) => sum + s.cents, 0),
    weight: mine.reduce((sum, s) => sum + s.weight, 0),
  }
}
