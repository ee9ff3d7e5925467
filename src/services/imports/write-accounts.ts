import { randomUUID } from 'node:crypto'
import { normalizeCompanyName } from '../../domain/company-name.ts'
import { domainFromWebsite, registrableDomain } from '../../domain/web-domain.ts'
import type { Account, NewAccount, Role } from '../../store/database.ts'
import { type BatchWriter, emptyOutcome } from './import-batch.ts'
import { idsBySourceId, rememberSourceIds, resolveUsers } from './import-references.ts'
import { definedColumns, RowChanges, updateChangedRows } from './row-changes.ts'

/**
 * Accounts, found by their id in the source, then by web domain, then by exactly the same
 * normalised name. Each account's domain is recorded for lead-to-account matching.
 */
export const writeAccounts: BatchWriter<'accounts'> = async (trx, rows, context) => {
  const { workspaceId: ws, source, now } = context
  const outcome = emptyOutcome()
  const domainOf = (r: (typeof rows)[number]['record']) =>
    r.domain !== undefined
      ? registrableDomain(r.domain)
      : r.website === undefined
        ? undefined
        : domainFromWebsite(r.website)
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'account',
    source,
    rows.flatMap((r) => (r.record.externalId === undefined ? [] : [r.record.externalId])),
  )
  const domains = [...new Set(rows.flatMap((r) => domainOf(r.record) ?? []))]
  const byDomain = new Map<string, string>()
  if (domains.length > 0)
    for (const row of await trx
      .selectFrom('account_domains')
      .select(['domain', 'account_id'])
      .where('workspace_id', '=', ws)
      .where('domain', 'in', domains)
      .execute())
      byDomain.set(row.domain, row.account_id)
  const names = [...new Set(rows.map((r) => normalizeCompanyName(r.record.name)))]
  const byName = new Map<string, string>()
  for (const row of await trx
    .selectFrom('accounts')
    .select(['id', 'normalized_name'])
    .where('workspace_id', '=', ws)
    .where('normalized_name', 'in', names)
    .orderBy('created_at')
    .execute())
    if (!byName.has(row.normalized_name)) byName.set(row.normalized_name, row.id)
  const owners = await resolveUsers(
    trx,
    ws,
    source,
    new Map(
      rows.flatMap((r) => (r.record.owner === undefined ? [] : [[r.record.owner, 'ae' as Role]])),
    ),
    context.created,
    now,
  )

  // An account another id of this source already names is a different company that shares a
  // domain or a name (Abbott and AbbVie share abbott.com): it is not matched by them.
  const claimed = new Set<string>()
  const candidates = [...byDomain.values(), ...byName.values()]
  if (candidates.length > 0)
    for (const row of await trx
      .selectFrom('external_ids')
      .select('entity_id')
      .where('workspace_id', '=', ws)
      .where('entity_type', '=', 'account')
      .where('source', '=', source)
      .where('entity_id', 'in', [...new Set(candidates)])
      .execute())
      claimed.add(row.entity_id)
  const unclaimed = (id: string | undefined, externalId: string | undefined) =>
    id !== undefined && (externalId === undefined || !claimed.has(id)) ? id : undefined

  const idOf = new Map<number, string>()
  const existingIds = new Set<string>()
  for (const { line, record } of rows) {
    const domain = domainOf(record)
    const normalized = normalizeCompanyName(record.name)
    const id =
      (record.externalId === undefined ? undefined : byExternalId.get(record.externalId)) ??
      unclaimed(domain === undefined ? undefined : byDomain.get(domain), record.externalId) ??
      unclaimed(byName.get(normalized), record.externalId)
    const assigned = id ?? randomUUID()
    if (id !== undefined) existingIds.add(id)
    idOf.set(line, assigned)
    if (record.externalId !== undefined) {
      byExternalId.set(record.externalId, assigned)
      claimed.add(assigned)
    }
    if (domain !== undefined && !byDomain.has(domain)) byDomain.set(domain, assigned)
    if (!byName.has(normalized)) byName.set(normalized, assigned)
  }
  const current = new Map<string, Account>()
  if (existingIds.size > 0)
    for (const row of await trx
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', 'in', [...existingIds])
      .execute())
      current.set(row.id, row)

  const parents = await idsBySourceId(
    trx,
    ws,
    'account',
    source,
    rows.flatMap((r) =>
      r.record.parentExternalId === undefined ? [] : [r.record.parentExternalId],
    ),
  )
  const changes = new RowChanges<NewAccount & { id: string }>(current, outcome)
  const remember = new Map<string, string>()
  const domainRows = new Map<string, string>()
  for (const { line, record } of rows) {
    const id = idOf.get(line) as string
    const domain = domainOf(record)
    const parentId =
      record.parentExternalId === undefined
        ? undefined
        : (parents.get(record.parentExternalId) ?? byExternalId.get(record.parentExternalId))
    const columns = definedColumns({
      name: record.name,
      normalized_name: normalizeCompanyName(record.name),
      domain,
      website: record.website,
      industry: record.industry,
      employees: record.employees,
      annual_revenue: record.annualRevenue,
      country: record.country,
      region: record.region,
      city: record.city,
      owner_id: record.owner === undefined ? undefined : owners.get(record.owner),
      parent_account_id: parentId === id ? undefined : parentId,
    })
    if (record.externalId !== undefined) remember.set(record.externalId, id)
    if (domain !== undefined) domainRows.set(domain, id)
    changes.apply(id, columns, () => ({
      workspace_id: ws,
      id,
      ...columns,
      name: record.name,
      normalized_name: normalizeCompanyName(record.name),
      created_at: now,
      updated_at: now,
    }))
  }
  await updateChangedRows(trx, 'accounts', ws, changes.updates, now)
  const inserts = changes.inserts
  // Parents later in the file than their children: insert parents first, link afterwards.
  const values = [...inserts.values()]
  const laterParents = values.filter(
    (v) => v.parent_account_id != null && inserts.has(v.parent_account_id),
  )
  if (values.length > 0)
    await trx
      .insertInto('accounts')
      .values(values.map((v) => (laterParents.includes(v) ? { ...v, parent_account_id: null } : v)))
      .execute()
  for (const child of laterParents)
    await trx
      .updateTable('accounts')
      .set({ parent_account_id: child.parent_account_id })
      .where('workspace_id', '=', ws)
      .where('id', '=', child.id)
      .execute()
  if (domainRows.size > 0)
    await trx
      .insertInto('account_domains')
      .values(
        [...domainRows].map(([domain, account_id]) => ({ workspace_id: ws, domain, account_id })),
      )
      .onConflict((c) => c.doNothing())
      .execute()
  await rememberSourceIds(trx, ws, 'account', source, remember)
  return outcome
}
