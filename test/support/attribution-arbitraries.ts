import fc from 'fast-check'
import type { AttributedOpportunity, Touch } from '../../src/domain/attribution/touch.ts'

// Random deals and touches for the attribution property tests.

const DAY = 86_400_000
/** When every generated opportunity was created. */
export const CREATED = new Date('2026-04-01T00:00:00Z')

const CAMPAIGNS = [null, 'spring', 'nurture', 'brand']
const CHANNELS = ['email', 'webinar', 'paid_search', 'event']

/** 0 to 30 touches up to 90 days either side of creation, often at the same instant. */
export const touchesArb = fc
  .array(
    fc.record({
      minutes: fc.oneof(
        fc.integer({ min: -90 * 1440, max: 90 * 1440 }),
        fc.constantFrom(-1440, 0, 1440),
      ),
      campaign: fc.constantFrom(...CAMPAIGNS),
      channel: fc.constantFrom(...CHANNELS),
      lead: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .chain((specs) => fc.shuffledSubarray(specs, { minLength: specs.length }))
  .map((specs) =>
    specs.map(
      ({ minutes, campaign, channel, lead }, index): Touch => ({
        id: `t${index}`,
        at: new Date(CREATED.getTime() + minutes * 60_000),
        campaignId: campaign,
        channel,
        leadCreation: lead && index % 4 === 0,
      }),
    ),
  )

export const opportunityArb = fc
  .record({
    amountCents: fc.integer({ min: 0, max: 10_000_000_000 }),
    closedDays: fc.option(fc.integer({ min: 0, max: 120 })),
  })
  .map(
    ({ amountCents, closedDays }): AttributedOpportunity => ({
      id: 'o1',
      amountCents,
      createdAt: CREATED,
      closedAt: closedDays === null ? null : new Date(CREATED.getTime() + closedDays * DAY),
    }),
  )
