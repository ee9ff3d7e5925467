import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { type AuditActor, recordAudit } from '../audit.ts'
import { consentsOf, type StoredConsent } from '../consents.ts'
import { getContact } from '../contacts.ts'

// Everything Tandem holds about one person, as one JSON document: what a data subject access
// request asks for. The export itself is audited.

export interface PersonExport {
  readonly exportedAt: string
  readonly workspaceId: string
  readonly contact: Record<string, unknown>
  readonly identities: readonly Record<string, unknown>[]
  readonly externalIds: readonly Record<string, unknown>[]
  readonly consents: readonly StoredConsent[]
  readonly events: readonly Record<string, unknown>[]
  readonly activities: readonly Record<string, unknown>[]
  readonly stageHistory: readonly Record<string, unknown>[]
  readonly assignments: readonly Record<string, unknown>[]
  readonly opportunities: readonly Record<string, unknown>[]
  readonly notifications: readonly Record<string, unknown>[]
  readonly audit: readonly Record<string, unknown>[]
}

/** Everything held about a person (following merges to the contact they became). */
export async function exportPerson(
  db: Kysely<Database>,
  request: {
    readonly workspaceId: string
    readonly contactId: string
    readonly actor: AuditActor
    readonly at: Date
  },
): Promise<PersonExport> {
  return db.transaction().execute(async (trx) => {
    const ws = request.workspaceId
    const contact = await getContact(trx, ws, request.contactId)
    const id = contact.id
    const document: PersonExport = {
      exportedAt: request.at.toISOString(),
      workspaceId: ws,
      contact: { ...contact },
      identities: await trx
        .selectFrom('contact_identities')
        .select(['kind', 'value', 'created_at'])
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', id)
        .orderBy('created_at')
        .execute(),
      externalIds: await trx
        .selectFrom('external_ids')
        .select(['source', 'external_id'])
        .where('workspace_id', '=', ws)
        .where('entity_type', '=', 'contact')
        .where('entity_id', '=', id)
        .execute(),
      consents: (await consentsOf(trx, ws, [id])).get(id) ?? [],
      events: await trx
        .selectFrom('events')
        .select(['id', 'message_id', 'type', 'event', 'timestamp', 'received_at', 'payload'])
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', id)
        .orderBy('timestamp')
        .execute(),
      activities: await trx
        .selectFrom('activities')
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', id)
        .select(['id', 'type', 'channel', 'function', 'campaign_id', 'occurred_at', 'properties'])
        .orderBy('occurred_at')
        .execute(),
      stageHistory: await trx
        .selectFrom('stage_transitions')
        .select(['from_stage', 'to_stage', 'at', 'actor_type', 'reason_code', 'reason'])
        .where('workspace_id', '=', ws)
        .where('funnel', '=', 'lead')
        .where('entity_id', '=', id)
        .orderBy('at')
        .execute(),
      assignments: await trx
        .selectFrom('assignments')
        .select([
          'id',
          'kind',
          'owner_id',
          'status',
          'assigned_at',
          'accepted_at',
          'rejected_at',
          'first_touch_at',
          'closed_at',
          'reason_code',
          'reason_text',
          'routing_reasons',
        ])
        .where('workspace_id', '=', ws)
        .where('entity_type', '=', 'contact')
        .where('entity_id', '=', id)
        .orderBy('assigned_at')
        .execute(),
      opportunities: await trx
        .selectFrom('opportunity_contacts as oc')
        .innerJoin('opportunities as o', (j) =>
          j.onRef('o.workspace_id', '=', 'oc.workspace_id').onRef('o.id', '=', 'oc.opportunity_id'),
        )
        .select(['o.id', 'o.name', 'oc.role', 'oc.is_primary'])
        .where('oc.workspace_id', '=', ws)
        .where('oc.contact_id', '=', id)
        .execute(),
      notifications: await trx
        .selectFrom('notifications')
        .select(['id', 'recipient_id', 'kind', 'subject', 'body', 'created_at', 'sent_at'])
        .where('workspace_id', '=', ws)
        .where('entity_type', '=', 'contact')
        .where('entity_id', '=', id)
        .orderBy('created_at')
        .execute(),
      audit: await trx
        .selectFrom('audit_log')
        .select(['at', 'actor_type', 'actor_id', 'action', 'details'])
        .where('workspace_id', '=', ws)
        .where('entity_type', '=', 'contact')
        .where('entity_id', '=', id)
        .orderBy('at')
        .execute(),
    }
    await recordAudit(trx, {
      workspaceId: ws,
      actor: request.actor,
      action: 'contact.exported',
      entityType: 'contact',
      entityId: id,
      at: request.at,
    })
    return document
  })
}
