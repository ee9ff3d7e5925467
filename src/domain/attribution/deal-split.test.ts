import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CREATED,
  opportunityArb,
  touchesArb,
} from '../../../test/support/attribution-arbitraries.ts'
import { attribute } from './attribute.ts'
import { ATTRIBUTION_MODELS } from './attribution-models.ts'
import { splitDeal } from './deal-split.ts'
import { type AttributedDeal, sourcedAndInfluenced } from './sourced-influenced.ts'
import { type GroupBy, groupKey, type Share, type Touch } from './touch.ts'

const touch = (id: string, days: number, campaignId: string | null, channel: string): Touch => ({
  id,
  at: new Date(CREATED.getTime() + days * 86_400_000),
  campaignId,
  channel,
})

/** Cents and distinct opportunities per key, straight from every deal's shares. */
function sumShares(shares: readonly Share[], by: GroupBy) {
  const sums = new Map<string | null, { cents: number; deals: Set<string> }>()
  for (const share of shares) {
    const sum = sums.get(groupKey(share, by)) ?? { cents: 0, deals: new Set<string>() }
    sum.cents += share.cents
    sum.deals.add(share.opportunityId)
    sums.set(groupKey(share, by), sum)
  }
  return [...sums].map(([key, sum]) => ({ key, cents: sum.cents, opportunities: sum.deals.size }))
}

describe('splitDeal', () => {
  it('gives each key its cents, and says which keys sourced and influenced the deal', () => {
    const deal: AttributedDeal = {
      opportunity: { id: 'o1', amountCents: 100_000, createdAt: CREATED, closedAt: null },
      won: false,
      touches: [
        touch('a', -30, 'spring', 'webinar'),
        touch('b', -10, null, 'email'),
        touch('c', -5, 'spring', 'email'),
        // After creation: no share under W-shaped, but the open deal is influenced by it.
        touch('d', 3, 'summit', 'event'),
      ],
    }
    expect(splitDeal(deal, 'w_shaped', 'campaign')).toEqual({
      unattributedCents: 0,
      lines: [
        { key: 'spring', cents: 90_000, credited: true, sourced: true, influenced: true },
        { key: 'summit', cents: 0, credited: false, sourced: false, influenced: true },
        { key: null, cents: 10_000, credited: true, sourced: false, influenced: true },
      ],
    })
  })

  it('leaves the whole amount unattributed when no touch counts', () => {
    const deal: AttributedDeal = {
      opportunity: { id: 'o1', amountCents: 5_000, createdAt: CREATED },
      won: true,
      touches: [touch('late', 2, 'spring', 'webinar')],
    }
    expect(splitDeal(deal, 'first_touch', 'channel')).toEqual({
      unattributedCents: 5_000,
      lines: [{ key: 'webinar', cents: 0, credited: false, sourced: false, influenced: true }],
    })
  })

  it('sums over deals to what the report computes from all shares at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(opportunityArb, touchesArb, fc.boolean()), { maxLength: 6 }),
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.constantFrom<GroupBy>('campaign', 'channel'),
        (specs, model, by) => {
          const deals: AttributedDeal[] = specs.map(([opp, touches, won], index) => ({
            opportunity: { ...opp, id: `o${index}` },
            touches,
            won,
          }))
          const summed = new Map<string | null, { cents: number; opportunities: number }>()
          const sourced = new Map<string | null, { sourced: number; influenced: number }>()
          for (const deal of deals) {
            for (const line of splitDeal(deal, model, by).lines) {
              const s = summed.get(line.key) ?? { cents: 0, opportunities: 0 }
              summed.set(line.key, {
                cents: s.cents + line.cents,
                opportunities: s.opportunities + (line.credited ? 1 : 0),
              })
              const t = sourced.get(line.key) ?? { sourced: 0, influenced: 0 }
              sourced.set(line.key, {
                sourced: t.sourced + (line.sourced ? 1 : 0),
                influenced: t.influenced + (line.influenced ? 1 : 0),
              })
            }
          }
          const shares = deals.flatMap((d) => attribute(d.opportunity, d.touches, model).shares)
          const fromShares = sumShares(shares, by)
          for (const row of fromShares) {
            expect(summed.get(row.key)).toEqual({
              cents: row.cents,
              opportunities: row.opportunities,
            })
          }
          for (const row of sourcedAndInfluenced(deals, by)) {
            expect(sourced.get(row.key)).toEqual({
              sourced: row.sourcedOpportunities,
              influenced: row.influencedOpportunities,
            })
          }
          const credited = [...summed.values()].filter((s) => s.opportunities > 0).length
          expect(credited).toBe(fromShares.length)
        },
      ),
      { numRuns: 200 },
    )
  })
})
