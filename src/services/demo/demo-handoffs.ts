import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { activeContracts } from '../contracts.ts'
import { type HandoffCounts, handOffAfterScoring } from '../handoff/handoff-after-scoring.ts'

// When the demo starts, its most engaged leads have just been through its rules, as the event
// processor puts every scored person through them: those that qualify are MQLs waiting for their
// owners' answer, so the dashboard's radar and queue show work at once.

/** How many of the most engaged leads the demo puts through its rules at its creation. */
export const DEMO_HOTTEST_LEADS = 8

export async function handOffHottestLeads(
  db: Kysely<Database>,
  workspaceId: string,
  at: Date,
  count = DEMO_HOTTEST_LEADS,
): Promise<HandoffCounts> {
  const leads = await db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('lifecycle_stage', 'in', ['inquiry', 'lead', 'recycled'])
    .orderBy('engagement_score', 'desc')
    .orderBy('id')
    .limit(count)
    .execute()
  return db.transaction().execute(async (trx) => {
    const contracts = await activeContracts(trx, workspaceId)
    const scored = { contactIds: leads.map((l) => l.id), accountIds: [] }
    return handOffAfterScoring(trx, workspaceId, scored, contracts, at)
  })
}
