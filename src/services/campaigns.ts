import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CampaignRef } from '../domain/activity-classification.ts'
import type { Database } from '../store/database.ts'

/**
 * Campaign ids by key. Campaigns first seen in tracked events (UTM fields) or imported activities
 * are created from what the reference says of them.
 */
export async function campaignIdsByKey(
  trx: Kysely<Database>,
  ws: string,
  refs: readonly CampaignRef[],
  now: Date,
): Promise<Map<string, string>> {
  const wanted = new Map<string, CampaignRef>()
  for (const ref of refs) if (!wanted.has(ref.key)) wanted.set(ref.key, ref)
  const ids = new Map<string, string>()
  if (wanted.size === 0) return ids
  const keys = [...wanted.keys()]
  const existing = await trx
    .selectFrom('campaigns')
    .select(['id', 'key'])
    .where('workspace_id', '=', ws)
    .where('key', 'in', keys)
    .execute()
  for (const row of existing) ids.set(row.key, row.id)
  const missing = [...wanted.values()].filter((ref) => !ids.has(ref.key))
  if (missing.length === 0) return ids
  await trx
    .insertInto('campaigns')
    .values(
      missing.map((ref) => ({
        workspace_id: ws,
        id: randomUUID(),
        key: ref.key,
        name: ref.name,
        channel: ref.channel,
        utm_source: ref.source ?? null,
        utm_medium: ref.medium ?? null,
        created_at: now,
      })),
    )
    .onConflict((c) => c.columns(['workspace_id', 'key']).doNothing())
    .execute()
  const created = await trx
    .selectFrom('campaigns')
    .select(['id', 'key'])
    .where('workspace_id', '=', ws)
    .where(
      'key',
      'in',
      missing.map((ref) => ref.key),
    )
    .execute()
  for (const row of created) ids.set(row.key, row.id)
  return ids
}
