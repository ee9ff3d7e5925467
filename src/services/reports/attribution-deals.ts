import { type Kysely, sql } from 'kysely'
import type { AttributedOpportunity, Touch } from '../../domain/attribution/touch.ts'
import type { Database } from '../../store/database.ts'

// The deals attribution splits, with the marketing touches before them: the marketing
// activities of the deal's contacts (or, when it names none, of its account's contacts). A
// contact's lead-creation touch is its first touch at or after it became a contact.

export interface Deal {
  readonly opportunity: AttributedOpportunity
  readonly name: string
  readonly won: boolean
  readonly touches: Touch[]
  /** The deal's attribution version when these touches were read (every deal has one). */
  readonly version: number
}

interface DealRow {
  readonly id: string
  readonly name: string
  readonly amount: number
  readonly created_at: Date
  readonly closed_at: Date | null
  readonly is_won: boolean
  readonly version: number
  /** Each touch as [id, at, campaign_id, channel, lead]: arrays build and parse faster. */
  readonly touches: [string, string, string | null, string, boolean][] | null
}

/** The workspace's campaign names by id. */
export async function campaignNames(
  db: Kysely<Database>,
  ws: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('campaigns')
    .select(['id', 'name'])
    .where('workspace_id', '=', ws)
    .execute()
  return new Map(rows.map((c) => [c.id, c.name]))
}

/** Which deals: by id, or every deal opened in [from, to). */
export type DealSelection =
  | { readonly ids: readonly string[] }
  | { readonly from: Date; readonly to: Date }

/**
 * The deals with their touches, in the order they were opened, each with the version of its
 * attribution read in the same snapshot as its touches.
 */
export async function loadDeals(
  db: Kysely<Database>,
  ws: string,
  which: DealSelection,
  campaigns: ReadonlyMap<string, string>,
): Promise<Deal[]> {
  if ('ids' in which && which.ids.length === 0) return []
  const selected =
    'ids' in which
      ? sql`o.id = any(${which.ids}::uuid[])`
      : sql`o.created_at >= ${which.from} and o.created_at < ${which.to}`
  // The deal's people: its contacts, or every contact of its account when it names none (the two
  // never meet, so the union need not remove duplicates). The touches are gathered once
  // (materialized): a planner that misjudges the deals as one row would otherwise gather them
  // again for every deal.
  const { rows } = await sql<DealRow>`
    with deals as (
      select o.id, o.name, o.amount, o.created_at, o.closed_at, o.is_won, o.account_id,
        coalesce(v.version, 0) as version
      from opportunities o
      left join attribution_versions v on v.workspace_id = ${ws} and v.opportunity_id = o.id
      where o.workspace_id = ${ws} and ${selected}
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
    select d.id, d.name, d.amount, d.created_at, d.closed_at, d.is_won, d.version, b.touches
    from deals d left join by_deal b on b.deal_id = d.id
    order by d.created_at, d.id`.execute(db)
  return rows.map((r) => ({
    opportunity: {
      id: r.id,
      amountCents: Math.round(Number(r.amount) * 100),
      createdAt: r.created_at,
      closedAt: r.closed_at,
    },
    name: r.name,
    won: r.is_won,
    version: Number(r.version),
    touches: (r.touches ?? []).map(([id, at, campaignId, channel, leadCreation]) => ({
      id,
      at: new Date(at),
      campaignId,
      ...(campaignId === null ? {} : { campaignName: campaigns.get(campaignId) ?? campaignId }),
      channel,
      leadCreation,
    })),
  }))
}
