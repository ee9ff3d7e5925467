import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/database.ts'
import { acrossWorkspaces } from '../store/workspace-isolation.ts'

// The planner's statistics of tables that have just grown. While they are young (or freshly
// bulk-loaded), the statistics say they are empty, and the planner picks plans (a foreign-key
// check through a low-selectivity index, a whole report repeated once per row of a table it
// thinks holds one) that get slower with every row. Autovacuum, where it runs at all, analyzes
// them too late; the embedded database never runs it.

/** The funnels' milestones, which the database fills from stage moves and deals. */
export const MILESTONE_TABLES: readonly (keyof Database)[] = [
  'lead_milestones',
  'account_milestones',
]

/** The tables event processing fills. */
export const GROWING_TABLES: readonly (keyof Database)[] = [
  'events',
  'contacts',
  'contact_identities',
  'activities',
  'accounts',
  'stage_transitions',
  ...MILESTONE_TABLES,
]

/**
 * Refreshes the planner's statistics of the given tables (by default, those events fill). The
 * statistics are the whole table's, for every workspace: they are gathered outside any one
 * workspace's isolation, as the tables' owner (a workspace's role may not analyse them).
 */
export async function refreshTableStatistics(
  db: Kysely<Database>,
  tables: readonly (keyof Database)[] = GROWING_TABLES,
): Promise<void> {
  if (tables.length === 0) return
  await acrossWorkspaces(() =>
    sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db),
  )
}
