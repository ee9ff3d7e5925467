import { randomUUID } from 'node:crypto'
import type { FunctionName, NewUser, Role, User } from '../../store/database.ts'
import { type BatchWriter, emptyOutcome } from './import-batch.ts'
import {
  idsBySourceId,
  placeholderEmail,
  rememberSourceIds,
  resolveUsers,
} from './import-references.ts'
import { definedColumns, RowChanges, updateChangedRows } from './row-changes.ts'

const TEAM_FUNCTION: Record<Role, FunctionName> = {
  admin: 'sales',
  marketing: 'marketing',
  sales: 'sales',
  sdr: 'sdr',
  ae: 'sales',
  cs: 'cs',
}

/**
 * Users (reps, SDRs, managers), found by their id in the source, then by email, then by name.
 * They come without a login: an admin sets a password later. Teams named in the file are created.
 */
export const writeUsers: BatchWriter<'users'> = async (trx, rows, context) => {
  const { workspaceId: ws, source, now } = context
  const outcome = emptyOutcome()
  const byExternalId = await idsBySourceId(
    trx,
    ws,
    'user',
    source,
    rows.map((r) => r.record.externalId),
  )
  const existing = await trx
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where((eb) =>
      eb.or([
        eb('id', 'in', [...byExternalId.values(), '00000000-0000-0000-0000-000000000000']),
        eb(eb.fn('lower', ['email']), 'in', ['', ...rows.flatMap((r) => r.record.email ?? [])]),
        eb(
          'name',
          'in',
          rows.map((r) => r.record.name),
        ),
      ]),
    )
    .execute()
  const current = new Map<string, User>(existing.map((u) => [u.id, u]))
  const find = (r: (typeof rows)[number]['record']) =>
    byExternalId.get(r.externalId) ??
    existing.find((u) => r.email !== undefined && u.email.toLowerCase() === r.email)?.id ??
    existing.find((u) => u.name === r.name)?.id

  const teamNames = [...new Set(rows.flatMap((r) => r.record.team ?? []))]
  const teams = new Map<string, string>()
  if (teamNames.length > 0) {
    for (const row of await trx
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('workspace_id', '=', ws)
      .where('name', 'in', teamNames)
      .execute())
      teams.set(row.name, row.id)
    const missing = teamNames.filter((n) => !teams.has(n))
    if (missing.length > 0) {
      const values = missing.map((name) => {
        const role = rows.find((r) => r.record.team === name)?.record.role ?? 'sales'
        return {
          workspace_id: ws,
          id: randomUUID(),
          name,
          function: TEAM_FUNCTION[role],
          created_at: now,
        }
      })
      await trx.insertInto('teams').values(values).execute()
      context.created.teams += values.length
      for (const v of values) teams.set(v.name, v.id)
    }
  }

  const ids = new Map<string, string>()
  for (const { record } of rows)
    ids.set(record.externalId, find(record) ?? ids.get(record.externalId) ?? randomUUID())
  // A manager is a row of this file, a user Tandem knows, or someone created on first mention.
  const managerRefs = new Map(
    rows.flatMap((r) =>
      r.record.manager === undefined || ids.has(r.record.manager)
        ? []
        : [[r.record.manager, 'sales' as Role]],
    ),
  )
  const managers = await resolveUsers(trx, ws, source, managerRefs, context.created, now)
  const managerOf = (ref: string | undefined) =>
    ref === undefined ? undefined : (ids.get(ref) ?? managers.get(ref))

  const changes = new RowChanges<NewUser & { id: string }>(current, outcome)
  for (const { record } of rows) {
    const id = ids.get(record.externalId) as string
    const managerId = managerOf(record.manager)
    const columns = definedColumns({
      name: record.name,
      email: record.email,
      role: record.role,
      team_id: record.team === undefined ? undefined : teams.get(record.team),
      manager_id: managerId === id ? undefined : managerId,
      time_zone: record.timeZone,
    })
    changes.apply(id, columns, () => ({
      workspace_id: ws,
      id,
      ...columns,
      email: record.email ?? placeholderEmail(record.name, source),
      name: record.name,
      role: record.role,
      created_at: now,
    }))
  }
  await updateChangedRows(trx, 'users', ws, changes.updates)
  // One statement: a manager inserted with the people who report to them satisfies the foreign key.
  if (changes.inserts.size > 0)
    await trx
      .insertInto('users')
      .values([...changes.inserts.values()])
      .execute()
  await rememberSourceIds(trx, ws, 'user', source, ids)
  return outcome
}
