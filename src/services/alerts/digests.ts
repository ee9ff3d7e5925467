import type { Kysely } from 'kysely'
import { type DigestFrequency, digestDue } from '../../domain/alerts/digest-schedule.ts'
import { doNotContactNote } from '../../domain/consent.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { consentsOf } from '../consents.ts'
import { localTime, personLine } from '../handoff/hand-off.ts'
import { queueAlert } from './queue-alert.ts'

// Each rep's digest, daily or weekly as they chose: the leads waiting for their answer or first
// touch, the deadlines they missed since the last digest, and their accounts that are surging.
// A digest with nothing in it is not sent: it would teach reps to ignore the next one.

const LISTED = 10

export async function setDigestFrequency(
  db: Kysely<Database>,
  workspaceId: string,
  userId: string,
  frequency: DigestFrequency,
): Promise<void> {
  const updated = await db
    .updateTable('users')
    .set({ digest_frequency: frequency })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0)
    throw new AppError('not_found', `There is no user ${userId} in this workspace.`)
}

/** Queues every digest due at `now`, workspace by workspace; returns how many. */
export async function queueDueDigests(db: Kysely<Database>, now: Date): Promise<number> {
  const reps = await db
    .selectFrom('users as u')
    .select([
      'u.workspace_id',
      'u.id',
      'u.name',
      'u.time_zone',
      'u.digest_frequency',
      (eb) =>
        eb
          .selectFrom('notifications as n')
          .select((e) => e.fn.max('n.created_at').as('last'))
          .whereRef('n.workspace_id', '=', 'u.workspace_id')
          .whereRef('n.recipient_id', '=', 'u.id')
          .where('n.kind', '=', 'digest')
          .as('last_digest_at'),
    ])
    .where('u.digest_frequency', '!=', 'off')
    .where('u.active', '=', true)
    .execute()
  let queued = 0
  for (const rep of reps) {
    const lastSentAt = rep.last_digest_at === null ? null : new Date(rep.last_digest_at)
    const recipient = { frequency: rep.digest_frequency, timeZone: rep.time_zone, lastSentAt }
    if (!digestDue(recipient, now)) continue
    const sent = await db.transaction().execute((trx) => queueDigest(trx, rep, lastSentAt, now))
    if (sent) queued += 1
  }
  return queued
}

async function queueDigest(
  trx: Kysely<Database>,
  rep: {
    readonly workspace_id: string
    readonly id: string
    readonly name: string
    readonly time_zone: string
    readonly digest_frequency: DigestFrequency
  },
  lastSentAt: Date | null,
  now: Date,
): Promise<boolean> {
  const ws = rep.workspace_id
  const waiting = await trx
    .selectFrom('assignments')
    .select(['entity_id', 'status', 'accept_due_at', 'first_touch_due_at'])
    .where('workspace_id', '=', ws)
    .where('owner_id', '=', rep.id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'accepted'), eb('first_touch_at', 'is', null)]),
      ]),
    )
    .orderBy('assigned_at')
    .execute()
  const since = lastSentAt ?? new Date(now.getTime() - 7 * 86_400_000)
  const breaches = await trx
    .selectFrom('sla_timers as t')
    .innerJoin('assignments as a', (j) =>
      j.onRef('a.workspace_id', '=', 't.workspace_id').onRef('a.id', '=', 't.assignment_id'),
    )
    .select(['a.entity_id', 't.clock', 't.due_at'])
    .where('t.workspace_id', '=', ws)
    .where('a.owner_id', '=', rep.id)
    .where('t.kind', '=', 'breach')
    .where('t.fired_at', '>', since)
    .where('t.fired_at', '<=', now)
    .orderBy('t.due_at')
    .execute()
  const surging = await trx
    .selectFrom('accounts')
    .select(['name', 'momentum'])
    .where('workspace_id', '=', ws)
    .where('surging_since', 'is not', null)
    .where((eb) => eb.or([eb('owner_id', '=', rep.id), eb('sdr_id', '=', rep.id)]))
    .orderBy('momentum', 'desc')
    .execute()
  if (waiting.length + breaches.length + surging.length === 0) return false

  const when = (at: Date | null) => (at === null ? 'soon' : localTime(at, rep.time_zone))
  // Every person the digest quotes says where they must not be contacted, as single alerts do.
  const consents = await consentsOf(trx, ws, [
    ...waiting.slice(0, LISTED).map((a) => a.entity_id),
    ...breaches.slice(0, LISTED).map((b) => b.entity_id),
  ])
  const person = async (contactId: string) => {
    const note = doNotContactNote(consents.get(contactId) ?? [])
    const line = await personLine(trx, ws, contactId)
    return note === undefined ? line : `${line} [${note.replace(/\.$/, '')}]`
  }
  const pending: string[] = []
  for (const a of waiting.slice(0, LISTED))
    pending.push(
      `- ${await person(a.entity_id)}: ${
        a.status === 'pending'
          ? `accept or reject by ${when(a.accept_due_at)}`
          : `first touch by ${when(a.first_touch_due_at)}`
      }`,
    )
  const missed: string[] = []
  for (const b of breaches.slice(0, LISTED))
    missed.push(
      `- ${await person(b.entity_id)}: ${b.clock === 'accept' ? 'accept or reject' : 'first touch'} was due ${when(b.due_at)}`,
    )
  const hot = surging
    .slice(0, LISTED)
    .map((s) => `- ${s.name}: ${Number(s.momentum).toFixed(1)} times its usual activity`)
  const list = (lines: string[], total: number) =>
    lines.length === 0
      ? '- none'
      : [...lines, ...(total > lines.length ? [`- and ${total - lines.length} more`] : [])].join(
          '\n',
        )
  await queueAlert(trx, {
    workspaceId: ws,
    recipientId: rep.id,
    kind: 'digest',
    values: {
      name: rep.name,
      period: rep.digest_frequency === 'weekly' ? 'weekly digest' : 'daily digest',
      pendingCount: waiting.length,
      pending: list(pending, waiting.length),
      breaches: list(missed, breaches.length),
      surging: list(hot, surging.length),
    },
    entityType: null,
    entityId: null,
    at: now,
  })
  return true
}
