import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { campaignKey } from '../../domain/activity-classification.ts'
import type { PlanGoal } from '../../domain/plans/plan-goals.ts'
import type { PlayKind } from '../../domain/plans/play-recommendations.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'
import { type AuditActor, recordAudit } from '../audit.ts'
import { campaignIdsByKey } from '../campaigns.ts'
import type { Page, PageRequest } from '../lead-review.ts'
import { pageLimit } from '../newest-first-page.ts'

// Account plans (seed 000): for a target account, sales sets goals for a period and marketing
// attaches plays, each with an owner, dates, a status and the campaign whose activities it
// produces. One plan per account is active at a time.

/** Plays one plan may hold: a plan is a focus, and a list of them stays readable. */
export const MAX_PLAYS_PER_PLAN = 100

export type PlanStatus = 'draft' | 'active' | 'closed'
export type PlayStatus = 'proposed' | 'active' | 'done' | 'dropped'

export interface PlayView {
  readonly id: string
  readonly planId: string
  readonly kind: PlayKind
  readonly name: string
  readonly status: PlayStatus
  readonly ownerId: string | null
  readonly ownerName: string | null
  readonly goal: string | null
  readonly reason: string | null
  readonly campaignId: string | null
  readonly campaignKey: string | null
  readonly startsAt: Date | null
  readonly endsAt: Date | null
  /** Activities at the account from the play's campaign between its dates. */
  readonly activities: number
}

export interface PlanView {
  readonly id: string
  readonly accountId: string
  readonly accountName: string
  readonly ownerId: string | null
  readonly ownerName: string | null
  readonly periodStart: string
  readonly periodEnd: string
  readonly status: PlanStatus
  readonly goals: readonly PlanGoal[]
  readonly plays: readonly PlayView[]
  readonly createdAt: Date
  readonly updatedAt: Date
}

export interface NewPlan {
  readonly accountId: string
  readonly ownerId?: string
  readonly periodStart: string
  readonly periodEnd: string
  readonly goals: readonly PlanGoal[]
  readonly status?: Exclude<PlanStatus, 'closed'>
}

export async function createPlan(
  db: Kysely<Database>,
  workspaceId: string,
  plan: NewPlan,
  actor: AuditActor,
  at: Date,
): Promise<PlanView> {
  checkPeriod(plan.periodStart, plan.periodEnd)
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', plan.accountId)
      .executeTakeFirst()
    if (account === undefined)
      throw new AppError('not_found', `No account ${plan.accountId} in this workspace.`)
    if (plan.ownerId !== undefined) await checkUser(trx, workspaceId, plan.ownerId)
    if (plan.status === 'active') await checkNoOtherActive(trx, workspaceId, plan.accountId, id)
    await trx
      .insertInto('account_plans')
      .values({
        workspace_id: workspaceId,
        id,
        account_id: plan.accountId,
        owner_id: plan.ownerId ?? null,
        period_start: plan.periodStart,
        period_end: plan.periodEnd,
        goals: jsonb(plan.goals),
        status: plan.status ?? 'draft',
        created_at: at,
        updated_at: at,
      })
      .execute()
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'plan.created',
      entityType: 'account',
      entityId: plan.accountId,
      details: { planId: id, status: plan.status ?? 'draft', goals: plan.goals },
      at,
    })
  })
  return getPlan(db, workspaceId, id, at)
}

export interface PlanChanges {
  readonly status?: PlanStatus
  readonly goals?: readonly PlanGoal[]
  readonly periodEnd?: string
  readonly ownerId?: string | null
}

