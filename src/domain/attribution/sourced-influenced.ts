import {
  type AttributedOpportunity,
  checkCents,
  compareKeys,
  type GroupBy,
  groupKey,
  sortTouches,
  type Touch,
  timeOf,
} from './touch.ts'

// Sourced and influenced pipeline, per the glossary: pipeline that marketing created vs pipeline
// that marketing touched at any point before it closed.
//
// - Sourced: the campaign or channel of the opportunity's first touch, the earliest touch at or
//   before its creation (a touch after creation cannot have created it). Always the first touch,
//   not lead creation, so sourcing does not depend on how well lead creation is marked. With no
//   touch before creation, no key sourced it.
// - Influenced: every campaign or channel with a touch at or before the close; an open
//   opportunity has not closed, so all its touches count. When a close is dated before the
//   creation (bad data), the creation is taken as the limit, so the sourcing key always
//   influenced too.
// - Each opportunity counts once per key, however many of its touches the key has. Influence is
//   not split: one opportunity influences every key that touched it, so influenced totals over
//   keys add up to more than the pipeline.
// - Pipeline is the amount of every opportunity given (open, won or lost); revenue only of won
//   ones. Each entry is one opportunity: an id given twice is refused, not counted twice.

export interface AttributedDeal {
  readonly opportunity: AttributedOpportunity
  readonly touches: readonly Touch[]
  readonly won: boolean
}

export interface SourcedInfluenced {
  /** The campaign id (null: touches without a campaign) or channel. */
  readonly key: string | null
  readonly sourcedPipelineCents: number
  readonly influencedPipelineCents: number
  readonly sourcedRevenueCents: number
  readonly influencedRevenueCents: number
  readonly sourcedOpportunities: number
  readonly influencedOpportunities: number
}

type Totals = { -readonly [K in keyof Omit<SourcedInfluenced, 'key'>]: number }

/** Sourced and influenced pipeline and revenue per campaign or channel, most influenced first. */
export function sourcedAndInfluenced(
  deals: readonly AttributedDeal[],
  by: GroupBy,
): SourcedInfluenced[] {
  const rows = new Map<string | null, Totals>()
  const row = (key: string | null): Totals => {
    const existing = rows.get(key)
    if (existing) return existing
    const fresh: Totals = {
      sourcedPipelineCents: 0,
      influencedPipelineCents: 0,
      sourcedRevenueCents: 0,
      influencedRevenueCents: 0,
      sourcedOpportunities: 0,
      influencedOpportunities: 0,
    }
    rows.set(key, fresh)
    return fresh
  }
  const seen = new Set<string>()
  for (const { opportunity, touches, won } of deals) {
    if (seen.has(opportunity.id)) throw new RangeError(`opportunity ${opportunity.id} given twice`)
    seen.add(opportunity.id)
    checkCents(opportunity.amountCents, `opportunity ${opportunity.id} amount`)
    const amount = opportunity.amountCents
    const revenue = won ? amount : 0
    const created = timeOf(opportunity.createdAt, `opportunity ${opportunity.id} creation`)
    const until = opportunity.closedAt
      ? Math.max(created, timeOf(opportunity.closedAt, `opportunity ${opportunity.id} close`))
      : Number.POSITIVE_INFINITY
    const sorted = sortTouches(touches)
    const first = sorted[0]
    if (first && first.at.getTime() <= created) {
      const totals = row(groupKey(first, by))
      totals.sourcedPipelineCents += amount
      totals.sourcedRevenueCents += revenue
      totals.sourcedOpportunities += 1
    }
    const influencing = new Set(
      sorted.filter((touch) => touch.at.getTime() <= until).map((touch) => groupKey(touch, by)),
    )
    for (const key of influencing) {
      const totals = row(key)
      totals.influencedPipelineCents += amount
      totals.influencedRevenueCents += revenue
      totals.influencedOpportunities += 1
    }
  }
  return [...rows.entries()]
    .map(([key, totals]) => ({ key, ...totals }))
    .sort(
      (a, b) => b.influencedPipelineCents - a.influencedPipelineCents || compareKeys(a.key, b.key),
    )
}
