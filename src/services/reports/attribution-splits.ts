import { type Kysely, sql } from 'kysely'
import type { AttributeOptions } from '../../domain/attribution/attribute.ts'
import { DEFAULT_HALF_LIFE_DAYS } from '../../domain/attribution/attribution-models.ts'
import { splitDeal } from '../../domain/attribution/deal-split.ts'
import type { Database } from '../../store/database.ts'
import { refreshTableStatistics } from '../table-statistics.ts'
import { type Deal, loadDeals } from './attribution-deals.ts'
import type { AttributionLine, AttributionQuery } from './attribution-report.ts'

// Each deal's attribution, stored per split (model and grouping) so a report sums stored lines
// instead of splitting every deal again (migration 0012-attribution-splits, which also says how
// a split stored while its deal changes is kept stale rather than lost). Before a report reads
// the splits of a period, the stale and missing ones are computed again.

/** Deals split and stored per transaction. */
const CHUNK = 5_000
/** After storing this many splits at once, the planner's statistics are refreshed. */
const REFRESH_STATISTICS = 5_000

export type SplitQuery = Pick<AttributionQuery, 'model' | 'by' | 'halfLifeDays'>

/** The stored name of a split: 'w_shaped/campaign', 'time_decay:7/channel'. */
export function splitName(query: SplitQuery): string {
  const model =
    query.model === 'time_decay'
      ? `time_decay:${query.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS}`
      : query.model
  return `${model}/${query.by}`
}

/** The model's options a query names (a time-decay half-life), for `attribute`. */
export function attributeOptions(query: SplitQuery): AttributeOptions {
  return query.halfLifeDays === undefined ? {} : { halfLifeDays: query.halfLifeDays }
}

/**
 * The state of a period's stored splits, read in one snapshot: the stale ones (stored as opened
 * in the period; their deal may since have moved out), how many are fresh, and how many deals
 * the period holds.
 */
export interface SplitsState {
  readonly staleIds: readonly string[]
  readonly fresh: number
  readonly deals: number
}

/**
 * Whether every deal of the period has a current split. Every fresh split of the period is a
 * deal of the period (a deal that moves is marked stale), so as many fresh splits as deals
 * means none is missing.
 */
export function splitsCurrent(state: SplitsState): boolean {
  return state.staleIds.length === 0 && state.deals === state.fresh
}

/**
 * Computes and stores the splits of the period that are stale (and of deals stored as opened in
 * it that have since moved) or missing. Returns how many it computed.
 */
export async function refreshSplits(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
  campaigns: ReadonlyMap<string, string>,
  /** The state the caller has just read, if it has. */
  known?: SplitsState,
): Promise<number> {
  const split = splitName(query)
  const state = known ?? (await readPeriod(db, ws, query)).state
  // With nothing missing, only the stale ones (of deals that moved out) are left to compute.
  let ids = state.staleIds
  if (state.deals !== state.fresh) {
    const missing = await sql<{ id: string }>`
      select o.id from opportunities o
      where o.workspace_id = ${ws} and o.created_at >= ${query.from} and o.created_at < ${query.to}
        and not exists (select 1 from attributed_deals d where d.workspace_id = ${ws}
          and d.split = ${split} and d.opportunity_id = o.id and not d.stale)`.execute(db)
    ids = [...new Set([...missing.rows.map((r) => r.id), ...state.staleIds])]
  }
  const computed = await computeSplits(db, ws, split, query, campaigns, ids, state.deals)
  if (computed >= REFRESH_STATISTICS)
    await refreshTableStatistics(db, ['attributed_deals', 'attributed_shares'])
  return computed
}

/** The stored splits of the query's model and grouping for deals opened in its period. */
function storedInPeriod(ws: string, query: AttributionQuery) {
  return sql`workspace_id = ${ws} and split = ${splitName(query)}
    and opened_at >= ${query.from} and opened_at < ${query.to}`
}

/**
 * Splits and stores the deals `ids`. When they are most of the period's `dealsInPeriod`, the
 * whole period is read in one query (far cheaper than by id); otherwise by id, a chunk at a time.
 */
