import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../store/database.ts'
import type { ReportPeriod } from './report-period.ts'
import { NO_GROUP, pageBounds, type ReportRows, type RowsPage, rowsPage } from './report-rows.ts'

// The closed loop (seed 001): every reject, recycle, disqualification and lost deal carries a
// reason, and marketing reads them back by where the people came from: their source, their
// campaign, or the qualification contract version that made them MQLs. One relation (outcomes,
// below) holds every answer and loss with its group; the report counts it and the drill-down
// lists it, so the two cannot disagree.

export type FeedbackBy = 'source' | 'campaign' | 'contract_version'
export const FEEDBACK_BYS = [
  'source',
  'campaign',
  'contract_version',
] as const satisfies readonly FeedbackBy[]

export type FeedbackOutcome = 'rejected' | 'recycled' | 'disqualified' | 'lost'
export const FEEDBACK_OUTCOMES = [
  'rejected',
  'recycled',
  'disqualified',
  'lost',
] as const satisfies readonly FeedbackOutcome[]

/** The reason of an answer or a loss that gave none. */
export const NO_REASON = '(none)'

const VERSION_ACTOR = '^qualification@[0-9]+$'

/** The qualification contract that made a contact an MQL last, at or before `at`. */
function mqlActor(contact: RawBuilder<unknown>, at: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select st.actor_id from stage_transitions st
    where st.workspace_id = ${sql.ref('x.workspace_id')} and st.funnel = 'lead'
      and st.entity_id = ${contact} and st.to_stage = 'mql' and st.at <= ${at}
    order by st.at desc limit 1)`
}

/**
 * Every answer (rejected, recycled, disqualified) given in the period and every deal lost in it,
 * with the source, campaign and contract version it is reported under. A lost opportunity counts
 * under its own lead source and source campaign when the CRM set them, and otherwise under those
 * of its primary contact; its contract version is the one that made that contact an MQL last
 * before the opportunity was created. An answer counts under its contact; only an MQL handoff
 * has a contract version (the one that made the MQL it answers).
 */
function outcomes(workspaceId: string, period: ReportPeriod): RawBuilder<OutcomeRow> {
  const from = sql`${period.from}::timestamptz`
  const to = sql`${period.to}::timestamptz`
  return sql<OutcomeRow>`
    select 'assignment' as record_type, x.id, x.status as outcome,
      coalesce(x.reason_code, ${NO_REASON}) as reason, x.reason_text, x.closed_at as at,
      c.id as contact_id, c.first_name, c.last_name, c.email as contact_email,
      x.owner_id, u.name as owner_name, null::text as opportunity_name,
      c.source, c.source_campaign_id as campaign_id,
      case when x.kind = 'mql' then ${mqlActor(sql.ref('x.entity_id'), sql.ref('x.assigned_at'))}
        end as mql_actor
    from assignments x
    join users u on u.workspace_id = x.workspace_id and u.id = x.owner_id
    left join contacts c on c.workspace_id = x.workspace_id and c.id = x.entity_id
      and x.entity_type = 'contact'
    where x.workspace_id = ${workspaceId}
      and x.status in ('rejected', 'recycled', 'disqualified')
      and x.closed_at >= ${from} and x.closed_at < ${to}
    union all
    select 'opportunity', x.id, 'lost',
      coalesce(nullif(trim(x.loss_reason), ''), ${NO_REASON}), null, x.closed_at,
      c.id, c.first_name, c.last_name, c.email,
      x.owner_id, u.name, x.name,
      coalesce(x.lead_source, c.source), coalesce(x.source_campaign_id, c.source_campaign_id),
      ${mqlActor(sql.ref('c.id'), sql.ref('x.created_at'))}
    from opportunities x
    left join users u on u.workspace_id = x.workspace_id and u.id = x.owner_id
    left join lateral (
      select pc.id, pc.first_name, pc.last_name, pc.email, pc.source, pc.source_campaign_id
      from opportunity_contacts oc
      join contacts pc on pc.workspace_id = oc.workspace_id and pc.id = oc.contact_id
      where oc.workspace_id = x.workspace_id and oc.opportunity_id = x.id and oc.is_primary
      order by pc.created_at, pc.id limit 1
    ) c on true
    where x.workspace_id = ${workspaceId} and x.is_closed and not x.is_won
      and x.closed_at >= ${from} and x.closed_at < ${to}`
}

interface OutcomeRow {
  readonly record_type: 'assignment' | 'opportunity'
  readonly id: string
  readonly outcome: FeedbackOutcome
  readonly reason: string
  readonly reason_text: string | null
  readonly at: Date
  readonly contact_id: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly contact_email: string | null
  readonly owner_id: string | null
  readonly owner_name: string | null
  readonly opportunity_name: string | null
  readonly source: string | null
  readonly campaign_id: string | null
  readonly mql_actor: string | null
}

/** The outcomes `o` with the key and label of their group under `by`. */
function grouped(workspaceId: string, period: ReportPeriod, by: FeedbackBy): RawBuilder<unknown> {
  const none = sql.lit(NO_GROUP)
  const group =
    by === 'source'
      ? sql`coalesce(o.source, ${none}) as group_key, coalesce(o.source, '(no source)') as group_label`
      : by === 'campaign'
        ? sql`coalesce(o.campaign_id::text, ${none}) as group_key,
            coalesce(k.name, '(no campaign)') as group_label`
        : sql`case when o.mql_actor ~ ${VERSION_ACTOR}
              then substr(o.mql_actor, length('qualification@') + 1) else ${none} end as group_key,
            case when o.mql_actor ~ ${VERSION_ACTOR} then o.mql_actor
              else '(no qualification contract)' end as group_label`
  return sql`
    select o.*, ${group}
    from (${outcomes(workspaceId, period)}) o
    left join campaigns k on k.workspace_id = ${workspaceId} and k.id = o.campaign_id`
}

export interface FeedbackReportInput extends ReportPeriod {
  readonly by: FeedbackBy
}

export interface FeedbackCount {
  /** A source, a campaign id or a contract version number; NO_GROUP for none. */
  readonly key: string
  readonly label: string
  readonly outcome: FeedbackOutcome
  /** A reason code for answers, the CRM's loss reason for lost deals; NO_REASON for none. */
  readonly reason: string
  readonly count: number
}

export interface FeedbackReport extends ReportPeriod {
  readonly by: FeedbackBy
  /** One row per group, outcome and reason: by group, then outcome, most frequent reason first. */
  readonly rows: readonly FeedbackCount[]
  readonly totals: Readonly<Record<FeedbackOutcome, number>>
}

const OUTCOME_ORDER = sql`array_position(array['rejected', 'recycled', 'disqualified', 'lost'],
  g.outcome)`

/** Reasons of rejects, recycles, disqualifications (answered) and losses (closed) in [from, to). */
export async function feedbackReport(
  db: Kysely<Database>,
  workspaceId: string,
  input: FeedbackReportInput,
): Promise<FeedbackReport> {
  const { rows } = await sql<{
    group_key: string
    group_label: string
    outcome: FeedbackOutcome
    reason: string
    count: number
  }>`
    select g.group_key, g.group_label, g.outcome, g.reason, count(*) as count
    from (${grouped(workspaceId, input, input.by)}) g
    group by g.group_key, g.group_label, g.outcome, g.reason
    order by g.group_label, g.group_key, ${OUTCOME_ORDER}, count(*) desc, g.reason`.execute(db)
  const totals = { rejected: 0, recycled: 0, disqualified: 0, lost: 0 }
  for (const r of rows) totals[r.outcome] += r.count
  return {
    from: input.from,
    to: input.to,
    by: input.by,
    rows: rows.map((r) => ({
      key: r.group_key,
      label: r.group_label,
      outcome: r.outcome,
      reason: r.reason,
      count: r.count,
    })),
    totals,
  }
}

export interface FeedbackRowsInput extends ReportPeriod {
  readonly by: FeedbackBy
  /** A group's key as the report gives it. */
  readonly group?: string
  readonly outcome?: FeedbackOutcome
  readonly reason?: string
  readonly page: RowsPage
}

/** One answer or lost deal behind a count. */
export interface FeedbackRow {
  readonly recordType: 'assignment' | 'opportunity'
  /** The assignment's or the opportunity's id. */
  readonly id: string
  readonly outcome: FeedbackOutcome
  readonly reason: string
  readonly reasonText: string | null
  /** When it was answered, or the deal closed. */
  readonly at: Date
  readonly contactId: string | null
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly ownerId: string | null
  readonly ownerName: string | null
  readonly opportunityName: string | null
  readonly source: string | null
  readonly campaignId: string | null
  /** The rule that made the MQL, e.g. qualification@3. */
  readonly mqlBy: string | null
  readonly groupKey: string
  readonly group: string
}

/** The answers and lost deals behind feedbackReport's counts, oldest first, a page at a time. */
export async function feedbackReportRows(
  db: Kysely<Database>,
  workspaceId: string,
  input: FeedbackRowsInput,
): Promise<ReportRows<FeedbackRow>> {
  const page = pageBounds(input.page)
  const where = sql.join(
    [
      sql`true`,
      ...(input.group === undefined ? [] : [sql`g.group_key = ${input.group}`]),
      ...(input.outcome === undefined ? [] : [sql`g.outcome = ${input.outcome}`]),
      ...(input.reason === undefined ? [] : [sql`g.reason = ${input.reason}`]),
    ],
    sql` and `,
  )
  const relation = grouped(workspaceId, input, input.by)
  const { rows } = await sql<OutcomeRow & Grouped & { total: number }>`
    select g.*, count(*) over () as total from (${relation}) g
    where ${where}
    order by g.at, g.id
    limit ${page.limit} offset ${page.offset}`.execute(db)
  const total =
    rows[0]?.total ??
    (
      await sql<{ total: number }>`
        select count(*) as total from (${relation}) g where ${where}`.execute(db)
    ).rows[0]?.total ??
    0
  return rowsPage(rows.map(toFeedbackRow), total, page)
}

interface Grouped {
  readonly group_key: string
  readonly group_label: string
}

function toFeedbackRow(r: OutcomeRow & Grouped): FeedbackRow {
  const name = [r.first_name, r.last_name].filter((p) => p !== null && p !== '').join(' ')
  return {
    recordType: r.record_type,
    id: r.id,
    outcome: r.outcome,
    reason: r.reason,
    reasonText: r.reason_text,
    at: r.at,
    contactId: r.contact_id,
    contactName: name === '' ? null : name,
    contactEmail: r.contact_email,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    opportunityName: r.opportunity_name,
    source: r.source,
    campaignId: r.campaign_id,
    mqlBy: r.mql_actor,
    groupKey: r.group_key,
    group: r.group_label,
  }
}
