import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AttributedDeal, sourcedAndInfluenced } from './sourced-influenced.ts'
import type { Touch } from './touch.ts'

const DAY = 86_400_000
const CREATED = new Date('2026-04-01T00:00:00Z')
const at = (days: number) => new Date(CREATED.getTime() + days * DAY)

const touch = (id: string, days: number, campaignId: string | null, channel: string): Touch => ({
  id,
  at: at(days),
  campaignId,
  channel,
})

function deal(
  id: string,
  amountCents: number,
  touches: Touch[],
  more: { won?: boolean; closedDays?: number } = {},
): AttributedDeal {
  const closedAt = more.closedDays === undefined ? null : at(more.closedDays)
  return {
    opportunity: { id, amountCents, createdAt: CREATED, closedAt },
    touches,
    won: !!more.won,
  }
}

const zero = {
  sourcedPipelineCents: 0,
  influencedPipelineCents: 0,
  sourcedRevenueCents: 0,
  influencedRevenueCents: 0,
  sourcedOpportunities: 0,
  influencedOpportunities: 0,
}

describe('sourcedAndInfluenced', () => {
  const deals = [
    // Sourced by the webinar; the event after creation but before the win influenced it too.
    deal(
      'won',
      100_000,
      [
        touch('a', 10, 'summit', 'event'),
        touch('b', -30, 'spring', 'webinar'),
        touch('c', -20, 'nurture', 'email'),
        touch('d', -10, 'nurture', 'email'),
        touch('late', 40, 'spring', 'webinar'),
      ],
      { won: true, closedDays: 30 },
    ),
    // Lost: pipeline but no revenue. The touch after the loss does not count.
    deal('lost', 40_000, [touch('e', -5, 'nurture', 'email'), touch('f', 20, 'summit', 'event')], {
      closedDays: 15,
    }),
    // Open, first touched after creation: sourced by nobody, influenced by the event.
    deal('open', 25_000, [touch('g', 3, 'summit', 'event')]),
  ]

  it('credits the first touch with sourcing and every touch before the close with influence', () => {
    expect(sourcedAndInfluenced(deals, 'campaign')).toEqual([
      {
        ...zero,
        key: 'nurture',
        sourcedPipelineCents: 40_000,
        influencedPipelineCents: 140_000,
        influencedRevenueCents: 100_000,
        sourcedOpportunities: 1,
        influencedOpportunities: 2,
      },
      {
        ...zero,
        key: 'summit',
        influencedPipelineCents: 125_000,
        influencedRevenueCents: 100_000,
        influencedOpportunities: 2,
      },
      {
        key: 'spring',
        sourcedPipelineCents: 100_000,
        influencedPipelineCents: 100_000,
        sourcedRevenueCents: 100_000,
        influencedRevenueCents: 100_000,
        sourcedOpportunities: 1,
        influencedOpportunities: 1,
      },
    ])
  })

  it('groups by channel, touches without a campaign under null', () => {
    const rows = sourcedAndInfluenced(
      [
        deal('x', 10_000, [
          touch('a', -3, null, 'organic'),
          touch('b', -1, 'brand', 'paid_search'),
        ]),
      ],
      'campaign',
    )
    expect(rows.map((row) => [row.key, row.sourcedOpportunities])).toEqual([
      ['brand', 0],
      [null, 1],
    ])
    expect(sourcedAndInfluenced(deals, 'channel').map((row) => row.key)).toEqual([
      'email',
      'event',
      'webinar',
    ])
  })

  it('refuses the same opportunity twice rather than counting it twice', () => {
    expect(() =>
      sourcedAndInfluenced([deals[0], deals[0]] as AttributedDeal[], 'campaign'),
    ).toThrow(RangeError)
  })

  it('never has a key source more than it influenced', () => {
    const touchArb = fc.record({
      days: fc.integer({ min: -60, max: 60 }),
      campaign: fc.constantFrom(null, 'spring', 'nurture', 'brand'),
      channel: fc.constantFrom('email', 'webinar', 'event'),
    })
    const dealArb = fc.record({
      amount: fc.integer({ min: 0, max: 10_000_000_000 }),
      touches: fc.array(touchArb, { maxLength: 30 }),
      won: fc.boolean(),
      closedDays: fc.option(fc.integer({ min: -10, max: 60 }), { nil: undefined }),
    })
    fc.assert(
      fc.property(
        fc.array(dealArb, { maxLength: 8 }),
        fc.constantFrom('campaign', 'channel' as const),
        (specs, by) => {
          const deals = specs.map((spec, index) =>
            deal(
              `o${index}`,
              spec.amount,
              spec.touches.map((t, i) => touch(`t${i}`, t.days, t.campaign, t.channel)),
              { won: spec.won, closedDays: spec.closedDays },
            ),
          )
          const rows = sourcedAndInfluenced(deals, by)
          for (const row of rows) {
            expect(row.sourcedPipelineCents).toBeLessThanOrEqual(row.influencedPipelineCents)
            expect(row.sourcedRevenueCents).toBeLessThanOrEqual(row.influencedRevenueCents)
            expect(row.sourcedOpportunities).toBeLessThanOrEqual(row.influencedOpportunities)
            expect(row.influencedRevenueCents).toBeLessThanOrEqual(row.influencedPipelineCents)
            expect(row.influencedOpportunities).toBeLessThanOrEqual(deals.length)
          }
          // Each opportunity is sourced by one key at most.
          const pipeline = deals.reduce((sum, d) => sum + d.opportunity.amountCents, 0)
          const sourced = rows.reduce((sum, row) => sum + row.sourcedPipelineCents, 0)
          expect(sourced).toBeLessThanOrEqual(pipeline)
        },
      ),
      { numRuns: 200 },
    )
  })
})
