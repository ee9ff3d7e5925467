import { type Kysely, sql } from 'kysely'
import type { Database } from '../store/database.ts'

// The tables event processing fills. While they are young, the planner's statistics say they are
// empty, and it picks plans (a foreign-key check through a low-selectivity index, say) that get
// slower with every row; autovacuum, where it runs at all, analyzes them too late.
const GROWING_TABLES = ['events', 'contacts', 'contact_identities', 'activities', 'accounts']

/** Refreshes the planner's statistics of the tables event processing fills. */
export async function refreshTableStatistics(db: Kysely<Database>): Promise<void> {
  await sql`analyze ${sql.raw(GROWING_TABLES.join(', '))}`.execute(db)
}
