import { type Kysely, sql } from 'kysely'

// Three foreign keys lead with workspace_id, like every key in the schema, and said `on delete
// set null`: deleting the row they point at set both columns to null, and the not-null
// workspace_id refused it, so an account with contacts, or a user with API keys, could not be
// deleted. Each now clears only its own column.

const KEYS = [
  { table: 'contacts', column: 'account_id', references: 'accounts' },
  { table: 'contacts', column: 'account_candidate_id', references: 'accounts' },
  { table: 'api_keys', column: 'user_id', references: 'users' },
] as const

function replaceKey(key: (typeof KEYS)[number], clears: string): string {
  const name = `${key.table}_workspace_id_${key.column}_fkey`
  return `alter table ${key.table} drop constraint ${name},
    add constraint ${name} foreign key (workspace_id, ${key.column})
    references ${key.references} (workspace_id, id) on delete set null${clears}`
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const key of KEYS) await sql.raw(replaceKey(key, ` (${key.column})`)).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const key of KEYS) await sql.raw(replaceKey(key, '')).execute(db)
}