export async function updatePlan(
  db: Kysely<Database>,
  workspaceId: string,
  planId: string,
  changes: PlanChanges,
  actor: AuditActor,
  at: Date,
): Promise<PlanView> {
  await db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('account_plans')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirst()
    if (plan === undefined) throw new AppError('not_found', `No account plan ${planId}.`)
    if (plan.status === 'closed' && changes.status !== undefined && changes.status !== 'closed')
      throw new AppError('conflict', 'This plan is closed; start a new plan for the account.')
    if (changes.periodEnd !== undefined) checkPeriod(String(plan.period_start), changes.periodEnd)
    if (changes.ownerId != null) await checkUser(trx, workspaceId, changes.ownerId)
    if (changes.status === 'active' && plan.status !== 'active')
      await checkNoOtherActive(trx, workspaceId, plan.account_id, planId)
    await trx
      .updateTable('account_plans')
      .set({
        ...(changes.status === undefined ? {} : { status: changes.status }),
        ...(changes.goals === undefined ? {} : { goals: jsonb(changes.goals) }),
        ...(changes.periodEnd === undefined ? {} : { period_end: changes.periodEnd }),
        ...(changes.ownerId === undefined ? {} : { owner_id: changes.ownerId }),
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', planId)
      .execute()
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'plan.changed',
      entityType: 'account',
      entityId: plan.account_id,
      details: { planId, ...changes },
      at,
    })
  })
  return getPlan(db, workspaceId, planId, at)
}

export interface NewPlay {
  readonly kind: PlayKind
  readonly name: string
  readonly ownerId?: string
  readonly goal?: string
  readonly reason?: string
  /** The campaign (UTM campaign key) whose activities this play produces. */
  readonly campaignKey?: string
  readonly startsAt?: Date
  readonly endsAt?: Date
  readonly status?: Exclude<PlayStatus, 'done' | 'dropped'>
}

export async function addPlay(
  db: Kysely<Database>,
  workspaceId: string,
  planId: string,
  play: NewPlay,
  actor: AuditActor,
  at: Date,
): Promise<PlayView> {
  if (play.startsAt !== undefined && play.endsAt !== undefined && play.endsAt < play.startsAt)
    throw new AppError('validation_failed', 'A play cannot end before it starts.')
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('account_plans')
      .select(['account_id', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', planId)
      .executeTakeFirst()
    if (plan === undefined) throw new AppError('not_found', `No account plan ${planId}.`)
    if (plan.status === 'closed')
      throw new AppError('conflict', 'This plan is closed; plays go on an open plan.')
    const { n } = await trx
      .selectFrom('plays')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow()
    if (Number(n) >= MAX_PLAYS_PER_PLAN)
      throw new AppError(
        'conflict',
        `This plan holds ${MAX_PLAYS_PER_PLAN} plays, the most a plan may: drop or finish some, or start a new plan.`,
      )
    if (play.ownerId !== undefined) await checkUser(trx, workspaceId, play.ownerId)
    // The key tracking derives from utm_campaign, so the play finds its activities.
    const key = play.campaignKey === undefined ? undefined : campaignKey(play.campaignKey)
    const campaignId =
      key === undefined
        ? null
        : ((
            await campaignIdsByKey(
              trx,
              workspaceId,
              [{ key, name: play.campaignKey ?? key, channel: 'other' }],
              at,
            )
          ).get(key) ?? null)
    await trx
      .insertInto('plays')
      .values({
        workspace_id: workspaceId,
        id,
        plan_id: planId,
        kind: play.kind,
        name: play.name,
        status: play.status ?? 'proposed',
        owner_id: play.ownerId ?? null,
        goal: play.goal ?? null,
        reason: play.reason ?? null,
        campaign_id: campaignId,
        // A play that starts active without a start date starts now.
        starts_at: play.startsAt ?? (play.status === 'active' ? at : null),
        ends_at: play.endsAt ?? null,
        created_by: actor.type === 'user' ? actor.id : null,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'play.added',
      entityType: 'account',
      entityId: plan.account_id,
      details: { planId, playId: id, kind: play.kind, name: play.name },
      at,
    })
  })
  return getPlay(db, workspaceId, id, at)
}

export interface PlayChanges {
  readonly status?: PlayStatus
  readonly ownerId?: string | null
  readonly startsAt?: Date | null
  readonly endsAt?: Date | null
  readonly goal?: string | null
}

