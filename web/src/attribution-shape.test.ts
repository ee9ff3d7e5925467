import { describe, expect, it } from 'vitest'
import { ATTRIBUTION_MODELS as API_MODELS } from '../../src/domain/attribution/attribution-models.ts'
import {
  ATTRIBUTION_MODELS,
  attributionChartOption,
  lineLabel,
  shareOfLine,
} from './attribution-shape.ts'
import type { AttributedDeal, AttributionLine } from './types.ts'

const share = (campaign: string | null, channel: string, cents: number, weight: number) => ({
  touchId: `${campaign}-${channel}-${cents}`,
  campaignId: campaign === null ? null : `id-${campaign}`,
  campaign,
  channel,
  weight,
  cents,
})

const deal: AttributedDeal = {
  opportunityId: 'o1',
  name: 'Deal',
  amountCents: 100_000,
  unattributedCents: 0,
  explanation: [],
  shares: [
    share('Spring Webinar', 'paid_social', 30_000, 0.3),
    share(null, 'direct', 10_000, 0.1),
    share('Spring Webinar', 'paid_social', 30_000, 0.3),
    share('RevOps Report', 'cpc', 30_000, 0.3),
  ],
}

describe('attribution for people', () => {
  it('offers every model the API knows, each said in one line', () => {
    expect(ATTRIBUTION_MODELS.map((m) => m.model)).toEqual([...API_MODELS])
    for (const m of ATTRIBUTION_MODELS) expect(m.says).not.toMatch(/\n/)
  })

  it("adds up a deal's shares under one campaign or channel, including the uncampaigned", () => {
    expect(shareOfLine(deal, 'Spring Webinar', 'campaign')).toEqual({ cents: 60_000, weight: 0.6 })
    expect(shareOfLine(deal, null, 'campaign')).toEqual({ cents: 10_000, weight: 0.1 })
    expect(shareOfLine(deal, 'cpc', 'channel')).toEqual({ cents: 30_000, weight: 0.3 })
  })

  it('draws each line as grouped bars in currency units', () => {
    const lines: AttributionLine[] = [
      {
        key: 'Spring Webinar',
        attributedCents: 60_000,
        opportunities: 1,
        sourcedPipelineCents: 100_000,
        influencedPipelineCents: 100_000,
        sourcedRevenueCents: 0,
        influencedRevenueCents: 0,
      },
      {
        key: null,
        attributedCents: 10_000,
        opportunities: 1,
        sourcedPipelineCents: 0,
        influencedPipelineCents: 100_050,
        sourcedRevenueCents: 0,
        influencedRevenueCents: 0,
      },
    ]
    const option = attributionChartOption(lines, 'campaign') as {
      xAxis: { data: string[] }
      series: { name: string; data: number[] }[]
    }
    expect(option.xAxis.data).toEqual(['Spring Webinar', 'No campaign'])
    expect(option.series.map((s) => s.name)).toEqual([
      'Attributed pipeline (model)',
      'Sourced pipeline',
      'Influenced pipeline',
      'Sourced revenue',
      'Influenced revenue',
    ])
    expect(option.series[0]?.data).toEqual([600, 100])
    expect(option.series[2]?.data).toEqual([1000, 1000.5])
    expect(lineLabel(null, 'channel')).toBe('No channel')
  })
})
