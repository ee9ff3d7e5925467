import { type AttributeOptions, attribute } from './attribute.ts'
import type { AttributionModel } from './attribution-models.ts'
import { type AttributedDeal, sourcedAndInfluenced } from './sourced-influenced.ts'
import { compareKeys, type GroupBy, groupKey } from './touch.ts'

// One deal's part of an attribution report, per campaign or channel: what the model credits
// each, and which sourced and influenced it. Summing these lines over deals gives the report,
// so they can be stored per deal and summed without splitting every deal again.

export interface SplitLine {
  /** The campaign id (null: touches without a campaign) or the channel. */
  readonly key: string | null
  readonly cents: number
  /** The model gave the key a share (a share of a tiny amount may round to 0 cents). */
  readonly credited: boolean
  readonly sourced: boolean
  readonly influenced: boolean
}

export interface DealSplit {
  readonly lines: readonly SplitLine[]
  /** The whole amount when no touch counts under the model, otherwise 0. */
  readonly unattributedCents: number
}

/** The deal's lines under the model, one per key, in key order. */
export function splitDeal(
  deal: AttributedDeal,
  model: AttributionModel,
  by: GroupBy,
  options: AttributeOptions = {},
): DealSplit {
  const result = attribute(deal.opportunity, deal.touches, model, options)
  const lines = new Map<string | null, { -readonly [K in keyof SplitLine]: SplitLine[K] }>()
  const line = (key: string | null) => {
    const existing = lines.get(key)
    if (existing) return existing
    const fresh = { key, cents: 0, credited: false, sourced: false, influenced: false }
    lines.set(key, fresh)
    return fresh
  }
  for (const share of result.shares) {
    const l = line(groupKey(share, by))
    l.cents += share.cents
    l.credited = true
  }
  for (const s of sourcedAndInfluenced([deal], by)) {
    const l = line(s.key)
    l.sourced = s.sourcedOpportunities > 0
    l.influenced = s.influencedOpportunities > 0
  }
  return {
    lines: [...lines.values()].sort((a, b) => compareKeys(a.key, b.key)),
    unattributedCents: result.unattributedCents,
  }
}
