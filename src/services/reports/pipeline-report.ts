import { type Kysely, type RawBuilder, sql } from 'kysely'
import { roundTo } from '../../domain/round-to.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { daysBetween } from './days-between.ts'

// Pipeline outcomes, where both sides meet the numbers that matter most: of the deals opened in
// a period, how many were won and lost, the win rate, the amounts, and how long they took.

export const PIPELINE_CUTS = ['none', 'owner', 'team', 'industry', 'source', 'campaign'] as const
export type PipelineCut = (typeof PIPELINE_CUTS)[number]

export interface PipelineQuery {
  readonly from: Date
  readonly to: Date
  readonly cut: PipelineCut
}

export interface PipelineGroup {
  readonly key: string | null
  readonly opportunities: number
  readonly open: number
  readonly won: number
  readonly lost: number
  /** Won of those closed, 0 to 1; null while none is closed. */
  readonly winRate: number | null
  readonly pipelineAmount: number
  readonly wonAmount: number
  /** Days from opening to winning, for the won ones. */
  readonly medianDaysToWin: number | null
  readonly p90DaysToWin: number | null
  /** Days from opening to closing, won or lost. */
  readonly medianDaysToClose: number | null
}

interface Row {
  readonly key: string | null
  readonly opportunities: number
  readonly open: number
  readonly won: number
  readonly lost: number
  readonly pipeline_amount: number | null
  readonly won_amount: number | null
  readonly median_days_to_win: number | null
  readonly p90_days_to_win: number | null
  readonly median_days_to_close: number | null
}

/** Outcomes of the deals opened in [from, to), for every value of the cut. */
export async function pipelineReport(
  db: Kysely<Database>,
  workspaceId: string,
  query: PipelineQuery,
): Promise<PipelineGroup[]> {
  if (query.from >= query.to)
    throw new AppError(
      'validation_failed',
      `from (${query.from.toISOString()}) must be before to (${query.to.toISOString()}).`,
    )
  const days = daysBetween(sql`o.closed_at`, sql`o.created_at`)
  const { rows } = await sql<Row>`
    select ${cutKey(workspaceId, query.cut)} as key,
      count(*)::int as opportunities,
      count(*) filter (where not o.is_closed)::int as open,
      count(*) filter (where o.is_won)::int as won,
      count(*) filter (where o.is_closed and not o.is_won)::int as lost,
      sum(o.amount) as pipeline_amount,
      sum(o.amount) filter (where o.is_won) as won_amount,
      percentile_cont(0.5) within group (order by ${days}) filter (where o.is_won)
        as median_days_to_win,
      percentile_cont(0.9) within group (order by ${days}) filter (where o.is_won)
        as p90_days_to_win,
      percentile_cont(0.5) within group (order by ${days}) filter (where o.is_closed)
        as median_days_to_close
    from opportunities o
    where o.workspace_id = ${workspaceId}
      and o.created_at >= ${query.from} and o.created_at < ${query.to}
    group by 1
    order by 1 nulls last`.execute(db)
  return rows.map((r) => ({
    key: r.key,
    opportunities: r.opportunities,
    open: r.open,
    won: r.won,
    lost: r.lost,
    winRate: r.won + r.lost === 0 ? null : roundTo(r.won / (r.won + r.lost), 4),
    pipelineAmount: Number(r.pipeline_amount ?? 0),
    wonAmount: Number(r.won_amount ?? 0),
    medianDaysToWin: roundTo(r.median_days_to_win, 2),
    p90DaysToWin: roundTo(r.p90_days_to_win, 2),
    medianDaysToClose: roundTo(r.median_days_to_close, 2),
  }))
}

export interface PipelineDealRow {
  readonly id: string
  readonly name: string
  readonly owner: string | null
  readonly amount: number
  readonly createdAt: Date
  readonly closedAt: Date | null
  readonly outcome: 'open' | 'won' | 'lost'
  readonly days: number | null
}

/** The deals behind one group of the report (and one outcome, if given), oldest first. */
export async function pipelineRows(
  db: Kysely<Database>,
  workspaceId: string,
  query: PipelineQuery & {
    readonly key?: string | null
    readonly outcome?: 'open' | 'won' | 'lost'
    readonly limit: number
  },
): Promise<PipelineDealRow[]> {
  const keyFilter =
    query.key === undefined
      ? sql`true`
      : query.key === null
        ? sql`d.key is null`
        : sql`d.key = ${query.key}`
  const outcomeFilter = query.outcome === undefined ? sql`true` : sql`d.outcome = ${query.outcome}`
  const { rows } = await sql<PipelineDealRow>`
    with d as (
      select o.id, o.name, o.amount, o.created_at, o.closed_at,
        case when o.is_won then 'won' when o.is_closed then 'lost' else 'open' end as outcome,
        (select u.name from users u where u.workspace_id = o.workspace_id and u.id = o.owner_id)
          as owner,
        ${cutKey(workspaceId, query.cut)} as key
      from opportunities o
      where o.workspace_id = ${workspaceId}
        and o.created_at >= ${query.from} and o.created_at < ${query.to}
    )
    select d.id, d.name, d.owner, d.amount, d.created_at as "createdAt",
      d.closed_at as "closedAt", d.outcome,
      ${daysBetween(sql`d.closed_at`, sql`d.created_at`)} as days
    from d where ${keyFilter} and ${outcomeFilter}
    order by d.created_at, d.id
    limit ${query.limit}`.execute(db)
  return rows.map((r) => ({ ...r, amount: Number(r.amount), days: roundTo(r.days, 2) }))
}

function cutKey(ws: string, cut: PipelineCut): RawBuilder<string | null> {
  switch (cut) {
    case 'none':
      return sql`null::text`
    case 'owner':
      return sql`(select u.name from users u where u.workspace_id = ${ws} and u.id = o.owner_id)`
    case 'team':
      return sql`(select t.name from users u join teams t
        on t.workspace_id = u.workspace_id and t.id = u.team_id
        where u.workspace_id = ${ws} and u.id = o.owner_id)`
    case 'industry':
      return sql`(select a.industry from accounts a
        where a.workspace_id = ${ws} and a.id = o.account_id)`
    case 'source':
      return sql`coalesce(o.lead_source, (select c.source from opportunity_contacts oc
        join contacts c on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
        where oc.workspace_id = ${ws} and oc.opportunity_id = o.id
        order by oc.is_primary desc limit 1))`
    case 'campaign':
      return sql`(select cp.name from campaigns cp where cp.workspace_id = ${ws}
        and cp.id = coalesce(o.source_campaign_id, (select c.source_campaign_id
          from opportunity_contacts oc
          join contacts c on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
          where oc.workspace_id = ${ws} and oc.opportunity_id = o.id
          order by oc.is_primary desc limit 1)))`
  }
}
