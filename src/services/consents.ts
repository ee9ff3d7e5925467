import type { Kysely } from 'kysely'
import {
  type ChannelConsent,
  type ConsentChange,
  type ConsentChannel,
  type ConsentDecision,
  type ConsentSource,
  decideConsent,
} from '../domain/consent.ts'
import type { Database } from '../store/database.ts'
import { type AuditActor, recordAudit } from './audit.ts'

// A person's consent per channel, as stored, and the one way it changes: through decideConsent,
// so that no path (the API, a tracked event, an import, an erasure) overwrites an unsubscribe.

export interface StoredConsent extends ChannelConsent {
  readonly source: ConsentSource
}

/** Every channel's consent of some contacts, by contact. */
export async function consentsOf(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, StoredConsent[]>> {
  const byContact = new Map<string, StoredConsent[]>()
  if (contactIds.length === 0) return byContact
  const rows = await db
    .selectFrom('contact_consents')
    .select(['contact_id', 'channel', 'status', 'reason', 'source', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', [...new Set(contactIds)])
    .orderBy('channel')
    .execute()
  for (const row of rows) {
    const list = byContact.get(row.contact_id) ?? []
    list.push({
      channel: row.channel,
      status: row.status,
      reason: row.reason,
      source: row.source,
      updatedAt: row.updated_at,
    })
    byContact.set(row.contact_id, list)
  }
  return byContact
}

export interface ConsentRequest {
  readonly workspaceId: string
  readonly contactId: string
  readonly channel: ConsentChannel
  readonly change: ConsentChange
  readonly actor: AuditActor
  readonly at: Date
}

/**
 * Applies a change to one channel's consent inside the caller's transaction (the row is locked
 * while deciding), audits it when it applies, and says what the channel holds now.
 */
export async function changeConsent(
  trx: Kysely<Database>,
  request: ConsentRequest,
): Promise<ConsentDecision> {
  const { workspaceId: ws, contactId, channel, change, at } = request
  const current = await trx
    .selectFrom('contact_consents')
    .select(['status', 'reason'])
    .where('workspace_id', '=', ws)
    .where('contact_id', '=', contactId)
    .where('channel', '=', channel)
    .forUpdate()
    .executeTakeFirst()
  const decision = decideConsent(current, change)
  if (!decision.applied) return decision
  const values = {
    status: change.status,
    reason: change.reason,
    source: change.source,
    updated_at: at,
  }
  await trx
    .insertInto('contact_consents')
    .values({ workspace_id: ws, contact_id: contactId, channel, ...values })
    .onConflict((c) => c.columns(['workspace_id', 'contact_id', 'channel']).doUpdateSet(values))
    .execute()
  await recordAudit(trx, {
    workspaceId: ws,
    actor: request.actor,
    action: 'consent.changed',
    entityType: 'contact',
    entityId: contactId,
    details: {
      channel,
      status: change.status,
      reason: change.reason,
      source: change.source,
      previous: current ?? null,
    },
    at,
  })
  return decision
}
