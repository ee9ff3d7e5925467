import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { queueAlert } from '../alerts/queue-alert.ts'
import { recordAudit } from '../audit.ts'
import { activeContracts } from '../contracts.ts'
import { handOff, localTime, personLine } from './hand-off.ts'
import { routeContact } from './route-lead.ts'

// The SLA clocks' timers fall due here: a reminder to the owner before a due time; at a breach,
// escalation to the owner's manager and, where the motion says so, routing the lead again. Each
// timer fires once: it is marked in the transaction that acts on it, and timers that fell due
// while the server was down fire at the next sweep.

export interface SweepOutcome {
  readonly fired: number
  readonly notifications: number
}

const BATCH = 100

/** Fires every timer due by `now`, workspace by workspace, oldest first. */
export async function sweepSlaTimers(db: Kysely<Database>, now: Date): Promise<SweepOutcome> {
  let fired = 0
  let notifications = 0
  const workspaces = await db.selectFrom('workspaces').select('id').execute()
  for (const { id } of workspaces) {
    const outcome = await sweepWorkspace(db, id, now)
    fired += outcome.fired
    notifications += outcome.notifications
  }
  return { fired, notifications }
}

/** One transaction per batch of due timers, so a long backlog commits as it goes. */
async function sweepWorkspace(
  db: Kysely<Database>,
  workspaceId: string,
  now: Date,
): Promise<SweepOutcome> {
  let fired = 0
  let notifications = 0
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('sla_timers')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('fired_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute()
      let sent = 0
      for (const timer of due) sent += await fire(trx, timer, now)
      return { count: due.length, sent }
    })
    fired += batch.count
    notifications += batch.sent
    if (batch.count < BATCH) return { fired, notifications }
  }
}

interface DueTimer {
  readonly workspace_id: string
  readonly id: string
  readonly assignment_id: string
  readonly clock: 'accept' | 'first_touch'
  readonly kind: 'reminder' | 'breach'
  readonly due_at: Date
}

async function fire(trx: Kysely<Database>, timer: DueTimer, now: Date): Promise<number> {
  const ws = timer.workspace_id
  await trx
    .updateTable('sla_timers')
    .set({ fired_at: now })
    .where('workspace_id', '=', ws)
    .where('id', '=', timer.id)
    .execute()
  const a = await trx
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'a.workspace_id').onRef('t.id', '=', 'a.team_id'),
    )
    .select([
      'a.id',
      'a.entity_id',
      'a.kind',
      'a.status',
      'a.motion',
      'a.first_touch_at',
      'a.accept_due_at',
      'a.first_touch_due_at',
      'u.id as owner_id',
      'u.name as owner_name',
      'u.time_zone',
      'u.manager_id',
      't.manager_id as team_manager_id',
    ])
    .where('a.workspace_id', '=', ws)
    .where('a.id', '=', timer.assignment_id)
    .executeTakeFirstOrThrow()
  // A timer whose clock has stopped is spent without a word (answered or touched in time).
  const running =
    timer.clock === 'accept'
      ? a.status === 'pending'
      : (a.status === 'pending' || a.status === 'accepted') && a.first_touch_at === null
  if (!running) return 0
  const dueAt = timer.clock === 'accept' ? a.accept_due_at : a.first_touch_due_at
  // A reminder that fires after its due time (the server was down) would only confuse.
  if (timer.kind === 'reminder' && dueAt !== null && dueAt <= now) return 0
  const person = await personLine(trx, ws, a.entity_id)
  const what = timer.clock === 'accept' ? 'accept or reject' : 'first touch'
  if (timer.kind === 'reminder') {
    await queueAlert(trx, {
      workspaceId: ws,
      recipientId: a.owner_id,
      kind: 'sla_reminder',
      values: {
        person,
        task: what,
        dueBy: dueAt === null ? 'soon' : localTime(dueAt, a.time_zone),
      },
      entityType: 'contact',
      entityId: a.entity_id,
      at: now,
    })
    return 1
  }
  let sent = 0
  const manager = a.manager_id ?? (a.team_manager_id !== a.owner_id ? a.team_manager_id : null)
  const routing = (await activeContracts(trx, ws)).routing
  const policy = routing?.body.motions[a.motion ?? 'volume'].sla.onBreach
  if (manager !== null && (policy?.escalate ?? true)) {
    await queueAlert(trx, {
      workspaceId: ws,
      recipientId: manager,
      kind: 'sla_breach',
      values: {
        person,
        owner: a.owner_name,
        task: what,
        dueAt: dueAt === null ? 'earlier' : localTime(dueAt, a.time_zone),
      },
      entityType: 'contact',
      entityId: a.entity_id,
      at: now,
    })
    sent += 1
  }
  await recordAudit(trx, {
    workspaceId: ws,
    actor: { type: 'system', id: 'sla' },
    action: `sla.${timer.clock}_breached`,
    entityType: 'assignment',
    entityId: a.id,
    details: { ownerId: a.owner_id, dueAt: dueAt?.toISOString(), escalatedTo: manager },
    at: now,
  })
  if (timer.clock === 'accept' && policy?.reassign === true && routing !== undefined)
    sent += await reassign(trx, ws, a, routing, person, now)
  return sent
}

/**
 * Routes the lead again, to someone other than the owner who missed the SLA. When nobody else
 * can take it, it stays with its owner (and the manager already knows).
 */
async function reassign(
  trx: Kysely<Database>,
  ws: string,
  a: {
    readonly id: string
    readonly entity_id: string
    readonly kind: string
    readonly owner_id: string
  },
  routing: NonNullable<Awaited<ReturnType<typeof activeContracts>>['routing']>,
  person: string,
  now: Date,
): Promise<number> {
  const exclude = [a.owner_id]
  const next = await routeContact(trx, ws, a.entity_id, routing.body, {
    now,
    dryRun: true,
    exclude,
  })
  if (next.ownerId === null) {
    await recordAudit(trx, {
      workspaceId: ws,
      actor: { type: 'system', id: 'sla' },
      action: 'sla.reassign_failed',
      entityType: 'assignment',
      entityId: a.id,
      details: { reasons: next.reasons },
      at: now,
    })
    return 0
  }
  await trx
    .updateTable('assignments')
    .set({ status: 'reassigned', closed_at: now })
    .where('workspace_id', '=', ws)
    .where('id', '=', a.id)
    .execute()
  await trx
    .updateTable('sla_timers')
    .set({ cancelled_at: now })
    .where('workspace_id', '=', ws)
    .where('assignment_id', '=', a.id)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute()
  const outcome = await handOff(trx, {
    workspaceId: ws,
    contactId: a.entity_id,
    kind: a.kind === 'explore' ? 'explore' : a.kind === 'mql' ? 'mql' : 'manual',
    routing,
    at: now,
    exclude,
    reassignedFrom: a.id,
  })
  if (outcome.kind !== 'assigned') return 0
  await queueAlert(trx, {
    workspaceId: ws,
    recipientId: a.owner_id,
    kind: 'reassigned',
    values: { person, newOwner: outcome.decision.ownerName ?? 'someone else' },
    entityType: 'contact',
    entityId: a.entity_id,
    at: now,
  })
  return 2
}
