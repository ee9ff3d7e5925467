import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CREATED,
  opportunityArb,
  touchesArb,
} from '../../../test/support/attribution-arbitraries.ts'
import { attribute } from './attribute.ts'
import { ATTRIBUTION_MODELS, eligibleTouches } from './attribution-models.ts'
import type { AttributedOpportunity, Touch } from './touch.ts'

const opportunity: AttributedOpportunity = { id: 'o1', amountCents: 100_000, createdAt: CREATED }

const touch = (id: string, date: string, channel: string, more: Partial<Touch> = {}): Touch => ({
  id,
  at: new Date(`${date}T12:00:00Z`),
  campaignId: null,
  channel,
  ...more,
})

// A journey: webinar, three touches between, a demo request that created the lead.
const journey: Touch[] = [
  touch('a', '2026-03-02', 'webinar', { campaignId: 'spring' }),
  touch('b', '2026-03-05', 'email', { campaignId: 'nurture' }),
  touch('c', '2026-03-09', 'paid_social'),
  touch('d', '2026-03-12', 'email', { campaignId: 'nurture' }),
  touch('e', '2026-03-20', 'paid_search', { campaignId: 'brand', leadCreation: true }),
]

describe('attribute', () => {
  it('splits u-shaped 40/20/40 and explains it', () => {
    const result = attribute(opportunity, journey, 'u_shaped')
    expect(result.shares.map((share) => [share.touchId, share.cents])).toEqual([
      ['a', 40_000],
      ['b', 6_667],
      ['c', 6_667],
      ['d', 6_666],
      ['e', 40_000],
    ])
    expect(result.unattributedCents).toBe(0)
    expect(result.explanation).toEqual([
      'U-shaped: 40% to the first touch (webinar, campaign spring, 2026-03-02), 40% to lead ' +
        'creation (paid_search, campaign brand, 2026-03-20), 20% over 3 touches between',
    ])
  })

  it("names a touch's campaign by its name when it has one, by its id otherwise", () => {
    const named = journey.map((t) =>
      t.campaignId === 'spring' ? { ...t, campaignName: 'Spring Webinar' } : t,
    )
    expect(attribute(opportunity, named, 'u_shaped').explanation).toEqual([
      'U-shaped: 40% to the first touch (webinar, campaign Spring Webinar, 2026-03-02), 40% to ' +
        'lead creation (paid_search, campaign brand, 2026-03-20), 20% over 3 touches between',
    ])
  })

  it('splits w-shaped 30/30/30/10 in whole cents, the leftover cent to the earliest', () => {
    const touches = [...journey, touch('f', '2026-03-30', 'sales_email')]
    const result = attribute(opportunity, touches, 'w_shaped')
    // 10% over b, c and d is 3333.33 cents each: b gets the cent left over.
    expect(result.shares.map((share) => [share.touchId, share.cents])).toEqual([
      ['a', 30_000],
      ['b', 3_334],
      ['c', 3_333],
      ['d', 3_333],
      ['e', 30_000],
      ['f', 30_000],
    ])
    expect(result.shares[0]).toEqual({
      opportunityId: 'o1',
      touchId: 'a',
      campaignId: 'spring',
      channel: 'webinar',
      weight: 0.3,
      cents: 30_000,
    })
    expect(result.explanation[0]).toBe(
      'W-shaped: 30% to the first touch (webinar, campaign spring, 2026-03-02), 30% to lead ' +
        'creation (paid_search, campaign brand, 2026-03-20), 30% to opportunity creation ' +
        '(sales_email, 2026-03-30), 10% over 3 other touches',
    )
  })

  it('runs full path to the close and says which touches did not count', () => {
    const closed = { ...opportunity, closedAt: new Date('2026-05-01T00:00:00Z') }
    const touches = [
      ...journey.slice(0, 2),
      touch('e', '2026-03-20', 'paid_search', { leadCreation: true }),
      touch('f', '2026-03-30', 'sales_email'),
      touch('g', '2026-04-15', 'event', { campaignId: 'summit' }),
      touch('h', '2026-04-28', 'email'),
      touch('late', '2026-05-03', 'email'),
    ]
    const result = attribute(closed, touches, 'full_path')
    expect(result.shares.map((share) => share.cents)).toEqual([
      22_500, 5_000, 22_500, 22_500, 5_000, 22_500,
    ])
    expect(result.explanation).toEqual([
      'Full path: 22.5% to the first touch (webinar, campaign spring, 2026-03-02), 22.5% to lead ' +
        'creation (paid_search, 2026-03-20), 22.5% to opportunity creation (sales_email, ' +
        '2026-03-30), 22.5% to deal close (email, 2026-04-28), 10% over 2 other touches',
      "1 touch after the deal closed (2026-05-01) doesn't count",
    ])
  })

  it('explains an open full path as w-shaped', () => {
    const result = attribute(opportunity, journey.slice(0, 3), 'full_path')
    expect(result.explanation.slice(1)).toEqual([
      'The opportunity is still open, so there is no deal-close touch yet: full path splits it ' +
        'as W-shaped does (30/30/30/10)',
      'No touch before the opportunity was created (2026-04-01) is marked as lead creation: ' +
        'the first touch stands in',
    ])
  })

  it('explains single-touch models, merged positions and the lead-creation stand-in', () => {
    const unmarked = journey.slice(0, 3)
    expect(attribute(opportunity, unmarked, 'last_touch').explanation).toEqual([
      'Last touch: 100% to the last touch before the opportunity was created (paid_social, ' +
        '2026-03-09)',
    ])
    expect(attribute(opportunity, unmarked, 'u_shaped').explanation).toEqual([
      'U-shaped: 100% to the first touch and lead creation (webinar, campaign spring, 2026-03-02)',
      'No touch before the opportunity was created (2026-04-01) is marked as lead creation: ' +
        'the first touch stands in',
      '2 touches after lead creation get no credit: U-shaped stops at lead creation (W-shaped ' +
        'and full path credit them)',
    ])
  })

  it('explains linear and time decay touch by touch', () => {
    const touches = [
      touch('a', '2026-03-18', 'webinar'),
      touch('b', '2026-03-25', 'email'),
      touch('c', '2026-04-01', 'paid_search'),
    ].map((t) => ({ ...t, at: new Date(t.at.getTime() - 12 * 3_600_000) }))
    expect(attribute(opportunity, touches, 'linear').explanation).toEqual([
      'Linear: 33.33% to each of 3 touches',
    ])
    const decay = attribute(opportunity, touches, 'time_decay')
    expect(decay.shares.map((share) => share.cents)).toEqual([14_286, 28_571, 57_143])
    expect(decay.explanation).toEqual([
      "Time decay: a touch's credit halves for every 7 days between it and the opportunity's " +
        'creation (2026-04-01)',
      '14.29% to webinar, 2026-03-18, 14 days before',
      '28.57% to email, 2026-03-25, 7 days before',
      '57.14% to paid_search, 2026-04-01, 0 days before',
    ])
  })

  it('leaves the amount unattributed when no touch came before creation', () => {
    const late = [touch('x', '2026-04-03', 'email')]
    const result = attribute(opportunity, late, 'linear')
    expect(result).toEqual({
      shares: [],
      unattributedCents: 100_000,
      explanation: [
        'Linear: no marketing touch at or before the opportunity was created (2026-04-01), so ' +
          'the whole amount is unattributed',
        "1 touch after the opportunity was created (2026-04-01) doesn't count",
      ],
    })
    expect(attribute(opportunity, [], 'first_touch').unattributedCents).toBe(100_000)
  })

  it('sorts touches itself and leaves out touches given nothing', () => {
    const result = attribute(opportunity, [...journey].reverse(), 'first_touch')
    expect(result.shares.map((share) => share.touchId)).toEqual(['a'])
    expect(
      attribute(opportunity, [...journey].reverse(), 'linear').shares.map((s) => s.touchId),
    ).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('refuses an amount that is not whole non-negative cents', () => {
    expect(() => attribute({ ...opportunity, amountCents: -5 }, journey, 'linear')).toThrow(
      RangeError,
    )
    expect(() => attribute({ ...opportunity, amountCents: 10.5 }, journey, 'linear')).toThrow(
      RangeError,
    )
  })
})

describe('attribute, for any amount, touches and model', () => {
  it('splits the amount exactly, in non-negative cents within a cent of each weight', () => {
    fc.assert(
      fc.property(
        opportunityArb,
        touchesArb,
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        (opp, touches, model, halfLifeDays) => {
          const { shares, unattributedCents } = attribute(opp, touches, model, { halfLifeDays })
          const counted = eligibleTouches(model, opp, touches)
          const cents = shares.reduce((sum, share) => sum + share.cents, 0)
          expect(cents + unattributedCents).toBe(opp.amountCents)
          expect(unattributedCents).toBe(counted.length === 0 ? opp.amountCents : 0)
          for (const share of shares) {
            expect(share.cents).toBeGreaterThanOrEqual(0)
            expect(share.weight).toBeGreaterThan(0)
            expect(Math.abs(share.cents - share.weight * opp.amountCents)).toBeLessThan(1)
          }
          if (counted.length > 0) {
            const weight = shares.reduce((sum, share) => sum + share.weight, 0)
            expect(Math.abs(weight - 1)).toBeLessThan(1e-9)
          }
          const times = shares.map((share) => counted.find((t) => t.id === share.touchId)?.at)
          const ms = times.map((at) => at?.getTime() ?? Number.NaN)
          expect(ms).toEqual([...ms].sort((a, b) => a - b))
        },
      ),
      { numRuns: 400 },
    )
  })
})