async function computeSplits(
  db: Kysely<Database>,
  ws: string,
  split: string,
  query: AttributionQuery,
  campaigns: ReadonlyMap<string, string>,
  ids: readonly string[],
  dealsInPeriod: number,
): Promise<number> {
  if (ids.length > dealsInPeriod / 2) {
    const wanted = new Set(ids)
    const deals = (await loadDeals(db, ws, query, campaigns)).filter((d) =>
      wanted.has(d.opportunity.id),
    )
    await storeInChunks(db, ws, split, query, deals)
    // A deal stored as opened in the period that has moved out of it is read on its own.
    const read = new Set(deals.map((d) => d.opportunity.id))
    const rest = ids.filter((id) => !read.has(id))
    return deals.length + (await computeSplits(db, ws, split, query, campaigns, rest, Infinity))
  }
  for (let start = 0; start < ids.length; start += CHUNK) {
    const deals = await loadDeals(db, ws, { ids: ids.slice(start, start + CHUNK) }, campaigns)
    await storeSplits(db, ws, split, query, deals)
  }
  return ids.length
}

/** Stores the splits of many deals, a chunk per transaction, two at a time (one per core). */
async function storeInChunks(
  db: Kysely<Database>,
  ws: string,
  split: string,
  query: SplitQuery,
  deals: readonly Deal[],
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < deals.length) {
      const start = next
      next += CHUNK
      await storeSplits(db, ws, split, query, deals.slice(start, start + CHUNK))
    }
  }
  await Promise.all([worker(), worker()])
}

async function storeSplits(
  db: Kysely<Database>,
  ws: string,
  split: string,
  query: SplitQuery,
  deals: readonly Deal[],
): Promise<void> {
  if (deals.length === 0) return
  const options = attributeOptions(query)
  const header = {
    id: [] as string[],
    version: [] as number[],
    // Milliseconds since the epoch: the database reads numbers faster than dates.
    opened: [] as number[],
    amount: [] as number[],
    won: [] as boolean[],
    unattributed: [] as number[],
  }
  // Each line names its deal by its place in the header (from 1), and packs its flags.
  const line = {
    deal: [] as number[],
    key: [] as (string | null)[],
    cents: [] as number[],
    flags: [] as number[],
  }
  for (const deal of deals) {
    const { id, amountCents, createdAt } = deal.opportunity
    const result = splitDeal(deal, query.model, query.by, options)
    header.id.push(id)
    header.version.push(deal.version)
    header.opened.push(createdAt.getTime())
    header.amount.push(amountCents)
    header.won.push(deal.won)
    header.unattributed.push(result.unattributedCents)
    for (const l of result.lines) {
      line.deal.push(header.id.length)
      line.key.push(l.key)
      line.cents.push(l.cents)
      line.flags.push((l.credited ? 1 : 0) | (l.sourced ? 2 : 0) | (l.influenced ? 4 : 0))
    }
  }
  await db.transaction().execute(async (trx) => {
    // The versions now, once changes in flight are done (in id order, as changes lock them): a
    // split read before a change is stored stale. A change from now on waits for this commit.
    const { rows } = await sql<{ id: string; version: number }>`
      select opportunity_id as id, version from attribution_versions
      where workspace_id = ${ws} and opportunity_id = any(${header.id}::uuid[])
      order by opportunity_id for share`.execute(trx)
    const current = new Map(rows.map((r) => [r.id, Number(r.version)]))
    const stale = header.id.map((id, i) => current.get(id) !== header.version[i])
    // The header first: a second report storing the same deal waits here until this one commits,
    // then replaces its lines rather than adding to them.
    const stored = await sql<{ id: string; replaced: boolean }>`
      insert into attributed_deals as d (workspace_id, split, opportunity_id, version, stale,
        opened_at, amount_cents, unattributed_cents)
      select ${ws}, ${split}, id, version, stale, to_timestamp(opened / 1000.0), amount,
        unattributed
      from unnest(${header.id}::uuid[], ${header.version}::int8[], ${stale}::bool[],
        ${header.opened}::float8[], ${header.amount}::int8[], ${header.unattributed}::int8[])
        as h(id, version, stale, opened, amount, unattributed)
      on conflict (workspace_id, split, opportunity_id) do update set version = excluded.version,
        stale = excluded.stale, opened_at = excluded.opened_at,
        amount_cents = excluded.amount_cents, unattributed_cents = excluded.unattributed_cents
      returning opportunity_id as id, xmax <> 0 as replaced`.execute(trx)
    // The lines of a split stored before are replaced.
    const replaced = stored.rows.filter((r) => r.replaced).map((r) => r.id)
    if (replaced.length > 0)
      await sql`
        delete from attributed_shares
        where workspace_id = ${ws} and split = ${split}
          and opportunity_id = any(${replaced}::uuid[])`.execute(trx)
    await sql`
      with h as (
        select * from unnest(${header.id}::uuid[], ${header.opened}::float8[],
          ${header.amount}::int8[], ${header.won}::bool[]) with ordinality as h(id, opened, amount, won, n)
      )
      insert into attributed_shares (workspace_id, split, opportunity_id, key, opened_at,
        amount_cents, won, cents, credited, sourced, influenced)
      select ${ws}, ${split}, h.id, l.key, to_timestamp(h.opened / 1000.0), h.amount, h.won,
        l.cents, l.flags & 1 <> 0, l.flags & 2 <> 0, l.flags & 4 <> 0
      from unnest(${line.deal}::int8[], ${line.key}::text[], ${line.cents}::int8[],
        ${line.flags}::int4[]) as l(deal, key, cents, flags)
      join h on h.n = l.deal`.execute(trx)
  })
}

