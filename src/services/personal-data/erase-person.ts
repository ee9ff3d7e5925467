import { type Kysely, sql } from 'kysely'
import {
  type ErasableIdentity,
  erasedIdentityKey,
  externalIdentityKind,
} from '../../domain/erased-identity.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { type AuditActor, recordAudit } from '../audit.ts'
import { changeConsent } from '../consents.ts'
import { getContact } from '../contacts.ts'
import { rememberErasedIdentities } from './erased-identities.ts'

// Erasure of a person within a workspace. What identifies them goes (their profile, the raw
// payloads of their events, their identities and ids in other systems, their name in alerts and
// in the audit of merges); what the numbers are made of stays, without a name (the contact row
// with its stages and scores, its activities without their properties, its opportunity roles),
// so every funnel, SLA and attribution total reads the same before and after.

/** What an emptied event keeps of its payload. */
export const ERASED_PAYLOAD = { erased: true } as const

export interface ErasureRequest {
  readonly workspaceId: string
  readonly contactId: string
  readonly actor: AuditActor
  /** Why, for the audit log: a data subject request's reference, say. No personal data. */
  readonly reason?: string
  readonly at: Date
}

export interface ErasureOutcome {
  readonly contactId: string
  readonly erasedAt: string
  readonly identifiersBlocked: number
  readonly eventsEmptied: number
  readonly activitiesKept: number
  readonly notificationsRedacted: number
  readonly assignmentsClosed: number
}

const ERASED_NOTIFICATION = {
  subject: 'About an erased person',
  body: 'The person this message was about has been erased from Tandem.',
}

/** Erases a person (following merges to the contact they became); 404 when there is none. */
export async function erasePerson(
  db: Kysely<Database>,
  request: ErasureRequest,
): Promise<ErasureOutcome> {
  return db.transaction().execute(async (trx) => {
    const { workspaceId: ws, at } = request
    const contact = await getContact(trx, ws, request.contactId)
    const id = contact.id
    await sql`select 1 from contacts where workspace_id = ${ws} and id = ${id} for update`.execute(
      trx,
    )

    const identities = await identifiersOf(trx, ws, id, contact)
    await rememberErasedIdentities(trx, ws, id, identities, at)
    await trx
      .deleteFrom('contact_identities')
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', id)
      .execute()
    await trx
      .deleteFrom('external_ids')
      .where('workspace_id', '=', ws)
      .where('entity_type', '=', 'contact')
      .where('entity_id', '=', id)
      .execute()

    const events = await trx
      .updateTable('events')
      .set({ payload: jsonb(ERASED_PAYLOAD), user_id: null, anonymous_id: null })
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', id)
      .executeTakeFirst()
    const activities = await trx
      .updateTable('activities')
      .set({ properties: jsonb({}) })
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', id)
      .executeTakeFirst()
    await trx
      .updateTable('contacts')
      .set({
        email: null,
        canonical_email: null,
        user_id: null,
        first_name: null,
        last_name: null,
        title: null,
        phone: null,
        city: null,
        company_name: null,
        website: null,
        traits: jsonb({}),
        data_quality_issues: [],
        erased_at: at,
        updated_at: at,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute()
    await changeConsent(trx, {
      workspaceId: ws,
      contactId: id,
      channel: 'all',
      change: { status: 'suppressed', reason: 'erased', source: 'system' },
      actor: request.actor,
      at,
    })

    const notifications = await trx
      .updateTable('notifications')
      .set(ERASED_NOTIFICATION)
      .where('workspace_id', '=', ws)
      .where('entity_type', '=', 'contact')
      .where('entity_id', '=', id)
      .executeTakeFirst()
    // Merges kept the merged record's email and userId for the audit; they go too.
    await sql`update audit_log set details = details - 'mergedEmail' - 'mergedUserId'
      where workspace_id = ${ws} and action = 'contact.merged' and entity_id = ${id}`.execute(trx)

    const closed = await closeOpenAssignments(trx, ws, id, at)
    const outcome: ErasureOutcome = {
      contactId: id,
      erasedAt: at.toISOString(),
      identifiersBlocked: identities.length,
      eventsEmptied: Number(events.numUpdatedRows),
      activitiesKept: Number(activities.numUpdatedRows),
      notificationsRedacted: Number(notifications.numUpdatedRows),
      assignmentsClosed: closed,
    }
    const { contactId: _, erasedAt: __, ...counts } = outcome
    await recordAudit(trx, {
      workspaceId: ws,
      actor: request.actor,
      action: 'contact.erased',
      entityType: 'contact',
      entityId: id,
      details: { ...counts, ...(request.reason === undefined ? {} : { reason: request.reason }) },
      at,
    })
    return outcome
  })
}

/** Every identifier the person is known by, including those of records merged into theirs. */
async function identifiersOf(
  trx: Kysely<Database>,
  ws: string,
  id: string,
  contact: { readonly email: string | null; readonly user_id: string | null },
): Promise<ErasableIdentity[]> {
  const identities: ErasableIdentity[] = await trx
    .selectFrom('contact_identities')
    .select(['kind', 'value'])
    .where('workspace_id', '=', ws)
    .where('contact_id', '=', id)
    .execute()
  const external = await trx
    .selectFrom('external_ids')
    .select(['source', 'external_id'])
    .where('workspace_id', '=', ws)
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', id)
    .execute()
  for (const e of external)
    identities.push({ kind: externalIdentityKind(e.source), value: e.external_id })
  const merged = await sql<{ email: string | null; user_id: string | null }>`
    select details->>'mergedEmail' as email, details->>'mergedUserId' as user_id from audit_log
    where workspace_id = ${ws} and action = 'contact.merged' and entity_id = ${id}`.execute(trx)
  for (const person of [contact, ...merged.rows]) {
    if (person.email !== null)
      identities.push({ kind: 'email', value: person.email.trim().toLowerCase() })
    if (person.user_id !== null) identities.push({ kind: 'user_id', value: person.user_id })
  }
  const seen = new Set<string>()
  return identities.filter((i) => {
    const key = erasedIdentityKey(i)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A rep no longer works an erased person: open assignments close and their clocks stop. */
async function closeOpenAssignments(
  trx: Kysely<Database>,
  ws: string,
  contactId: string,
  at: Date,
): Promise<number> {
  const closed = await trx
    .updateTable('assignments')
    .set({
      status: 'disqualified',
      reason_code: 'other',
      reason_text: 'The person was erased.',
      closed_at: at,
    })
    .where('workspace_id', '=', ws)
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', contactId)
    .where('status', 'in', ['pending', 'accepted'])
    .returning('id')
    .execute()
  if (closed.length > 0)
    await trx
      .updateTable('sla_timers')
      .set({ cancelled_at: at })
      .where('workspace_id', '=', ws)
      .where(
        'assignment_id',
        'in',
        closed.map((a) => a.id),
      )
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute()
  return closed.length
}
