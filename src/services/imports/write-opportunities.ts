import { randomUUID } from 'node:crypto'
import { normalizeCompanyName } from '../../domain/company-name.ts'
import type { NewOpportunity, Opportunity, Role } from '../../store/database.ts'
import { type BatchWriter, emptyOutcome } from './import-batch.ts'
import {
  contactIdsByEmail,
  idsBySourceId,
  rememberSourceIds,
  resolveAccounts,
  resolveUsers,
} from './import-references.ts'
import { definedColumns, RowChanges, updateChangedRows } from './row-changes.ts'

/**
 * Opportunities, found by their id in the source. Each belongs to an account (found or created
 * from the row), names its primary contact when the row does, and its SDR becomes the owner of
 * that contact's lead when the lead has none.
 */
export const writeOpportunities: BatchWriter<'opportunities'> = async (trx, rows, context) => {
  const { workspaceId: ws, source, now } = context
  const outcome = emptyOutcome()
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'opportunity',
    source,
    rows.map((r) => r.record.externalId),
  )
  const accounts = await resolveAccounts(
    trx,
    ws,
    source,
    rows.map((r) => ({
      ...(r.record.accountExternalId === undefined
        ? {}
        : { externalId: r.record.accountExternalId }),
      ...(r.record.accountName === undefined ? {} : { name: r.record.accountName }),
    })),
    context.created,
    now,
  )
  const roles = new Map<string, Role>()
  for (const { record } of rows) {
    if (record.sdr !== undefined) roles.set(record.sdr, 'sdr')
    if (record.owner !== undefined) roles.set(record.owner, 'ae')
  }
  const users = await resolveUsers(trx, ws, source, roles, context.created, now)
  const contactsById = await idsBySourceId(
    trx,
    ws,
    'contact',
    source,
    rows.flatMap((r) =>
      r.record.contactExternalId === undefined ? [] : [r.record.contactExternalId],
    ),
  )
  const contactsByEmail = await contactIdsByEmail(
    trx,
    ws,
    rows.flatMap((r) => r.record.contactEmail ?? []),
  )

  const existingIds = [...new Set(rows.flatMap((r) => byExternalId.get(r.record.externalId) ?? []))]
  const current = new Map<string, Opportunity>()
  if (existingIds.length > 0)
    for (const row of await trx
      .selectFrom('opportunities')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', 'in', existingIds)
      .execute())
      current.set(row.id, row)

  const changes = new RowChanges<NewOpportunity & { id: string }>(current, outcome)
  const links: { opportunity_id: string; contact_id: string }[] = []
  const sdrs = new Map<string, string>()
  for (const { line, record } of rows) {
    const accountId =
      (record.accountExternalId === undefined
        ? undefined
        : accounts.byExternalId.get(record.accountExternalId)) ??
      (record.accountName === undefined
        ? undefined
        : accounts.byName.get(normalizeCompanyName(record.accountName)))
    if (accountId === undefined) {
      outcome.rejected.push({ line, reason: 'its account could not be found or created' })
      continue
    }
    const id = byExternalId.get(record.externalId) ?? randomUUID()
    byExternalId.set(record.externalId, id)
    const contactId =
      (record.contactExternalId === undefined
        ? undefined
        : contactsById.get(record.contactExternalId)) ??
      (record.contactEmail === undefined ? undefined : contactsByEmail.get(record.contactEmail))
    if (contactId !== undefined) {
      links.push({ opportunity_id: id, contact_id: contactId })
      const sdr = record.sdr === undefined ? undefined : users.get(record.sdr)
      if (sdr !== undefined) sdrs.set(contactId, sdr)
    }
    const columns = definedColumns({
      account_id: accountId,
      name: record.name ?? `${record.accountName ?? 'Opportunity'} ${record.externalId}`,
      owner_id: record.owner === undefined ? undefined : users.get(record.owner),
      amount: record.amount,
      currency: record.currency,
      stage: record.stage,
      is_closed: record.isClosed,
      is_won: record.isWon,
      loss_reason: record.lossReason,
      lead_source: record.leadSource,
      external_id: record.externalId,
      closed_at: record.closedAt,
    })
    changes.apply(id, columns, () => ({
      workspace_id: ws,
      id,
      ...columns,
      account_id: accountId,
      name: columns.name ?? record.externalId,
      amount: record.amount,
      stage: record.stage,
      created_at: record.createdAt ?? now,
      updated_at: now,
    }))
  }
  await updateChangedRows(trx, 'opportunities', ws, changes.updates, now)
  const inserts = changes.inserts
  const values = [...inserts.values()]
  if (values.length > 0) await trx.insertInto('opportunities').values(values).execute()
  if (links.length > 0)
    await trx
      .insertInto('opportunity_contacts')
      .values(links.map((l) => ({ workspace_id: ws, ...l, is_primary: true })))
      .onConflict((c) => c.doNothing())
      .execute()
  for (const [contactId, sdrId] of sdrs)
    await trx
      .updateTable('contacts')
      .set({ owner_id: sdrId })
      .where('workspace_id', '=', ws)
      .where('id', '=', contactId)
      .where('owner_id', 'is', null)
      .execute()
  await rememberSourceIds(
    trx,
    ws,
    'opportunity',
    source,
    new Map(rows.map((r) => [r.record.externalId, byExternalId.get(r.record.externalId) ?? ''])),
  )
  return outcome
}
