import type { Kysely } from 'kysely'
import { surgeChange } from '../../domain/alerts/account-surge.ts'
import { type AccountScoreState, readAccountScore } from '../../domain/scoring/account-score.ts'
import type { Database } from '../../store/database.ts'
import { queueAlert } from './queue-alert.ts'

// After accounts are scored: an account whose momentum crossed the surge line is announced to
// its owner and its SDR, once; one whose momentum fell back is ready for its next surge.

export async function alertSurges(
  trx: Kysely<Database>,
  workspaceId: string,
  accountIds: readonly string[],
  at: Date,
): Promise<number> {
  if (accountIds.length === 0) return 0
  const accounts = await trx
    .selectFrom('accounts')
    .select([
      'id',
      'name',
      'momentum',
      'buying_stage',
      'owner_id',
      'sdr_id',
      'surging_since',
      'score_state',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', accountIds)
    .execute()
  let queued = 0
  for (const a of accounts) {
    const change = surgeChange(
      a.momentum === null ? null : Number(a.momentum),
      a.surging_since !== null,
    )
    if (change === 'none') continue
    await trx
      .updateTable('accounts')
      .set({ surging_since: change === 'started' ? at : null })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', a.id)
      .execute()
    if (change === 'ended') continue
    const thisWeek =
      a.score_state === null
        ? 0
        : readAccountScore(a.score_state as unknown as AccountScoreState, at).momentum.thisWeek
    for (const recipientId of new Set([a.owner_id, a.sdr_id])) {
      if (recipientId === null) continue
      await queueAlert(trx, {
        workspaceId,
        recipientId,
        kind: 'surge',
        values: {
          account: a.name,
          momentum: `${Number(a.momentum).toFixed(1)} times`,
          thisWeek,
          stage: a.buying_stage ?? 'not yet known',
        },
        entityType: 'account',
        entityId: a.id,
        at,
      })
      queued += 1
    }
  }
  return queued
}
