import { type Kysely, sql } from 'kysely'
import { DEFAULT_HALF_LIFE_DAYS } from '../../domain/attribution/attribution-models.ts'
import { splitDeal } from '../../domain/attribution/deal-split.ts'
import type { Database } from '../../store/database.ts'
import { type Deal, loadDeals } from './attribution-deals.ts'
import type { AttributionQuery } from './attribution-report.ts'

// Each deal's attribution, stored per split (model and grouping) so a report sums stored lines
// instead of splitting every deal again (migration 0012-attribution-splits). The database moves
// a deal's version whenever what its split is computed from changes; a stored split whose
// version is not the deal's current one is stale. Before a report reads the splits of a period,
// the stale and missing ones are computed again from touches read in the same snapshot as the
// version they are stamped with, so a change made meanwhile leaves them stale rather than lost.

/** Deals split and stored per transaction. */
const CHUNK = 2_000

export type SplitQuery = Pick<AttributionQuery, 'model' | 'by' | 'halfLifeDays'>

/** The stored name of a split: 'w_shaped/campaign', 'time_decay:7/channel'. */
export function splitName(query: SplitQuery): string {
  const model =
    query.model === 'time_decay'
      ? `time_decay:${query.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS}`
      : query.model
  return `${model}/${query.by}`
}

/**
 * Computes and stores the splits of the deals opened in the period that are missing or stale
 * (and of deals stored as opened in it that have since moved). Returns how many it computed.
 */
export async function refreshSplits(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
  campaigns: ReadonlyMap<string, string>,
): Promise<number> {
  const split = splitName(query)
  const { rows } = await sql<{ id: string }>`
    select o.id from opportunities o
    left join attribution_versions v on v.workspace_id = ${ws} and v.opportunity_id = o.id
    left join attributed_deals d
      on d.workspace_id = ${ws} and d.split = ${split} and d.opportunity_id = o.id
    where o.workspace_id = ${ws} and o.created_at >= ${query.from} and o.created_at < ${query.to}
      and d.version is distinct from coalesce(v.version, 0)
    union
    select d.opportunity_id from attributed_deals d
    left join attribution_versions v on v.workspace_id = ${ws} and v.opportunity_id = d.opportunity_id
    where d.workspace_id = ${ws} and d.split = ${split}
      and d.opened_at >= ${query.from} and d.opened_at < ${query.to}
      and d.version <> coalesce(v.version, 0)`.execute(db)
  const ids = rows.map((r) => r.id).sort()
  for (let start = 0; start < ids.length; start += CHUNK) {
    const deals = await loadDeals(db, ws, ids.slice(start, start + CHUNK), campaigns)
    await storeSplits(db, ws, split, query, deals)
  }
  return ids.length
}

async function storeSplits(
  db: Kysely<Database>,
  ws: string,
  split: string,
  query: SplitQuery,
  deals: readonly Deal[],
): Promise<void> {
  const options = query.halfLifeDays === undefined ? {} : { halfLifeDays: query.halfLifeDays }
  const header = { id: [] as string[], version: [] as number[], opened: [] as string[] }
  const amount: number[] = []
  const unattributed: number[] = []
  const line = {
    id: [] as string[],
    key: [] as (string | null)[],
    opened: [] as string[],
    amount: [] as number[],
    won: [] as boolean[],
    cents: [] as number[],
    credited: [] as boolean[],
    sourced: [] as boolean[],
    influenced: [] as boolean[],
  }
  // In id order, so two reports storing the same deals lock them alike.
  const sorted = [...deals].sort((a, b) => (a.opportunity.id < b.opportunity.id ? -1 : 1))
  for (const deal of sorted) {
    const { id, amountCents, createdAt } = deal.opportunity
    const result = splitDeal(deal, query.model, query.by, options)
    const opened = createdAt.toISOString()
    header.id.push(id)
    header.version.push(deal.version)
    header.opened.push(opened)
    amount.push(amountCents)
    unattributed.push(result.unattributedCents)
    for (const l of result.lines) {
      line.id.push(id)
      line.key.push(l.key)
      line.opened.push(opened)
      line.amount.push(amountCents)
      line.won.push(deal.won)
      line.cents.push(l.cents)
      line.credited.push(l.credited)
      line.sourced.push(l.sourced)
      line.influenced.push(l.influenced)
    }
  }
  await db.transaction().execute(async (trx) => {
    // The header first: a second report storing the same deal waits here until this one commits,
    // then replaces its lines rather than adding to them.
    await sql`
      insert into attributed_deals as d (workspace_id, split, opportunity_id, version, opened_at,
        amount_cents, unattributed_cents)
      select ${ws}, ${split}, * from unnest(${header.id}::uuid[], ${header.version}::int8[],
        ${header.opened}::timestamptz[], ${amount}::int8[], ${unattributed}::int8[])
      on conflict (workspace_id, split, opportunity_id) do update set version = excluded.version,
        opened_at = excluded.opened_at, amount_cents = excluded.amount_cents,
        unattributed_cents = excluded.unattributed_cents`.execute(trx)
    await sql`
      delete from attributed_shares
      where workspace_id = ${ws} and split = ${split}
        and opportunity_id = any(${header.id}::uuid[])`.execute(trx)
    await sql`
      insert into attributed_shares (workspace_id, split, opportunity_id, key, opened_at,
        amount_cents, won, cents, credited, sourced, influenced)
      select ${ws}, ${split}, * from unnest(${line.id}::uuid[], ${line.key}::text[],
        ${line.opened}::timestamptz[], ${line.amount}::int8[], ${line.won}::bool[],
        ${line.cents}::int8[], ${line.credited}::bool[], ${line.sourced}::bool[],
        ${line.influenced}::bool[])`.execute(trx)
  })
}

