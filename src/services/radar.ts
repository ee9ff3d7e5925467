import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { mayAnswer } from '../domain/lifecycle/may-answer.ts'
import type { AccountStage, AssignmentsTable, Database, Role } from '../store/database.ts'

// The dashboard's radar in one read: the handoffs waiting for an answer (with their accept
// deadlines, so the page counts them down), the accepted ones whose first touch is overdue,
// accounts whose engagement is surging, and accounts that moved stage this week.

/** Momentum (this week against the weekly average of the three before) that counts as a surge. */
export const SURGE_MOMENTUM = 2
/** Stage moves of accounts this recent are on the radar. */
export const STAGE_MOVE_DAYS = 7
/** The most handoffs one radar lists; `pendingTotal` says how many wait in all. */
export const RADAR_LIST_LIMIT = 200
const ACCOUNT_LIMIT = 10
const DAY_MS = 86_400_000

type AnswerScope = Database & {
  a: Database['assignments']
  u: Database['users']
  t: Database['teams']
}

export interface RadarViewer {
  readonly workspaceId: string
  /** The person looking, or null for an API key that acts for no one (who answers nothing). */
  readonly userId: string | null
}

export interface RadarHandoff {
  readonly id: string
  readonly kind: AssignmentsTable['kind']
  readonly contactId: string | null
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly accountName: string | null
  readonly ownerId: string
  readonly ownerName: string
  readonly teamName: string | null
  readonly assignedAt: Date
  readonly acceptDueAt: Date | null
  readonly routingReasons: readonly string[]
  /** Whether the viewer may accept, reject or recycle it (the owner, their manager, an admin). */
  readonly mayAnswer: boolean
}

export interface FirstTouchBreach {
  readonly id: string
  readonly kind: AssignmentsTable['kind']
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly ownerName: string
  readonly acceptedAt: Date | null
  readonly firstTouchDueAt: Date
}

export interface SurgingAccount {
  readonly id: string
  readonly name: string
  readonly domain: string | null
  readonly momentum: number
  readonly engagementScore: number
  readonly icpTier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
}

export interface StageMove {
  readonly id: string
  readonly name: string
  readonly stage: AccountStage | null
  readonly changedAt: Date
}

export interface Radar {
  /** The server's time the radar was read at: deadlines count down from it. */
  readonly now: Date
  /** Waiting for an answer, the soonest accept deadline first (overdue ones included). */
  readonly pending: readonly RadarHandoff[]
  readonly pendingTotal: number
  /**
   * The waiting handoffs the viewer may answer, in the same order: the queue's own list, so a rep
   * sees all of theirs however many others wait in the workspace.
   */
  readonly yours: readonly RadarHandoff[]
  readonly yoursTotal: number
  readonly firstTouchBreaches: readonly FirstTouchBreach[]
  readonly surging: readonly SurgingAccount[]
  readonly stageMoves: readonly StageMove[]
}

export async function readRadar(
  db: Kysely<Database>,
  viewer: RadarViewer,
  now: Date,
): Promise<Radar> {
  const ws = viewer.workspaceId
  const waiting = () =>
    handoffRows(db, ws)
      .select([
        'a.accept_due_at',
        'a.routing_reasons',
        'u.manager_id',
        't.manager_id as team_manager_id',
      ])
      .where('a.status', '=', 'pending')
      .orderBy(sql`a.accept_due_at asc nulls last`)
      .orderBy('a.assigned_at')
      .orderBy('a.id')
      .limit(RADAR_LIST_LIMIT)
  const answerable = viewer.userId === null ? undefined : answerableBy(viewer.userId)
  const [user, pending, pendingTotal, yours, yoursTotal, firstTouchBreaches, surging, stageMoves] =
    await Promise.all([
      viewer.userId === null
        ? undefined
        : db
            .selectFrom('users')
            .select(['id', 'role'])
            .where('workspace_id', '=', ws)
            .where('id', '=', viewer.userId)
            .executeTakeFirst(),
      waiting().execute(),
      db
        .selectFrom('assignments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
      answerable === undefined ? [] : waiting().where(answerable).execute(),
      answerable === undefined
        ? { n: 0 }
        : db
            .selectFrom('assignments as a')
            .innerJoin('users as u', (j) =>
              j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
            )
            .leftJoin('teams as t', (j) =>
              j.onRef('t.workspace_id', '=', 'a.workspace_id').onRef('t.id', '=', 'u.team_id'),
            )
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('a.workspace_id', '=', ws)
            .where('a.status', '=', 'pending')
            .where(answerable)
            .executeTakeFirstOrThrow(),
      handoffRows(db, ws)
        .select(['a.accepted_at', 'a.first_touch_due_at'])
        .where('a.status', '=', 'accepted')
        .where('a.first_touch_at', 'is', null)
        .where('a.first_touch_due_at', '<', now)
        .orderBy('a.first_touch_due_at')
        .limit(RADAR_LIST_LIMIT)
        .execute(),
      db
        .selectFrom('accounts')
        .select(['id', 'name', 'domain', 'momentum', 'engagement_score', 'icp_tier', 'stage'])
        .where('workspace_id', '=', ws)
        .where('momentum', '>=', SURGE_MOMENTUM)
        .orderBy('momentum', 'desc')
        .orderBy('engagement_score', 'desc')
        .orderBy('id')
        .limit(ACCOUNT_LIMIT)
        .execute(),
      db
        .selectFrom('accounts')
        .select(['id', 'name', 'stage', 'stage_changed_at'])
        .where('workspace_id', '=', ws)
        .where('stage_changed_at', '>=', new Date(now.getTime() - STAGE_MOVE_DAYS * DAY_MS))
        .where('stage_changed_at', '<=', now)
        .orderBy('stage_changed_at', 'desc')
        .orderBy('id')
        .limit(ACCOUNT_LIMIT)
        .execute(),
    ])
  const toHandoff = (r: (typeof pending)[number]): RadarHandoff => ({
    ...subjectOf(r),
    assignedAt: r.assigned_at,
    acceptDueAt: r.accept_due_at,
    routingReasons: (r.routing_reasons as unknown[]).map(String),
    mayAnswer:
      user !== undefined &&
      mayAnswer(
        { id: user.id, role: user.role as Role },
        { id: r.owner_id, managerId: r.manager_id, teamManagerId: r.team_manager_id },
      ),
  })
  return {
    now,
    pending: pending.map(toHandoff),
    pendingTotal: Number(pendingTotal.n),
    yours: yours.map(toHandoff),
    yoursTotal: Number(yoursTotal.n),
    firstTouchBreaches: firstTouchBreaches.map((r) => ({
      id: r.id,
      kind: r.kind,
      contactName: subjectOf(r).contactName,
      contactEmail: r.contact_email,
      ownerName: r.owner_name,
      acceptedAt: r.accepted_at,
      firstTouchDueAt: r.first_touch_due_at as Date,
    })),
    surging: surging.map((r) => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      momentum: Number(r.momentum),
      engagementScore: Number(r.engagement_score),
      icpTier: r.icp_tier,
      stage: r.stage,
    })),
    stageMoves: stageMoves.map((r) => ({
      id: r.id,
      name: r.name,
      stage: r.stage,
      changedAt: r.stage_changed_at as Date,
    })),
  }
}

