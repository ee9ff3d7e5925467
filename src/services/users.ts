import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Role } from '../store/database.ts'
import { AppError } from './app-error.ts'

export const ROLES: readonly Role[] = ['admin', 'marketing', 'sales', 'sdr', 'ae', 'cs']

/** Adds a person to a workspace; an email already there is a conflict, not a second user. */
export async function addUser(
  db: Kysely<Database>,
  input: { workspaceId: string; email: string; name: string; role: Role },
): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase()
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', input.workspaceId)
    .where('email', '=', email)
    .executeTakeFirst()
  if (existing !== undefined)
    throw new AppError('conflict', `${email} is already a user of this workspace.`)
  const id = randomUUID()
  await db
    .insertInto('users')
    .values({ workspace_id: input.workspaceId, id, email, name: input.name, role: input.role })
    .execute()
  return { id }
}