export async function updatePlay(
  db: Kysely<Database>,
  workspaceId: string,
  playId: string,
  changes: PlayChanges,
  actor: AuditActor,
  at: Date,
): Promise<PlayView> {
  await db.transaction().execute(async (trx) => {
    const play = await trx
      .selectFrom('plays as p')
      .innerJoin('account_plans as ap', (j) =>
        j.onRef('ap.workspace_id', '=', 'p.workspace_id').onRef('ap.id', '=', 'p.plan_id'),
      )
      .select(['p.status', 'p.starts_at', 'p.ends_at', 'ap.account_id'])
      .where('p.workspace_id', '=', workspaceId)
      .where('p.id', '=', playId)
      .forUpdate()
      .executeTakeFirst()
    if (play === undefined) throw new AppError('not_found', `No play ${playId}.`)
    if (changes.ownerId != null) await checkUser(trx, workspaceId, changes.ownerId)
    const startsAt = changes.startsAt === undefined ? play.starts_at : changes.startsAt
    const endsAt = changes.endsAt === undefined ? play.ends_at : changes.endsAt
    if (startsAt !== null && endsAt !== null && new Date(endsAt) < new Date(startsAt))
      throw new AppError('validation_failed', 'A play cannot end before it starts.')
    // A play started without a start date starts now; one finished without an end, ends now.
    const starting = changes.status === 'active' && startsAt === null
    const ending = (changes.status === 'done' || changes.status === 'dropped') && endsAt === null
    await trx
      .updateTable('plays')
      .set({
        ...(changes.status === undefined ? {} : { status: changes.status }),
        ...(changes.ownerId === undefined ? {} : { owner_id: changes.ownerId }),
        ...(changes.goal === undefined ? {} : { goal: changes.goal }),
        ...(changes.startsAt === undefined && !starting ? {} : { starts_at: startsAt ?? at }),
        ...(changes.endsAt === undefined && !ending ? {} : { ends_at: endsAt ?? at }),
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', playId)
      .execute()
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'play.changed',
      entityType: 'account',
      entityId: play.account_id,
      details: { playId, ...changes },
      at,
    })
  })
  return getPlay(db, workspaceId, playId, at)
}

export async function getPlan(
  db: Kysely<Database>,
  workspaceId: string,
  planId: string,
  now: Date,
): Promise<PlanView> {
  const [plan] = await planViews(db, workspaceId, { planIds: [planId] }, now)
  if (plan === undefined) throw new AppError('not_found', `No account plan ${planId}.`)
  return plan
}

export interface PlanFilter {
  readonly accountId?: string
  readonly status?: PlanStatus
  readonly ownerId?: string
  readonly page: PageRequest
}

/** Plans, newest period first, then by id, in pages. */
export async function listPlans(
  db: Kysely<Database>,
  workspaceId: string,
  filter: PlanFilter,
  now: Date,
): Promise<Page<PlanView>> {
  const limit = pageLimit(filter.page)
  let query = db
    .selectFrom('account_plans')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .limit(limit + 1)
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId)
  if (filter.status !== undefined) query = query.where('status', '=', filter.status)
  if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId)
  if (filter.page.after !== undefined) query = query.where('id', '>', filter.page.after)
  const ids = (await query.execute()).map((r) => r.id)
  const items = await planViews(db, workspaceId, { planIds: ids.slice(0, limit) }, now)
  return {
    items,
    ...(ids.length > limit ? { next: ids[limit - 1] as string } : {}),
  }
}

