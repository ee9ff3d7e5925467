import type { Kysely } from 'kysely'
import {
  type ErasableIdentity,
  erasedIdentityHash,
  erasedIdentityKey,
} from '../../domain/erased-identity.ts'
import type { Database } from '../../store/database.ts'

/** Keeps an erased person's identifiers as hashes, so nothing naming them recreates them. */
export async function rememberErasedIdentities(
  trx: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  identities: readonly ErasableIdentity[],
  at: Date,
): Promise<void> {
  if (identities.length === 0) return
  await trx
    .insertInto('erased_identities')
    .values(
      identities.map((identity) => ({
        workspace_id: workspaceId,
        kind: identity.kind,
        value_hash: erasedIdentityHash(workspaceId, identity),
        contact_id: contactId,
        erased_at: at,
      })),
    )
    .onConflict((c) => c.columns(['workspace_id', 'kind', 'value_hash']).doNothing())
    .execute()
}

/** Which of these identifiers belonged to an erased person, by erasedIdentityKey. */
export async function erasedAmong(
  trx: Kysely<Database>,
  workspaceId: string,
  identities: readonly ErasableIdentity[],
): Promise<Set<string>> {
  if (identities.length === 0) return new Set()
  const byHash = new Map(identities.map((i) => [erasedIdentityHash(workspaceId, i), i]))
  const rows = await trx
    .selectFrom('erased_identities')
    .select('value_hash')
    .where('workspace_id', '=', workspaceId)
    .where('value_hash', 'in', [...byHash.keys()])
    .execute()
  return new Set(
    rows.flatMap((r) => {
      const identity = byHash.get(r.value_hash)
      return identity === undefined ? [] : [erasedIdentityKey(identity)]
    }),
  )
}