/**
 * What changes when the radar's handoffs do: a new handoff, an answer, a touch, a reassignment.
 * Cheap to read every few seconds; the live stream re-reads the radar when it differs.
 */
export async function radarFingerprint(db: Kysely<Database>, workspaceId: string): Promise<string> {
  const row = await db
    .selectFrom('assignments')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('accepted_at').as('accepted'),
      eb.fn.count<number>('closed_at').as('closed'),
      eb.fn.count<number>('first_touch_at').as('touched'),
      eb.fn.max('assigned_at').as('assigned'),
      eb.fn.max('accepted_at').as('lastAccepted'),
      eb.fn.max('closed_at').as('lastClosed'),
      eb.fn.max('first_touch_at').as('lastTouched'),
    ])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  const time = (d: Date | string | null) => (d === null ? '' : new Date(d).toISOString())
  return [
    row.n,
    row.accepted,
    row.closed,
    row.touched,
    time(row.assigned),
    time(row.lastAccepted),
    time(row.lastClosed),
    time(row.lastTouched),
  ].join('|')
}

/**
 * The handoffs a person may answer, as a condition on a query of assignments `a` joined to their
 * owner `u` and the owner's team `t`: what `mayAnswer` decides for one, for all at once.
 */
function answerableBy(userId: string) {
  return (eb: ExpressionBuilder<AnswerScope, 'a' | 'u' | 't'>) =>
    eb.or([
      eb('a.owner_id', '=', userId),
      eb(eb.fn.coalesce('u.manager_id', 't.manager_id'), '=', userId),
      eb.exists(
        eb
          .selectFrom('users as me')
          .select('me.id')
          .whereRef('me.workspace_id', '=', 'a.workspace_id')
          .where('me.id', '=', userId)
          .where('me.role', '=', 'admin'),
      ),
    ])
}

function handoffRows(db: Kysely<Database>, ws: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'a.workspace_id').onRef('t.id', '=', 'u.team_id'),
    )
    .leftJoin('contacts as c', (j) =>
      j
        .onRef('c.workspace_id', '=', 'a.workspace_id')
        .onRef('c.id', '=', 'a.entity_id')
        .on('a.entity_type', '=', 'contact'),
    )
    .leftJoin('accounts as acc', (j) =>
      j
        .onRef('acc.workspace_id', '=', 'a.workspace_id')
        .on((eb) =>
          eb(
            'acc.id',
            '=',
            eb.fn.coalesce(
              'c.account_id',
              eb.case().when('a.entity_type', '=', 'account').then(eb.ref('a.entity_id')).end(),
            ),
          ),
        ),
    )
    .select([
      'a.id',
      'a.kind',
      'a.entity_type',
      'a.entity_id',
      'a.owner_id',
      'a.assigned_at',
      'u.name as owner_name',
      't.name as team_name',
      'c.first_name',
      'c.last_name',
      'c.email as contact_email',
      'acc.name as account_name',
    ])
    .where('a.workspace_id', '=', ws)
}

interface SubjectRow {
  readonly id: string
  readonly kind: AssignmentsTable['kind']
  readonly entity_type: 'contact' | 'account'
  readonly entity_id: string
  readonly owner_id: string
  readonly owner_name: string
  readonly team_name: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly contact_email: string | null
  readonly account_name: string | null
}

function subjectOf(r: SubjectRow) {
  const name = [r.first_name, r.last_name].filter((p) => p !== null && p !== '').join(' ')
  return {
    id: r.id,
    kind: r.kind,
    contactId: r.entity_type === 'contact' ? r.entity_id : null,
    contactName: name === '' ? null : name,
    contactEmail: r.contact_email,
    accountName: r.account_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    teamName: r.team_name,
  }
}