export interface SplitTotals {
  readonly opportunities: number
  readonly pipelineCents: number
  readonly unattributedCents: number
}

export interface SplitSum {
  readonly key: string | null
  readonly attributedCents: number
  readonly opportunities: number
  readonly sourcedPipelineCents: number
  readonly influencedPipelineCents: number
  readonly sourcedRevenueCents: number
  readonly influencedRevenueCents: number
}

/** The stored splits of the deals opened in the period, summed per key, and their totals. */
export async function sumSplits(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
): Promise<{ totals: SplitTotals; sums: SplitSum[] }> {
  const split = splitName(query)
  const period = sql`workspace_id = ${ws} and split = ${split}
    and opened_at >= ${query.from} and opened_at < ${query.to}`
  const [totals, sums] = await Promise.all([
    sql<SplitTotals>`
      select count(*)::int as opportunities,
        coalesce(sum(amount_cents), 0)::int8 as "pipelineCents",
        coalesce(sum(unattributed_cents), 0)::int8 as "unattributedCents"
      from attributed_deals where ${period}`.execute(db),
    sql<SplitSum>`
      select key, sum(cents)::int8 as "attributedCents",
        count(*) filter (where credited)::int as opportunities,
        coalesce(sum(amount_cents) filter (where sourced), 0)::int8 as "sourcedPipelineCents",
        coalesce(sum(amount_cents) filter (where influenced), 0)::int8 as "influencedPipelineCents",
        coalesce(sum(amount_cents) filter (where sourced and won), 0)::int8
          as "sourcedRevenueCents",
        coalesce(sum(amount_cents) filter (where influenced and won), 0)::int8
          as "influencedRevenueCents"
      from attributed_shares where ${period}
      group by key`.execute(db),
  ])
  const total = totals.rows[0]
  return {
    totals: {
      opportunities: Number(total?.opportunities ?? 0),
      pipelineCents: Number(total?.pipelineCents ?? 0),
      unattributedCents: Number(total?.unattributedCents ?? 0),
    },
    sums: sums.rows.map((r) => ({
      key: r.key,
      attributedCents: Number(r.attributedCents),
      opportunities: Number(r.opportunities),
      sourcedPipelineCents: Number(r.sourcedPipelineCents),
      influencedPipelineCents: Number(r.influencedPipelineCents),
      sourcedRevenueCents: Number(r.sourcedRevenueCents),
      influencedRevenueCents: Number(r.influencedRevenueCents),
    })),
  }
}

/**
 * The deals behind a line of the report (the keys it stands for; every deal of the report when
 * absent), in the order they were opened: one page of ids, and how many there are in all.
 */
export async function dealsBehind(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery & { readonly keys?: readonly (string | null)[] },
  page: { readonly limit: number; readonly offset: number },
): Promise<{ ids: string[]; total: number }> {
  const split = splitName(query)
  const period = sql`workspace_id = ${ws} and split = ${split}
    and opened_at >= ${query.from} and opened_at < ${query.to}`
  const keys = query.keys
  const named = keys?.filter((k): k is string => k !== null) ?? []
  // A deal once per line, even when two of the line's campaigns share a name.
  const behind =
    keys === undefined
      ? sql`select opportunity_id, opened_at from attributed_deals where ${period}`
      : sql`select distinct opportunity_id, opened_at from attributed_shares
          where ${period} and credited
            and (key = any(${named}::text[]) ${keys.includes(null) ? sql`or key is null` : sql``})`
  const { rows } = await sql<{ id: string; total: number }>`
    select opportunity_id as id, count(*) over () as total from (${behind}) b
    order by opened_at, opportunity_id limit ${page.limit} offset ${page.offset}`.execute(db)
  if (rows.length > 0) return { ids: rows.map((r) => r.id), total: Number(rows[0]?.total) }
  // Past the last row, the page has no row to carry the total: it is counted on its own.
  const counted = await sql<{ total: number }>`
    select count(*) as total from (${behind}) b`.execute(db)
  return { ids: [], total: Number(counted.rows[0]?.total ?? 0) }
}