async function planViews(
  db: Kysely<Database>,
  workspaceId: string,
  filter: { readonly planIds: readonly string[] },
  now: Date,
): Promise<PlanView[]> {
  if (filter.planIds.length === 0) return []
  const plans = await db
    .selectFrom('account_plans as ap')
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'ap.workspace_id').onRef('a.id', '=', 'ap.account_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'ap.workspace_id').onRef('u.id', '=', 'ap.owner_id'),
    )
    .select([
      'ap.id',
      'ap.account_id',
      'a.name as account_name',
      'ap.owner_id',
      'u.name as owner_name',
      'ap.period_start',
      'ap.period_end',
      'ap.status',
      'ap.goals',
      'ap.created_at',
      'ap.updated_at',
    ])
    .where('ap.workspace_id', '=', workspaceId)
    .where('ap.id', 'in', filter.planIds)
    .orderBy('ap.id')
    .execute()
  const plays = await playViews(db, workspaceId, { planIds: filter.planIds }, now)
  return plans.map((p) => ({
    id: p.id,
    accountId: p.account_id,
    accountName: p.account_name,
    ownerId: p.owner_id,
    ownerName: p.owner_name,
    periodStart: day(p.period_start),
    periodEnd: day(p.period_end),
    status: p.status,
    goals: p.goals as PlanGoal[],
    plays: plays.filter((play) => play.planId === p.id),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  }))
}

async function getPlay(
  db: Kysely<Database>,
  workspaceId: string,
  playId: string,
  now: Date,
): Promise<PlayView> {
  const [play] = await playViews(db, workspaceId, { playIds: [playId] }, now)
  if (play === undefined) throw new AppError('not_found', `No play ${playId}.`)
  return play
}

async function playViews(
  db: Kysely<Database>,
  workspaceId: string,
  filter: { readonly planIds?: readonly string[]; readonly playIds?: readonly string[] },
  now: Date,
): Promise<PlayView[]> {
  const ids = filter.planIds ?? filter.playIds ?? []
  if (ids.length === 0) return []
  const rows = await sql<{
    id: string
    plan_id: string
    kind: PlayKind
    name: string
    status: PlayStatus
    owner_id: string | null
    owner_name: string | null
    goal: string | null
    reason: string | null
    campaign_id: string | null
    campaign_key: string | null
    starts_at: Date | null
    ends_at: Date | null
    activities: string
  }>`
    select p.id, p.plan_id, p.kind, p.name, p.status, p.owner_id, u.name as owner_name, p.goal,
      p.reason, p.campaign_id, c.key as campaign_key, p.starts_at, p.ends_at,
      (select count(*) from activities act
        where act.workspace_id = p.workspace_id and act.campaign_id = p.campaign_id
          and (act.account_id = ap.account_id or act.contact_id in (
            select id from contacts where workspace_id = p.workspace_id and account_id = ap.account_id))
          and act.occurred_at >= coalesce(p.starts_at, ap.period_start::timestamptz)
          and act.occurred_at <= coalesce(p.ends_at, ${now})) as activities
    from plays p
    join account_plans ap on ap.workspace_id = p.workspace_id and ap.id = p.plan_id
    left join users u on u.workspace_id = p.workspace_id and u.id = p.owner_id
    left join campaigns c on c.workspace_id = p.workspace_id and c.id = p.campaign_id
    where p.workspace_id = ${workspaceId}
      and ${filter.planIds !== undefined ? sql`p.plan_id` : sql`p.id`} = any(${ids}::uuid[])
    order by p.created_at, p.id`.execute(db)
  return rows.rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    goal: r.goal,
    reason: r.reason,
    campaignId: r.campaign_id,
    campaignKey: r.campaign_key,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    activities: Number(r.activities),
  }))
}

const day = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

function checkPeriod(start: string, end: string): void {
  if (end < start)
    throw new AppError(
      'validation_failed',
      `The plan's period ends (${end}) before it starts (${start}).`,
    )
}

async function checkUser(trx: Kysely<Database>, workspaceId: string, userId: string) {
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst()
  if (user === undefined) throw new AppError('not_found', `No user ${userId} in this workspace.`)
}

async function checkNoOtherActive(
  trx: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  planId: string,
) {
  const other = await trx
    .selectFrom('account_plans')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .where('id', '!=', planId)
    .executeTakeFirst()
  if (other !== undefined)
    throw new AppError(
      'conflict',
      `The account already has an active plan (${other.id}): close it before activating another.`,
      { activePlanId: other.id },
    )
}
