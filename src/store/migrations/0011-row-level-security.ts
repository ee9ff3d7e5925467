import { type Kysely, sql } from 'kysely'

// Workspace isolation in the database itself. A request that knows its workspace runs its
// queries as the role tandem_member with the setting tandem.workspace_id (see
// workspace-isolated-dialect.ts); for that role, row-level security shows and accepts only the
// rows of that one workspace, so a query that forgot its `where workspace_id = ...` still cannot
// read or change another workspace's rows. The login role (the tables' owner, often a superuser)
// bypasses these policies: background jobs, the CLI and migrations work across workspaces.

/** The role requests run as; roles are cluster-wide, so several databases share it. */
export const MEMBER_ROLE = 'tandem_member'

/** The setting that names the workspace; unset or empty matches no row at all. */
export const WORKSPACE_SETTING = 'tandem.workspace_id'

const CURRENT_WORKSPACE = `nullif(current_setting('${WORKSPACE_SETTING}', true), '')::uuid`

// Kysely's own bookkeeping: nothing a request reads or writes.
const MIGRATION_TABLES = ['tandem_migrations', 'tandem_migrations_lock'] as const

/**
 * What a table with a workspace_id column needs to be isolated. A later migration that creates
 * such a table runs these for it (the row-level-security test fails for a table without them);
 * its privileges come from the default privileges granted here.
 */
export function isolateByWorkspace(table: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `create policy workspace_isolation on ${table} to ${MEMBER_ROLE}
      using (workspace_id = ${CURRENT_WORKSPACE})
      with check (workspace_id = ${CURRENT_WORKSPACE})`,
  ]
}

const roleAndPrivileges: readonly string[] = [
  // Two databases of one server may migrate at once: the loser of the race finds the role made.
  `do $$
  begin
    if not exists (select from pg_roles where rolname = '${MEMBER_ROLE}') then
      create role ${MEMBER_ROLE} nologin nobypassrls;
    end if;
  exception when duplicate_object or unique_violation then null;
  end $$`,
  // The login must be able to SET ROLE to it (a superuser always can; a CREATEROLE login that
  // made it may not be a member yet).
  `do $$
  begin
    if not pg_has_role(current_user, '${MEMBER_ROLE}', 'member') then
      execute format('grant %I to %I', '${MEMBER_ROLE}', current_user);
    end if;
  exception when duplicate_object or unique_violation then null;
  end $$`,
  `grant usage on schema public to ${MEMBER_ROLE}`,
  `grant select, insert, update, delete on all tables in schema public to ${MEMBER_ROLE}`,
  `revoke all on ${MIGRATION_TABLES.join(', ')} from ${MEMBER_ROLE}`,
  `grant usage, select on all sequences in schema public to ${MEMBER_ROLE}`,
  `grant execute on all functions in schema public to ${MEMBER_ROLE}`,
  // Tables, sequences and functions later migrations create (as this same login) are the
  // member's too, so no migration can forget the grant.
  `alter default privileges in schema public
    grant select, insert, update, delete on tables to ${MEMBER_ROLE}`,
  `alter default privileges in schema public grant usage, select on sequences to ${MEMBER_ROLE}`,
  `alter default privileges in schema public grant execute on functions to ${MEMBER_ROLE}`,
  // A workspace sees its own row only.
  'alter table workspaces enable row level security',
  `create policy workspace_isolation on workspaces to ${MEMBER_ROLE}
    using (id = ${CURRENT_WORKSPACE}) with check (id = ${CURRENT_WORKSPACE})`,
]

async function tablesWithWorkspaceId(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'workspace_id'
      and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db)
  return rows.map((r) => r.table_name)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = await tablesWithWorkspaceId(db)
  const statements = [...roleAndPrivileges, ...tables.flatMap(isolateByWorkspace)]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [...(await tablesWithWorkspaceId(db)), 'workspaces']
  const statements = [
    ...tables.flatMap((table) => [
      `drop policy if exists workspace_isolation on ${table}`,
      `alter table ${table} disable row level security`,
    ]),
    `alter default privileges in schema public
      revoke select, insert, update, delete on tables from ${MEMBER_ROLE}`,
    `alter default privileges in schema public revoke usage, select on sequences from ${MEMBER_ROLE}`,
    `alter default privileges in schema public revoke execute on functions from ${MEMBER_ROLE}`,
    `revoke all on all tables in schema public from ${MEMBER_ROLE}`,
    `revoke all on all sequences in schema public from ${MEMBER_ROLE}`,
    `revoke all on all functions in schema public from ${MEMBER_ROLE}`,
    `revoke usage on schema public from ${MEMBER_ROLE}`,
    // The role stays: other databases on the server may still use it.
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
