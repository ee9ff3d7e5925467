import { randomUUID } from 'node:crypto'
import { campaignKey, touchOf } from '../../domain/activity-classification.ts'
import type { Activity, NewActivity } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { campaignIdsByKey } from '../campaigns.ts'
import { type BatchWriter, emptyOutcome } from './import-batch.ts'
import { contactIdsByEmail, idsBySourceId, rememberSourceIds } from './import-references.ts'
import { definedColumns, RowChanges, updateChangedRows } from './row-changes.ts'

/**
 * Activities (touches made outside the tracking API: calls, meetings, events, form fills), found
 * by their id in the source. Each belongs to a contact or an account already in Tandem; a row
 * naming neither is rejected, so contacts and accounts are imported first.
 */
export const writeActivities: BatchWriter<'activities'> = async (trx, rows, context) => {
  const { workspaceId: ws, source, now } = context
  const outcome = emptyOutcome()
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'activity',
    source,
    rows.map((r) => r.record.externalId),
  )
  const contactsById = await idsBySourceId(
    trx,
    ws,
    'contact',
    source,
    rows.flatMap((r) => r.record.contactExternalId ?? []),
  )
  const accountsById = await idsBySourceId(
    trx,
    ws,
    'account',
    source,
    rows.flatMap((r) => r.record.accountExternalId ?? []),
  )
  const contactsByEmail = await contactIdsByEmail(
    trx,
    ws,
    rows.flatMap((r) => r.record.contactEmail ?? []),
  )

  const contactOf = (r: (typeof rows)[number]['record']) =>
    (r.contactExternalId === undefined ? undefined : contactsById.get(r.contactExternalId)) ??
    (r.contactEmail === undefined ? undefined : contactsByEmail.get(r.contactEmail))
  const contactIds = [...new Set(rows.flatMap((r) => contactOf(r.record) ?? []))]
  const accountOfContact = new Map<string, string>()
  if (contactIds.length > 0)
    for (const row of await trx
      .selectFrom('contacts')
      .select(['id', 'account_id'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', contactIds)
      .execute())
      if (row.account_id !== null) accountOfContact.set(row.id, row.account_id)

  const channelOf = (r: (typeof rows)[number]['record']) =>
    r.channel ?? touchOf(r.type)?.channel ?? 'other'
  const campaigns = await campaignIdsByKey(
    trx,
    ws,
    rows.flatMap((r) =>
      r.record.campaign === undefined
        ? []
        : [
            {
              key: campaignKey(r.record.campaign),
              name: r.record.campaign,
              channel: channelOf(r.record),
            },
          ],
    ),
    now,
  )
  const existingIds = [...new Set(rows.flatMap((r) => byExternalId.get(r.record.externalId) ?? []))]
  const current = new Map<string, Activity>()
  if (existingIds.length > 0)
    for (const row of await trx
      .selectFrom('activities')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', 'in', existingIds)
      .execute())
      current.set(row.id, row)

  const changes = new RowChanges<NewActivity & { id: string }>(current, outcome)
  for (const { line, record } of rows) {
    const contactId = contactOf(record)
    const accountId =
      (record.accountExternalId === undefined
        ? undefined
        : accountsById.get(record.accountExternalId)) ??
      (contactId === undefined ? undefined : accountOfContact.get(contactId))
    if (contactId === undefined && accountId === undefined) {
      outcome.rejected.push({
        line,
        reason:
          'no contact or account in Tandem has the id or email this row names (import them first)',
      })
      continue
    }
    const id = byExternalId.get(record.externalId) ?? randomUUID()
    byExternalId.set(record.externalId, id)
    const columns = definedColumns({
      contact_id: contactId,
      account_id: accountId,
      type: record.type,
      channel: channelOf(record),
      function: record.function ?? touchOf(record.type)?.function ?? 'marketing',
      campaign_id:
        record.campaign === undefined ? undefined : campaigns.get(campaignKey(record.campaign)),
      occurred_at: record.occurredAt,
    })
    changes.apply(id, columns, () => ({
      workspace_id: ws,
      id,
      ...columns,
      type: record.type,
      channel: channelOf(record),
      function: columns.function ?? 'marketing',
      occurred_at: record.occurredAt,
      properties: jsonb({ importedFrom: source, externalId: record.externalId }),
    }))
  }
  await updateChangedRows(trx, 'activities', ws, changes.updates)
  const inserts = changes.inserts
  const values = [...inserts.values()]
  for (let i = 0; i < values.length; i += 1_000)
    await trx
      .insertInto('activities')
      .values(values.slice(i, i + 1_000))
      .execute()
  const created = new Map<string, string>()
  for (const [externalId, id] of byExternalId) if (inserts.has(id)) created.set(externalId, id)
  await rememberSourceIds(trx, ws, 'activity', source, created)
  return outcome
}
