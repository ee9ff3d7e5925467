import { type Kysely, sql } from 'kysely'
import { type Attribution, attribute, summarise } from '../../domain/attribution/attribute.ts'
import type { AttributionModel } from '../../domain/attribution/attribution-models.ts'
import { sourcedAndInfluenced } from '../../domain/attribution/sourced-influenced.ts'
import type {
  AttributedOpportunity,
  GroupBy,
  Share,
  Touch,
} from '../../domain/attribution/touch.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { pageBounds, type ReportRows, type RowsPage, rowsPage } from './report-rows.ts'

// Attribution of the deals opened in a period to the marketing touches before them: the
// marketing activities of the deal's contacts (or, when it names none, of its account's
// contacts). A contact's lead-creation touch is its first touch at or after it became a
// contact. Amounts are split in cents, exactly.

export interface AttributionQuery {
  readonly from: Date
  readonly to: Date
  readonly model: AttributionModel
  readonly by: GroupBy
  readonly halfLifeDays?: number
}

export interface AttributionLine {
  /** The campaign's name or the channel; null for touches without a campaign. */
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

interface Deal {
  readonly opportunity: AttributedOpportunity
  readonly name: string
  readonly won: boolean
  readonly touches: Touch[]
}

/** Attributed, sourced and influenced pipeline per campaign or channel. */
export async function attributionReport(
  db: Kysely<Database>,
  workspaceId: string,
  query: AttributionQuery,
): Promise<AttributionReport> {
  const { deals, campaigns } = await loadDeals(db, workspaceId, query)
  const shares: Share[] = []
  let unattributedCents = 0
  let pipelineCents = 0
  for (const deal of deals) {
    const result = attribute(deal.opportunity, deal.touches, query.model, options(query))
    shares.push(...result.shares)
    unattributedCents += result.unattributedCents
    pipelineCents += deal.opportunity.amountCents
  }
  const attributed = new Map(summarise(shares, query.by).map((s) => [s.key, s]))
  const sourcing = new Map(sourcedAndInfluenced(deals, query.by).map((s) => [s.key, s]))
  const keys = [...new Set([...attributed.keys(), ...sourcing.keys()])]
  const name = (key: string | null) =>
    query.by === 'campaign' && key !== null ? (campaigns.get(key) ?? key) : key
  const lines = keys.map((key) => {
    const a = attributed.get(key)
    const s = sourcing.get(key)
    return {
      key: name(key),
      attributedCents: a?.cents ?? 0,
      opportunities: a?.opportunities ?? 0,
      sourcedPipelineCents: s?.sourcedPipelineCents ?? 0,
      influencedPipelineCents: s?.influencedPipelineCents ?? 0,
      sourcedRevenueCents: s?.sourcedRevenueCents ?? 0,
      influencedRevenueCents: s?.influencedRevenueCents ?? 0,
    }
  })
  lines.sort(
    (x, y) => y.attributedCents - x.attributedCents || String(x.key).localeCompare(String(y.key)),
  )
  return {
    model: query.model,
    by: query.by,
    opportunities: deals.length,
    pipelineCents,
    unattributedCents,
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
  const { deals, campaigns } = await loadDeals(db, workspaceId, query)
  const page = pageBounds(query.page)
  const campaignOf = (id: string | null) => (id === null ? null : (campaigns.get(id) ?? id))
  const behind: { deal: Deal; result: Attribution }[] = []
  for (const deal of deals) {
    const result = attribute(deal.opportunity, deal.touches, query.model, options(query))
    const key = query.key
    if (
      key === undefined ||
      result.shares.some((s) =>
        query.by === 'channel' ? s.channel === key : campaignOf(s.campaignId) === key,
      )
    )
      behind.push({ deal, result })
  }
  // Only the page's deals are put in words.
  const items = behind.slice(page.offset, page.offset + page.limit).map(({ deal, result }) => ({
    opportunityId: deal.opportunity.id,
    name: deal.name,
    amountCents: deal.opportunity.amountCents,
    shares: result.shares.map((s) => ({ ...s, campaign: campaignOf(s.campaignId) })),
    unattributedCents: result.unattributedCents,
    explanation: result.explanation,
  }))
  return rowsPage(items, behind.length, page)
}

function options(query: AttributionQuery) {
  return query.halfLifeDays === undefined ? {} : { halfLifeDays: query.halfLifeDays }
}

interface DealRow {
  readonly id: string
  readonly name: string
  readonly amount: number
  readonly created_at: Date
  readonly closed_at: Date | null
  readonly is_won: boolean
  /** Each touch as [id, at, campaign_id, channel, lead]: arrays build and parse faster. */
  readonly touches: [string, string, string | null, string, boolean][] | null
}

async function loadDeals(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
): Promise<{ deals: Deal[]; campaigns: Map<string, string> }> {
  if (query.from >= query.to)
    throw new AppError(
      'validation_failed',
      `from (${query.from.toISOString()}) must be before to (${query.to.toISOString()}).`,
    )
  // The deal's people: its contacts, or every contact of its account when it names none (the two
  // never meet, so the union need not remove duplicates). The touches are gathered once
  // (materialized): a planner that misjudges the deals as one row would otherwise gather them
  // again for every deal.
  const { rows } = await sql<DealRow>`
    with deals as (
      select o.id, o.name, o.amount, o.created_at, o.closed_at, o.is_won, o.account_id
      from opportunities o
      where o.workspace_id = ${ws} and o.created_at >= ${query.from} and o.created_at < ${query.to}
    ),
    people as (
      select d.id as deal_id, oc.contact_id from deals d
      join opportunity_contacts oc on oc.workspace_id = ${ws} and oc.opportunity_id = d.id
      union all
      select d.id, c.id from deals d
      join contacts c on c.workspace_id = ${ws} and c.account_id = d.account_id
      where not exists (select 1 from opportunity_contacts oc
        where oc.workspace_id = ${ws} and oc.opportunity_id = d.id)
    ),
    touches as (
      select p.deal_id, a.id, a.occurred_at as at, a.campaign_id, a.channel,
        a.occurred_at = min(a.occurred_at) filter (where a.occurred_at >= c.created_at)
          over (partition by p.deal_id, a.contact_id) as lead
      from people p
      join contacts c on c.workspace_id = ${ws} and c.id = p.contact_id
      join activities a on a.workspace_id = ${ws} and a.contact_id = p.contact_id
      where a.function = 'marketing'
    ),
    by_deal as materialized (
      select deal_id,
        json_agg(json_build_array(id, at, campaign_id, channel, coalesce(lead, false))) as touches
      from touches group by deal_id
    )
    select d.id, d.name, d.amount, d.created_at, d.closed_at, d.is_won, b.touches
    from deals d left join by_deal b on b.deal_id = d.id
    order by d.created_at, d.id`.execute(db)
  const campaigns = new Map(
    (
      await db
        .selectFrom('campaigns')
        .select(['id', 'name'])
        .where('workspace_id', '=', ws)
        .execute()
    ).map((c) => [c.id, c.name]),
  )
  const deals = rows.map((r) => ({
    opportunity: {
      id: r.id,
      amountCents: Math.round(Number(r.amount) * 100),
      createdAt: r.created_at,
      closedAt: r.closed_at,
    },
    name: r.name,
    won: r.is_won,
    touches: (r.touches ?? []).map(([id, at, campaignId, channel, leadCreation]) => ({
      id,
      at: new Date(at),
      campaignId,
      ...(campaignId === null ? {} : { campaignName: campaigns.get(campaignId) ?? campaignId }),
      channel,
      leadCreation,
    })),
  }))
  return { deals, campaigns }
}
