import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Workspace } from '../store/database.ts'

export interface NewWorkspaceInput {
  readonly slug: string
  readonly name: string
  readonly timeZone?: string
}

export async function createWorkspace(
  db: Kysely<Database>,
  input: NewWorkspaceInput,
): Promise<Workspace> {
  return db
    .insertInto('workspaces')
    .values({
      id: randomUUID(),
      slug: input.slug,
      name: input.name,
      time_zone: input.timeZone ?? 'UTC',
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findWorkspace(
  db: Kysely<Database>,
  id: string,
): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findWorkspaceBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function countWorkspaces(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('workspaces')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return row.count
}