export interface SplitTotals {
  readonly opportunities: number
  readonly pipelineCents: number
  readonly unattributedCents: number
}

export interface SummedSplits {
  readonly state: SplitsState
  readonly totals: SplitTotals
  readonly sums: readonly AttributionLine[]
}

/**
 * The stored splits of the deals opened in the period, summed per key, with their totals and
 * their state (whether they are current can only be known after: usually they are).
 */
export async function sumSplits(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
): Promise<SummedSplits> {
  const [period, sums] = await Promise.all([
    readPeriod(db, ws, query),
    sql<AttributionLine>`
      select key, sum(cents)::int8 as "attributedCents",
        count(*) filter (where credited)::int as opportunities,
        coalesce(sum(amount_cents) filter (where sourced), 0)::int8 as "sourcedPipelineCents",
        coalesce(sum(amount_cents) filter (where influenced), 0)::int8 as "influencedPipelineCents",
        coalesce(sum(amount_cents) filter (where sourced and won), 0)::int8
          as "sourcedRevenueCents",
        coalesce(sum(amount_cents) filter (where influenced and won), 0)::int8
          as "influencedRevenueCents"
      from attributed_shares where ${storedInPeriod(ws, query)}
      group by key`.execute(db),
  ])
  return {
    ...period,
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

/** The period's stored deals: their totals and their state, in one statement (one snapshot). */
async function readPeriod(
  db: Kysely<Database>,
  ws: string,
  query: AttributionQuery,
): Promise<{ state: SplitsState; totals: SplitTotals }> {
  const { rows } = await sql<{
    stale: string[] | null
    fresh: number
    deals: number
    opportunities: number
    pipeline: number
    unattributed: number
  }>`
    select array_agg(opportunity_id) filter (where stale) as stale,
      count(*) filter (where not stale)::int as fresh,
      (select count(*) from opportunities where workspace_id = ${ws}
        and created_at >= ${query.from} and created_at < ${query.to})::int as deals,
      count(*)::int as opportunities, coalesce(sum(amount_cents), 0)::int8 as pipeline,
      coalesce(sum(unattributed_cents), 0)::int8 as unattributed
    from attributed_deals where ${storedInPeriod(ws, query)}`.execute(db)
  const r = rows[0]
  return {
    state: { staleIds: r?.stale ?? [], fresh: Number(r?.fresh ?? 0), deals: Number(r?.deals ?? 0) },
    totals: {
      opportunities: Number(r?.opportunities ?? 0),
      pipelineCents: Number(r?.pipeline ?? 0),
      unattributedCents: Number(r?.unattributed ?? 0),
    },
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
  const period = storedInPeriod(ws, query)
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
