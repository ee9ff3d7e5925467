import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { normalizeCompanyName } from '../../domain/company-name.ts'
import type { Database, ExternalEntityType, Role } from '../../store/database.ts'

// How imported rows find the records they refer to: by the id the source system gave them,
// remembered in external_ids, so importing the same file again finds the same records.

export type Trx = Kysely<Database>

/** Tandem ids of records by their ids in `source`. */
export async function idsBySourceId(
  trx: Trx,
  ws: string,
  entityType: ExternalEntityType,
  source: string,
  externalIds: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(externalIds)]
  const found = new Map<string, string>()
  for (let i = 0; i < wanted.length; i += 1_000) {
    const rows = await trx
      .selectFrom('external_ids')
      .select(['external_id', 'entity_id'])
      .where('workspace_id', '=', ws)
      .where('entity_type', '=', entityType)
      .where('source', '=', source)
      .where('external_id', 'in', wanted.slice(i, i + 1_000))
      .execute()
    for (const row of rows) found.set(row.external_id, row.entity_id)
  }
  return found
}

export async function rememberSourceIds(
  trx: Trx,
  ws: string,
  entityType: ExternalEntityType,
  source: string,
  pairs: ReadonlyMap<string, string>,
): Promise<void> {
  const values = [...pairs].map(([external_id, entity_id]) => ({
    workspace_id: ws,
    entity_type: entityType,
    source,
    external_id,
    entity_id,
  }))
  for (let i = 0; i < values.length; i += 1_000)
    await trx
      .insertInto('external_ids')
      .values(values.slice(i, i + 1_000))
      .onConflict((c) => c.doNothing())
      .execute()
}

/** Contact ids by lower-case email. */
export async function contactIdsByEmail(
  trx: Trx,
  ws: string,
  emails: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(emails)]
  const found = new Map<string, string>()
  if (wanted.length === 0) return found
  for (const row of await trx
    .selectFrom('contacts')
    .select(['id', 'email'])
    .where('workspace_id', '=', ws)
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', wanted))
    .execute())
    if (row.email !== null) found.set(row.email.toLowerCase(), row.id)
  return found
}

export interface Created {
  accounts: number
  users: number
  teams: number
}

/**
 * Users by the references an import names (an owner's id in the source, an email or a name). A
 * person not known yet is created without a login, so ownership is kept; an admin gives them an
 * email and a password later.
 */
export async function resolveUsers(
  trx: Trx,
  ws: string,
  source: string,
  refs: ReadonlyMap<string, Role>,
  created: Created,
  now: Date,
): Promise<Map<string, string>> {
  const ids = await idsBySourceId(trx, ws, 'user', source, refs.keys())
  const open = [...refs.keys()].filter((r) => !ids.has(r))
  if (open.length > 0) {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('workspace_id', '=', ws)
      .where((eb) =>
        eb.or([
          eb(
            eb.fn('lower', ['email']),
            'in',
            open.map((r) => r.toLowerCase()),
          ),
          eb('name', 'in', open),
        ]),
      )
      .execute()
    for (const row of rows)
      for (const ref of open)
        if (ref.toLowerCase() === row.email.toLowerCase() || ref === row.name) ids.set(ref, row.id)
  }
  const missing = [...refs].filter(([ref]) => !ids.has(ref))
  if (missing.length > 0) {
    const values = missing.map(([ref, role]) => ({
      workspace_id: ws,
      id: randomUUID(),
      email: ref.includes('@') ? ref.toLowerCase() : placeholderEmail(ref, source),
      name: ref,
      role,
      created_at: now,
    }))
    await trx.insertInto('users').values(values).execute()
    created.users += values.length
    for (const value of values) ids.set(value.name, value.id)
  }
  const remembered = new Map([...refs.keys()].map((ref) => [ref, ids.get(ref) ?? '']))
  await rememberSourceIds(trx, ws, 'user', source, remembered)
  return ids
}

/** An address under the reserved .invalid domain: unique, never deliverable, plainly not real. */
export function placeholderEmail(name: string, source: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '.')
    .replaceAll(/^\.+|\.+$/g, '')
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6)
  return `${slug || 'user'}.${hash}@${source}.invalid`
}

export interface AccountRef {
  readonly externalId?: string
  readonly name?: string
}

/**
 * Accounts by the id the source gave them, else by exact normalised name; an account named but
 * not found is created (an opportunity always belongs to one).
 */
export async function resolveAccounts(
  trx: Trx,
  ws: string,
  source: string,
  refs: readonly AccountRef[],
  created: Created,
  now: Date,
): Promise<{ byExternalId: Map<string, string>; byName: Map<string, string> }> {
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'account',
    source,
    refs.flatMap((r) => (r.externalId === undefined ? [] : [r.externalId])),
  )
  const names = [
    ...new Set(
      refs.flatMap((r) =>
        r.name !== undefined && (r.externalId === undefined || !byExternalId.has(r.externalId))
          ? [normalizeCompanyName(r.name)]
          : [],
      ),
    ),
  ]
  const byName = new Map<string, string>()
  if (names.length > 0) {
    const rows = await trx
      .selectFrom('accounts')
      .select(['id', 'normalized_name'])
      .where('workspace_id', '=', ws)
      .where('normalized_name', 'in', names)
      .orderBy('created_at')
      .execute()
    for (const row of rows)
      if (!byName.has(row.normalized_name)) byName.set(row.normalized_name, row.id)
  }
  const newAccounts = new Map<string, { id: string; name: string; externalId?: string }>()
  const newIds = new Map<string, string>()
  for (const ref of refs) {
    if (ref.externalId !== undefined && byExternalId.has(ref.externalId)) continue
    const normalized = ref.name === undefined ? undefined : normalizeCompanyName(ref.name)
    const known = normalized === undefined ? undefined : byName.get(normalized)
    const key = ref.externalId ?? `name:${normalized}`
    const id = known ?? newAccounts.get(key)?.id ?? randomUUID()
    if (known === undefined && !newAccounts.has(key)) {
      newAccounts.set(key, {
        id,
        name: ref.name ?? `Account ${ref.externalId}`,
        ...(ref.externalId === undefined ? {} : { externalId: ref.externalId }),
      })
      if (normalized !== undefined) byName.set(normalized, id)
    }
    if (ref.externalId !== undefined) {
      byExternalId.set(ref.externalId, id)
      newIds.set(ref.externalId, id)
    }
  }
  if (newAccounts.size > 0) {
    const values = [...newAccounts.values()].map((a) => ({
      workspace_id: ws,
      id: a.id,
      name: a.name,
      normalized_name: normalizeCompanyName(a.name),
      created_at: now,
      updated_at: now,
    }))
    await trx.insertInto('accounts').values(values).execute()
    created.accounts += values.length
  }
  await rememberSourceIds(trx, ws, 'account', source, newIds)
  return { byExternalId, byName }
}
