import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import type { DemoWorkspaceRows } from './generate-demo-workspace.ts'

export interface DemoLoadProgress {
  readonly table: string
  readonly done: number
  readonly total: number
}

// PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below.
const MAX_PARAMETERS = 30_000

type TableName = keyof Database

/** Inserts rows in multi-row statements sized to the parameter limit, reporting progress. */
async function insertInBatches<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Record<string, unknown>[],
  onProgress?: (progress: DemoLoadProgress) => void,
): Promise<number> {
  const columns = rows[0] === undefined ? 1 : Object.keys(rows[0]).length
  const batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns))
  const label = table.replaceAll('_', ' ')
  for (let i = 0; i < rows.length; i += batch) {
    // The rows come from the generator typed as Insertable of this table.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as never)
      .execute()
    onProgress?.({ table: label, done: Math.min(i + batch, rows.length), total: rows.length })
  }
  return rows.length
}

/**
 * Writes a generated demo workspace, in foreign-key order. Pass a transaction to make it all or
 * nothing; the workspace row itself must exist already.
 */
export async function insertDemoRows(
  db: Kysely<Database>,
  rows: DemoWorkspaceRows,
  onProgress?: (progress: DemoLoadProgress) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const tables: [TableName, readonly Record<string, unknown>[]][] = [
    ['teams', rows.teams],
    ['users', rows.users],
    ['campaigns', rows.campaigns],
    ['accounts', rows.accounts],
    ['account_domains', rows.accountDomains],
    ['contacts', rows.contacts],
    ['activities', rows.activities],
    ['opportunities', rows.opportunities],
    ['opportunity_contacts', rows.opportunityContacts],
    ['stage_transitions', rows.stageTransitions],
  ]
  for (const [table, tableRows] of tables) {
    counts[table] = await insertInBatches(db, table, tableRows, onProgress)
  }
  for (const { teamId, managerId } of rows.teamManagers) {
    await db
      .updateTable('teams')
      .set({ manager_id: managerId })
      .where('workspace_id', '=', rows.teams[0]?.workspace_id ?? '')
      .where('id', '=', teamId)
      .execute()
  }
  return counts
}
