import { randomUUID } from 'node:crypto'
import {
  type ErasableIdentity,
  erasedIdentityKey,
  externalIdentityKind,
} from '../../domain/erased-identity.ts'
import { inferDepartment, inferSeniority } from '../../domain/job-title.ts'
import type { Contact, LeadStage, NewContact, Role } from '../../store/database.ts'
import { erasedAmong } from '../personal-data/erased-identities.ts'
import { type BatchOutcome, type BatchWriter, emptyOutcome } from './import-batch.ts'
import {
  contactIdsByEmail,
  idsBySourceId,
  rememberSourceIds,
  resolveUsers,
} from './import-references.ts'
import { definedColumns, RowChanges, updateChangedRows } from './row-changes.ts'

/**
 * Contacts, found by their id in the source and then by email. A new contact enters the lead
 * funnel at the stage the file gives (default "lead"); an existing one keeps its stage, which
 * only the lifecycle changes.
 */
export const writeContacts: BatchWriter<'contacts'> = async (trx, allRows, context) => {
  const { workspaceId: ws, source, now } = context
  const outcome = emptyOutcome()
  const rows = await withoutErasedPeople(trx, ws, source, allRows, outcome)
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'contact',
    source,
    rows.flatMap((r) => (r.record.externalId === undefined ? [] : [r.record.externalId])),
  )
  const byEmail = await contactIdsByEmail(
    trx,
    ws,
    rows.flatMap((r) => r.record.email ?? []),
  )
  const accounts = await idsBySourceId(
    trx,
    ws,
    'account',
    source,
    rows.flatMap((r) =>
      r.record.accountExternalId === undefined ? [] : [r.record.accountExternalId],
    ),
  )
  const owners = await resolveUsers(
    trx,
    ws,
    source,
    new Map(
      rows.flatMap((r) => (r.record.owner === undefined ? [] : [[r.record.owner, 'sdr' as Role]])),
    ),
    context.created,
    now,
  )

  const existingIds = new Set<string>()
  const idOf = new Map<number, string>()
  for (const { line, record } of rows) {
    const id =
      (record.externalId === undefined ? undefined : byExternalId.get(record.externalId)) ??
      (record.email === undefined ? undefined : byEmail.get(record.email))
    if (id !== undefined) existingIds.add(id)
    const assigned = id ?? randomUUID()
    idOf.set(line, assigned)
    // Later rows of the same file find this one (the same person twice in one export).
    if (record.externalId !== undefined) byExternalId.set(record.externalId, assigned)
    if (record.email !== undefined) byEmail.set(record.email, assigned)
  }
  const current = new Map<string, Contact>()
  if (existingIds.size > 0)
    for (const row of await trx
      .selectFrom('contacts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', 'in', [...existingIds])
      .execute())
      current.set(row.id, row)

  const changes = new RowChanges<
    NewContact & { id: string; lifecycle_stage: LeadStage; created_at: Date }
  >(current, outcome)
  const rememberIds = new Map<string, string>()
  for (const { line, record } of rows) {
    const id = idOf.get(line) as string
    const accountId =
      record.accountExternalId === undefined ? undefined : accounts.get(record.accountExternalId)
    const columns = definedColumns({
      email: record.email,
      first_name: record.firstName,
      last_name: record.lastName,
      title: record.title,
      seniority: record.title === undefined ? undefined : inferSeniority(record.title),
      department: record.title === undefined ? undefined : inferDepartment(record.title),
      phone: record.phone,
      company_name: record.company,
      website: record.website,
      country: record.country,
      city: record.city,
      source: record.source,
      owner_id: record.owner === undefined ? undefined : owners.get(record.owner),
      account_id: accountId,
      account_match_method: accountId === undefined ? undefined : ('import' as const),
      account_match_confidence: accountId === undefined ? undefined : 1,
      account_match_status: accountId === undefined ? undefined : ('linked' as const),
    })
    if (record.externalId !== undefined) rememberIds.set(record.externalId, id)
    changes.apply(id, columns, () => ({
      workspace_id: ws,
      id,
      ...columns,
      lifecycle_stage: record.lifecycleStage ?? 'lead',
      lifecycle_stage_changed_at: record.createdAt ?? now,
      created_at: record.createdAt ?? now,
      updated_at: now,
    }))
  }
  await updateChangedRows(trx, 'contacts', ws, changes.updates, now)
  outcome.touchedContacts.push(...changes.updates.keys())
  const inserts = changes.inserts
  const values = [...inserts.values()]
  if (values.length > 0) {
    await trx.insertInto('contacts').values(values).execute()
    await trx
      .insertInto('stage_transitions')
      .values(
        values.map((v) => ({
          workspace_id: ws,
          id: randomUUID(),
          funnel: 'lead' as const,
          entity_id: v.id,
          from_stage: null,
          to_stage: v.lifecycle_stage,
          at: v.created_at,
          actor_type: 'import' as const,
          actor_id: null,
          reason_code: 'imported',
          reason: `Imported from ${source}`,
        })),
      )
      .execute()
    outcome.touchedContacts.push(...inserts.keys())
  }
  await rememberSourceIds(trx, ws, 'contact', source, rememberIds)
  return outcome
}

/** Rows naming an erased person, by email or by their id in the source, are rejected. */
async function withoutErasedPeople<R extends { line: number; record: ContactRecordIds }>(
  trx: Parameters<BatchWriter<'contacts'>>[0],
  ws: string,
  source: string,
  rows: readonly R[],
  outcome: BatchOutcome,
): Promise<R[]> {
  const identitiesOf = (record: ContactRecordIds): ErasableIdentity[] => [
    ...(record.email === undefined ? [] : [{ kind: 'email', value: record.email.toLowerCase() }]),
    ...(record.externalId === undefined
      ? []
      : [{ kind: externalIdentityKind(source), value: record.externalId }]),
  ]
  const erased = await erasedAmong(
    trx,
    ws,
    rows.flatMap((r) => identitiesOf(r.record)),
  )
  if (erased.size === 0) return [...rows]
  return rows.filter(({ line, record }) => {
    if (!identitiesOf(record).some((i) => erased.has(erasedIdentityKey(i)))) return true
    outcome.rejected.push({
      line,
      reason: 'This person was erased; an import does not bring them back.',
    })
    return false
  })
}

interface ContactRecordIds {
  readonly email?: string | undefined
  readonly externalId?: string | undefined
}
