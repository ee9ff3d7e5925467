import type { Kysely } from 'kysely'
import { attribute } from '../../domain/attribution/attribute.ts'
import type { AttributionModel } from '../../domain/attribution/attribution-models.ts'
import type { GroupBy, Share } from '../../domain/attribution/touch.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { campaignNames, loadDeals } from './attribution-deals.ts'
import {
  attributeOptions,
  dealsBehind,
  refreshSplits,
  splitsCurrent,
  sumSplits,
} from './attribution-splits.ts'
import { pageBounds, type ReportRows, type RowsPage, rowsPage } from './report-rows.ts'

// Attribution of the deals opened in a period to the marketing touches before them (which
// touches: attribution-deals.ts). Amounts are split in cents, exactly. Each deal's split is
// stored and kept current (attribution-splits.ts), so the report sums stored lines.

export interface AttributionQuery {
  readonly from: Date
  readonly to: Date
  readonly model: AttributionModel
  readonly by: GroupBy
  readonly halfLifeDays?: number
}

export interface AttributionLine {
  /**
   * The campaign's name or the channel; null for touches without a campaign. (As stored and
   * summed, before names: the campaign's id.)
   */
  readonly key: string | null
  readonly attributedCents: number
  readonly opportunities: number
  readonly sourcedPipelineCents: number
  readonly influencedPipelineCents: number
  readonly sourcedRevenueCents: number
  readonly influencedRevenueCents: number
}

export interface AttributionReport {
  readonly model: AttributionModel
  readonly by: GroupBy
  readonly opportunities: number
  readonly pipelineCents: number
  /** Amount of deals with no marketing touch before them. */
  readonly unattributedCents: number
  readonly lines: readonly AttributionLine[]
}

export interface OpportunityAttribution {
  readonly opportunityId: string
  readonly name: string
  readonly amountCents: number
  readonly shares: readonly (Share & { readonly campaign: string | null })[]
  readonly unattributedCents: number
  readonly explanation: readonly string[]
}

/**
 * Attributed, sourced and influenced pipeline per campaign or channel: the stored splits of the
 * period's deals, brought up to date first, summed.
 */
export async function attributionReport(
  db: Kysely<Database>,
  workspaceId: string,
  query: AttributionQuery,
): Promise<AttributionReport> {
  checkPeriod(query)
  // Summed while reading whether anything is stale or missing: usually nothing is.
  const [campaigns, summed] = await Promise.all([
    campaignNames(db, workspaceId),
    sumSplits(db, workspaceId, query),
  ])
  const current = splitsCurrent(summed.state)
  if (!current) await refreshSplits(db, workspaceId, query, campaigns, summed.state)
  const { totals, sums } = current ? summed : await sumSplits(db, workspaceId, query)
  const name = (key: string | null) =>
    query.by === 'campaign' && key !== null ? (campaigns.get(key) ?? key) : key
  const lines = sums.map((line) => ({ ...line, key: name(line.key) }))
  lines.sort(
    (x, y) => y.attributedCents - x.attributedCents || String(x.key).localeCompare(String(y.key)),
  )
  return {
    model: query.model,
    by: query.by,
    opportunities: totals.opportunities,
    pipelineCents: totals.pipelineCents,
    unattributedCents: totals.unattributedCents,
    lines,
  }
}

/**
 * The deals behind a report's line (or behind the whole report), each split across its touches
 * with the reasons in words, in the order they were opened, a page at a time. A line's deals are
 * those the model gives it a share of: as many as the line's `opportunities`.
 */
export async function attributionRows(
  db: Kysely<Database>,
  workspaceId: string,
  query: AttributionQuery & {
    /** The line: a campaign's name or a channel; null for touches without a campaign. */
    readonly key?: string | null
    readonly page: RowsPage
  },
): Promise<ReportRows<OpportunityAttribution>> {
  checkPeriod(query)
  const campaigns = await campaignNames(db, workspaceId)
  await refreshSplits(db, workspaceId, query, campaigns)
  const page = pageBounds(query.page)
  const { ids, total } = await dealsBehind(
    db,
    workspaceId,
    { ...query, ...linesKeys(query, campaigns) },
    page,
  )
  const campaignOf = (id: string | null) => (id === null ? null : (campaigns.get(id) ?? id))
  // Only the page's deals are split again, to be put in words.
  const deals = await loadDeals(db, workspaceId, { ids }, campaigns)
  const items = deals.map((deal) => {
    const result = attribute(deal.opportunity, deal.touches, query.model, attributeOptions(query))
    return {
      opportunityId: deal.opportunity.id,
      name: deal.name,
      amountCents: deal.opportunity.amountCents,
      shares: result.shares.map((s) => ({ ...s, campaign: campaignOf(s.campaignId) })),
      unattributedCents: result.unattributedCents,
      explanation: result.explanation,
    }
  })
  return rowsPage(items, total, page)
}

/** The stored keys a line of the report stands for: a campaign's name names every campaign of that name. */
function linesKeys(
  query: { readonly by: GroupBy; readonly key?: string | null },
  campaigns: ReadonlyMap<string, string>,
): { keys?: (string | null)[] } {
  const key = query.key
  if (key === undefined) return {}
  if (key === null || query.by === 'channel') return { keys: [key] }
  const named = [...campaigns].filter(([, name]) => name === key).map(([id]) => id)
  return { keys: named.length > 0 ? named : [key] }
}

function checkPeriod(query: AttributionQuery): void {
  if (query.from >= query.to)
    throw new AppError(
      'validation_failed',
      `from (${query.from.toISOString()}) must be before to (${query.to.toISOString()}).`,
    )
}
