import { type Kysely, sql } from 'kysely'

// Personal data: who changed a person's consent, and the identifiers of erased people, kept only
// as one-way hashes so that a late event or a re-import cannot bring the person back.
const statements: readonly string[] = [
  `alter table contact_consents add column source text not null default 'user'
     check (source in ('person', 'user', 'import', 'system'))`,

  `create table erased_identities (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    kind text not null,
    value_hash text not null,
    contact_id uuid not null,
    erased_at timestamptz not null,
    primary key (workspace_id, kind, value_hash)
  )`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists erased_identities`.execute(db)
  await sql`alter table contact_consents drop column if exists source`.execute(db)
}
