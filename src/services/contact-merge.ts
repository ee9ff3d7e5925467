import { type Kysely, sql, type Updateable } from 'kysely'
import { strongerConsent } from '../domain/consent.ts'
import { mergedContactFields } from '../domain/contact-merge.ts'
import type { ContactsTable, Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'

export interface MergeRequest {
  readonly workspaceId: string
  readonly survivorId: string
  readonly mergedId: string
  readonly reason: string
  readonly at: Date
}

/**
 * Folds one contact into another inside the caller's transaction: events, activities,
 * opportunity roles, identities, external ids, consents, funnel history, assignments and
 * notifications move to the survivor, which inherits the fields it lacks; the merged contact is
 * deleted and the merge is audited. Returns false when either contact no longer exists.
 */
export async function mergeContacts(
  trx: Kysely<Database>,
  request: MergeRequest,
): Promise<boolean> {
  const { workspaceId: ws, survivorId, mergedId } = request
  if (survivorId === mergedId) return false
  const rows = await trx
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('id', 'in', [survivorId, mergedId])
    .forUpdate()
    .execute()
  const survivor = rows.find((r) => r.id === survivorId)
  const merged = rows.find((r) => r.id === mergedId)
  if (survivor === undefined || merged === undefined) return false

  const moveContactId = async (table: 'events' | 'activities') => {
    await trx
      .updateTable(table)
      .set({ contact_id: survivorId })
      .where('workspace_id', '=', ws)
      .where('contact_id', '=', mergedId)
      .execute()
  }
  await moveContactId('events')
  await moveContactId('activities')

  // An opportunity role the survivor already holds wins over the merged contact's.
  await sql`
    insert into opportunity_contacts (workspace_id, opportunity_id, contact_id, role, is_primary)
    select workspace_id, opportunity_id, ${survivorId}, role, is_primary
    from opportunity_contacts where workspace_id = ${ws} and contact_id = ${mergedId}
    on conflict do nothing`.execute(trx)
  await trx
    .deleteFrom('opportunity_contacts')
    .where('workspace_id', '=', ws)
    .where('contact_id', '=', mergedId)
    .execute()

  await trx
    .updateTable('contact_identities')
    .set({ contact_id: survivorId })
    .where('workspace_id', '=', ws)
    .where('contact_id', '=', mergedId)
    .execute()
  await trx
    .updateTable('external_ids')
    .set({ entity_id: survivorId })
    .where('workspace_id', '=', ws)
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', mergedId)
    .execute()
  await closeDuplicateHandoffs(trx, ws, survivorId, mergedId, request.at)
  for (const [table, column] of [
    ['stage_transitions', 'entity_id'],
    ['assignments', 'entity_id'],
    ['notifications', 'entity_id'],
  ] as const) {
    const funnelFilter =
      table === 'stage_transitions' ? sql`funnel = 'lead'` : sql`entity_type = 'contact'`
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${survivorId}
      where workspace_id = ${ws} and ${sql.ref(column)} = ${mergedId} and ${funnelFilter}`.execute(
      trx,
    )
  }

  await mergeConsents(trx, ws, survivorId, mergedId)

  // The merged contact's own email and userId keep resolving to the person.
  const carriedIdentities = [
    ...(merged.email === null
      ? []
      : [{ kind: 'email' as const, value: merged.email.toLowerCase() }]),
    ...(merged.user_id === null ? [] : [{ kind: 'user_id' as const, value: merged.user_id }]),
  ]

  const changes = mergedContactFields(survivor, merged)
  await trx
    .deleteFrom('contacts')
    .where('workspace_id', '=', ws)
    .where('id', '=', mergedId)
    .execute()
  const { traits, ...inherited } = changes
  const fields = inherited as Updateable<ContactsTable>
  await trx
    .updateTable('contacts')
    .set({ ...fields, traits: jsonb(traits ?? {}), updated_at: request.at })
    .where('workspace_id', '=', ws)
    .where('id', '=', survivorId)
    .execute()
  if (carriedIdentities.length > 0)
    await trx
      .insertInto('contact_identities')
      .values(carriedIdentities.map((i) => ({ workspace_id: ws, ...i, contact_id: survivorId })))
      .onConflict((c) =>
        c.columns(['workspace_id', 'kind', 'value']).doUpdateSet({ contact_id: survivorId }),
      )
      .execute()

  await trx
    .insertInto('audit_log')
    .values({
      workspace_id: ws,
      at: request.at,
      actor_type: 'system',
      actor_id: null,
      action: 'contact.merged',
      entity_type: 'contact',
      entity_id: survivorId,
      details: jsonb({
        mergedContactId: mergedId,
        mergedEmail: merged.email,
        mergedUserId: merged.user_id,
        reason: request.reason,
      }),
    })
    .execute()
  return true
}

async function mergeConsents(
  trx: Kysely<Database>,
  ws: string,
  survivorId: string,
  mergedId: string,
): Promise<void> {
  const consents = await trx
    .selectFrom('contact_consents')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('contact_id', 'in', [survivorId, mergedId])
    .execute()
  const mergedConsents = consents.filter((c) => c.contact_id === mergedId)
  for (const incoming of mergedConsents) {
    const current = consents.find(
      (c) => c.contact_id === survivorId && c.channel === incoming.channel,
    )
    const kept = current === undefined ? incoming : strongerConsent(current, incoming)
    if (kept === current) continue
    await trx
      .insertInto('contact_consents')
      .values({
        workspace_id: ws,
        contact_id: survivorId,
        channel: kept.channel,
        status: kept.status,
        reason: kept.reason,
        updated_at: kept.updated_at,
      })
      .onConflict((c) =>
        c
          .columns(['workspace_id', 'contact_id', 'channel'])
          .doUpdateSet({ status: kept.status, reason: kept.reason, updated_at: kept.updated_at }),
      )
      .execute()
  }
}

/**
 * A person handed over twice under two records keeps one open handoff of each kind: the
 * survivor's. The merged record's is closed as a duplicate, its clocks stopped.
 */
async function closeDuplicateHandoffs(
  trx: Kysely<Database>,
  ws: string,
  survivorId: string,
  mergedId: string,
  at: Date,
): Promise<void> {
  const closed = await sql<{ id: string }>`
    update assignments m set status = 'rejected', closed_at = ${at}, reason_code = 'duplicate',
      reason_text = 'The same person as another record, which keeps its handoff'
    where m.workspace_id = ${ws} and m.entity_type = 'contact' and m.entity_id = ${mergedId}
      and m.status in ('pending', 'accepted')
      and exists (
        select 1 from assignments s
        where s.workspace_id = ${ws} and s.entity_type = 'contact' and s.entity_id = ${survivorId}
          and s.kind = m.kind and s.status in ('pending', 'accepted'))
    returning m.id`.execute(trx)
  if (closed.rows.length === 0) return
  await trx
    .updateTable('sla_timers')
    .set({ cancelled_at: at })
    .where('workspace_id', '=', ws)
    .where(
      'assignment_id',
      'in',
      closed.rows.map((r) => r.id),
    )
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute()
}
