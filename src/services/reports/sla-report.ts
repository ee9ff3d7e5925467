import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { AssignmentsTable, Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import type { ReportPeriod } from './report-period.ts'
import {
  NO_GROUP,
  pageBounds,
  type ReportRows,
  type RowsPage,
  rowsPage,
  share,
} from './report-rows.ts'

// The SLA both sides signed, measured for both (seed 001): marketing's MQL volume and how sales
// received it, and sales' speed to accept and to first touch against the clocks each handoff
// carried. Every figure is a count of assignments under one named condition (MEASURES below),
// and the drill-down lists the assignments under that same condition, so a figure and its rows
// cannot disagree. Durations are wall-clock hours from the handoff: plain and checkable by hand,
// where the SLA clocks themselves run in the owner's business hours (their due times say so).

export type SlaGroupBy = 'team' | 'owner' | 'motion'
export const SLA_GROUP_BYS = ['team', 'owner', 'motion'] as const satisfies readonly SlaGroupBy[]

/** Marketing's figures, of MQLs delivered in the period (see docs/reports.md). */
export const MARKETING_MEASURES = [
  'mql_delivered',
  'mql_accepted',
  'mql_rejected',
  'mql_recycled',
  'mql_disqualified',
  'mql_pending',
] as const

/** Sales' figures, of handoffs made in the period, per group (see docs/reports.md). */
export const SALES_MEASURES = [
  'handoffs',
  'accepted',
  'first_touched',
  'accept_clocks',
  'accepted_within_sla',
  'answered_within_sla',
  'accept_sla_missed',
  'first_touch_clocks',
  'first_touched_within_sla',
  'first_touch_sla_missed',
  'accept_breaches',
  'first_touch_breaches',
] as const

export type MarketingMeasure = (typeof MARKETING_MEASURES)[number]
export type SalesMeasure = (typeof SALES_MEASURES)[number]
export type SlaMeasure = MarketingMeasure | SalesMeasure
export const SLA_MEASURES: readonly SlaMeasure[] = [...MARKETING_MEASURES, ...SALES_MEASURES]

type MqlOutcome = 'accepted' | 'rejected' | 'recycled' | 'disqualified' | 'pending'

/**
 * Each sales figure's condition on one handoff `h` (a row of handoffRows). The report counts
 * the handoffs that meet it; the drill-down lists them.
 */
function salesCondition(measure: SalesMeasure, now: Date): RawBuilder<boolean> {
  const at = sql`${now}::timestamptz`
  // The accept clock counts once it stopped (accepted, answered otherwise, handed on) or ran out.
  const acceptClock = sql`(h.accept_due_at is not null and (h.accepted_at is not null
    or h.closed_at is not null or h.accept_due_at <= ${at}))`
  // The first-touch clock counts once touched, or once due while the handoff was still open:
  // an answer other than accept before then stopped it, and it owes no touch.
  const touchClock = sql`(h.first_touch_due_at is not null and (h.first_touch_at is not null
    or (h.first_touch_due_at <= ${at}
      and (h.closed_at is null or h.closed_at > h.first_touch_due_at))))`
  const answeredInTime = sql`coalesce(h.answered_at <= h.accept_due_at, false)`
  const touchedInTime = sql`coalesce(h.first_touch_at <= h.first_touch_due_at, false)`
  const conditions: Record<SalesMeasure, RawBuilder<unknown>> = {
    handoffs: sql`true`,
    accepted: sql`h.accepted_at is not null`,
    first_touched: sql`h.first_touch_at is not null`,
    accept_clocks: acceptClock,
    accepted_within_sla: sql`coalesce(h.accepted_at <= h.accept_due_at, false)`,
    answered_within_sla: answeredInTime,
    accept_sla_missed: sql`(${acceptClock} and not ${answeredInTime})`,
    first_touch_clocks: touchClock,
    first_touched_within_sla: touchedInTime,
    first_touch_sla_missed: sql`(${touchClock} and not ${touchedInTime})`,
    accept_breaches: sql`h.accept_breached_at is not null`,
    first_touch_breaches: sql`h.first_touch_breached_at is not null`,
  }
  return sql<boolean>`(${conditions[measure]})`
}

/** The group of a handoff: its key (an id or a motion, NO_GROUP for none) and what people read. */
function groupColumns(groupBy: SlaGroupBy): RawBuilder<unknown> {
  const none = sql.lit(NO_GROUP)
  if (groupBy === 'owner') return sql`a.owner_id::text as group_key, u.name as group_label`
  if (groupBy === 'motion')
    return sql`coalesce(a.motion, ${none}) as group_key,
      coalesce(a.motion, '(no motion)') as group_label`
  return sql`coalesce(a.team_id::text, ${none}) as group_key,
    coalesce(t.name, '(no team)') as group_label`
}

/**
 * Handoffs with everything a figure or a drill-down row reads: the owner, team and contact, the
 * hours to accept and to first touch, the first answer, and the breach timers that fired while
 * their clock ran. The sweep cancels a clock's timers when it stops in time, so a fired breach
 * timer is a breach; the time checks only keep a timer spent on a stopped clock from counting.
 */
function handoffRows(
  workspaceId: string,
  groupBy: SlaGroupBy,
  where: RawBuilder<unknown>,
): RawBuilder<HandoffRow> {
  return sql<HandoffRow>`
    select a.id, a.entity_id as contact_id, c.first_name, c.last_name, c.email as contact_email,
      a.kind, a.owner_id, u.name as owner_name, a.team_id, t.name as team_name, a.motion,
      a.status, a.assigned_at, a.accept_due_at, a.accepted_at, a.first_touch_due_at,
      a.first_touch_at, a.closed_at, a.reason_code, a.reason_text, a.reassigned_from,
      coalesce(a.accepted_at, case when a.status in ('rejected', 'recycled', 'disqualified')
        then a.closed_at end) as answered_at,
      extract(epoch from (a.accepted_at - a.assigned_at))::float8 / 3600 as hours_to_accept,
      extract(epoch from (a.first_touch_at - a.assigned_at))::float8 / 3600
        as hours_to_first_touch,
      ab.fired_at as accept_breached_at, fb.fired_at as first_touch_breached_at,
      ${groupColumns(groupBy)}
    from assignments a
    join users u on u.workspace_id = a.workspace_id and u.id = a.owner_id
    left join teams t on t.workspace_id = a.workspace_id and t.id = a.team_id
    left join contacts c on c.workspace_id = a.workspace_id and c.id = a.entity_id
      and a.entity_type = 'contact'
    left join sla_timers ab on ab.workspace_id = a.workspace_id and ab.assignment_id = a.id
      and ab.clock = 'accept' and ab.kind = 'breach' and ab.fired_at is not null
      and (a.accepted_at is null or a.accepted_at >= ab.fired_at)
      and (a.closed_at is null or a.closed_at >= ab.fired_at)
    left join sla_timers fb on fb.workspace_id = a.workspace_id and fb.assignment_id = a.id
      and fb.clock = 'first_touch' and fb.kind = 'breach' and fb.fired_at is not null
      and (a.closed_at is null or a.closed_at >= fb.fired_at)
    where a.workspace_id = ${workspaceId} and ${where}`
}

interface HandoffRow {
  readonly id: string
  readonly contact_id: string
  readonly first_name: string | null
  readonly last_name: string | null
  readonly contact_email: string | null
  readonly kind: AssignmentsTable['kind']
  readonly owner_id: string
  readonly owner_name: string
  readonly team_id: string | null
  readonly team_name: string | null
  readonly motion: AssignmentsTable['motion']
  readonly status: SlaRow['status']
  readonly assigned_at: Date
  readonly accept_due_at: Date | null
  readonly accepted_at: Date | null
  readonly first_touch_due_at: Date | null
  readonly first_touch_at: Date | null
  readonly closed_at: Date | null
  readonly reason_code: string | null
  readonly reason_text: string | null
  readonly reassigned_from: string | null
  readonly hours_to_accept: number | null
  readonly hours_to_first_touch: number | null
  readonly accept_breached_at: Date | null
  readonly first_touch_breached_at: Date | null
  readonly group_key: string
  readonly group_label: string
}

const inPeriod = (period: ReportPeriod) =>
  sql`a.assigned_at >= ${period.from}::timestamptz and a.assigned_at < ${period.to}::timestamptz`

/**
 * The MQLs delivered in the period, each with the handoff that holds its answer: an MQL handed
 * on after a breach is one MQL, answered by the last owner of its chain of reassignments.
 */
function deliveredMqls(workspaceId: string, period: ReportPeriod): RawBuilder<unknown> {
  return sql`
    chain (mql_id, mql_assigned_at, id, depth) as (
      select a.id, a.assigned_at, a.id, 0 from assignments a
      where a.workspace_id = ${workspaceId} and a.kind = 'mql' and a.reassigned_from is null
        and ${inPeriod(period)}
      union all
      select chain.mql_id, chain.mql_assigned_at, n.id, chain.depth + 1 from chain
      join assignments n on n.workspace_id = ${workspaceId} and n.reassigned_from = chain.id
    ),
    delivered as (
      select distinct on (mql_id) mql_id, mql_assigned_at, id from chain
      order by mql_id, depth desc
    )`
}

/** Where an MQL ended, read from the handoff `h` that answered it. */
const mqlOutcome = sql<MqlOutcome>`case
  when h.accepted_at is not null then 'accepted'
  when h.status in ('rejected', 'recycled', 'disqualified') then h.status
  else 'pending' end`

export interface SlaReportInput extends ReportPeriod {
  readonly groupBy: SlaGroupBy
  /** The MQLs marketing committed to deliver in the period, if it did. */
  readonly mqlTarget?: number
  /** When open clocks are judged: a clock not yet due and not stopped counts nowhere. */
  readonly now: Date
}

export interface MarketingSide {
  readonly mqlDelivered: number
  readonly mqlTarget: number | null
  /** mqlDelivered / mqlTarget. */
  readonly targetAttainment: number | null
  readonly accepted: number
  readonly rejected: number
  readonly recycled: number
  readonly disqualified: number
  readonly pending: number
  /** Each outcome / mqlDelivered; the five add up to 1. */
  readonly acceptedShare: number | null
  readonly rejectedShare: number | null
  readonly recycledShare: number | null
  readonly disqualifiedShare: number | null
  readonly pendingShare: number | null
}

export interface SalesGroup {
  /** A team or owner id, a motion, NO_GROUP; `all` on the total. */
  readonly key: string
  readonly label: string
  readonly handoffs: number
  readonly accepted: number
  readonly firstTouched: number
  readonly medianHoursToAccept: number | null
  readonly p90HoursToAccept: number | null
  readonly medianHoursToFirstTouch: number | null
  readonly p90HoursToFirstTouch: number | null
  readonly acceptClocks: number
  readonly acceptedWithinSla: number
  readonly answeredWithinSla: number
  readonly acceptSlaMissed: number
  /** acceptedWithinSla / acceptClocks. */
  readonly acceptedWithinSlaShare: number | null
  /** answeredWithinSla / acceptClocks. */
  readonly answeredWithinSlaShare: number | null
  readonly firstTouchClocks: number
  readonly firstTouchedWithinSla: number
  readonly firstTouchSlaMissed: number
  /** firstTouchedWithinSla / firstTouchClocks. */
  readonly firstTouchedWithinSlaShare: number | null
  readonly acceptBreaches: number
  readonly firstTouchBreaches: number
}

export interface SlaReport extends ReportPeriod {
  readonly groupBy: SlaGroupBy
  readonly asOf: Date
  readonly marketing: MarketingSide
  readonly sales: { readonly groups: readonly SalesGroup[]; readonly total: SalesGroup }
}

/** SLA compliance of both sides over the handoffs made in [from, to). */
export async function slaReport(
  db: Kysely<Database>,
  workspaceId: string,
  input: SlaReportInput,
): Promise<SlaReport> {
  const { now, groupBy } = input
  const count = (measure: SalesMeasure) =>
    sql`count(*) filter (where ${salesCondition(measure, now)})`
  const { rows: sales } = await sql<SalesAggregate>`
    select grouping(h.group_key) = 1 as is_total, h.group_key, h.group_label,
      count(*) as handoffs,
      ${count('accepted')} as accepted,
      ${count('first_touched')} as first_touched,
      percentile_cont(0.5) within group (order by h.hours_to_accept) as median_hours_to_accept,
      percentile_cont(0.9) within group (order by h.hours_to_accept) as p90_hours_to_accept,
      percentile_cont(0.5) within group (order by h.hours_to_first_touch)
        as median_hours_to_first_touch,
      percentile_cont(0.9) within group (order by h.hours_to_first_touch)
        as p90_hours_to_first_touch,
      ${count('accept_clocks')} as accept_clocks,
      ${count('accepted_within_sla')} as accepted_within_sla,
      ${count('answered_within_sla')} as answered_within_sla,
      ${count('accept_sla_missed')} as accept_sla_missed,
      ${count('first_touch_clocks')} as first_touch_clocks,
      ${count('first_touched_within_sla')} as first_touched_within_sla,
      ${count('first_touch_sla_missed')} as first_touch_sla_missed,
      ${count('accept_breaches')} as accept_breaches,
      ${count('first_touch_breaches')} as first_touch_breaches
    from (${handoffRows(workspaceId, groupBy, inPeriod(input))}) h
    group by grouping sets ((h.group_key, h.group_label), ())
    order by grouping(h.group_key), h.group_label, h.group_key`.execute(db)

  const { rows: outcomes } = await sql<{ outcome: MqlOutcome; count: number }>`
    with recursive ${deliveredMqls(workspaceId, input)}
    select ${mqlOutcome} as outcome, count(*) as count
    from delivered d
    join (${handoffRows(workspaceId, 'team', sql`a.id in (select id from delivered)`)}) h
      on h.id = d.id
    group by 1`.execute(db)

  const total = sales.find((r) => r.is_total)
  return {
    from: input.from,
    to: input.to,
    groupBy,
    asOf: now,
    marketing: marketingSide(outcomes, input.mqlTarget),
    sales: {
      groups: sales.filter((r) => !r.is_total).map(toSalesGroup),
      total: total === undefined ? emptyTotal() : toSalesGroup(total),
    },
  }
}

interface SalesAggregate {
  readonly is_total: boolean
  readonly group_key: string | null
  readonly group_label: string | null
  readonly handoffs: number
  readonly accepted: number
  readonly first_touched: number
  readonly median_hours_to_accept: number | null
  readonly p90_hours_to_accept: number | null
  readonly median_hours_to_first_touch: number | null
  readonly p90_hours_to_first_touch: number | null
  readonly accept_clocks: number
  readonly accepted_within_sla: number
  readonly answered_within_sla: number
  readonly accept_sla_missed: number
  readonly first_touch_clocks: number
  readonly first_touched_within_sla: number
  readonly first_touch_sla_missed: number
  readonly accept_breaches: number
  readonly first_touch_breaches: number
}

function toSalesGroup(r: SalesAggregate): SalesGroup {
  return {
    key: r.is_total ? 'all' : (r.group_key ?? NO_GROUP),
    label: r.is_total ? 'All' : (r.group_label ?? NO_GROUP),
    handoffs: r.handoffs,
    accepted: r.accepted,
    firstTouched: r.first_touched,
    medianHoursToAccept: r.median_hours_to_accept,
    p90HoursToAccept: r.p90_hours_to_accept,
    medianHoursToFirstTouch: r.median_hours_to_first_touch,
    p90HoursToFirstTouch: r.p90_hours_to_first_touch,
    acceptClocks: r.accept_clocks,
    acceptedWithinSla: r.accepted_within_sla,
    answeredWithinSla: r.answered_within_sla,
    acceptSlaMissed: r.accept_sla_missed,
    acceptedWithinSlaShare: share(r.accepted_within_sla, r.accept_clocks),
    answeredWithinSlaShare: share(r.answered_within_sla, r.accept_clocks),
    firstTouchClocks: r.first_touch_clocks,
    firstTouchedWithinSla: r.first_touched_within_sla,
    firstTouchSlaMissed: r.first_touch_sla_missed,
    firstTouchedWithinSlaShare: share(r.first_touched_within_sla, r.first_touch_clocks),
    acceptBreaches: r.accept_breaches,
    firstTouchBreaches: r.first_touch_breaches,
  }
}

/** The total of a period without handoffs: grouping sets give no row for an empty input. */
function emptyTotal(): SalesGroup {
  return toSalesGroup({
    is_total: true,
    group_key: null,
    group_label: null,
    handoffs: 0,
    accepted: 0,
    first_touched: 0,
    median_hours_to_accept: null,
    p90_hours_to_accept: null,
    median_hours_to_first_touch: null,
    p90_hours_to_first_touch: null,
    accept_clocks: 0,
    accepted_within_sla: 0,
    answered_within_sla: 0,
    accept_sla_missed: 0,
    first_touch_clocks: 0,
    first_touched_within_sla: 0,
    first_touch_sla_missed: 0,
    accept_breaches: 0,
    first_touch_breaches: 0,
  })
}

function marketingSide(
  outcomes: readonly { outcome: MqlOutcome; count: number }[],
  mqlTarget: number | undefined,
): MarketingSide {
  const of = (outcome: MqlOutcome) => outcomes.find((o) => o.outcome === outcome)?.count ?? 0
  const delivered = outcomes.reduce((sum, o) => sum + o.count, 0)
  const target = mqlTarget === undefined || mqlTarget <= 0 ? null : mqlTarget
  return {
    mqlDelivered: delivered,
    mqlTarget: target,
    targetAttainment: target === null ? null : delivered / target,
    accepted: of('accepted'),
    rejected: of('rejected'),
    recycled: of('recycled'),
    disqualified: of('disqualified'),
    pending: of('pending'),
    acceptedShare: share(of('accepted'), delivered),
    rejectedShare: share(of('rejected'), delivered),
    recycledShare: share(of('recycled'), delivered),
    disqualifiedShare: share(of('disqualified'), delivered),
    pendingShare: share(of('pending'), delivered),
  }
}

export interface SlaRowsInput extends ReportPeriod {
  readonly measure: SlaMeasure
  /** With `group`: only the handoffs of that group (sales measures only). */
  readonly groupBy?: SlaGroupBy
  /** A group's key as the report gives it. */
  readonly group?: string
  readonly now: Date
  readonly page: RowsPage
}

/** One handoff behind a figure. */
export interface SlaRow {
  readonly id: string
  readonly contactId: string
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly kind: AssignmentsTable['kind']
  readonly ownerId: string
  readonly ownerName: string
  readonly teamId: string | null
  readonly teamName: string | null
  readonly motion: AssignmentsTable['motion']
  readonly status: 'pending' | 'accepted' | 'rejected' | 'recycled' | 'disqualified' | 'reassigned'
  readonly assignedAt: Date
  readonly acceptDueAt: Date | null
  readonly acceptedAt: Date | null
  readonly firstTouchDueAt: Date | null
  readonly firstTouchAt: Date | null
  readonly closedAt: Date | null
  readonly reasonCode: string | null
  readonly reasonText: string | null
  readonly hoursToAccept: number | null
  readonly hoursToFirstTouch: number | null
  readonly acceptBreachedAt: Date | null
  readonly firstTouchBreachedAt: Date | null
  readonly reassignedFrom: string | null
  /** Marketing measures: the MQL's first handoff, which dates it (this row is its last). */
  readonly mqlAssignmentId: string | null
  readonly mqlAssignedAt: Date | null
  /** Marketing measures: where the MQL ended. */
  readonly outcome: MqlOutcome | null
}

const isMarketing = (measure: SlaMeasure): measure is MarketingMeasure =>
  (MARKETING_MEASURES as readonly string[]).includes(measure)

/** The handoffs behind one figure of slaReport, oldest first, a page at a time. */
export async function slaReportRows(
  db: Kysely<Database>,
  workspaceId: string,
  input: SlaRowsInput,
): Promise<ReportRows<SlaRow>> {
  const page = pageBounds(input.page)
  const { measure } = input
  if (input.group !== undefined && input.groupBy === undefined)
    throw new AppError(
      'validation_failed',
      `group=${input.group} needs groupBy (team, owner or motion) to say what kind of group it is.`,
    )
  if (isMarketing(measure)) {
    if (input.group !== undefined)
      throw new AppError(
        'validation_failed',
        `${measure} is a marketing figure, counted for the whole workspace: leave out group.`,
      )
    return marketingRows(db, workspaceId, input, measure, page)
  }

  const groupBy = input.groupBy ?? 'team'
  const inGroup = input.group === undefined ? sql`true` : sql`h.group_key = ${input.group}`
  const where = sql`${salesCondition(measure, input.now)} and ${inGroup}`
  const handoffs = handoffRows(workspaceId, groupBy, inPeriod(input))
  const { rows } = await sql<HandoffRow & { total: number }>`
    select h.*, count(*) over () as total from (${handoffs}) h
    where ${where}
    order by h.assigned_at, h.id
    limit ${page.limit} offset ${page.offset}`.execute(db)
  return rowsPage(
    rows.map((r) => toSlaRow({ ...r, mql_id: null, mql_assigned_at: null, outcome: null })),
    await totalOf(rows, async () => {
      const counted = await sql<{ total: number }>`
        select count(*) as total from (${handoffs}) h where ${where}`.execute(db)
      return counted.rows[0]?.total ?? 0
    }),
    page,
  )
}

/** The MQLs behind a marketing figure, in the order they were delivered. */
async function marketingRows(
  db: Kysely<Database>,
  workspaceId: string,
  period: ReportPeriod,
  measure: MarketingMeasure,
  page: RowsPage,
): Promise<ReportRows<SlaRow>> {
  const outcome = measure === 'mql_delivered' ? null : measure.slice('mql_'.length)
  const matching = outcome === null ? sql`true` : sql`${mqlOutcome} = ${outcome}`
  const answered = handoffRows(workspaceId, 'team', sql`a.id in (select id from delivered)`)
  const { rows } = await sql<HandoffRow & MqlColumns & { total: number }>`
    with recursive ${deliveredMqls(workspaceId, period)}
    select h.*, d.mql_id, d.mql_assigned_at, ${mqlOutcome} as outcome,
      count(*) over () as total
    from delivered d join (${answered}) h on h.id = d.id
    where ${matching}
    order by d.mql_assigned_at, d.mql_id
    limit ${page.limit} offset ${page.offset}`.execute(db)
  const total = await totalOf(rows, async () => {
    const counted = await sql<{ total: number }>`
      with recursive ${deliveredMqls(workspaceId, period)}
      select count(*) as total from delivered d join (${answered}) h on h.id = d.id
      where ${matching}`.execute(db)
    return counted.rows[0]?.total ?? 0
  })
  return rowsPage(rows.map(toSlaRow), total, page)
}

/** The window count on any row of the page, or a count of its own past the last row. */
async function totalOf(
  rows: readonly { total: number }[],
  count: () => Promise<number>,
): Promise<number> {
  return rows[0]?.total ?? (await count())
}

interface MqlColumns {
  readonly mql_id: string | null
  readonly mql_assigned_at: Date | null
  readonly outcome: MqlOutcome | null
}

function toSlaRow(r: HandoffRow & MqlColumns): SlaRow {
  const name = [r.first_name, r.last_name].filter((p) => p !== null && p !== '').join(' ')
  return {
    id: r.id,
    contactId: r.contact_id,
    contactName: name === '' ? null : name,
    contactEmail: r.contact_email,
    kind: r.kind,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    teamId: r.team_id,
    teamName: r.team_name,
    motion: r.motion,
    status: r.status,
    assignedAt: r.assigned_at,
    acceptDueAt: r.accept_due_at,
    acceptedAt: r.accepted_at,
    firstTouchDueAt: r.first_touch_due_at,
    firstTouchAt: r.first_touch_at,
    closedAt: r.closed_at,
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    hoursToAccept: r.hours_to_accept,
    hoursToFirstTouch: r.hours_to_first_touch,
    acceptBreachedAt: r.accept_breached_at,
    firstTouchBreachedAt: r.first_touch_breached_at,
    reassignedFrom: r.reassigned_from,
    mqlAssignmentId: r.mql_id,
    mqlAssignedAt: r.mql_assigned_at,
    outcome: r.outcome,
  }
}
